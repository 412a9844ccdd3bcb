// Task listing (legacy tasks spec §6, neighbours spec A.8): filters, ordering and paging compiled to
// ONE parameterised SQL statement per call. Talks to Postgres (or PGlite) through readSql only;
// identifiers come from the whitelists below, every caller-supplied value is a bound parameter.
import { createHash } from 'node:crypto';
import { db, Prisma, readArrays, readSql } from '../../db.ts';
import type { TaskStatus, TaskType } from '../../generated/prisma/enums.ts';
import type { Actor } from '../context.ts';
import { ValidationError } from '../errors.ts';
import { checkId } from './access.ts';
import { taskColumns } from './columns.ts';
import { unescapeKey } from './keys.ts';
import { searchCondition, searchScore, searchTermsOf, type SearchColumn, type SearchTerms } from '../search-text.ts';

// ---------------------------------------------------------------------------------------------
// Public types

export interface ListFilter {
  include: string[];
  includeEmpty: boolean;
  exclude: string[];
}

export interface DateConstraint {
  op: '>' | '>=' | '<' | '<=' | '=';
  at: Date;
}

export interface TaskFilter {
  ids?: ListFilter;
  users?: ListFilter;
  tags?: ListFilter;
  systemTags?: ListFilter;
  types?: ListFilter;
  statuses?: ListFilter;
  projects?: ListFilter;
  /** Case-sensitive regular expression, matching anywhere in the value (Postgres `~`). */
  name?: string;
  comment?: string;
  /** Equality on the legacy parent value (`__DELETED__<id>` once the parent is gone). */
  parent?: string;
  statusChanged?: DateConstraint[];
  searchText?: string;
  /** Case-insensitive regular expression (`~*`) that must match at least one of the fields. */
  anyOf?: { pattern: string; fields: string[] };
  /** Case-insensitive regular expression (`~*`) that must match every one of the fields. */
  allOf?: { pattern: string; fields: string[] };
}

/**
 * Field paths use the task DOCUMENT paths of the legacy spec (dotted names), e.g. 'name', 'created',
 * 'last_update', 'status_changed', 'script.repository', 'execution.queue',
 * 'hyperparams.<section>.<name>', 'configuration.<name>',
 * 'last_metrics.<metricHash>.<variantHash>.value'|'min_value'|'max_value',
 * 'execution.parameters.<name>' (== hyperparams.Args.<name>), '@text_score'.
 */
export interface OrderItem {
  path: string;
  descending: boolean;
}

export type Paging =
  | { kind: 'offset'; page: number; pageSize: number }
  | { kind: 'keyset'; first?: number; after?: string; last?: number; before?: string }
  | { kind: 'all' };

export interface TaskListQuery {
  filter?: TaskFilter;
  orderBy?: OrderItem[];
  /** Undefined = all matching rows (legacy get_all without `page`). */
  paging?: Paging;
  /** Scalar fields to return (relation keys are ignored, `id` is always returned); undefined = all. */
  select?: Prisma.TaskSelect;
  /** Relations to load with the rows, in one extra statement for the whole page. */
  include?: Prisma.TaskInclude;
  /** Whether the caller reads the page's keyset cursors (the statement then also returns the sort keys). */
  cursors?: boolean;
}

