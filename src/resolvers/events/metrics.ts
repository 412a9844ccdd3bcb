// Which metrics and variants a task reported, its latest scalar values, its vector events and the
// last values kept in task.last_metrics (neighbours spec B.5.9, tasks spec 4.4). One statement per
// call besides the read-scope check.
import { Prisma, readSql } from '../../db.ts';
import type { EventType } from '../../generated/prisma/enums.ts';
import type { Actor } from '../context.ts';
import { ValidationError } from '../errors.ts';
import {
  companyHasEvents,
  getReadableEventTask,
  getReadableEventTasks,
  MAX_METRICS,
  MAX_VARIANTS,
} from './read-scope.ts';

export const EVENT_TYPES: readonly EventType[] = [
  'training_stats_scalar',
  'training_stats_vector',
  'training_debug_image',
  'plot',
  'log',
];

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** At most this many vector events are returned by a vector histogram. */
export const MAX_VECTOR_EVENTS = 10_000;

function checkEventType(type: string): EventType {
  if (!EVENT_TYPES.includes(type as EventType)) {
    throw new ValidationError('event_type', `must be one of ${EVENT_TYPES.join(', ')}`);
  }
  return type as EventType;
}

/** metric → its variants, both most frequent first (≤ 100 × 100). */
export type MetricVariants = Record<string, string[]>;

/**
 * The metrics and variants of a readable task's events of `type` (scalar or vector), most frequent
 * first; `{}` when there are none. Throws TaskNotFoundError.
 */
export async function getMetricsAndVariants(actor: Actor, taskId: string, type: EventType): Promise<MetricVariants> {
  const task = await getReadableEventTask(actor, taskId);
  const rows = await readSql<{ metric: string; variant: string }>(Prisma.sql`
    WITH s AS (
      SELECT "metric", "variant", count(*) AS n FROM "event"
      WHERE "task" = ${task.id} AND "type" = ${type}::"EventType" GROUP BY "metric", "variant"
    ), m AS (
      SELECT "metric", row_number() OVER (ORDER BY sum(n) DESC, "metric") AS mrank FROM s GROUP BY "metric"
    ), v AS (
      SELECT s.*, row_number() OVER (PARTITION BY "metric" ORDER BY n DESC, "variant") AS vrank FROM s
    )
    SELECT v."metric", v."variant" FROM v JOIN m USING ("metric")
    WHERE m.mrank <= ${MAX_METRICS} AND v.vrank <= ${MAX_VARIANTS} ORDER BY m.mrank, v.vrank`);
  const metrics: MetricVariants = {};
  for (const row of rows) (metrics[row.metric] ??= []).push(row.variant);
  return metrics;
}

export interface TaskMetricNames {
  task: string;
  metrics: string[];
}

/**
 * `events.get_task_metrics`: per readable task (request order) the metrics that have events of
 * `type`, most frequent first (≤ 100). An empty list when the first task's company never stored an
 * event of that type (the original's "no index" answer). Throws TaskNotFoundError, ValidationError.
 */
export async function getTaskMetricNames(actor: Actor, taskIds: readonly string[], type: string): Promise<TaskMetricNames[]> {
  const eventType = checkEventType(type);
  if (taskIds.length === 0) throw new ValidationError('tasks', 'at least one task id is required');
  const tasks = await getReadableEventTasks(actor, taskIds, { field: 'tasks' });
  if (!(await companyHasEvents(tasks[0]!.eventCompanyId, eventType))) return [];
  const rows = await readSql<{ task: string; metric: string }>(Prisma.sql`
    SELECT "task", "metric" FROM (
      SELECT "task", "metric", row_number() OVER (PARTITION BY "task" ORDER BY count(*) DESC, "metric") AS rank
      FROM "event" WHERE "task" = ANY(${tasks.map((t) => t.id)}::text[]) AND "type" = ${eventType}::"EventType"
      GROUP BY "task", "metric"
    ) m WHERE rank <= ${MAX_METRICS} ORDER BY "task", rank`);
  const byTask = new Map<string, string[]>(tasks.map((t) => [t.id, []]));
  for (const row of rows) byTask.get(row.task)!.push(row.metric);
  return tasks.map((t) => ({ task: t.id, metrics: byTask.get(t.id)! }));
}

export interface VectorHistogram {
  metric: string;
  variant: string;
  vectors: unknown[];
  iterations: (number | null)[];
}

/**
 * `events.vector_metrics_iter_histogram`: the vectors of one (metric, variant) of a readable task
 * by iteration ascending (≤ 10,000 events). Throws TaskNotFoundError.
 */
