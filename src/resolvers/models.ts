// Models: what tasks consume (input model) and produce (output model) (neighbours spec B.2).
// Responsible for the model rules (names, labels, readiness, deletion guards), company scoping
// (reads: own + public; writes: own only, a public model is "not found") and the interplay with
// the tasks that create and use models. Talks to Prisma.
import { db, Prisma } from '../db.ts';
import type { Model, Task } from '../generated/prisma/client.ts';
import type { Actor } from './context.ts';
import { DomainError, NotFoundError, PublicReadOnlyError, TaskNotFoundError, ValidationError } from './errors.ts';
import { newId } from './ids.ts';
import { findModel, type ModelListQuery, type ModelRow } from './model-query.ts';
import { checkId, getWritableTask, type Tx } from './tasks/access.ts';
import { checkTags } from './tasks/inputs.ts';
import { NO_RELOAD, publishTask, type Changes } from './tasks/lifecycle.ts';

export const DELETED_PREFIX = '__DELETED__';

const modelNotFound = (id: string) => new NotFoundError('MODEL_NOT_FOUND', 'Model', [id]);

// ---------------------------------------------------------------------------------------------
// Reads

/** A model of the caller's company or a public one, with the given fields; null when there is none. */
export function getModel(
  actor: Actor,
  id: string,
  query: Pick<ModelListQuery, 'fields' | 'joins' | 'filter'> = {},
): Promise<ModelRow | null> {
  return findModel(actor, id, query);
}

/**
 * The output model of one of the caller's own tasks. TaskNotFoundError for a foreign, public or
 * missing task; TASK_MISSING_FIELDS when the task has no output model; MODEL_NOT_FOUND when that
 * model is gone or out of the caller's scope.
 */
export async function getModelByTaskId(
  actor: Actor,
  taskId: string,
  query: Pick<ModelListQuery, 'fields' | 'joins'> = {},
): Promise<ModelRow> {
  checkId('task', taskId);
  const task = await db.task.findFirst({
    where: { id: taskId, companyId: actor.companyId },
    select: { outputModelId: true, detachedOutputModelId: true },
  });
  if (!task) throw new TaskNotFoundError(taskId);
  if (!task.outputModelId) {
    if (task.detachedOutputModelId) throw modelNotFound(`${DELETED_PREFIX}${task.detachedOutputModelId}`);
    throw new DomainError('TASK_MISSING_FIELDS', `task ${taskId} has no output model`, {
      reason: '',
      field: 'output.model',
    });
  }
  const model = await findModel(actor, task.outputModelId, query);
  if (!model) throw modelNotFound(task.outputModelId);
  return model;
}

// ---------------------------------------------------------------------------------------------
// Validation helpers

function checkModelName(name: unknown): string {
  if (typeof name !== 'string') throw new ValidationError('name', 'must be a string', 'INVALID_INPUT');
  const trimmed = name.trim();
  if (trimmed.length < 3) throw new ValidationError('name', 'must have at least 3 characters', 'DATA_VALIDATION');
  return trimmed;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Labels map names to integer ids (or null). Wrong types ⇒ INVALID_INPUT; with `unique`, repeated
 * non-null ids ⇒ DATA_VALIDATION (the document rule applied when a model is created).
 */
function checkLabels(labels: unknown, unique: boolean): Record<string, number | null> | undefined {
  if (labels === undefined || labels === null) return undefined;
  if (!isObject(labels)) throw new ValidationError('labels', 'labels must be an object', 'INVALID_INPUT');
  for (const value of Object.values(labels)) {
    if (value !== null && !(typeof value === 'number' && Number.isInteger(value))) {
      throw new ValidationError('labels', 'labels values must be integers', 'INVALID_INPUT');
    }
  }
  if (unique) {
    const ids = Object.values(labels).filter((value) => value !== null);
    if (new Set(ids).size !== ids.length) {
      throw new ValidationError('labels', 'label ids must be unique', 'DATA_VALIDATION');
    }
  }
  return labels as Record<string, number | null>;
}

function checkObject(field: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new ValidationError(field, 'must be an object', 'INVALID_INPUT');
  return value;
}

function checkString(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ValidationError(field, 'must be a string', 'INVALID_INPUT');
  return value;
}

function checkIteration(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ValidationError('iteration', 'must be an integer', 'INVALID_INPUT');
  }
  return value;
}

