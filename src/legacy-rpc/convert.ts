// The legacy wire spellings of tasks (tasks spec §1.7, §4, §4.6, §4.7; neighbours spec A.4, A.5):
// domain rows (Prisma field names) to snake_case task documents and back, UpdateResponse `fields`,
// legacy tags mode and the pre-2.9 view of parameters. No I/O.
import { isoString } from '../iso-date.ts';
import type { Prisma } from '../db.ts';
import type { ArtifactInput } from '../resolvers/tasks/artifacts.ts';
import { legacyModelDescOf, legacyParametersOf } from '../resolvers/tasks/hyperparams.ts';
import type { ExecutionInput, ScriptInput, TaskFieldsInput } from '../resolvers/tasks/inputs.ts';
import type { Changes } from '../resolvers/tasks/lifecycle.ts';
import { legacyParent } from '../resolvers/tasks/tasks.ts';
import { ApiError, type Version } from './types.ts';

export type Row = Record<string, unknown>;
export type LegacyDocument = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Versions

/** Compares dotted versions numerically ("2.10" > "2.9"). */
export function compareVersions(a: Version, b: Version): number {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

// Versions are compared for every document of a listing; the few distinct ones are split once.
const splitVersions = new Map<string, readonly number[]>();
function versionParts(version: Version): readonly number[] {
  const text = String(version);
  let parts = splitVersions.get(text);
  if (!parts) {
    parts = text.split('.').map(Number);
    if (splitVersions.size < 1000) splitVersions.set(text, parts);
  }
  return parts;
}

export const versionBelow = (version: Version, limit: Version) => compareVersions(version, limit) < 0;

/** Requested versions below 2.3 merge/split tags (tasks spec §4.6). */
export const usesLegacyTags = (version: Version) => versionBelow(version, '2.3');
/** Requested versions below 2.9 see "legacy" items as execution.parameters/model_desc (A.5). */
export const usesLegacyParameters = (version: Version) => versionBelow(version, '2.9');

// ---------------------------------------------------------------------------------------------
// Values

/**
 * A date-time as the original prints it: ISO-8601 UTC with an explicit `+00:00`; the fraction is
 * written with 6 digits (milliseconds + "000"), and omitted when it is zero, as Python's isoformat.
 */
export function legacyDate(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = isoString(date); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const ms = iso.slice(20, 23);
  return `${iso.slice(0, 19)}${ms === '000' ? '' : `.${ms}000`}+00:00`;
}

/** JSON-safe copy of a stored value: BigInt → number, Date → legacy date, nulls kept. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return legacyDate(value);
  return value;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

function setPath(target: Record<string, unknown>, path: string | readonly string[], value: unknown) {
  const parts = typeof path === 'string' ? path.split('.') : path;
  let node = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    if (!isObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

// ---------------------------------------------------------------------------------------------
// Task fields

/**
 * Domain field → legacy document path. `parent` is computed from parentId/detachedParentId.
 * Typed over every scalar field so a new schema field must be placed here.
 */
export const taskFieldPaths: Record<Prisma.TaskScalarFieldEnum, string | null> = {
  id: 'id',
  companyId: 'company',
  companyOrigin: 'company_origin',
  userId: 'user',
  name: 'name',
  type: 'type',
  status: 'status',
  statusReason: 'status_reason',
  statusMessage: 'status_message',
  statusChanged: 'status_changed',
  comment: 'comment',
  created: 'created',
  started: 'started',
  completed: 'completed',
  published: 'published',
  duration: 'duration',
  parentId: 'parent',
  detachedParentId: null, // part of `parent` (`__DELETED__<id>`)
  detachedInputModelId: null, // part of `execution.model` (`__DELETED__<id>`)
  detachedOutputModelId: null, // part of `output.model` (`__DELETED__<id>`)
  projectId: 'project',
  tags: 'tags',
  systemTags: 'system_tags',
  outputDestination: 'output.destination',
  outputModelId: 'output.model',
  outputError: 'output.error',
  outputResult: 'output.result',
  testSplit: 'execution.test_split',
  parameters: 'execution.parameters',
  inputModelId: 'execution.model',
  modelDesc: 'execution.model_desc',
  modelLabels: 'execution.model_labels',
  framework: 'execution.framework',
  dockerCmd: 'execution.docker_cmd',
  queueId: 'execution.queue',
  scriptBinary: 'script.binary',
  scriptRepository: 'script.repository',
  scriptTag: 'script.tag',
  scriptBranch: 'script.branch',
  scriptVersionNum: 'script.version_num',
  scriptEntryPoint: 'script.entry_point',
  scriptWorkingDir: 'script.working_dir',
  scriptRequirements: 'script.requirements',
  scriptDiff: 'script.diff',
  hyperparams: 'hyperparams',
  configuration: 'configuration',
  runtime: 'runtime',
  lastWorker: 'last_worker',
  lastWorkerReport: 'last_worker_report',
  lastUpdate: 'last_update',
  lastIteration: 'last_iteration',
  lastMetrics: 'last_metrics',
  metricStats: 'metric_stats',
};

/**
 * Columns that hold the id of a deleted reference, and the document path they are shown under
 * (as `__DELETED__<id>`) while the reference column itself is empty.
 */
export const detachedFieldPaths: Record<string, string> = {
  detachedParentId: 'parent',
  detachedInputModelId: 'execution.model',
  detachedOutputModelId: 'output.model',
};

const modelReferences = [
  ['inputModelId', 'detachedInputModelId', 'execution.model'],
  ['outputModelId', 'detachedOutputModelId', 'output.model'],
] as const;

/** The artifact relation's place in the document. */
export const ARTIFACTS_PATH = 'execution.artifacts';

/** Embedded objects that exist (possibly empty) as soon as one of their fields was read. */
const embeddedRoots = ['execution', 'script', 'output'];

export interface ArtifactRowLike {
  key: string;
  type: string;
  mode: string;
  uri?: string | null;
  hash?: string | null;
  contentSize?: bigint | number | null;
  timestamp?: bigint | number | null;
  typeData?: unknown;
  displayData?: unknown;
}

/** A stored artifact (row or domain input) as the legacy Artifact object; unset members omitted. */
export function toLegacyArtifact(artifact: ArtifactRowLike): LegacyDocument {
  const doc: LegacyDocument = {
    key: artifact.key,
    type: artifact.type,
    mode: artifact.mode ?? 'output',
  };
  if (artifact.uri != null) doc.uri = artifact.uri;
  if (artifact.hash != null) doc.hash = artifact.hash;
  if (artifact.contentSize != null) doc.content_size = Number(artifact.contentSize);
  if (artifact.timestamp != null) doc.timestamp = Number(artifact.timestamp);
  if (isObject(artifact.typeData)) {
    const { preview, contentType, dataHash } = artifact.typeData;
    const typeData: LegacyDocument = {};
    if (preview != null) typeData.preview = preview;
    if (contentType != null) typeData.content_type = contentType;
    if (dataHash != null) typeData.data_hash = dataHash;
    doc.type_data = typeData;
  }
  if (artifact.displayData != null) doc.display_data = artifact.displayData;
  return doc;
}

// taskFieldPaths split once: listings convert every field of every row.
const taskFieldSpecs = Object.entries(taskFieldPaths).flatMap(([field, path]) => {
  if (!path) return [];
  const parts = path.split('.');
  return [{
    field,
    parts,
    root: parts[0]!,
    embedded: embeddedRoots.includes(parts[0]!),
    // computed below from the id and its detached twin
    reference: field === 'parentId' || field === 'inputModelId' || field === 'outputModelId',
  }];
});
const modelReferenceSpecs = modelReferences.map(([field, detached, path]) => ({ field, detached, parts: path.split('.') }));

/**
 * A task row (domain field names; any subset of them, plus `artifacts` when loaded) as the stored
 * legacy document: snake_case, nested execution/script/output, dates per §1.7, unset fields
 * omitted (§4.7). Keys of hyperparams/configuration are already the real names.
 */
export function toLegacyTask(row: Row): LegacyDocument {
  const doc: LegacyDocument = {};
  for (const spec of taskFieldSpecs) {
    if (!(spec.field in row)) continue;
    if (spec.embedded && !isObject(doc[spec.root])) doc[spec.root] = {};
    if (spec.reference) continue;
    const value = row[spec.field];
    if (value === null || value === undefined) continue;
    setPath(doc, spec.parts, plain(value));
  }
  if ('parentId' in row || 'detachedParentId' in row) {
    const parent = legacyParent({
      parentId: (row.parentId as string | null | undefined) ?? null,
      detachedParentId: (row.detachedParentId as string | null | undefined) ?? null,
    });
    if (parent) doc.parent = parent;
  }
  for (const { field, detached, parts } of modelReferenceSpecs) {
    if (!(field in row) && !(detached in row)) continue;
    const root = parts[0]!;
    if (!isObject(doc[root])) doc[root] = {};
    const id = row[field] ?? (row[detached] ? `__DELETED__${row[detached] as string}` : null);
    if (id !== null && id !== undefined) setPath(doc, parts, id);
  }
  if (Array.isArray(row.artifacts)) {
    setPath(doc, ARTIFACTS_PATH, (row.artifacts as ArtifactRowLike[]).map(toLegacyArtifact));
  }
  return orderDocument(doc);
}

// Documents read nicer in the original's field order (id first, then the task model order).
const documentOrder = [
  'id', 'name', 'user', 'company', 'company_origin', 'type', 'status', 'status_reason', 'status_message',
  'status_changed', 'comment', 'created', 'started', 'completed', 'published', 'duration', 'parent',
  'project', 'tags', 'system_tags', 'output', 'execution', 'script', 'hyperparams', 'configuration',
  'runtime', 'last_worker', 'last_worker_report', 'last_update', 'last_iteration', 'last_metrics',
  'metric_stats',
];

function orderDocument(doc: LegacyDocument): LegacyDocument {
  const ordered: LegacyDocument = {};
  for (const key of documentOrder) if (key in doc) ordered[key] = doc[key];
  for (const key of Object.keys(doc)) if (!(key in ordered)) ordered[key] = doc[key];
  return ordered;
}

/**
 * The version-dependent view of a document or of UpdateResponse fields, in place:
 * below 2.9 "legacy" items are copied into execution.parameters / execution.model_desc (A.5);
 * below 2.3 `tags` becomes the union of tags and system_tags (§4.6).
 */
export function applyVersionView<T extends LegacyDocument>(doc: T, version: Version): T {
  if (usesLegacyParameters(version)) {
    const parameters = legacyParametersOf(doc.hyperparams);
    const modelDesc = legacyModelDescOf(doc.configuration);
    if (parameters || modelDesc) {
      const execution = (isObject(doc.execution) ? doc.execution : {}) as Record<string, unknown>;
      if (parameters) execution.parameters = parameters;
      if (modelDesc) execution.model_desc = modelDesc;
      (doc as LegacyDocument).execution = execution;
    }
  }
  if (usesLegacyTags(version)) {
    const systemTags = doc.system_tags;
    if (Array.isArray(systemTags) && systemTags.length > 0) {
      const tags = Array.isArray(doc.tags) ? (doc.tags as unknown[]) : [];
      (doc as LegacyDocument).tags = [...new Set([...tags, ...systemTags])];
    }
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// UpdateResponse fields

/** The legacy path a domain change is written under (undefined: not shown). */
export function legacyPathOf(field: string): string | undefined {
  if (field === 'artifacts') return ARTIFACTS_PATH;
  return taskFieldPaths[field as Prisma.TaskScalarFieldEnum] ?? undefined;
}

/**
 * UpdateResponse `fields` of a plain write: each written domain field under its dotted legacy path
 * (`queueId` → `execution.queue`), unset values as null, dates ISO (tasks spec §5.0). `omit` drops
 * fields the original does not report (list pushes/pulls such as enqueue's system_tags removal).
 */
export function legacyFields(changes: Changes, omit: readonly string[] = []): LegacyDocument {
  const fields: LegacyDocument = {};
  for (const [field, value] of Object.entries(changes)) {
    if (omit.includes(field)) continue;
    const path = legacyPathOf(field);
    if (!path) continue;
    if (field === 'artifacts') {
      fields[path] = ((value ?? []) as ArtifactRowLike[]).map(toLegacyArtifact);
    } else {
      fields[path] = value === undefined ? null : plain(value);
    }
  }
  return fields;
}

/**
 * UpdateResponse `fields` of tasks.edit: every edited top-level field in full, taken from the
 * task as read back after the write (merged execution/script/output objects), plus last_update.
 */
export function editedFields(changes: Changes, task: Row): LegacyDocument {
  const doc = toLegacyTask(task);
  const fields: LegacyDocument = {};
  for (const field of Object.keys(changes)) {
    const root = legacyPathOf(field)?.split('.')[0];
    if (root) fields[root] = doc[root] ?? null;
  }
  return fields;
}

// ---------------------------------------------------------------------------------------------
// Requests

/** Wire-level 400/12 for a member of the wrong shape (the schema layer normally catches these). */
export function invalidMember(field: string, expected: string): ApiError {
  return new ApiError(400, 12, `Validation error (error for field '${field}'. ${expected})`);
}

/** A required string member (e.g. `task`); missing or not a string ⇒ 400/12. */
export function requiredString(body: Row, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') {
    const missing = value === undefined || value === null;
    throw invalidMember(field, missing ? 'field is required!' : 'expected string');
  }
  return value;
}

/** An optional string member: null/absent ⇒ undefined; any other non-string ⇒ 400/12. */
export function optionalString(body: Row, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidMember(field, 'expected string');
  return value;
}

/** An optional list of strings: null/absent ⇒ undefined; anything else is left to the domain. */
export function optionalList(body: Row, field: string): string[] | undefined {
  const value = body[field];
  return value === undefined || value === null ? undefined : (value as string[]);
}

/** Boolean members follow Python truthiness, as the original's request models do (Q15). */
export function flag(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** An optional object member: null/absent ⇒ undefined; a non-object ⇒ 400/12. */
export function optionalObject(body: Row, field: string): Record<string, unknown> | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidMember(field, 'expected object');
  return value;
}

const reservedSystemTags = new Set([
  'development', 'archived', 'active', '-development', '-archived', '-active',
]);

const isSystemTag = (tag: unknown) =>
  typeof tag === 'string' && (reservedSystemTags.has(tag) || tag.toLowerCase().startsWith('annotat'));

/**
 * Legacy tags mode input (§4.6, versions < 2.3): when `tags` is given without `system_tags`, the
 * reserved values (and `annotat*`) move to system_tags. Non-lists are returned untouched.
 */
export function splitLegacyTags(
  version: Version,
  tags: unknown,
  systemTags: unknown,
): { tags: unknown; systemTags: unknown } {
  const systemTagsGiven = systemTags !== undefined && systemTags !== null;
  if (!usesLegacyTags(version) || !Array.isArray(tags) || systemTagsGiven) return { tags, systemTags };
  return { tags: tags.filter((t) => !isSystemTag(t)), systemTags: tags.filter(isSystemTag) };
}

/** A wire artifact as the domain input (type_data members camelCased). */
export function artifactFromLegacy(raw: unknown): ArtifactInput {
  if (!isObject(raw)) return raw as ArtifactInput; // the domain names the bad item
  const artifact: Record<string, unknown> = {
    key: raw.key,
    type: raw.type,
    mode: raw.mode ?? undefined,
    uri: raw.uri,
    hash: raw.hash,
    contentSize: raw.content_size,
    timestamp: raw.timestamp,
    displayData: raw.display_data,
  };
  if (isObject(raw.type_data)) {
    artifact.typeData = {
      preview: raw.type_data.preview,
      contentType: raw.type_data.content_type,
      dataHash: raw.type_data.data_hash,
    };
  } else {
    artifact.typeData = raw.type_data;
  }
  return artifact as unknown as ArtifactInput;
}

/** A wire artifact list; non-lists are passed on for the domain to reject. */
export const artifactsFromLegacy = (raw: unknown): ArtifactInput[] =>
  Array.isArray(raw) ? raw.map(artifactFromLegacy) : (raw as ArtifactInput[]);

const executionMembers: Record<string, keyof ExecutionInput> = {
  test_split: 'testSplit',
  model: 'modelId',
  model_labels: 'modelLabels',
  framework: 'framework',
  docker_cmd: 'dockerCmd',
  queue: 'queueId',
};

const scriptMembers: Record<string, keyof ScriptInput> = {
  binary: 'binary',
  repository: 'repository',
  tag: 'tag',
  branch: 'branch',
  version_num: 'versionNum',
  entry_point: 'entryPoint',
  working_dir: 'workingDir',
  requirements: 'requirements',
  diff: 'diff',
};

export interface LegacyExecution {
  execution: ExecutionInput;
  /** execution.parameters as sent (also `{}`), to become "legacy" hyper-parameters (A.4). */
  legacyParameters?: Record<string, unknown>;
  legacyModelDesc?: Record<string, unknown>;
}

/**
 * A wire `execution` object as the domain input: only the members sent (null kept: on edit it
 * unsets). `parameters`/`model_desc` are split off as legacy maps (create/edit, A.4 step 1), or with
 * `raw` mapped straight through (clone's execution_overrides merge model_desc unconverted).
 */
export function executionFromLegacy(value: unknown, field = 'execution', raw = false): LegacyExecution {
  if (value === undefined || value === null) return { execution: {} };
  if (!isObject(value)) throw invalidMember(field, 'expected object');
  const execution: ExecutionInput = {};
  const result: LegacyExecution = { execution };
  for (const [member, domain] of Object.entries(executionMembers)) {
    if (member in value) (execution as Record<string, unknown>)[domain] = value[member];
  }
  if ('artifacts' in value) {
    execution.artifacts = value.artifacts === null ? null : artifactsFromLegacy(value.artifacts);
  }
  const maps = [
    ['parameters', 'parameters', 'legacyParameters'],
    ['model_desc', 'modelDesc', 'legacyModelDesc'],
  ] as const;
  for (const [member, domain, legacy] of maps) {
    const map = value[member];
    if (map === undefined || map === null) continue;
    if (!isObject(map)) throw invalidMember(`${field}.${member}`, 'expected object');
    if (raw) execution[domain] = map;
    else result[legacy] = map;
  }
  return result;
}

/** A wire `script` object as the domain input (only the members sent). */
export function scriptFromLegacy(value: unknown): ScriptInput | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidMember('script', 'expected object');
  const script: ScriptInput = {};
  for (const [member, domain] of Object.entries(scriptMembers)) {
    if (member in value) (script as Record<string, unknown>)[domain] = value[member];
  }
  return script;
}

/**
 * Request maps of hyper-parameters/configuration: keys are the real names, trimmed as the
 * original's key escaping does (A.3); items are stored as sent.
 */
export function trimmedKeys<T>(value: unknown, depth: 1 | 2, field: string): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidMember(field, 'expected object');
  const trim = (map: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(map).map(([key, inner]) => [key.trim(), inner]));
  const outer = trim(value);
  if (depth === 2) {
    for (const [key, inner] of Object.entries(outer)) if (isObject(inner)) outer[key] = trim(inner);
  }
  return outer as T;
}

