// The Task type, its embedded objects, the task queries and every task mutation. Resolvers are
// one-line adapters into src/resolvers; Pothos passes its Prisma selection down so relations load
// without N+1 queries.
import { builder } from './builder.ts';
import { ArtifactInputRef, ArtifactRef } from './artifact.ts';
import type { Task } from '../generated/prisma/client.ts';
import { TaskStatus, TaskType, ArtifactMode, OutputResult } from '../generated/prisma/enums.ts';
import { metricHash } from '../resolvers/tasks/metrics.ts';
import type { HyperParamItem, HyperParams, Configuration } from '../resolvers/tasks/hyperparams.ts';

export const TaskStatusEnum = builder.enumType(TaskStatus, {
  name: 'TaskStatus',
  description: 'Lifecycle status of a task.',
});
export const TaskTypeEnum = builder.enumType(TaskType, { name: 'TaskType' });
export const ArtifactModeEnum = builder.enumType(ArtifactMode, { name: 'ArtifactMode' });
export const OutputResultEnum = builder.enumType(OutputResult, { name: 'OutputResult' });

type TaskRow = Partial<Task>;

const TaskScript = builder.objectRef<TaskRow>('TaskScript').implement({
  description: 'Where the code of a task comes from and what it needs.',
  fields: (t) => ({
    binary: t.string({ resolve: (s) => s.scriptBinary ?? 'python' }),
    repository: t.string({ resolve: (s) => s.scriptRepository ?? '' }),
    tag: t.string({ nullable: true, resolve: (s) => s.scriptTag ?? null }),
    branch: t.string({ nullable: true, resolve: (s) => s.scriptBranch ?? null }),
    versionNum: t.string({ nullable: true, resolve: (s) => s.scriptVersionNum ?? null }),
    entryPoint: t.string({ resolve: (s) => s.scriptEntryPoint ?? '' }),
    workingDir: t.string({ nullable: true, resolve: (s) => s.scriptWorkingDir ?? null }),
    requirements: t.field({ type: 'JSONObject', resolve: (s) => (s.scriptRequirements ?? {}) as Record<string, unknown> }),
    diff: t.string({ nullable: true, resolve: (s) => s.scriptDiff ?? null }),
  }),
});

const TaskExecution = builder.objectRef<TaskRow>('TaskExecution').implement({
  description: 'How a task runs. The input model, queue and artifacts are fields of Task.',
  fields: (t) => ({
    testSplit: t.int({ resolve: (e) => e.testSplit ?? 0 }),
    parameters: t.field({
      type: 'JSONObject',
      description: 'Legacy flat parameters (API < 2.9 clients); prefer Task.hyperparams.',
      resolve: (e) => (e.parameters ?? {}) as Record<string, unknown>,
    }),
    modelDesc: t.field({ type: 'JSONObject', resolve: (e) => (e.modelDesc ?? {}) as Record<string, unknown> }),
    modelLabels: t.field({ type: 'JSONObject', resolve: (e) => (e.modelLabels ?? {}) as Record<string, unknown> }),
    framework: t.string({ nullable: true, resolve: (e) => e.framework ?? null }),
    dockerCmd: t.string({ nullable: true, resolve: (e) => e.dockerCmd ?? null }),
  }),
});

const TaskOutput = builder.objectRef<TaskRow>('TaskOutput').implement({
  fields: (t) => ({
    destination: t.string({ nullable: true, resolve: (o) => o.outputDestination ?? null }),
    error: t.string({ nullable: true, resolve: (o) => o.outputError ?? null }),
    result: t.field({ type: OutputResultEnum, nullable: true, resolve: (o) => o.outputResult ?? null }),
  }),
});

export const HyperParamRef = builder.objectRef<HyperParamItem>('HyperParam').implement({
  description: 'One hyper-parameter: values are strings, as clients send them.',
  fields: (t) => ({
    section: t.exposeString('section'),
    name: t.exposeString('name'),
    value: t.exposeString('value'),
    type: t.string({ nullable: true, resolve: (p) => p.type ?? null }),
    description: t.string({ nullable: true, resolve: (p) => p.description ?? null }),
  }),
});

export const ConfigurationItemRef = builder
  .objectRef<{ name: string; value: string; type?: string; description?: string }>('ConfigurationItem')
  .implement({
    fields: (t) => ({
      name: t.exposeString('name'),
      value: t.exposeString('value'),
      type: t.string({ nullable: true, resolve: (c) => c.type ?? null }),
      description: t.string({ nullable: true, resolve: (c) => c.description ?? null }),
    }),
  });

interface LastMetric {
  metric: string;
  variant: string;
  value: number | null;
  min_value?: number | null;
  max_value?: number | null;
}

const LastMetricRef = builder.objectRef<LastMetric>('LastMetric').implement({
  description: 'Last reported value of a scalar series, with its running minimum and maximum.',
  fields: (t) => ({
    metric: t.exposeString('metric'),
    variant: t.exposeString('variant'),
    value: t.float({ nullable: true, resolve: (m) => m.value ?? null }),
    min: t.float({ nullable: true, resolve: (m) => m.min_value ?? null }),
    max: t.float({ nullable: true, resolve: (m) => m.max_value ?? null }),
    metricHash: t.string({ resolve: (m) => metricHash(m.metric) }),
    variantHash: t.string({ resolve: (m) => metricHash(m.variant) }),
  }),
});

