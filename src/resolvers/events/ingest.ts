// Event ingestion (neighbours spec B.5.1, B.5.2; tasks spec 4.4). Responsible for validating and
// normalising a batch, upserting it with one set-based statement and updating the statistics of
// the touched tasks in the same transaction. Talks to Storage through two raw statements.
import { createHash } from 'node:crypto';
import { db, Prisma } from '../../db.ts';
import type { EventType } from '../../generated/prisma/enums.ts';
import type { Actor } from '../context.ts';
import { DomainError, EventsNotAddedError } from '../errors.ts';
import { metricHash } from '../tasks/metrics.ts';
import { isEventType } from './read-scope.ts';

/** A reported event as clients send it (legacy wire shape: `type`, `task`, `iter`, `metric`, ...). */
export type EventDocument = Record<string, unknown>;

export interface AddEventsOptions {
  /** Also write to publishing/published tasks (events.add `allow_locked`). */
  allowLocked?: boolean;
  /** Default `worker` of the events (the X-Trains-Worker header); `<unknown>` when absent. */
  worker?: string;
}

export interface AddEventsResult {
  added: number;
  errors: number;
  /** Rejected events by reason, e.g. `{"Invalid task id": 2}`. */
  errorsInfo: Record<string, number>;
}

export const REJECT_NO_TYPE = "Event must have a 'type' field";
export const REJECT_NO_TASK = "Event must have a 'task' field";
export const REJECT_INVALID_TASK = 'Invalid task id';
export const rejectInvalidType = (type: unknown) => `Invalid event type ${String(type)}`;
// Not reasons of the original (which fails the whole call there): values our columns cannot hold.
export const REJECT_INVALID_ITER = 'Invalid event iter';
export const REJECT_INVALID_TIMESTAMP = 'Invalid event timestamp';

/** Resource-monitor metrics do not advance a task's last_iteration. */
const MONITOR_METRICS = new Set([':monitor:machine', ':monitor:gpu']);
const LOCKED_STATUSES = new Set(['publishing', 'published']);
const INT32_MAX = 2 ** 31 - 1;

interface PreparedEvent {
  task: string;
  type: EventType;
  key: string | null;
  iter: number | null;
  metric: string;
  variant: string;
  timestamp: number;
  value: number | null;
  url: string | null;
  doc: EventDocument;
}

/** Python's int() of the values a JSON `iter` may hold; undefined when it has no integer value. */
function toIter(value: unknown): number | undefined {
  let number: number;
  if (typeof value === 'number') number = Math.trunc(value);
  else if (typeof value === 'boolean') number = value ? 1 : 0;
  else if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) number = Number(value.trim());
  else return undefined;
  return Number.isFinite(number) && Math.abs(number) <= INT32_MAX ? number : undefined;
}

/** The storage identity of a non-log event: md5 of task, iter, metric, variant, key (those present). */
export function eventIdentity(doc: EventDocument): string {
  const parts: string[] = [];
  for (const field of ['task', 'iter', 'metric', 'variant', 'key']) {
    if (field in doc && doc[field] !== undefined) parts.push(String(doc[field]));
  }
  return createHash('md5').update(parts.join('-'), 'utf8').digest('hex');
}

/** Rejected events by reason, listed in the order of each reason's first event in the batch. */
class Rejections {
  private readonly counts = new Map<string, { first: number; count: number }>();
  count = 0;
  add(reason: string, position: number) {
    const entry = this.counts.get(reason);
    if (entry) {
      entry.count++;
      entry.first = Math.min(entry.first, position);
    } else {
      this.counts.set(reason, { first: position, count: 1 });
    }
    this.count++;
  }
  get info(): Record<string, number> {
    const entries = [...this.counts.entries()].sort(([, a], [, b]) => a.first - b.first);
    return Object.fromEntries(entries.map(([reason, { count }]) => [reason, count]));
  }
}

/**
 * Normalises one event (B.5.1): `ts` → `timestamp` (default now), integer `iter`, `metric`/
 * `variant` default "", `worker` default, server `@timestamp`, vector `values` → `value`. Returns
 * the reason when the event cannot be stored.
 */
