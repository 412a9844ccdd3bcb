// The legacy wire spellings of models (neighbours spec B.2.1, 0.5): domain rows to model
// documents, `only_fields` (with `-field` exclusion and hidden fields), get_all_ex references and
// joins, and UpdateResponse `fields`. No I/O.
import type { ModelField, ModelReference, ModelRow } from '../resolvers/model-query.ts';
import { legacyDate, type LegacyDocument } from './convert.ts';
import { ApiError } from './types.ts';

/** Domain field → document member (models have no `last_update` on the wire). */
const modelPaths: Record<ModelField, string | null> = {
  id: 'id',
  name: 'name',
  userId: 'user',
  companyId: 'company',
  companyOrigin: 'company_origin',
  projectId: 'project',
  created: 'created',
  lastUpdate: null,
  taskId: 'task',
  parentId: 'parent',
  comment: 'comment',
  tags: 'tags',
  systemTags: 'system_tags',
  uri: 'uri',
  framework: 'framework',
  design: 'design',
  labels: 'labels',
  ready: 'ready',
  uiCache: 'ui_cache',
};

const fieldOfMember = new Map(
  Object.entries(modelPaths).flatMap(([field, member]) => (member ? [[member, field as ModelField]] : [])),
);

/** Members of a model document, in the original's order. */
export const modelMembers = [...fieldOfMember.keys()];

const hiddenMembers = ['ui_cache', 'company_origin'];

/** The references of a model document (get_all_ex returns them as `{id}` objects). */
const referenceMembers: ModelReference[] = ['company', 'user', 'project', 'task', 'parent'];

const dateMembers = new Set(['created', 'last_update', 'started', 'completed', 'published', 'status_changed']);

function plain(member: string, value: unknown): unknown {
  if (value instanceof Date || (dateMembers.has(member) && typeof value === 'string')) return legacyDate(value);
  if (typeof value === 'bigint') return Number(value);
  return value;
}

/**
 * A model row (domain field names, any subset) as its document: snake_case, dates per tasks spec
 * 1.7, unset members omitted; a public model's company is `""`.
 */
export function toLegacyModel(row: ModelRow): LegacyDocument {
  const doc: LegacyDocument = {};
  for (const [field, member] of Object.entries(modelPaths)) {
    if (!member || !(field in row)) continue;
    const value = row[field];
    if (field === 'companyId') doc.company = value ?? '';
    else if (value !== null && value !== undefined) doc[member] = plain(member, value);
  }
  return doc;
}