/**
 * A model of the caller's own company (public ones are "not found"). Model writes are single
 * statements of absolute values, so no row lock is taken: only update_for_task locks (the task), and
 * locking models as well would let it deadlock against a model write that touches tasks.
 */
async function getWritableModel(client: Tx, actor: Actor, id: string): Promise<Model> {
  checkId('model', id);
  const model = await client.model.findFirst({ where: { id, companyId: actor.companyId } });
  if (!model) throw modelNotFound(id);
  return model;
}

/**
 * A task a model may refer to: own or public (a public one cannot be referenced by a write,
 * PublicReadOnlyError). Missing ⇒ null.
 */
async function findReferableTask(client: Tx, actor: Actor, id: string) {
  checkId('task', id);
  const task = await client.task.findFirst({
    where: { id, OR: [{ companyId: actor.companyId }, { companyId: null }] },
    select: { id: true, companyId: true },
  });
  if (task && task.companyId === null) throw new PublicReadOnlyError('task', [id]);
  return task;
}

/** Raises a task's last_iteration to at least `iteration` and bumps last_update (own tasks only). */
async function raiseIteration(client: Tx, actor: Actor, taskId: string, iteration: number) {
  await client.$executeRaw`
    UPDATE "task" SET "last_iteration" = GREATEST("last_iteration", ${iteration}::int), "last_update" = now()
    WHERE "id" = ${taskId} AND "company" = ${actor.companyId}`;
}

// ---------------------------------------------------------------------------------------------
// create

export interface CreateModelInput {
  name: string;
  uri: string;
  labels?: Record<string, number | null> | null;
  tags?: string[] | null;
  systemTags?: string[] | null;
  comment?: string | null;
  /** Create a public model (no company): readable by everyone, writable by no one. */
  public?: boolean | null;
  projectId?: string | null;
  parentId?: string | null;
  framework?: string | null;
  design?: Record<string, unknown> | null;
  /** Default true. */
  ready?: boolean | null;
  uiCache?: Record<string, unknown> | null;
  taskId?: string | null;
}

/**
 * Creates a model (ready unless `ready: false`). The project must belong to exactly the model's
 * company (own, or public for a public model; else INVALID_INPUT "Invalid project ids"); a public
 * task ⇒ PublicReadOnlyError, an unknown task id is accepted (legacy quirk), `parent` is not
 * checked. Names need 3 characters and label ids must be unique (DATA_VALIDATION).
 */
export async function createModel(actor: Actor, input: CreateModelInput): Promise<Model> {
  const name = checkModelName(input.name);
  const uri = checkString('uri', input.uri);
  if (uri === undefined) throw new ValidationError('uri', 'field is required', 'INVALID_INPUT');
  const labels = checkLabels(input.labels, true) ?? {};
  const tags = checkTags('tags', input.tags) ?? [];
  const systemTags = checkTags('system_tags', input.systemTags) ?? [];
  const companyId = input.public ? null : actor.companyId;
  if (input.projectId) {
    checkId('project', input.projectId);
    const project = await db.project.findFirst({ where: { id: input.projectId, companyId }, select: { id: true } });
    if (!project) {
      throw new ValidationError('project', 'Invalid project ids', 'INVALID_INPUT', { project: input.projectId });
    }
  }
  if (input.taskId) await findReferableTask(db, actor, input.taskId);
  const now = new Date();
  return db.model.create({
    data: {
      id: newId(),
      companyId,
      userId: actor.userId,
      name,
      uri: uri.trim(),
      labels,
      tags,
      systemTags,
      comment: checkString('comment', input.comment) ?? null,
      projectId: input.projectId || null,
      parentId: checkString('parent', input.parentId) || null,
      framework: checkString('framework', input.framework) ?? null,
      design: (checkObject('design', input.design) ?? {}) as Prisma.InputJsonValue,
      ready: input.ready ?? true,
      uiCache: (checkObject('ui_cache', input.uiCache) ?? {}) as Prisma.InputJsonValue,
      taskId: input.taskId || null,
      created: now,
      lastUpdate: now,
    },
  });
}

// ---------------------------------------------------------------------------------------------
// edit / update

/** What an edit/update wrote: `updated` is 1 when anything was written, `fields` the written values. */
export interface ModelUpdateResult {
  updated: number;
  fields: Partial<Record<keyof Model, unknown>>;
}

