// Reads of the "last N iterations" kind (neighbours spec B.5.9): a task's plots per series, plots
// of several tasks, debug images of the pre-2.7 API, and the latest plot of each series.
import { Prisma, readSql } from '../../db.ts';
import type { Actor } from '../context.ts';
import { ValidationError } from '../errors.ts';
import { readEventScroll, type EventRow } from './event-pages.ts';
import { getReadableEventTask, getReadableEventTasks } from './read-scope.ts';
import type { ScrollPage } from './scroll.ts';

type EventDoc = Record<string, unknown>;

const PAGE_SIZE = 500;

function checkIterations(iters: number | undefined): number {
  const count = iters ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new ValidationError('iters', 'must be a positive integer');
  return count;
}

export interface TaskPlotsInput {
  taskId: string;
  /** Iterations per (metric, variant), default 1. */
  iters?: number;
  scrollId?: string | null;
}

/** For every plot series of the task, the plot events of its last `iters` iterations, iter descending. */
export async function getTaskPlots(actor: Actor, input: TaskPlotsInput): Promise<ScrollPage<EventDoc>> {
  const page = await readEventScroll(actor, input.scrollId, async () => {
    const task = await getReadableEventTask(actor, input.taskId);
    return {
      companyId: task.eventCompanyId,
      taskIds: [task.id],
      types: ['plot' as const],
      sort: 'iter' as const,
      order: 'desc' as const,
      pageSize: PAGE_SIZE,
      lastIterations: { count: checkIterations(input.iters), per: 'series' as const },
    };
  });
  return { ...page, items: page.items.map((row) => row.doc) };
}

export interface MultiTaskPlotsInput {
  taskIds: string[];
  /** Iterations per task (over all its plots), default 1. */
  iters?: number;
  scrollId?: string | null;
}

export interface TaskPlotEvents extends EventRow {
  taskName: string;
}

/**
 * Plot events of the last `iters` iterations of each task (own or public tasks of one company,
 * else TaskNotFoundError), iter descending, with each row's task name.
 */
export async function getMultiTaskPlots(actor: Actor, input: MultiTaskPlotsInput): Promise<ScrollPage<TaskPlotEvents>> {
  if (input.taskIds.length === 0) throw new ValidationError('tasks', 'at least one task is required');
  const page = await readEventScroll(actor, input.scrollId, async () => {
    const tasks = await getReadableEventTasks(actor, input.taskIds, { sameCompany: true });
    return {
      companyId: tasks[0]!.eventCompanyId,
      taskIds: tasks.map((t) => t.id),
      types: ['plot' as const],
      sort: 'iter' as const,
      order: 'desc' as const,
      pageSize: PAGE_SIZE,
      lastIterations: { count: checkIterations(input.iters), per: 'task' as const },
    };
  });
  const names = await taskNames([...new Set(page.items.map((row) => row.task))]);
  return { ...page, items: page.items.map((row) => ({ ...row, taskName: names.get(row.task) ?? '' })) };
}

async function taskNames(ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await readSql<{ id: string; name: string }>(Prisma.sql`
    SELECT "id", "name" FROM "task" WHERE "id" = ANY(${ids}::text[])`);
  return new Map(rows.map((row) => [row.id, row.name]));
}

export interface TaskDebugImagesInput {
  taskId: string;
  /** Iterations of the task (over all metrics), default 1. */
  iters?: number;
  scrollId?: string | null;
}

/** Debug-image events of the task's last `iters` iterations, iter descending (API below 2.7). */
export async function getTaskDebugImagesByIteration(actor: Actor, input: TaskDebugImagesInput): Promise<ScrollPage<EventDoc>> {
  const page = await readEventScroll(actor, input.scrollId, async () => {
    const task = await getReadableEventTask(actor, input.taskId);
    return {
      companyId: task.eventCompanyId,
      taskIds: [task.id],
      types: ['training_debug_image' as const],
      sort: 'iter' as const,
      order: 'desc' as const,
      pageSize: PAGE_SIZE,
      lastIterations: { count: checkIterations(input.iters), per: 'task' as const },
    };
  });
  return { ...page, items: page.items.map((row) => row.doc) };
}

export interface PlotSummary {
  metric: string;
  variant: string;
  iter: number | null;
  /** Epoch ms. */
  timestamp: number;
  /** The plot figure: `plot_str` parsed (null when it is not valid JSON). */
  plot: unknown;
  doc: EventDoc;
}

/**
 * The latest plot (highest iteration, then newest) of each (metric, variant) of a task, ordered
 * by metric and variant; `metric` restricts to one metric. Own or public tasks only.
 */
export async function listLatestPlots(actor: Actor, taskId: string, { metric }: { metric?: string | null } = {}): Promise<PlotSummary[]> {
  const task = await getReadableEventTask(actor, taskId);
  const rows = await readSql<{ metric: string; variant: string; iter: number | null; timestamp: string; doc: EventDoc }>(Prisma.sql`
    SELECT DISTINCT ON ("metric", "variant") "metric", "variant", "iter", "timestamp"::text AS "timestamp", "doc"
    FROM "event"
    WHERE "task" = ${task.id} AND "type" = 'plot' ${metric != null ? Prisma.sql`AND "metric" = ${metric}` : Prisma.empty}
    ORDER BY "metric", "variant", "iter" DESC NULLS LAST, "timestamp" DESC, "id" DESC`);
  return rows.map((row) => ({
    metric: row.metric,
    variant: row.variant,
    iter: row.iter,
    timestamp: Number(row.timestamp),
    plot: parsePlot(row.doc.plot_str),
    doc: row.doc,
  }));
}

function parsePlot(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
