// Pothos set-up only: plugins, scalars, context. Entity files add types, queries and mutations.
import { GraphQLScalarType } from 'graphql';
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONObjectResolver, JSONResolver } from 'graphql-scalars';
import { db } from '../db.ts';
import { isoString } from '../iso-date.ts';
import type PrismaTypes from '../generated/pothos-types.ts';
import { getDatamodel } from '../generated/pothos-types.ts';
import type { Actor } from '../resolvers/context.ts';
import { DomainError } from '../resolvers/errors.ts';

export interface GraphQLContext {
  actor: Actor;
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
  };
}>({
  plugins: [ErrorsPlugin, PrismaPlugin, RelayPlugin], // errors must come before prisma
  defaultFieldNullability: false,
  errors: { defaultTypes: [DomainError] },
  relay: { clientMutationId: 'omit', cursorType: 'String' },
  prisma: {
    // The client is created at start-up; plugin-prisma resolves it lazily per request.
    client: () => db,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    // A resolver may legitimately skip its planned query (empty id list, only __typename selected);
    // N+1 and over-fetching are caught by the statement-count tests instead.
    onUnusedQuery: null,
  },
});

builder.queryType();
builder.mutationType();
// graphql-scalars' DateTime, serialised straight to its ISO string: the same JSON, without
// JSON.stringify calling each Date's toJSON (a slow path when a page carries hundreds of them).
// Valid Dates (what the domain returns) are printed directly; anything else is checked and
// converted by graphql-scalars, which refuses invalid dates and values.
builder.addScalarType(
  'DateTime',
  new GraphQLScalarType({
    ...DateTimeResolver.toConfig(),
    serialize: (value) => {
      if (value instanceof Date && !Number.isNaN(value.getTime())) return isoString(value);
      const serialized = DateTimeResolver.serialize(value);
      return serialized instanceof Date ? isoString(serialized) : serialized;
    },
  }),
);
builder.addScalarType('JSON', JSONResolver);
builder.addScalarType('JSONObject', JSONObjectResolver);
