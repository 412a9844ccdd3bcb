// Workers: agents that register, listen on queues and report what they run, plus their machine
// statistics. Resolvers are one-line adapters into src/resolvers/workers.ts and worker-stats.ts.
// GraphQL has no client address: workers registered here carry no ip.
import {
  getWorkerActivityReport,
  getWorkerMetricKeys,
  getWorkerStats,
  type ActivitySeries,
  type MachineStats,
  type MetricCategory,
  type StatAggregation,
  type WorkerMetricStats,
  type WorkerStats,
} from '../resolvers/worker-stats.ts';
import {
  findWorker,
  listWorkers,
  registerWorker,
  reportWorkerStatus,
  unregisterWorker,
  type NamedRef,
  type WorkerQueueView,
  type WorkerView,
} from '../resolvers/workers.ts';
import { builder } from './builder.ts';
import { DomainError, NotFoundError, ValidationError } from '../resolvers/errors.ts';

// The most specific class matches first; OperationError carries every other code.
const errors = { types: [NotFoundError, ValidationError, DomainError] };

const NamedRefType = builder.objectRef<NamedRef>('NamedReference').implement({
  description: 'Id and name of a referenced object.',
  fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name') }),
});

const WorkerTaskRef = builder.objectRef<NonNullable<WorkerView['task']>>('WorkerTask').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    runningTimeMs: t.float({ description: 'Milliseconds since the task started (0 if it never did)', resolve: (task) => task.runningTimeMs }),
    lastIteration: t.exposeInt('lastIteration'),
  }),
});

const WorkerQueueRef = builder.objectRef<WorkerQueueView>('WorkerQueue').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    numTasks: t.exposeInt('numTasks', { description: 'Entries waiting in the queue' }),
    nextTask: t.field({ type: NamedRefType, nullable: true, resolve: (q) => q.nextTask }),
  }),
});

const WorkerRef = builder.objectRef<WorkerView>('Worker').implement({
  description: 'A registered worker; it disappears `registerTimeout` seconds after its last report.',
  fields: (t) => ({
    id: t.exposeID('workerId', { description: 'The name the worker registered with' }),
    user: t.field({ type: NamedRefType, resolve: (w) => w.user }),
    company: t.field({ type: NamedRefType, resolve: (w) => w.company }),
    ip: t.exposeString('ip', { nullable: true }),
    registerTime: t.expose('registerTime', { type: 'DateTime' }),
    registerTimeout: t.exposeInt('registerTimeout', { description: 'Seconds' }),
    lastActivityTime: t.expose('lastActivityTime', { type: 'DateTime' }),
    lastReportTime: t.expose('lastReportTime', { type: 'DateTime', nullable: true }),
    task: t.field({ type: WorkerTaskRef, nullable: true, resolve: (w) => w.task }),
    project: t.field({ type: NamedRefType, nullable: true, resolve: (w) => w.project }),
    queue: t.field({
      type: WorkerQueueRef,
      nullable: true,
      description: 'Queue the current task came from (only when the worker listens on it)',
      resolve: (w) => w.queue,
    }),
    queues: t.field({ type: [WorkerQueueRef], resolve: (w) => w.queues }),
    tags: t.exposeStringList('tags'),
  }),
});

builder.queryField('workers', (t) =>
  t.field({
    type: [WorkerRef],
    description: 'Live workers of your company active within the last `lastSeen` seconds (default 3600; 0: any).',
    args: { lastSeen: t.arg.int() },
    resolve: (_root, { lastSeen }, { actor }) => listWorkers(actor, { lastSeen: lastSeen ?? 3600 }),
  }),
);

const MetricCategoryRef = builder.objectRef<MetricCategory>('WorkerMetricCategory').implement({
  fields: (t) => ({ name: t.exposeString('name'), metricKeys: t.exposeStringList('metricKeys') }),
});

builder.queryField('workerMetricKeys', (t) =>
  t.field({
    type: [MetricCategoryRef],
    description: 'Statistics categories and metric names your workers reported (NO_WORKER_STATS when none).',
    errors,
    args: { workerIds: t.arg.stringList() },
    resolve: (_root, { workerIds }, { actor }) => getWorkerMetricKeys(actor, workerIds),
  }),
);

const AggregationEnum = builder.enumType('StatAggregation', {
  values: { AVG: { value: 'avg' }, MIN: { value: 'min' }, MAX: { value: 'max' } } as const,
});

const StatValuesRef = builder.objectRef<WorkerMetricStats['stats'][number]>('WorkerStatValues').implement({
  fields: (t) => ({
    aggregation: t.field({ type: AggregationEnum, resolve: (s) => s.aggregation }),
    values: t.exposeFloatList('values'),
  }),
});

const MetricStatsRef = builder.objectRef<WorkerMetricStats>('WorkerMetricStats').implement({
  fields: (t) => ({
    metric: t.exposeString('metric'),
    variant: t.string({ nullable: true, description: 'Device index or `total`, when split by variant', resolve: (m) => m.variant ?? null }),
    dates: t.field({ type: ['DateTime'], description: 'Bucket starts', resolve: (m) => m.dates.map((d) => new Date(d)) }),
    stats: t.field({ type: [StatValuesRef], resolve: (m) => m.stats }),
  }),
});

const WorkerStatsRef = builder.objectRef<WorkerStats>('WorkerStats').implement({
  fields: (t) => ({
    worker: t.exposeString('worker'),
    metrics: t.field({ type: [MetricStatsRef], resolve: (w) => w.metrics }),
  }),
});

const StatItemInputRef = builder.inputType('WorkerStatItemInput', {
  fields: (t) => ({
    key: t.string({ required: true, description: 'Metric name, e.g. cpu_usage' }),
    aggregation: t.field({ type: AggregationEnum, description: 'Default AVG' }),
  }),
});

