// Request schemas of the legacy RPC: the HOCON files in ./schema/ are read once, every request
// schema is compiled once (Ajv), and `validate` turns a request body into the object a handler
// receives, or a 400/12 ApiError naming the offending field.
//
// Request-model rules (tasks spec 1.8), applied by `validate` before Ajv runs:
//   * unknown top-level members are dropped (typed requests only: a request schema that declares
//     `properties`; free-form ones such as tasks.get_all pass through untouched);
//   * `null` for a member the schema describes counts as absent, and absent members get the
//     schema's `default` (Ajv useDefaults; the .conf files only default top-level members and
//     artifact `mode`, never members of objects that tasks.edit merges);
//   * `type: boolean` members are coerced by Python truthiness (Q15): false for false, 0, "", [] and
//     {}, true for anything else (so "false" is true);
//   * `type: integer` members take numbers truncated toward zero, integer strings ("42") and
//     booleans (1/0), like Python's int(); other values reach Ajv and fail as "must be integer";
//   * string members reject non-strings (plain JSON Schema).
// Nested objects keep undescribed members as given; described members follow the same rules.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ApiError } from './types.ts';

export interface LegacySchemas {
  /** Every `<service>.<action>` that has a schema, sorted. */
  endpoints(): string[];
  has(endpoint: string): boolean;
  /**
   * Validates `body` against the newest schema version ≤ `version` (the oldest one when `version`
   * is below all of them) and returns the normalized request (see the module comment). The input
   * object is not modified. Throws ApiError 400/12 naming the offending field.
   */
  validate(endpoint: string, version: string, body: Record<string, unknown>): Record<string, unknown>;
}

export interface LoadedLegacySchemas extends LegacySchemas {
  /** The schema versions of an endpoint, oldest first (empty when unknown). */
  versions(endpoint: string): readonly string[];
  /** The request JSON schema of an endpoint's newest version (tools: documentation, fuzzing). */
  requestSchema(endpoint: string): Readonly<Record<string, unknown>> | undefined;
}

/** The bundled schema files. */
export const defaultSchemaDir = fileURLToPath(new URL('./schema/', import.meta.url));

interface HoconParser {
  parse(options: { url: string; strict: boolean; env: boolean }): Promise<unknown>;
}

// CommonJS without type declarations; loaded through require so the call stays a property lookup
// (`hocon.parse`), which is also what the tests spy on.
const hocon = createRequire(import.meta.url)('@pushcorn/hocon-parser') as HoconParser;

const loaded = new Map<string, Promise<LoadedLegacySchemas>>();

/**
 * Reads every service file (`*.conf` not starting with `_`) of `dir` once per process and
 * compiles each endpoint/version request schema once. Throws when a file includes anything but a
 * local file of `dir`, or when a schema is malformed.
 */
export function loadLegacySchemas(dir: string = defaultSchemaDir): Promise<LoadedLegacySchemas> {
  const key = path.resolve(dir);
  let pending = loaded.get(key);
  if (!pending) {
    pending = buildSchemas(key);
    pending.catch(() => loaded.delete(key));
    loaded.set(key, pending);
  }
  return pending;
}

/** Start-up check: every registered endpoint needs a request schema. */
export function assertSchemasFor(schemas: LegacySchemas, endpointNames: string[]): void {
  const missing = [...new Set(endpointNames)].filter((name) => !schemas.has(name)).sort();
  if (missing.length > 0) {
    throw new Error(`Legacy endpoints without a request schema: ${missing.join(', ')}`);
  }
}

// ---- loading ----------------------------------------------------------------------------------

interface CompiledVersion {
  version: string;
  major: number;
  minor: number;
  /** null: free-form request, passed through as given. */
  plan: ObjectPlan | null;
  check: ValidateFunction;
  request: Record<string, unknown>;
}

async function buildSchemas(dir: string): Promise<LoadedLegacySchemas> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.conf') && !f.startsWith('_'));
  const ajv = new Ajv({ allErrors: false, useDefaults: true, strict: true, strictTypes: false });
  const table = new Map<string, CompiledVersion[]>();
  for (const file of files.sort()) {
    const service = file.slice(0, -'.conf'.length);
    const abs = path.join(dir, file);
    await checkIncludes(abs, dir, new Set());
    const config = await hocon.parse({ url: pathToFileURL(abs).href, strict: true, env: false });
    if (!isPlainObject(config)) throw new Error(`${file}: expected an object at the top level`);
    for (const [action, block] of Object.entries(config)) {
      if (action.startsWith('_')) continue;
      const endpoint = `${service}.${action}`;
      table.set(endpoint, compileEndpoint(ajv, endpoint, block));
    }
  }
  return makeSchemas(table);
}

const versionKey = /^(\d+)\.(\d+)$/;