export interface TaskPage<T> {
  rows: T[];
  /** Opaque keyset cursor of each row (same index as `rows`); only with `cursors: true` in the query. */
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

const DEFAULT_PAGE_SIZE = 50;

// ---------------------------------------------------------------------------------------------
// Columns

type TaskField = Prisma.TaskScalarFieldEnum;

const columns = taskColumns;

const taskFields = Object.keys(columns) as TaskField[];

/** A whitelisted column reference (never built from caller input). */
const col = (field: TaskField) => Prisma.raw(`"task"."${columns[field]}"`);

// To-one relations a page can carry, joined into the listing statement itself (one round trip).
const projectColumns: Record<Prisma.ProjectScalarFieldEnum, string> = {
  id: 'id', companyId: 'company', companyOrigin: 'company_origin', userId: 'user', name: 'name',
  description: 'description', created: 'created', lastUpdate: 'last_update', tags: 'tags',
  systemTags: 'system_tags', defaultOutputDestination: 'default_output_destination',
  featured: 'featured', logoUrl: 'logo_url',
};
const queueColumns: Record<Prisma.QueueScalarFieldEnum, string> = {
  id: 'id', companyId: 'company', name: 'name', created: 'created', lastUpdate: 'last_update',
  tags: 'tags', systemTags: 'system_tags',
};
const modelColumns: Record<Prisma.ModelScalarFieldEnum, string> = {
  id: 'id', companyId: 'company', companyOrigin: 'company_origin', userId: 'user', name: 'name',
  projectId: 'project', created: 'created', lastUpdate: 'last_update', taskId: 'task', parentId: 'parent',
  comment: 'comment', tags: 'tags', systemTags: 'system_tags', uri: 'uri', framework: 'framework',
  design: 'design', labels: 'labels', ready: 'ready', uiCache: 'ui_cache',
};
const joinable: Record<string, { table: string; key: TaskField; columns: Record<string, string> }> = {
  project: { table: 'project', key: 'projectId', columns: projectColumns },
  parent: { table: 'task', key: 'parentId', columns },
  queue: { table: 'queue', key: 'queueId', columns: queueColumns },
  inputModel: { table: 'model', key: 'inputModelId', columns: modelColumns },
  outputModel: { table: 'model', key: 'outputModelId', columns: modelColumns },
};

const taskStatuses: readonly TaskStatus[] = [
  'created', 'queued', 'in_progress', 'stopped', 'publishing', 'published', 'closed', 'failed',
  'completed', 'unknown',
];
const taskTypes: readonly TaskType[] = [
  'training', 'testing', 'inference', 'data_processing', 'application', 'monitor', 'controller',
  'optimizer', 'service', 'qc', 'custom',
];

// ---------------------------------------------------------------------------------------------
// Document paths

type ScalarKind = 'text' | 'enum' | 'timestamp' | 'int' | 'array' | 'json';

interface TopLevelPath {
  field: TaskField;
  kind: ScalarKind;
  nullable: boolean;
}

const top = (field: TaskField, kind: ScalarKind, nullable = true): TopLevelPath => ({
  field,
  kind,
  nullable,
});

/** Legacy document path -> stored column, for every field that maps onto one column. */
const topLevelPaths: Record<string, TopLevelPath> = {
  id: top('id', 'text', false),
  name: top('name', 'text', false),
  user: top('userId', 'text', false),
  company: top('companyId', 'text'),
  type: top('type', 'enum', false),
  status: top('status', 'enum', false),
  status_reason: top('statusReason', 'text'),
  status_message: top('statusMessage', 'text'),
  status_changed: top('statusChanged', 'timestamp'),
  comment: top('comment', 'text'),
  created: top('created', 'timestamp', false),
  started: top('started', 'timestamp'),
  completed: top('completed', 'timestamp'),
  published: top('published', 'timestamp'),
  duration: top('duration', 'int'),
  project: top('projectId', 'text'),
  tags: top('tags', 'array', false),
  system_tags: top('systemTags', 'array', false),
  'output.destination': top('outputDestination', 'text'),
  'output.model': top('outputModelId', 'text'),
  'output.error': top('outputError', 'text'),
  'output.result': top('outputResult', 'enum'),
  'execution.test_split': top('testSplit', 'int', false),
  'execution.model': top('inputModelId', 'text'),
  'execution.model_labels': top('modelLabels', 'json', false),
  'execution.framework': top('framework', 'text'),
  'execution.docker_cmd': top('dockerCmd', 'text'),
  'execution.queue': top('queueId', 'text'),
  'script.binary': top('scriptBinary', 'text', false),
  'script.repository': top('scriptRepository', 'text', false),
  'script.tag': top('scriptTag', 'text'),
  'script.branch': top('scriptBranch', 'text'),
  'script.version_num': top('scriptVersionNum', 'text'),
  'script.entry_point': top('scriptEntryPoint', 'text', false),
  'script.working_dir': top('scriptWorkingDir', 'text'),
  'script.requirements': top('scriptRequirements', 'json', false),
  'script.diff': top('scriptDiff', 'text'),
  hyperparams: top('hyperparams', 'json', false),
  configuration: top('configuration', 'json', false),
  runtime: top('runtime', 'json', false),
  last_worker: top('lastWorker', 'text'),
  last_worker_report: top('lastWorkerReport', 'timestamp'),
  last_update: top('lastUpdate', 'timestamp', false),
  last_iteration: top('lastIteration', 'int', false),
  last_metrics: top('lastMetrics', 'json', false),
  metric_stats: top('metricStats', 'json', false),
};

/** JSON map columns whose sub-paths are free-form keys. */
const jsonMapPaths = [
  'runtime',
  'script.requirements',
  'execution.model_labels',
  'metric_stats',
  'last_metrics',
];
const metricValueMembers = new Set(['value', 'min_value', 'max_value']);
/** Whole embedded objects: valid in projections, but neither orderable nor matchable. */
const objectPaths = new Set(['output', 'execution', 'script', 'execution.artifacts']);
const artifactTextMembers: Record<string, string> = {
  key: 'key',
  type: 'type',
  mode: 'mode',
  uri: 'uri',
  hash: 'hash',
};
const artifactOtherMembers = new Set(['content_size', 'timestamp', 'type_data', 'display_data']);

/** The legacy parent value: `parent`, or `__DELETED__<id>` once the parent was deleted/reset. */
const legacyParentSql = Prisma.sql`COALESCE(
  ${col('parentId')}, '__DELETED__' || ${col('detachedParentId')})`;

/** What a document path denotes in SQL. */
type PathValue =
  | { kind: 'text'; sql: Prisma.Sql; emptyCheck: 'nullOrBlank' | 'blank' | 'never' }
  | { kind: 'timestamp' | 'int'; sql: Prisma.Sql; nullable: boolean }
  | { kind: 'array'; sql: Prisma.Sql }
  | { kind: 'json'; sql: Prisma.Sql }
  /** Text of a hyper-parameter/configuration item (numeric-aware ordering). */
  | { kind: 'paramValue'; sql: Prisma.Sql }
  /** A last_metrics value member (JSON number). */
  | { kind: 'metric'; sql: Prisma.Sql }
  | { kind: 'artifact'; member: string }
  | { kind: 'object' };

const jsonKey = (key: string) => Prisma.sql`CAST(${key} AS text)`;
const jsonGet = (base: Prisma.Sql, keys: string[]) =>
  keys.reduce((expr, key) => Prisma.sql`(${expr} -> ${jsonKey(key)})`, base);

/**
 * A key of a hyperparams/configuration path: paths carry escaped keys (A.3, so a literal `.` is
 * `%2E`), the stored JSON keys are the real names, trimmed on write.
 */
const storedKey = (part: string) => unescapeKey(part).trim();

function invalidPath(path: string): never {
  throw new ValidationError(path, 'invalid task field', 'INVALID_INPUT');
}

/**
 * Resolves a document path (A.8 rewrites applied: `execution.parameters` -> `hyperparams.Args`,
 * `execution.model_desc` -> `configuration`). Undefined for unknown paths; throws INVALID_INPUT for
 * malformed map paths (wrong number of parts, empty key).
 */
function resolvePath(rawPath: string): PathValue | undefined {
  const path = rawPath
    .replaceAll('execution.parameters', 'hyperparams.Args')
    .replaceAll('execution.model_desc', 'configuration');

  if (path.startsWith('hyperparams.') || path.startsWith('configuration.')) {
    const parts = path.split('.');
    if (parts.length < 2 || parts.length > 3) invalidPath(rawPath);
    const [root, ...rawKeys] = parts as [string, ...string[]];
    const keys = rawKeys.map(storedKey);
    if (keys.some((key) => key === '')) invalidPath(rawPath);
    if (root === 'hyperparams') {
      const base = col('hyperparams');
      return keys.length === 1
        ? { kind: 'json', sql: jsonGet(base, keys) }
        : { kind: 'paramValue', sql: Prisma.sql`(${jsonGet(base, keys)} ->> 'value')` };
    }
    const [name, member = 'value'] = keys as [string, string?];
    const item = jsonGet(col('configuration'), [name]);
    return { kind: 'paramValue', sql: Prisma.sql`(${item} ->> ${jsonKey(member)})` };
  }

  if (path === 'parent') return { kind: 'text', sql: legacyParentSql, emptyCheck: 'nullOrBlank' };
  if (path === 'execution.model' || path === 'output.model') {
    const [field, detached] = path === 'execution.model'
      ? (['inputModelId', 'detachedInputModelId'] as const)
      : (['outputModelId', 'detachedOutputModelId'] as const);
    // `__DELETED__<id>` once the model was deleted with force, like `parent`.
    const sql = Prisma.sql`COALESCE(${col(field)}, '__DELETED__' || ${col(detached)})`;
    return { kind: 'text', sql, emptyCheck: 'nullOrBlank' };
  }
  const known = topLevelPaths[path];
  if (known) {
    const sql = col(known.field);
    switch (known.kind) {
      case 'text':
        return {
          kind: 'text',
          sql,
          emptyCheck: known.field === 'id' ? 'never' : known.nullable ? 'nullOrBlank' : 'blank',
        };
      case 'enum':
        return {
          kind: 'text',
          sql: Prisma.sql`(${sql})::text`,
          emptyCheck: known.nullable ? 'nullOrBlank' : 'never',
        };
      case 'timestamp':
      case 'int':
        return { kind: known.kind, sql, nullable: known.nullable };
      case 'array':
        return { kind: 'array', sql };
      case 'json':
        return { kind: 'json', sql };
    }
  }

  if (objectPaths.has(path)) return { kind: 'object' };
  if (path.startsWith('execution.artifacts.')) {
    const [member = '', ...rest] = path.slice('execution.artifacts.'.length).split('.');
    if (rest.length === 0 && artifactTextMembers[member]) return { kind: 'artifact', member };
    if (rest.length === 0 && artifactOtherMembers.has(member)) return { kind: 'object' };
    if (member === 'type_data' && rest.length === 1 && rest[0]) return { kind: 'object' };
    return undefined;
  }

  const mapRoot = jsonMapPaths.find((root) => path.startsWith(`${root}.`));
  if (mapRoot) {
    const keys = path.slice(mapRoot.length + 1).split('.');
    if (keys.some((key) => key === '')) invalidPath(rawPath);
    const base = col(topLevelPaths[mapRoot]!.field);
    if (mapRoot === 'last_metrics' && keys.length === 3 && metricValueMembers.has(keys[2]!)) {
      const value = jsonGet(base, keys);
      return {
        kind: 'metric',
        sql: Prisma.sql`(CASE WHEN jsonb_typeof(${value}) = 'number' THEN (${value})::numeric END)`,
      };
    }
    return { kind: 'json', sql: jsonGet(base, keys) };
  }
  return undefined;
}

/** Maps document path to SQL; exported so other modules (projections) can validate paths. */
export function isKnownTaskPath(path: string): boolean {
  try {
    return resolvePath(path) !== undefined;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Request parsing helpers (legacy syntax)

/**
 * Legacy list syntax of spec §6.3: "-x" and "__$not", x exclude; null = also match empty; other
 * "__$..." swallowed; "" dropped. Throws ValidationError(field, 'expected list', 'INVALID_INPUT') for
 * non-arrays (null/undefined, and an empty string, => undefined). Undefined also when the list
 * yields no condition at all.
 */
export function listFilterFromTokens(field: string, value: unknown): ListFilter | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (!Array.isArray(value)) throw new ValidationError(field, 'expected list', 'INVALID_INPUT');
  const filter: ListFilter = { include: [], includeEmpty: false, exclude: [] };
  let negateNext = false;
  for (const item of value as unknown[]) {
    if (item === null || item === undefined) {
      filter.includeEmpty = true; // a pending "__$not" does not negate null
      negateNext = false;
      continue;
    }
    if (typeof item === 'object') {
      throw new ValidationError(field, 'expected list of strings', 'INVALID_INPUT');
    }
    const text = String(item);
    if (text.startsWith('-')) {
      if (text.length > 1) filter.exclude.push(text.slice(1));
      negateNext = false;
    } else if (text.startsWith('__$')) {
      negateNext = text === '__$not';
    } else {
      if (text !== '') (negateNext ? filter.exclude : filter.include).push(text);
      negateNext = false;
    }
  }
  const empty = filter.include.length === 0 && filter.exclude.length === 0 && !filter.includeEmpty;
  return empty ? undefined : filter;
}

const dateOps = ['>=', '<=', '>', '<'] as const;

/**
 * Spec §6.5: a string or string[] of `[op]datetime`; no operator means equality. Unparseable
 * strings (epoch numbers included) are ignored; naive times are UTC. A non-string item (or value)
 * => ValidationError INVALID_INPUT (the original answers 500 there).
 */
export function dateConstraintsFromTokens(field: string, value: unknown): DateConstraint[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  const constraints: DateConstraint[] = [];
  for (const item of items) {
    if (typeof item !== 'string') {
      throw new ValidationError(field, 'expected a date string', 'INVALID_INPUT');
    }
    const trimmed = item.trim();
    const op = dateOps.find((candidate) => trimmed.startsWith(candidate)) ?? '=';
    const at = parseLenientDate(op === '=' ? trimmed : trimmed.slice(op.length));
    if (at) constraints.push({ op, at });
  }
  return constraints;
}

const isoLike =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function parseLenientDate(input: string): Date | undefined {
  const text = input.trim();
  // Epoch numbers are not dates here (spec 6.5).
  if (text === '' || /^[-+]?\d+(\.\d+)?$/.test(text)) return undefined;
  const iso = isoLike.exec(text);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = iso;
    const ms = Number(frac.padEnd(3, '0').slice(0, 3));
    let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
    const check = new Date(time);
    if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
    if (zone && zone.toUpperCase() !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
    }
    return Number.isFinite(time) ? new Date(time) : undefined;
  }
  // Other common formats ("Aug 1 2020 10:00", RFC 2822): the JS parser reads naive values as local
  // time, so shift them back to UTC unless a zone was given.
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime()) || !/[a-z]/i.test(text)) return undefined;
  const zoned = /(Z|GMT|UTC|[+-]\d{2}:?\d{2})\s*$/i.test(text);
  return zoned ? parsed : new Date(parsed.getTime() - parsed.getTimezoneOffset() * 60_000);
}

