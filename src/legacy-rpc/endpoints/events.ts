// Legacy events.* calls of the write and log side (neighbours spec B.5.1-B.5.6, B.5.9, B.5.11),
// translated to the events domain services. Raw-style endpoints check member presence (400/11);
// get_task_log 2.9 is typed (its schema requires `task`, 400/12).
import type { EventType } from '../../generated/prisma/enums.ts';
import { EventsNotAddedError } from '../../resolvers/errors.ts';
import { deleteTaskEvents } from '../../resolvers/events/delete.ts';
import { addEvents, type EventDocument } from '../../resolvers/events/ingest.ts';
import { downloadTaskLog, getScrolledTaskLog, getTaskLog } from '../../resolvers/events/log.ts';
import { getMultiTaskPlots, getTaskDebugImagesByIteration, getTaskPlots } from '../../resolvers/events/plots.ts';
import type { ScrollPage } from '../../resolvers/events/scroll.ts';
import { getScalarMetricData, getTaskEvents } from '../../resolvers/events/task-events.ts';
import { flag, type Row } from '../convert.ts';
import { ApiError, RawReply, type EndpointDefinition, type LegacyCall } from '../types.ts';
import { requirePresent } from '../members.ts';

const JSON_LINES = 'application/json-lines';

/** "required_fields" style: the members must exist (any value); 400/11 naming the missing ones. */

const optionalInt = (value: unknown) => (typeof value === 'number' ? value : undefined);
const optionalText = (value: unknown) => (typeof value === 'string' ? value : undefined);
const scrollIdOf = (body: Row) => optionalText(body.scroll_id) ?? null;
const orderOf = (value: unknown) => (value === 'asc' || value === 'desc' ? value : undefined);

/** `{events, returned, total, scroll_id}` of a scrolled read. */
const eventPage = (page: ScrollPage<unknown>, member = 'events') => ({
  [member]: page.items,
  returned: page.items.length,
  total: page.total,
  scroll_id: page.scrollId,
});

/** Reports a batch, answering 400/131 with the rejection counts when nothing was stored. */
async function reportEvents({ actor, headers }: LegacyCall, events: EventDocument[], allowLocked: boolean) {
  try {
    const result = await addEvents(actor, events, { allowLocked, worker: headers['x-trains-worker'] });
    return { added: result.added, errors: result.errors, errors_info: result.errorsInfo };
  } catch (error) {
    if (error instanceof EventsNotAddedError) throw new ApiError(400, 131, error.message);
    throw error;
  }
}

/** events.add: the body is the event; `allow_locked` is an option, not stored. */
async function addEvent(call: LegacyCall) {
  const { allow_locked: allowLocked, ...event } = call.body;
  return reportEvents(call, [event], flag(allowLocked));
}

/** events.add_batch: json-lines items, or a single JSON object body; empty ⇒ 400/17. */
async function addEventBatch(call: LegacyCall) {
  const jsonLines = call.headers['content-type']?.trim().toLowerCase() === JSON_LINES;
  // A bodiless call arrives as one empty object (query/form data), which is no event at all.
  const events = jsonLines ? call.batch : call.batch.filter((item) => Object.keys(item).length > 0);
  if (events.length === 0) throw new ApiError(400, 17, 'Batch request contains no items');
  return reportEvents(call, events, false);
}

async function deleteForTask({ actor, body }: LegacyCall) {
  requirePresent(body, ['task']);
  const deleted = await deleteTaskEvents(actor, body.task as string, { allowLocked: flag(body.allow_locked) });
  return { deleted };
}

async function taskEvents({ actor, body }: LegacyCall) {
  requirePresent(body, ['task']);
  const page = await getTaskEvents(actor, {
    taskId: body.task as string,
    eventType: optionalText(body.event_type) as EventType | undefined,
    order: orderOf(body.order),
    batchSize: optionalInt(body.batch_size),
    scrollId: scrollIdOf(body),
  });
  return eventPage(page);
}

/** get_task_log handler 1.0 (v < 1.7): scrolled pages in `order`. */
async function scrolledTaskLogV1({ actor, body }: LegacyCall) {
  requirePresent(body, ['task']);
  const page = await getScrolledTaskLog(actor, {
    taskId: body.task as string,
    order: orderOf(body.order),
    batchSize: optionalInt(body.batch_size),
    scrollId: scrollIdOf(body),
  });
  return eventPage(page);
}

/** get_task_log handler 1.7 (1.7 ≤ v < 2.9): pages from the head or the tail, each in `order`. */
async function scrolledTaskLogV17({ actor, body }: LegacyCall) {
  requirePresent(body, ['task']);
  const page = await getScrolledTaskLog(actor, {
    taskId: body.task as string,
    order: orderOf(body.order),
    from: body.from === 'tail' ? 'tail' : 'head',
    batchSize: optionalInt(body.batch_size),
    scrollId: scrollIdOf(body),
  });
  return eventPage(page);
}

