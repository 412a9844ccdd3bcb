// Who may read which task's events (neighbours spec B.5.4): own or public tasks; events are read in
// the context of the task's company (a public task's events stay with the company that wrote them).
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

export interface ReadableTask {
  id: string;
  name: string;
  /** The company whose events these are: the task's, or for a public task the one that owned it. */
  eventCompanyId: string;
}

/**
 * The tasks (in request order, duplicates dropped) if every id is an own or public task; throws
 * TaskNotFoundError naming the others. `sameCompany` also refuses tasks of different companies.
 */
export async function getReadableTasks(
  actor: Actor,
  ids: readonly string[],
  { sameCompany = false } = {},
): Promise<ReadableTask[]> {
  const unique = [...new Set(ids)];
  unique.forEach((id) => checkId('task', id));
  const rows = await readSql<ReadableTask>(Prisma.sql`
    SELECT "id", "name", COALESCE("company", "company_origin", '') AS "eventCompanyId"
    FROM "task" WHERE "id" = ANY(${unique}::text[]) AND ("company" = ${actor.companyId} OR "company" IS NULL)`);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = unique.filter((id) => !byId.has(id));
  if (missing.length > 0) throw new TaskNotFoundError(missing);
  const tasks = unique.map((id) => byId.get(id)!);
  if (sameCompany && new Set(tasks.map((t) => t.eventCompanyId)).size > 1) {
    throw new DomainError('TASK_NOT_FOUND', 'only tasks from the same company are supported', {
      reason: 'only tasks from the same company are supported',
    });
  }
  return tasks;
}

export async function getReadableTask(actor: Actor, id: string): Promise<ReadableTask> {
  const [task] = await getReadableTasks(actor, [id]);
  return task!;
}

/** Whether the company ever stored an event of one of `types` (reads answer empty shapes if not). */
export async function companyHasEvents(companyId: string, types: readonly EventType[]): Promise<boolean> {
  const rows = await readSql(Prisma.sql`
    SELECT 1 FROM "event" WHERE "company" = ${companyId} AND "type" = ANY(${[...types]}::text[]::"EventType"[]) LIMIT 1`);
  return rows.length > 0;
}
