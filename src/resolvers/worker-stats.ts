// Worker machine statistics (neighbours spec B.4.3 step 3, B.4.5): samples from status reports,
// one row per reported number, and their epoch-aligned summaries (metric keys, avg/min/max per
// bucket, active-worker counts). Values are stored as 32-bit floats and aggregated as doubles, as
// the original's Elasticsearch did. Talks to Prisma.
import { db, Prisma } from '../db.ts';
import type { Actor } from './context.ts';
import { DomainError, ValidationError } from './errors.ts';

/** `machine_stats` of a report: numbers, or one number per device (GPUs, CPUs). */
export type MachineStats = Record<string, number | number[] | null | undefined>;

interface StatRow {
  category: string;
  metric: string;
  variant: string;
  value: number;
}

/** The rows a report stores: non-zero numbers (variant `total`), every element of non-empty arrays (variant = index). */
export function statRows(stats: MachineStats): StatRow[] {
  const rows: StatRow[] = [];
  for (const [metric, value] of Object.entries(stats)) {
    const category = metric.split('_', 1)[0]!;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        if (typeof item !== 'number' || !Number.isFinite(item)) {
          throw new ValidationError(`machine_stats.${metric}`, 'expected a list of numbers', 'INVALID_INPUT');
        }
        rows.push({ category, metric, variant: String(index), value: item });
      });
    } else if (value !== null && value !== undefined) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ValidationError(`machine_stats.${metric}`, 'expected a number', 'INVALID_INPUT');
      }
      if (value !== 0) rows.push({ category, metric, variant: 'total', value });
    }
  }
  return rows;
}

/** Stores a report's machine statistics in one statement. */
export async function recordMachineStats(
  actor: Actor,
  input: { workerId: string; taskId: string | null; timestamp: number; stats: MachineStats },
): Promise<number> {
  const rows = statRows(input.stats);
  if (rows.length === 0) return 0;
  return db.$executeRaw`
    INSERT INTO "worker_stat" ("company", "worker", "task", "category", "metric", "variant", "timestamp", "value")
    SELECT ${actor.companyId}, ${input.workerId}, ${input.taskId}, r.category, r.metric, r.variant,
      ${Math.trunc(input.timestamp)}::bigint, r.value::real
    FROM unnest(${rows.map((r) => r.category)}::text[], ${rows.map((r) => r.metric)}::text[],
      ${rows.map((r) => r.variant)}::text[], ${rows.map((r) => r.value)}::float8[])
      AS r(category, metric, variant, value)`;
}

export interface MetricCategory {
  name: string;
  metricKeys: string[];
}

/** Categories and metric names the company's workers (optionally only `workerIds`) reported; NO_WORKER_STATS when none. */
export async function getWorkerMetricKeys(actor: Actor, workerIds?: string[] | null): Promise<MetricCategory[]> {
  const rows = await db.workerStat.findMany({
    where: { companyId: actor.companyId, ...(workerIds?.length ? { workerId: { in: workerIds } } : {}) },
    distinct: ['category', 'metric'],
    select: { category: true, metric: true },
    orderBy: [{ category: 'asc' }, { metric: 'asc' }],
  });
  if (rows.length === 0) throw new DomainError('NO_WORKER_STATS', 'No worker statistics were recorded', {});
  const categories = new Map<string, string[]>();
  for (const { category, metric } of rows) categories.set(category, [...(categories.get(category) ?? []), metric]);
  return [...categories].map(([name, metricKeys]) => ({ name, metricKeys }));
}

export type StatAggregation = 'avg' | 'min' | 'max';

export interface StatsRange {
  /** Epoch seconds. */
  from: number;
  /** Epoch seconds, greater than `from`. */
  to: number;
  /** Bucket width in seconds (≥ 1). */
  interval: number;
}

export interface WorkerStatsQuery extends StatsRange {
  items: { key: string; aggregation?: StatAggregation | null }[];
  splitByVariant?: boolean;
  workerIds?: string[] | null;
}

export interface WorkerMetricStats {
  metric: string;
  /** Only when split by variant. */
  variant?: string;
  /** Bucket starts, epoch milliseconds. */
  dates: number[];
  stats: { aggregation: StatAggregation; values: number[] }[];
}

export interface WorkerStats {
  worker: string;
  metrics: WorkerMetricStats[];
}

function checkRange({ from, to, interval }: StatsRange) {
  for (const [field, value] of [['from_date', from], ['to_date', to]] as const) {
    if (!Number.isFinite(value)) throw new ValidationError(field, 'must be a number', 'INVALID_INPUT');
  }
  if (!Number.isFinite(interval) || interval < 1) throw new ValidationError('interval', 'must be >= 1', 'INVALID_INPUT');
  if (from >= to) throw new ValidationError('from_date', 'from_date must be less than to_date', 'INVALID_FIELD_VALUE');
  return { fromMs: Math.round(from * 1000), toMs: Math.round(to * 1000), width: Math.round(interval * 1000) };
}

