// One mutation per lifecycle action and per edit operation. Each returns a result union: the
// success payload, or one of the typed errors of errors.ts.
import { builder } from './builder.ts';
import { taskMutationErrors } from './errors.ts';
import {
  CloneTaskInputRef,
  ConfigurationItemInputRef,
  CreateTaskInputRef,
  EditTaskInputRef,
  HyperParamInputRef,
  StatusChangeInputRef,
  UpdateTaskInputRef,
  compact,
  toArtifacts,
  toConfiguration,
  toExecution,
  toHyperParams,
  toScript,
} from './task-inputs.ts';
import { ArtifactInputRef } from './artifact.ts';
import type { Actor } from '../resolvers/context.ts';
import type { TaskQuery } from '../resolvers/tasks/access.ts';
import { addOrUpdateArtifacts } from '../resolvers/tasks/artifacts.ts';
import {
  deleteConfiguration,
  deleteHyperParams,
  editConfiguration,
  editHyperParams,
} from '../resolvers/tasks/hyperparams.ts';
import {
  closeTask,
  deleteTask,
  dequeueTask,
  enqueueTask,
  markCompleted,
  markFailed,
  markStopped,
  pingTask,
  publishTask,
  resetTask,
  startTask,
  stopTask,
  NO_RELOAD,
  type StatusChangeInput,
  type StatusChangeResult,
} from '../resolvers/tasks/lifecycle.ts';
import {
  cloneTask,
  createTask,
  editTask,
  makeTasksPrivate,
  makeTasksPublic,
  setRequirements,
  updateTask,
  updateTasksBatch,
  validateTask,
} from '../resolvers/tasks/tasks.ts';
import type { GraphQLResolveInfo } from 'graphql';
import type { Task } from '../generated/prisma/client.ts';
import { taskQueryFor } from './task-columns.ts';
import type { GraphQLContext } from './builder.ts';
import { TaskRef, TaskStatusEnum } from './task.ts';
import { readTaskForSelection } from './task-queries.ts';
import { TaskNotFoundError } from '../resolvers/errors.ts';

const errors = { types: taskMutationErrors };

type StatusInput = {
  taskId: string | number;
  force?: boolean | null;
  statusReason?: string | null;
  statusMessage?: string | null;
  expectedStatus?: StatusChangeInput['expectedStatus'] | null;
};

const statusChange = (input: StatusInput): StatusChangeInput => ({
  taskId: String(input.taskId),
  force: input.force ?? false,
  statusReason: input.statusReason,
  statusMessage: input.statusMessage,
  expectedStatus: input.expectedStatus ?? undefined,
});

type Lifecycle = (actor: Actor, input: StatusChangeInput, query: TaskQuery) => Promise<StatusChangeResult<unknown>>;

const lifecycle: [name: string, action: Lifecycle, description: string][] = [
  ['startTask', startTask, 'Marks the task as running (IN_PROGRESS).'],
  ['stopTask', stopTask, 'Stops the task now, or asks its worker to stop it (status message "stopping").'],
  ['markTaskStopped', markStopped, 'Records that the run stopped (STOPPED).'],
  ['markTaskFailed', markFailed, 'Records that the run failed (FAILED).'],
  ['markTaskCompleted', markCompleted, 'Records that the run completed (COMPLETED).'],
  ['closeTask', closeTask, 'Closes a stopped task (CLOSED).'],
  ['dequeueTask', dequeueTask, 'Takes a queued task off its queue (CREATED).'],
];

/** The task a mutation changed, read with exactly what the client selected under `data`. */
async function changedTask(context: GraphQLContext, info: GraphQLResolveInfo, taskId: string) {
  const task = await readTaskForSelection(context, info, ['data'], taskId);
  if (!task) throw new TaskNotFoundError(taskId); // deleted concurrently
  return task;
}

/**
 * Runs a status change and answers with the task as selected under `data`: when only columns are
 * selected they come back from the update statement itself, otherwise the task is read after.
 */
async function statusChanged(
  context: GraphQLContext,
  info: GraphQLResolveInfo,
  taskId: string,
  run: (query: TaskQuery) => Promise<{ task: unknown }>,
) {
  const read = taskQueryFor(context, info, ['data']);
  if (Object.keys(read.include).length === 0) return (await run({ select: read.select })).task as Task;
  await run(NO_RELOAD);
  return changedTask(context, info, taskId);
}

