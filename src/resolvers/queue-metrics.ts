// Queue metrics (neighbours spec B.3.4): samples of a queue's length and average waiting time,
// taken just before every entry change (queues.ts embeds sampleBeforeChange in its statements), and
// their epoch-aligned, per-bucket summary. Talks to Prisma.
import { db, Prisma } from '../db.ts';
import type { Actor } from './context.ts';
import { ValidationError } from './errors.ts';

/** How far before `from` samples are still read (the original's `metrics_before_from_date`). */
export const METRICS_BEFORE_FROM_SECONDS = 3600;

/**
 * A `before` CTE holding one queue_metric row (company, queue, timestamp ms, queue_length,
 * average_waiting_time s) that describes the queue at `now`. Statements that change entries read it
 * in the same snapshot, so it is the state just before their change.
 */
export function sampleBeforeChange(companyId: string, queueId: string, now: Date): Prisma.Sql {
  return Prisma.sql`before AS (
    SELECT ${companyId}::text AS "company", ${queueId}::text AS "queue", ${now.getTime()}::bigint AS "timestamp",
      count(*)::int AS "queue_length",
      COALESCE(avg(EXTRACT(EPOCH FROM (${now}::timestamptz - "added"))), 0)::float8 AS "average_waiting_time"
    FROM "queue_entry" WHERE "queue" = ${queueId})`;
}

export interface QueueMetricsQuery {
  /** Epoch seconds. */
  from: number;
  /** Epoch seconds; must be greater than `from`. */
  to: number;
  /** Bucket width in seconds (≥ 1). */
  interval: number;
  /** Only these queues, one series each; absent/empty: one `total` series over all company queues. */
  queueIds?: string[] | null;
}

export interface QueueMetricsSeries {
  /** Queue id, or `total`. */
  queue: string;
  /** Bucket starts, epoch milliseconds, ascending. */
  dates: number[];
  /** Seconds. */
  avgWaitingTimes: number[];
  queueLengths: number[];
}

interface BucketSample {
  queue: string;
  bucket: bigint | number;
  queue_length: number;
  average_waiting_time: number;
}

/**
 * Queue metrics between `from − 1 h` and `to`: per epoch-aligned bucket of `interval` seconds and
 * per queue, the sample with the longest average waiting time (ties: the longer queue); empty
 * buckets are left out. With `queueIds` one series per queue that has data; without, one `total`
 * series in which a queue missing from a bucket counts with its values of the latest earlier bucket.
 */
export async function getQueueMetrics(actor: Actor, query: QueueMetricsQuery): Promise<QueueMetricsSeries[]> {
  const { from, to, interval } = query;
  for (const [field, value] of [['from_date', from], ['to_date', to]] as const) {
    if (!Number.isFinite(value) || value < 0) throw new ValidationError(field, 'must be a number >= 0', 'INVALID_INPUT');
  }
  if (!Number.isFinite(interval) || interval < 1) throw new ValidationError('interval', 'must be >= 1', 'INVALID_INPUT');
  if (from >= to) throw new ValidationError('from_date', 'from_date must be less than to_date', 'INVALID_FIELD_VALUE');
  const queueIds = query.queueIds?.filter(Boolean) ?? [];
  const width = Math.round(interval * 1000);
  const queues = queueIds.length
    ? Prisma.sql`"queue" IN (${Prisma.join(queueIds)})`
    : Prisma.sql`"queue" IN (SELECT "id" FROM "queue" WHERE "company" = ${actor.companyId})`;
  const samples = await db.$queryRaw<BucketSample[]>`
    SELECT DISTINCT ON ("queue", "bucket") "queue", "bucket", "queue_length", "average_waiting_time"
    FROM (
      SELECT "queue", floor("timestamp"::float8 / ${width})::bigint * ${width} AS "bucket",
        "queue_length", "average_waiting_time"
      FROM "queue_metric"
      WHERE "company" = ${actor.companyId} AND ${queues}
        AND "timestamp" >= ${Math.round((from - METRICS_BEFORE_FROM_SECONDS) * 1000)}
        AND "timestamp" <= ${Math.round(to * 1000)}
    ) s
    ORDER BY "queue", "bucket", "average_waiting_time" DESC, "queue_length" DESC`;
  if (queueIds.length) {
    const series = new Map<string, QueueMetricsSeries>();
    for (const sample of samples) {
      let entry = series.get(sample.queue);
      if (!entry) series.set(sample.queue, (entry = { queue: sample.queue, dates: [], avgWaitingTimes: [], queueLengths: [] }));
      entry.dates.push(Number(sample.bucket));
      entry.avgWaitingTimes.push(sample.average_waiting_time);
      entry.queueLengths.push(sample.queue_length);
    }
    return [...series.values()];
  }
  return [totalSeries(samples)];
}

/** The company-wide series: lengths summed, waiting times weighted by length, values carried forward. */
function totalSeries(samples: BucketSample[]): QueueMetricsSeries {
  const buckets = new Map<number, BucketSample[]>();
  for (const sample of samples) {
    const bucket = Number(sample.bucket);
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), sample]);
  }
  const total: QueueMetricsSeries = { queue: 'total', dates: [], avgWaitingTimes: [], queueLengths: [] };
  const latest = new Map<string, { length: number; wait: number }>();
  for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
    for (const sample of buckets.get(bucket)!) {
      latest.set(sample.queue, { length: sample.queue_length, wait: sample.average_waiting_time });
    }
    let length = 0;
    let weighted = 0;
    for (const { length: l, wait } of latest.values()) {
      length += l;
      weighted += wait * l;
    }
    total.dates.push(bucket);
    total.queueLengths.push(length);
    total.avgWaitingTimes.push(length === 0 ? 0 : weighted / length);
  }
  return total;
}
