// A task's console log (neighbours spec B.5.6): timestamp paging of API 2.9, scrolled pages of
// the older handlers, the downloadable text file, and keyset pages for the GraphQL connection.
import { Prisma, readSql } from '../../db.ts';
import type { Actor } from '../context.ts';
import { ValidationError } from '../errors.ts';
import { readEventScroll, MAX_SCROLL_PAGE } from './event-pages.ts';
import { getReadableEventTask } from './read-scope.ts';
import type { ScrollPage } from './scroll.ts';

type EventDoc = Record<string, unknown>;

export interface TaskLogInput {
  taskId: string;
  /** Default 500, at most 10 000. */
  batchSize?: number;
  /** true (default): from the newest backwards; false: from the oldest forwards. */
  navigateEarlier?: boolean;
  /** Epoch ms: only events strictly before it (earlier) / after it (later); 0 or absent: no bound. */
  fromTimestamp?: number | null;
  /** Order of the returned page; default: the navigation direction. */
  order?: 'asc' | 'desc';
}

export interface TaskLogPage {
  events: EventDoc[];
  /** All log events of the task. */
  total: number;
}

/**
 * One page of a task's log by timestamp (API 2.9): the first `batchSize` events in the navigation
 * direction past `fromTimestamp`, completed with every other event of the last timestamp taken (a
 * page never splits a timestamp, so it may exceed `batchSize`), reversed when `order` differs from
 * the direction. Own or public tasks only (TaskNotFoundError).
 */
export async function getTaskLog(actor: Actor, input: TaskLogInput): Promise<TaskLogPage> {
  const task = await getReadableEventTask(actor, input.taskId);
  const batchSize = input.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_SCROLL_PAGE) {
    throw new ValidationError('batch_size', `must be between 1 and ${MAX_SCROLL_PAGE}`);
  }
  const earlier = input.navigateEarlier ?? true;
  const direction = earlier ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const from = input.fromTimestamp
    ? earlier
      ? Prisma.sql`AND "timestamp" < ${input.fromTimestamp}::int8`
      : Prisma.sql`AND "timestamp" > ${input.fromTimestamp}::int8`
    : Prisma.empty;
  // The page, then the rest of its last timestamp, in one statement.
  const rows = await readSql<{ doc: EventDoc; total: number }>(Prisma.sql`
    WITH "page" AS (
      SELECT "id", "timestamp", "doc" FROM "event"
      WHERE "task" = ${task.id} AND "type" = 'log' ${from}
      ORDER BY "timestamp" ${direction}, "id" ${direction}
      LIMIT ${batchSize}
    ), "edge" AS (
      SELECT "timestamp" FROM "page" ORDER BY "timestamp" ${direction}, "id" ${direction} OFFSET ${batchSize - 1} LIMIT 1
    ), "rows" AS (
      SELECT 0 AS "part", "id", "timestamp", "doc" FROM "page"
      UNION ALL
      SELECT 1, e."id", e."timestamp", e."doc" FROM "event" AS e JOIN "edge" ON e."timestamp" = "edge"."timestamp"
      WHERE e."task" = ${task.id} AND e."type" = 'log' AND e."id" NOT IN (SELECT "id" FROM "page")
    )
    SELECT "doc", (SELECT count(*)::int FROM "event" WHERE "task" = ${task.id} AND "type" = 'log') AS "total"
    FROM "rows" ORDER BY "part", "timestamp" ${direction}, "id" ${direction}`);
  const events = rows.map((row) => row.doc);
  const navigation = earlier ? 'desc' : 'asc';
  if (input.order && input.order !== navigation) events.reverse();
  const total = rows[0]?.total ?? (await countTaskLog(task.id));
  return { events, total };
}

async function countTaskLog(taskId: string): Promise<number> {
  const [row] = await readSql<{ total: number }>(Prisma.sql`
    SELECT count(*)::int AS "total" FROM "event" WHERE "task" = ${taskId} AND "type" = 'log'`);
  return row?.total ?? 0;
}

