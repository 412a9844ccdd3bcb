// `only_fields` (alias `projection`) of tasks.get_all / get_all_ex (tasks spec §6.10, §6.11;
// neighbours spec 0.5, A.8): parsing and validation of the paths, the domain columns and relations
// a projection needs (so listings read only those), applying it to documents, and get_all_ex's
// reference objects and joins. No I/O.
import type { Prisma } from '../db.ts';
import { unescapeKey } from '../resolvers/tasks/keys.ts';
import { ARTIFACTS_PATH, detachedFieldPaths, legacyDate, taskFieldPaths, type LegacyDocument, type Row } from './convert.ts';
import { ApiError } from './types.ts';

/** A set of document paths as a tree: `true` = the whole value below this key. */
export type PathTree = Map<string, PathTree | true>;

/** The references get_all_ex returns as `{id}` objects and can join (§6.11). */
export const referencePaths = ['company', 'user', 'project', 'execution.model', 'output.model'] as const;
export type ReferencePath = (typeof referencePaths)[number];

export interface Projection {
  /** Undefined: the whole document. */
  include?: PathTree;
  exclude: PathTree;
  /** get_all_ex joins: reference → requested members of the referenced document (`*` = all). */
  joins: Map<ReferencePath, Set<string>>;
}

// ---------------------------------------------------------------------------------------------
// The document's shape, for validating paths

type Members = { [member: string]: Shape };
/** A list of embedded objects: paths go through to each element's members. */
type ListShape = { __list: Members };
type Shape = 'leaf' | 'map' | Members | ListShape;

const artifactShape: Members = {
  key: 'leaf', type: 'leaf', mode: 'leaf', uri: 'leaf', hash: 'leaf', content_size: 'leaf',
  timestamp: 'leaf', type_data: { preview: 'leaf', content_type: 'leaf', data_hash: 'leaf' }, display_data: 'leaf',
};

const taskShape: Members = {
  id: 'leaf', name: 'leaf', user: 'leaf', company: 'leaf', company_origin: 'leaf', type: 'leaf',
  status: 'leaf', status_reason: 'leaf', status_message: 'leaf', status_changed: 'leaf', comment: 'leaf',
  created: 'leaf', started: 'leaf', completed: 'leaf', published: 'leaf', duration: 'leaf',
  parent: 'leaf',
  project: 'leaf', tags: 'leaf', system_tags: 'leaf', last_worker: 'leaf', last_worker_report: 'leaf',
  last_update: 'leaf', last_iteration: 'leaf',
  last_metrics: 'map', metric_stats: 'map', hyperparams: 'map', configuration: 'map', runtime: 'map',
  output: { destination: 'leaf', model: 'leaf', error: 'leaf', result: 'leaf' },
  execution: {
    test_split: 'leaf', parameters: 'map', model: 'leaf', model_desc: 'map', model_labels: 'map',
    framework: 'leaf', artifacts: { __list: artifactShape }, docker_cmd: 'leaf', queue: 'leaf',
  },
  script: {
    binary: 'leaf', repository: 'leaf', tag: 'leaf', branch: 'leaf', version_num: 'leaf',
    entry_point: 'leaf', working_dir: 'leaf', requirements: 'map', diff: 'leaf',
  },
};

function isValidPath(parts: string[]): boolean {
  let shape: Shape = taskShape;
  for (const part of parts) {
    if (shape === 'map') return true;
    if (shape === 'leaf') return false;
    const members: Members = '__list' in shape ? (shape as ListShape).__list : (shape as Members);
    const next: Shape | undefined = Object.hasOwn(members, part) ? members[part] : undefined;
    if (next === undefined) return false;
    shape = next;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Path trees

function addPath(tree: PathTree, parts: string[]) {
  let node = tree;
  for (const [i, part] of parts.entries()) {
    const existing = node.get(part);
    if (existing === true) return; // a broader path already wins
    if (i === parts.length - 1) {
      node.set(part, true);
      return;
    }
    const child: PathTree = existing ?? new Map();
    node.set(part, child);
    node = child;
  }
}

/** Whether `tree` selects anything at or below `parts`, or the whole of an ancestor of it. */
function touches(tree: PathTree, parts: string[]): boolean {
  let node: PathTree = tree;
  for (const part of parts) {
    const next = node.get(part);
    if (next === undefined) return false;
    if (next === true) return true;
    node = next;
  }
  return true;
}

/** Whether `tree` selects `parts` as a whole (the path itself or one of its ancestors). */
function covers(tree: PathTree, parts: string[]): boolean {
  let node: PathTree = tree;
  for (const part of parts) {
    const next = node.get(part);
    if (next === undefined) return false;
    if (next === true) return true;
    node = next;
  }
  return false;
}

/** The parts of `value` the tree selects; arrays are projected element by element. */
function pick(value: unknown, tree: PathTree): unknown {
  if (Array.isArray(value)) return value.map((item) => pick(item, tree));
  if (typeof value !== 'object' || value === null) return undefined;
  const source = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, sub] of tree) {
    if (!Object.hasOwn(source, key)) continue;
    const picked = sub === true ? source[key] : pick(source[key], sub);
    if (picked !== undefined) result[key] = picked;
  }
  return result;
}

