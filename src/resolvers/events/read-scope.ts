// Who may read which task's events (neighbours spec B.5.4): own or public tasks; events are read in
// the context of the task's company (a public task's events stay with the company that wrote them).
// Talks to Postgres through readSql only.
import { Prisma, readSql } from '../../db.ts';
import type { EventType } from '../../generated/prisma/enums.ts';
import type { Actor } from '../context.ts';
import { DomainError, TaskNotFoundError } from '../errors.ts';
import { checkId } from '../tasks/access.ts';

export const EVENT_TYPES: readonly EventType[] = [
  'training_stats_scalar',
  'training_stats_vector',
  'training_debug_image',
  'plot',
  'log',
];

export const isEventType = (value: unknown): value is EventType =>
  typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);

/** Most metrics (and variants per metric) a histogram or metric list reports: the most frequent. */
export const MAX_METRICS = 100;
export const MAX_VARIANTS = 100;

/** A task whose events the caller may read. */
export interface EventTask {
  id: string;
  name: string;
  status: string;
  /** Owning company; null for a public task. */
  companyId: string | null;
  /** The company its events were written in: the owner, or for a public task its origin. */
  eventCompanyId: string;
}

/**
 * The readable tasks `ids` (duplicates removed, in request order). Throws TaskNotFoundError
 * naming every id that is missing, of another company, or malformed; with `sameCompany`, throws
 * TASK_NOT_FOUND when the tasks' events live in more than one company (legacy multi-task reads).
 */
export async function getReadableEventTasks(
  actor: Actor,
  ids: readonly string[],
  { sameCompany = false, field = 'task' }: { sameCompany?: boolean; field?: string } = {},
): Promise<EventTask[]> {
  const unique = [...new Set(ids)];
  for (const id of unique) checkId(field, id);
  const rows = await readSql<EventTask>(Prisma.sql`
    SELECT "id", "name", "status"::text AS "status", "company" AS "companyId",
      coalesce(nullif("company", ''), "company_origin", '') AS "eventCompanyId"
    FROM "task" WHERE "id" = ANY(${unique}::text[]) AND ("company" = ${actor.companyId} OR "company" IS NULL)`);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = unique.filter((id) => !byId.has(id));
  if (missing.length > 0) throw new TaskNotFoundError(missing);
  const tasks = unique.map((id) => byId.get(id)!);
  if (sameCompany && new Set(tasks.map((t) => t.eventCompanyId)).size > 1) {
    const reason = 'only tasks from the same company are supported';
    throw new DomainError('TASK_NOT_FOUND', `Invalid task id (${reason})`, { reason });
  }
  return tasks;
}

/** One readable task; throws TaskNotFoundError. */
export async function getReadableEventTask(actor: Actor, id: string, field = 'task'): Promise<EventTask> {
  const [task] = await getReadableEventTasks(actor, [id], { field });
  return task!;
}

/**
 * Whether `companyId` ever stored an event of `types`. The original answers "no data" shapes (no
 * scroll id, `{"metrics": []}`) when the company's event index does not exist.
 */
export async function companyHasEvents(companyId: string, types: EventType | readonly EventType[]): Promise<boolean> {
  const list = typeof types === 'string' ? [types] : [...types];
  const rows = await readSql(Prisma.sql`
    SELECT 1 FROM "event" WHERE "company" = ${companyId} AND "type" = ANY(${list}::text[]::"EventType"[]) LIMIT 1`);
  return rows.length > 0;
}