export interface EditModelInput {
  modelId: string;
  name?: string | null;
  tags?: string[] | null;
  systemTags?: string[] | null;
  comment?: string | null;
  uri?: string | null;
  framework?: string | null;
  design?: Record<string, unknown> | null;
  labels?: Record<string, number | null> | null;
  ready?: boolean | null;
  projectId?: string | null;
  parentId?: string | null;
  taskId?: string | null;
  /** Raises the task's (given, or the model's) last_iteration to at least this value. */
  iteration?: number | null;
}

async function writeModel(client: Tx, model: Model, fields: ModelUpdateResult['fields']): Promise<ModelUpdateResult> {
  if (Object.keys(fields).length === 0) return { updated: 0, fields: {} };
  const { count } = await client.model.updateMany({
    where: { id: model.id, companyId: model.companyId },
    data: { ...(fields as Prisma.ModelUpdateManyMutationInput), lastUpdate: new Date() },
  });
  return { updated: count, fields: count > 0 ? fields : {} };
}

/**
 * Edits a model of the caller's company (MODEL_NOT_FOUND otherwise, also for public models).
 * `null` members are ignored; objects replace the stored value; a new `uri` resets `uiCache`.
 * The project and parent must exist (INVALID_FIELD_VALUE), the task too (INVALID_FIELD_VALUE;
 * public ⇒ PublicReadOnlyError). `iteration` raises the task's last_iteration. `ready: false`
 * un-publishes.
 */
export async function editModel(actor: Actor, input: EditModelInput): Promise<ModelUpdateResult> {
  return db.$transaction(async (tx) => {
    const model = await getWritableModel(tx, actor, input.modelId);
    const fields: ModelUpdateResult['fields'] = {};
    if (input.name != null) fields.name = checkModelName(input.name);
    if (input.tags != null) fields.tags = checkTags('tags', input.tags);
    if (input.systemTags != null) fields.systemTags = checkTags('system_tags', input.systemTags);
    if (input.comment != null) fields.comment = checkString('comment', input.comment);
    if (input.uri != null) {
      fields.uri = checkString('uri', input.uri)!.trim();
      fields.uiCache = {};
    }
    if (input.framework != null) fields.framework = checkString('framework', input.framework);
    if (input.design != null) fields.design = checkObject('design', input.design);
    if (input.labels != null) fields.labels = checkLabels(input.labels, false);
    if (input.ready != null) fields.ready = Boolean(input.ready);
    if (input.projectId != null) {
      checkId('project', input.projectId);
      const project = await tx.project.findFirst({
        where: { id: input.projectId, OR: [{ companyId: actor.companyId }, { companyId: null }] },
        select: { id: true },
      });
      if (!project) throw new ValidationError('project', 'expecting Project id', 'INVALID_FIELD_VALUE', { id: input.projectId });
      fields.projectId = input.projectId;
    }
    if (input.parentId != null) {
      checkId('parent', input.parentId);
      const parent = await tx.model.findFirst({
        where: { id: input.parentId, OR: [{ companyId: actor.companyId }, { companyId: null }] },
        select: { id: true },
      });
      if (!parent) throw new ValidationError('parent', 'expecting Model id', 'INVALID_FIELD_VALUE', { id: input.parentId });
      fields.parentId = input.parentId;
    }
    if (input.taskId != null) {
      const task = await findReferableTask(tx, actor, input.taskId);
      if (!task) throw new ValidationError('task', 'expecting Task id', 'INVALID_FIELD_VALUE', { id: input.taskId });
      fields.taskId = input.taskId;
    }
    const iteration = checkIteration(input.iteration);
    const taskId = input.taskId ?? model.taskId;
    if (iteration !== undefined && taskId) await raiseIteration(tx, actor, taskId, iteration);
    return writeModel(tx, model, fields);
  });
}

export interface UpdateModelInput {
  modelId: string;
  name?: string | null;
  comment?: string | null;
  tags?: string[] | null;
  systemTags?: string[] | null;
  uri?: string | null;
  uiCache?: Record<string, unknown> | null;
  projectId?: string | null;
  created?: Date | null;
  /** Only type-checked: update does not write labels (legacy quirk). */
  labels?: unknown;
  /** Used only with `iteration`: the task whose last_iteration is raised (public ⇒ PublicReadOnlyError). */
  taskId?: string | null;
  iteration?: number | null;
}

