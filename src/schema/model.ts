// Models are what tasks consume (input model) and produce (output model): the Model type, its
// queries and mutations. Resolvers are one-line adapters into src/resolvers/models.ts; Pothos
// passes its Prisma selection down so relations load without N+1 queries.
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import type { Model, Prisma, Task } from '../generated/prisma/client.ts';
import { NotFoundError } from '../resolvers/errors.ts';
import { listModelFrameworks, listModelIds, type ModelFilter, type ModelOrderField } from '../resolvers/model-query.ts';
import {
  createModel,
  deleteModel,
  editModel,
  makeModelsPrivate,
  makeModelsPublic,
  readModels,
  setModelReady,
  updateModelForTask,
} from '../resolvers/models.ts';
import { findTask } from '../resolvers/tasks/query.ts';
import type { ListFilter } from '../resolvers/tasks/query.ts';
import { builder, type GraphQLContext } from './builder.ts';
import { taskMutationErrors } from './errors.ts';
import { TaskRef } from './task.ts';
import { OrderDirectionEnum, StringListFilterRef } from './task-queries.ts';

const errors = { types: taskMutationErrors };

type ModelQuery = { select?: Prisma.ModelSelect; include?: Prisma.ModelInclude };

/** The model `id` read with exactly what the selection at `path` needs (null when not visible). */
async function readModelForSelection(context: GraphQLContext, info: GraphQLResolveInfo, path: string[], id: string) {
  const query = queryFromInfo({ context, info, path, typeName: 'Model' }) as ModelQuery;
  const [model] = await readModels<Model>(context.actor, [id], query);
  return model ?? null;
}

export const ModelRef = builder.prismaObject('Model', {
  description: 'A trained model: weights at `uri`, the task that created it and its labels.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    uri: t.exposeString('uri'),
    framework: t.exposeString('framework', { nullable: true }),
    ready: t.exposeBoolean('ready', { description: 'Published' }),
    comment: t.exposeString('comment', { nullable: true }),
    created: t.expose('created', { type: 'DateTime' }),
    lastUpdate: t.expose('lastUpdate', { type: 'DateTime' }),
    tags: t.exposeStringList('tags'),
    systemTags: t.exposeStringList('systemTags'),
    user: t.exposeString('userId', { description: 'Id of the user who created the model' }),
    company: t.exposeString('companyId', { nullable: true, description: 'Owning company; null for public models' }),
    isPublic: t.boolean({ resolve: (model) => model.companyId === null }),
    design: t.field({ type: 'JSONObject', resolve: (model) => model.design as Record<string, unknown> }),
    labels: t.field({
      type: 'JSONObject',
      description: 'Label name → integer id',
      resolve: (model) => model.labels as Record<string, unknown>,
    }),
    uiCache: t.field({ type: 'JSONObject', resolve: (model) => model.uiCache as Record<string, unknown> }),
    project: t.relation('project', { nullable: true }),
    taskId: t.exposeString('taskId', {
      nullable: true,
      description: 'The creating task; `__DELETED__<id>` once that task was deleted or reset with force',
    }),
    task: t.field({
      type: TaskRef,
      nullable: true,
      description: 'The creating task, when it still exists and is visible',
      resolve: (model, _args, { actor }) => (model.taskId ? (findTask(actor, model.taskId) as Promise<Task | null>) : null),
    }),
    parentId: t.exposeString('parentId', { nullable: true, description: 'The model this one was trained from' }),
  }),
});

builder.objectField(ModelRef, 'parent', (t) =>
  t.field({
    type: ModelRef,
    nullable: true,
    description: 'The parent model, when it still exists and is visible',
    resolve: async (model, _args, { actor }) =>
      model.parentId ? ((await readModels<Model>(actor, [model.parentId]))[0] ?? null) : null,
  }),
);

// ---------------------------------------------------------------------------------------------
// Queries