function compileEndpoint(ajv: Ajv, endpoint: string, block: unknown): CompiledVersion[] {
  if (!isPlainObject(block)) throw new Error(`${endpoint}: expected an object of versions`);
  const versions: CompiledVersion[] = [];
  for (const [version, definition] of Object.entries(block)) {
    if (version.startsWith('_')) continue;
    const match = versionKey.exec(version);
    if (!match) throw new Error(`${endpoint}: "${version}" is not a schema version`);
    if (!isPlainObject(definition) || !isPlainObject(definition.request)) {
      throw new Error(`${endpoint} ${version}: a version block needs a request schema`);
    }
    const response = definition.response;
    if (response !== undefined && !(isPlainObject(response) && ajv.validateSchema(response))) {
      throw new Error(`${endpoint} ${version}: bad response schema: ${ajv.errorsText(ajv.errors)}`);
    }
    const request = definition.request;
    let check: ValidateFunction;
    try {
      check = ajv.compile(request);
    } catch (error) {
      throw new Error(`${endpoint} ${version}: bad request schema: ${(error as Error).message}`);
    }
    const plan = isPlainObject(request.properties) ? objectPlan(request, true) : null;
    versions.push({ version, major: Number(match[1]), minor: Number(match[2]), plan, check, request });
  }
  if (versions.length === 0) throw new Error(`${endpoint}: no schema version`);
  return versions.sort((a, b) => a.major - b.major || a.minor - b.minor);
}

/**
 * Refuses every include but a local file next to the schema files: `include "x.conf"`, optionally
 * wrapped in `file(...)` / `required(...)`. The parser itself would also fetch `url(...)`, read the
 * module path, or transform values (`|`, `@` shorthands), so those are refused before it runs.
 */
async function checkIncludes(file: string, root: string, seen: Set<string>): Promise<void> {
  if (seen.has(file)) return;
  seen.add(file);
  const text = await fs.readFile(file, 'utf8');
  for (const target of findIncludes(text, path.relative(root, file))) {
    const where = `${path.relative(root, file)}: include "${target}"`;
    if (path.isAbsolute(target) || /^[a-z][a-z0-9+.-]*:/i.test(target)) {
      throw new Error(`${where}: only relative local files may be included`);
    }
    const resolved = path.resolve(path.dirname(file), target);
    const rel = path.relative(root, resolved);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new Error(`${where}: the file is outside the schema directory`);
    }
    if (!resolved.endsWith('.conf')) throw new Error(`${where}: only .conf files may be included`);
    try {
      await fs.access(resolved);
    } catch {
      throw new Error(`${where}: no such file`);
    }
    await checkIncludes(resolved, root, seen);
  }
}

/** Include targets of a HOCON text; throws on include forms other than local file names. */
function findIncludes(text: string, name = 'schema'): string[] {
  const targets: string[] = [];
  let i = 0;
  const fail = (reason: string): never => {
    const line = text.slice(0, i).split('\n').length;
    throw new Error(`${name}:${line}: ${reason}`);
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '#' || text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (text.startsWith('"""', i)) {
      const end = text.indexOf('"""', i + 3);
      if (end === -1) fail('unterminated """ string');
      i = end + 3;
      while (text[i] === '"') i++;
    } else if (c === '"') {
      i = skipQuoted(text, i, fail);
    } else if (c === '@' || c === '|') {
      fail(`"${c}" (include shorthand or value transform) is not allowed in schema files`);
    } else if (/[A-Za-z]/.test(c!) && (i === 0 || !/[\w.$-]/.test(text[i - 1]!))) {
      const word = /^[A-Za-z][\w-]*/.exec(text.slice(i, i + 64))![0];
      if (word === 'include' || word === 'require') {
        i += word.length;
        const { target, end } = parseIncludeTarget(text, i, fail);
        targets.push(target);
        i = end;
      } else {
        i += word.length;
      }
    } else {
      i++;
    }
  }
  return targets;
}

function skipQuoted(text: string, start: number, fail: (reason: string) => never): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\n') fail('unterminated string');
    i += text[i] === '\\' ? 2 : 1;
  }
  if (i >= text.length) fail('unterminated string');
  return i + 1;
}

/** `"name"`, `file("name")`, `required("name")` or `required(file("name"))`. */
function parseIncludeTarget(
  text: string,
  start: number,
  fail: (reason: string) => never,
): { target: string; end: number } {
  let i = start;
  const skipSpaces = () => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  let wrappers = 0;
  for (;;) {
    skipSpaces();
    if (text[i] === '"') break;
    const word = /^[A-Za-z]\w*/.exec(text.slice(i, i + 32))?.[0];
    if ((word === 'file' || word === 'required') && text[i + word.length] === '(') {
      i += word.length + 1;
      wrappers++;
      continue;
    }
    const directive = text.slice(start, start + 60).split('\n')[0]!.trim();
    fail(`unsupported include "${directive}": only local files`);
  }
  const end = skipQuoted(text, i, fail);
  const target = JSON.parse(text.slice(i, end)) as string;
  i = end;
  for (; wrappers > 0; wrappers--) {
    skipSpaces();
    if (text[i] !== ')') fail('malformed include');
    i++;
  }
  return { target, end: i };
}

