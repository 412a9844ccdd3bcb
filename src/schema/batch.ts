// Per-request batching of field resolvers: every key asked for while one GraphQL request resolves a
// level of the result is loaded together, by ONE domain call (e.g. the stats of all projects of a
// page in one aggregate statement instead of one per project).
import type { GraphQLContext } from './builder.ts';

interface Batch {
  keys: Set<string>;
  result: Promise<Map<string, unknown>>;
}

const pending = new WeakMap<GraphQLContext, Map<string, Batch>>();

/**
 * The value of `key` from `load`, called once with every key of the same `name` requested in this
 * context before the current tick's resolvers finish.
 */
export async function loadBatched<V>(
  context: GraphQLContext,
  name: string,
  key: string,
  load: (keys: string[]) => Promise<Map<string, V>>,
): Promise<V | undefined> {
  let batches = pending.get(context);
  if (!batches) pending.set(context, (batches = new Map()));
  let batch = batches.get(name);
  if (!batch) {
    const keys = new Set<string>();
    const owner = batches;
    const result = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      owner.delete(name); // later requests for this name start a new batch
      return load([...keys]) as Promise<Map<string, unknown>>;
    });
    batch = { keys, result };
    batches.set(name, batch);
  }
  batch.keys.add(key);
  return (await batch.result).get(key) as V | undefined;
}