/**
 * The legacy `models.update`: writes only name, comment, tags, systemTags, uri (which resets
 * uiCache unless one is given), uiCache, projectId and created; `ready`, `framework`, `design`,
 * `parent` and `labels` are not written (labels are type-checked). `taskId` + `iteration` raise
 * that task's last_iteration. MODEL_NOT_FOUND for models outside the caller's company.
 */
export async function updateModel(actor: Actor, input: UpdateModelInput): Promise<ModelUpdateResult> {
  checkLabels(input.labels, false);
  return db.$transaction(async (tx) => {
    const model = await getWritableModel(tx, actor, input.modelId);
    const fields: ModelUpdateResult['fields'] = {};
    if (input.name != null) fields.name = checkModelName(input.name);
    if (input.comment != null) fields.comment = checkString('comment', input.comment);
    if (input.tags != null) fields.tags = checkTags('tags', input.tags);
    if (input.systemTags != null) fields.systemTags = checkTags('system_tags', input.systemTags);
    if (input.uri != null) {
      fields.uri = checkString('uri', input.uri)!.trim();
      fields.uiCache = {};
    }
    if (input.uiCache != null) fields.uiCache = checkObject('ui_cache', input.uiCache);
    if (input.projectId != null) {
      // Not validated by the original, but the column references projects: an unknown id cannot be stored.
      checkId('project', input.projectId);
      const exists = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true } });
      if (!exists) throw new ValidationError('project', 'expecting Project id', 'INVALID_FIELD_VALUE', { id: input.projectId });
      fields.projectId = input.projectId;
    }
    if (input.created != null) {
      if (!(input.created instanceof Date) || Number.isNaN(input.created.getTime())) {
        throw new ValidationError('created', 'must be a date', 'INVALID_INPUT');
      }
      fields.created = input.created;
    }
    if (input.taskId != null) {
      await findReferableTask(tx, actor, input.taskId);
      const iteration = checkIteration(input.iteration);
      if (iteration !== undefined) await raiseIteration(tx, actor, input.taskId, iteration);
    }
    return writeModel(tx, model, fields);
  });
}

// ---------------------------------------------------------------------------------------------
// update_for_task

export interface UpdateModelForTaskInput {
  taskId: string;
  /** Exactly one of uri / overrideModelId must be non-empty. */
  uri?: string | null;
  overrideModelId?: string | null;
  name?: string | null;
  comment?: string | null;
  tags?: string[] | null;
  systemTags?: string[] | null;
  iteration?: number | null;
}

export type UpdateModelForTaskResult =
  | { modelId: string; created: true }
  | { modelId: string; created: false; updated: number; fields: ModelUpdateResult['fields'] };

const UPDATABLE_STATUSES = ['created', 'in_progress'];

/**
 * Registers the output model of a task (created or in_progress, else INVALID_TASK_STATUS):
 * `overrideModelId` attaches an own model as the output model; with `uri` the task's output model
 * is updated (name/comment default to the task's name and "Created by task …", also on update),
 * or created (not ready, with the task's project, framework, input model as parent, model_desc
 * and labels) and attached. `iteration` raises the task's last_iteration. One transaction holding
 * the task's row lock, so concurrent calls for one task create at most one output model.
 */
