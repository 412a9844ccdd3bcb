// Legacy workers.* (neighbours spec B.4), translated to the workers and worker-stats services. All
// handlers are registered at 2.4; requests are typed (workers.conf). The client address comes from
// X-Real-IP, then the first X-Forwarded-For hop, then the socket.
import {
  getWorkerActivityReport,
  getWorkerMetricKeys,
  getWorkerStats,
  type MachineStats,
  type StatAggregation,
} from '../../resolvers/worker-stats.ts';
import {
  listWorkers,
  registerWorker,
  reportWorkerStatus,
  unregisterWorker,
  type WorkerQueueView,
  type WorkerView,
} from '../../resolvers/workers.ts';
import { legacyDate, optionalList, optionalObject, optionalString, requiredString, type Row } from '../convert.ts';
import type { EndpointDefinition, Handler, LegacyCall } from '../types.ts';

/** The caller's address as the original records it (proxy headers first). */
export function clientAddress(call: Pick<LegacyCall, 'headers' | 'clientIp'>): string | null {
  const real = call.headers['x-real-ip']?.trim();
  if (real) return real;
  const forwarded = call.headers['x-forwarded-for']?.split(',')[0]?.trim();
  if (forwarded) return forwarded;
  return call.clientIp?.replace(/^::ffff:/, '') ?? null;
}

const queueDoc = (queue: WorkerQueueView): Row => ({
  id: queue.id,
  name: queue.name,
  num_tasks: queue.numTasks,
  ...(queue.nextTask ? { next_task: queue.nextTask } : {}),
});

/** A worker entry as workers.get_all prints it: unset members omitted. */
export function toLegacyWorker(worker: WorkerView): Row {
  const doc: Row = {
    key: `worker_${worker.company.id}_${worker.user.id}_${worker.workerId}`,
    id: worker.workerId,
    user: worker.user,
    company: worker.company,
  };
  if (worker.ip) doc.ip = worker.ip;
  doc.register_time = legacyDate(worker.registerTime);
  doc.register_timeout = worker.registerTimeout;
  doc.last_activity_time = legacyDate(worker.lastActivityTime);
  if (worker.lastReportTime) doc.last_report_time = legacyDate(worker.lastReportTime);
  if (worker.task) {
    doc.task = {
      id: worker.task.id,
      name: worker.task.name,
      running_time: worker.task.runningTimeMs,
      last_iteration: worker.task.lastIteration,
    };
  }
  if (worker.project) doc.project = worker.project;
  if (worker.queue) doc.queue = queueDoc(worker.queue);
  doc.queues = worker.queues.map(queueDoc);
  doc.tags = worker.tags;
  return doc;
}

const endpoint = (name: string, handler: Handler): EndpointDefinition => ({ name: `workers.${name}`, minVersion: '2.4', handler });

export const workerEndpoints: EndpointDefinition[] = [
  endpoint('register', async (call) => {
    const { actor, body } = call;
    await registerWorker(actor, {
      workerId: requiredString(body, 'worker'),
      timeout: body.timeout as number | undefined,
      queues: optionalList(body, 'queues'),
      tags: optionalList(body, 'tags'),
      ip: clientAddress(call),
    });
    return {};
  }),
  endpoint('unregister', async ({ actor, body }) => {
    await unregisterWorker(actor, requiredString(body, 'worker'));
    return {};
  }),
  endpoint('status_report', async (call) => {
    const { actor, body } = call;
    await reportWorkerStatus(actor, {
      workerId: requiredString(body, 'worker'),
      timestamp: body.timestamp as number,
      taskId: optionalString(body, 'task'),
      queueId: optionalString(body, 'queue'),
      queues: optionalList(body, 'queues'),
      machineStats: optionalObject(body, 'machine_stats') as MachineStats | undefined,
      tags: optionalList(body, 'tags'),
      ip: clientAddress(call),
    });
    return {};
  }),
  endpoint('get_all', async ({ actor, body }) => {
    const workers = await listWorkers(actor, { lastSeen: (body.last_seen as number | undefined) ?? null });
    return { workers: workers.map(toLegacyWorker) };
  }),
  endpoint('get_metric_keys', async ({ actor, body }) => {
    const categories = await getWorkerMetricKeys(actor, optionalList(body, 'worker_ids'));
    return { categories: categories.map((c) => ({ name: c.name, metric_keys: c.metricKeys })) };
  }),
  endpoint('get_stats', async ({ actor, body }) => {
    const workers = await getWorkerStats(actor, {
      from: body.from_date as number,
      to: body.to_date as number,
      interval: body.interval as number,
      items: (body.items as { key: string; aggregation?: StatAggregation }[]).map((i) => ({ key: i.key, aggregation: i.aggregation })),
      splitByVariant: body.split_by_variant === true,
      workerIds: optionalList(body, 'worker_ids'),
    });
    return { workers };
  }),
  endpoint('get_activity_report', async ({ actor, body }) =>
    getWorkerActivityReport(actor, {
      from: body.from_date as number,
      to: body.to_date as number,
      interval: body.interval as number,
    }),
  ),
];
