// Creating and editing tasks (legacy spec §5.2.5-5.2.8, 5.2.20-5.2.22, 5.2.25-26, A.4): reference
// validation, tag rules, shallow merges and clone overrides. Status changes live in lifecycle.ts.
import { db, Prisma } from '../../db.ts';
import type { Task, TaskStatus } from '../../generated/prisma/client.ts';
import type { Actor } from '../context.ts';
import {
  DomainError,
  InvalidStatusTransitionError,
  NotFoundError,
  PublicReadOnlyError,
  StatusConflictError,
  TaskNotFoundError,
  ValidationError,
} from '../errors.ts';
import { newId } from '../ids.ts';
import { getWritableTask, getWritableTasks, readableTasks, type TaskQuery, type Tx } from './access.ts';
import { taskStatuses } from './transitions.ts';
import { replaceArtifacts, type ArtifactInput } from './artifacts.ts';
import {
  configurationFromLegacyModelDesc,
  hyperParamsFromLegacyParameters,
  withoutLegacyConfiguration,
  withoutLegacyHyperParams,
  type Configuration,
  type HyperParams,
} from './hyperparams.ts';
import {
  checkConfiguration,
  checkHyperParams,
  checkName,
  checkTags,
  checkType,
  executionData,
  scriptData,
  type CreateTaskInput,
  type ExecutionInput,
  type TaskFieldsInput,
} from './inputs.ts';
import type { Changes } from './lifecycle.ts';

const DELETED_PREFIX = '__DELETED__';

interface References {
  parentId?: string | null;
  projectId?: string | null;
  modelId?: string | null;
}

/**
 * Checks the references of a task write: the parent must be a task the caller can read, the
 * project one of the caller's own projects, the input model own or public.
 */
async function checkReferences(actor: Actor, refs: References, client: Tx = db) {
  const [parent, project, model] = await Promise.all([
    refs.parentId ? client.task.findUnique({ where: { id: refs.parentId }, select: { companyId: true } }) : null,
    refs.projectId ? client.project.findUnique({ where: { id: refs.projectId }, select: { companyId: true } }) : null,
    refs.modelId ? client.model.findUnique({ where: { id: refs.modelId }, select: { companyId: true } }) : null,
  ]);
  if (refs.parentId) {
    if (!parent) {
      // another company's task is invisible here (row security); the legacy API still tells it from an unknown id
      const [row] = await client.$queryRaw<{ exists: boolean }[]>`SELECT gateway_task_exists(${refs.parentId}) AS "exists"`;
      if (row?.exists) throw new NotFoundError('PARENT_NOT_FOUND', 'Parent task', [refs.parentId], 'invalid parent');
      throw new ValidationError('parent', `expecting Task id, got ${refs.parentId}`, 'INVALID_FIELD_VALUE');
    }
    if (parent.companyId !== null && parent.companyId !== actor.companyId) {
      throw new NotFoundError('PARENT_NOT_FOUND', 'Parent task', [refs.parentId], 'invalid parent');
    }
  }
  if (refs.projectId) {
    if (!project || (project.companyId !== null && project.companyId !== actor.companyId)) {
      throw new NotFoundError('PROJECT_NOT_FOUND', 'Project', [refs.projectId]);
    }
    if (project.companyId === null) throw new PublicReadOnlyError('project', [refs.projectId]);
  }
  if (refs.modelId && (!model || (model.companyId !== null && model.companyId !== actor.companyId))) {
    throw new NotFoundError('MODEL_NOT_FOUND', 'Model', [refs.modelId]);
  }
}

