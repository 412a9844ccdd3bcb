// Legacy tasks.* calls (tasks spec §5, neighbours spec A.4-A.7), translated to domain calls. Each
// handler converts the request, calls one domain function and converts the result back; domain
// errors propagate to the router, which maps their codes (error-codes.ts).
import { addOrUpdateArtifacts } from '../../resolvers/tasks/artifacts.ts';
import {
  closeTask,
  deleteTask,
  dequeueTask,
  enqueueTask,
  markCompleted,
  markFailed,
  markStopped,
  NO_RELOAD,
  pingTask,
  publishTask,
  resetTask,
  startTask,
  stopTask,
  type StatusChangeInput,
} from '../../resolvers/tasks/lifecycle.ts';
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
  type EditTaskInput,
  type UpdateTaskInput,
} from '../../resolvers/tasks/tasks.ts';
import type { CreateTaskInput } from '../../resolvers/tasks/inputs.ts';
import {
  applyVersionView,
  artifactsFromLegacy,
  editedFields,
  executionFromLegacy,
  flag,
  legacyFields,
  optionalList,
  optionalObject,
  optionalString,
  requiredString,
  splitLegacyTags,
  taskFieldsFromLegacy,
  toLegacyTask,
  trimmedKeys,
  type LegacyDocument,
  type Row,
} from '../convert.ts';
import { ApiError, type EndpointDefinition, type Handler, type LegacyCall } from '../types.ts';
import { InvalidStatusTransitionError } from '../../resolvers/errors.ts';
import { getAllTasks, getTaskById, getTaskTypes } from './tasks-query.ts';
import {
  deleteTaskConfiguration,
  deleteTaskHyperParams,
  editTaskConfiguration,
  editTaskHyperParams,
  getTaskConfigurationNames,
  getTaskConfigurations,
  getTaskHyperParams,
} from './tasks-params.ts';

// ---------------------------------------------------------------------------------------------
// create / validate / update / edit / clone

/** tasks.create: `{id}` of the new task (§5.2.5, A.4). */
async function createLegacyTask({ actor, body, version }: LegacyCall) {
  const input = taskFieldsFromLegacy(body, version) as CreateTaskInput;
  const task = await createTask<{ id: string }>(actor, input, { select: { id: true } });
  return { id: task.id };
}

/** tasks.validate: create's checks without saving; `{}` (§5.2.6). */
async function validateLegacyTask({ actor, body, version }: LegacyCall) {
  await validateTask(actor, taskFieldsFromLegacy(body, version) as CreateTaskInput);
  return {};
}

/** The members tasks.update / update_batch write (§5.2.7); others are ignored. */
function updateInputFromLegacy(item: Row, version: string): UpdateTaskInput {
  const { tags, systemTags } = splitLegacyTags(version, item.tags, item.system_tags);
  return {
    taskId: item.task as string,
    name: optionalString(item, 'name'),
    comment: optionalString(item, 'comment'),
    tags: (tags ?? undefined) as string[] | undefined,
    systemTags: (systemTags ?? undefined) as string[] | undefined,
    projectId: optionalString(item, 'project'),
    outputError: optionalString(item, 'output__error'),
  };
}

/** tasks.update: UpdateResponse with `output__error` shown as `output.error`. */
async function updateLegacyTask({ actor, body, version }: LegacyCall) {
  requiredString(body, 'task');
  const { updated, changes } = await updateTask(actor, updateInputFromLegacy(body, version));
  return { updated, fields: applyVersionView(legacyFields(changes), version) };
}

/** tasks.update_batch: one update per json-lines item, all or nothing; `{updated}` (§5.2.8). */
async function updateLegacyTaskBatch({ actor, body, batch, version }: LegacyCall) {
  const items = (batch ?? [body]).filter((item) => Object.keys(item).length > 0);
  return updateTasksBatch(actor, items.map((item) => updateInputFromLegacy(item, version)));
}

/**
 * tasks.edit: shallow merge of execution/script, whole hyperparams/configuration maps, legacy
 * parameters replacing the "legacy" items; `fields` shows the edited top-level fields in full.
 */
