// Legacy models.* calls (neighbours spec B.2), translated to the models domain service. Most of
// them check member presence themselves (400/11, spec 0.1); create, set_ready, get_frameworks and
// make_public/make_private are typed by their schema (400/12).
import { NotFoundError } from '../../resolvers/errors.ts';
import { listModelFrameworks, listModels, type ModelFilter, type ModelOrderField } from '../../resolvers/model-query.ts';
import {
  createModel,
  deleteModel,
  editModel,
  getModel,
  getModelByTaskId,
  makeModelsPrivate,
  makeModelsPublic,
  setModelReady,
  updateModel,
  updateModelForTask,
} from '../../resolvers/models.ts';
import { listFilterFromTokens } from '../../resolvers/tasks/query.ts';
import {
  applyModelProjection,
  expandModelReferences,
  joinsOf,
  legacyModelFields,
  parseModelProjection,
  toLegacyModel,
} from '../convert-model.ts';
import { flag, legacyFields, type Row } from '../convert.ts';
import { ApiError, type EndpointDefinition, type Handler, type LegacyCall } from '../types.ts';
import { orderFromLegacy, pagingFromLegacy } from './tasks-query.ts';
import { integerMember, requirePresent } from '../members.ts';


/** A member that must be a string when given (null/absent ⇒ undefined), else 400/12. */
function stringMember(body: Row, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ApiError(400, 12, `Validation error (expected string): field=${field}`);
  return value;
}

function idMember(body: Row, field: string, missing: () => Error): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw missing();
  return value;
}

const modelNotFound = (id: unknown) => new NotFoundError('MODEL_NOT_FOUND', 'Model', [String(id)]);

// ---------------------------------------------------------------------------------------------
// Reads

const listMembers = [
  ['id', 'ids'],
  ['user', 'users'],
  ['project', 'projects'],
  ['task', 'tasks'],
  ['parent', 'parents'],
  ['framework', 'frameworks'],
  ['uri', 'uris'],
  ['tags', 'tags'],
  ['system_tags', 'systemTags'],
] as const;

/** The get_all filter members of a request body in the domain's terms. */
function modelFilterFromLegacy(body: Row): ModelFilter {
  const filter: ModelFilter = {};
  for (const [member, key] of listMembers) {
    const list = listFilterFromTokens(member, body[member]);
    if (list) filter[key] = list;
  }
  for (const member of ['name', 'comment'] as const) {
    const pattern = stringMember(body, member);
    if (pattern) filter[member] = pattern;
  }
  if (body.ready !== undefined && body.ready !== null) {
    if (typeof body.ready !== 'boolean') throw new ApiError(400, 12, 'Validation error (expected boolean): field=ready');
    filter.ready = body.ready;
  }
  const searchText = stringMember(body, 'search_text');
  if (searchText?.trim()) filter.searchText = searchText;
  return filter;
}

/** models.get_all / get_all_ex (`extended`): filters, order, paging and projection in one statement. */
async function getAllModels({ actor, body }: LegacyCall, extended: boolean) {
  const projection = parseModelProjection(body.only_fields ?? body.projection, extended);
  const orderBy = orderFromLegacy(body.order_by)?.map((item) => ({
    field: item.path as ModelOrderField,
    descending: item.descending,
  }));
  const paging = pagingFromLegacy(body);
  const rows = await listModels(actor, {
    filter: modelFilterFromLegacy(body),
    orderBy,
    page: paging?.kind === 'offset' ? { page: paging.page, pageSize: paging.pageSize } : undefined,
    fields: projection.fields,
    joins: extended ? joinsOf(projection) : undefined,
  });
  const models = rows.map((row) => {
    const doc = applyModelProjection(toLegacyModel(row), projection);
    return extended ? expandModelReferences(doc, row, projection) : doc;
  });
  return { models };
}