const ModelFilterRef = builder.inputType('ModelFilter', {
  fields: (t) => ({
    ids: t.idList(),
    users: t.field({ type: StringListFilterRef }),
    projects: t.field({ type: StringListFilterRef, description: 'Project ids; orEmpty for models without project' }),
    tasks: t.field({ type: StringListFilterRef, description: 'Creating task ids' }),
    parents: t.field({ type: StringListFilterRef }),
    frameworks: t.field({ type: StringListFilterRef }),
    uris: t.field({ type: StringListFilterRef }),
    tags: t.field({ type: StringListFilterRef }),
    systemTags: t.field({ type: StringListFilterRef }),
    name: t.string({ description: 'Case-sensitive regular expression matched anywhere in the name' }),
    comment: t.string({ description: 'Case-sensitive regular expression matched anywhere in the comment' }),
    ready: t.boolean(),
    search: t.string({ description: 'Words (OR-ed), "quoted phrases" and -excluded words' }),
  }),
});

const ModelOrderFieldEnum = builder.enumType('ModelOrderField', {
  values: {
    ID: { value: 'id' },
    NAME: { value: 'name' },
    USER: { value: 'user' },
    PROJECT: { value: 'project' },
    TASK: { value: 'task' },
    PARENT: { value: 'parent' },
    COMMENT: { value: 'comment' },
    CREATED: { value: 'created' },
    LAST_UPDATE: { value: 'last_update' },
    URI: { value: 'uri' },
    FRAMEWORK: { value: 'framework' },
    READY: { value: 'ready' },
    TAGS: { value: 'tags' },
    SEARCH_SCORE: { value: '@text_score', description: 'Relevance to filter.search' },
  } as const,
});

const ModelOrderRef = builder.inputType('ModelOrder', {
  description: 'One sort key; empty values sort last in both directions.',
  fields: (t) => ({
    field: t.field({ type: ModelOrderFieldEnum, required: true }),
    direction: t.field({ type: OrderDirectionEnum, defaultValue: 'ASC' }),
  }),
});

const PageInputRef = builder.inputType('PageInput', {
  fields: (t) => ({
    page: t.int({ required: true, description: 'Zero-based page number' }),
    pageSize: t.int({ required: true }),
  }),
});

type ListArg = { anyOf?: readonly string[] | null; noneOf?: readonly string[] | null; orEmpty?: boolean | null } | null | undefined;
const listFilter = (f: ListArg): ListFilter | undefined =>
  f ? { include: [...(f.anyOf ?? [])], exclude: [...(f.noneOf ?? [])], includeEmpty: f.orEmpty ?? false } : undefined;

function toModelFilter(filter: typeof ModelFilterRef.$inferInput | null | undefined): ModelFilter {
  if (!filter) return {};
  return {
    ids: filter.ids ? { include: filter.ids.map(String), exclude: [], includeEmpty: false } : undefined,
    users: listFilter(filter.users),
    projects: listFilter(filter.projects),
    tasks: listFilter(filter.tasks),
    parents: listFilter(filter.parents),
    frameworks: listFilter(filter.frameworks),
    uris: listFilter(filter.uris),
    tags: listFilter(filter.tags),
    systemTags: listFilter(filter.systemTags),
    name: filter.name ?? undefined,
    comment: filter.comment ?? undefined,
    ready: filter.ready ?? undefined,
    searchText: filter.search ?? undefined,
  };
}

builder.queryField('model', (t) =>
  t.prismaField({
    type: ModelRef,
    nullable: true,
    description: 'A model of your company or a public one; null when there is none with this id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id }, { actor }) => (await readModels<Model>(actor, [String(id)], query))[0] ?? null,
  }),
);

builder.queryField('models', (t) =>
  t.prismaField({
    type: ['Model'],
    description: 'Models of your company and public ones matching `filter`, in `orderBy` order (then by id).',
    args: {
      filter: t.arg({ type: ModelFilterRef }),
      orderBy: t.arg({ type: [ModelOrderRef] }),
      paging: t.arg({ type: PageInputRef }),
    },
    resolve: async (query, _root, args, { actor }) => {
      const ids = await listModelIds(actor, {
        filter: toModelFilter(args.filter),
        orderBy: (args.orderBy ?? []).map((o) => ({ field: o.field as ModelOrderField, descending: o.direction === 'DESC' })),
        page: args.paging ?? undefined,
      });
      return readModels<Model>(actor, ids, query);
    },
  }),
);