function prepareEvent(raw: EventDocument, type: EventType, task: string, now: number, writeTime: string, worker: string): PreparedEvent | string {
  const doc: EventDocument = { ...raw, type };
  if ('ts' in doc) {
    doc.timestamp = doc.ts;
    delete doc.ts;
  }
  if (!doc.timestamp) doc.timestamp = now;
  const timestamp = Math.trunc(Number(doc.timestamp));
  if (!Number.isSafeInteger(timestamp) || typeof doc.timestamp === 'boolean') return REJECT_INVALID_TIMESTAMP;
  let iter: number | null = null;
  if (doc.iter !== undefined && doc.iter !== null) {
    const converted = toIter(doc.iter);
    if (converted === undefined) return REJECT_INVALID_ITER;
    doc.iter = iter = converted;
  }
  if (doc.metric === undefined) doc.metric = '';
  if (doc.variant === undefined) doc.variant = '';
  if (!doc.worker) doc.worker = worker;
  doc['@timestamp'] = writeTime;
  if (type === 'training_stats_vector' && 'values' in doc) {
    doc.value = doc.values;
    delete doc.values;
  }
  return {
    task,
    type,
    key: type === 'log' ? null : eventIdentity(doc),
    iter,
    metric: String(doc.metric ?? ''),
    variant: String(doc.variant ?? ''),
    timestamp,
    value: type === 'training_stats_scalar' && typeof doc.value === 'number' ? doc.value : null,
    url: typeof doc.url === 'string' ? doc.url : null,
    doc,
  };
}

interface LastMetric {
  metric: string;
  variant: string;
  value: number;
  min_value: number;
  max_value: number;
  /** Ordering of the candidates, not stored. */
  iter: number;
  timestamp: number;
}

interface TaskStatistics {
  maxIter: number | null;
  /** md5(metric) → md5(variant) → candidate. */
  lastMetrics: Map<string, LastMetric>;
  metricStats: Record<string, { metric: string; event_stats_by_type: Record<string, { last_update: number }> }>;
  hasMetricStats: boolean;
}

/**
 * Per-task statistics of a batch (tasks spec 4.4). For each scalar series the event with the
 * greatest (iter, timestamp) wins, later events winning ties; the batch's min/max are taken over
 * the sequence of winners, as the original does (an event that loses the comparison does not
 * contribute).
 */
function batchStatistics(events: readonly PreparedEvent[]): Map<string, TaskStatistics> {
  const byTask = new Map<string, TaskStatistics>();
  for (const event of events) {
    let stats = byTask.get(event.task);
    if (!stats) {
      stats = { maxIter: null, lastMetrics: new Map(), metricStats: {}, hasMetricStats: false };
      byTask.set(event.task, stats);
    }
    if (event.iter !== null && !MONITOR_METRICS.has(event.metric)) {
      stats.maxIter = stats.maxIter === null ? event.iter : Math.max(stats.maxIter, event.iter);
    }
    if (event.metric !== '') {
      const hash = metricHash(event.metric);
      const entry = (stats.metricStats[hash] ??= { metric: event.metric, event_stats_by_type: {} });
      const previous = entry.event_stats_by_type[event.type]?.last_update;
      if (previous === undefined || event.timestamp >= previous) {
        entry.event_stats_by_type[event.type] = { last_update: event.timestamp };
      }
      stats.hasMetricStats = true;
    }
    if (event.type === 'training_stats_scalar' && event.value !== null && event.metric !== '' && event.variant !== '') {
      const key = `${event.metric}\u0000${event.variant}`;
      const current = stats.lastMetrics.get(key);
      const iter = event.iter ?? 0;
      if (current === undefined) {
        stats.lastMetrics.set(key, {
          metric: event.metric,
          variant: event.variant,
          value: event.value,
          min_value: event.value,
          max_value: event.value,
          iter,
          timestamp: event.timestamp,
        });
      } else if (iter > current.iter || (iter === current.iter && event.timestamp >= current.timestamp)) {
        current.value = event.value;
        current.min_value = Math.min(current.min_value, event.value);
        current.max_value = Math.max(current.max_value, event.value);
        current.iter = iter;
        current.timestamp = event.timestamp;
      }
    }
  }
  return byTask;
}