/** models.get_by_id: own or public, hidden fields removed; other members filter too (quirk). */
async function getLegacyModelById({ actor, body }: LegacyCall) {
  requirePresent(body, ['model']);
  const id = idMember(body, 'model', () => modelNotFound(body.model));
  const filters = Object.fromEntries(Object.entries(body).filter(([member]) => member !== 'model'));
  const row = await getModel(actor, id, { filter: modelFilterFromLegacy(filters) });
  if (!row) throw modelNotFound(id);
  return { model: applyModelProjection(toLegacyModel(row), parseModelProjection(undefined, false)) };
}

/** models.get_by_task_id: the output model of an own task, ui_cache included. */
async function getLegacyModelByTaskId({ actor, body }: LegacyCall) {
  requirePresent(body, ['task']);
  const task = idMember(body, 'task', () => new ApiError(400, 101, `Invalid task id: id=${String(body.task)}`));
  return { model: toLegacyModel(await getModelByTaskId(actor, task)) };
}

/** models.get_frameworks: distinct frameworks of own and public models. */
async function getLegacyModelFrameworks({ actor, body }: LegacyCall) {
  return { frameworks: await listModelFrameworks(actor, (body.projects as string[] | undefined) ?? []) };
}

// ---------------------------------------------------------------------------------------------
// Writes

/** models.create (typed): `{id, created: true}`. */
async function createLegacyModel({ actor, body }: LegacyCall) {
  const model = await createModel(actor, {
    name: body.name as string,
    uri: body.uri as string,
    labels: body.labels as Record<string, number | null> | undefined,
    tags: body.tags as string[] | undefined,
    systemTags: body.system_tags as string[] | undefined,
    comment: body.comment as string | undefined,
    public: body.public as boolean,
    projectId: body.project as string | undefined,
    parentId: body.parent as string | undefined,
    framework: body.framework as string | undefined,
    design: body.design as Record<string, unknown> | undefined,
    ready: body.ready as boolean,
    uiCache: body.ui_cache as Record<string, unknown> | undefined,
    taskId: body.task as string | undefined,
  });
  return { id: model.id, created: true };
}


function dateMember(body: Row, field: string): Date | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new ApiError(400, 12, `Validation error (expected date): field=${field}`);
  return date;
}

/** Own model id of a write request (`model` present, 400/11; else unknown ⇒ 400/201). */
function writableModelId(body: Row): string {
  requirePresent(body, ['model']);
  return idMember(body, 'model', () => modelNotFound(body.model));
}

const updateResponse = (result: { updated: number; fields: Record<string, unknown> }) => ({
  updated: result.updated,
  fields: legacyModelFields(result.fields),
});

/** models.edit: `{updated, fields}`; objects replace stored values, null members are ignored. */
async function editLegacyModel({ actor, body }: LegacyCall) {
  const modelId = writableModelId(body);
  const result = await editModel(actor, {
    modelId,
    name: body.name as string | null | undefined,
    tags: body.tags as string[] | null | undefined,
    systemTags: body.system_tags as string[] | null | undefined,
    comment: body.comment as string | null | undefined,
    uri: body.uri as string | null | undefined,
    framework: body.framework as string | null | undefined,
    design: body.design as Record<string, unknown> | null | undefined,
    labels: body.labels as Record<string, number | null> | null | undefined,
    ready: body.ready === undefined || body.ready === null ? undefined : flag(body.ready),
    projectId: stringMember(body, 'project'),
    parentId: stringMember(body, 'parent'),
    taskId: stringMember(body, 'task'),
    iteration: integerMember(body, 'iteration'),
  });
  return updateResponse(result);
}

