// A task's hyper-parameters and configuration items (legacy neighbours spec A.2, A.7). Reads check
// tenant visibility; every write is one conditional UPDATE with jsonb operators, so concurrent
// writers of different keys never lose each other's changes. Talks to Prisma; no transport types.
import { db, Prisma } from '../../db.ts';
import type { Actor } from '../context.ts';
import {
  DomainError,
  InvalidStatusTransitionError,
  TaskNotFoundError,
  ValidationError,
} from '../errors.ts';
import { getWritableTask, readableTasks } from './access.ts';

// Type aliases rather than interfaces: they stay assignable to Prisma's JSON input types.
export type HyperParamItem = {
  section: string;
  name: string;
  value: string;
  type?: string;
  description?: string;
};

/** Stored shape of `task.hyperparams`: section → name → item (real, unescaped keys). */
export type HyperParams = Record<string, Record<string, HyperParamItem>>;

export type ConfigurationItem = {
  name: string;
  value: string;
  type?: string;
  description?: string;
};

/** Stored shape of `task.configuration`: name → item (real, unescaped keys). */
export type Configuration = Record<string, ConfigurationItem>;

export type ReplaceHyperParams = 'none' | 'section' | 'all';

export interface EditHyperParamsInput {
  taskId: string;
  items: HyperParamItem[];
  /** none: set the given names; section: replace each given section; all: replace the whole map. */
  replace?: ReplaceHyperParams;
}

export interface HyperParamKey {
  section: string;
  /** Missing, null or "" deletes the whole section. */
  name?: string | null;
}

export interface DeleteHyperParamsInput {
  taskId: string;
  items: HyperParamKey[];
}

export interface EditConfigurationInput {
  taskId: string;
  items: ConfigurationItem[];
  /** true replaces the whole map; false sets the given names and keeps the rest. */
  replace?: boolean;
}

export interface DeleteConfigurationInput {
  taskId: string;
  names: string[];
}

const PROPERTIES = 'properties';
const replaceModes: readonly ReplaceHyperParams[] = ['none', 'section', 'all'];

// ---------------------------------------------------------------------------------------------
// Reads

/**
 * Hyper-parameters of each task, items of all sections flattened and sorted by (section, name) in
 * code-point order, exactly as stored. Every id must be an own or public task, else
 * TaskNotFoundError listing the missing ids. Duplicate ids are collapsed; results keep request
 * order.
 */
export async function getHyperParams(
  actor: Actor,
  taskIds: readonly string[],
): Promise<{ taskId: string; items: HyperParamItem[] }[]> {
  const tasks = await readTasks(actor, taskIds, 'hyperparams');
  return tasks.map((task) => ({
    taskId: task.id,
    items: objectValues(task.value)
      .flatMap((section) => objectValues(section))
      .map((item) => item as unknown as HyperParamItem)
      .sort((a, b) => compareCodePoints(a.section, b.section) || compareCodePoints(a.name, b.name)),
  }));
}

/**
 * Configuration items of each task sorted by name (code-point order). With `names` (non-empty),
 * only those names are returned; unknown names are skipped. Existence rule as getHyperParams.
 */
export async function getConfigurations(
  actor: Actor,
  taskIds: readonly string[],
  names?: readonly string[] | null,
): Promise<{ taskId: string; items: ConfigurationItem[] }[]> {
  const wanted = names && names.length > 0 ? new Set(names.map((n) => n.trim())) : undefined;
  const tasks = await readTasks(actor, taskIds, 'configuration');
  return tasks.map((task) => ({
    taskId: task.id,
    items: Object.entries(asObject(task.value))
      .filter(([key, item]) => isObject(item) && (!wanted || wanted.has(key)))
      .map(([, item]) => item as unknown as ConfigurationItem)
      .sort((a, b) => compareCodePoints(a.name, b.name)),
  }));
}

/**
 * Configuration names (sorted) of each readable task. No existence check: unknown, foreign and
 * configuration-less tasks are simply absent from the result.
 */