for (const [name, action, description] of lifecycle) {
  builder.mutationField(name, (t) =>
    t.field({
      type: TaskRef,
      description,
      errors,
      args: { input: t.arg({ type: StatusChangeInputRef, required: true }) },
      resolve: (_root, { input }, context, info) =>
        statusChanged(context, info, String(input.taskId), (query) => action(context.actor, statusChange(input), query)),
    }),
  );
}

const PublishTaskInputRef = builder.inputType('PublishTaskInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    force: t.boolean(),
    publishModel: t.boolean({ description: 'Also mark the output model ready (default true)' }),
    statusReason: t.string(),
    statusMessage: t.string(),
    expectedStatus: t.field({ type: TaskStatusEnum }),
  }),
});

builder.mutationField('publishTask', (t) =>
  t.field({
    type: TaskRef,
    description: 'Publishes the task (PUBLISHED, final) and by default its output model.',
    errors,
    args: { input: t.arg({ type: PublishTaskInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      await publishTask(context.actor, { ...statusChange(input), publishModel: input.publishModel ?? true }, NO_RELOAD);
      return changedTask(context, info, String(input.taskId));
    },
  }),
);

const EnqueueTaskInputRef = builder.inputType('EnqueueTaskInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    queueId: t.id({ description: 'Defaults to the queue tagged "default"' }),
    statusReason: t.string(),
    statusMessage: t.string(),
    expectedStatus: t.field({ type: TaskStatusEnum }),
  }),
});

builder.mutationField('enqueueTask', (t) =>
  t.field({
    type: TaskRef,
    description: 'Queues a created task (QUEUED) and appends it to the queue.',
    errors,
    args: { input: t.arg({ type: EnqueueTaskInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const queueId = input.queueId == null ? undefined : String(input.queueId);
      await enqueueTask(context.actor, { ...statusChange(input), queueId }, NO_RELOAD);
      return changedTask(context, info, String(input.taskId));
    },
  }),
);

const ResetTaskInputRef = builder.inputType('ResetTaskInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    force: t.boolean({ description: 'Reset a published task or one with published outputs' }),
    clearAll: t.boolean({ description: 'Also clear execution and script' }),
    expectedStatus: t.field({ type: TaskStatusEnum }),
  }),
});

builder.mutationField('resetTask', (t) =>
  t.field({
    type: TaskRef,
    description: 'Returns the task to CREATED and removes its results.',
    errors,
    args: { input: t.arg({ type: ResetTaskInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const taskId = String(input.taskId);
      const reset = { taskId, force: input.force ?? false, clearAll: input.clearAll ?? false, expectedStatus: input.expectedStatus ?? undefined };
      await resetTask(context.actor, reset, NO_RELOAD);
      return changedTask(context, info, taskId);
    },
  }),
);

const DeleteTaskPayload = builder
  .objectRef<{ deleted: boolean; updatedChildren: number; updatedModels: number; deletedModels: number }>('DeleteTaskPayload')
  .implement({
  fields: (t) => ({
    deleted: t.exposeBoolean('deleted'),
    updatedChildren: t.exposeInt('updatedChildren', { description: 'Children whose parent became __DELETED__<id>' }),
    updatedModels: t.exposeInt('updatedModels'),
    deletedModels: t.exposeInt('deletedModels', { description: 'Draft models of the task that were removed' }),
  }),
  });

const DeleteTaskInputRef = builder.inputType('DeleteTaskInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    force: t.boolean({ description: 'Delete a task that is not CREATED' }),
  }),
});

builder.mutationField('deleteTask', (t) =>
  t.field({
    type: DeleteTaskPayload,
    errors,
    args: { input: t.arg({ type: DeleteTaskInputRef, required: true }) },
    resolve: (_root, { input }, { actor }) => deleteTask(actor, { taskId: String(input.taskId), force: input.force ?? false }),
  }),
);