export async function updateModelForTask(actor: Actor, input: UpdateModelForTaskInput): Promise<UpdateModelForTaskResult> {
  const uri = checkString('uri', input.uri);
  const overrideId = checkString('override_model_id', input.overrideModelId);
  if (!uri === !overrideId) {
    throw new ValidationError('uri', 'exactly one of uri and override_model_id is required', 'MISSING_FIELD', {
      reason: 'exactly one field is required',
      fields: ['uri', 'override_model_id'],
    });
  }
  const iteration = checkIteration(input.iteration);
  const tags = checkTags('tags', input.tags);
  const systemTags = checkTags('system_tags', input.systemTags);
  return db.$transaction(async (tx) => {
    const task = await getWritableTask(actor, input.taskId, tx, true);
    if (!UPDATABLE_STATUSES.includes(task.status)) {
      throw new DomainError('INVALID_TASK_STATUS', `task ${task.id} is ${task.status}`, {
        reason: "model can only be updated for tasks in the ['created', 'in_progress'] states",
        taskId: task.id,
        status: task.status,
      });
    }
    const attach = async (modelId: string) => {
      await tx.$executeRaw`
        UPDATE "task" SET "output_model" = ${modelId}, "detached_output_model" = NULL,
          "last_iteration" = GREATEST("last_iteration", ${iteration ?? 0}::int), "last_update" = now()
        WHERE "id" = ${task.id}`;
    };
    if (overrideId) {
      const model = await getWritableModel(tx, actor, overrideId);
      await attach(model.id);
      return { modelId: model.id, created: true };
    }
    const name = checkModelName(input.name ?? task.name);
    const comment = checkString('comment', input.comment) ?? `Created by task \`${task.name}\` (${task.id})`;
    if (task.outputModelId) {
      const model = await getWritableModel(tx, actor, task.outputModelId);
      const fields: ModelUpdateResult['fields'] = { name, comment, uri: uri!.trim(), uiCache: {} };
      if (tags) fields.tags = tags;
      if (systemTags) fields.systemTags = systemTags;
      const result = await writeModel(tx, model, fields);
      if (iteration !== undefined) await raiseIteration(tx, actor, task.id, iteration);
      return { modelId: model.id, created: false, ...result };
    }
    const model = await tx.model.create({ data: newOutputModel(actor, task, { name, comment, uri: uri!.trim(), tags, systemTags }) });
    await attach(model.id);
    return { modelId: model.id, created: true };
  });
}

function newOutputModel(
  actor: Actor,
  task: Task,
  values: { name: string; comment: string; uri: string; tags?: string[]; systemTags?: string[] },
): Prisma.ModelUncheckedCreateInput {
  const now = new Date();
  return {
    id: newId(),
    companyId: actor.companyId,
    userId: actor.userId,
    name: values.name,
    comment: values.comment,
    uri: values.uri,
    tags: values.tags ?? [],
    systemTags: values.systemTags ?? [],
    taskId: task.id,
    projectId: task.projectId,
    framework: task.framework,
    parentId: task.inputModelId,
    design: (task.modelDesc ?? {}) as Prisma.InputJsonValue,
    labels: (task.modelLabels ?? {}) as Prisma.InputJsonValue,
    ready: false,
    created: now,
    lastUpdate: now,
  };
}

// ---------------------------------------------------------------------------------------------
// set_ready

export interface SetModelReadyInput {
  modelId: string;
  /** Publish the creating task first when it is not published yet (default true). */
  publishTask?: boolean | null;
  /** Publish the creating task whatever its status (default false). */
  forcePublishTask?: boolean | null;
}

export interface SetModelReadyResult {
  updated: number;
  /** The creating task's publication, when it ran. */
  publishedTask?: { taskId: string; changes: Changes };
}

/**
 * Marks an own model ready (MODEL_NOT_FOUND otherwise; MODEL_ALREADY_READY when it is). With
 * `publishTask`, an unpublished creating task of the caller's company is first published exactly
 * as tasks.publish does (status rules, `force = forcePublishTask`, without publishing the model
 * itself): when that fails the model stays not ready.
 */
export async function setModelReady(actor: Actor, input: SetModelReadyInput): Promise<SetModelReadyResult> {
  const model = await getWritableModel(db, actor, input.modelId);
  const alreadyReady = () =>
    new DomainError('MODEL_ALREADY_READY', `model ${model.id} is ready`, { id: model.id, company: actor.companyId });
  if (model.ready) throw alreadyReady();
  let publishedTask: SetModelReadyResult['publishedTask'];
  if (model.taskId && (input.publishTask ?? true)) {
    const task = await db.task.findFirst({
      where: { id: model.taskId, companyId: actor.companyId },
      select: { id: true, status: true },
    });
    if (task && task.status !== 'published') {
      const { changes } = await publishTask(
        actor,
        { taskId: task.id, force: input.forcePublishTask ?? false, publishModel: false },
        NO_RELOAD,
      );
      publishedTask = { taskId: task.id, changes };
    }
  }
  // Compare-and-set: a concurrent set_ready wins once.
  const { count } = await db.model.updateMany({
    where: { id: model.id, companyId: actor.companyId, ready: false },
    data: { ready: true, lastUpdate: new Date() },
  });
  if (count === 0) throw alreadyReady();
  return { updated: 1, publishedTask };
}

// ---------------------------------------------------------------------------------------------
// delete

export interface DeleteModelInput {
  modelId: string;
  force?: boolean | null;
}

