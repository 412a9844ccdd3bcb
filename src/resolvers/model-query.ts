// Model listing (neighbours spec 0.5, B.2.2): the get_all engine of tasks (list filters, regular
// expressions, search text, empty-last ordering, offset paging) for models, plus the joined
// documents get_all_ex asks for, compiled to ONE parameterised SQL statement per call. Identifiers
// come from the whitelists below; every caller-supplied value is a bound parameter.
import { Prisma, readSql } from '../db.ts';
import type { Actor } from './context.ts';
import { ValidationError } from './errors.ts';
import { checkId } from './tasks/access.ts';
import {
  checkPattern,
  isInvalidRegexError,
  patternGuard,
  type ListFilter,
} from './tasks/query.ts';
import { searchCondition, searchScore, searchTermsOf, type SearchColumn, type SearchTerms } from './search-text.ts';

export type ModelField = Prisma.ModelScalarFieldEnum;

export interface ModelFilter {
  ids?: ListFilter;
  users?: ListFilter;
  projects?: ListFilter;
  tasks?: ListFilter;
  parents?: ListFilter;
  tags?: ListFilter;
  systemTags?: ListFilter;
  frameworks?: ListFilter;
  uris?: ListFilter;
  /** Case-sensitive regular expression, matching anywhere in the value. */
  name?: string;
  comment?: string;
  ready?: boolean;
  /** Words, "phrases" and -negations over name, id, comment, parent, task and project. */
  searchText?: string;
}

/** Orderable fields, by their document names (`@text_score` = search relevance). */
export const modelOrderFields = [
  'id', 'name', 'user', 'company', 'project', 'created', 'last_update', 'task', 'parent', 'comment',
  'tags', 'system_tags', 'uri', 'framework', 'ready', 'design', 'labels', '@text_score',
] as const;
export type ModelOrderField = (typeof modelOrderFields)[number];

export interface ModelOrderItem {
  field: ModelOrderField;
  descending: boolean;
}

/** Documents a model refers to, which a listing can join. */
export type ModelReference = 'project' | 'user' | 'company' | 'task' | 'parent';

export interface ModelListQuery {
  filter?: ModelFilter;
  orderBy?: ModelOrderItem[];
  /** Offset paging; undefined = every matching model. */
  page?: { page: number; pageSize: number };
  /** Scalar fields to read (`id` is always read); undefined = all of them. */
  fields?: readonly ModelField[];
  /**
   * Referenced documents to join: reference → member names (the referenced table's fields, see
   * `joinableMembers`), or `*` for all. A row gets the reference under its name, or null when the
   * referenced document is missing or out of the caller's scope.
   */
  joins?: Partial<Record<ModelReference, readonly string[]>>;
}

// ---------------------------------------------------------------------------------------------
// Columns

const columns: Record<ModelField, string> = {
  id: 'id', companyId: 'company', companyOrigin: 'company_origin', userId: 'user', name: 'name',
  projectId: 'project', created: 'created', lastUpdate: 'last_update', taskId: 'task',
  parentId: 'parent', comment: 'comment', tags: 'tags', systemTags: 'system_tags', uri: 'uri',
  framework: 'framework', design: 'design', labels: 'labels', ready: 'ready', uiCache: 'ui_cache',
};
export const modelFields = Object.keys(columns) as ModelField[];

const col = (field: ModelField) => Prisma.raw(`"m"."${columns[field]}"`);

/** Members of each joinable document (field name → column); hidden fields are left out. */
export const joinableMembers: Record<ModelReference, Record<string, string>> = {
  project: {
    id: 'id', name: 'name', description: 'description', user: 'user', company: 'company',
    created: 'created', last_update: 'last_update', tags: 'tags', system_tags: 'system_tags',
    default_output_destination: 'default_output_destination', featured: 'featured', logo_url: 'logo_url',
  },
  user: {
    id: 'id', name: 'name', company: 'company', email: 'email', role: 'role',
    given_name: 'given_name', family_name: 'family_name', created: 'created',
  },
  company: { id: 'id', name: 'name', created: 'created' },
  task: {
    id: 'id', name: 'name', user: 'user', company: 'company', type: 'type', status: 'status',
    status_reason: 'status_reason', status_message: 'status_message', status_changed: 'status_changed',
    comment: 'comment', created: 'created', started: 'started', completed: 'completed',
    published: 'published', project: 'project', tags: 'tags', system_tags: 'system_tags',
    last_update: 'last_update', last_iteration: 'last_iteration', last_worker: 'last_worker',
  },
  parent: {
    id: 'id', name: 'name', user: 'user', company: 'company', project: 'project', created: 'created',
    task: 'task', parent: 'parent', comment: 'comment', tags: 'tags', system_tags: 'system_tags',
    uri: 'uri', framework: 'framework', design: 'design', labels: 'labels', ready: 'ready',
  },
};