// ---- per-request normalization ----------------------------------------------------------------

type ValuePlan =
  | { kind: 'boolean' }
  | { kind: 'integer' }
  | { kind: 'object'; plan: ObjectPlan }
  | { kind: 'array'; items: ValuePlan }
  | { kind: 'plain' };

interface ObjectPlan {
  /** Drop members the schema does not describe (top level of a typed request). */
  strip: boolean;
  members: Map<string, ValuePlan>;
}

function objectPlan(schema: Record<string, unknown>, strip: boolean): ObjectPlan {
  const members = new Map<string, ValuePlan>();
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  for (const [name, member] of Object.entries(properties)) members.set(name, valuePlan(member));
  return { strip, members };
}

function valuePlan(schema: unknown): ValuePlan {
  if (!isPlainObject(schema)) return { kind: 'plain' };
  if (schema.type === 'boolean') return { kind: 'boolean' };
  if (schema.type === 'integer') return { kind: 'integer' };
  if (schema.type === 'object' && isPlainObject(schema.properties)) {
    return { kind: 'object', plan: objectPlan(schema, false) };
  }
  if (isPlainObject(schema.items)) {
    const items = valuePlan(schema.items);
    if (items.kind !== 'plain') return { kind: 'array', items };
  }
  return { kind: 'plain' };
}

function normalizeObject(value: Record<string, unknown>, plan: ObjectPlan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) {
    const member = plan.members.get(name);
    const given = value[name];
    if (!member) {
      if (!plan.strip) out[name] = given;
    } else if (given !== null && given !== undefined) {
      out[name] = normalizeValue(given, member);
    }
  }
  return out;
}

function normalizeValue(value: unknown, plan: ValuePlan): unknown {
  switch (plan.kind) {
    case 'boolean':
      return isTruthy(value);
    case 'integer':
      return toInteger(value);
    case 'object':
      return isPlainObject(value) ? normalizeObject(value, plan.plan) : value;
    case 'array':
      return Array.isArray(value)
        ? value.map((item) => (item === null ? item : normalizeValue(item, plan.items)))
        : value;
    case 'plain':
      return value;
  }
}

/** Python truthiness of a JSON value. */
function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** Python int() of a JSON value, or the value itself when that would fail. */
function toInteger(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---- the lookup object --------------------------------------------------------------------------

function makeSchemas(table: Map<string, CompiledVersion[]>): LoadedLegacySchemas {
  const names = [...table.keys()].sort();
  return {
    endpoints: () => [...names],
    has: (endpoint) => table.has(endpoint),
    versions: (endpoint) => table.get(endpoint)?.map((v) => v.version) ?? [],
    requestSchema: (endpoint) => table.get(endpoint)?.at(-1)?.request,
    validate(endpoint, version, body) {
      const versions = table.get(endpoint);
      if (!versions) throw new Error(`No request schema for ${endpoint}`);
      const chosen = pickVersion(versions, version);
      const request = chosen.plan ? normalizeObject(body, chosen.plan) : body;
      if (!chosen.check(request)) throw validationError(chosen.check.errors?.[0]);
      return request;
    },
  };
}

function pickVersion(versions: CompiledVersion[], requested: string): CompiledVersion {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(requested); // "2" counts as "2.0"
  if (!match) throw new Error(`Not an API version: ${requested}`);
  const major = Number(match[1]);
  const minor = Number(match[2] ?? 0);
  let chosen = versions[0]!; // below every schema version: the oldest (handlers answer there too)
  for (const v of versions) {
    if (v.major < major || (v.major === major && v.minor <= minor)) chosen = v;
  }
  return chosen;
}

function validationError(error: ErrorObject | undefined): ApiError {
  const field = error ? fieldPath(error) : '';
  const reason = error ? reasonOf(error) : 'invalid request';
  return new ApiError(400, 12, `Validation error (error for field '${field}'. ${reason})`);
}

function fieldPath(error: ErrorObject): string {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') parts.push(String(error.params.missingProperty));
  return parts.join('.');
}

function reasonOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'field is required!';
    case 'type':
      return `must be of type ${String(params.type)}`;
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return `must be ${String(params.comparison)} ${String(params.limit)}`;
    case 'minItems':
      return `must contain at least ${String(params.limit)} item(s)`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `${error.message ?? 'too short'}`;
    default:
      return error.message ?? 'invalid value';
  }
}