export async function getConfigurationNames(
  actor: Actor,
  taskIds: readonly string[],
): Promise<{ taskId: string; names: string[] }[]> {
  const unique = requireIds(taskIds);
  const tasks = await db.task.findMany({
    where: { id: { in: unique }, ...readableTasks(actor) },
    select: { id: true, configuration: true },
  });
  const byId = new Map(
    tasks.map((t) => [t.id, Object.keys(asObject(t.configuration)).sort(compareCodePoints)]),
  );
  return unique.flatMap((id) => {
    const names = byId.get(id);
    return names && names.length > 0 ? [{ taskId: id, names }] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Writes

/**
 * Sets hyper-parameters of an own task (last wins for repeated section/name) and bumps last_update.
 * Keys are the trimmed section and name; items are stored as given. A section equal to
 * "properties" case-insensitively is normalised to `properties`.
 * Status rule: the task must be `created` (else InvalidStatusTransitionError, code
 * INVALID_TASK_STATUS, with from = to = the current status), unless every item is in the properties
 * section. Throws ValidationError (INVALID_INPUT) for an empty list, empty
 * section/name, a non-string value or an unknown `replace`; TaskNotFoundError; PublicReadOnlyError.
 */
export async function editHyperParams(
  actor: Actor,
  input: EditHyperParamsInput,
): Promise<{ updated: number }> {
  const replace = input.replace ?? 'none';
  if (!replaceModes.includes(replace)) {
    throw new ValidationError(
      'replace',
      `must be one of ${replaceModes.join(', ')}`,
      'INVALID_INPUT',
    );
  }
  const items = requireList('hyperparams', input.items).map((item, i) =>
    checkHyperParamItem(item, i),
  );
  const propertiesOnly = items.every((item) => item.section === PROPERTIES);
  const patch: HyperParams = {};
  for (const item of items) {
    (patch[item.section.trim()] ??= {})[item.name.trim()] = item;
  }
  const json = JSON.stringify(patch);
  const current = asObjectSql('hyperparams');
  const value =
    replace === 'all'
      ? Prisma.sql`${json}::jsonb`
      : replace === 'section'
        ? Prisma.sql`${current} || ${json}::jsonb`
        : // Merge each given section into the stored one (a missing or malformed one starts empty).
          Prisma.sql`${current} || (
            SELECT jsonb_object_agg(p.key, CASE
              WHEN jsonb_typeof(${current} -> p.key) = 'object' THEN (${current} -> p.key) || p.value
              ELSE p.value END)
            FROM jsonb_each(${json}::jsonb) AS p)`;
  await updateTask(actor, input.taskId, Prisma.sql`"hyperparams" = ${value}`, !propertiesOnly);
  return { updated: 1 };
}

/**
 * Deletes hyper-parameters of an own task and bumps last_update. An item without a name deletes its
 * whole section; missing keys are ignored. Deleting the last parameter of a section leaves an empty
 * section (legacy quirk). Status rule and properties exception as editHyperParams.
 * Throws ValidationError: INVALID_INPUT (empty list, empty section, non-string name) and
 * CONFLICTING_FIELDS (a section deleted both whole and by name); TaskNotFoundError;
 * PublicReadOnlyError.
 */
export async function deleteHyperParams(
  actor: Actor,
  input: DeleteHyperParamsInput,
): Promise<{ deleted: number }> {
  const keys = requireList('hyperparams', input.items).map((item, i) => {
    if (!isObject(item)) {
      throw new ValidationError(`hyperparams[${i}]`, 'must be an object', 'INVALID_INPUT');
    }
    const section = normaliseSection(checkKey(`hyperparams[${i}].section`, item.section));
    if (item.name !== undefined && item.name !== null && typeof item.name !== 'string') {
      throw new ValidationError(`hyperparams[${i}].name`, 'must be a string', 'INVALID_INPUT');
    }
    return { section, name: item.name || undefined };
  });
  const propertiesOnly = keys.every((k) => k.section === PROPERTIES);
  const wholeSections = new Set(
    keys.filter((k) => k.name === undefined).map((k) => k.section.trim()),
  );
  // Each removal is parenthesised: `-` binds tighter than `#-`.
  let value = asObjectSql('hyperparams');
  for (const key of keys) {
    if (key.name === undefined) continue;
    if (wholeSections.has(key.section.trim())) {
      throw new ValidationError(
        'hyperparams',
        'Cannot delete section field if the whole section was scheduled for deletion',
        'CONFLICTING_FIELDS',
      );
    }
    value = Prisma.sql`(${value} #- ARRAY[${key.section.trim()}::text, ${key.name.trim()}::text])`;
  }
  for (const section of wholeSections) value = Prisma.sql`(${value} - ${section}::text)`;
  await updateTask(actor, input.taskId, Prisma.sql`"hyperparams" = ${value}`, !propertiesOnly);
  return { deleted: 1 };
}

/**
 * Sets configuration items of an own task (last wins for repeated names; key = trimmed name) and
 * bumps last_update; `replace` swaps the whole map. The task must be `created`
 * (InvalidStatusTransitionError; no properties exception).
 * Throws ValidationError (INVALID_INPUT) for an empty list, an empty name or a non-string value;
 * TaskNotFoundError; PublicReadOnlyError.
 */
export async function editConfiguration(
  actor: Actor,
  input: EditConfigurationInput,
): Promise<{ updated: number }> {
  const patch: Configuration = {};
  requireList('configuration', input.items).forEach((raw, i) => {
    const item = checkConfigurationItem(raw, i);
    patch[item.name.trim()] = item;
  });
  const json = JSON.stringify(patch);
  const value = input.replace
    ? Prisma.sql`${json}::jsonb`
    : Prisma.sql`${asObjectSql('configuration')} || ${json}::jsonb`;
  await updateTask(actor, input.taskId, Prisma.sql`"configuration" = ${value}`, true);
  return { updated: 1 };
}

/**
 * Removes configuration items by name from an own task (missing names ignored) and bumps
 * last_update. The task must be `created` (InvalidStatusTransitionError). Throws ValidationError
 * (INVALID_INPUT) for an empty list or a non-string name; TaskNotFoundError; PublicReadOnlyError.
 */
export async function deleteConfiguration(
  actor: Actor,
  input: DeleteConfigurationInput,
): Promise<{ deleted: number }> {
  const names = requireList('configuration', input.names).map((name, i) => {
    if (typeof name !== 'string') {
      throw new ValidationError(`configuration[${i}]`, 'must be a string', 'INVALID_INPUT');
    }
    return name.trim();
  });
  let value = asObjectSql('configuration');
  for (const name of new Set(names)) value = Prisma.sql`(${value} - ${name}::text)`;
  await updateTask(actor, input.taskId, Prisma.sql`"configuration" = ${value}`, true);
  return { deleted: 1 };
}

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * One atomic UPDATE of an own task: the jsonb expression is evaluated against the row's current
 * value under the row lock, so concurrent edits compose instead of overwriting each other. When
 * nothing matched, a read tells which error applies (missing, public or wrong status).
 */
async function updateTask(
  actor: Actor,
  taskId: string,
  assignment: Prisma.Sql,
  requireCreated: boolean,
) {
  const statusCondition = requireCreated ? Prisma.sql`AND "status" = 'created'` : Prisma.empty;
  // A retry only happens if the status went away from and back to `created` between the UPDATE and
  // the read that explains its failure.
  for (let attempt = 0; attempt < 3; attempt++) {
    const count = await db.$executeRaw`
      UPDATE "task" SET ${assignment}, "last_update" = now()
      WHERE "id" = ${taskId} AND "company" = ${actor.companyId} ${statusCondition}`;
    if (count > 0) return;
    // Throws TaskNotFoundError or PublicReadOnlyError when that is why nothing matched.
    const task = await getWritableTask(actor, taskId);
    if (requireCreated && task.status !== 'created') throw invalidStatus(taskId, task.status);
  }
  throw new DomainError(
    'CONCURRENT_UPDATE',
    `task ${taskId} was updated concurrently, please retry`,
    { taskId },
  );
}

// Same error class as editTask's status rule; there is no target status, so from = to = current.
const invalidStatus = (taskId: string, status: string) =>
  new InvalidStatusTransitionError(taskId, status, status, 'Invalid task status: expected=created');

/** Own-or-public tasks in request order (duplicates collapsed); TaskNotFoundError names the rest. */
async function readTasks(
  actor: Actor,
  taskIds: readonly string[],
  column: 'hyperparams' | 'configuration',
) {
  const unique = requireIds(taskIds);
  const tasks = await db.task.findMany({
    where: { id: { in: unique }, ...readableTasks(actor) },
    select: {
      id: true,
      hyperparams: column === 'hyperparams',
      configuration: column === 'configuration',
    },
  });
  const byId = new Map(tasks.map((t) => [t.id, t[column]]));
  const missing = unique.filter((id) => !byId.has(id));
  if (missing.length > 0) throw new TaskNotFoundError(missing);
  return unique.map((id) => ({ id, value: byId.get(id) }));
}

function requireIds(taskIds: readonly string[]): string[] {
  if (!Array.isArray(taskIds) || taskIds.length === 0) {
    throw new ValidationError('tasks', 'at least one task id is required', 'INVALID_INPUT');
  }
  if (taskIds.some((id) => typeof id !== 'string')) {
    throw new ValidationError('tasks', 'task ids must be strings', 'INVALID_INPUT');
  }
  return [...new Set(taskIds)];
}

function requireList<T>(field: string, list: readonly T[] | null | undefined): readonly T[] {
  if (!Array.isArray(list) || list.length === 0) {
    throw new ValidationError(field, 'at least one item', 'INVALID_INPUT');
  }
  return list;
}

function checkKey(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(field, 'must be a non-empty string', 'INVALID_INPUT');
  }
  return value;
}

function checkOptional(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new ValidationError(field, 'must be a string', 'INVALID_INPUT');
  }
  return value;
}

function checkValue(field: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new ValidationError(field, 'must be a string', 'INVALID_INPUT');
  }
  return value;
}

