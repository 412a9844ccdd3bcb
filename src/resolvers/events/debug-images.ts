// Debug images by iteration (neighbours spec B.5.10): the legacy 2.7 navigation whose state (per
// requested task metric: the iteration window returned so far and each variant's recycled-URL
// mark) lives in event_scroll for an hour after its last use, and a stateless iteration paging for
// GraphQL. Events without a URL or an iteration never count.
import { randomUUID } from 'node:crypto';
import { db, Prisma, readSql } from '../../db.ts';
import type { Actor } from '../context.ts';
import { DomainError, ValidationError } from '../errors.ts';
import { metricHash } from '../tasks/metrics.ts';
import { companyHasEvents, getReadableEventTask, getReadableEventTasks, MAX_VARIANTS } from './read-scope.ts';

/** How long a navigation state lives after its last use. */
export const STATE_TTL_MS = 60 * 60 * 1000;
/** Events per (iteration, variant) in a legacy page (the original's top-hits default). */
const EVENTS_PER_VARIANT = 3;
const STATE_KIND = 'debug_images';

/** A known scroll id used with other task metrics than the ones its state was made for. */
export class ScrollStateMismatchError extends DomainError {
  readonly scrollId: string;
  constructor(scrollId: string) {
    super('SCROLL_STATE_MISMATCH', 'Invalid scroll id (Task metrics stored in the state do not match the passed ones)', {
      scrollId,
    });
    this.scrollId = scrollId;
  }
}

interface VariantState {
  name: string;
  /** Events of this variant at iterations ≤ this one point to recycled (overwritten) files. */
  invalidUpTo: number | null;
}

interface MetricState {
  task: string;
  metric: string;
  /** Newest image event time (ms) when the metric state was made; refresh compares with it. */
  timestamp: number;
  min: number | null;
  max: number | null;
  variants: VariantState[];
}