// ---------------------------------------------------------------------------------------------
// Filters

const scopeSql = (actor: Actor) =>
  Prisma.sql`(${col('companyId')} = ${actor.companyId} OR ${col('companyId')} IS NULL)`;

const TRUE = Prisma.sql`TRUE`;
const FALSE = Prisma.sql`FALSE`;
const and = (parts: Prisma.Sql[]) =>
  parts.length === 0 ? TRUE : Prisma.sql`(${Prisma.join(parts, ' AND ')})`;
const or = (parts: Prisma.Sql[]) =>
  parts.length === 0 ? FALSE : Prisma.sql`(${Prisma.join(parts, ' OR ')})`;

const INLINE_LIST_LIMIT = 1000;

type ListColumn =
  | { kind: 'scalar'; field: TaskField }
  | { kind: 'enum'; field: TaskField; type: '"TaskStatus"' | '"TaskType"'; values: readonly string[] }
  | { kind: 'array'; field: TaskField };

/**
 * (value in include, if any) AND (value not in exclude); `includeEmpty` ORs "empty" (NULL, or `{}` for
 * arrays) into the include part, so `[null]` alone selects only empty documents and excluded values
 * never come back. Arrays use `&&` (GIN-indexable).
 */
function listCondition(target: ListColumn, filter: ListFilter): Prisma.Sql {
  const column = col(target.field);
  const empty =
    target.kind === 'array' ? Prisma.sql`cardinality(${column}) = 0` : Prisma.sql`${column} IS NULL`;
  // Enum columns: unknown values can never match (and must not reach a cast that would fail).
  const values = (list: string[]) =>
    [...new Set(list)].filter((value) => target.kind !== 'enum' || target.values.includes(value));
  const elementType = Prisma.raw(target.kind === 'enum' ? target.type : 'text');
  const matches = (list: string[]) => {
    // Usual lists bind one parameter per value, so the planner sees the values. Very long ones
    // travel as ONE JSON text parameter (no parameter-count limit); ARRAY(SELECT ...) is an
    // init-plan, so `= ANY` / `&&` stay index conditions. (Array-typed parameters are avoided: the
    // PGlite adapter mangles one-element arrays.)
    const elements = list.map((value) => Prisma.sql`CAST(${value} AS ${elementType})`);
    const json = JSON.stringify(list);
    const array =
      list.length <= INLINE_LIST_LIMIT
        ? Prisma.sql`ARRAY[${Prisma.join(elements)}]`
        : Prisma.sql`ARRAY(SELECT CAST(jsonb_array_elements_text(CAST(${json} AS jsonb)) AS ${elementType}))`;
    return target.kind === 'array'
      ? Prisma.sql`${column} && ${array}`
      : Prisma.sql`${column} = ANY(${array})`;
  };

  const parts: Prisma.Sql[] = [];
  if (filter.include.length > 0 || filter.includeEmpty) {
    const included = values(filter.include);
    const positive = included.length > 0 ? [matches(included)] : [];
    if (filter.includeEmpty) positive.push(empty);
    parts.push(or(positive));
  }
  const excluded = values(filter.exclude);
  if (excluded.length > 0) {
    parts.push(
      target.kind === 'array'
        ? Prisma.sql`NOT (${matches(excluded)})`
        : Prisma.sql`(${column} IS NULL OR NOT (${matches(excluded)}))`,
    );
  }
  return and(parts);
}