/** models.update: `{updated, fields}`; ready/framework/design/parent/labels are ignored (quirk). */
async function updateLegacyModel({ actor, body }: LegacyCall) {
  const modelId = writableModelId(body);
  const result = await updateModel(actor, {
    modelId,
    name: body.name as string | null | undefined,
    comment: body.comment as string | null | undefined,
    tags: body.tags as string[] | null | undefined,
    systemTags: body.system_tags as string[] | null | undefined,
    uri: body.uri as string | null | undefined,
    uiCache: body.ui_cache as Record<string, unknown> | null | undefined,
    projectId: stringMember(body, 'project'),
    created: dateMember(body, 'created'),
    labels: body.labels,
    taskId: stringMember(body, 'task'),
    iteration: integerMember(body, 'iteration'),
  });
  return updateResponse(result);
}

/** models.update_for_task: `{id, created: true}` or `{id, created: false, updated, fields}`. */
async function updateLegacyModelForTask({ actor, body }: LegacyCall) {
  requirePresent(body, ['task']);
  const taskId = idMember(body, 'task', () => new ApiError(400, 101, `Invalid task id: id=${String(body.task)}`));
  const result = await updateModelForTask(actor, {
    taskId,
    uri: stringMember(body, 'uri'),
    overrideModelId: stringMember(body, 'override_model_id'),
    name: stringMember(body, 'name'),
    comment: stringMember(body, 'comment'),
    tags: body.tags as string[] | null | undefined,
    systemTags: body.system_tags as string[] | null | undefined,
    iteration: integerMember(body, 'iteration'),
  });
  if (result.created) return { id: result.modelId, created: true };
  return { id: result.modelId, created: false, ...updateResponse(result) };
}

/** models.set_ready (typed): `{updated, fields: {}, published_task?: {id, data}}`. */
async function setLegacyModelReady({ actor, body }: LegacyCall) {
  const result = await setModelReady(actor, {
    modelId: body.model as string,
    publishTask: body.publish_task as boolean,
    forcePublishTask: body.force_publish_task as boolean,
  });
  const response: Row = { updated: result.updated, fields: {} };
  if (result.publishedTask) {
    response.published_task = {
      id: result.publishedTask.taskId,
      data: { updated: 1, fields: legacyFields(result.publishedTask.changes) },
    };
  }
  return response;
}

/** models.delete: `{deleted}`; force detaches the tasks that use or created the model. */
async function deleteLegacyModel({ actor, body }: LegacyCall) {
  const modelId = writableModelId(body);
  return deleteModel(actor, { modelId, force: flag(body.force) });
}

const idsOf = (body: Row) => body.ids as string[];

const makeLegacyModelsPublic: Handler = ({ actor, body }) => makeModelsPublic(actor, idsOf(body));
const makeLegacyModelsPrivate: Handler = ({ actor, body }) => makeModelsPrivate(actor, idsOf(body));

/** Every models.* endpoint with its handler min-version (neighbours spec 0.2). */
export const modelEndpoints: EndpointDefinition[] = [
  { name: 'models.get_by_id', minVersion: '1.0', handler: getLegacyModelById },
  { name: 'models.get_by_task_id', minVersion: '1.0', handler: getLegacyModelByTaskId },
  { name: 'models.get_all', minVersion: '1.0', handler: (call) => getAllModels(call, false) },
  { name: 'models.get_all_ex', minVersion: '1.0', handler: (call) => getAllModels(call, true) },
  { name: 'models.get_frameworks', minVersion: '1.0', handler: getLegacyModelFrameworks },
  { name: 'models.create', minVersion: '1.0', handler: createLegacyModel },
  { name: 'models.edit', minVersion: '1.0', handler: editLegacyModel },
  { name: 'models.update', minVersion: '1.0', handler: updateLegacyModel },
  { name: 'models.update_for_task', minVersion: '1.0', handler: updateLegacyModelForTask },
  { name: 'models.set_ready', minVersion: '1.0', handler: setLegacyModelReady },
  { name: 'models.delete', minVersion: '1.0', handler: deleteLegacyModel },
  { name: 'models.make_public', minVersion: '2.9', handler: makeLegacyModelsPublic },
  { name: 'models.make_private', minVersion: '2.9', handler: makeLegacyModelsPrivate },
];