export async function getVectorHistogram(actor: Actor, taskId: string, metric: string, variant: string): Promise<VectorHistogram> {
  const task = await getReadableEventTask(actor, taskId);
  const rows = await readSql<{ iter: number | null; value: unknown }>(Prisma.sql`
    SELECT "iter", "doc" -> 'value' AS "value" FROM "event"
    WHERE "task" = ${task.id} AND "type" = 'training_stats_vector' AND "metric" = ${metric} AND "variant" = ${variant}
    ORDER BY "iter" ASC NULLS LAST, "id" LIMIT ${MAX_VECTOR_EVENTS}`);
  return { metric, variant, vectors: rows.map((r) => r.value ?? null), iterations: rows.map((r) => r.iter) };
}

export interface LatestScalarValues {
  metrics: { name: string; variants: { name: string; last_value: number; last_10_value: number }[] }[];
  lastIter: number;
  name: string;
  status: string;
  /** Newest event timestamp (epoch ms) among the values considered; 0 without any. */
  lastTimestamp: number;
}

/**
 * `events.get_task_latest_scalar_values`: per metric and variant (by name) the float32-rounded
 * value at the highest iteration, over the scalar events with a positive value (the original's
 * filter); `lastIter` is the highest iteration over all event types. Without scalar events the
 * result is empty (the original fails with 500 when the company never stored any). `name`/`status`
 * are the task's. Throws TaskNotFoundError.
 */
export async function getLatestScalarValues(actor: Actor, taskId: string): Promise<LatestScalarValues> {
  const task = await getReadableEventTask(actor, taskId);
  const rows = await readSql<{ metric: string | null; variant: string | null; value: number | null; ts: number | null; last_iter: number | null }>(
    Prisma.sql`
    WITH latest AS (
      SELECT DISTINCT ON ("metric", "variant") "metric", "variant", "value"::real::float8 AS "value"
      FROM "event" WHERE "task" = ${task.id} AND "type" = 'training_stats_scalar' AND "value" > 0
      ORDER BY "metric", "variant", "iter" DESC NULLS LAST, "timestamp" DESC, "id" DESC
    )
    SELECT l."metric", l."variant", l."value", NULL::float8 AS ts, NULL::int AS last_iter FROM latest l
    UNION ALL
    SELECT NULL, NULL, NULL,
      (SELECT max("timestamp")::float8 FROM "event" WHERE "task" = ${task.id} AND "type" = 'training_stats_scalar' AND "value" > 0),
      (SELECT max("iter") FROM "event" WHERE "task" = ${task.id})`);
  const metrics: LatestScalarValues['metrics'] = [];
  let summary = { ts: 0, lastIter: 0 };
  const values = rows.filter((row) => row.metric !== null);
  for (const row of rows) if (row.metric === null) summary = { ts: row.ts ?? 0, lastIter: row.last_iter ?? 0 };
  // Names in code-point order, as the original's term aggregations sort them.
  values.sort((a, b) => cmp(a.metric!, b.metric!) || cmp(a.variant!, b.variant!));
  for (const row of values) {
    let metric = metrics.at(-1);
    if (metric?.name !== row.metric) metrics.push((metric = { name: row.metric!, variants: [] }));
    metric.variants.push({ name: row.variant!, last_value: row.value!, last_10_value: row.value! });
  }
  return { metrics, lastIter: summary.lastIter, name: task.name, status: task.status, lastTimestamp: summary.ts };
}

export interface LastMetricValue {
  metric: string;
  variant: string;
  value: number | null;
  min: number | null;
  max: number | null;
}

/**
 * The last value, minimum and maximum of every scalar series kept in a task's `last_metrics` map
 * (md5(metric) → md5(variant) → {metric, variant, value, min_value, max_value}), sorted by metric
 * and variant. Pure: the caller has read the map.
 */
export function flattenLastMetrics(lastMetrics: unknown): LastMetricValue[] {
  const out: LastMetricValue[] = [];
  if (!lastMetrics || typeof lastMetrics !== 'object') return out;
  for (const variants of Object.values(lastMetrics as Record<string, unknown>)) {
    if (!variants || typeof variants !== 'object') continue;
    for (const entry of Object.values(variants as Record<string, Record<string, unknown>>)) {
      if (!entry || typeof entry.metric !== 'string' || typeof entry.variant !== 'string') continue;
      const num = (v: unknown) => (typeof v === 'number' ? v : null);
      out.push({ metric: entry.metric, variant: entry.variant, value: num(entry.value), min: num(entry.min_value), max: num(entry.max_value) });
    }
  }
  return out.sort((a, b) => cmp(a.metric, b.metric) || cmp(a.variant, b.variant));
}

/** The last metric values of a readable task (from task.last_metrics). Throws TaskNotFoundError. */
export async function getLastMetricValues(actor: Actor, taskId: string): Promise<LastMetricValue[]> {
  const task = await getReadableEventTask(actor, taskId, 'taskId');
  const rows = await readSql<{ last_metrics: unknown }>(
    Prisma.sql`SELECT "last_metrics" FROM "task" WHERE "id" = ${task.id}`,
  );
  return flattenLastMetrics(rows[0]?.last_metrics);
}
