// Scrolled event queries (neighbours spec B.5.5, B.5.6 below 2.9, B.5.9, B.5.11): a declarative
// query over the event table kept in the scroll state, read page by page with a keyset on
// (sort key, id). Responsible for the SQL of those pages; scroll ids themselves live in scroll.ts.
import { Prisma, readSql } from '../../db.ts';
import type { EventType } from '../../generated/prisma/enums.ts';
import type { Actor } from '../context.ts';
import { companyHasEvents } from './read-scope.ts';
import { scrollPage, type ScrollPage } from './scroll.ts';

/** Scroll reads never return more than this many events per page (B.5.5). */
export const MAX_SCROLL_PAGE = 10_000;

export interface EventQuery {
  /** The company whose events are read (the tasks' company; see read-scope.ts). */
  companyId: string;
  taskIds: string[];
  types: EventType[];
  metric?: string;
  sort: 'timestamp' | 'iter';
  order: 'asc' | 'desc';
  pageSize: number;
  /** Only the last `count` distinct iterations, counted per (task, metric, variant) or per task. */
  lastIterations?: { count: number; per: 'series' | 'task' };
  /** Reverse every page before returning it (get_task_log below 2.9). */
  reversePages?: boolean;
}

export interface EventQueryState extends EventQuery {
  total: number;
  /** Keyset position after the last served row: [sort value, id], as decimal strings. */
  after: [string, string] | null;
}

export interface EventRow {
  id: string;
  task: string;
  metric: string;
  variant: string;
  iter: number | null;
  doc: Record<string, unknown>;
}

const sortKey = (query: EventQuery) =>
  query.sort === 'timestamp' ? Prisma.sql`e."timestamp"` : Prisma.sql`COALESCE(e."iter", -2147483648)::int8`;

function filterOf(query: EventQuery): Prisma.Sql {
  const conditions = [
    Prisma.sql`e."task" = ANY(${query.taskIds}::text[])`,
    Prisma.sql`e."type" = ANY(${query.types}::text[]::"EventType"[])`,
  ];
  if (query.metric !== undefined) conditions.push(Prisma.sql`e."metric" = ${query.metric}`);
  if (query.lastIterations) {
    const partition = query.lastIterations.per === 'series' ? Prisma.sql`"task", "metric", "variant"` : Prisma.sql`"task"`;
    conditions.push(Prisma.sql`(e."task", e."metric", e."variant", e."iter") IN (
      SELECT "task", "metric", "variant", "iter" FROM (
        SELECT "task", "metric", "variant", "iter",
          dense_rank() OVER (PARTITION BY ${partition} ORDER BY "iter" DESC NULLS LAST) AS "rank"
        FROM "event"
        WHERE "task" = ANY(${query.taskIds}::text[]) AND "type" = ANY(${query.types}::text[]::"EventType"[]) AND "iter" IS NOT NULL
          ${query.metric !== undefined ? Prisma.sql`AND "metric" = ${query.metric}` : Prisma.empty}
      ) AS ranked WHERE "rank" <= ${query.lastIterations.count})`);
  }
  return Prisma.join(conditions, ' AND ');
}

/** The first state of a query, or null when the company has no events of its types at all. */
export async function startEventQuery(query: EventQuery): Promise<EventQueryState | null> {
  if (!(await companyHasEvents(query.companyId, query.types))) return null;
  const [row] = await readSql<{ total: number }>(Prisma.sql`
    SELECT count(*)::int AS "total" FROM "event" AS e WHERE ${filterOf(query)}`);
  return { ...query, total: row?.total ?? 0, after: null };
}

/** The page after the state's position, and the state to continue from. */
export async function nextEventPage(state: EventQueryState): Promise<{ items: EventRow[]; state: EventQueryState }> {
  const key = sortKey(state);
  const direction = state.order === 'asc' ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const after = state.after
    ? state.order === 'asc'
      ? Prisma.sql`AND (${key}, e."id") > (${state.after[0]}::int8, ${state.after[1]}::int8)`
      : Prisma.sql`AND (${key}, e."id") < (${state.after[0]}::int8, ${state.after[1]}::int8)`
    : Prisma.empty;
  const rows = await readSql<EventRow & { sort: string }>(Prisma.sql`
    SELECT e."id"::text AS "id", ${key}::text AS "sort", e."task", e."metric", e."variant", e."iter", e."doc"
    FROM "event" AS e
    WHERE ${filterOf(state)} ${after}
    ORDER BY ${key} ${direction}, e."id" ${direction}
    LIMIT ${Math.min(state.pageSize, MAX_SCROLL_PAGE)}`);
  const last = rows[rows.length - 1];
  const items: EventRow[] = rows.map(({ sort: _sort, ...row }) => row);
  if (state.reversePages) items.reverse();
  return { items, state: last ? { ...state, after: [last.sort, last.id] } : state };
}

/** One page of a scrolled event query: a fresh `query` without `scrollId`, its continuation with one. */
export function readEventScroll(actor: Actor, scrollId: string | null | undefined, query: () => Promise<EventQuery>): Promise<ScrollPage<EventRow>> {
  return scrollPage<EventQueryState, EventRow>(actor, scrollId, {
    start: async () => startEventQuery(await query()),
    next: nextEventPage,
  });
}