builder.queryField('modelFrameworks', (t) =>
  t.stringList({
    description: 'Distinct frameworks of your and public models (within `projects` when given), sorted.',
    args: { projects: t.arg.idList() },
    resolve: (_root, { projects }, { actor }) => listModelFrameworks(actor, projects?.map(String)),
  }),
);

// ---------------------------------------------------------------------------------------------
// Mutations

/** The model a mutation changed, read with what the client selected under `data`. */
async function changedModel(context: GraphQLContext, info: GraphQLResolveInfo, id: string, path = ['data']) {
  const model = await readModelForSelection(context, info, path, id);
  if (!model) throw new NotFoundError('MODEL_NOT_FOUND', 'Model', [id]); // deleted concurrently
  return model;
}

const optionalId = (id: string | number | null | undefined) => (id == null ? undefined : String(id));

const CreateModelInputRef = builder.inputType('CreateModelInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'At least 3 characters (trimmed)' }),
    uri: t.string({ required: true }),
    labels: t.field({ type: 'JSONObject', description: 'Label name → unique integer id' }),
    tags: t.stringList(),
    systemTags: t.stringList(),
    comment: t.string(),
    public: t.boolean({ description: 'Create a public model (readable by everyone, writable by no one)' }),
    projectId: t.id(),
    parentId: t.id(),
    framework: t.string(),
    design: t.field({ type: 'JSONObject' }),
    ready: t.boolean({ description: 'Default true' }),
    uiCache: t.field({ type: 'JSONObject' }),
    taskId: t.id({ description: 'The creating task' }),
  }),
});