async function editLegacyTask({ actor, body, version }: LegacyCall) {
  const taskId = requiredString(body, 'task');
  const fields = taskFieldsFromLegacy(body, version);
  const { updated, changes, task } = await editTask<Row>(
    actor,
    { ...fields, taskId, force: flag(body.force), status: optionalString(body, 'status') as EditTaskInput['status'] },
    { include: { artifacts: { orderBy: { position: 'asc' } } } },
  );
  if (!updated) return { updated: 0, fields: {} };
  return { updated, fields: applyVersionView(editedFields(changes, task), version) };
}

/** tasks.clone: `{id}` of the copy (§5.2.22, A.4 clone). */
async function cloneLegacyTask({ actor, body }: LegacyCall) {
  const { execution: overrides } = executionFromLegacy(
    body.execution_overrides,
    'execution_overrides',
    true,
  );
  // 0.16 drops legacy parameter overrides: they are neither merged nor converted (A.4, quirk).
  delete overrides.parameters;
  const task = await cloneTask<{ id: string }>(
    actor,
    {
      taskId: requiredString(body, 'task'),
      name: optionalString(body, 'new_task_name'),
      comment: optionalString(body, 'new_task_comment'),
      tags: optionalList(body, 'new_task_tags'),
      systemTags: optionalList(body, 'new_task_system_tags'),
      parentId: optionalString(body, 'new_task_parent'),
      projectId: optionalString(body, 'new_task_project'),
      executionOverrides: body.execution_overrides == null ? undefined : overrides,
      validateReferences: flag(body.validate_references),
      hyperparams: trimmedKeys(body.new_hyperparams, 2, 'new_hyperparams'),
      configuration: trimmedKeys(body.new_configuration, 1, 'new_configuration'),
    },
    { select: { id: true } },
  );
  return { id: task.id };
}

/** tasks.set_requirements: replaces script.requirements (§5.2.20). */
async function setLegacyRequirements({ actor, body }: LegacyCall) {
  const requirements = optionalObject(body, 'requirements');
  const { updated, changes } = await setRequirements(actor, {
    taskId: requiredString(body, 'task'),
    requirements: requirements as Record<string, unknown>,
  });
  return { updated, fields: { 'script.requirements': changes.scriptRequirements } };
}

