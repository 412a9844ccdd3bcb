// The DateTime scalar answers with the same ISO-8601 UTC strings graphql-scalars' DateTime gives
// once JSON-encoded, already as strings (so JSON.stringify does not call each Date's toJSON).
import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';

const dateTime = schema.getType('DateTime') as GraphQLScalarType;

describe('DateTime scalar', () => {
  it('serialises Dates, date-time strings and epoch numbers to the JSON of graphql-scalars', () => {
    for (const value of [new Date(Date.UTC(2026, 10, 27, 8, 51, 2, 7)), '2026-11-27T10:51:02.007+02:00', '2026-11-27T08:51:02Z', 1795000000123]) {
      const ours = dateTime.serialize(value);
      expect(typeof ours).toBe('string');
      expect(JSON.stringify(ours)).toBe(JSON.stringify(DateTimeResolver.serialize(value)));
    }
    expect(dateTime.serialize(new Date(Date.UTC(2026, 10, 27, 8, 51, 2, 7)))).toBe('2026-11-27T08:51:02.007Z');
  });

  it('refuses what graphql-scalars refuses, and parses inputs as it does', () => {
    for (const bad of [new Date(NaN), 'yesterday', true]) {
      expect(() => dateTime.serialize(bad)).toThrow();
      expect(() => DateTimeResolver.serialize(bad)).toThrow();
    }
    expect(dateTime.parseValue('2026-11-27T08:51:02.007Z')).toEqual(DateTimeResolver.parseValue('2026-11-27T08:51:02.007Z'));
  });
});