const WorkerStatsInputRef = builder.inputType('WorkerStatsInput', {
  fields: (t) => ({
    from: t.field({ type: 'DateTime', required: true }),
    to: t.field({ type: 'DateTime', required: true }),
    interval: t.int({ required: true, description: 'Bucket width in seconds' }),
    items: t.field({ type: [StatItemInputRef], required: true }),
    splitByVariant: t.boolean(),
    workerIds: t.stringList(),
  }),
});

builder.queryField('workerStats', (t) =>
  t.field({
    type: [WorkerStatsRef],
    description: 'avg/min/max of worker statistics per epoch-aligned bucket of `interval` seconds.',
    errors,
    args: { input: t.arg({ type: WorkerStatsInputRef, required: true }) },
    resolve: (_root, { input }, { actor }) =>
      getWorkerStats(actor, {
        from: input.from.getTime() / 1000,
        to: input.to.getTime() / 1000,
        interval: input.interval,
        items: input.items.map((i) => ({ key: i.key, aggregation: (i.aggregation ?? 'avg') as StatAggregation })),
        splitByVariant: input.splitByVariant ?? false,
        workerIds: input.workerIds,
      }),
  }),
);

const ActivitySeriesRef = builder.objectRef<ActivitySeries>('WorkerActivitySeries').implement({
  fields: (t) => ({
    dates: t.field({ type: ['DateTime'], resolve: (s) => s.dates.map((d) => new Date(d)) }),
    counts: t.exposeIntList('counts'),
  }),
});

const ActivityRef = builder.objectRef<{ total: ActivitySeries; active: ActivitySeries }>('WorkerActivity').implement({
  fields: (t) => ({
    total: t.field({ type: ActivitySeriesRef, description: 'Workers that reported', resolve: (a) => a.total }),
    active: t.field({ type: ActivitySeriesRef, description: 'Workers that reported while running a task', resolve: (a) => a.active }),
  }),
});

builder.queryField('workerActivity', (t) =>
  t.field({
    type: ActivityRef,
    description: 'Number of reporting workers per bucket of `interval` seconds, from the first to the last active bucket.',
    errors,
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      interval: t.arg.int({ required: true }),
    },
    resolve: (_root, args, { actor }) =>
      getWorkerActivityReport(actor, { from: args.from.getTime() / 1000, to: args.to.getTime() / 1000, interval: args.interval }),
  }),
);

// ---- mutations ------------------------------------------------------------------------------------

const RegisterWorkerInputRef = builder.inputType('RegisterWorkerInput', {
  fields: (t) => ({
    workerId: t.string({ required: true }),
    timeout: t.int({ description: 'Seconds without a report before the worker is dropped (default 600)' }),
    queueIds: t.idList(),
    tags: t.stringList(),
  }),
});

/** The caller's worker as just written; gone only if it was unregistered concurrently. */
async function ownWorker(actor: Parameters<typeof findWorker>[0], workerId: string) {
  const worker = await findWorker(actor, workerId);
  if (!worker) throw new DomainError('WORKER_NOT_REGISTERED', 'Worker is not registered', { worker: workerId });
  return worker;
}

builder.mutationField('registerWorker', (t) =>
  t.field({
    type: WorkerRef,
    description: '(Re)registers a worker of yours, listening on `queueIds`.',
    errors,
    args: { input: t.arg({ type: RegisterWorkerInputRef, required: true }) },
    resolve: async (_root, { input }, { actor }) => {
      await registerWorker(actor, { ...input, queues: input.queueIds?.map(String) });
      return ownWorker(actor, input.workerId);
    },
  }),
);

builder.mutationField('unregisterWorker', (t) =>
  t.field({
    type: 'Boolean',
    description: 'Removes a worker of yours (WORKER_NOT_REGISTERED when there is none).',
    errors,
    args: { input: t.arg({ type: builder.inputType('UnregisterWorkerInput', { fields: (f) => ({ workerId: f.string({ required: true }) }) }), required: true }) },
    resolve: async (_root, { input }, { actor }) => {
      await unregisterWorker(actor, input.workerId);
      return true;
    },
  }),
);

const WorkerStatusInputRef = builder.inputType('WorkerStatusReportInput', {
  fields: (t) => ({
    workerId: t.string({ required: true }),
    timestamp: t.field({ type: 'DateTime', description: 'Time of the statistics (default now)' }),
    taskId: t.id({ description: 'Task being run: it gets lastWorker / lastWorkerReport' }),
    queueId: t.id({ description: 'Queue the task came from' }),
    queueIds: t.idList({ description: 'Replaces the listened queues when non-empty' }),
    machineStats: t.field({ type: 'JSONObject', description: 'e.g. {cpu_usage: [10, 20], memory_used: 1024}' }),
    tags: t.stringList(),
  }),
});

builder.mutationField('workerStatusReport', (t) =>
  t.field({
    type: WorkerRef,
    description: 'A worker\'s periodic report; registers unknown workers and stamps the task being run.',
    errors,
    args: { input: t.arg({ type: WorkerStatusInputRef, required: true }) },
    resolve: async (_root, { input }, { actor }) => {
      await reportWorkerStatus(actor, {
        workerId: input.workerId,
        timestamp: (input.timestamp ?? new Date()).getTime(),
        taskId: input.taskId === undefined || input.taskId === null ? null : String(input.taskId),
        queueId: input.queueId === undefined || input.queueId === null ? null : String(input.queueId),
        queues: input.queueIds?.map(String),
        machineStats: (input.machineStats ?? null) as MachineStats | null,
        tags: input.tags,
      });
      return ownWorker(actor, input.workerId);
    },
  }),
);