/** Validated create data, without saving (shared by create and validate). */
async function prepareCreate(actor: Actor, input: CreateTaskInput) {
  const name = checkName(input.name);
  const type = checkType(input.type);
  const tags = checkTags('tags', input.tags);
  const systemTags = checkTags('system_tags', input.systemTags);
  const legacy = legacyMaps(input, { hyperparams: {}, configuration: {} });
  const hyperparams = checkHyperParams(legacy.hyperparams ?? input.hyperparams);
  const configuration = checkConfiguration(legacy.configuration ?? input.configuration);
  const execution = input.execution ?? {};
  await checkReferences(actor, { parentId: input.parentId, projectId: input.projectId, modelId: execution.modelId });
  const now = new Date();
  const data: Prisma.TaskUncheckedCreateInput = {
    id: newId(),
    companyId: actor.companyId,
    userId: actor.userId,
    name,
    type,
    comment: input.comment ?? undefined,
    tags: [...(tags ?? [])].sort(),
    systemTags: [...(systemTags ?? [])].sort(),
    parentId: input.parentId || undefined,
    projectId: input.projectId || undefined,
    outputDestination: input.outputDestination?.trim() || undefined,
    inputModelId: execution.modelId || undefined,
    queueId: execution.queueId || undefined,
    ...(executionData(execution) as object),
    ...(input.script ? (scriptData(input.script) as object) : {}),
    hyperparams: (hyperparams ?? {}) as Prisma.InputJsonValue,
    configuration: (configuration ?? {}) as Prisma.InputJsonValue,
    created: now,
    lastUpdate: now,
  };
  return { data, artifacts: execution.artifacts ?? [] };
}

const isEmptyObject = (value: unknown) => !isPlainObject(value) || Object.keys(value).length === 0;

/**
 * Neighbours spec A.4 steps 1-2: legacy `execution.parameters` / `model_desc` become "legacy"
 * items added to (and overriding) the request's maps. When the request brings no non-empty map of
 * its own, the base is the stored map minus its legacy items (`stored` is empty on create). An
 * empty legacy object that removes nothing leaves the map alone (undefined).
 */
function legacyMaps(
  input: TaskFieldsInput,
  stored: { hyperparams: unknown; configuration: unknown },
): { hyperparams?: HyperParams; configuration?: Configuration; parameters?: object; modelDesc?: object } {
  const result: ReturnType<typeof legacyMaps> = {};
  if (input.legacyParameters != null) {
    if (!isPlainObject(input.legacyParameters)) {
      throw new ValidationError('execution.parameters', 'must be an object', 'INVALID_INPUT');
    }
    const own = isEmptyObject(input.hyperparams) ? undefined : input.hyperparams;
    const base = own ? { removed: false, hyperparams: own } : withoutLegacyHyperParams(stored.hyperparams);
    if (Object.keys(input.legacyParameters).length > 0 || base.removed) {
      const merged: HyperParams = { ...(own ?? base.hyperparams) };
      for (const [section, items] of Object.entries(hyperParamsFromLegacyParameters(input.legacyParameters))) {
        merged[section] = { ...merged[section], ...items };
      }
      result.hyperparams = merged;
    } else {
      result.parameters = {}; // nothing to convert: the empty object is kept in execution
    }
  }
  if (input.legacyModelDesc != null) {
    if (!isPlainObject(input.legacyModelDesc)) {
      throw new ValidationError('execution.model_desc', 'must be an object', 'INVALID_INPUT');
    }
    const own = isEmptyObject(input.configuration) ? undefined : input.configuration;
    const base = own ? { removed: false, configuration: own } : withoutLegacyConfiguration(stored.configuration);
    if (Object.keys(input.legacyModelDesc).length > 0 || base.removed) {
      result.configuration = { ...(own ?? base.configuration), ...configurationFromLegacyModelDesc(input.legacyModelDesc) };
    } else {
      result.modelDesc = {};
    }
  }
  return result;
}

/** Creates a task in status `created` for the caller. Returns the new task. */
export async function createTask<T = Task>(actor: Actor, input: CreateTaskInput, query: TaskQuery = {}): Promise<T> {
  const { data, artifacts } = await prepareCreate(actor, input);
  return saveNewTask<T>(data, artifacts, query);
}

