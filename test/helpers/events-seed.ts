// Seeds events straight into the `event` table with the layout the write path produces (company,
// task, type, md5 identity key or NULL for logs, iter, metric, variant, timestamp ms, value, url and
// the full legacy document), set-based: one INSERT … SELECT per call, even for a million points.
import { createHash } from 'node:crypto';
import { db, Prisma } from '../../src/db.ts';
import type { EventType } from '../../src/generated/prisma/enums.ts';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

export interface SeedEvent {
  companyId: string;
  taskId: string;
  type: EventType;
  iter?: number | null;
  metric?: string;
  variant?: string;
  /** Epoch ms (default: a fixed base + iter seconds). */
  timestamp?: number;
  value?: number | null;
  /** Vector events: the `value` array of the document. */
  values?: number[];
  url?: string;
  /** Image events: the identity `key` member. */
  key?: string;
  extra?: Record<string, unknown>;
}

export const BASE_TIME = Date.UTC(2020, 8, 1, 10, 0, 0);

/** The identity of a non-log event: md5 of task, iter, metric, variant, key (present ones) joined by `-`. */
export function eventKey(event: SeedEvent): string | null {
  if (event.type === 'log') return null;
  const parts = [event.taskId, event.iter ?? undefined, event.metric ?? '', event.variant ?? '', event.key];
  return md5(parts.filter((p) => p !== undefined && p !== null).map(String).join('-'));
}

/** The stored legacy document of an event. */
export function eventDoc(event: SeedEvent): Record<string, unknown> {
  const timestamp = event.timestamp ?? BASE_TIME + (event.iter ?? 0) * 1000;
  const doc: Record<string, unknown> = {
    type: event.type,
    task: event.taskId,
    metric: event.metric ?? '',
    variant: event.variant ?? '',
    timestamp,
    worker: 'seed-worker',
    '@timestamp': new Date(timestamp).toISOString(),
  };
  if (event.iter !== undefined && event.iter !== null) doc.iter = event.iter;
  if (event.values) doc.value = event.values;
  else if (event.value !== undefined && event.value !== null) doc.value = event.value;
  if (event.url !== undefined) doc.url = event.url;
  if (event.key !== undefined) doc.key = event.key;
  return { ...doc, ...event.extra };
}

/** Inserts events (upserting by identity, as the write path does). */
export async function seedEvents(events: readonly SeedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => {
    const doc = eventDoc(e);
    return {
      company: e.companyId,
      task: e.taskId,
      type: e.type,
      key: eventKey(e),
      iter: e.iter ?? null,
      metric: e.metric ?? '',
      variant: e.variant ?? '',
      timestamp: doc.timestamp as number,
      value: e.values ? null : (e.value ?? null),
      url: e.url ?? null,
      doc,
    };
  });
  await db.$executeRaw`
    INSERT INTO "event" ("company", "task", "type", "key", "iter", "metric", "variant", "timestamp", "value", "url", "doc")
    SELECT r.company, r.task, r.type::"EventType", r.key, r.iter, r.metric, r.variant, r.timestamp, r.value, r.url, r.doc
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(company text, task text, type text, key text, iter int,
      metric text, variant text, timestamp int8, value float8, url text, doc jsonb)
    ON CONFLICT ("task", "type", "key") DO UPDATE SET "iter" = EXCLUDED."iter", "timestamp" = EXCLUDED."timestamp",
      "value" = EXCLUDED."value", "url" = EXCLUDED."url", "doc" = EXCLUDED."doc"`;
}

export interface ScalarSeriesSeed {
  companyId: string;
  taskId: string;
  metric: string;
  variant: string;
  /** Points at iterations first, first + step, … (count of them). */
  count: number;
  first?: number;
  step?: number;
  /** SQL expression of the value in terms of the iteration `i` (default: `i`). */
  valueSql?: string;
  /** Milliseconds between points (timestamps start at BASE_TIME + first × msPerIter). */
  msPerIter?: number;
  /** Leaner documents for very large series (no worker / @timestamp members). */
  lean?: boolean;
}

/** A whole scalar series in one INSERT … SELECT FROM generate_series (a million points included). */
export async function seedScalarSeries(seed: ScalarSeriesSeed): Promise<void> {
  const first = seed.first ?? 0;
  const step = seed.step ?? 1;
  const ms = seed.msPerIter ?? 1000;
  const value = Prisma.raw(seed.valueSql ?? 'i::float8');
  const doc = seed.lean
    ? Prisma.sql`jsonb_build_object('type', 'training_stats_scalar', 'task', ${seed.taskId}::text, 'iter', i,
        'metric', ${seed.metric}::text, 'variant', ${seed.variant}::text, 'value', v, 'timestamp', ts)`
    : Prisma.sql`jsonb_build_object('type', 'training_stats_scalar', 'task', ${seed.taskId}::text, 'iter', i,
        'metric', ${seed.metric}::text, 'variant', ${seed.variant}::text, 'value', v, 'timestamp', ts,
        'worker', 'seed-worker', '@timestamp', to_char(to_timestamp(ts / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;
  await db.$executeRaw`
    INSERT INTO "event" ("company", "task", "type", "key", "iter", "metric", "variant", "timestamp", "value", "doc")
    SELECT ${seed.companyId}, ${seed.taskId}, 'training_stats_scalar',
      md5(${seed.taskId}::text || '-' || i || '-' || ${seed.metric}::text || '-' || ${seed.variant}::text),
      i, ${seed.metric}, ${seed.variant}, ts, v, ${doc}
    FROM generate_series(0, ${seed.count - 1}::int) AS n
      CROSS JOIN LATERAL (SELECT ${first}::int + n * ${step}::int AS i) ii
      CROSS JOIN LATERAL (SELECT ${BASE_TIME}::int8 + i::int8 * ${ms}::int8 AS ts, (${value})::float8 AS v) vv
    ON CONFLICT ("task", "type", "key") DO UPDATE SET "value" = EXCLUDED."value", "doc" = EXCLUDED."doc"`;
}

/** Sets a task's last_metrics map from {metric, variant, value, min, max} entries. */
export async function setLastMetrics(
  taskId: string,
  entries: readonly { metric: string; variant: string; value: number; min: number; max: number }[],
): Promise<void> {
  const map: Record<string, Record<string, unknown>> = {};
  for (const e of entries) {
    (map[md5(e.metric)] ??= {})[md5(e.variant)] = {
      metric: e.metric,
      variant: e.variant,
      value: e.value,
      min_value: e.min,
      max_value: e.max,
    };
  }
  await db.task.update({ where: { id: taskId }, data: { lastMetrics: map as Prisma.InputJsonValue } });
}

/** Records in a task's metric_stats that `metric` last reported an image at `lastUpdate` ms. */
export async function setImageStats(taskId: string, metric: string, lastUpdate: number): Promise<void> {
  const task = await db.task.findUniqueOrThrow({ where: { id: taskId }, select: { metricStats: true } });
  const stats = { ...(task.metricStats as Record<string, unknown>) };
  stats[md5(metric)] = { metric, event_stats_by_type: { training_debug_image: { last_update: lastUpdate } } };
  await db.task.update({ where: { id: taskId }, data: { metricStats: stats as Prisma.InputJsonValue } });
}