const aggregations: readonly StatAggregation[] = ['avg', 'min', 'max'];

/**
 * avg/min/max of the requested metrics per worker, metric (and variant when split) and epoch-aligned
 * bucket, between `from` and `to` (inclusive). Metrics without data are left out.
 */
export async function getWorkerStats(actor: Actor, query: WorkerStatsQuery): Promise<WorkerStats[]> {
  const { fromMs, toMs, width } = checkRange(query);
  if (query.items.length === 0) throw new ValidationError('items', 'at least one item is required', 'INVALID_INPUT');
  const wanted = new Map<string, StatAggregation[]>();
  for (const item of query.items) {
    const aggregation = item.aggregation ?? 'avg';
    if (!aggregations.includes(aggregation)) throw new ValidationError('items.aggregation', 'must be avg, min or max', 'INVALID_INPUT');
    const list = wanted.get(item.key) ?? [];
    if (!list.includes(aggregation)) list.push(aggregation);
    wanted.set(item.key, list);
  }
  const split = query.splitByVariant ?? false;
  const variant = split ? Prisma.sql`"variant"` : Prisma.sql`NULL::text`;
  const workers = query.workerIds?.length ? Prisma.sql`AND "worker" IN (${Prisma.join(query.workerIds)})` : Prisma.empty;
  const rows = await db.$queryRaw<{ worker: string; metric: string; variant: string | null; bucket: bigint; avg: number; min: number; max: number }[]>`
    SELECT "worker", "metric", ${variant} AS "variant", floor("timestamp"::float8 / ${width})::bigint * ${width} AS "bucket",
      avg("value"::float8) AS "avg", min("value")::float8 AS "min", max("value")::float8 AS "max"
    FROM "worker_stat"
    WHERE "company" = ${actor.companyId} AND "metric" IN (${Prisma.join([...wanted.keys()])})
      AND "timestamp" >= ${fromMs} AND "timestamp" <= ${toMs} ${workers}
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4`;
  const result = new Map<string, Map<string, WorkerMetricStats>>();
  for (const row of rows) {
    let metrics = result.get(row.worker);
    if (!metrics) result.set(row.worker, (metrics = new Map()));
    const key = `${row.metric}\u0000${row.variant ?? ''}`;
    let series = metrics.get(key);
    if (!series) {
      series = {
        metric: row.metric,
        ...(split ? { variant: row.variant ?? '' } : {}),
        dates: [],
        stats: wanted.get(row.metric)!.map((aggregation) => ({ aggregation, values: [] })),
      };
      metrics.set(key, series);
    }
    series.dates.push(Number(row.bucket));
    for (const stat of series.stats) stat.values.push(row[stat.aggregation]);
  }
  return [...result].map(([worker, metrics]) => ({ worker, metrics: [...metrics.values()] }));
}

export interface ActivitySeries {
  /** Bucket starts, epoch milliseconds. */
  dates: number[];
  counts: number[];
}

/**
 * Distinct reporting workers per bucket (`total`) and those reporting with a task (`active`), from
 * the first to the last populated bucket of each series (gaps as 0). Unlike the original, the last
 * bucket is kept (its dropping is a unit mix-up there, spec C.2).
 */
export async function getWorkerActivityReport(actor: Actor, range: StatsRange): Promise<{ total: ActivitySeries; active: ActivitySeries }> {
  const { fromMs, toMs, width } = checkRange(range);
  const rows = await db.$queryRaw<{ bucket: bigint; total: number; active: number }[]>`
    SELECT floor("timestamp"::float8 / ${width})::bigint * ${width} AS "bucket",
      count(DISTINCT "worker")::int AS "total",
      count(DISTINCT "worker") FILTER (WHERE "task" IS NOT NULL)::int AS "active"
    FROM "worker_stat"
    WHERE "company" = ${actor.companyId} AND "timestamp" >= ${fromMs} AND "timestamp" <= ${toMs}
    GROUP BY 1 ORDER BY 1`;
  const series = (pick: 'total' | 'active'): ActivitySeries => {
    const populated = rows.filter((r) => r[pick] > 0).map((r) => [Number(r.bucket), r[pick]] as const);
    if (populated.length === 0) return { dates: [], counts: [] };
    const counts = new Map(populated);
    const dates: number[] = [];
    for (let bucket = populated[0]![0]; bucket <= populated[populated.length - 1]![0]; bucket += width) dates.push(bucket);
    return { dates, counts: dates.map((d) => counts.get(d) ?? 0) };
  };
  return { total: series('total'), active: series('active') };
}