async function saveNewTask<T>(data: Prisma.TaskUncheckedCreateInput, artifacts: ArtifactInput[], query: TaskQuery) {
  return db.$transaction(async (tx) => {
    await tx.task.create({ data, select: { id: true } });
    if (artifacts.length > 0) await replaceArtifacts(tx, data.id, artifacts);
    if (data.projectId) {
      await tx.project.updateMany({ where: { id: data.projectId }, data: { lastUpdate: data.lastUpdate } });
    }
    return tx.task.findUniqueOrThrow({ ...query, where: { id: data.id } } as Prisma.TaskFindUniqueOrThrowArgs) as unknown as Promise<T>;
  });
}

/** Runs every check of createTask without saving anything. */
export async function validateTask(actor: Actor, input: CreateTaskInput): Promise<void> {
  await prepareCreate(actor, input);
}

export interface UpdateTaskInput {
  taskId: string;
  name?: string | null;
  comment?: string | null;
  tags?: string[] | null;
  systemTags?: string[] | null;
  projectId?: string | null;
  outputError?: string | null;
}

function updateData(input: Omit<UpdateTaskInput, 'taskId'>): Changes {
  const data: Changes = {};
  if (input.name != null) data.name = String(input.name).trim();
  if (input.comment != null) data.comment = input.comment;
  const tags = checkTags('tags', input.tags);
  if (tags) data.tags = tags;
  const systemTags = checkTags('system_tags', input.systemTags);
  if (systemTags) data.systemTags = systemTags;
  if (input.projectId != null) data.projectId = input.projectId || null;
  if (input.outputError != null) data.outputError = input.outputError;
  return data;
}

/**
 * Updates descriptive fields in any status (name, comment, tags, project, output error). Null
 * members are ignored. Returns the written changes (empty when nothing applied).
 */
export async function updateTask(actor: Actor, input: UpdateTaskInput): Promise<{ updated: number; changes: Changes }> {
  const task = await getWritableTask(actor, input.taskId);
  const data = updateData(input);
  if (Object.keys(data).length === 0) return { updated: 0, changes: {} };
  if (typeof data.projectId === 'string') await checkReferences(actor, { projectId: data.projectId });
  data.lastUpdate = new Date();
  await db.task.update({ where: { id: task.id }, data: data as Prisma.TaskUncheckedUpdateInput });
  if (data.projectId) {
    await db.project.updateMany({ where: { id: data.projectId as string }, data: { lastUpdate: data.lastUpdate as Date } });
  }
  return { updated: 1, changes: data };
}

/**
 * Applies many updates in one transaction: every id must be an own task (else nothing changes).
 * Later items for the same task win.
 */
export async function updateTasksBatch(actor: Actor, items: UpdateTaskInput[]): Promise<{ updated: number }> {
  if (items.length === 0) return { updated: 0 };
  const byId = new Map<string, UpdateTaskInput>();
  for (const item of items) {
    if (typeof item.taskId !== 'string' || !item.taskId) {
      throw new ValidationError('task', 'every item needs a task id', 'MISSING_FIELD');
    }
    byId.set(item.taskId, item);
  }
  const prepared = [...byId.values()].map((item) => ({ id: item.taskId, data: updateData(item) }));
  const projects = prepared.map((p) => p.data.projectId).filter((p): p is string => typeof p === 'string');
  return db.$transaction(async (tx) => {
    await getWritableTasks(actor, [...byId.keys()], tx);
    for (const projectId of new Set(projects)) await checkReferences(actor, { projectId }, tx);
    const now = new Date();
    let updated = 0;
    for (const { id, data } of prepared) {
      if (Object.keys(data).length === 0) continue;
      await tx.task.update({ where: { id }, data: { ...data, lastUpdate: now } as Prisma.TaskUncheckedUpdateInput });
      updated++;
    }
    return { updated };
  });
}

export interface EditTaskInput extends TaskFieldsInput {
  taskId: string;
  force?: boolean;
  /**
   * Sets the status directly, bypassing the state machine (the legacy `tasks.edit` accepts it; the
   * update is still conditioned on the status read). Not offered through GraphQL.
   */
  status?: TaskStatus | null;
}

