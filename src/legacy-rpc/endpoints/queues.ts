// Legacy queues.* (neighbours spec B.3), translated to the queue service. All handlers are
// registered at 2.4; requests are typed (queues.conf), except the free-form get_all/get_all_ex.
import type { Queue } from '../../generated/prisma/client.ts';
import { getQueueMetrics } from '../../resolvers/queue-metrics.ts';
import {
  addTaskToQueue,
  createQueue,
  deleteQueue,
  getDefaultQueue,
  getQueue,
  listQueues,
  listQueuesWithDetails,
  moveQueueEntry,
  popQueue,
  removeTaskFromQueue,
  updateQueue,
  type QueueEntryView,
  type QueueListQuery,
  type QueueMove,
} from '../../resolvers/queues.ts';
import { listFilterFromTokens } from '../../resolvers/tasks/query.ts';
import { flag, invalidMember, legacyDate, optionalList, optionalString, requiredString, type Row } from '../convert.ts';
import { ApiError, type EndpointDefinition, type Handler } from '../types.ts';

const entryDoc = (entry: QueueEntryView): Row => ({ task: entry.taskId, added: legacyDate(entry.added) });

/** A queue as the legacy API prints it. */
export function toLegacyQueue(queue: Queue & { entries: QueueEntryView[] }): Row {
  return {
    id: queue.id,
    name: queue.name,
    company: queue.companyId,
    created: legacyDate(queue.created),
    tags: queue.tags,
    system_tags: queue.systemTags,
    entries: queue.entries.map(entryDoc),
    last_update: legacyDate(queue.lastUpdate),
  };
}

/** only_fields: include entries pick members (no `id` unless asked), `-x` entries drop them. */
function projectFields(doc: Row, onlyFields: unknown): Row {
  if (onlyFields === undefined || onlyFields === null) return doc;
  if (!Array.isArray(onlyFields) || onlyFields.some((f) => typeof f !== 'string')) {
    throw invalidMember('only_fields', 'expected list of strings');
  }
  if (onlyFields.length === 0) return doc;
  const fields = onlyFields as string[];
  const include = fields.filter((f) => !f.startsWith('-'));
  const exclude = fields.filter((f) => f.startsWith('-')).map((f) => f.slice(1));
  const picked: Row = {};
  if (include.length) {
    for (const path of include) {
      const [head, ...rest] = path.split('.');
      if (!(head! in doc)) continue;
      if (rest.length === 0 || !Array.isArray(doc[head!])) picked[head!] = doc[head!];
      else {
        // entries.task / entries.added
        picked[head!] = (doc[head!] as Row[]).map((item, i) => ({
          ...((picked[head!] as Row[] | undefined)?.[i] ?? {}),
          [rest.join('.')]: item[rest.join('.')],
        }));
      }
    }
  } else Object.assign(picked, doc);
  for (const field of exclude) delete picked[field];
  return picked;
}

/** The engine members of get_all / get_all_ex (neighbours spec 0.5, queue row). */
function listQuery(body: Row): QueueListQuery {
  if (body.search_text !== undefined && body.search_text !== null && body.search_text !== '') {
    throw new ApiError(400, 12, 'Validation error (search_text is not supported for queues): field=search_text');
  }
  const page = body.page ?? null;
  if (page !== null && (body.page_size === undefined || body.page_size === null || body.page_size === 0)) {
    throw new ApiError(400, 11, 'Missing required fields (page_size is required when page is requested): field=page_size');
  }
  if (page !== null && (typeof page !== 'number' || typeof body.page_size !== 'number')) {
    throw invalidMember('page', 'expected integers for page and page_size');
  }
  const orderBy = body.order_by === undefined || body.order_by === null ? [] : [body.order_by].flat();
  if (orderBy.some((item) => typeof item !== 'string')) throw invalidMember('order_by', 'expected list of strings');
  return {
    filter: {
      ids: listFilterFromTokens('id', body.id),
      tags: listFilterFromTokens('tags', body.tags),
      systemTags: listFilterFromTokens('system_tags', body.system_tags),
      name: optionalString(body, 'name') || undefined,
    },
    orderBy: orderBy as string[],
    page: page === null ? undefined : { page: page as number, pageSize: body.page_size as number },
  };
}

