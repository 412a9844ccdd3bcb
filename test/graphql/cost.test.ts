// The operation cost plan (src/graphql-cost.ts): exact complexity, depth and breadth for page sizes
// given literally, by variables (with defaults and explicit nulls) or not at all, for lists,
// connections, fragments spread several times, union results and introspection fields; the plan
// of a cached document is reused with other variables; a fragment chain that expands to ten
// billion fields is costed without expanding it.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationCost } from '../../src/graphql-cost.ts';
import { schema } from '../../src/schema/index.ts';

const cost = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  operationCost(schema, parse(query), operationName, variables);

describe('operation cost', () => {
  it('multiplies a selection by first/last, or by an assumed page, list or single item', () => {
    // node = 1 + (id + name); edges = 1 + node (counted once); tasks = 1 + edges × 5
    expect(cost('{ tasks(first: 5) { edges { node { id name } } } }')).toEqual({ complexity: 21, depth: 4, breadth: 5 });
    expect(cost('{ tasks(last: 3) { edges { node { id } } } }')).toMatchObject({ complexity: 10 });
    expect(cost('{ tasks(first: null, last: 4) { edges { node { id } } } }')).toMatchObject({ complexity: 13 });
    expect(cost('{ tasks(first: 2, last: 9) { edges { node { id } } } }')).toMatchObject({ complexity: 7 });
    expect(cost('{ tasks(first: 0) { edges { node { id } } } }')).toMatchObject({ complexity: 4 }); // at least 1
    expect(cost('{ tasks { edges { node { id } } } }')).toMatchObject({ complexity: 1 + 3 * 50 }); // assumed page
    // a list field without first/last: 10 items assumed
    expect(cost('{ task(id: "x") { artifacts { key uri } } }')).toEqual({ complexity: 1 + (1 + 2 * 10), depth: 3, breadth: 4 });
  });

  it('takes page sizes from variables, their defaults and explicit nulls, per request on one plan', () => {
    const document = parse('query($n: Int = 7, $m: Int) { tasks(first: $n, last: $m) { edges { node { id } } } }');
    const of = (variables: Record<string, unknown>) => operationCost(schema, document, undefined, variables)?.complexity;
    expect(of({})).toBe(1 + 3 * 7);
    expect(of({ n: 100 })).toBe(1 + 3 * 100);
    expect(of({ n: null })).toBe(1 + 3 * 50); // null overrides the default: no page size given
    expect(of({ n: null, m: 4 })).toBe(1 + 3 * 4);
    expect(of({ n: 2 })).toBe(1 + 3 * 2);
    expect(of({ n: 'many' })).toBe(1 + 3 * 50); // refused by execution anyway
  });

  it('counts fragments where they are spread, union results by their fragments, and __typename as a field', () => {
    expect(cost('{ ...F ...F } fragment F on Query { tasks(first: 2) { edges { node { id } } } }')).toEqual({ complexity: 14, depth: 4, breadth: 8 });
    expect(
      cost('mutation { startTask(input: { taskId: "x" }) { __typename ... on MutationStartTaskSuccess { data { id } } } }'),
    ).toEqual({ complexity: 4, depth: 3, breadth: 4 });
    expect(cost('{ __typename }')).toEqual({ complexity: 1, depth: 1, breadth: 1 });
  });

  it('costs the named operation, and nothing for an operation the document does not have', () => {
    const query = 'query A { tasks(first: 1) { edges { node { id } } } } query B { tasks(first: 9) { edges { node { id } } } }';
    expect(cost(query, {}, 'A')?.complexity).toBe(4);
    expect(cost(query, {}, 'B')?.complexity).toBe(28);
    expect(cost(query, {}, 'C')).toBeUndefined();
    expect(cost(query, {})).toBeUndefined(); // two operations and no name
  });

  it('costs a fragment chain expanding to ten billion fields without expanding it', () => {
    // expanded, this would not finish within the test's timeout
    const levels = Array.from({ length: 10 }, (_, i) =>
      `fragment F${i} on Query { ${Array.from({ length: 10 }, () => (i === 9 ? '__typename' : `...F${i + 1}`)).join(' ')} }`,
    );
    expect(cost(`{ ...F0 } ${levels.join(' ')}`)).toEqual({ complexity: 1e10, depth: 1, breadth: 1e10 });
  });
});