/**
 * Edits a task's definition. Only `created` tasks unless force. execution and script merge
 * shallowly (given members replace stored ones); hyperparams and configuration replace whole maps;
 * execution.artifacts replaces the artifact list. Legacy parameters/model_desc replace the stored
 * "legacy" items (see legacyMaps). The update is conditioned on the status read, so a concurrent
 * status change makes it fail with STATUS_CONFLICT. The edited task is read back with `query`.
 */
export async function editTask<T = Task>(
  actor: Actor,
  input: EditTaskInput,
  query: TaskQuery = {},
): Promise<{ updated: number; changes: Changes; task: T }> {
  const task = await getWritableTask(actor, input.taskId);
  if (!input.force && task.status !== 'created') {
    throw new InvalidStatusTransitionError(task.id, task.status, task.status, 'Task can only be edited in status created');
  }
  const data: Changes = {};
  if (input.name != null) data.name = input.name.trim();
  if (input.type != null) data.type = checkType(input.type);
  if (input.status != null) {
    if (!(taskStatuses as readonly string[]).includes(input.status)) {
      throw new ValidationError('status', `must be one of ${taskStatuses.join(', ')}`, 'INVALID_INPUT');
    }
    data.status = input.status;
    data.statusChanged = new Date();
  }
  if (input.comment != null) data.comment = input.comment;
  const tags = checkTags('tags', input.tags);
  if (tags) data.tags = tags;
  const systemTags = checkTags('system_tags', input.systemTags);
  if (systemTags) data.systemTags = systemTags;
  // An empty id clears the reference.
  if (input.parentId != null) data.parentId = input.parentId || null;
  if (input.projectId != null) data.projectId = input.projectId || null;
  if (input.outputDestination != null) data.outputDestination = input.outputDestination.trim();
  const execution: ExecutionInput = input.execution ?? {};
  Object.assign(data, executionData(execution));
  if (execution.modelId !== undefined) {
    data.inputModelId = execution.modelId || null;
    data.detachedInputModelId = null; // a new input model replaces a deleted one
  }
  if (execution.queueId !== undefined) data.queueId = execution.queueId || null;
  if (input.script) Object.assign(data, scriptData(input.script));
  const legacy = legacyMaps(input, task);
  if (legacy.parameters) data.parameters = legacy.parameters;
  if (legacy.modelDesc) data.modelDesc = legacy.modelDesc;
  const hyperparams = checkHyperParams(legacy.hyperparams ?? input.hyperparams);
  if (hyperparams) data.hyperparams = hyperparams;
  const configuration = checkConfiguration(legacy.configuration ?? input.configuration);
  if (configuration) data.configuration = configuration;
  const artifacts = execution.artifacts ?? undefined;
  if (Object.keys(data).length === 0 && artifacts === undefined) return { updated: 0, changes: {}, task: task as T };
  await checkReferences(actor, {
    parentId: (data.parentId as string | null | undefined) ?? undefined,
    projectId: (data.projectId as string | null | undefined) ?? undefined,
    modelId: (data.inputModelId as string | null | undefined) ?? undefined,
  });
  if (data.parentId === task.id) throw new ValidationError('parent', 'a task cannot be its own parent', 'INVALID_FIELD_VALUE');
  data.lastUpdate = new Date();
  const updated = await db.$transaction(async (tx) => {
    const { count } = await tx.task.updateMany({
      where: { id: task.id, status: task.status },
      data: data as Prisma.TaskUpdateManyMutationInput,
    });
    if (count === 0) throw new StatusConflictError(task.id, task.status, task.status);
    if (artifacts !== undefined) await replaceArtifacts(tx, task.id, artifacts);
    if (data.projectId) {
      await tx.project.updateMany({ where: { id: data.projectId as string }, data: { lastUpdate: data.lastUpdate as Date } });
    }
    return tx.task.findUniqueOrThrow({ ...query, where: { id: task.id } } as Prisma.TaskFindUniqueOrThrowArgs) as unknown as Promise<T>;
  });
  if (artifacts !== undefined) data.artifacts = artifacts;
  return { updated: 1, changes: data, task: updated };
}