interface NavigationState {
  kind: typeof STATE_KIND;
  /** The requested (task, metric) pairs, sorted: a scroll id only serves the same request. */
  requested: [string, string][];
  metrics: MetricState[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Per (task, metric) with image events: its variants (by name), each with its recycled-URL mark —
 * when the URL at the variant's highest iteration also appears at an earlier iteration, the
 * second-highest iteration of that URL — and the newest event time. `metric` null = every metric.
 * Metrics of a task by name; tasks in the order given.
 */
async function initMetricStates(pairs: readonly { task: string; metric: string | null }[]): Promise<MetricState[]> {
  if (pairs.length === 0) return [];
  const rows = await readSql<{ task: string; metric: string; variant: string; ts: number; invalid: number | null }>(Prisma.sql`
    WITH ev AS MATERIALIZED (
      SELECT e."task", e."metric", e."variant", e."iter", e."url", e."timestamp"
      FROM unnest(${pairs.map((p) => p.task)}::text[], ${pairs.map((p) => p.metric)}::text[]) AS r("task", "metric")
        JOIN "event" e ON e."task" = r."task" AND e."type" = 'training_debug_image'
          AND (r."metric" IS NULL OR e."metric" = r."metric") AND e."url" IS NOT NULL
    ), top AS (
      SELECT DISTINCT ON ("task", "metric", "variant") "task", "metric", "variant", "url" FROM ev
      WHERE "iter" IS NOT NULL ORDER BY "task", "metric", "variant", "iter" DESC, "url" COLLATE "C"
    ), marks AS (
      SELECT t."task", t."metric", t."variant", (
        SELECT e."iter" FROM ev e WHERE e."task" = t."task" AND e."metric" = t."metric" AND e."variant" = t."variant"
          AND e."url" = t."url" AND e."iter" IS NOT NULL ORDER BY e."iter" DESC OFFSET 1 LIMIT 1
      ) AS invalid FROM top t
    ), stats AS (
      SELECT "task", "metric", "variant", max("timestamp") OVER (PARTITION BY "task", "metric") AS ts FROM ev
    )
    SELECT DISTINCT s."task", s."metric", s."variant", s.ts::float8 AS ts, m.invalid
    FROM stats s LEFT JOIN marks m USING ("task", "metric", "variant")`);
  const taskOrder = new Map<string, number>();
  for (const p of pairs) if (!taskOrder.has(p.task)) taskOrder.set(p.task, taskOrder.size);
  rows.sort((a, b) => taskOrder.get(a.task)! - taskOrder.get(b.task)! || cmp(a.metric, b.metric) || cmp(a.variant, b.variant));
  const states: MetricState[] = [];
  for (const row of rows) {
    let state = states.at(-1);
    if (!state || state.task !== row.task || state.metric !== row.metric) {
      states.push((state = { task: row.task, metric: row.metric, timestamp: row.ts, min: null, max: null, variants: [] }));
    }
    if (state.variants.length < MAX_VARIANTS) state.variants.push({ name: row.variant, invalidUpTo: row.invalid });
  }
  return states;
}

/** The conditions of one metric's next page, or null when it has nothing left (B.5.10 1–2, 5). */
interface PageSpec {
  idx: number;
  task: string;
  metric: string;
  earlier: boolean;
  lt: number | null;
  gt: number | null;
  variants: string[] | null;
  excl: { variant: string; upto: number }[];
}

function pageSpec(idx: number, state: MetricState, navigateEarlier: boolean): PageSpec | null {
  // The first page always goes from the latest iteration backwards.
  const earlier = state.max === null ? true : navigateEarlier;
  const lt = earlier ? state.min : null;
  const gt = earlier ? null : state.max;
  let variants: VariantState[];
  let allowed: string[] | null = null;
  if (earlier) {
    // As the original: a window whose lowest iteration is 0 counts as "no window yet".
    if (!state.min) {
      variants = state.variants;
    } else {
      variants = state.variants.filter((v) => v.invalidUpTo === null || v.invalidUpTo < state.min!);
      if (variants.length === 0) return null;
      allowed = variants.map((v) => v.name);
    }
  } else {
    variants = state.variants.filter((v) => v.invalidUpTo !== null && v.invalidUpTo > state.max!);
  }
  const excl = variants.filter((v) => v.invalidUpTo !== null).map((v) => ({ variant: v.name, upto: v.invalidUpTo! }));
  return { idx, task: state.task, metric: state.metric, earlier, lt, gt, variants: allowed, excl };
}

export interface ImageIteration {
  iter: number;
  events: Record<string, unknown>[];
}

/** The next page of every metric (one statement), newest iteration first; updates the windows. */
async function nextPages(states: MetricState[], iters: number, navigateEarlier: boolean): Promise<ImageIteration[][]> {
  const specs = states.map((s, i) => pageSpec(i, s, navigateEarlier)).filter((s): s is PageSpec => s !== null);
  const pages: ImageIteration[][] = states.map(() => []);
  if (specs.length === 0) return pages;
  const rows = await readSql<{ idx: number; iter: number; variant: string; url: string; doc: Record<string, unknown> }>(Prisma.sql`
    WITH spec AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(specs)}::jsonb)
        AS s(idx int, "task" text, "metric" text, earlier boolean, lt int8, gt int8, variants text[], excl jsonb)
    ), cand AS MATERIALIZED (
      SELECT s.idx, s.earlier, e."iter", e."variant", e."url", e."doc", e."id"
      FROM spec s JOIN "event" e ON e."task" = s."task" AND e."type" = 'training_debug_image' AND e."metric" = s."metric"
        AND e."url" IS NOT NULL AND e."iter" IS NOT NULL
        AND (s.lt IS NULL OR e."iter" < s.lt) AND (s.gt IS NULL OR e."iter" > s.gt)
        AND (s.variants IS NULL OR e."variant" = ANY(s.variants))
        AND NOT EXISTS (
          SELECT 1 FROM jsonb_to_recordset(s.excl) AS x("variant" text, upto int8)
          WHERE x."variant" = e."variant" AND e."iter" <= x.upto)
    ), iters AS (
      SELECT idx, "iter" FROM (
        SELECT idx, "iter", row_number() OVER (PARTITION BY idx ORDER BY CASE WHEN earlier THEN -"iter" ELSE "iter" END) AS rn
        FROM (SELECT DISTINCT idx, earlier, "iter" FROM cand) d
      ) t WHERE rn <= ${iters}
    ), ranked AS (
      SELECT c.idx, c."iter", c."variant", c."url", c."doc",
        row_number() OVER (PARTITION BY c.idx, c."iter", c."variant" ORDER BY c."url" COLLATE "C" DESC, c."id") AS rn
      FROM cand c JOIN iters USING (idx, "iter")
    )
    SELECT idx, "iter", "variant", "url", "doc" FROM ranked WHERE rn <= ${EVENTS_PER_VARIANT}`);
  rows.sort((a, b) => a.idx - b.idx || b.iter - a.iter || cmp(a.variant, b.variant) || cmp(b.url, a.url));
  for (const row of rows) {
    const page = pages[row.idx]!;
    let iteration = page.at(-1);
    if (iteration?.iter !== row.iter) page.push((iteration = { iter: row.iter, events: [] }));
    iteration.events.push(row.doc);
  }
  pages.forEach((page, i) => {
    if (page.length === 0) return;
    states[i]!.max = page[0]!.iter;
    states[i]!.min = page.at(-1)!.iter;
  });
  return pages;
}

/** Re-reads the metrics whose tasks report a newer image event than the state knows (refresh). */
async function refreshStates(state: NavigationState): Promise<void> {
  const taskIds = [...new Set(state.requested.map(([task]) => task))];
  const rows = await readSql<{ id: string; metric_stats: unknown }>(
    Prisma.sql`SELECT "id", "metric_stats" FROM "task" WHERE "id" = ANY(${taskIds}::text[])`,
  );
  const stats = new Map(rows.map((r) => [r.id, (r.metric_stats ?? {}) as Record<string, { event_stats_by_type?: Record<string, { last_update?: number }> }>]));
  const outdated: { task: string; metric: string }[] = [];
  for (const [task, metric] of state.requested) {
    const lastUpdate = stats.get(task)?.[metricHash(metric)]?.event_stats_by_type?.training_debug_image?.last_update;
    if (typeof lastUpdate !== 'number') continue;
    const known = state.metrics.find((m) => m.task === task && m.metric === metric);
    if (!known || known.timestamp < lastUpdate) outdated.push({ task, metric });
  }
  if (outdated.length > 0) {
    const isOutdated = (m: MetricState) => outdated.some((o) => o.task === m.task && o.metric === m.metric);
    state.metrics = [...state.metrics.filter((m) => !isOutdated(m)), ...(await initMetricStates(outdated))];
  }
  for (const metric of state.metrics) metric.min = metric.max = null;
}

export interface DebugImagesInput {
  metrics: readonly { task: string; metric: string }[];
  /** Iterations per metric and page (≥ 1, default 1). */
  iters?: number;
  navigateEarlier?: boolean;
  refresh?: boolean;
  scrollId?: string | null;
}

export interface DebugImagesPage {
  metrics: { task: string; metric: string; iterations: ImageIteration[] }[];
  /** Null when the tasks' company never stored an image event. */
  scrollId: string | null;
}

/**
 * `events.debug_images` (API ≥ 2.7): the next `iters` iterations of image events of every requested
 * task metric, navigating from the state named by `scrollId` (a missing or expired one starts
 * over). Throws TaskNotFoundError (invisible tasks, tasks of several companies),
 * ScrollStateMismatchError (a known scroll id with other task metrics) and ValidationError.
 */
export async function getDebugImages(actor: Actor, input: DebugImagesInput): Promise<DebugImagesPage> {
  const iters = input.iters ?? 1;
  if (!Number.isInteger(iters) || iters < 1) throw new ValidationError('iters', 'must be a positive integer');
  if (input.metrics.length === 0) throw new ValidationError('metrics', 'at least one task metric is required');
  const tasks = await getReadableEventTasks(actor, input.metrics.map((m) => m.task), { sameCompany: true });
  if (!(await companyHasEvents(tasks[0]!.eventCompanyId, 'training_debug_image'))) return { metrics: [], scrollId: null };

  const requested = [...new Map(input.metrics.map((m) => [JSON.stringify([m.task, m.metric]), [m.task, m.metric] as [string, string]])).values()]
    .sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]));
  let scrollId = input.scrollId || null;
  let state = scrollId ? await loadState(actor, scrollId) : null;
  if (state) {
    if (JSON.stringify(state.requested) !== JSON.stringify(requested)) throw new ScrollStateMismatchError(scrollId!);
    if (input.refresh) await refreshStates(state);
  } else {
    scrollId = randomUUID().replaceAll('-', '');
    // Metric states follow the request: tasks by first mention, metrics by name.
    const pairs = input.metrics.map((m) => ({ task: m.task, metric: m.metric }));
    state = { kind: STATE_KIND, requested, metrics: await initMetricStates(pairs) };
  }
  const pages = await nextPages(state.metrics, iters, input.navigateEarlier ?? true);
  await saveState(actor, scrollId!, state);
  return {
    metrics: state.metrics.map((m, i) => ({ task: m.task, metric: m.metric, iterations: pages[i]! })),
    scrollId,
  };
}

