import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSchemaFile, schemaFile } from '../../src/schema/print.ts';

describe('schema.graphql', () => {
  it('matches the schema built from src/schema (run `npm run schema:print` after changing it)', () => {
    expect(fs.readFileSync(schemaFile, 'utf8')).toBe(printSchemaFile());
  });
});