builder.mutationField('createTask', (t) =>
  t.field({
    type: TaskRef,
    errors,
    args: { input: t.arg({ type: CreateTaskInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const { id } = await createTask(context.actor, createInput(input), { select: { id: true } });
      return changedTask(context, info, id);
    },
  }),
);

type CreateArgs = typeof CreateTaskInputRef.$inferInput;
const createInput = (input: CreateArgs) => ({
  ...compact({
    name: input.name,
    type: input.type,
    comment: input.comment,
    tags: input.tags,
    systemTags: input.systemTags,
    parentId: input.parentId == null ? undefined : String(input.parentId),
    projectId: input.projectId == null ? undefined : String(input.projectId),
    outputDestination: input.outputDestination,
  }),
  script: toScript(input.script as never),
  execution: toExecution(input.execution as never),
  hyperparams: toHyperParams(input.hyperparams),
  configuration: toConfiguration(input.configuration),
});

builder.mutationField('validateTask', (t) =>
  t.boolean({
    description: 'Runs every check of createTask without creating anything.',
    errors,
    args: { input: t.arg({ type: CreateTaskInputRef, required: true }) },
    resolve: async (_root, { input }, { actor }) => {
      await validateTask(actor, createInput(input));
      return true;
    },
  }),
);

builder.mutationField('editTask', (t) =>
  t.field({
    type: TaskRef,
    errors,
    args: { input: t.arg({ type: EditTaskInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const { actor } = context;
      const { taskId } = await editTask(actor, {
        ...createInput(input as unknown as CreateArgs),
        name: input.name ?? undefined,
        type: input.type ?? undefined,
        taskId: String(input.taskId),
        force: input.force ?? false,
      }).then((r) => ({ taskId: r.task.id }));
      return changedTask(context, info, taskId);
    },
  }),
);

builder.mutationField('updateTask', (t) =>
  t.field({
    type: TaskRef,
    description: 'Updates descriptive fields (any status).',
    errors,
    args: { input: t.arg({ type: UpdateTaskInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const { actor } = context;
      await updateTask(actor, { ...compact(input), taskId: String(input.taskId), projectId: input.projectId == null ? undefined : String(input.projectId) });
      return changedTask(context, info, String(input.taskId));
    },
  }),
);

builder.mutationField('updateTasks', (t) =>
  t.int({
    description: 'Updates many tasks in one transaction; returns how many were updated.',
    errors,
    args: { input: t.arg({ type: [UpdateTaskInputRef], required: true }) },
    resolve: async (_root, { input }, { actor }) =>
      (
        await updateTasksBatch(
          actor,
          input.map((item) => ({ ...compact(item), taskId: String(item.taskId), projectId: item.projectId == null ? undefined : String(item.projectId) })),
        )
      ).updated,
  }),
);

builder.mutationField('cloneTask', (t) =>
  t.field({
    type: TaskRef,
    errors,
    args: { input: t.arg({ type: CloneTaskInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const { actor } = context;
      const { id } = await cloneTask<{ id: string }>(
        actor,
        {
          ...compact({
            name: input.name,
            comment: input.comment,
            tags: input.tags,
            systemTags: input.systemTags,
            parentId: input.parentId == null ? undefined : String(input.parentId),
            projectId: input.projectId == null ? undefined : String(input.projectId),
          }),
          validateReferences: input.validateReferences ?? false,
          taskId: String(input.taskId),
          executionOverrides: toExecution(input.executionOverrides as never),
          hyperparams: toHyperParams(input.hyperparams),
          configuration: toConfiguration(input.configuration),
        },
        { select: { id: true } },
      );
      return changedTask(context, info, id);
    },
  }),
);

builder.mutationField('pingTask', (t) =>
  t.boolean({
    description: 'Keep-alive from a running task: bumps lastUpdate (unknown ids are ignored).',
    args: { taskId: t.arg.id({ required: true }) },
    resolve: async (_root, { taskId }, { actor }) => {
      await pingTask(actor, String(taskId));
      return true;
    },
  }),
);

const SetTaskRequirementsInputRef = builder.inputType('SetTaskRequirementsInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    requirements: t.field({ type: 'JSONObject', required: true, description: 'e.g. {"pip": "torch==2.1\\n"}' }),
  }),
});

builder.mutationField('setTaskRequirements', (t) =>
  t.field({
    type: TaskRef,
    errors,
    args: { input: t.arg({ type: SetTaskRequirementsInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const { actor } = context;
      await setRequirements(actor, { taskId: String(input.taskId), requirements: input.requirements });
      return changedTask(context, info, String(input.taskId));
    },
  }),
);

const ArtifactsPayload = builder.objectRef<{ added: string[]; updated: string[] }>('AddOrUpdateArtifactsPayload').implement({
  fields: (t) => ({
    added: t.exposeStringList('added', { description: 'Keys of appended artifacts' }),
    updated: t.exposeStringList('updated', { description: 'Keys of replaced artifacts' }),
  }),
});

const AddOrUpdateArtifactsInputRef = builder.inputType('AddOrUpdateTaskArtifactsInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    artifacts: t.field({ type: [ArtifactInputRef], required: true }),
  }),
});

builder.mutationField('addOrUpdateTaskArtifacts', (t) =>
  t.field({
    type: ArtifactsPayload,
    errors,
    args: { input: t.arg({ type: AddOrUpdateArtifactsInputRef, required: true }) },
    resolve: (_root, { input }, { actor }) =>
      addOrUpdateArtifacts(actor, { taskId: String(input.taskId), artifacts: toArtifacts(input.artifacts as never) ?? [] }),
  }),
);

const HyperParamReplaceEnum = builder.enumType('HyperParamReplaceMode', {
  values: { NONE: { value: 'none' }, SECTION: { value: 'section' }, ALL: { value: 'all' } } as const,
});

const EditHyperParamsInputRef = builder.inputType('EditTaskHyperParamsInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    items: t.field({ type: [HyperParamInputRef], required: true }),
    replace: t.field({ type: HyperParamReplaceEnum, defaultValue: 'none', description: 'What the given items replace' }),
  }),
});

builder.mutationField('editTaskHyperParams', (t) =>
  t.field({
    type: TaskRef,
    description: 'Sets hyper-parameters. Needs a CREATED task, unless every item is in section "properties".',
    errors,
    args: { input: t.arg({ type: EditHyperParamsInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const { actor } = context;
      await editHyperParams(actor, {
        taskId: String(input.taskId),
        items: input.items.map((i) => compact(i) as typeof i & { type?: string; description?: string }),
        replace: input.replace ?? 'none',
      });
      return changedTask(context, info, String(input.taskId));
    },
  }),
);

const HyperParamKeyInputRef = builder.inputType('HyperParamKeyInput', {
  fields: (t) => ({
    section: t.string({ required: true }),
    name: t.string({ description: 'Omit to delete the whole section' }),
  }),
});

const DeleteHyperParamsInputRef = builder.inputType('DeleteTaskHyperParamsInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    items: t.field({ type: [HyperParamKeyInputRef], required: true }),
  }),
});