/**
 * The task members of create/validate/edit (tasks spec §5.2.5, §5.2.21, A.4) as domain input:
 * nulls mean absent, tags split for legacy callers, output_dest → output destination.
 */
export function taskFieldsFromLegacy(body: Row, version: Version): TaskFieldsInput {
  const { tags, systemTags } = splitLegacyTags(version, body.tags, body.system_tags);
  const { execution, legacyParameters, legacyModelDesc } = executionFromLegacy(body.execution);
  const input: TaskFieldsInput = {
    name: optionalString(body, 'name'),
    type: optionalString(body, 'type') as TaskFieldsInput['type'],
    comment: optionalString(body, 'comment'),
    tags: (tags ?? undefined) as string[] | undefined,
    systemTags: (systemTags ?? undefined) as string[] | undefined,
    parentId: optionalString(body, 'parent'),
    projectId: optionalString(body, 'project'),
    outputDestination: optionalString(body, 'output_dest'),
    execution: body.execution === undefined || body.execution === null ? undefined : execution,
    script: scriptFromLegacy(body.script),
    hyperparams: trimmedKeys(body.hyperparams, 2, 'hyperparams'),
    configuration: trimmedKeys(body.configuration, 1, 'configuration'),
    legacyParameters,
    legacyModelDesc,
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as TaskFieldsInput;
}