const normaliseSection = (section: string) =>
  section.trim().toLowerCase() === PROPERTIES ? PROPERTIES : section;

/** A validated copy with only the known members; unset optional members are omitted. */
function checkHyperParamItem(item: unknown, i: number): HyperParamItem {
  const field = `hyperparams[${i}]`;
  if (!isObject(item)) throw new ValidationError(field, 'must be an object', 'INVALID_INPUT');
  const result: HyperParamItem = {
    section: normaliseSection(checkKey(`${field}.section`, item.section)),
    name: checkKey(`${field}.name`, item.name),
    value: checkValue(`${field}.value`, item.value),
  };
  const type = checkOptional(`${field}.type`, item.type);
  const description = checkOptional(`${field}.description`, item.description);
  if (type !== undefined) result.type = type;
  if (description !== undefined) result.description = description;
  return result;
}

function checkConfigurationItem(item: unknown, i: number): ConfigurationItem {
  const field = `configuration[${i}]`;
  if (!isObject(item)) throw new ValidationError(field, 'must be an object', 'INVALID_INPUT');
  const result: ConfigurationItem = {
    name: checkKey(`${field}.name`, item.name),
    value: checkValue(`${field}.value`, item.value),
  };
  const type = checkOptional(`${field}.type`, item.type);
  const description = checkOptional(`${field}.description`, item.description);
  if (type !== undefined) result.type = type;
  if (description !== undefined) result.description = description;
  return result;
}