export interface CloneTaskInput {
  taskId: string;
  name?: string | null;
  comment?: string | null;
  tags?: string[] | null;
  systemTags?: string[] | null;
  parentId?: string | null;
  projectId?: string | null;
  /** Deep-merged into the source's execution (objects merge recursively, other values replace). */
  executionOverrides?: ExecutionInput | null;
  hyperparams?: TaskFieldsInput['hyperparams'];
  configuration?: TaskFieldsInput['configuration'];
  /** Re-check the input model, parent and project even when they were copied from the source. */
  validateReferences?: boolean;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}

/**
 * Creates a new `created` task from a readable source: definition copied (type, script, execution
 * with output artifacts dropped, hyper-parameters, configuration, output destination), results not.
 * Overrides replace the copied values when given.
 */
export async function cloneTask<T = Task>(actor: Actor, input: CloneTaskInput, query: TaskQuery = {}): Promise<T> {
  const source = await db.task.findFirst({
    where: { id: input.taskId, ...readableTasks(actor) },
    include: { artifacts: { orderBy: { position: 'asc' } } },
  });
  if (!source) throw new TaskNotFoundError(input.taskId);
  const tags = checkTags('tags', input.tags);
  const systemTags = checkTags('system_tags', input.systemTags);
  const hyperparams = checkHyperParams(input.hyperparams);
  const configuration = checkConfiguration(input.configuration);
  const sourceExecution = {
    testSplit: source.testSplit,
    parameters: source.parameters,
    modelId: source.inputModelId,
    modelDesc: source.modelDesc,
    modelLabels: source.modelLabels,
    framework: source.framework,
    dockerCmd: source.dockerCmd,
    queueId: source.queueId,
  };
  const overrides = input.executionOverrides ?? {};
  const { artifacts: overrideArtifacts, ...restOverrides } = overrides;
  const execution = deepMerge(sourceExecution, restOverrides) as ExecutionInput;
  const artifacts: ArtifactInput[] = (overrideArtifacts ?? source.artifacts.map(artifactFromRow)).filter(
    (a) => (a.mode ?? 'output') !== 'output',
  );
  const parentId = input.parentId || (source.parentId ?? undefined);
  const projectId = input.projectId || (source.projectId ?? undefined);
  // An input model deleted with force stays a `__DELETED__<id>` reference, as in the original:
  // copied as such, and refused by validate_references like any model that does not exist.
  const deletedModelId = execution.modelId || overrides.modelId !== undefined ? null : source.detachedInputModelId;
  if (deletedModelId && input.validateReferences) {
    throw new NotFoundError('MODEL_NOT_FOUND', 'Model', [`${DELETED_PREFIX}${deletedModelId}`]);
  }
  await checkReferences(actor, {
    parentId: input.validateReferences || input.parentId ? parentId : undefined,
    projectId: input.validateReferences || input.projectId ? projectId : undefined,
    modelId: input.validateReferences || overrides.modelId ? execution.modelId : undefined,
  });
  const now = new Date();
  const data: Prisma.TaskUncheckedCreateInput = {
    id: newId(),
    companyId: actor.companyId,
    userId: actor.userId,
    name: checkName(input.name || source.name),
    type: source.type,
    comment: input.comment || source.comment,
    tags: [...(tags?.length ? tags : source.tags)].sort(),
    systemTags: [...(systemTags ?? [])].sort(),
    parentId,
    projectId,
    outputDestination: source.outputDestination,
    inputModelId: execution.modelId || null,
    detachedInputModelId: deletedModelId,
    queueId: execution.queueId || null,
    ...(executionData(execution) as object),
    scriptBinary: source.scriptBinary,
    scriptRepository: source.scriptRepository,
    scriptTag: source.scriptTag,
    scriptBranch: source.scriptBranch,
    scriptVersionNum: source.scriptVersionNum,
    scriptEntryPoint: source.scriptEntryPoint,
    scriptWorkingDir: source.scriptWorkingDir,
    scriptRequirements: source.scriptRequirements as Prisma.InputJsonValue,
    scriptDiff: source.scriptDiff,
    hyperparams: (hyperparams && Object.keys(hyperparams).length ? hyperparams : source.hyperparams) as Prisma.InputJsonValue,
    configuration: (configuration && Object.keys(configuration).length ? configuration : source.configuration) as Prisma.InputJsonValue,
    created: now,
    lastUpdate: now,
  };
  if (data.queueId) {
    // A copied queue reference must still be a queue of the caller's company.
    const queue = await db.queue.findFirst({ where: { id: data.queueId, companyId: actor.companyId }, select: { id: true } });
    if (!queue) data.queueId = null;
  }
  return saveNewTask<T>(data, artifacts, query);
}

