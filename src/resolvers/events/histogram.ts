// The legacy scalar histogram (neighbours spec B.5.7/B.5.8): per (metric, variant) the mean of the
// float32-rounded values in zero/epoch-aligned buckets whose width keeps the count within
// `samples`. Widths are planned in TypeScript from one statistics statement; all buckets of all
// requested tasks then come from one grouping statement.
import { Prisma, readSql } from '../../db.ts';
import type { Actor } from '../context.ts';
import { ValidationError } from '../errors.ts';
import { getReadableEventTask, getReadableEventTasks, MAX_METRICS, MAX_VARIANTS, type EventTask } from './read-scope.ts';

export type HistogramKey = 'iter' | 'timestamp' | 'iso_time';
export const HISTOGRAM_KEYS: readonly HistogramKey[] = ['iter', 'timestamp', 'iso_time'];

export const MAX_SAMPLES = 6000;
/** A group of variants queried together holds at most this many variants and expected buckets. */
const MAX_GROUP_VARIANTS = 50;
const MAX_GROUP_BUCKETS = 6000;

export interface HistogramOptions {
  /** Most buckets per variant, 1…6000 (default 6000). */
  samples?: number;
  key?: HistogramKey;
}

/** One variant's histogram: `x`/`y` are absent when none of its events has the key. */
export interface VariantHistogram {
  name: string;
  x?: (number | string)[];
  y?: (number | null)[];
}

export type TaskHistogram = Record<string, Record<string, VariantHistogram>>;

/** Key statistics of one (metric, variant): how many events have the key, and its extremes. */
export interface VariantKeyStats {
  count: number;
  min: number | null;
  max: number | null;
}

/**
 * The bucket width of one variant and how many buckets it yields at most: width 1 below
 * `samples` events, else ⌈(max − min + 1) / samples⌉.
 */
export function bucketWidth(stats: VariantKeyStats, samples: number): { width: number; buckets: number } {
  if (stats.count < samples) return { width: 1, buckets: stats.count };
  const min = stats.min ?? 0;
  const range = (stats.max ?? min) - min + 1;
  const width = Math.max(1, Math.ceil(range / samples));
  return { width, buckets: Math.ceil(range / width) };
}

/**
 * The effective width of each variant (same order as `planned`). Variants sorted by width form
 * groups: a group starting at width w0 takes variants up to w0 + ⌊0.1·w0⌋, at most 50 of them and
 * 6000 expected buckets, and every member uses the group's largest width.
 */
export function groupWidths(planned: readonly { width: number; buckets: number }[]): number[] {
  const order = planned.map((_, i) => i).sort((a, b) => planned[a]!.width - planned[b]!.width); // stable
  const effective = new Array<number>(planned.length);
  let group: number[] = [];
  let upperBound = 0;
  let groupMax = 0;
  let groupBuckets = 0;
  const close = () => {
    for (const i of group) effective[i] = groupMax;
    group = [];
  };
  for (const i of order) {
    const { width, buckets } = planned[i]!;
    if (width > upperBound || groupBuckets + buckets > MAX_GROUP_BUCKETS || group.length >= MAX_GROUP_VARIANTS) {
      close();
      groupMax = width;
      upperBound = width + Math.floor(width * 0.1);
      groupBuckets = 0;
    }
    group.push(i);
    groupBuckets += buckets;
    groupMax = Math.max(groupMax, width);
  }
  close();
  return effective;
}

function checkOptions(options: HistogramOptions): { samples: number; key: HistogramKey } {
  const samples = options.samples ?? MAX_SAMPLES;
  if (!Number.isInteger(samples) || samples < 1 || samples > MAX_SAMPLES) {
    throw new ValidationError('samples', `must be an integer between 1 and ${MAX_SAMPLES}`);
  }
  const key = options.key ?? 'iter';
  if (!HISTOGRAM_KEYS.includes(key)) throw new ValidationError('key', `must be one of ${HISTOGRAM_KEYS.join(', ')}`);
  return { samples, key };
}

interface StatsRow {
  task: string;
  metric: string;
  variant: string;
  count: number;
  min: number | null;
  max: number | null;
}

interface BucketRow {
  idx: string | number;
  x: number;
  y: number | null;
}

/**
 * Histograms of several readable tasks, computed independently per task (two statements in
 * all). Metrics and variants appear most frequent first (≤ 100 × 100).
 */
