// `only_fields` (alias `projection`) of the flat entities' get_all / get_all_ex (projects, users;
// neighbours spec 0.5): include and `-exclude` entries, fields hidden unless asked for, get_all_ex
// reference objects `{id}` and `<reference>.<member>` joins. No I/O.
import { legacyDate, type LegacyDocument, type Row } from './convert.ts';
import { ApiError } from './types.ts';

export interface DocumentSpec {
  /** Entity name in 400/14 messages, e.g. "Project". */
  object: string;
  /** Top-level document members. */
  fields: readonly string[];
  /** Members holding ids get_all_ex returns as `{id}` objects and can join. */
  references: readonly string[];
  /** Members left out unless explicitly included. */
  hidden: readonly string[];
}

export interface DocumentProjection {
  /** Undefined: the whole document. */
  include?: Set<string>;
  exclude: Set<string>;
  /** get_all_ex joins: reference → requested members (`*` = all). */
  joins: Map<string, Set<string>>;
}

/**
 * Parses `only_fields`. Entries starting with `-` exclude; `*` is the whole document, `x.*` is `x`;
 * in get_all_ex (`extended`) `<reference>.<member>` joins and always returns `id`. Unknown fields
 * ⇒ 400/14 (get_all's or get_all_ex's message), a non-string or empty entry ⇒ 400/12.
 */
export function parseDocumentProjection(value: unknown, spec: DocumentSpec, extended: boolean): DocumentProjection {
  const projection: DocumentProjection = { exclude: new Set(), joins: new Map() };
  const entries = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  const include = new Set<string>();
  let wholeDocument = false;
  for (const entry of entries) {
    if (typeof entry !== 'string' || entry === '' || entry === '-') {
      throw new ApiError(400, 12, `Validation error (invalid projection field): field=${String(entry)}`);
    }
    const excluded = entry.startsWith('-');
    let path = excluded ? entry.slice(1) : entry;
    if (path === '*') {
      if (!excluded) wholeDocument = true;
      continue;
    }
    if (path.endsWith('.*')) path = path.slice(0, -2);
    const [field, ...rest] = path.split('.');
    if (extended && !excluded && spec.references.includes(field!) && rest.length === 1) {
      const members = projection.joins.get(field!) ?? new Set<string>();
      members.add(rest[0]!);
      projection.joins.set(field!, members);
    } else if (entry.endsWith('.*') && extended && spec.references.includes(path) && !excluded) {
      const members = projection.joins.get(path) ?? new Set<string>();
      members.add('*');
      projection.joins.set(path, members);
    } else if (rest.length > 0 || !spec.fields.includes(field!)) {
      throw new ApiError(
        400,
        14,
        extended
          ? `Fields not defined for object: fields=(${path}), object=${spec.object}`
          : `Lookup error (probably an invalid field name or unsupported nested field): err=Cannot resolve field "${path}"`,
      );
    }
    (excluded ? projection.exclude : include).add(field!);
  }
  if (!wholeDocument && include.size > 0) {
    if (extended) include.add('id');
    projection.include = include;
  }
  for (const field of spec.hidden) if (!projection.include?.has(field)) projection.exclude.add(field);
  return projection;
}

/** The document limited to the projection (the included members, minus the excluded ones). */
export function applyDocumentProjection(doc: LegacyDocument, projection: DocumentProjection): LegacyDocument {
  const result: LegacyDocument = {};
  for (const [key, value] of Object.entries(doc)) {
    if (projection.include && !projection.include.has(key)) continue;
    if (projection.exclude.has(key)) continue;
    result[key] = value;
  }
  return result;
}

/** A joined row as a legacy document: the listed members (document name → row field). */
export function joinedDocument(row: Row, members: Readonly<Record<string, string>>): LegacyDocument {
  const doc: LegacyDocument = {};
  for (const [member, field] of Object.entries(members)) {
    const value = row[field];
    if (value === null || value === undefined) continue;
    doc[member] = value instanceof Date ? legacyDate(value) : value;
  }
  return doc;
}

/**
 * get_all_ex references: each reference member present becomes `{id}` (`{}` for an empty id), plus
 * the joined members of `related(reference, id)` (a document, or undefined when not visible).
 */
export function expandDocumentReferences(
  doc: LegacyDocument,
  spec: DocumentSpec,
  projection: DocumentProjection,
  related: (reference: string, id: string) => LegacyDocument | undefined,
): LegacyDocument {
  for (const reference of spec.references) {
    const value = doc[reference];
    if (typeof value !== 'string') continue;
    const object: LegacyDocument = value === '' ? {} : { id: value };
    const members = projection.joins.get(reference);
    const joined = members && value ? related(reference, value) : undefined;
    if (members && joined) {
      if (members.has('*')) Object.assign(object, joined);
      else for (const member of members) if (joined[member] !== undefined) object[member] = joined[member];
    }
    doc[reference] = object;
  }
  return doc;
}