export function artifactFromRow(row: {
  key: string;
  type: string;
  mode: 'input' | 'output';
  uri: string | null;
  hash: string | null;
  contentSize: bigint | null;
  timestamp: bigint | null;
  typeData: unknown;
  displayData: unknown;
}): ArtifactInput {
  return {
    key: row.key,
    type: row.type,
    mode: row.mode,
    uri: row.uri,
    hash: row.hash,
    contentSize: row.contentSize,
    timestamp: row.timestamp,
    typeData: row.typeData as ArtifactInput['typeData'],
    displayData: row.displayData as ArtifactInput['displayData'],
  };
}

/** Replaces script.requirements of a task in any status. */
export async function setRequirements(
  actor: Actor,
  input: { taskId: string; requirements: Record<string, unknown> },
): Promise<{ updated: number; changes: Changes }> {
  if (!isPlainObject(input.requirements)) {
    throw new ValidationError('requirements', 'must be an object', 'INVALID_INPUT');
  }
  const task = await getWritableTask(actor, input.taskId);
  const changes = { scriptRequirements: input.requirements, lastUpdate: new Date() };
  await db.task.update({ where: { id: task.id }, data: changes as Prisma.TaskUpdateInput });
  return { updated: 1, changes };
}

/**
 * Makes own tasks public (readable by every company, writable by none). All ids must be tasks of
 * the caller's company, else nothing changes.
 */
export async function makeTasksPublic(actor: Actor, ids: string[]): Promise<{ updated: number }> {
  checkIds(ids);
  return db.$transaction(async (tx) => {
    const owned = await tx.task.findMany({ where: { id: { in: ids }, companyId: actor.companyId }, select: { id: true } });
    const missing = [...new Set(ids)].filter((id) => !owned.some((t) => t.id === id));
    if (missing.length > 0) throw new TaskNotFoundError(missing);
    const { count } = await tx.task.updateMany({
      where: { id: { in: ids }, companyId: actor.companyId },
      data: { companyId: null, companyOrigin: actor.companyId },
    });
    return { updated: count };
  });
}

/** Takes back tasks the caller's company made public. */
export async function makeTasksPrivate(actor: Actor, ids: string[]): Promise<{ updated: number }> {
  checkIds(ids);
  return db.$transaction(async (tx) => {
    const where = { id: { in: ids }, companyId: null, companyOrigin: actor.companyId };
    const eligible = await tx.task.findMany({ where, select: { id: true } });
    const missing = [...new Set(ids)].filter((id) => !eligible.some((t) => t.id === id));
    if (missing.length > 0) throw new TaskNotFoundError(missing);
    const { count } = await tx.task.updateMany({ where, data: { companyId: actor.companyId, companyOrigin: null } });
    return { updated: count };
  });
}

function checkIds(ids: unknown): asserts ids is string[] {
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
    throw new ValidationError('ids', 'a non-empty list of ids is required', 'INVALID_INPUT');
  }
}

/** The legacy `parent` value: the parent id, or `__DELETED__<id>` once the parent is gone. */
export const legacyParent = (task: Pick<Task, 'parentId' | 'detachedParentId'>) =>
  task.parentId ?? (task.detachedParentId ? `${DELETED_PREFIX}${task.detachedParentId}` : null);

export type { TaskStatus, DomainError };
