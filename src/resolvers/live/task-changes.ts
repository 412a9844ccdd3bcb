// Live task changes of one (company, filter): told which task ids changed, it reads them with ONE
// listing query (the listing of tasks/query.ts restricted to those ids) for all its subscribers and
// publishes each as UPSERT (matches the filter) or REMOVED (deleted, not visible, or no longer
// matching). Talks to the database through listTasks only.
import type { Actor } from '../context.ts';
import { listTasks, type TaskFilter } from '../tasks/query.ts';
import { SharedSource } from './stream.ts';

export interface TaskChange {
  kind: 'UPSERT' | 'REMOVED';
  id: string;
  /** All columns of the task (Prisma field names); null when REMOVED. */
  task: Record<string, unknown> | null;
}

/** Ids read per statement. Chunks are padded to a few fixed sizes so the statement texts (and
 * the prepared statements of the read path) stay few. */
const CHUNK_SIZES = [1, 8, 64, 512] as const;
/** Ids whose last published state a source remembers (to publish REMOVED once, not repeatedly). */
const REMEMBERED_IDS = 50_000;

/** Never a task id (ids match [\w.:-]+), so padding never matches a row. */
const padId = (i: number) => ` pad${i}`;

/**
 * Listing statements run by task-change sources, with the last ids each read (tests check that
 * subscribers share them). Bounded: only the most recent reads' ids are kept.
 */
export const taskChangeReads = { count: 0, recent: [] as (readonly string[])[] };

export class TaskChangesSource extends SharedSource<TaskChange> {
  readonly actor: Actor;
  readonly filter: TaskFilter;
  /** Set once the filter has been checked by the database (a malformed regex fails here). */
  readonly ready: Promise<void>;
  private readonly pending = new Set<string>();
  /** true: last published as UPSERT; false: as REMOVED. Oldest first (an LRU). */
  private readonly published = new Map<string, boolean>();

  constructor(actor: Actor, filter: TaskFilter) {
    super();
    this.actor = actor;
    this.filter = filter;
    this.ready = listTasks(actor, { filter, select: { id: true }, paging: { kind: 'keyset', first: 1 } }).then(() => {});
    this.ready.catch(() => {}); // awaited by the subscribers; a failure ends them there
  }

  /** Tasks `ids` changed (inserted, updated or deleted). */
  changed(ids: readonly string[]) {
    for (const id of ids) this.pending.add(id);
    this.request();
  }

  protected async flush() {
    await this.ready;
    const ids = [...this.pending];
    this.pending.clear();
    try {
      for (let start = 0; start < ids.length; ) {
        const size = CHUNK_SIZES.find((n) => n >= ids.length - start) ?? CHUNK_SIZES.at(-1)!;
        const chunk = ids.slice(start, start + size);
        start += chunk.length;
        await this.read(chunk, size);
      }
    } catch (error) {
      for (const id of ids) this.pending.add(id);
      throw error;
    }
  }

  private async read(ids: string[], size: number) {
    const filter = restrictToIds(this.filter, ids, size);
    const rows = filter ? (await this.list(filter)).rows : [];
    const found = new Set<string>();
    for (const task of rows) {
      const id = task.id as string;
      found.add(id);
      this.remember(id, true);
      this.publish({ kind: 'UPSERT', id, task });
    }
    for (const id of ids) {
      if (found.has(id) || this.published.get(id) === false) continue;
      this.remember(id, false);
      this.publish({ kind: 'REMOVED', id, task: null });
    }
  }

  private list(filter: TaskFilter) {
    taskChangeReads.count++;
    taskChangeReads.recent.push(filter.ids?.include ?? []);
    if (taskChangeReads.recent.length > 100) taskChangeReads.recent.shift();
    return listTasks(this.actor, { filter, paging: { kind: 'all' } });
  }

  private remember(id: string, matching: boolean) {
    this.published.delete(id);
    this.published.set(id, matching);
    if (this.published.size > REMEMBERED_IDS) this.published.delete(this.published.keys().next().value!);
  }
}

/**
 * The filter narrowed to `ids` (padded to `size` ids); undefined when the filter's own id list
 * leaves none of them.
 */
function restrictToIds(filter: TaskFilter, ids: string[], size: number): TaskFilter | undefined {
  const own = filter.ids;
  let include = ids;
  if (own && own.include.length > 0) {
    const allowed = new Set(own.include);
    include = ids.filter((id) => allowed.has(id));
    if (include.length === 0) return undefined;
  }
  const padded = [...include];
  for (let i = 0; padded.length < size; i++) padded.push(padId(i));
  return { ...filter, ids: { include: padded, exclude: own?.exclude ?? [], includeEmpty: false } };
}

/** The key of a filter: subscribers of the same company and filter share one source. */
export function filterKey(companyId: string, filter: TaskFilter): string {
  return JSON.stringify([companyId, filter]);
}