/** `value` without the parts the tree selects (in place). */
function remove(value: unknown, tree: PathTree) {
  if (Array.isArray(value)) {
    for (const item of value) remove(item, tree);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const target = value as Record<string, unknown>;
  for (const [key, sub] of tree) {
    if (sub === true) delete target[key];
    else if (Object.hasOwn(target, key)) remove(target[key], sub);
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing

const invalidField = (path: string) =>
  new ApiError(400, 12, `Validation error (invalid task field): path=${path}`);

/** A4.8 rewrite: the pre-2.9 maps live in hyperparams.Args and configuration. */
const rewriteLegacyPath = (path: string) =>
  path
    .replaceAll('execution.parameters', 'hyperparams.Args')
    .replaceAll('execution.model_desc', 'configuration');

/**
 * Splits a requested path into document keys. Paths into hyperparams/configuration have 2-3 parts
 * (400/12 otherwise) whose keys are unescaped (`%2E` is a literal dot, A.3); `execution.parameters.`
 * alone is a 400/12 too.
 */
export function pathParts(raw: string): string[] {
  const bare = raw.startsWith('-') ? raw.slice(1) : raw;
  if (bare === 'execution.parameters.') throw invalidField(raw);
  const path = rewriteLegacyPath(bare);
  const parts = path.split('.');
  if ((parts[0] === 'hyperparams' || parts[0] === 'configuration') && parts.length > 1) {
    if (parts.length > 3) throw invalidField(raw);
    const keys = parts.slice(1).map((part) => unescapeKey(part).trim());
    if (keys.some((key) => key === '')) throw invalidField(raw);
    return [parts[0], ...keys];
  }
  return parts;
}

const referenceOf = (parts: string[]): ReferencePath | undefined =>
  referencePaths.find((ref) => ref === parts.join('.'));

/**
 * Parses `only_fields`/`projection`. Entries starting with `-` exclude (0.5); `x.*` is `x`; `*` is
 * the whole document. In get_all_ex (`extended`), `<reference>.<member>` / `<reference>.*` join the
 * referenced document. Unknown fields ⇒ 400/14 (with get_all's or get_all_ex's message).
 * `company_origin` is hidden unless explicitly requested; get_all_ex always returns `id`.
 */
export function parseProjection(value: unknown, extended: boolean): Projection {
  const projection: Projection = { exclude: new Map(), joins: new Map() };
  const entries = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  let wholeDocument = false;
  const include: PathTree = new Map();
  for (const entry of entries) {
    if (typeof entry !== 'string' || entry === '' || entry === '-') {
      throw new ApiError(400, 12, `Validation error (invalid projection field): field=${String(entry)}`);
    }
    const excluded = entry.startsWith('-');
    const bare = excluded ? entry.slice(1) : entry;
    if (bare === '*') {
      if (!excluded) wholeDocument = true;
      continue;
    }
    const wildcard = bare.endsWith('.*');
    let parts = pathParts(wildcard ? `${excluded ? '-' : ''}${bare.slice(0, -2)}` : entry);
    if (extended && !excluded) {
      const ref = wildcard ? referenceOf(parts) : referenceOf(parts.slice(0, -1));
      if (ref && (wildcard || parts.length > 1)) {
        const members = projection.joins.get(ref) ?? new Set<string>();
        members.add(wildcard ? '*' : parts[parts.length - 1]!);
        projection.joins.set(ref, members);
        parts = ref.split('.');
      }
    }
    if (!isValidPath(parts)) {
      const name = parts.join('.');
      throw new ApiError(
        400,
        14,
        extended
          ? `Fields not defined for object: fields=(${name}), object=Task`
          : 'Lookup error (probably an invalid field name or unsupported nested field): ' +
            `err=Cannot resolve field "${name}"`,
      );
    }
    addPath(excluded ? projection.exclude : include, parts);
  }
  if (!wholeDocument && include.size > 0) {
    if (extended) addPath(include, ['id']);
    projection.include = include;
  }
  if (!projection.include?.has('company_origin')) addPath(projection.exclude, ['company_origin']);
  return projection;
}

// ---------------------------------------------------------------------------------------------
// What to read

const projectFields: Record<string, Prisma.ProjectScalarFieldEnum> = {
  id: 'id', name: 'name', description: 'description', user: 'userId', company: 'companyId',
  created: 'created', last_update: 'lastUpdate', tags: 'tags', system_tags: 'systemTags',
  default_output_destination: 'defaultOutputDestination', featured: 'featured', logo_url: 'logoUrl',
};
const modelFields: Record<string, Prisma.ModelScalarFieldEnum> = {
  id: 'id', name: 'name', user: 'userId', company: 'companyId', project: 'projectId', created: 'created',
  last_update: 'lastUpdate', task: 'taskId', parent: 'parentId', comment: 'comment', tags: 'tags',
  system_tags: 'systemTags', uri: 'uri', framework: 'framework', design: 'design', labels: 'labels',
  ready: 'ready',
};
const userFields: Record<string, string> = {
  id: 'id', name: 'name', company: 'companyId', email: 'email', role: 'role', created: 'created',
};
const companyFields: Record<string, string> = { id: 'id', name: 'name', created: 'created' };

const referenceModels: Record<ReferencePath, { relation?: string; fields: Record<string, string> }> = {
  project: { relation: 'project', fields: projectFields },
  'execution.model': { relation: 'inputModel', fields: modelFields },
  'output.model': { relation: 'outputModel', fields: modelFields },
  user: { fields: userFields },
  company: { fields: companyFields },
};

/** The Prisma relation a joined reference is read through (user/company are looked up apart). */
export const referenceRelation = (ref: ReferencePath) => referenceModels[ref].relation;

/**
 * The domain columns and relations a projection needs: a column is read when the projection
 * includes its path, one of its ancestors, or something below it, and no exclusion covers it.
 */
export function projectionQuery(projection: Projection): {
  select: Prisma.TaskSelect;
  include: Prisma.TaskInclude;
} {
  const wanted = (path: string) => {
    const parts = path.split('.');
    const included = !projection.include || touches(projection.include, parts);
    return included && !covers(projection.exclude, parts);
  };
  const select: Record<string, boolean> = { id: true };
  for (const [field, path] of Object.entries(taskFieldPaths)) {
    if (wanted(path ?? detachedFieldPaths[field] ?? 'parent')) select[field] = true;
  }
  const include: Record<string, unknown> = {};
  if (wanted(ARTIFACTS_PATH)) include.artifacts = { orderBy: { position: 'asc' } };
  for (const [ref, members] of projection.joins) {
    const { relation, fields } = referenceModels[ref];
    if (!relation) continue;
    if (members.has('*')) {
      include[relation] = true;
      continue;
    }
    const columns: Record<string, true> = { id: true, companyId: true };
    for (const member of members) if (fields[member]) columns[fields[member]] = true;
    include[relation] = { select: columns };
  }
  return { select: select as Prisma.TaskSelect, include: include as Prisma.TaskInclude };
}

// ---------------------------------------------------------------------------------------------
// Applying

/**
 * The projected document: the included paths (or everything), minus the excluded ones. get_all
 * with an include list returns only what was asked for, `id` included only when requested.
 */
export function applyProjection(doc: LegacyDocument, projection: Projection): LegacyDocument {
  const result = projection.include ? (pick(doc, projection.include) as LegacyDocument) : doc;
  remove(result, projection.exclude);
  return result;
}

/** A referenced row (project, model, user, company) as its legacy document. */
function referencedDocument(ref: ReferencePath, row: Row): LegacyDocument {
  const doc: LegacyDocument = {};
  for (const [member, field] of Object.entries(referenceModels[ref].fields)) {
    const value = row[field];
    if (value === null || value === undefined) continue;
    if (value instanceof Date) doc[member] = legacyDate(value);
    else doc[member] = typeof value === 'bigint' ? Number(value) : value;
  }
  return doc;
}

/** The object holding the last part of `parts`, if the document has it. */
function holderOf(doc: LegacyDocument, parts: string[]): Record<string, unknown> | undefined {
  const isRecord = (node: unknown): node is Record<string, unknown> =>
    typeof node === 'object' && node !== null && !Array.isArray(node);
  let node: unknown = doc;
  for (const key of parts.slice(0, -1)) node = isRecord(node) ? node[key] : undefined;
  return isRecord(node) ? node : undefined;
}

/**
 * get_all_ex references (§6.11): each reference present in the document becomes `{id}` (`{}` for an
 * empty id); joined members come from `related(ref, id)` (a row in the caller's scope, or
 * undefined: then only `{id}` is returned).
 */
export function expandReferences(
  doc: LegacyDocument,
  projection: Projection,
  related: (ref: ReferencePath, id: string) => Row | undefined,
): LegacyDocument {
  for (const ref of referencePaths) {
    const parts = ref.split('.');
    const holder = holderOf(doc, parts);
    const key = parts[parts.length - 1]!;
    const value = holder?.[key];
    if (typeof value !== 'string') continue;
    const object: LegacyDocument = value === '' ? {} : { id: value };
    const members = projection.joins.get(ref);
    const row = members && value ? related(ref, value) : undefined;
    if (members && row) {
      const full = referencedDocument(ref, row);
      if (members.has('*')) Object.assign(object, full);
      else for (const member of members) if (full[member] !== undefined) object[member] = full[member];
    }
    holder![key] = object;
  }
  return doc;
}