/** The per-task update rows of the statistics statement. */
function statisticsRows(byTask: Map<string, TaskStatistics>) {
  return [...byTask.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, stats]) => ({
      id,
      max_iter: stats.maxIter,
      metric_stats: stats.hasMetricStats ? stats.metricStats : null,
      metrics: [...stats.lastMetrics.values()].map((m) => ({
        mh: metricHash(m.metric),
        vh: metricHash(m.variant),
        metric: m.metric,
        variant: m.variant,
        value: m.value,
        min_value: m.min_value,
        max_value: m.max_value,
      })),
    }));
}

/**
 * Stores a batch of events for the caller's own tasks (B.5.2). Each event is checked in order —
 * type present, type valid (spaces become `_`), task present, task writable (the caller's company,
 * not public, and not publishing/published unless `allowLocked`) — and rejected events are
 * counted by reason. Valid events are upserted by identity (log events appended) and the touched
 * tasks get last_iteration, last_metrics, metric_stats and last_update, all in one transaction.
 * Throws EMPTY_BATCH for an empty list and EventsNotAddedError when nothing could be stored.
 */
export async function addEvents(
  actor: Actor,
  events: readonly EventDocument[],
  options: AddEventsOptions = {},
): Promise<AddEventsResult> {
  if (events.length === 0) throw new DomainError('EMPTY_BATCH', 'Batch request contains no items');
  const rejected = new Rejections();
  const candidates: { raw: EventDocument; type: EventType; task: string; position: number }[] = [];
  const taskIds = new Set<string>();
  for (let position = 0; position < events.length; position++) {
    const raw = events[position]!;
    if (raw.type === undefined || raw.type === null) {
      rejected.add(REJECT_NO_TYPE, position);
      continue;
    }
    const type = typeof raw.type === 'string' ? raw.type.replaceAll(' ', '_') : raw.type;
    if (!isEventType(type)) {
      rejected.add(rejectInvalidType(type), position);
      continue;
    }
    if (raw.task === undefined || raw.task === null) {
      rejected.add(REJECT_NO_TASK, position);
      continue;
    }
    if (typeof raw.task !== 'string') {
      rejected.add(REJECT_INVALID_TASK, position);
      continue;
    }
    candidates.push({ raw, type, task: raw.task, position });
    taskIds.add(raw.task);
  }

  const writable = await writableTaskIds(actor, [...taskIds], options.allowLocked ?? false);
  const now = Date.now();
  const writeTime = new Date(now).toISOString();
  const worker = options.worker || '<unknown>';
  const accepted: PreparedEvent[] = [];
  for (const { raw, type, task, position } of candidates) {
    if (!writable.has(task)) {
      rejected.add(REJECT_INVALID_TASK, position);
      continue;
    }
    const prepared = prepareEvent(raw, type, task, now, writeTime, worker);
    if (typeof prepared === 'string') rejected.add(prepared, position);
    else accepted.push(prepared);
  }
  const errorsInfo = rejected.info;
  if (accepted.length === 0) throw new EventsNotAddedError(errorsInfo);

  await db.$transaction([
    upsertStatement(actor.companyId, uniqueByIdentity(accepted)),
    statisticsStatement(statisticsRows(batchStatistics(accepted))),
  ]);
  return { added: accepted.length, errors: rejected.count, errorsInfo };
}

async function writableTaskIds(actor: Actor, ids: string[], allowLocked: boolean): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const tasks = await db.task.findMany({
    where: { id: { in: ids }, companyId: actor.companyId },
    select: { id: true, status: true },
  });
  return new Set(tasks.filter((t) => allowLocked || !LOCKED_STATUSES.has(t.status)).map((t) => t.id));
}

/**
 * One row per identity (the last event of the batch wins, as sequential upserts would leave it;
 * ON CONFLICT cannot touch a row twice in one statement), sorted by identity so that concurrent
 * batches lock shared rows in the same order. Log events are all kept, in batch order.
 */