async function loadState(actor: Actor, scrollId: string): Promise<NavigationState | null> {
  const rows = await readSql<{ state: NavigationState }>(Prisma.sql`
    SELECT "state" FROM "event_scroll"
    WHERE "id" = ${scrollId} AND "company" = ${actor.companyId} AND "expires" > now() AND "state" ->> 'kind' = ${STATE_KIND}`);
  return rows[0]?.state ?? null;
}

/** Stores the state for another hour; expired navigation states are removed on the way. */
async function saveState(actor: Actor, scrollId: string, state: NavigationState): Promise<void> {
  const expires = new Date(Date.now() + STATE_TTL_MS);
  await db.$executeRaw`
    INSERT INTO "event_scroll" ("id", "company", "state", "expires")
    VALUES (${scrollId}, ${actor.companyId}, ${JSON.stringify(state)}::jsonb, ${expires})
    ON CONFLICT ("id") DO UPDATE SET "state" = EXCLUDED."state", "expires" = EXCLUDED."expires"`;
  await db.$executeRaw`
    DELETE FROM "event_scroll" WHERE "expires" < now() AND "state" ->> 'kind' = ${STATE_KIND}`;
}

export interface DebugImage {
  metric: string;
  variant: string;
  iter: number;
  url: string;
  timestamp: number;
  event: Record<string, unknown>;
}