builder.mutationField('deleteTaskHyperParams', (t) =>
  t.field({
    type: TaskRef,
    errors,
    args: { input: t.arg({ type: DeleteHyperParamsInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const { actor } = context;
      await deleteHyperParams(actor, { taskId: String(input.taskId), items: input.items });
      return changedTask(context, info, String(input.taskId));
    },
  }),
);

const EditConfigurationInputRef = builder.inputType('EditTaskConfigurationInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    items: t.field({ type: [ConfigurationItemInputRef], required: true }),
    replace: t.boolean({ defaultValue: false, description: 'Replace the whole configuration' }),
  }),
});

builder.mutationField('editTaskConfiguration', (t) =>
  t.field({
    type: TaskRef,
    errors,
    args: { input: t.arg({ type: EditConfigurationInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const { actor } = context;
      await editConfiguration(actor, {
        taskId: String(input.taskId),
        items: input.items.map((i) => compact(i) as typeof i & { type?: string; description?: string }),
        replace: input.replace ?? false,
      });
      return changedTask(context, info, String(input.taskId));
    },
  }),
);

const DeleteConfigurationInputRef = builder.inputType('DeleteTaskConfigurationInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    names: t.stringList({ required: true }),
  }),
});

builder.mutationField('deleteTaskConfiguration', (t) =>
  t.field({
    type: TaskRef,
    errors,
    args: { input: t.arg({ type: DeleteConfigurationInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const { actor } = context;
      await deleteConfiguration(actor, { taskId: String(input.taskId), names: input.names });
      return changedTask(context, info, String(input.taskId));
    },
  }),
);

builder.mutationField('makeTasksPublic', (t) =>
  t.int({
    description: 'Makes own tasks readable by every company (and writable by none). Returns the count.',
    errors,
    args: { ids: t.arg.idList({ required: true }) },
    resolve: async (_root, { ids }, { actor }) => (await makeTasksPublic(actor, ids.map(String))).updated,
  }),
);

builder.mutationField('makeTasksPrivate', (t) =>
  t.int({
    description: 'Takes back tasks this company made public. Returns the count.',
    errors,
    args: { ids: t.arg.idList({ required: true }) },
    resolve: async (_root, { ids }, { actor }) => (await makeTasksPrivate(actor, ids.map(String))).updated,
  }),
);