const move = (to: QueueMove): Handler => async ({ actor, body }) => {
  const { position } = await moveQueueEntry(actor, {
    queueId: requiredString(body, 'queue'),
    taskId: requiredString(body, 'task'),
    to,
    count: to === 'forward' || to === 'backward' ? ((body.count as number | undefined) ?? 1) : undefined,
  });
  return { position };
};

const endpoint = (name: string, handler: Handler): EndpointDefinition => ({ name: `queues.${name}`, minVersion: '2.4', handler });

export const queueEndpoints: EndpointDefinition[] = [
  endpoint('create', async ({ actor, body }) => {
    const queue = await createQueue(actor, {
      name: requiredString(body, 'name'),
      tags: optionalList(body, 'tags'),
      systemTags: optionalList(body, 'system_tags'),
    });
    return { id: queue.id };
  }),
  endpoint('get_by_id', async ({ actor, body }) => ({ queue: toLegacyQueue(await getQueue(actor, requiredString(body, 'queue'))) })),
  endpoint('get_default', async ({ actor }) => {
    const queue = await getDefaultQueue(actor);
    return { id: queue.id, name: queue.name };
  }),
  endpoint('get_all', async ({ actor, body }) => {
    const queues = await listQueues(actor, listQuery(body));
    const onlyFields = body.only_fields ?? body.projection;
    return { queues: queues.map((q) => projectFields(toLegacyQueue(q), onlyFields)) };
  }),
  endpoint('get_all_ex', async ({ actor, body }) => {
    // only_fields is ignored here, as in the original
    const queues = await listQueuesWithDetails(actor, listQuery(body));
    return {
      queues: queues.map((q) => ({
        ...toLegacyQueue({ ...q, entries: [] }),
        company: { id: q.companyId },
        entries: q.entries.map((e) => ({
          task: e.task.name === null ? { id: e.task.id } : e.task,
          added: legacyDate(e.added),
        })),
        workers: q.workers.map((w) => ({ name: w.workerId, ip: w.ip, task: w.task })),
      })),
    };
  }),
  endpoint('update', async ({ actor, body }) => {
    const { updated, fields } = await updateQueue(actor, requiredString(body, 'queue'), {
      name: optionalString(body, 'name'),
      tags: optionalList(body, 'tags'),
      systemTags: optionalList(body, 'system_tags'),
    });
    const legacy: Row = {};
    if (fields.name !== undefined) legacy.name = fields.name;
    if (fields.tags !== undefined) legacy.tags = fields.tags;
    if (fields.systemTags !== undefined) legacy.system_tags = fields.systemTags;
    return { updated, fields: legacy };
  }),
  endpoint('delete', async ({ actor, body }) => {
    await deleteQueue(actor, requiredString(body, 'queue'), flag(body.force));
    return { deleted: 1 };
  }),
  endpoint('add_task', async ({ actor, body }) => {
    await addTaskToQueue(actor, requiredString(body, 'queue'), requiredString(body, 'task'));
    return { added: 1 };
  }),
  endpoint('get_next_task', async ({ actor, body }) => {
    const entry = await popQueue(actor, requiredString(body, 'queue'));
    return entry ? { entry: entryDoc(entry) } : {};
  }),
  endpoint('remove_task', async ({ actor, body }) => ({
    removed: await removeTaskFromQueue(actor, requiredString(body, 'queue'), requiredString(body, 'task')),
  })),
  endpoint('move_task_forward', move('forward')),
  endpoint('move_task_backward', move('backward')),
  endpoint('move_task_to_front', move('front')),
  endpoint('move_task_to_back', move('back')),
  endpoint('get_queue_metrics', async ({ actor, body }) => {
    const series = await getQueueMetrics(actor, {
      from: body.from_date as number,
      to: body.to_date as number,
      interval: body.interval as number,
      queueIds: optionalList(body, 'queue_ids'),
    });
    return {
      queues: series.map((s) => ({
        queue: s.queue,
        dates: s.dates,
        avg_waiting_times: s.avgWaitingTimes,
        queue_lengths: s.queueLengths,
      })),
    };
  }),
];
