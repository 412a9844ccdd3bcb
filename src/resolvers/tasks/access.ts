// Tenant scoping for tasks, in one place: reads see the caller's company plus public tasks (company
// NULL); writes only the caller's own tasks (a public hit is read-only, another company's is missing).
import { db, Prisma, readSql } from '../../db.ts';
import type { Actor } from '../context.ts';
import { PublicReadOnlyError, TaskNotFoundError, ValidationError } from '../errors.ts';

export type Tx = Prisma.TransactionClient;
export type TaskQuery = { select?: Prisma.TaskSelect; include?: Prisma.TaskInclude };

export const readableTasks = (actor: Actor): Prisma.TaskWhereInput => ({
  OR: [{ companyId: actor.companyId }, { companyId: null }],
});

export const ownTasks = (actor: Actor): Prisma.TaskWhereInput => ({ companyId: actor.companyId });

// Ids are server-made 32-hex strings, but imported and legacy ids vary; accept any short token.
const ID_PATTERN = /^[\w.:-]{1,128}$/;

/** Throws INVALID_INPUT for a value that cannot be an object id. */
export function checkId(field: string, id: unknown): string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new ValidationError(field, 'malformed id', 'INVALID_INPUT');
  }
  return id;
}

/**
 * Loads a task for modification. Throws TaskNotFoundError when the caller cannot see it and
 * PublicReadOnlyError when it is public. `lock` takes a row lock (inside a transaction) so a
 * read-modify-write cannot interleave with another writer.
 */
export async function getWritableTask(actor: Actor, id: string, client: Tx = db, lock = false) {
  checkId('task', id);
  if (lock) await client.$queryRaw`SELECT 1 FROM "task" WHERE "id" = ${id} FOR UPDATE`;
  const task = await client.task.findFirst({ where: { id, ...readableTasks(actor) } });
  if (!task) throw new TaskNotFoundError(id);
  if (task.companyId === null) throw new PublicReadOnlyError('task', [id]);
  return task;
}

const lifecycleColumns = {
  id: true, companyId: true, status: true, projectId: true, started: true, systemTags: true,
  lastWorker: true, lastUpdate: true, outputModelId: true, queueId: true,
} as const satisfies Prisma.TaskSelect;

/** What status changes need to know about a task. */
export type TaskState = Prisma.TaskGetPayload<{ select: typeof lifecycleColumns }>;

/**
 * getWritableTask reading only the columns status changes need, in one plain statement (the hot
 * path of lifecycle calls). Outside transactions only.
 */
export async function getWritableTaskState(actor: Actor, id: string): Promise<TaskState> {
  checkId('task', id);
  const [task] = await readSql<TaskState>(Prisma.sql`
    SELECT "id", "company" AS "companyId", "status"::text AS "status", "project" AS "projectId", "started",
      "system_tags" AS "systemTags", "last_worker" AS "lastWorker", "last_update" AS "lastUpdate",
      "output_model" AS "outputModelId", "queue" AS "queueId"
    FROM "task" WHERE "id" = ${id} AND ("company" = ${actor.companyId} OR "company" IS NULL)`);
  if (!task) throw new TaskNotFoundError(id);
  if (task.companyId === null) throw new PublicReadOnlyError('task', [id]);
  return task;
}

/** Like getWritableTask for many ids at once; reports every missing or public id together. */
export async function getWritableTasks(actor: Actor, ids: readonly string[], client: Tx = db) {
  const unique = [...new Set(ids)];
  const tasks = await client.task.findMany({ where: { id: { in: unique }, ...readableTasks(actor) } });
  const found = new Map(tasks.map((t) => [t.id, t]));
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) throw new TaskNotFoundError(missing);
  const publicIds = tasks.filter((t) => t.companyId === null).map((t) => t.id);
  if (publicIds.length > 0) throw new PublicReadOnlyError('task', publicIds);
  return tasks;
}
