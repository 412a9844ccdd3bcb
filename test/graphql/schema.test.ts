import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSchemaFile, schemaFile } from '../../src/schema/print.ts';

describe('schema.graphql', () => {
  it('matches the schema built from src/schema (run `npm run schema:print` after changing it)', () => {
    expect(fs.readFileSync(schemaFile, 'utf8')).toBe(printSchemaFile());
  });
});

describe('task columns', () => {
  it('every field of the Task type says which columns it reads', async () => {
    const { schema } = await import('../../src/schema/index.ts');
    const { taskFieldColumns } = await import('../../src/schema/task-columns.ts');
    const task = schema.getType('Task') as import('graphql').GraphQLObjectType;
    expect(Object.keys(task.getFields()).sort()).toEqual(Object.keys(taskFieldColumns).sort());
  });
});
