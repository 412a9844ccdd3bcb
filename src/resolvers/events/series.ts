// Downsampled scalar series for charts (GraphQL): at most `maxPoints` buckets per series, each
// with count, min, max, mean and the value of its latest point, so spikes survive downsampling.
// Every series of a request (one task or many tasks × metrics × variants) comes from ONE SQL
// statement: bounds from the (task, type, metric, variant, iter, value) index, then one grouping
// pass over that index and one index probe per bucket for its last value.
import { Prisma, readSql } from '../../db.ts';
import type { Actor } from '../context.ts';
import { ValidationError } from '../errors.ts';
import { getReadableEventTask, getReadableEventTasks, type EventTask } from './read-scope.ts';

/** What the x axis (and bucketing) follows: the iteration, or the event time in epoch ms. */
export type SeriesAxis = 'iter' | 'timestamp';

export const DEFAULT_SERIES_POINTS = 1000;
export const MAX_SERIES_POINTS = 10_000;
/** Most tasks one comparison may name. */
export const MAX_COMPARE_TASKS = 1000;
/** Most metric selectors one comparison may name. */
export const MAX_COMPARE_METRICS = 100;

export interface SeriesOptions {
  /** 1…10,000 (default 1,000). */
  maxPoints?: number;
  axis?: SeriesAxis;
  /** Only points with x ≥ from / x ≤ to (zooming in gives finer buckets). */
  from?: number | null;
  to?: number | null;
}

export interface ScalarBucket {
  /** Start of the bucket: an iteration or epoch milliseconds. */
  x: number;
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Value of the point with the greatest x in the bucket. */
  last: number;
}

export interface ScalarSeries {
  taskId: string;
  taskName: string;
  metric: string;
  variant: string;
  /** Width of every bucket (in x units); null when the series has no points in range. */
  bucketWidth: number | null;
  buckets: ScalarBucket[];
}

interface SeriesKey {
  taskId: string;
  metric: string;
  /** null: every variant of the metric. */
  variant: string | null;
}

function checkOptions(options: SeriesOptions) {
  const maxPoints = options.maxPoints ?? DEFAULT_SERIES_POINTS;
  if (!Number.isInteger(maxPoints) || maxPoints < 1 || maxPoints > MAX_SERIES_POINTS) {
    throw new ValidationError('maxPoints', `must be an integer between 1 and ${MAX_SERIES_POINTS}`);
  }
  const axis = options.axis ?? 'iter';
  if (axis !== 'iter' && axis !== 'timestamp') throw new ValidationError('xAxis', 'must be iter or timestamp');
  const bound = (field: string, value: number | null | undefined) => {
    if (value === null || value === undefined) return null;
    if (!Number.isFinite(value)) throw new ValidationError(field, 'must be a finite number');
    return value;
  };
  const from = bound('from', options.from);
  const to = bound('to', options.to);
  if (from !== null && to !== null && from > to) throw new ValidationError('from', 'must not be greater than to');
  // Integral bounds: iterations and milliseconds are integers (from rounds up, to down).
  return { maxPoints, axis, from: from === null ? null : Math.ceil(from), to: to === null ? null : Math.floor(to) };
}

interface Row {
  idx: string | number;
  task: string;
  metric: string;
  variant: string;
  w: number;
  x: number;
  count: number;
  min: number;
  max: number;
  mean: number;
  last: number;
}

/**
 * The series of readable tasks, in request order (variants of a metric by name). Series without
 * points in range are left out. One statement.
 */