// Which table and key each reference joins, and whether the caller's scope (own + public) applies.
const references: Record<ModelReference, { table: string; key: ModelField; scoped: boolean }> = {
  project: { table: 'project', key: 'projectId', scoped: true },
  user: { table: 'user', key: 'userId', scoped: false },
  company: { table: 'company', key: 'companyId', scoped: false },
  task: { table: 'task', key: 'taskId', scoped: true },
  parent: { table: 'model', key: 'parentId', scoped: true },
};

// ---------------------------------------------------------------------------------------------
// Filters

const TRUE = Prisma.sql`TRUE`;
const FALSE = Prisma.sql`FALSE`;
const and = (parts: Prisma.Sql[]) => (parts.length === 0 ? TRUE : Prisma.sql`(${Prisma.join(parts, ' AND ')})`);
const or = (parts: Prisma.Sql[]) => (parts.length === 0 ? FALSE : Prisma.sql`(${Prisma.join(parts, ' OR ')})`);

const scoped = (alias: string, actor: Actor) => {
  const company = Prisma.raw(`"${alias}"."company"`);
  return Prisma.sql`(${company} = ${actor.companyId} OR ${company} IS NULL)`;
};

/**
 * (value in include) AND (value not in exclude); `includeEmpty` ORs "empty" (NULL or '' for
 * strings, `{}` for arrays) into the include part.
 */
function listCondition(field: ModelField, array: boolean, filter: ListFilter): Prisma.Sql {
  const column = col(field);
  const empty = array ? Prisma.sql`cardinality(${column}) = 0` : Prisma.sql`COALESCE(${column}, '') = ''`;
  const matches = (values: string[]) => {
    const list = Prisma.sql`ARRAY[${Prisma.join(values.map((v) => Prisma.sql`CAST(${v} AS text)`))}]`;
    return array ? Prisma.sql`${column} && ${list}` : Prisma.sql`${column} = ANY(${list})`;
  };
  const parts: Prisma.Sql[] = [];
  const include = [...new Set(filter.include)];
  if (include.length > 0 || filter.includeEmpty) {
    const positive = include.length > 0 ? [matches(include)] : [];
    if (filter.includeEmpty) positive.push(empty);
    parts.push(or(positive));
  }
  const exclude = [...new Set(filter.exclude)];
  if (exclude.length > 0) {
    parts.push(array ? Prisma.sql`NOT (${matches(exclude)})` : Prisma.sql`(${column} IS NULL OR NOT (${matches(exclude)}))`);
  }
  return and(parts);
}

// search_text: the model text-index columns and their weights (see search-text.ts).
const searchColumns: readonly SearchColumn[] = ([
  ['name', 10], ['id', 10], ['comment', 10], ['parentId', 5], ['taskId', 3], ['projectId', 3],
] as const).map(([field, weight]) => [col(field), weight] as const);

function whereSql(actor: Actor, filter: ModelFilter = {}): Prisma.Sql {
  const parts = [scoped('m', actor)];
  const lists: [ListFilter | undefined, ModelField, boolean][] = [
    [filter.ids, 'id', false],
    [filter.users, 'userId', false],
    [filter.projects, 'projectId', false],
    [filter.tasks, 'taskId', false],
    [filter.parents, 'parentId', false],
    [filter.frameworks, 'framework', false],
    [filter.uris, 'uri', false],
    [filter.tags, 'tags', true],
    [filter.systemTags, 'systemTags', true],
  ];
  for (const [list, field, array] of lists) if (list) parts.push(listCondition(field, array, list));
  for (const field of ['name', 'comment'] as const) {
    const pattern = filter[field];
    if (!pattern) continue;
    checkPattern(field, pattern);
    parts.push(patternGuard(pattern), Prisma.sql`${col(field)} ~ ${pattern}`);
  }
  if (filter.ready !== undefined) parts.push(Prisma.sql`${col('ready')} = ${filter.ready}`);
  const search = searchTermsOf(filter.searchText);
  if (search) parts.push(searchCondition(search, searchColumns));
  return and(parts);
}