export interface DebugImageIterations {
  iterations: { iter: number; images: DebugImage[] }[];
  /** Whether iterations below the last one returned exist. */
  hasMore: boolean;
}

export const MAX_IMAGE_ITERATIONS = 100;

/**
 * Image events of a readable task by iteration, newest first: `first` iterations (1…100) below
 * `before` (an iteration; absent = from the latest), every image of each iteration (all metrics, or
 * only `metric`), without the events of a variant at or below its recycled-URL mark. Stateless:
 * page on by passing the last iteration as `before`. Throws TaskNotFoundError, ValidationError.
 */
export async function listDebugImageIterations(
  actor: Actor,
  taskId: string,
  input: { metric?: string | null; first?: number; before?: number | null } = {},
): Promise<DebugImageIterations> {
  const first = input.first ?? 10;
  if (!Number.isInteger(first) || first < 1 || first > MAX_IMAGE_ITERATIONS) {
    throw new ValidationError('first', `must be an integer between 1 and ${MAX_IMAGE_ITERATIONS}`);
  }
  if (input.before !== undefined && input.before !== null && !Number.isInteger(input.before)) {
    throw new ValidationError('before', 'must be an iteration number');
  }
  const task = await getReadableEventTask(actor, taskId, 'taskId');
  const metric = input.metric ?? null;
  const marks = (await initMetricStates([{ task: task.id, metric }])).flatMap((m) =>
    m.variants.filter((v) => v.invalidUpTo !== null).map((v) => ({ metric: m.metric, variant: v.name, upto: v.invalidUpTo })),
  );
  const rows = await readSql<{ iter: number; metric: string; variant: string; url: string; ts: number; doc: Record<string, unknown> }>(Prisma.sql`
    WITH marks AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(marks)}::jsonb) AS m("metric" text, "variant" text, upto int8)
    ), cand AS MATERIALIZED (
      SELECT e."iter", e."metric", e."variant", e."url", e."timestamp", e."doc", e."id" FROM "event" e
      WHERE e."task" = ${task.id} AND e."type" = 'training_debug_image' AND e."url" IS NOT NULL AND e."iter" IS NOT NULL
        AND (${metric}::text IS NULL OR e."metric" = ${metric}::text)
        AND (${input.before ?? null}::int8 IS NULL OR e."iter" < ${input.before ?? null}::int8)
        AND NOT EXISTS (SELECT 1 FROM marks m WHERE m."metric" = e."metric" AND m."variant" = e."variant" AND e."iter" <= m.upto)
    ), iters AS (
      SELECT DISTINCT "iter" FROM cand ORDER BY "iter" DESC LIMIT ${first + 1}
    )
    SELECT c."iter", c."metric", c."variant", c."url", c."timestamp"::float8 AS ts, c."doc"
    FROM cand c JOIN iters USING ("iter")`);
  rows.sort((a, b) => b.iter - a.iter || cmp(a.metric, b.metric) || cmp(a.variant, b.variant) || cmp(b.url, a.url));
  const iterations: DebugImageIterations['iterations'] = [];
  for (const row of rows) {
    let iteration = iterations.at(-1);
    if (iteration?.iter !== row.iter) iterations.push((iteration = { iter: row.iter, images: [] }));
    iteration.images.push({ metric: row.metric, variant: row.variant, iter: row.iter, url: row.url, timestamp: row.ts, event: row.doc });
  }
  const hasMore = iterations.length > first;
  return { iterations: iterations.slice(0, first), hasMore };
}