builder.mutationField('createModel', (t) =>
  t.field({
    type: ModelRef,
    errors,
    args: { input: t.arg({ type: CreateModelInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const model = await createModel(context.actor, {
        ...input,
        labels: input.labels as Record<string, number | null> | null | undefined,
        projectId: optionalId(input.projectId),
        parentId: optionalId(input.parentId),
        taskId: optionalId(input.taskId),
      });
      return changedModel(context, info, model.id);
    },
  }),
);

const EditModelInputRef = builder.inputType('EditModelInput', {
  fields: (t) => ({
    modelId: t.id({ required: true }),
    name: t.string(),
    tags: t.stringList(),
    systemTags: t.stringList(),
    comment: t.string(),
    uri: t.string({ description: 'A new uri also clears uiCache' }),
    framework: t.string(),
    design: t.field({ type: 'JSONObject' }),
    labels: t.field({ type: 'JSONObject' }),
    ready: t.boolean({ description: 'false un-publishes the model' }),
    projectId: t.id(),
    parentId: t.id(),
    taskId: t.id(),
    iteration: t.int({ description: "Raises the task's lastIteration to at least this value" }),
  }),
});

builder.mutationField('editModel', (t) =>
  t.field({
    type: ModelRef,
    description: 'Edits a model of your company (public models cannot be changed).',
    errors,
    args: { input: t.arg({ type: EditModelInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const modelId = String(input.modelId);
      await editModel(context.actor, {
        ...input,
        modelId,
        labels: input.labels as Record<string, number | null> | null | undefined,
        projectId: optionalId(input.projectId),
        parentId: optionalId(input.parentId),
        taskId: optionalId(input.taskId),
      });
      return changedModel(context, info, modelId);
    },
  }),
);

const UpdateModelForTaskInputRef = builder.inputType('UpdateModelForTaskInput', {
  description: 'Exactly one of uri (create or update the output model) and overrideModelId (attach a model).',
  fields: (t) => ({
    taskId: t.id({ required: true }),
    uri: t.string(),
    overrideModelId: t.id(),
    name: t.string({ description: "Default: the task's name" }),
    comment: t.string({ description: 'Default: "Created by task `<name>` (<id>)"' }),
    tags: t.stringList(),
    systemTags: t.stringList(),
    iteration: t.int({ description: "Raises the task's lastIteration to at least this value" }),
  }),
});

const UpdateModelForTaskPayload = builder
  .objectRef<{ modelId: string; created: boolean }>('UpdateModelForTaskPayload')
  .implement({
    fields: (t) => ({
      created: t.exposeBoolean('created', { description: 'A model was created or attached (false: updated)' }),
      model: t.field({
        type: ModelRef,
        resolve: (payload, _args, context, info) => changedModel(context, info, payload.modelId, []),
      }),
    }),
  });

builder.mutationField('updateModelForTask', (t) =>
  t.field({
    type: UpdateModelForTaskPayload,
    description: 'Registers the output model of a CREATED or IN_PROGRESS task.',
    errors,
    args: { input: t.arg({ type: UpdateModelForTaskInputRef, required: true }) },
    resolve: async (_root, { input }, { actor }) => {
      const result = await updateModelForTask(actor, {
        ...input,
        taskId: String(input.taskId),
        overrideModelId: optionalId(input.overrideModelId),
      });
      return { modelId: result.modelId, created: result.created };
    },
  }),
);

const SetModelReadyInputRef = builder.inputType('SetModelReadyInput', {
  fields: (t) => ({
    modelId: t.id({ required: true }),
    publishTask: t.boolean({ description: 'Publish the creating task first when it is not published (default true)' }),
    forcePublishTask: t.boolean({ description: 'Publish the creating task whatever its status (default false)' }),
  }),
});

const SetModelReadyPayload = builder
  .objectRef<{ modelId: string; publishedTaskId: string | null }>('SetModelReadyPayload')
  .implement({
    fields: (t) => ({
      model: t.field({
        type: ModelRef,
        resolve: (payload, _args, context, info) => changedModel(context, info, payload.modelId, []),
      }),
      publishedTaskId: t.exposeID('publishedTaskId', { nullable: true, description: 'The task published on the way' }),
    }),
  });

builder.mutationField('setModelReady', (t) =>
  t.field({
    type: SetModelReadyPayload,
    description: 'Marks a model ready (published), publishing its creating task first by default.',
    errors,
    args: { input: t.arg({ type: SetModelReadyInputRef, required: true }) },
    resolve: async (_root, { input }, { actor }) => {
      const modelId = String(input.modelId);
      const result = await setModelReady(actor, { ...input, modelId });
      return { modelId, publishedTaskId: result.publishedTask?.taskId ?? null };
    },
  }),
);

const DeleteModelInputRef = builder.inputType('DeleteModelInput', {
  fields: (t) => ({
    modelId: t.id({ required: true }),
    force: t.boolean({ description: 'Also delete a model used as input model or created by a published task' }),
  }),
});

const DeleteModelPayload = builder.objectRef<{ deleted: boolean }>('DeleteModelPayload').implement({
  fields: (t) => ({ deleted: t.exposeBoolean('deleted') }),
});

builder.mutationField('deleteModel', (t) =>
  t.field({
    type: DeleteModelPayload,
    errors,
    args: { input: t.arg({ type: DeleteModelInputRef, required: true }) },
    resolve: (_root, { input }, { actor }) => deleteModel(actor, { modelId: String(input.modelId), force: input.force }),
  }),
);

builder.mutationField('makeModelsPublic', (t) =>
  t.int({
    description: 'Makes own models readable by every company (and writable by none). Returns the count.',
    errors,
    args: { ids: t.arg.idList({ required: true }) },
    resolve: async (_root, { ids }, { actor }) => (await makeModelsPublic(actor, ids.map(String))).updated,
  }),
);

builder.mutationField('makeModelsPrivate', (t) =>
  t.int({
    description: 'Takes back models this company made public. Returns the count.',
    errors,
    args: { ids: t.arg.idList({ required: true }) },
    resolve: async (_root, { ids }, { actor }) => (await makeModelsPrivate(actor, ids.map(String))).updated,
  }),
);