/** UpdateResponse `fields` of a model write: each written field under its member name. */
export function legacyModelFields(fields: Partial<Record<ModelField, unknown>>): LegacyDocument {
  const doc: LegacyDocument = {};
  for (const [field, value] of Object.entries(fields)) {
    const member = modelPaths[field as ModelField];
    if (member) doc[member] = value === undefined ? null : plain(member, value);
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// only_fields

export interface ModelProjection {
  /** Requested paths (split); undefined = the whole document. */
  include?: string[][];
  exclude: string[][];
  /** get_all_ex joins: reference → requested members (`*` = all). */
  joins: Map<ModelReference, Set<string>>;
  /** The domain fields the projection needs. */
  fields: ModelField[];
}

const unknownField = (name: string, extended: boolean) =>
  new ApiError(
    400,
    14,
    extended
      ? `Fields not defined for object: fields=(${name}), object=Model`
      : `Lookup error (probably an invalid field name or unsupported nested field): err=Cannot resolve field "${name}"`,
  );

// Members holding free-form objects: paths may go below them.
const objectMembers = new Set(['design', 'labels', 'ui_cache']);

/**
 * Parses `only_fields` (alias `projection`): entries starting with `-` exclude; `*` is everything;
 * in get_all_ex (`extended`) `<reference>.<member>` / `<reference>.*` join the referenced document.
 * Unknown members ⇒ 400/14; an empty entry ⇒ 400/12. Hidden members (ui_cache, company_origin) are
 * excluded unless requested; get_all_ex always returns `id`.
 */
export function parseModelProjection(value: unknown, extended: boolean): ModelProjection {
  const entries = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  const include: string[][] = [];
  const exclude: string[][] = [];
  const joins = new Map<ModelReference, Set<string>>();
  let whole = false;
  for (const entry of entries) {
    if (typeof entry !== 'string' || entry === '' || entry === '-') {
      throw new ApiError(400, 12, `Validation error (invalid projection field): field=${String(entry)}`);
    }
    const excluded = entry.startsWith('-');
    const bare = excluded ? entry.slice(1) : entry;
    if (bare === '*') {
      if (!excluded) whole = true;
      continue;
    }
    let parts = (bare.endsWith('.*') ? bare.slice(0, -2) : bare).split('.');
    const root = parts[0]!;
    if (extended && !excluded && parts.length > 1 && referenceMembers.includes(root as ModelReference)) {
      const members = joins.get(root as ModelReference) ?? new Set<string>();
      members.add(bare.endsWith('.*') ? '*' : parts.slice(1).join('.'));
      joins.set(root as ModelReference, members);
      parts = [root];
    } else if (bare.endsWith('.*') && parts.length === 1 && referenceMembers.includes(root as ModelReference) && extended) {
      joins.set(root as ModelReference, new Set(['*']));
    }
    if (!fieldOfMember.has(root) || (parts.length > 1 && !objectMembers.has(root))) {
      throw unknownField(parts.join('.'), extended);
    }
    (excluded ? exclude : include).push(parts);
  }
  const projection: ModelProjection = { exclude, joins, fields: [] };
  if (!whole && include.length > 0) {
    if (extended && !include.some((parts) => parts.length === 1 && parts[0] === 'id')) include.push(['id']);
    projection.include = include;
  }
  for (const member of hiddenMembers) {
    if (!projection.include?.some((parts) => parts[0] === member)) exclude.push([member]);
  }
  const wholeExcluded = new Set(exclude.filter((parts) => parts.length === 1).map((parts) => parts[0]!));
  for (const [member, field] of fieldOfMember) {
    const included = !projection.include || projection.include.some((parts) => parts[0] === member);
    if (included && !wholeExcluded.has(member)) projection.fields.push(field);
  }
  return projection;
}

function pickPath(source: LegacyDocument, target: LegacyDocument, parts: string[]) {
  const [head, ...rest] = parts as [string, ...string[]];
  if (!Object.hasOwn(source, head)) return;
  if (rest.length === 0) {
    target[head] = source[head];
    return;
  }
  const inner = source[head];
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return;
  const holder = (target[head] ??= {}) as LegacyDocument;
  pickPath(inner as LegacyDocument, holder, rest);
}

function removePath(doc: LegacyDocument, parts: string[]) {
  const [head, ...rest] = parts as [string, ...string[]];
  if (rest.length === 0) {
    delete doc[head];
    return;
  }
  const inner = doc[head];
  if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) removePath(inner as LegacyDocument, rest);
}

/** The projected document: included paths (or all), minus the excluded ones. */
export function applyModelProjection(doc: LegacyDocument, projection: ModelProjection): LegacyDocument {
  let result = doc;
  if (projection.include) {
    result = {};
    for (const parts of projection.include) pickPath(doc, result, parts);
  }
  for (const parts of projection.exclude) removePath(result, parts);
  return result;
}

/** The joins to request from the listing: member names of the referenced documents. */
export function joinsOf(projection: ModelProjection): Partial<Record<ModelReference, string[]>> {
  return Object.fromEntries([...projection.joins].map(([ref, members]) => [ref, [...members]]));
}

/**
 * get_all_ex references: each reference present becomes `{id}` (`{}` for an empty value), plus the
 * joined members of the referenced document when it is in the caller's scope.
 */
export function expandModelReferences(doc: LegacyDocument, row: ModelRow, projection: ModelProjection): LegacyDocument {
  for (const ref of referenceMembers) {
    const value = doc[ref];
    if (typeof value !== 'string') continue;
    const object: LegacyDocument = value === '' ? {} : { id: value };
    const members = projection.joins.get(ref);
    const joined = row[ref] as Record<string, unknown> | null | undefined;
    if (members && joined && value) {
      for (const [member, memberValue] of Object.entries(joined)) {
        if (memberValue === null || memberValue === undefined) continue;
        if (members.has('*') || members.has(member)) object[member] = plain(member, memberValue);
      }
    }
    doc[ref] = object;
  }
  return doc;
}
