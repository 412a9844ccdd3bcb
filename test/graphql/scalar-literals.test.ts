// Variables inside a literal of a JSON scalar (JSON, JSONObject) keep their values: compiled
// execution (graphql-jit) would parse such a literal once without the variables and drop them
// silently (complaining on stderr), so those documents run on graphql-js (src/graphql-jit.ts).
import { parse } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { hasJsonLiteral } from '../../src/graphql-jit.ts';
import { schema } from '../../src/schema/index.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { executeAs } from '../helpers/graphql.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

const SET_WITH_VARIABLES = `mutation($theme: String, $n: Int) {
  setPreferences(input: { preferences: { theme: $theme, nested: { n: $n, list: [$n, 2] }, fixed: 1 } }) {
    __typename ... on MutationSetPreferencesSuccess { data { preferences } }
  }
}`;

describe('variables inside scalar literals', () => {
  it('are resolved per request, every time the document runs, with nothing on stderr', async () => {
    const stderr = vi.spyOn(console, 'error');
    const actor = await seedActor();
    for (const [theme, n] of [['dark', 7], ['light', 8], ['dark', 9]] as const) {
      const result = await executeAs<{ setPreferences: { data: { preferences: unknown } } }, object>(actor, SET_WITH_VARIABLES, { theme, n });
      expect(result.errors).toBeUndefined();
      expect(result.data!.setPreferences.data.preferences).toEqual({ theme, nested: { n, list: [n, 2] }, fixed: 1 });
    }
    expect(stderr).not.toHaveBeenCalled();
    stderr.mockRestore();
  });

  it('a list of ids with a variable inside (a built-in scalar) stays compiled and correct', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    const result = await executeAs<{ tasks: { totalCount: number } }, object>(actor, 'query($t: ID!) { tasks(filter: { ids: [$t] }) { totalCount } }', { t: task.id });
    expect(result.data).toEqual({ tasks: { totalCount: 1 } });
  });

  it('a whole scalar value as a variable, and literals without variables, run as before', async () => {
    const actor = await seedActor();
    const whole = await executeAs<{ setPreferences: { data: { preferences: unknown } } }, object>(
      actor,
      `mutation($p: JSONObject!) { setPreferences(input: { preferences: $p }) { ... on MutationSetPreferencesSuccess { data { preferences } } } }`,
      { p: { a: { b: [1, 'x'] } } },
    );
    expect(whole.data!.setPreferences.data.preferences).toEqual({ a: { b: [1, 'x'] } });
    const literal = await executeAs<{ setPreferences: { data: { preferences: unknown } } }, object>(
      actor,
      `mutation { setPreferences(input: { preferences: { c: "lit", d: [true, null] } }) { ... on MutationSetPreferencesSuccess { data { preferences } } } }`,
    );
    expect(literal.data!.setPreferences.data.preferences).toEqual({ a: { b: [1, 'x'] }, c: 'lit', d: [true, null] });
  });

  it.each([
    [SET_WITH_VARIABLES, true],
    ['mutation($p: JSONObject!) { setPreferences(input: { preferences: $p }) { __typename } }', false],
    ['mutation { setPreferences(input: { preferences: { a: 1 } }) { __typename } }', true],
    // variables in typed input objects are compiled fine
    ['mutation($id: ID!, $name: String) { updateTask(input: { taskId: $id, name: $name }) { __typename } }', false],
    ['query($t: ID!) { tasks(filter: { ids: [$t] }) { totalCount } }', false],
    ['mutation($v: Int) { setPreferences(input: { preferences: { list: [1, $v] } }) { __typename } }', true],
  ])('%s → run on graphql-js: %s', (source, expected) => {
    expect(hasJsonLiteral(schema, parse(source))).toBe(expected);
  });
});