async function readSeries(keys: readonly SeriesKey[], tasks: Map<string, EventTask>, options: ReturnType<typeof checkOptions>): Promise<ScalarSeries[]> {
  const { maxPoints, axis, from, to } = options;
  const k = (alias: string) => (axis === 'iter' ? Prisma.raw(`${alias}."iter"`) : Prisma.raw(`${alias}."timestamp"`));
  const inRange = (alias: string) => Prisma.sql`
    (${from}::int8 IS NULL OR ${k(alias)} >= ${from}::int8) AND (${to}::int8 IS NULL OR ${k(alias)} <= ${to}::int8)`;
  const rows = await readSql<Row>(Prisma.sql`
    WITH req AS (
      SELECT * FROM unnest(${keys.map((s) => s.taskId)}::text[], ${keys.map((s) => s.metric)}::text[],
        ${keys.map((s) => s.variant)}::text[]) WITH ORDINALITY AS r("task", "metric", "variant", ord)
    ), pairs AS (
      SELECT r.ord, r."task", r."metric", r."variant" FROM req r WHERE r."variant" IS NOT NULL
      UNION ALL
      SELECT r.ord, r."task", r."metric", v."variant" FROM req r CROSS JOIN LATERAL (
        -- every variant of the metric: one index probe per variant (a loose index scan)
        WITH RECURSIVE vs("variant") AS (
          SELECT min(e."variant") FROM "event" e
          WHERE e."task" = r."task" AND e."type" = 'training_stats_scalar' AND e."metric" = r."metric"
          UNION ALL
          SELECT (SELECT min(e."variant") FROM "event" e
            WHERE e."task" = r."task" AND e."type" = 'training_stats_scalar' AND e."metric" = r."metric"
              AND e."variant" > vs."variant")
          FROM vs WHERE vs."variant" IS NOT NULL
        ) SELECT "variant" FROM vs WHERE "variant" IS NOT NULL
      ) v WHERE r."variant" IS NULL
    ), series AS (
      SELECT row_number() OVER (ORDER BY p.ord, p."variant") AS idx, p."task", p."metric", p."variant",
        b.lo, greatest(1, (b.hi - b.lo + ${maxPoints}::int8) / ${maxPoints}::int8) AS w
      FROM pairs p CROSS JOIN LATERAL (
        SELECT min(${k('e')}) AS lo, max(${k('e')}) AS hi FROM "event" e
        WHERE e."task" = p."task" AND e."type" = 'training_stats_scalar' AND e."metric" = p."metric"
          AND e."variant" = p."variant" AND e."value" IS NOT NULL AND ${inRange('e')}
      ) b
      WHERE b.lo IS NOT NULL
    ), buckets AS (
      SELECT s.idx, (${k('e')} - s.lo) / s.w AS b, count(*) AS n, min(e."value") AS vmin,
        max(e."value") AS vmax, avg(e."value") AS mean, max(${k('e')}) AS last_k
      FROM series s JOIN "event" e ON e."task" = s."task" AND e."type" = 'training_stats_scalar'
        AND e."metric" = s."metric" AND e."variant" = s."variant" AND e."value" IS NOT NULL
        AND ${k('e')} >= s.lo AND ${inRange('e')}
      GROUP BY s.idx, 2
    )
    SELECT s.idx, s."task", s."metric", s."variant", s.w::float8 AS w, (s.lo + b.b * s.w)::float8 AS x,
      b.n::int AS "count", b.vmin AS "min", b.vmax AS "max", b.mean, l."value" AS "last"
    FROM buckets b JOIN series s USING (idx) CROSS JOIN LATERAL (
      SELECT e."value" FROM "event" e
      WHERE e."task" = s."task" AND e."type" = 'training_stats_scalar' AND e."metric" = s."metric"
        AND e."variant" = s."variant" AND ${k('e')} = b.last_k AND e."value" IS NOT NULL
      ORDER BY e."id" DESC LIMIT 1
    ) l
    ORDER BY s.idx, b.b`);
  const series: ScalarSeries[] = [];
  let current: ScalarSeries | undefined;
  let currentIdx: string | undefined;
  for (const row of rows) {
    if (String(row.idx) !== currentIdx) {
      currentIdx = String(row.idx);
      current = {
        taskId: row.task,
        taskName: tasks.get(row.task)!.name,
        metric: row.metric,
        variant: row.variant,
        bucketWidth: row.w,
        buckets: [],
      };
      series.push(current);
    }
    current!.buckets.push({ x: row.x, count: row.count, min: row.min, max: row.max, mean: row.mean, last: row.last });
  }
  return series;
}

export interface ScalarSeriesInput extends SeriesOptions {
  metric: string;
  variant: string;
}

/**
 * One downsampled series of a readable task: ≤ maxPoints buckets of width ⌈(last − first + 1) /
 * maxPoints⌉ starting at the first point in range; empty buckets are left out. Throws
 * TaskNotFoundError and ValidationError (maxPoints, from/to).
 */
export async function getScalarSeries(actor: Actor, taskId: string, input: ScalarSeriesInput): Promise<ScalarSeries> {
  const options = checkOptions(input);
  const task = await getReadableEventTask(actor, taskId, 'taskId');
  const [series] = await readSeries(
    [{ taskId: task.id, metric: input.metric, variant: input.variant }],
    new Map([[task.id, task]]),
    options,
  );
  return series ?? { taskId: task.id, taskName: task.name, metric: input.metric, variant: input.variant, bucketWidth: null, buckets: [] };
}

export interface CompareSeriesInput extends SeriesOptions {
  taskIds: readonly string[];
  /** Metric selectors; a selector without variant takes every variant of the metric. */
  metrics: readonly { metric: string; variant?: string | null }[];
}

/**
 * The same downsampled series for many tasks × metrics × variants at once (one statement for all
 * series), ordered by task, selector, variant; series without points are left out. Tasks may be
 * own or public (of any company). Throws TaskNotFoundError naming every invisible task, and
 * ValidationError (no or more than 1,000 tasks, no or more than 100 selectors, options).
 */
export async function compareScalarSeries(actor: Actor, input: CompareSeriesInput): Promise<ScalarSeries[]> {
  const options = checkOptions(input);
  if (input.taskIds.length === 0) throw new ValidationError('taskIds', 'at least one task id is required');
  if (input.taskIds.length > MAX_COMPARE_TASKS) {
    throw new ValidationError('taskIds', `at most ${MAX_COMPARE_TASKS} tasks per comparison`);
  }
  if (input.metrics.length === 0) throw new ValidationError('metrics', 'at least one metric is required');
  if (input.metrics.length > MAX_COMPARE_METRICS) {
    throw new ValidationError('metrics', `at most ${MAX_COMPARE_METRICS} metric selectors per comparison`);
  }
  const tasks = await getReadableEventTasks(actor, input.taskIds, { field: 'taskIds' });
  const keys: SeriesKey[] = [];
  const seen = new Set<string>();
  for (const task of tasks) {
    for (const selector of input.metrics) {
      const variant = selector.variant ?? null;
      const id = JSON.stringify([task.id, selector.metric, variant]);
      if (seen.has(id)) continue;
      seen.add(id);
      keys.push({ taskId: task.id, metric: selector.metric, variant });
    }
  }
  const series = await readSeries(keys, new Map(tasks.map((t) => [t.id, t])), options);
  // A metric named both with and without its variant yields that series once.
  const unique = new Set<string>();
  return series.filter((s) => {
    const id = JSON.stringify([s.taskId, s.metric, s.variant]);
    if (unique.has(id)) return false;
    unique.add(id);
    return true;
  });
}