function uniqueByIdentity(events: readonly PreparedEvent[]): PreparedEvent[] {
  // The identity hash covers the task id, so (type, key) identifies the row.
  const byKey = new Map<string, PreparedEvent>();
  const logs: PreparedEvent[] = [];
  for (const event of events) {
    if (event.key === null) logs.push(event);
    else byKey.set(`${event.key}${event.type}`, event);
  }
  const keyed = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, event]) => event);
  return [...keyed, ...logs];
}

/**
 * INSERT ... SELECT over one JSON array of rows (short member names), parsed once by the server.
 * One text parameter instead of ten arrays: the client neither escapes array literals nor maps
 * array elements, and the documents are serialised in the same single JSON.stringify.
 */
function upsertStatement(companyId: string, events: readonly PreparedEvent[]) {
  const rows = events.map((e) => ({ t: e.task, y: e.type, k: e.key, i: e.iter, m: e.metric, v: e.variant, s: e.timestamp, x: e.value, u: e.url, d: e.doc }));
  return db.$executeRaw`
    INSERT INTO "event" ("company", "task", "type", "key", "iter", "metric", "variant", "timestamp", "value", "url", "doc")
    SELECT ${companyId}, e.t, e.y::"EventType", e.k, e.i, e.m, e.v, e.s, e.x, e.u, e.d::jsonb
    FROM json_to_recordset(${JSON.stringify(rows)}::json)
      AS e(t text, y text, k text, i int, m text, v text, s int8, x float8, u text, d json)
    ON CONFLICT ("task", "type", "key") DO UPDATE SET
      "company" = EXCLUDED."company", "iter" = EXCLUDED."iter", "metric" = EXCLUDED."metric",
      "variant" = EXCLUDED."variant", "timestamp" = EXCLUDED."timestamp", "value" = EXCLUDED."value",
      "url" = EXCLUDED."url", "doc" = EXCLUDED."doc"`;
}

/**
 * One UPDATE for all touched tasks, computed from the stored row (so concurrent batches, which
 * serialise on the row lock, each merge into the other's result): last_iteration = max(stored,
 * batch), last_metrics entries overwritten with min/max merged, metric_stats replaced when the
 * batch has metric events (tasks spec 4.4 quirk), last_update = now. Rows are locked in id order.
 */
function statisticsStatement(rows: ReturnType<typeof statisticsRows>) {
  const ids = rows.map((row) => row.id);
  return db.$executeRaw`
    WITH "locked" AS (
      SELECT "id" FROM "task" WHERE "id" = ANY(${ids}::text[]) ORDER BY "id" FOR NO KEY UPDATE
    )
    UPDATE "task" AS t SET
      "last_update" = now(),
      "last_iteration" = GREATEST(t."last_iteration", COALESCE(u.max_iter, t."last_iteration")),
      "metric_stats" = COALESCE(u.metric_stats, t."metric_stats"),
      "last_metrics" = t."last_metrics" || COALESCE((
        SELECT jsonb_object_agg(g.mh, COALESCE(t."last_metrics" -> g.mh, '{}'::jsonb) || g.variants)
        FROM (
          SELECT m ->> 'mh' AS mh, jsonb_object_agg(m ->> 'vh', (m - 'mh' - 'vh') || jsonb_build_object(
            'min_value', CASE
              WHEN jsonb_typeof(o.old -> 'min_value') = 'number'
                AND (o.old ->> 'min_value')::float8 < (m ->> 'min_value')::float8 THEN o.old -> 'min_value'
              ELSE m -> 'min_value' END,
            'max_value', CASE
              WHEN jsonb_typeof(o.old -> 'max_value') = 'number'
                AND (o.old ->> 'max_value')::float8 > (m ->> 'max_value')::float8 THEN o.old -> 'max_value'
              ELSE m -> 'max_value' END
          )) AS variants
          FROM jsonb_array_elements(u.metrics) AS m,
            LATERAL (SELECT t."last_metrics" -> (m ->> 'mh') -> (m ->> 'vh') AS old) AS o
          GROUP BY m ->> 'mh'
        ) AS g
      ), '{}'::jsonb)
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS u(id text, max_iter int, metric_stats jsonb, metrics jsonb)
    JOIN "locked" ON "locked"."id" = u.id
    WHERE t."id" = u.id`;
}