// ---------------------------------------------------------------------------------------------
// Ordering

const orderColumns: Record<Exclude<ModelOrderField, '@text_score'>, { field: ModelField; kind: 'text' | 'nullableText' | 'timestamp' | 'bool' | 'array' | 'json' }> = {
  id: { field: 'id', kind: 'text' },
  name: { field: 'name', kind: 'text' },
  user: { field: 'userId', kind: 'text' },
  company: { field: 'companyId', kind: 'nullableText' },
  project: { field: 'projectId', kind: 'nullableText' },
  created: { field: 'created', kind: 'timestamp' },
  last_update: { field: 'lastUpdate', kind: 'timestamp' },
  task: { field: 'taskId', kind: 'nullableText' },
  parent: { field: 'parentId', kind: 'nullableText' },
  comment: { field: 'comment', kind: 'nullableText' },
  tags: { field: 'tags', kind: 'array' },
  system_tags: { field: 'systemTags', kind: 'array' },
  uri: { field: 'uri', kind: 'nullableText' },
  framework: { field: 'framework', kind: 'nullableText' },
  ready: { field: 'ready', kind: 'bool' },
  design: { field: 'design', kind: 'json' },
  labels: { field: 'labels', kind: 'json' },
};

const direction = (descending: boolean) => Prisma.raw(descending ? 'DESC' : 'ASC');

/** ORDER BY terms of one item; empty values come last in both directions. */
function orderTerms(item: ModelOrderItem, search: SearchTerms | undefined): Prisma.Sql[] {
  if (item.field === '@text_score') {
    if (!search) throw new ValidationError('order_by', '@text_score requires search text', 'INVALID_FIELD_VALUE');
    return [Prisma.sql`${searchScore(search, searchColumns)} DESC`];
  }
  const spec = orderColumns[item.field];
  if (!spec) throw new ValidationError(String(item.field), 'unknown field', 'UNKNOWN_FIELD');
  const column = col(spec.field);
  const dir = direction(item.descending);
  switch (spec.kind) {
    case 'text':
      return [Prisma.sql`(${column} = '') ASC`, Prisma.sql`${column} COLLATE "C" ${dir}`];
    case 'nullableText':
      return [Prisma.sql`(COALESCE(${column}, '') = '') ASC`, Prisma.sql`${column} COLLATE "C" ${dir}`];
    case 'timestamp':
    case 'bool':
      return [Prisma.sql`${column} ${dir}`];
    case 'array': {
      // MongoDB orders arrays by their smallest element ascending, by their largest descending.
      const aggregate = Prisma.raw(item.descending ? 'max' : 'min');
      return [
        Prisma.sql`(cardinality(${column}) = 0) ASC`,
        Prisma.sql`(SELECT ${aggregate}(element COLLATE "C") FROM unnest(${column}) AS element) ${dir}`,
      ];
    }
    case 'json':
      return [Prisma.sql`(${column} IN ('null'::jsonb, '{}'::jsonb)) ASC`, Prisma.sql`${column} ${dir}`];
  }
}

function orderSql(orderBy: ModelOrderItem[] | undefined, search: SearchTerms | undefined): Prisma.Sql {
  const items = orderBy && orderBy.length > 0 ? orderBy : [{ field: 'created' as const, descending: false }];
  const terms = items.flatMap((item) => orderTerms(item, search));
  if (!items.some((item) => item.field === 'id')) {
    const last = items[items.length - 1]!;
    const descending = last.field !== '@text_score' && last.descending;
    terms.push(Prisma.sql`${col('id')} COLLATE "C" ${direction(descending)}`);
  }
  return Prisma.join(terms);
}

// ---------------------------------------------------------------------------------------------
// The statement

function joinSql(actor: Actor, name: ModelReference, members: readonly string[]) {
  const known = joinableMembers[name];
  const wanted = members.includes('*') ? Object.keys(known) : [...new Set(['id', ...members])];
  const unknown = wanted.filter((member) => !known[member]);
  if (unknown.length > 0) throw new ValidationError(`${name}.${unknown[0]}`, 'unknown field', 'UNKNOWN_FIELD');
  const alias = `r_${name}`;
  const { table, key, scoped: inScope } = references[name];
  const object = Prisma.raw(
    `jsonb_build_object(${wanted.map((member) => `'${member}', "${alias}"."${known[member]}"`).join(', ')})`,
  );
  const on = Prisma.sql`${Prisma.raw(`"${alias}"."id"`)} = ${col(key)}`;
  return {
    output: Prisma.sql`CASE WHEN ${Prisma.raw(`"${alias}"."id"`)} IS NULL THEN NULL ELSE ${object} END AS ${Prisma.raw(`"${name}"`)}`,
    join: Prisma.sql`LEFT JOIN ${Prisma.raw(`"${table}" AS "${alias}"`)} ON ${inScope ? and([on, scoped(alias, actor)]) : on}`,
  };
}