// The column's value as an object: maps written unchecked elsewhere must not break an edit.
const asObjectSql = (column: 'hyperparams' | 'configuration') =>
  Prisma.raw(
    `(CASE WHEN jsonb_typeof("task"."${column}") = 'object' THEN "task"."${column}" ELSE '{}'::jsonb END)`,
  );

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asObject = (value: unknown): Record<string, unknown> => (isObject(value) ? value : {});

const objectValues = (value: unknown) => Object.values(asObject(value)).filter(isObject);

/** Plain code-point order (UTF-8 byte order), not UTF-16 code units as `<` compares. */
function compareCodePoints(a: unknown, b: unknown): number {
  const x = String(a ?? '');
  const y = String(b ?? '');
  return x === y ? 0 : Buffer.compare(Buffer.from(x), Buffer.from(y));
}

// ---------------------------------------------------------------------------------------------
// Legacy flat parameters (neighbours spec A.4 step 1, A.5): callers of the pre-2.9 model send
// `execution.parameters` / `execution.model_desc`; they are stored as items of type "legacy".

/** The item type marking values converted from legacy `execution.parameters` / `model_desc`. */
export const LEGACY_ITEM_TYPE = 'legacy';
/** Section of legacy parameters named `TF_DEFINE/<name>`; every other legacy key goes to `Args`. */
const TF_DEFINE = 'TF_DEFINE';
const ARGS = 'Args';

/**
 * Legacy `execution.parameters` as hyper-parameter items: `TF_DEFINE/<name>` goes to section
 * TF_DEFINE, any other key (slashes kept) to section Args; values become strings as Python's
 * `str()` writes them. Throws ValidationError (INVALID_INPUT) for `TF_DEFINE/` without a name.
 */
export function hyperParamsFromLegacyParameters(parameters: Record<string, unknown>): HyperParams {
  const result: HyperParams = {};
  for (const [key, value] of Object.entries(parameters)) {
    const tfDefine = key.startsWith(`${TF_DEFINE}/`);
    const name = tfDefine ? key.slice(TF_DEFINE.length + 1) : key;
    if (!name.trim()) {
      const message = 'Parameter name cannot be empty';
      throw new ValidationError('execution.parameters', message, 'INVALID_INPUT');
    }
    const section = tfDefine ? TF_DEFINE : ARGS;
    const item = { section, name, type: LEGACY_ITEM_TYPE, value: pythonStr(value) };
    (result[section] ??= {})[name.trim()] = item;
  }
  return result;
}