export interface ScrolledTaskLogInput {
  taskId: string;
  /** Order of the events inside each page (default desc). */
  order?: 'asc' | 'desc';
  /** Direction pages are fetched in: `head` = oldest first, `tail` = newest first; default: `order`. */
  from?: 'head' | 'tail';
  batchSize?: number;
  scrollId?: string | null;
}

/**
 * Scrolled pages of a task's log (API below 2.9): pages advance in the `from` direction (or in
 * `order` when absent) and each page is reversed when that direction differs from `order`.
 */
export async function getScrolledTaskLog(actor: Actor, input: ScrolledTaskLogInput): Promise<ScrollPage<EventDoc>> {
  const page = await readEventScroll(actor, input.scrollId, async () => {
    const task = await getReadableEventTask(actor, input.taskId);
    const order = input.order ?? 'desc';
    const direction = input.from === undefined ? order : input.from === 'head' ? 'asc' : 'desc';
    return {
      companyId: task.eventCompanyId,
      taskIds: [task.id],
      types: ['log' as const],
      sort: 'timestamp' as const,
      order: direction,
      pageSize: Math.max(1, Math.min(input.batchSize ?? 500, MAX_SCROLL_PAGE)),
      reversePages: direction !== order,
    };
  });
  return { ...page, items: page.items.map((row) => row.doc) };
}

export interface TaskLogFileOptions {
  /** `json` (default): one JSON object per line; `text`: `lineFormat` filled per event. */
  lineType?: 'json' | 'text';
  /** Placeholders {asctime}, {worker}, {level}, {msg}; default "{asctime} {worker} {level} {msg}". */
  lineFormat?: string;
}

export const DEFAULT_LOG_LINE_FORMAT = '{asctime} {worker} {level} {msg}';
const LOG_PLACEHOLDERS = new Set(['asctime', 'worker', 'level', 'msg']);

type FormatPart = string | { field: string };

/** Parses a Python str.format pattern restricted to the log placeholders ({{ and }} escape). */
function parseLineFormat(format: string): FormatPart[] {
  if (format === '') throw new ValidationError('line_format', 'line format is empty', 'MISSING_FIELD');
  const parts: FormatPart[] = [];
  const unknown = new Set<string>();
  let text = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if ((c === '{' || c === '}') && format[i + 1] === c) {
      text += c;
      i++;
    } else if (c === '{') {
      const end = format.indexOf('}', i);
      if (end < 0) throw new ValidationError('line_format', 'unbalanced braces in line format', 'INVALID_FIELD_VALUE');
      const field = format.slice(i + 1, end).split(/[!:]/, 1)[0]!;
      if (!LOG_PLACEHOLDERS.has(field)) unknown.add(field);
      if (text) parts.push(text);
      text = '';
      parts.push({ field });
      i = end;
    } else if (c === '}') {
      throw new ValidationError('line_format', 'unbalanced braces in line format', 'INVALID_FIELD_VALUE');
    } else {
      text += c;
    }
  }
  if (text) parts.push(text);
  if (unknown.size > 0) {
    throw new ValidationError('line_format', 'undefined placeholders in line format', 'INVALID_FIELD_VALUE', {
      placeholders: [...unknown],
    });
  }
  return parts;
}

const DOWNLOAD_CHUNK = 10_000;

/**
 * The whole log of a task as text, oldest first, one line per event: in JSON mode the event
 * without `type`/`task` and with `timestamp` renamed `asctime` (epoch ms); in text mode the line
 * format with its placeholders filled (unknown placeholders: INVALID_FIELD_VALUE, empty format:
 * MISSING_FIELD). Own or public tasks only.
 */