/**
 * Makes Postgres validate a pattern even when no row reaches the regex (e.g. an empty scope): the
 * planner folds this constant expression with the bound value. It is always true otherwise.
 */
export const patternGuard = (pattern: string) => Prisma.sql`('' ~ ${pattern} OR TRUE)`;

/** Validates a caller's pattern up front; Postgres re-checks (see isInvalidRegexError). */
export function checkPattern(field: string, pattern: string) {
  // Embedded options such as "(?i)" are valid in PCRE and Postgres AREs but not in JS.
  const body = pattern.replace(/^\(\?[a-z]+\)/i, '');
  try {
    new RegExp(body);
  } catch {
    throw new ValidationError(field, 'malformed regular expression', 'INVALID_REGEX', { pattern });
  }
}

/** `value ~ pattern` (or `~*`) for a document path; non-string fields never match. */
function pathMatches(path: string, pattern: string, insensitive: boolean): Prisma.Sql {
  const resolved = resolvePath(path);
  if (!resolved) throw new ValidationError(path, 'unknown field', 'UNKNOWN_FIELD');
  const op = Prisma.raw(insensitive ? '~*' : '~');
  switch (resolved.kind) {
    case 'text':
    case 'paramValue':
      return Prisma.sql`(${resolved.sql} ${op} ${pattern})`;
    case 'array':
      return Prisma.sql`EXISTS (
        SELECT 1 FROM unnest(${resolved.sql}) AS element WHERE element ${op} ${pattern})`;
    case 'json':
      return Prisma.sql`(jsonb_typeof(${resolved.sql}) = 'string'
        AND (${resolved.sql} #>> '{}') ${op} ${pattern})`;
    case 'artifact': {
      const member = Prisma.raw(`"artifact"."${artifactTextMembers[resolved.member]}"`);
      return Prisma.sql`EXISTS (SELECT 1 FROM "task_artifact" AS "artifact"
        WHERE "artifact"."task" = "task"."id" AND (${member})::text ${op} ${pattern})`;
    }
    default:
      return FALSE; // dates, numbers, whole objects: a regex never matches a non-string
  }
}

// search_text (spec 6.7): the text-index columns and their weights (see search-text.ts).
const searchColumns: readonly SearchColumn[] = ([
  ['name', 10],
  ['id', 10],
  ['comment', 10],
  ['inputModelId', 2],
  ['outputModelId', 2],
  ['scriptRepository', 1],
  ['scriptEntryPoint', 1],
] as const).map(([field, weight]) => [col(field), weight] as const);

function whereSql(actor: Actor, filter: TaskFilter = {}): Prisma.Sql {
  const parts = [scopeSql(actor)];
  const lists: [ListFilter | undefined, ListColumn][] = [
    [filter.ids, { kind: 'scalar', field: 'id' }],
    [filter.users, { kind: 'scalar', field: 'userId' }],
    [filter.projects, { kind: 'scalar', field: 'projectId' }],
    [filter.tags, { kind: 'array', field: 'tags' }],
    [filter.systemTags, { kind: 'array', field: 'systemTags' }],
    [filter.types, { kind: 'enum', field: 'type', type: '"TaskType"', values: taskTypes }],
    [filter.statuses, { kind: 'enum', field: 'status', type: '"TaskStatus"', values: taskStatuses }],
  ];
  for (const [list, target] of lists) if (list) parts.push(listCondition(target, list));

  for (const field of ['name', 'comment'] as const) {
    const pattern = filter[field];
    if (!pattern) continue;
    checkPattern(field, pattern);
    parts.push(patternGuard(pattern), Prisma.sql`${col(field)} ~ ${pattern}`);
  }

  if (filter.parent !== undefined && filter.parent !== null) {
    const deletedPrefix = '__DELETED__';
    const detached = filter.parent.slice(deletedPrefix.length);
    // Written so the parent/detached lookups stay plain column equalities.
    parts.push(
      filter.parent.startsWith(deletedPrefix)
        ? Prisma.sql`(${col('parentId')} IS NULL AND ${col('detachedParentId')} = ${detached})`
        : Prisma.sql`${col('parentId')} = ${filter.parent}`,
    );
  }

  // Several constraints are AND-ed; for a repeated operator the later one wins.
  const byOp = new Map<DateConstraint['op'], Date>();
  for (const { op, at } of filter.statusChanged ?? []) byOp.set(op, at);
  for (const [op, at] of byOp) {
    const bound = Prisma.sql`CAST(${at.toISOString()} AS timestamptz)`;
    parts.push(Prisma.sql`${col('statusChanged')} ${Prisma.raw(op)} ${bound}`);
  }

  for (const [key, combine] of [['anyOf', or], ['allOf', and]] as const) {
    const spec = filter[key];
    if (!spec || spec.fields.length === 0) continue;
    checkPattern(key, spec.pattern);
    const matches = spec.fields.map((path) => pathMatches(path, spec.pattern, true));
    parts.push(patternGuard(spec.pattern), combine(matches));
  }

  const search = searchTermsOf(filter.searchText);
  if (search) parts.push(searchCondition(search, searchColumns));
  return and(parts);
}