/** tasks.add_or_update_artifacts: `{added, updated}` keys (§5.2.24). */
async function addOrUpdateLegacyArtifacts({ actor, body }: LegacyCall) {
  return addOrUpdateArtifacts(actor, {
    taskId: requiredString(body, 'task'),
    artifacts: artifactsFromLegacy(body.artifacts ?? []),
  });
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

function statusInputFromLegacy(body: Row): StatusChangeInput {
  return {
    taskId: requiredString(body, 'task'),
    force: flag(body.force),
    statusReason: optionalString(body, 'status_reason'),
    statusMessage: optionalString(body, 'status_message'),
  };
}

type StatusChange = (
  actor: LegacyCall['actor'],
  input: StatusChangeInput,
  query: typeof NO_RELOAD,
) => Promise<{ changes: Record<string, unknown> }>;

/** A status endpoint answering UpdateResponse. */
const statusEndpoint =
  (change: StatusChange): Handler =>
  async ({ actor, body }) => {
    const { changes } = await change(actor, statusInputFromLegacy(body), NO_RELOAD);
    return { updated: 1, fields: legacyFields(changes) };
  };

/**
 * tasks.started: `{started: 1}` plus UpdateResponse. A task that had started before keeps its
 * earliest `started`; the original renders that "keep the minimum" write as `min.started: <now>`
 * (§4 fields quirk, §5.2.11), which this reproduces.
 */
async function startLegacyTask({ actor, body }: LegacyCall) {
  const { changes } = await startTask(actor, statusInputFromLegacy(body), NO_RELOAD);
  const fields = legacyFields(changes);
  if (!('started' in changes)) fields['min.started'] = fields.status_changed;
  return { started: 1, updated: 1, fields };
}

/** tasks.stop: stops at once, or asks the worker ("stopping"); "Stopped by <user name>" (§5.2.12). */
async function stopLegacyTask({ actor, body }: LegacyCall) {
  const input = { ...statusInputFromLegacy(body), statusMessage: undefined };
  const { changes } = await stopTask(actor, input, NO_RELOAD);
  return { updated: 1, fields: legacyFields(changes) };
}

/** tasks.publish: UpdateResponse whose fields include `published` and `output` (§5.2.17). */
async function publishLegacyTask({ actor, body }: LegacyCall) {
  const output = {
    outputDestination: true,
    outputModelId: true,
    outputError: true,
    outputResult: true,
  } as const;
  const publishModel = body.publish_model === undefined ? true : flag(body.publish_model);
  const { changes, task } = await publishTask<Row>(
    actor,
    { ...statusInputFromLegacy(body), publishModel },
    { select: output },
  );
  return { updated: 1, fields: { ...legacyFields(changes), output: toLegacyTask(task).output ?? {} } };
}

/** tasks.enqueue: `{queued: 1, updated, fields}`; force is ignored (§5.2.18). */
async function enqueueLegacyTask({ actor, body }: LegacyCall) {
  const { changes } = await enqueueTask(
    actor,
    { ...statusInputFromLegacy(body), force: false, queueId: optionalString(body, 'queue') },
    NO_RELOAD,
  );
  // The development tag's removal is a list pull, which the original does not report.
  return { queued: 1, updated: 1, fields: legacyFields(changes, ['systemTags']) };
}

/** tasks.dequeue: `{dequeued: 1, updated, fields}` (§5.2.19). */
async function dequeueLegacyTask({ actor, body }: LegacyCall) {
  const input = { ...statusInputFromLegacy(body), force: false };
  const { changes } = await dequeueTask(actor, input, NO_RELOAD);
  return { dequeued: 1, updated: 1, fields: legacyFields(changes) };
}

const emptyExecution = () => ({
  test_split: 0,
  parameters: {},
  model_desc: {},
  model_labels: {},
  artifacts: [],
});

/** tasks.reset: ResetResponse (§5.2.9); the cleanup counters are not returned, as in the original. */
async function resetLegacyTask({ actor, body }: LegacyCall) {
  const clearAll = flag(body.clear_all);
  const taskId = requiredString(body, 'task');
  const result = await resetTask(actor, { taskId, force: flag(body.force), clearAll }, NO_RELOAD).catch((error) => {
    // The original fails a publishing task while deleting its events, as an invalid task id.
    if (error instanceof InvalidStatusTransitionError && error.from === 'publishing') {
      throw new ApiError(400, 101, `Invalid task id (or task published): id=${taskId}`);
    }
    throw error;
  });
  const fields = legacyFields(result.changes);
  if (clearAll) {
    // clear_all replaces execution with an empty one and removes the script: shown as such.
    for (const key of Object.keys(fields)) {
      if (key.startsWith('execution.') || key.startsWith('script.')) delete fields[key];
    }
    fields.execution = emptyExecution();
    fields.script = null;
  }
  return {
    updated: 1,
    fields,
    dequeued: result.dequeued === undefined ? {} : { removed: result.dequeued },
    frames: {},
    events: {},
    deleted_indices: [],
  };
}

/** tasks.delete: `{deleted, updated_children, updated_models, deleted_models}` (§5.2.10). */
async function deleteLegacyTask({ actor, body }: LegacyCall) {
  const taskId = requiredString(body, 'task');
  const result = await deleteTask(actor, { taskId, force: flag(body.force) });
  return {
    deleted: result.deleted,
    updated_children: result.updatedChildren,
    updated_models: result.updatedModels,
    deleted_models: result.deletedModels,
  };
}

/** tasks.ping: keep-alive; unknown, foreign and public ids are ignored (§5.2.23). */
async function pingLegacyTask({ actor, body }: LegacyCall) {
  await pingTask(actor, requiredString(body, 'task'));
  return {};
}

// ---------------------------------------------------------------------------------------------
// Tenancy

const idsOf = (body: Row) => body.ids as string[];

/** tasks.make_public: own tasks become readable by all, writable by none (§2.7). */
const makeLegacyTasksPublic: Handler = ({ actor, body }) => makeTasksPublic(actor, idsOf(body));

/** tasks.make_private: takes back tasks the caller's company made public (§2.7). */
const makeLegacyTasksPrivate: Handler = ({ actor, body }) => makeTasksPrivate(actor, idsOf(body));

// ---------------------------------------------------------------------------------------------

/** Every tasks.* endpoint with its handler min-version (tasks spec §1.5, neighbours spec 0.2). */
export const taskEndpoints: EndpointDefinition[] = [
  { name: 'tasks.get_by_id', minVersion: '1.0', handler: getTaskById },
  { name: 'tasks.get_all', minVersion: '1.0', handler: (call) => getAllTasks(call, false) },
  { name: 'tasks.get_all_ex', minVersion: '1.0', handler: (call) => getAllTasks(call, true) },
  { name: 'tasks.get_types', minVersion: '1.0', handler: getTaskTypes },
  { name: 'tasks.create', minVersion: '1.0', handler: createLegacyTask },
  { name: 'tasks.validate', minVersion: '1.0', handler: validateLegacyTask },
  { name: 'tasks.update', minVersion: '1.0', handler: updateLegacyTask },
  { name: 'tasks.update_batch', minVersion: '1.0', handler: updateLegacyTaskBatch },
  { name: 'tasks.edit', minVersion: '1.0', handler: editLegacyTask },
  { name: 'tasks.clone', minVersion: '1.0', handler: cloneLegacyTask },
  { name: 'tasks.reset', minVersion: '1.0', handler: resetLegacyTask },
  { name: 'tasks.delete', minVersion: '1.0', handler: deleteLegacyTask },
  { name: 'tasks.started', minVersion: '1.0', handler: startLegacyTask },
  { name: 'tasks.stop', minVersion: '1.0', handler: stopLegacyTask },
  { name: 'tasks.stopped', minVersion: '1.0', handler: statusEndpoint(markStopped) },
  { name: 'tasks.failed', minVersion: '1.0', handler: statusEndpoint(markFailed) },
  { name: 'tasks.completed', minVersion: '2.2', handler: statusEndpoint(markCompleted) },
  { name: 'tasks.close', minVersion: '1.0', handler: statusEndpoint(closeTask) },
  { name: 'tasks.publish', minVersion: '1.0', handler: publishLegacyTask },
  { name: 'tasks.enqueue', minVersion: '1.0', handler: enqueueLegacyTask },
  { name: 'tasks.dequeue', minVersion: '1.0', handler: dequeueLegacyTask },
  { name: 'tasks.set_requirements', minVersion: '1.0', handler: setLegacyRequirements },
  { name: 'tasks.ping', minVersion: '1.0', handler: pingLegacyTask },
  { name: 'tasks.add_or_update_artifacts', minVersion: '2.6', handler: addOrUpdateLegacyArtifacts },
  { name: 'tasks.make_public', minVersion: '2.9', handler: makeLegacyTasksPublic },
  { name: 'tasks.make_private', minVersion: '2.9', handler: makeLegacyTasksPrivate },
  { name: 'tasks.get_hyper_params', minVersion: '1.0', handler: getTaskHyperParams },
  { name: 'tasks.edit_hyper_params', minVersion: '1.0', handler: editTaskHyperParams },
  { name: 'tasks.delete_hyper_params', minVersion: '1.0', handler: deleteTaskHyperParams },
  { name: 'tasks.get_configurations', minVersion: '1.0', handler: getTaskConfigurations },
  { name: 'tasks.get_configuration_names', minVersion: '1.0', handler: getTaskConfigurationNames },
  { name: 'tasks.edit_configuration', minVersion: '1.0', handler: editTaskConfiguration },
  { name: 'tasks.delete_configuration', minVersion: '1.0', handler: deleteTaskConfiguration },
];
