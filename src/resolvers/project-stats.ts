// What the tasks of projects add up to (neighbours spec B.1.2, B.1.3, A.10): task status counts and
// run time per project, the metrics and hyper-parameters in use. Each function is one aggregate
// statement for any number of projects. Talks to Postgres through readSql.
import { Prisma, readSql } from '../db.ts';
import type { TaskStatus } from '../generated/prisma/enums.ts';
import type { Actor } from './context.ts';
import { ValidationError } from './errors.ts';
import { escapeKey } from './tasks/keys.ts';

export const taskStatuses: readonly TaskStatus[] = [
  'created', 'queued', 'in_progress', 'stopped', 'publishing', 'published', 'closed', 'failed', 'completed', 'unknown',
];

/** `active`: tasks without the system tag `archived`; `archived`: tasks with it. */
export type TaskState = 'active' | 'archived';

export interface StateStats {
  /** Every status, 0 when no task has it. */
  statusCount: Record<TaskStatus, number>;
  /**
   * Seconds: Σ ⌊completed − started⌋ over training/testing tasks that have both, with completed
   * after started.
   */
  totalRuntime: number;
}

export type ProjectStats = Partial<Record<TaskState, StateStats>>;

const emptyStats = (): StateStats => ({
  statusCount: Object.fromEntries(taskStatuses.map((s) => [s, 0])) as Record<TaskStatus, number>,
  totalRuntime: 0,
});

/**
 * Task statistics of the given projects for each requested state, counting the caller's company's
 * tasks and public tasks of each project. Every project gets every requested state (zeros when it
 * has no task). One statement for all projects.
 */
export async function getProjectsStats(
  actor: Actor,
  projectIds: readonly string[],
  states: readonly TaskState[] = ['active'],
): Promise<Map<string, ProjectStats>> {
  const ids = [...new Set(projectIds)];
  const result = new Map<string, ProjectStats>(
    ids.map((id) => [id, Object.fromEntries(states.map((state) => [state, emptyStats()])) as ProjectStats]),
  );
  if (ids.length === 0 || states.length === 0) return result;
  const stateFilter =
    states.length === 2
      ? Prisma.empty
      : states[0] === 'archived'
        ? Prisma.sql`AND 'archived' = ANY("system_tags")`
        : Prisma.sql`AND NOT ('archived' = ANY("system_tags"))`;
  const rows = await readSql<{ project: string; archived: boolean; status: TaskStatus; count: number; runtime: number }>(Prisma.sql`
    SELECT "project", ('archived' = ANY("system_tags")) AS "archived", "status"::text AS "status",
      count(*)::int AS "count",
      COALESCE(sum(floor(extract(epoch FROM "completed" - "started"))) FILTER (
        WHERE "type"::text IN ('training', 'testing') AND "started" IS NOT NULL AND "completed" IS NOT NULL
          AND "completed" > "started"), 0)::float8 AS "runtime"
    FROM "task"
    WHERE "project" IN (${Prisma.join(ids)}) AND ("company" = ${actor.companyId} OR "company" IS NULL) ${stateFilter}
    GROUP BY 1, 2, 3`);
  for (const row of rows) {
    const stats = result.get(row.project)?.[row.archived ? 'archived' : 'active'];
    if (!stats) continue;
    stats.statusCount[row.status] += row.count;
    stats.totalRuntime += Number(row.runtime);
  }
  return result;
}

/** Number of tasks (own company and public) per project, in one statement. */
export async function countProjectTasks(actor: Actor, projectIds: readonly string[]): Promise<Map<string, number>> {
  const ids = [...new Set(projectIds)];
  const counts = new Map(ids.map((id) => [id, 0]));
  if (ids.length === 0) return counts;
  const rows = await readSql<{ project: string; count: number }>(Prisma.sql`
    SELECT "project", count(*)::int AS "count" FROM "task"
    WHERE "project" IN (${Prisma.join(ids)}) AND ("company" = ${actor.companyId} OR "company" IS NULL)
    GROUP BY 1`);
  for (const row of rows) counts.set(row.project, row.count);
  return counts;
}

export interface MetricVariant {
  metric: string;
  metricHash: string;
  variant: string;
  variantHash: string;
}

/**
 * Distinct (metric, variant) pairs in the `last_metrics` of the caller's own tasks (public tasks
 * left out), within one project when given; sorted by metric then variant name.
 */
export async function getUniqueMetricVariants(actor: Actor, projectId?: string | null): Promise<MetricVariant[]> {
  const project = projectId ? Prisma.sql`AND t."project" = ${projectId}` : Prisma.empty;
  return readSql<MetricVariant>(Prisma.sql`
    SELECT DISTINCT (v.value ->> 'metric') COLLATE "C" AS "metric", m.key AS "metricHash",
      (v.value ->> 'variant') COLLATE "C" AS "variant", v.key AS "variantHash"
    FROM "task" t
      CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(t."last_metrics") = 'object' THEN t."last_metrics" ELSE '{}' END) m
      CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(m.value) = 'object' THEN m.value ELSE '{}' END) v
    WHERE t."company" = ${actor.companyId} ${project}
    ORDER BY 1, 3, 2, 4`);
}

export interface HyperParameterKeysQuery {
  /** One project; absent = all projects. */
  projectId?: string | null;
  /** Negative ⇒ 0. */
  page?: number;
  /** Below 1 ⇒ 1; default 500. */
  pageSize?: number;
}

export interface HyperParameterKeys {
  total: number;
  remaining: number;
  parameters: { section: string; name: string }[];
}

const byEscapedBytes = (a: { section: string; name: string }, b: { section: string; name: string }) =>
  Buffer.compare(Buffer.from(escapeKey(a.section)), Buffer.from(escapeKey(b.section))) ||
  Buffer.compare(Buffer.from(escapeKey(a.name)), Buffer.from(escapeKey(b.name)));

/**
 * Distinct hyper-parameter (section, name) pairs used by the caller's own tasks (public tasks left
 * out), within one project when given: sorted by the escaped section then escaped name (byte order,
 * as the legacy store keeps them), one page of them, the total and how many follow the page.
 */
export async function getProjectHyperParameters(actor: Actor, query: HyperParameterKeysQuery = {}): Promise<HyperParameterKeys> {
  for (const field of ['page', 'pageSize'] as const) {
    const value = query[field];
    if (value !== undefined && !Number.isInteger(value)) throw new ValidationError(field, 'must be an integer', 'INVALID_INPUT');
  }
  const page = Math.max(0, query.page ?? 0);
  const pageSize = Math.max(1, query.pageSize ?? 500);
  const project = query.projectId ? Prisma.sql`AND t."project" = ${query.projectId}` : Prisma.empty;
  const keys = await readSql<{ section: string; name: string }>(Prisma.sql`
    SELECT DISTINCT s.key AS "section", n.key AS "name"
    FROM "task" t
      CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(t."hyperparams") = 'object' THEN t."hyperparams" ELSE '{}' END) s
      CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(s.value) = 'object' THEN s.value ELSE '{}' END) n(key)
    WHERE t."company" = ${actor.companyId} ${project}`);
  keys.sort(byEscapedBytes);
  const parameters = keys.slice(page * pageSize, page * pageSize + pageSize);
  return {
    total: keys.length,
    remaining: Math.max(0, keys.length - (page * pageSize + parameters.length)),
    parameters,
  };
}