/** Fields holding a caller regex, in the order an invalid-regex failure is blamed on. */
function patternFields(filter: TaskFilter = {}): string[] {
  const fields: string[] = [];
  if (filter.name) fields.push('name');
  if (filter.comment) fields.push('comment');
  if (filter.anyOf?.fields.length) fields.push('anyOf');
  if (filter.allOf?.fields.length) fields.push('allOf');
  return fields;
}

/** Postgres SQLSTATE 2201B (invalid_regular_expression), however the driver adapter wrapped it. */
export function isInvalidRegexError(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (!value || typeof value !== 'object' || seen.has(value) || depth > 6) return false;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (record.code === '2201B' || record.originalCode === '2201B') return true;
    const message = typeof record.message === 'string' ? record.message : '';
    if (/2201B|invalid regular expression/i.test(message)) return true;
    return ['cause', 'meta', 'driverAdapterError'].some((key) => visit(record[key], depth + 1));
  };
  return visit(error, 0);
}

async function runQuery<T>(filter: TaskFilter | undefined, query: Prisma.Sql, read: (query: Prisma.Sql) => Promise<T[]> = readSql<T>): Promise<T[]> {
  try {
    return await read(query);
  } catch (error) {
    if (isInvalidRegexError(error)) {
      const field = patternFields(filter)[0] ?? 'name';
      throw new ValidationError(field, 'malformed regular expression', 'INVALID_REGEX');
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Ordering

type KeyType = 'bool' | 'text' | 'numeric' | 'timestamp' | 'jsonb';

/** One ORDER BY term; every term is NOT NULL so keyset comparisons need no NULL logic. */
interface SortKey {
  sql: Prisma.Sql;
  type: KeyType;
  descending: boolean;
}

// Values that look like numbers (optionally signed, decimal or exponent notation).
const NUMERIC_TEXT = '^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d{1,3})?\\s*$';

const emptyFlag = (condition: Prisma.Sql): SortKey => ({
  sql: Prisma.sql`(${condition})`,
  type: 'bool',
  descending: false,
});
const textKey = (sql: Prisma.Sql, descending: boolean): SortKey => ({
  sql: Prisma.sql`(COALESCE(${sql}, '') COLLATE "C")`,
  type: 'text',
  descending,
});

/**
 * Sort keys of one order item. Empty values (NULL, '' for strings, {} for arrays, absent/empty JSON)
 * always come last, in both directions: the leading empty flag is always ascending.
 */
function sortKeysFor(item: OrderItem, search: SearchTerms | undefined): SortKey[] {
  const { path, descending } = item;
  if (path === '@text_score') {
    if (!search) {
      throw new ValidationError('order_by', '@text_score requires search text', 'INVALID_FIELD_VALUE');
    }
    // Always most relevant first.
    return [{ sql: searchScore(search, searchColumns), type: 'numeric', descending: true }];
  }
  const resolved = resolvePath(path);
  if (!resolved) throw new ValidationError(path, 'unknown field', 'UNKNOWN_FIELD');
  switch (resolved.kind) {
    case 'text': {
      const keys = [textKey(resolved.sql, descending)];
      if (resolved.emptyCheck === 'nullOrBlank') {
        keys.unshift(emptyFlag(Prisma.sql`COALESCE(${resolved.sql}, '') = ''`));
      }
      if (resolved.emptyCheck === 'blank') keys.unshift(emptyFlag(Prisma.sql`${resolved.sql} = ''`));
      return keys;
    }
    case 'timestamp':
    case 'int': {
      const sentinel = resolved.kind === 'timestamp' ? Prisma.sql`'epoch'::timestamptz` : Prisma.sql`0`;
      const value: SortKey = {
        sql: resolved.nullable ? Prisma.sql`COALESCE(${resolved.sql}, ${sentinel})` : resolved.sql,
        type: resolved.kind === 'timestamp' ? 'timestamp' : 'numeric',
        descending,
      };
      return resolved.nullable ? [emptyFlag(Prisma.sql`${resolved.sql} IS NULL`), value] : [value];
    }
    case 'array': {
      // MongoDB orders arrays by their smallest element ascending, by their largest descending.
      const aggregate = Prisma.raw(descending ? 'max' : 'min');
      const element = Prisma.sql`(
        SELECT ${aggregate}(element COLLATE "C") FROM unnest(${resolved.sql}) AS element)`;
      return [emptyFlag(Prisma.sql`cardinality(${resolved.sql}) = 0`), textKey(element, descending)];
    }
    case 'json': {
      const value = Prisma.sql`COALESCE(${resolved.sql}, 'null'::jsonb)`;
      return [
        emptyFlag(Prisma.sql`${value} IN ('null'::jsonb, '{}'::jsonb, '[]'::jsonb, '""'::jsonb)`),
        { sql: value, type: 'jsonb', descending },
      ];
    }
    case 'metric':
      return [
        emptyFlag(Prisma.sql`${resolved.sql} IS NULL`),
        { sql: Prisma.sql`COALESCE(${resolved.sql}, 0)`, type: 'numeric', descending },
      ];
    case 'paramValue': {
      // Numeric-aware in BOTH directions (the original only applies its numeric collation ascending,
      // a quirk the spec lets us drop): numeric-looking values order by number and come before other
      // strings, which order by text; descending is the exact mirror (text values first, then numbers
      // from largest), like every other field. Empty/missing values stay last either way.
      const value = resolved.sql;
      const isNumber = Prisma.sql`(COALESCE(${value}, '') ~ ${NUMERIC_TEXT})`;
      return [
        emptyFlag(Prisma.sql`COALESCE(${value}, '') = ''`),
        { sql: Prisma.sql`(NOT ${isNumber})`, type: 'bool', descending },
        {
          sql: Prisma.sql`(CASE WHEN ${isNumber} THEN CAST(${value} AS numeric) ELSE 0 END)`,
          type: 'numeric',
          descending,
        },
        textKey(value, descending),
      ];
    }
    case 'artifact':
    case 'object':
      throw new ValidationError(path, 'cannot order by this field', 'INVALID_FIELD_VALUE');
  }
}

interface Ordering {
  keys: SortKey[];
  /** Identifies the ordering, so a cursor is only accepted by the ordering that produced it. */
  fingerprint: string;
}

/**
 * Without orderBy: (created, id) ascending, for determinism (the original uses storage order).
 * `id` is always appended as the final tiebreaker (in the direction of the last item), so the order
 * is total and keyset paging is exact.
 */
function orderingFor(orderBy: OrderItem[] | undefined, search: SearchTerms | undefined): Ordering {
  const items = orderBy && orderBy.length > 0 ? orderBy : [{ path: 'created', descending: false }];
  const keys = items.flatMap((item) => sortKeysFor(item, search));
  const hasId = items.some((item) => item.path === 'id');
  const last = items[items.length - 1]!;
  const tieDescending = last.path === '@text_score' ? false : last.descending;
  if (!hasId) keys.push(textKey(col('id'), tieDescending));
  const spec = JSON.stringify({
    items: items.map((item) => [item.path, item.descending]),
    search: items.some((item) => item.path === '@text_score') ? search : undefined,
  });
  let fingerprint: string | undefined;
  return {
    keys,
    // hashed on first use: only cursors need it
    get fingerprint() {
      return (fingerprint ??= createHash('sha256').update(spec).digest('base64url').slice(0, 12));
    },
  };
}

/** Renders a sort key as text for the cursor (timestamps in UTC ISO with microseconds). */
function keyAsText(key: SortKey): Prisma.Sql {
  switch (key.type) {
    case 'timestamp':
      return Prisma.sql`to_char(${key.sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    case 'text':
      return key.sql;
    default:
      return Prisma.sql`(${key.sql})::text`;
  }
}

const keyTypeNames: Record<KeyType, string> = {
  bool: 'boolean',
  text: 'text',
  numeric: 'numeric',
  timestamp: 'timestamptz',
  jsonb: 'jsonb',
};

const keyValuePatterns: Record<KeyType, (value: string) => boolean> = {
  bool: (value) => value === 'true' || value === 'false',
  text: () => true,
  numeric: (value) => /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value),
  timestamp: (value) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(value) && !Number.isNaN(Date.parse(value)),
  jsonb: (value) => {
    try {
      JSON.parse(value);
      return true;
    } catch {
      return false;
    }
  },
};

function encodeCursor(fingerprint: string, values: string[]): string {
  return Buffer.from(JSON.stringify([fingerprint, ...values])).toString('base64url');
}

function decodeCursor(field: 'after' | 'before', cursor: string, ordering: Ordering): string[] {
  const invalid = () => new ValidationError(field, 'invalid cursor', 'INVALID_INPUT');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded[0] !== ordering.fingerprint) throw invalid();
  const values = decoded.slice(1) as unknown[];
  if (values.length !== ordering.keys.length) throw invalid();
  return values.map((value, i) => {
    if (typeof value !== 'string' || !keyValuePatterns[ordering.keys[i]!.type](value)) throw invalid();
    return value;
  });
}

/**
 * Rows strictly after (`forward`) or before the cursor in the ordering: the lexicographic expansion
 * k1 > c1 OR (k1 = c1 AND k2 > c2) OR ..., with `<` for descending keys (and flipped for before).
 */
function keysetCondition(ordering: Ordering, values: string[], forward: boolean): Prisma.Sql {
  const bound = (i: number) =>
    Prisma.sql`CAST(${values[i]} AS ${Prisma.raw(keyTypeNames[ordering.keys[i]!.type])})`;
  const branches = ordering.keys.map((key, i) => {
    const equalities = ordering.keys
      .slice(0, i)
      .map((previous, j) => Prisma.sql`${previous.sql} = ${bound(j)}`);
    const greater = key.descending !== forward;
    return and([...equalities, Prisma.sql`${key.sql} ${Prisma.raw(greater ? '>' : '<')} ${bound(i)}`]);
  });
  return or(branches);
}

// ---------------------------------------------------------------------------------------------
// Queries

function selectedFields(select: Prisma.TaskSelect | undefined): TaskField[] {
  if (!select) return taskFields;
  const chosen = taskFields.filter((field) => select[field] === true);
  return chosen.includes('id') ? chosen : ['id', ...chosen];
}

function assertCount(field: string, value: number | undefined, min: number) {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min) {
    throw new ValidationError(field, `${field} must be an integer >=${min}`, 'INVALID_INPUT');
  }
}

interface PagePlan {
  conditions: Prisma.Sql[];
  reverse: boolean;
  limit?: number;
  offset?: number;
  /** How many rows the caller asked for (limit - 1 when we over-fetch one). */
  wanted?: number;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
}

function planPage(paging: Paging, ordering: Ordering): PagePlan {
  switch (paging.kind) {
    case 'all':
      return { conditions: [], reverse: false, hasPreviousPage: false, hasNextPage: false };
    case 'offset': {
      if (!Number.isInteger(paging.page) || paging.page < 0) {
        throw new ValidationError('page', 'page must be >=0', 'INVALID_INPUT');
      }
      if (!Number.isInteger(paging.pageSize) || paging.pageSize < 1) {
        throw new ValidationError('page_size', 'page_size must be >0', 'INVALID_INPUT');
      }
      return {
        conditions: [],
        reverse: false,
        limit: paging.pageSize + 1,
        offset: paging.page * paging.pageSize,
        wanted: paging.pageSize,
        hasPreviousPage: paging.page > 0,
        hasNextPage: false,
      };
    }
    case 'keyset': {
      assertCount('first', paging.first, 0);
      assertCount('last', paging.last, 0);
      if (paging.first !== undefined && paging.last !== undefined) {
        throw new ValidationError('last', 'first and last cannot be combined', 'CONFLICTING_FIELDS');
      }
      const conditions: Prisma.Sql[] = [];
      if (paging.after !== undefined) {
        const values = decodeCursor('after', paging.after, ordering);
        conditions.push(keysetCondition(ordering, values, true));
      }
      if (paging.before !== undefined) {
        const values = decodeCursor('before', paging.before, ordering);
        conditions.push(keysetCondition(ordering, values, false));
      }
      // Relay: fetch one extra row to learn whether more exist in the paging direction; the other
      // direction is only known from the presence of a cursor there.
      if (paging.last !== undefined) {
        return {
          conditions,
          reverse: true,
          limit: paging.last + 1,
          wanted: paging.last,
          hasPreviousPage: false,
          hasNextPage: paging.before !== undefined,
        };
      }
      const first = paging.first ?? DEFAULT_PAGE_SIZE;
      return {
        conditions,
        reverse: false,
        limit: first + 1,
        wanted: first,
        hasPreviousPage: paging.after !== undefined,
        hasNextPage: false,
      };
    }
  }
}

/**
 * Lists the tasks the caller can read (own company + public) matching `filter`, in `orderBy` order,
 * one page at a time; one SQL statement per call. Rows carry the Prisma names of the selected
 * scalar fields (always `id`). Throws ValidationError for unknown/malformed paths (UNKNOWN_FIELD,
 * INVALID_INPUT), bad regexes (INVALID_REGEX), `@text_score` without search text
 * (INVALID_FIELD_VALUE), bad paging values or cursors (INVALID_INPUT).
 */
export async function listTasks(
  actor: Actor,
  query: TaskListQuery,
): Promise<TaskPage<Record<string, unknown>>> {
  const search = searchTermsOf(query.filter?.searchText);
  const ordering = orderingFor(query.orderBy, search);
  const where = whereSql(actor, query.filter);
  const plan = planPage(query.paging ?? { kind: 'all' }, ordering);
  const fields = selectedFields(query.select);
  // Whole to-one relations are joined; anything deeper is loaded by includeRelations().
  // They come back as "<relation>.<field>" columns, gathered into objects below.
  const joins = Object.keys(query.include ?? {}).flatMap((name) => {
    const fieldsOfRelation = name in joinable ? joinedFields(name, query.include) : undefined;
    if (!fieldsOfRelation) return [];
    return [{ name, fields: fieldsOfRelation, keys: fieldsOfRelation.map((field) => `${name}.${field}`) }];
  });
  const artifactsInline = inlineArtifacts(query.include);
  const otherIncludes = Object.fromEntries(
    Object.entries(query.include ?? {}).filter(
      ([name]) => !joins.some((join) => join.name === name) && !(name === 'artifacts' && artifactsInline),
    ),
  ) as Prisma.TaskInclude;

  const keyColumns = query.cursors ? ordering.keys.map((_, i) => `__k${i}`) : [];
  const layout = layoutKey(fields, keyColumns.length, joins, artifactsInline);
  // SELECT ... FROM ... JOIN: the same text for every call of a layout without sort keys (those
  // may carry parameters), so it is built once per layout.
  let head = keyColumns.length === 0 ? selectHeads.get(layout) : undefined;
  if (!head) {
    const outputs = [
      ...fields.map((field) => Prisma.sql`${col(field)} AS ${Prisma.raw(`"${field}"`)}`),
      ...keyColumns.map((column, i) => Prisma.sql`${keyAsText(ordering.keys[i]!)} AS ${Prisma.raw(`"${column}"`)}`),
      ...joins.flatMap((join) =>
        join.fields.map((field, i) => Prisma.raw(`"r_${join.name}"."${joinable[join.name]!.columns[field]}" AS "${join.keys[i]}"`)),
      ),
    ];
    if (artifactsInline) outputs.push(Prisma.sql`${ARTIFACTS_JSON} AS "artifacts"`);
    const joinSql = joins.map(({ name }) => {
      const { table, key } = joinable[name]!;
      return Prisma.raw(`LEFT JOIN "${table}" AS "r_${name}" ON "r_${name}"."id" = "task"."${columns[key]}"`);
    });
    head = Prisma.sql`SELECT ${Prisma.join(outputs)} FROM "task" ${joinSql.length ? Prisma.join(joinSql, ' ') : Prisma.empty}`;
    if (keyColumns.length === 0 && selectHeads.size < MAX_LAYOUTS) selectHeads.set(layout, head);
  }
  const orderTerms = ordering.keys.map(
    (key) => Prisma.sql`${key.sql} ${Prisma.raw(key.descending !== plan.reverse ? 'DESC' : 'ASC')}`,
  );
  const sql = Prisma.sql`${head}
    WHERE ${and([where, ...plan.conditions])}
    ORDER BY ${Prisma.join(orderTerms)}
    ${plan.limit !== undefined ? Prisma.sql`LIMIT ${plan.limit}` : Prisma.empty}
    ${plan.offset ? Prisma.sql`OFFSET ${plan.offset}` : Prisma.empty}`;

  let raw = await runQuery(query.filter, sql, readArrays);
  let { hasNextPage, hasPreviousPage } = plan;
  if (plan.wanted !== undefined && raw.length > plan.wanted) {
    raw = raw.slice(0, plan.wanted);
    if (plan.reverse) hasPreviousPage = true;
    else hasNextPage = true;
  }
  if (plan.reverse) raw.reverse();

  const toRow = rowMapper(layout, fields, keyColumns.length, joins, artifactsInline);
  const rows: Record<string, unknown>[] = new Array(raw.length);
  for (let r = 0; r < raw.length; r++) rows[r] = toRow(raw[r]!);
  await includeRelations(rows, otherIncludes);
  let cursors: string[] | undefined;
  return {
    rows,
    // Encoded on first use, from the sort keys the statement returned.
    get cursors() {
      if (!query.cursors) throw new Error('listTasks: cursors were not requested (query.cursors)');
      return (cursors ??= raw.map((values) => encodeCursor(ordering.fingerprint, keyColumns.map((_, i) => String(values[fields.length + i])))));
    },
    hasNextPage,
    hasPreviousPage,
  };
}

type RowMapper = (values: unknown[]) => Record<string, unknown>;

/**
 * Column layouts (selected fields, sort-key count, joined relations' fields, inline artifacts)
 * follow from selections, so there are few; what is kept per layout is bounded anyway.
 */
const MAX_LAYOUTS = 500;
const rowMappers = new Map<string, RowMapper>();
const selectHeads = new Map<string, Prisma.Sql>();

/** The key of a column layout (names never contain these separators; all columns by identity). */
function layoutKey(fields: string[], keyCount: number, joins: { name: string; fields: string[] }[], artifacts: boolean): string {
  const joined = joins.map((join) => `${join.name}:${join.fields.join(',')}`).join(';');
  return `${fields === taskFields ? '*' : fields.join(',')}|${keyCount}|${joined}|${artifacts}`;
}

/**
 * The function turning a listing row (column values in the order listTasks selects them: fields,
 * sort keys, joined relations' fields, inline artifacts) into a task row: the fields by name, each
 * joined relation as an object (null when its row is missing), no sort keys. It is generated once
 * per layout as a single object literal, so every row is allocated at its final shape in one step
 * instead of being built key by key from an intermediate object.
 */
function rowMapper(layout: string, fields: string[], keyCount: number, joins: { name: string; fields: string[] }[], artifacts: boolean): RowMapper {
  let mapper = rowMappers.get(layout);
  if (mapper) return mapper;
  const entries = fields.map((field, i) => `${JSON.stringify(field)}: v[${i}]`);
  const joined: string[] = [];
  let at = fields.length + keyCount;
  for (const join of joins) {
    const id = at + join.fields.indexOf('id');
    const related = join.fields.map((field, i) => `${JSON.stringify(field)}: v[${at + i}]`);
    joined.push(`${JSON.stringify(join.name)}: v[${id}] === null ? null : { ${related.join(', ')} }`);
    at += join.fields.length;
  }
  if (artifacts) entries.push(`"artifacts": v[${at}]`);
  entries.push(...joined);
  // generated from our own column names (each quoted by JSON.stringify), never from request input
  mapper = new Function('v', `return { ${entries.join(', ')} };`) as RowMapper;
  if (rowMappers.size < MAX_LAYOUTS) rowMappers.set(layout, mapper);
  return mapper;
}

// A task's artifacts in list order, as one jsonb array (Prisma field names), so a page carries
// them without another statement. Sizes and timestamps arrive as JSON numbers.
const ARTIFACTS_JSON = Prisma.raw(`(SELECT coalesce(jsonb_agg(jsonb_build_object(
    'taskId', a."task", 'key', a."key", 'mode', a."mode", 'type', a."type", 'uri', a."uri",
    'hash', a."hash", 'contentSize', a."content_size", 'timestamp', a."timestamp",
    'typeData', a."type_data", 'displayData', a."display_data", 'position', a."position")
    ORDER BY a."position"), '[]'::jsonb) FROM "task_artifact" AS a WHERE a."task" = "task"."id")`);

/** Whether the artifacts include can be answered inline: all of them, in position order. */
function inlineArtifacts(include: Prisma.TaskInclude | undefined): boolean {
  const value = (include as Record<string, unknown> | undefined)?.artifacts;
  if (value === true) return true;
  if (!value || typeof value !== 'object') return false;
  const { orderBy, ...rest } = value as { orderBy?: unknown };
  const inOrder = orderBy === undefined || JSON.stringify(orderBy) === JSON.stringify({ position: 'asc' });
  return inOrder && Object.keys(rest).length === 0;
}

/**
 * The fields of a to-one relation to join: all of them for `true`, the selected ones for a select
 * of scalars only; undefined when the include asks for more (nested relations).
 */
function joinedFields(name: string, include: Prisma.TaskInclude | undefined): string[] | undefined {
  const value = (include as Record<string, unknown> | undefined)?.[name];
  const known = joinable[name]!.columns;
  if (value === true) return Object.keys(known);
  const select = (value as { select?: Record<string, unknown> } | undefined)?.select;
  if (!select || Object.keys(value as object).length !== 1) return undefined;
  const fields = Object.keys(select);
  if (fields.some((f) => select[f] !== true || !(f in known))) return undefined;
  return fields.includes('id') ? fields : ['id', ...fields];
}

/** Loads the requested relations of a page of rows with one query and attaches them to the rows. */
async function includeRelations(rows: Record<string, unknown>[], include: Prisma.TaskInclude | undefined) {
  const relations = Object.entries(include ?? {}).filter(([, value]) => value);
  if (rows.length === 0 || relations.length === 0) return;
  const loaded = await db.task.findMany({
    where: { id: { in: rows.map((row) => row.id as string) } },
    select: { id: true, ...Object.fromEntries(relations) } as Prisma.TaskSelect,
  });
  const byId = new Map(loaded.map((row) => [row.id, row as Record<string, unknown>]));
  for (const row of rows) {
    const related = byId.get(row.id as string);
    for (const [name] of relations) row[name] = related?.[name] ?? null;
  }
}

/**
 * One task the caller can read (own or public), with the given columns and relations, in the same
 * single statement as a listing; null when there is none.
 */
export async function findTask(
  actor: Actor,
  id: string,
  query: Pick<TaskListQuery, 'select' | 'include'> = {},
): Promise<Record<string, unknown> | null> {
  checkId('id', id);
  const page = await listTasks(actor, {
    ...query,
    filter: { ids: { include: [id], exclude: [], includeEmpty: false } },
    paging: { kind: 'all' },
  });
  return page.rows[0] ?? null;
}

/** Counts the tasks `listTasks` would return for `filter` across all pages (one statement). */
export async function countTasks(actor: Actor, filter?: TaskFilter): Promise<number> {
  const rows = await runQuery<{ count: bigint | number }>(
    filter,
    Prisma.sql`SELECT count(*) AS count FROM "task" WHERE ${whereSql(actor, filter)}`,
  );
  return Number(rows[0]?.count ?? 0);
}

/** Distinct task types over own + public tasks, restricted to `projectIds` when non-empty. */
export async function listTaskTypes(actor: Actor, projectIds?: string[]): Promise<TaskType[]> {
  const conditions = [scopeSql(actor)];
  if (projectIds && projectIds.length > 0) {
    conditions.push(Prisma.sql`${col('projectId')} IN (${Prisma.join([...new Set(projectIds)])})`);
  }
  const rows = await readSql<{ type: TaskType }>(
    Prisma.sql`SELECT DISTINCT ${col('type')} AS "type" FROM "task"
      WHERE ${and(conditions)} ORDER BY 1`,
  );
  return rows.map((row) => row.type);
}

/**
 * The users a page of task documents refers to (legacy get_all_ex `user.<member>` joins), by id.
 * Like the original, users are looked up by id alone: a public task shows its creator's record.
 */
export async function findTaskUsers(_actor: Actor, ids: readonly string[]) {
  const unique = [...new Set(ids)].filter(Boolean);
  if (unique.length === 0) return [];
  return db.user.findMany({ where: { id: { in: unique } } });
}

/** The companies a page of task documents refers to (get_all_ex `company.<member>` joins), by id. */
export async function findTaskCompanies(_actor: Actor, ids: readonly string[]) {
  const unique = [...new Set(ids)].filter(Boolean);
  if (unique.length === 0) return [];
  return db.company.findMany({ where: { id: { in: unique } } });
}
