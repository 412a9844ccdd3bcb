// Queues (neighbours spec B.3): the one service for a company's task queues. Responsible for the
// company scoping, the name rules, the entry order (rank) and the atomic pop; every entry change
// bumps `last_update` and records a queue-metrics sample of the queue as it was just before the
// change (queue-metrics.ts). Talks to Prisma; the task lifecycle (tasks/lifecycle.ts) uses
// appendToQueue/removeFromQueue inside its own transactions.
import { db, Prisma } from '../db.ts';
import type { Queue } from '../generated/prisma/client.ts';
import type { Actor } from './context.ts';
import { DomainError, NotFoundError, TaskNotFoundError, ValidationError } from './errors.ts';
import { newId } from './ids.ts';
import { checkId, type Tx } from './tasks/access.ts';
import { checkName, checkTags } from './tasks/inputs.ts';
import type { ListFilter } from './tasks/query.ts';
import { sampleBeforeChange } from './queue-metrics.ts';

export interface QueueEntryView {
  taskId: string;
  added: Date;
}

/** A queue with its entries, head first. */
export interface QueueWithEntries extends Queue {
  entries: QueueEntryView[];
}

export interface QueueInput {
  name: string;
  tags?: string[] | null;
  systemTags?: string[] | null;
}

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

function duplicateName(actor: Actor, name: string) {
  return new DomainError('ALREADY_EXISTS', `a queue named "${name}" already exists`, { company: actor.companyId, name });
}

const queueNotFound = (actor: Actor, id: string) =>
  new NotFoundError('QUEUE_NOT_FOUND', 'Queue', [id], `company=${actor.companyId}`);

