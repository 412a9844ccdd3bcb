// Scrolled reads of a task's raw events (neighbours spec B.5.5 get_task_events, B.5.9
// get_scalar_metric_data): access check, then a keyset query kept behind the scroll id.
import type { EventType } from '../../generated/prisma/enums.ts';
import type { Actor } from '../context.ts';
import { EVENT_TYPES, getReadableEventTask } from './read-scope.ts';
import { MAX_SCROLL_PAGE, readEventScroll } from './event-pages.ts';
import type { ScrollPage } from './scroll.ts';

export type EventDoc = Record<string, unknown>;

export interface TaskEventsInput {
  taskId: string;
  /** Absent: all five types. */
  eventType?: EventType;
  /** By timestamp; default ascending. */
  order?: 'asc' | 'desc';
  /** Default 500; values above 10 000 are capped. */
  batchSize?: number;
  scrollId?: string | null;
}

/**
 * A page of a task's events (own or public task, else TaskNotFoundError), ordered by timestamp.
 * With `scrollId` the stored query continues and the other members are ignored (B.5.11).
 */
export async function getTaskEvents(actor: Actor, input: TaskEventsInput): Promise<ScrollPage<EventDoc>> {
  const page = await readEventScroll(actor, input.scrollId, async () => {
    const task = await getReadableEventTask(actor, input.taskId);
    return {
      companyId: task.eventCompanyId,
      taskIds: [task.id],
      types: input.eventType ? [input.eventType] : [...EVENT_TYPES],
      sort: 'timestamp' as const,
      order: input.order ?? 'asc',
      pageSize: Math.max(1, Math.min(input.batchSize ?? 500, MAX_SCROLL_PAGE)),
    };
  });
  return { ...page, items: page.items.map((row) => row.doc) };
}

export interface ScalarMetricDataInput {
  taskId: string;
  metric: string;
  scrollId?: string | null;
}

/** A page (500) of a task's scalar events of one metric, all variants, by iteration descending. */
export async function getScalarMetricData(actor: Actor, input: ScalarMetricDataInput): Promise<ScrollPage<EventDoc>> {
  const page = await readEventScroll(actor, input.scrollId, async () => {
    const task = await getReadableEventTask(actor, input.taskId);
    return {
      companyId: task.eventCompanyId,
      taskIds: [task.id],
      types: ['training_stats_scalar' as const],
      metric: input.metric,
      sort: 'iter' as const,
      order: 'desc' as const,
      pageSize: 500,
    };
  });
  return { ...page, items: page.items.map((row) => row.doc) };
}