/** Legacy `execution.model_desc` as configuration items (type "legacy", string values). */
export function configurationFromLegacyModelDesc(modelDesc: Record<string, unknown>): Configuration {
  const result: Configuration = {};
  for (const [name, value] of Object.entries(modelDesc)) {
    if (!name.trim()) {
      throw new ValidationError('execution.model_desc', 'names cannot be empty', 'INVALID_INPUT');
    }
    result[name.trim()] = { name, type: LEGACY_ITEM_TYPE, value: pythonStr(value) };
  }
  return result;
}

/** The map without its "legacy" items (sections left empty are dropped); `removed` tells if any went. */
export function withoutLegacyHyperParams(hyperparams: unknown): {
  hyperparams: HyperParams;
  removed: boolean;
} {
  const kept: HyperParams = {};
  let removed = false;
  for (const [section, items] of Object.entries(asObject(hyperparams))) {
    const remaining = Object.entries(asObject(items)).filter(([, item]) => {
      const legacy = isObject(item) && item.type === LEGACY_ITEM_TYPE;
      removed ||= legacy;
      return !legacy;
    });
    if (remaining.length > 0 || (isObject(items) && Object.keys(items).length === 0)) {
      kept[section] = Object.fromEntries(remaining) as HyperParams[string];
    }
  }
  return { hyperparams: kept, removed };
}

/** The configuration without its "legacy" items; `removed` tells if any went. */
export function withoutLegacyConfiguration(configuration: unknown): {
  configuration: Configuration;
  removed: boolean;
} {
  const entries = Object.entries(asObject(configuration));
  const kept = entries.filter(([, item]) => !(isObject(item) && item.type === LEGACY_ITEM_TYPE));
  return {
    configuration: Object.fromEntries(kept) as Configuration,
    removed: kept.length !== entries.length,
  };
}

/**
 * The legacy view of hyper-parameters (A.5): every "legacy" item as `{<name>: value}`, keyed
 * `TF_DEFINE/<name>` in section TF_DEFINE. Undefined when there is no legacy item.
 */
export function legacyParametersOf(hyperparams: unknown): Record<string, string> | undefined {
  const result: Record<string, string> = {};
  let found = false;
  for (const [section, items] of Object.entries(asObject(hyperparams))) {
    for (const [key, item] of Object.entries(asObject(items))) {
      if (!isObject(item) || item.type !== LEGACY_ITEM_TYPE) continue;
      const name = typeof item.name === 'string' ? item.name : key;
      result[section === TF_DEFINE ? `${TF_DEFINE}/${name}` : name] = String(item.value ?? '');
      found = true;
    }
  }
  return found ? result : undefined;
}

/** The legacy view of configuration (A.5): "legacy" items as `{<name>: value}`; undefined if none. */
export function legacyModelDescOf(configuration: unknown): Record<string, string> | undefined {
  const result: Record<string, string> = {};
  let found = false;
  for (const [key, item] of Object.entries(asObject(configuration))) {
    if (!isObject(item) || item.type !== LEGACY_ITEM_TYPE) continue;
    result[typeof item.name === 'string' ? item.name : key] = String(item.value ?? '');
    found = true;
  }
  return found ? result : undefined;
}

/**
 * A JSON value as Python's `str()` prints it (the original converts legacy values that way):
 * True/False/None, floats in shortest repr with Python's exponent rules, containers as literals.
 */
export function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return pythonStringLiteral(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const members = Object.entries(value).map(([k, v]) => `${pythonStringLiteral(k)}: ${pythonRepr(v)}`);
    return `{${members.join(', ')}}`;
  }
  return String(value);
}

// JSON cannot tell 1 from 1.0; integral values within the safe range print as Python ints.
function pythonNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isSafeInteger(n)) return String(n);
  const [mantissa = '', exp = '0'] = n.toExponential().split('e');
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = String(n);
  return fixed.includes('.') || fixed.includes('e') ? fixed : `${fixed}.0`;
}

function pythonStringLiteral(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = [...text]
    .map((c) => {
      if (c === '\\') return '\\\\';
      if (c === quote) return `\\${c}`;
      if (c === '\n') return '\\n';
      if (c === '\r') return '\\r';
      if (c === '\t') return '\\t';
      const code = c.codePointAt(0)!;
      return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : c;
    })
    .join('');
  return `${quote}${escaped}${quote}`;
}