const flattenHyperParams = (hyperparams: unknown) =>
  Object.values((hyperparams ?? {}) as HyperParams)
    .flatMap((section) => Object.values(section))
    .sort((a, b) => (a.section === b.section ? cmp(a.name, b.name) : cmp(a.section, b.section)));
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Include mode: scalar fields read the row as loaded (no per-field selection bookkeeping, which
// costs microseconds per field and row); list queries load exactly the columns taskColumns() names.
export const TaskRef = builder.prismaObject('Task', {
  description: 'An experiment: its definition, lifecycle status and results.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    type: t.expose('type', { type: TaskTypeEnum }),
    status: t.expose('status', { type: TaskStatusEnum }),
    statusReason: t.exposeString('statusReason', { nullable: true }),
    statusMessage: t.exposeString('statusMessage', { nullable: true }),
    statusChanged: t.expose('statusChanged', { type: 'DateTime', nullable: true }),
    comment: t.exposeString('comment', { nullable: true }),
    user: t.exposeString('userId', { description: 'Id of the user who created the task' }),
    company: t.exposeString('companyId', { nullable: true, description: 'Owning company; null for public tasks' }),
    isPublic: t.boolean({ resolve: (task) => task.companyId === null }),
    created: t.expose('created', { type: 'DateTime' }),
    started: t.expose('started', { type: 'DateTime', nullable: true }),
    completed: t.expose('completed', { type: 'DateTime', nullable: true }),
    published: t.expose('published', { type: 'DateTime', nullable: true }),
    duration: t.exposeInt('duration', { nullable: true, description: 'Run time in seconds' }),
    lastUpdate: t.expose('lastUpdate', { type: 'DateTime' }),
    lastIteration: t.exposeInt('lastIteration'),
    lastWorker: t.exposeString('lastWorker', { nullable: true }),
    lastWorkerReport: t.expose('lastWorkerReport', { type: 'DateTime', nullable: true }),
    tags: t.exposeStringList('tags'),
    systemTags: t.exposeStringList('systemTags'),
    parent: t.relation('parent', { nullable: true }),
    parentId: t.string({
      nullable: true,
      description: 'Parent task id; `__DELETED__<id>` when the parent was deleted or reset',
      resolve: (task) => task.parentId ?? (task.detachedParentId ? `__DELETED__${task.detachedParentId}` : null),
    }),
    children: t.relation('children'),
    queue: t.relation('queue', { nullable: true, description: 'The queue the task waits in (execution.queue)' }),
    inputModel: t.relation('inputModel', { nullable: true, description: 'execution.model' }),
    outputModel: t.relation('outputModel', { nullable: true, description: 'output.model' }),
    inputModelId: t.string({
      nullable: true,
      description: 'Input model id (execution.model); `__DELETED__<id>` when the model was deleted with force',
      resolve: (task) => task.inputModelId ?? (task.detachedInputModelId ? `__DELETED__${task.detachedInputModelId}` : null),
    }),
    outputModelId: t.string({
      nullable: true,
      description: 'Output model id (output.model); `__DELETED__<id>` when the model was deleted with force',
      resolve: (task) => task.outputModelId ?? (task.detachedOutputModelId ? `__DELETED__${task.detachedOutputModelId}` : null),
    }),
    artifacts: t.relation('artifacts', { query: { orderBy: { position: 'asc' } } }),
    script: t.field({
      type: TaskScript,
      resolve: (task) => task,
    }),
    execution: t.field({
      type: TaskExecution,
      resolve: (task) => task,
    }),
    output: t.field({
      type: TaskOutput,
      resolve: (task) => task,
    }),
    hyperparams: t.field({
      type: 'JSONObject',
      description: 'section → name → {section, name, value, type, description}',
      resolve: (task) => task.hyperparams as Record<string, unknown>,
    }),
    hyperParamList: t.field({
      type: [HyperParamRef],
      description: 'All hyper-parameters, sorted by section and name',
      resolve: (task) => flattenHyperParams(task.hyperparams),
    }),
    configuration: t.field({
      type: [ConfigurationItemRef],
      description: 'Configuration items sorted by name',
      resolve: (task) =>
        Object.values((task.configuration ?? {}) as Configuration).sort((a, b) => cmp(a.name, b.name)),
    }),
    runtime: t.field({ type: 'JSONObject', resolve: (task) => task.runtime as Record<string, unknown> }),
    lastMetrics: t.field({
      type: [LastMetricRef],
      description: 'Last value, min and max of every scalar series the task reported',
      resolve: (task) =>
        Object.values((task.lastMetrics ?? {}) as unknown as Record<string, Record<string, LastMetric>>)
          .flatMap((variants) => Object.values(variants))
          .sort((a, b) => (a.metric === b.metric ? cmp(a.variant, b.variant) : cmp(a.metric, b.metric))),
    }),
    metricStats: t.field({ type: 'JSONObject', resolve: (task) => task.metricStats as Record<string, unknown> }),
  }),
});

export { ArtifactRef, ArtifactInputRef, TaskScript, TaskExecution, TaskOutput };