function checkPage(page: { page: number; pageSize: number }) {
  if (!Number.isInteger(page.page) || page.page < 0) throw new ValidationError('page', 'page must be >=0', 'INVALID_INPUT');
  if (!Number.isInteger(page.pageSize) || page.pageSize < 1) {
    throw new ValidationError('page_size', 'page_size must be >0', 'INVALID_INPUT');
  }
}

export type ModelRow = Record<string, unknown>;

/**
 * Lists the models the caller can read (own company + public) matching `filter`, ordered (by
 * `created` when no order is given; `id` breaks ties) and paged, in one SQL statement. Rows carry
 * the Prisma names of the selected fields and the joined references. Throws ValidationError for
 * unknown fields (UNKNOWN_FIELD), bad regular expressions (INVALID_REGEX), `@text_score` without
 * search text (INVALID_FIELD_VALUE) and bad paging values (INVALID_INPUT).
 */
export async function listModels(actor: Actor, query: ModelListQuery = {}): Promise<ModelRow[]> {
  const search = searchTermsOf(query.filter?.searchText);
  const fields = query.fields ? [...new Set<ModelField>(['id', ...query.fields])] : modelFields;
  const joins = Object.entries(query.joins ?? {}).map(([name, members]) =>
    joinSql(actor, name as ModelReference, members ?? []),
  );
  if (query.page) checkPage(query.page);
  const outputs = [
    ...fields.map((field) => Prisma.sql`${col(field)} AS ${Prisma.raw(`"${field}"`)}`),
    ...joins.map((join) => join.output),
  ];
  const paging = query.page
    ? Prisma.sql`LIMIT ${query.page.pageSize} OFFSET ${query.page.page * query.page.pageSize}`
    : Prisma.empty;
  const sql = Prisma.sql`SELECT ${Prisma.join(outputs)} FROM "model" AS "m"
    ${joins.length > 0 ? Prisma.join(joins.map((join) => join.join), ' ') : Prisma.empty}
    WHERE ${whereSql(actor, query.filter)}
    ORDER BY ${orderSql(query.orderBy, search)} ${paging}`;
  try {
    return await readSql<ModelRow>(sql);
  } catch (error) {
    if (isInvalidRegexError(error)) {
      const field = query.filter?.name ? 'name' : 'comment';
      throw new ValidationError(field, 'malformed regular expression', 'INVALID_REGEX');
    }
    throw error;
  }
}

/** The ids of the models `listModels` would return, in order (GraphQL reads them with its own selection). */
export async function listModelIds(actor: Actor, query: Omit<ModelListQuery, 'fields' | 'joins'>): Promise<string[]> {
  const rows = await listModels(actor, { ...query, fields: ['id'] });
  return rows.map((row) => row.id as string);
}

/** One model the caller can read (own or public) with the given fields and joins; null if none. */
export async function findModel(
  actor: Actor,
  id: string,
  query: Pick<ModelListQuery, 'fields' | 'joins' | 'filter'> = {},
): Promise<ModelRow | null> {
  checkId('model', id);
  const ids: ListFilter = { include: [id], exclude: [], includeEmpty: false };
  const [row] = await listModels(actor, { ...query, filter: { ...query.filter, ids } });
  return row ?? null;
}

/** Distinct frameworks of own and public models (in `projectIds` when given), sorted. */
export async function listModelFrameworks(actor: Actor, projectIds?: readonly string[]): Promise<string[]> {
  const conditions = [scoped('m', actor), Prisma.sql`COALESCE(${col('framework')}, '') <> ''`];
  if (projectIds && projectIds.length > 0) {
    conditions.push(Prisma.sql`${col('projectId')} IN (${Prisma.join([...new Set(projectIds)])})`);
  }
  const rows = await readSql<{ framework: string }>(
    // code-point order, as the original's sorted()
    Prisma.sql`SELECT DISTINCT ${col('framework')} COLLATE "C" AS "framework" FROM "model" AS "m"
      WHERE ${and(conditions)} ORDER BY 1`,
  );
  return rows.map((row) => row.framework);
}