async function histogramsOf(taskIds: readonly string[], samples: number, key: HistogramKey): Promise<Map<string, TaskHistogram>> {
  const result = new Map<string, TaskHistogram>(taskIds.map((id) => [id, {}]));
  if (taskIds.length === 0) return result;
  const k = key === 'iter' ? Prisma.sql`"iter"::int8` : Prisma.sql`"timestamp"`;
  const stats = await readSql<StatsRow>(Prisma.sql`
    WITH s AS (
      SELECT "task", "metric", "variant", count(*) AS n, count(${k}) AS c, min(${k}) AS lo, max(${k}) AS hi
      FROM "event" WHERE "task" = ANY(${[...taskIds]}::text[]) AND "type" = 'training_stats_scalar'
      GROUP BY "task", "metric", "variant"
    ), m AS (
      SELECT "task", "metric", row_number() OVER (PARTITION BY "task" ORDER BY sum(n) DESC, "metric") AS mrank
      FROM s GROUP BY "task", "metric"
    ), v AS (
      SELECT s.*, row_number() OVER (PARTITION BY "task", "metric" ORDER BY n DESC, "variant") AS vrank FROM s
    )
    SELECT v."task", v."metric", v."variant", v.c::int AS "count", v.lo::float8 AS "min", v.hi::float8 AS "max"
    FROM v JOIN m USING ("task", "metric")
    WHERE m.mrank <= ${MAX_METRICS} AND v.vrank <= ${MAX_VARIANTS}
    ORDER BY v."task", m.mrank, v.vrank`);
  if (stats.length === 0) return result;

  // Widths are planned per task (each task is its own histogram request in the original).
  const widths = new Array<number>(stats.length);
  const byTask = new Map<string, number[]>();
  stats.forEach((row, i) => byTask.set(row.task, [...(byTask.get(row.task) ?? []), i]));
  for (const indexes of byTask.values()) {
    const effective = groupWidths(indexes.map((i) => bucketWidth(stats[i]!, samples)));
    indexes.forEach((i, j) => (widths[i] = effective[j]!));
  }

  const buckets = await readSql<BucketRow>(Prisma.sql`
    SELECT p.idx, (k - ((k % p.w) + p.w) % p.w)::float8 AS x, avg(e."value"::real::float8) AS y
    FROM unnest(${stats.map((s) => s.task)}::text[], ${stats.map((s) => s.metric)}::text[],
        ${stats.map((s) => s.variant)}::text[], ${widths}::int8[]) WITH ORDINALITY AS p("task", "metric", "variant", w, idx)
      JOIN "event" e ON e."task" = p."task" AND e."type" = 'training_stats_scalar'
        AND e."metric" = p."metric" AND e."variant" = p."variant"
      CROSS JOIN LATERAL (SELECT ${key === 'iter' ? Prisma.sql`e."iter"::int8` : Prisma.sql`e."timestamp"`} AS k) kk
    WHERE k IS NOT NULL
    GROUP BY p.idx, 2 ORDER BY p.idx, 2`);

  const points = new Map<number, { x: (number | string)[]; y: (number | null)[] }>();
  for (const row of buckets) {
    const idx = Number(row.idx) - 1;
    let entry = points.get(idx);
    if (!entry) points.set(idx, (entry = { x: [], y: [] }));
    entry.x.push(key === 'iso_time' ? new Date(row.x).toISOString() : row.x);
    entry.y.push(row.y);
  }
  stats.forEach((row, i) => {
    const histogram = result.get(row.task)!;
    const variants = (histogram[row.metric] ??= {});
    const data = points.get(i);
    variants[row.variant] = data ? { name: row.variant, x: data.x, y: data.y } : { name: row.variant };
  });
  return result;
}

/**
 * `events.scalar_metrics_iter_histogram`: metric → variant → {name, x, y} of one readable task;
 * `{}` without scalar events. Throws TaskNotFoundError, ValidationError (samples, key).
 */
export async function getScalarHistogram(actor: Actor, taskId: string, options: HistogramOptions = {}): Promise<TaskHistogram> {
  const { samples, key } = checkOptions(options);
  const task = await getReadableEventTask(actor, taskId);
  return (await histogramsOf([task.id], samples, key)).get(task.id)!;
}

export interface CompareHistogramOptions extends HistogramOptions {
  /** Legacy callers: all tasks must keep their events in one company (B.5.8). */
  sameCompany?: boolean;
  /** Most tasks per call (legacy: 100); undefined = no cap. */
  maxTasks?: number;
}

/** metric → variant → task id → {name: task name, x, y}. */
export type CompareHistogram = Record<string, Record<string, Record<string, VariantHistogram>>>;

/**
 * `events.multi_task_scalar_metrics_iter_histogram`: the B.5.7 histogram of every task, keyed by
 * metric, variant and task, `name` being the task name. Throws TaskNotFoundError (also for tasks of
 * several companies with `sameCompany`) and ValidationError (empty or too many tasks, samples, key).
 */
export async function compareScalarHistograms(
  actor: Actor,
  taskIds: readonly string[],
  options: CompareHistogramOptions = {},
): Promise<CompareHistogram> {
  const { samples, key } = checkOptions(options);
  if (taskIds.length === 0) throw new ValidationError('tasks', 'at least one task id is required');
  if (options.maxTasks !== undefined && taskIds.length > options.maxTasks) {
    throw new ValidationError('tasks', `at most ${options.maxTasks} tasks`);
  }
  const tasks: EventTask[] = await getReadableEventTasks(actor, taskIds, { sameCompany: options.sameCompany });
  const histograms = await histogramsOf(tasks.map((t) => t.id), samples, key);
  const result: CompareHistogram = {};
  for (const task of tasks) {
    for (const [metric, variants] of Object.entries(histograms.get(task.id)!)) {
      for (const [variant, data] of Object.entries(variants)) {
        ((result[metric] ??= {})[variant] ??= {})[task.id] = { ...data, name: task.name };
      }
    }
  }
  return result;
}