/** Creates a queue of the caller's company. Names are trimmed, ≥ 3 characters, unique per company. */
export async function createQueue(actor: Actor, input: QueueInput): Promise<Queue> {
  const name = checkName(input.name);
  const now = new Date();
  try {
    return await db.queue.create({
      data: {
        id: newId(),
        companyId: actor.companyId,
        name,
        tags: checkTags('tags', input.tags) ?? [],
        systemTags: checkTags('system_tags', input.systemTags) ?? [],
        created: now,
        lastUpdate: now,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(actor, name);
    throw error;
  }
}

/** The queue `id` of the caller's company (QUEUE_NOT_FOUND otherwise: queues are never public). */
async function getOwnQueue(actor: Actor, id: string, client: Tx = db): Promise<Queue> {
  checkId('queue', id);
  const queue = await client.queue.findFirst({ where: { id, companyId: actor.companyId } });
  if (!queue) throw queueNotFound(actor, id);
  return queue;
}

const entriesInclude = {
  entries: { orderBy: [{ rank: 'asc' }, { id: 'asc' }], select: { taskId: true, added: true } },
} as const satisfies Prisma.QueueInclude;

/** What to load with queues: a Prisma select/include (GraphQL passes its selection). */
export type QueueQuery = { select?: Prisma.QueueSelect; include?: Prisma.QueueInclude };

/** The default read: the queue with its entries, head first. */
export const WITH_ENTRIES: QueueQuery = Object.freeze({ include: entriesInclude });

/** One queue of the caller's company loaded with `query`, or null (queues are never public). */
export async function findQueue<T = QueueWithEntries>(actor: Actor, id: string, query: QueueQuery = WITH_ENTRIES): Promise<T | null> {
  checkId('queue', id);
  const queue = await db.queue.findFirst({ ...query, where: { id, companyId: actor.companyId } } as Prisma.QueueFindFirstArgs);
  return queue as T | null;
}

/** One queue of the caller's company with its entries (QUEUE_NOT_FOUND otherwise). */
export async function getQueue<T = QueueWithEntries>(actor: Actor, id: string, query: QueueQuery = WITH_ENTRIES): Promise<T> {
  const queue = await findQueue<T>(actor, id, query);
  if (!queue) throw queueNotFound(actor, id);
  return queue;
}

/**
 * The company's default queue: the single queue tagged `default`. NO_DEFAULT_QUEUE when there is
 * none, MULTIPLE_DEFAULT_QUEUES when several carry the tag.
 */
export async function getDefaultQueue(actor: Actor, client: Tx = db): Promise<{ id: string; name: string }> {
  const queues = await client.queue.findMany({
    where: { companyId: actor.companyId, systemTags: { has: 'default' } },
    select: { id: true, name: true },
    orderBy: { id: 'asc' },
  });
  if (queues.length === 0) {
    throw new DomainError('NO_DEFAULT_QUEUE', 'No queue is tagged as the default queue for this company');
  }
  if (queues.length > 1) {
    throw new DomainError(
      'MULTIPLE_DEFAULT_QUEUES',
      'More than one queue is tagged as the default queue for this company',
      { queues: queues.map((q) => q.id) },
    );
  }
  return queues[0]!;
}

// ---- listing ------------------------------------------------------------------------------------

export interface QueueFilter {
  ids?: ListFilter;
  tags?: ListFilter;
  systemTags?: ListFilter;
  /** Case-sensitive regular expression matched anywhere in the name. */
  name?: string;
}

export interface QueueListQuery {
  filter?: QueueFilter;
  /** Field names (id, name, created, last_update) with an optional leading `-`; empty values last. */
  orderBy?: string[];
  page?: { page: number; pageSize: number };
}

const orderColumns: Record<string, string> = {
  id: 'id',
  name: 'name',
  created: 'created',
  last_update: 'last_update',
  lastUpdate: 'last_update',
  company: 'company',
  tags: 'tags',
  system_tags: 'system_tags',
  systemTags: 'system_tags',
};

function listCondition(column: string, array: boolean, filter: ListFilter | undefined): Prisma.Sql | undefined {
  if (!filter) return undefined;
  const ref = Prisma.raw(`q."${column}"`);
  const parts: Prisma.Sql[] = [];
  const include = filter.include.filter(Boolean);
  const exclude = filter.exclude.filter(Boolean);
  if (include.length) {
    parts.push(array ? Prisma.sql`${ref} && ARRAY[${Prisma.join(include)}]::text[]` : Prisma.sql`${ref} IN (${Prisma.join(include)})`);
  }
  if (exclude.length) {
    parts.push(array ? Prisma.sql`NOT (${ref} && ARRAY[${Prisma.join(exclude)}]::text[])` : Prisma.sql`${ref} NOT IN (${Prisma.join(exclude)})`);
  }
  let condition = parts.length ? Prisma.join(parts, ' AND ') : undefined;
  if (filter.includeEmpty) {
    const empty = array ? Prisma.sql`cardinality(${ref}) = 0` : Prisma.sql`${ref} IS NULL`;
    condition = condition ? Prisma.sql`((${condition}) OR ${empty})` : empty;
  }
  return condition;
}

/**
 * Queues of the caller's company matching `filter` (list filters with exclusions and `null` =
 * empty, case-sensitive name regex), ordered (empty values last) and paged, with their entries.
 */
export async function listQueues<T = QueueWithEntries>(
  actor: Actor,
  query: QueueListQuery = {},
  load: QueueQuery = WITH_ENTRIES,
): Promise<T[]> {
  const { filter = {} } = query;
  const conditions: Prisma.Sql[] = [Prisma.sql`q."company" = ${actor.companyId}`];
  for (const condition of [
    listCondition('id', false, filter.ids),
    listCondition('tags', true, filter.tags),
    listCondition('system_tags', true, filter.systemTags),
  ]) {
    if (condition) conditions.push(condition);
  }
  if (filter.name) {
    try {
      new RegExp(filter.name);
    } catch {
      throw new ValidationError('name', 'malformed regular expression', 'INVALID_REGEX');
    }
    conditions.push(Prisma.sql`q."name" ~ ${filter.name}`);
  }
  const order = (query.orderBy ?? []).filter((item) => item !== '').map((item) => {
    const descending = item.startsWith('-');
    const field = descending ? item.slice(1) : item;
    const column = orderColumns[field];
    if (!column) throw new ValidationError('order_by', `unknown field ${field}`, 'UNKNOWN_FIELD');
    const ref = Prisma.raw(`q."${column}"`);
    const empty = column === 'tags' || column === 'system_tags'
      ? Prisma.sql`(cardinality(${ref}) = 0)`
      : Prisma.sql`(NULLIF(${ref}::text, '') IS NULL)`;
    return Prisma.sql`${empty}, ${ref} ${Prisma.raw(descending ? 'DESC' : 'ASC')}`;
  });
  order.push(Prisma.sql`q."created" ASC, q."id" ASC`);
  let paging = Prisma.empty;
  if (query.page) {
    const { page, pageSize } = query.page;
    if (!Number.isInteger(page) || page < 0) throw new ValidationError('page', 'page must be >=0', 'INVALID_INPUT');
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new ValidationError('page_size', 'page_size must be >0', 'INVALID_INPUT');
    paging = Prisma.sql`LIMIT ${pageSize} OFFSET ${page * pageSize}`;
  }
  let rows: { id: string }[];
  try {
    rows = await db.$queryRaw<{ id: string }[]>`
      SELECT q."id" FROM "queue" q WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY ${Prisma.join(order)} ${paging}`;
  } catch (error) {
    const code = (error as { meta?: { code?: string } }).meta?.code;
    if (code === '2201B') throw new ValidationError('name', 'malformed regular expression', 'INVALID_REGEX');
    throw error;
  }
  if (rows.length === 0) return [];
  const queues = (await db.queue.findMany({
    ...(load.select ? { select: { ...load.select, id: true } } : load),
    where: { id: { in: rows.map((r) => r.id) } },
  } as Prisma.QueueFindManyArgs)) as unknown as (T & { id: string })[];
  const byId = new Map(queues.map((q) => [q.id, q]));
  return rows.map((r) => byId.get(r.id)).filter((q): q is T & { id: string } => q !== undefined);
}

export interface QueueWorkerView {
  workerId: string;
  ip: string | null;
  task: { id: string; name: string } | null;
}

export interface QueueDetails extends Queue {
  entries: { task: { id: string; name: string | null }; added: Date }[];
  /** Registered (unexpired) workers of the company listening on the queue. */
  workers: QueueWorkerView[];
}

/**
 * listQueues with each entry's task expanded to `{id, name}` (name null when the task is gone) and
 * the company's live workers that listen on each queue.
 */
export async function listQueuesWithDetails(actor: Actor, query: QueueListQuery = {}): Promise<QueueDetails[]> {
  const queues = await listQueues(actor, query);
  if (queues.length === 0) return [];
  const taskIds = new Set(queues.flatMap((q) => q.entries.map((e) => e.taskId)));
  const workers = await db.worker.findMany({
    where: { companyId: actor.companyId, expires: { gt: new Date() }, queues: { hasSome: queues.map((q) => q.id) } },
    orderBy: [{ workerId: 'asc' }, { userId: 'asc' }],
  });
  for (const worker of workers) if (worker.taskId) taskIds.add(worker.taskId);
  const tasks = taskIds.size
    ? await db.task.findMany({ where: { id: { in: [...taskIds] } }, select: { id: true, name: true } })
    : [];
  const names = new Map(tasks.map((t) => [t.id, t.name]));
  return queues.map((queue) => ({
    ...queue,
    entries: queue.entries.map((e) => ({ task: { id: e.taskId, name: names.get(e.taskId) ?? null }, added: e.added })),
    workers: workers
      .filter((w) => w.queues.includes(queue.id))
      .map((w) => ({
        workerId: w.workerId,
        ip: w.ip,
        task: w.taskId ? { id: w.taskId, name: names.get(w.taskId) ?? '' } : null,
      })),
  }));
}

// ---- update / delete ------------------------------------------------------------------------------

export interface QueueUpdate {
  name?: string | null;
  tags?: string[] | null;
  systemTags?: string[] | null;
}

/**
 * Writes the members given (name rules as on create). `last_update` is not touched: it tracks
 * entry changes only. Returns the written values.
 */
export async function updateQueue(actor: Actor, id: string, input: QueueUpdate): Promise<{ updated: number; fields: Partial<Queue> }> {
  await getOwnQueue(actor, id);
  const fields: Partial<Pick<Queue, 'name' | 'tags' | 'systemTags'>> = {};
  if (input.name !== undefined && input.name !== null) fields.name = checkName(input.name);
  const tags = checkTags('tags', input.tags);
  if (tags) fields.tags = tags;
  const systemTags = checkTags('system_tags', input.systemTags);
  if (systemTags) fields.systemTags = systemTags;
  if (Object.keys(fields).length === 0) return { updated: 0, fields };
  try {
    const { count } = await db.queue.updateMany({ where: { id, companyId: actor.companyId }, data: fields });
    return { updated: count, fields };
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(actor, fields.name!);
    throw error;
  }
}

/**
 * Deletes a queue. A queue that still has entries needs `force` (QUEUE_NOT_EMPTY). The tasks that
 * were in it keep status `queued`; note that their queue reference is cleared by the database
 * (task.queue references queue with ON DELETE SET NULL).
 */
export async function deleteQueue(actor: Actor, id: string, force = false): Promise<void> {
  await db.$transaction(async (tx) => {
    await getOwnQueue(actor, id, tx);
    // entries first, then the queue row: the same lock order as pops (entry, then queue)
    if (force) {
      await tx.queueEntry.deleteMany({ where: { queueId: id } });
    } else if ((await tx.queueEntry.count({ where: { queueId: id } })) > 0) {
      throw new DomainError('QUEUE_NOT_EMPTY', 'Queue is not empty (use force=true to delete)', { id });
    }
    const { count } = await tx.queue.deleteMany({ where: { id, companyId: actor.companyId } });
    if (count === 0) throw queueNotFound(actor, id);
  });
}

// ---- entries --------------------------------------------------------------------------------------

/**
 * Appends `taskId` at the tail of the queue (a statement on `client`, so a caller's transaction can
 * include it): records the metrics sample, inserts, bumps last_update. TASK_ALREADY_QUEUED when the
 * queue already holds the task, TASK_NOT_FOUND when the company cannot see such a task (the entry
 * references the task row, and entries are shown with their task's name).
 */
export async function appendToQueue(client: Tx, companyId: string, queueId: string, taskId: string): Promise<Date> {
  const now = new Date();
  const [row] = await client.$queryRaw<{ added: number; task_exists: boolean }[]>`
    WITH ${sampleBeforeChange(companyId, queueId, now)},
    target AS (SELECT "id" FROM "task" WHERE "id" = ${taskId} AND ("company" = ${companyId} OR "company" IS NULL)),
    added AS (
      INSERT INTO "queue_entry" ("queue", "task", "added", "rank")
      SELECT ${queueId}, t."id", ${now}::timestamptz,
        COALESCE((SELECT max("rank") FROM "queue_entry" WHERE "queue" = ${queueId}), 0) + 1
      FROM target t
      ON CONFLICT ("queue", "task") DO NOTHING
      RETURNING "id"
    ),
    sample AS (INSERT INTO "queue_metric" ("company", "queue", "timestamp", "queue_length", "average_waiting_time")
      SELECT * FROM before WHERE EXISTS (SELECT 1 FROM added)),
    touched AS (UPDATE "queue" SET "last_update" = ${now}::timestamptz
      WHERE "id" = ${queueId} AND EXISTS (SELECT 1 FROM added))
    SELECT (SELECT count(*)::int FROM added) AS "added", EXISTS (SELECT 1 FROM target) AS "task_exists"`;
  if (!row!.task_exists) throw new TaskNotFoundError(taskId);
  if (row!.added === 0) {
    throw new DomainError('TASK_ALREADY_QUEUED', 'Failed adding task to queue since task is already queued', {
      taskId,
      queueId,
    });
  }
  return now;
}

/**
 * Removes every entry of `taskId` from the queue (a statement on `client`); when something was
 * removed, records the metrics sample and bumps last_update. Returns the number of entries removed.
 */
export async function removeFromQueue(client: Tx, companyId: string, queueId: string, taskId: string): Promise<number> {
  const now = new Date();
  const [row] = await client.$queryRaw<{ removed: number }[]>`
    WITH ${sampleBeforeChange(companyId, queueId, now)},
    removed AS (DELETE FROM "queue_entry" WHERE "queue" = ${queueId} AND "task" = ${taskId} RETURNING "id"),
    sample AS (INSERT INTO "queue_metric" ("company", "queue", "timestamp", "queue_length", "average_waiting_time")
      SELECT * FROM before WHERE EXISTS (SELECT 1 FROM removed)),
    touched AS (UPDATE "queue" SET "last_update" = ${now}::timestamptz
      WHERE "id" = ${queueId} AND EXISTS (SELECT 1 FROM removed))
    SELECT count(*)::int AS "removed" FROM removed`;
  return row!.removed;
}

/**
 * Appends a task to a queue of the caller's company without touching the task (its status is not
 * checked; the task must only be visible to the caller: own or public). TASK_ALREADY_QUEUED when it
 * is already there.
 */
export async function addTaskToQueue(actor: Actor, queueId: string, taskId: string): Promise<QueueEntryView> {
  checkId('task', taskId);
  await getOwnQueue(actor, queueId);
  const added = await appendToQueue(db, actor.companyId, queueId, taskId);
  return { taskId, added };
}

/**
 * Atomically removes and returns the head entry of a queue of the caller's company, or null when
 * the queue is empty. One statement: the head row is locked with SKIP LOCKED, so concurrent callers
 * (in any number of server processes) each get a different entry and every entry is served once.
 * The task itself is not changed (the worker calls tasks.started).
 */
export async function popQueue(actor: Actor, queueId: string): Promise<QueueEntryView | null> {
  checkId('queue', queueId);
  const now = new Date();
  // The company check rides along in the same statement (the hot path of every worker).
  const [row] = await db.$queryRaw<{ found: boolean; task: string | null; added: Date | null }[]>`
    WITH own AS (SELECT "id" FROM "queue" WHERE "id" = ${queueId} AND "company" = ${actor.companyId}),
    ${sampleBeforeChange(actor.companyId, queueId, now)},
    head AS (
      SELECT "id" FROM "queue_entry" WHERE "queue" = (SELECT "id" FROM own)
      ORDER BY "rank", "id" LIMIT 1 FOR UPDATE SKIP LOCKED
    ),
    popped AS (DELETE FROM "queue_entry" WHERE "id" = (SELECT "id" FROM head) RETURNING "task", "added"),
    sample AS (INSERT INTO "queue_metric" ("company", "queue", "timestamp", "queue_length", "average_waiting_time")
      SELECT * FROM before WHERE EXISTS (SELECT 1 FROM popped)),
    touched AS (UPDATE "queue" SET "last_update" = ${now}::timestamptz
      WHERE "id" = ${queueId} AND EXISTS (SELECT 1 FROM popped))
    SELECT EXISTS (SELECT 1 FROM own) AS "found", p."task", p."added"
    FROM (SELECT 1) one LEFT JOIN popped p ON true`;
  if (!row!.found) throw queueNotFound(actor, queueId);
  return row!.task ? { taskId: row!.task, added: row!.added! } : null;
}

/** Removes the task's entries from a queue of the caller's company; TASK_NOT_IN_QUEUE when there are none. */
export async function removeTaskFromQueue(actor: Actor, queueId: string, taskId: string): Promise<number> {
  checkId('task', taskId);
  await getOwnQueue(actor, queueId);
  const removed = await removeFromQueue(db, actor.companyId, queueId, taskId);
  if (removed === 0) throw notInQueue(actor, queueId, taskId);
  return removed;
}

const notInQueue = (actor: Actor, queueId: string, taskId: string) =>
  new DomainError(
    'TASK_NOT_IN_QUEUE',
    'Invalid queue id or task not in queue',
    { taskId, id: queueId, company: actor.companyId },
  );

export type QueueMove = 'front' | 'back' | 'forward' | 'backward';

export interface MoveQueueEntryInput {
  queueId: string;
  taskId: string;
  to: QueueMove;
  /** Steps for forward/backward (default 1). */
  count?: number;
}

export interface MoveResult {
  /**
   * The position as the legacy API reports it: forward max(0, p − count), backward max(0, p +
   * count) even past the end, front 0, back −1.
   */
  position: number;
  /** The entry's actual 0-based index after the move. */
  index: number;
}

/**
 * Repositions the task's (first) entry. Unchanged positions write nothing; otherwise the entry gets
 * a rank between its new neighbours and last_update is bumped (no metrics sample). TASK_NOT_IN_QUEUE
 * when the task has no entry, QUEUE_ENTRY_MOVED when the entry vanished while being moved.
 */
export async function moveQueueEntry(actor: Actor, input: MoveQueueEntryInput): Promise<MoveResult> {
  const { queueId, taskId, to } = input;
  checkId('task', taskId);
  const count = input.count ?? 1;
  if (!Number.isInteger(count)) throw new ValidationError('count', 'must be an integer', 'INVALID_INPUT');
  await getOwnQueue(actor, queueId);
  return db.$transaction(async (tx) => {
    const entries = await tx.queueEntry.findMany({
      where: { queueId },
      orderBy: [{ rank: 'asc' }, { id: 'asc' }],
      select: { id: true, taskId: true, rank: true },
    });
    const current = entries.findIndex((e) => e.taskId === taskId);
    if (current < 0) throw notInQueue(actor, queueId, taskId);
    const last = entries.length - 1;
    const position =
      to === 'front' ? 0
      : to === 'back' ? -1
      : to === 'forward' ? Math.max(0, current - count)
      : Math.max(0, current + count);
    const index = position < 0 ? last : Math.min(position, last);
    if (index === current) return { position, index };
    const entry = entries[current]!;
    const others = entries.filter((_, i) => i !== current);
    const before = others[index - 1]?.rank;
    const after = others[index]?.rank;
    let rank =
      before === undefined ? after! - 1
      : after === undefined ? before + 1
      : (before + after) / 2;
    if (before !== undefined && after !== undefined && !(rank > before && rank < after)) {
      // equal neighbours or exhausted float precision: renumber the whole queue in the new order
      others.splice(index, 0, entry);
      await tx.$executeRaw`
        UPDATE "queue_entry" e SET "rank" = v.rank
        FROM (SELECT unnest(${others.map((e) => e.id.toString())}::bigint[]) AS id,
                     unnest(${others.map((_, i) => i + 1)}::float8[]) AS rank) v
        WHERE e."id" = v.id`;
      rank = index + 1;
    }
    const moved = await tx.queueEntry.updateMany({ where: { id: entry.id }, data: { rank } });
    if (moved.count === 0) {
      throw new DomainError('QUEUE_ENTRY_MOVED', 'Task was removed from the queue while moving it', { taskId, id: queueId });
    }
    await tx.queue.update({ where: { id: queueId }, data: { lastUpdate: new Date() } });
    return { position, index };
  });
}