/** get_task_log handler 2.9: timestamp paging, `{events, returned, total}`. */
async function taskLog({ actor, body }: LegacyCall) {
  const { events, total } = await getTaskLog(actor, {
    taskId: body.task as string,
    batchSize: optionalInt(body.batch_size),
    navigateEarlier: body.navigate_earlier === undefined ? undefined : flag(body.navigate_earlier),
    fromTimestamp: optionalInt(body.from_timestamp),
    order: orderOf(body.order),
  });
  return { events, returned: events.length, total };
}

async function downloadLog({ actor, body }: LegacyCall) {
  requirePresent(body, ['task']);
  const { fileName, text } = await downloadTaskLog(actor, body.task as string, {
    lineType: body.line_type === 'text' ? 'text' : 'json',
    lineFormat: optionalText(body.line_format),
  });
  return new RawReply(text, {
    'content-type': 'text/plain; charset=utf-8',
    'content-disposition': `attachment; filename=${fileName}`,
  });
}

async function scalarMetricData({ actor, body }: LegacyCall) {
  requirePresent(body, ['task', 'metric']);
  const page = await getScalarMetricData(actor, {
    taskId: body.task as string,
    metric: String(body.metric ?? ''),
    scrollId: scrollIdOf(body),
  });
  return eventPage(page);
}

async function taskPlots({ actor, body }: LegacyCall) {
  requirePresent(body, ['task']);
  const page = await getTaskPlots(actor, {
    taskId: body.task as string,
    iters: optionalInt(body.iters),
    scrollId: scrollIdOf(body),
  });
  return eventPage(page, 'plots');
}

/** metric → variant → task → iter → {name, plots}; `returned` counts metrics (the original's quirk). */
async function multiTaskPlots({ actor, body }: LegacyCall) {
  requirePresent(body, ['tasks']);
  const tasks = typeof body.tasks === 'string' ? body.tasks.split(',') : (body.tasks as string[]);
  const page = await getMultiTaskPlots(actor, {
    taskIds: tasks,
    iters: optionalInt(body.iters),
    scrollId: scrollIdOf(body),
  });
  const plots: Record<string, Record<string, Record<string, Record<string, { name: string; plots: unknown[] }>>>> = {};
  for (const row of page.items) {
    const byTask = ((plots[row.metric] ??= {})[row.variant] ??= {});
    const byIter = (byTask[row.task] ??= {});
    (byIter[String(row.iter)] ??= { name: row.taskName, plots: [] }).plots.push(row.doc);
  }
  return { plots, returned: Object.keys(plots).length, total: page.total, scroll_id: page.scrollId };
}

/** debug_images handler 1.8 (API < 2.7; the 2.7 handler lists images per metric). */
async function debugImagesByIteration({ actor, body }: LegacyCall) {
  requirePresent(body, ['task']);
  const page = await getTaskDebugImagesByIteration(actor, {
    taskId: body.task as string,
    iters: optionalInt(body.iters),
    scrollId: scrollIdOf(body),
  });
  return { task: body.task, ...eventPage(page, 'images') };
}

export const eventWriteEndpoints: EndpointDefinition[] = [
  { name: 'events.add', minVersion: '1.0', handler: addEvent },
  { name: 'events.add_batch', minVersion: '1.0', handler: addEventBatch },
  { name: 'events.delete_for_task', minVersion: '1.0', handler: deleteForTask },
  { name: 'events.get_task_events', minVersion: '1.0', handler: taskEvents },
  { name: 'events.get_task_log', minVersion: '1.0', handler: scrolledTaskLogV1 },
  { name: 'events.get_task_log', minVersion: '1.7', handler: scrolledTaskLogV17 },
  { name: 'events.get_task_log', minVersion: '2.9', handler: taskLog },
  { name: 'events.download_task_log', minVersion: '1.0', handler: downloadLog },
  { name: 'events.get_scalar_metric_data', minVersion: '1.0', handler: scalarMetricData },
  // The 1.0 handlers of these three behave like 1.8 here (the spec documents only 1.8).
  { name: 'events.get_task_plots', minVersion: '1.0', handler: taskPlots },
  { name: 'events.get_task_plots', minVersion: '1.8', handler: taskPlots },
  { name: 'events.get_multi_task_plots', minVersion: '1.0', handler: multiTaskPlots },
  { name: 'events.get_multi_task_plots', minVersion: '1.8', handler: multiTaskPlots },
  { name: 'events.debug_images', minVersion: '1.0', handler: debugImagesByIteration },
  { name: 'events.debug_images', minVersion: '1.8', handler: debugImagesByIteration },
];