export async function downloadTaskLog(actor: Actor, taskId: string, options: TaskLogFileOptions = {}): Promise<{ fileName: string; text: string }> {
  const format = options.lineType === 'text' ? parseLineFormat(options.lineFormat ?? DEFAULT_LOG_LINE_FORMAT) : null;
  const task = await getReadableEventTask(actor, taskId);
  const lines: string[] = [];
  let after: [string, string] | null = null;
  for (;;) {
    const position: Prisma.Sql = after
      ? Prisma.sql`AND ("timestamp", "id") > (${after[0]}::int8, ${after[1]}::int8)`
      : Prisma.empty;
    const rows: { id: string; timestamp: string; doc: EventDoc }[] = await readSql(Prisma.sql`
      SELECT "id"::text AS "id", "timestamp"::text AS "timestamp", "doc" FROM "event"
      WHERE "task" = ${task.id} AND "type" = 'log' ${position}
      ORDER BY "timestamp", "id" LIMIT ${DOWNLOAD_CHUNK}`);
    for (const { doc } of rows) {
      const { type: _type, task: _task, timestamp, ...rest } = doc;
      if (format) {
        const values: Record<string, unknown> = { ...rest, asctime: timestamp };
        lines.push(format.map((part) => (typeof part === 'string' ? part : String(values[part.field] ?? ''))).join(''));
      } else {
        lines.push(JSON.stringify({ ...rest, asctime: timestamp }));
      }
    }
    if (rows.length < DOWNLOAD_CHUNK) break;
    const last = rows[rows.length - 1]!;
    after = [last.timestamp, last.id];
  }
  return { fileName: `task_${task.id}.log`, text: lines.length ? `${lines.join('\n')}\n` : '' };
}

/** Keyset position of a log line: (timestamp, id). */
export interface LogPosition {
  timestamp: string;
  id: string;
}

export interface LogLine {
  position: LogPosition;
  /** Epoch ms. */
  timestamp: number;
  level: string | null;
  msg: string | null;
  worker: string | null;
  doc: EventDoc;
}

export interface LogLinesInput {
  first?: number | null;
  after?: LogPosition | null;
  last?: number | null;
  before?: LogPosition | null;
  /** Only lines of this level (exact match). */
  level?: string | null;
}

export interface LogLinesPage {
  lines: LogLine[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export const MAX_LOG_PAGE = 1000;

/**
 * A window of a task's log ordered by (timestamp, id) ascending, cursor-paged both ways: `first`
 * lines after `after`, or the `last` lines before `before` (default: the first 100). Own or
 * public tasks only.
 */
export async function listTaskLog(actor: Actor, taskId: string, input: LogLinesInput = {}): Promise<LogLinesPage> {
  const task = await getReadableEventTask(actor, taskId);
  const backwards = input.last != null && input.first == null;
  const size = (backwards ? input.last : input.first) ?? 100;
  if (!Number.isInteger(size) || size < 0 || size > MAX_LOG_PAGE) {
    throw new ValidationError(backwards ? 'last' : 'first', `must be between 0 and ${MAX_LOG_PAGE}`);
  }
  const bound = (position: LogPosition | null | undefined, op: '>' | '<') =>
    position ? Prisma.sql`AND ("timestamp", "id") ${Prisma.raw(op)} (${position.timestamp}::int8, ${position.id}::int8)` : Prisma.empty;
  const level = input.level != null ? Prisma.sql`AND "doc" ->> 'level' = ${input.level}` : Prisma.empty;
  const direction = backwards ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const rows = await readSql<{ id: string; timestamp: string; doc: EventDoc }>(Prisma.sql`
    SELECT "id"::text AS "id", "timestamp"::text AS "timestamp", "doc" FROM "event"
    WHERE "task" = ${task.id} AND "type" = 'log' ${bound(input.after, '>')} ${bound(input.before, '<')} ${level}
    ORDER BY "timestamp" ${direction}, "id" ${direction}
    LIMIT ${size + 1}`);
  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (backwards) page.reverse();
  const lines = page.map(({ id, timestamp, doc }) => ({
    position: { timestamp, id },
    timestamp: Number(timestamp),
    level: typeof doc.level === 'string' ? doc.level : null,
    msg: typeof doc.msg === 'string' ? doc.msg : null,
    worker: typeof doc.worker === 'string' ? doc.worker : null,
    doc,
  }));
  return {
    lines,
    hasNextPage: backwards ? input.before != null : more,
    hasPreviousPage: backwards ? more : input.after != null,
  };
}