/**
 * Deletes an own model (MODEL_NOT_FOUND otherwise). Unless `force`: refused (MODEL_IN_USE) while
 * tasks of any company use it as their input model, and (MODEL_TASK_PUBLISHED) while the task
 * that created it exists and is published. With force those tasks show `__DELETED__<id>` as
 * execution.model, and the published creating task as output.model with an output error.
 */
export async function deleteModel(actor: Actor, input: DeleteModelInput): Promise<{ deleted: boolean }> {
  const force = input.force ?? false;
  return db.$transaction(async (tx) => {
    const model = await getWritableModel(tx, actor, input.modelId);
    const users = await tx.task.count({ where: { inputModelId: model.id } });
    if (users > 0) {
      if (!force) {
        throw new DomainError('MODEL_IN_USE', `model ${model.id} is the input model of ${users} task(s)`, {
          reason: 'Model is used by tasks (as execution model, use force=True to delete)',
          numTasks: users,
        });
      }
      await tx.task.updateMany({
        where: { inputModelId: model.id },
        data: { inputModelId: null, detachedInputModelId: model.id },
      });
    }
    if (model.taskId && !model.taskId.startsWith(DELETED_PREFIX)) {
      const creator = await tx.task.findUnique({ where: { id: model.taskId }, select: { id: true, status: true } });
      if (creator?.status === 'published') {
        if (!force) {
          throw new DomainError('MODEL_TASK_PUBLISHED', `the published task ${creator.id} created model ${model.id}`, {
            reason: 'Task that created this model exists (and published, use force=True to delete)',
            task: creator.id,
          });
        }
        const now = new Date();
        await tx.task.update({
          where: { id: creator.id },
          data: {
            outputModelId: null,
            detachedOutputModelId: model.id,
            outputError: `model deleted on ${now.toISOString()}`,
            lastUpdate: now,
          },
        });
      }
    }
    const { count } = await tx.model.deleteMany({ where: { id: model.id, companyId: actor.companyId } });
    return { deleted: count > 0 };
  });
}

// ---------------------------------------------------------------------------------------------
// make_public / make_private

function checkIds(ids: unknown): asserts ids is string[] {
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
    throw new ValidationError('ids', 'a non-empty list of ids is required', 'INVALID_INPUT');
  }
}

/** Makes own models public (readable by all, writable by none). Any id not own ⇒ MODEL_NOT_FOUND. */
export async function makeModelsPublic(actor: Actor, ids: string[]): Promise<{ updated: number }> {
  checkIds(ids);
  return db.$transaction(async (tx) => {
    const where = { id: { in: ids }, companyId: actor.companyId };
    const owned = await tx.model.findMany({ where, select: { id: true } });
    const missing = [...new Set(ids)].filter((id) => !owned.some((m) => m.id === id));
    if (missing.length > 0) throw new NotFoundError('MODEL_NOT_FOUND', 'Model', missing);
    const { count } = await tx.model.updateMany({ where, data: { companyId: null, companyOrigin: actor.companyId } });
    return { updated: count };
  });
}

/** Takes back models the caller's company made public. Any other id ⇒ MODEL_NOT_FOUND. */
export async function makeModelsPrivate(actor: Actor, ids: string[]): Promise<{ updated: number }> {
  checkIds(ids);
  return db.$transaction(async (tx) => {
    const where = { id: { in: ids }, companyId: null, companyOrigin: actor.companyId };
    const eligible = await tx.model.findMany({ where, select: { id: true } });
    const missing = [...new Set(ids)].filter((id) => !eligible.some((m) => m.id === id));
    if (missing.length > 0) throw new NotFoundError('MODEL_NOT_FOUND', 'Model', missing);
    const { count } = await tx.model.updateMany({ where, data: { companyId: actor.companyId, companyOrigin: null } });
    return { updated: count };
  });
}

/** Models by id for GraphQL (own + public), with a Prisma selection; order of `ids` kept. */
export async function readModels<T extends { id: string }>(
  actor: Actor,
  ids: readonly string[],
  query: { select?: Prisma.ModelSelect; include?: Prisma.ModelInclude } = {},
): Promise<T[]> {
  const args = {
    ...query,
    where: { id: { in: [...ids] }, OR: [{ companyId: actor.companyId }, { companyId: null }] },
  } as Prisma.ModelFindManyArgs;
  if (ids.length === 0) return [];
  const rows = (await db.model.findMany(args)) as unknown as T[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
