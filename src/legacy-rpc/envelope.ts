// The legacy reply: the `{ meta, data }` envelope (spec §1.7), API version spelling (§1.5) and
// error messages (§3.1). Pure functions, no I/O.
import { randomUUID } from 'node:crypto';
import { legacyCodeOf } from './error-codes.ts';
import { ApiError } from './types.ts';
import { asInputError, DomainError, isDatabaseUnavailable, NotFoundError, StatusConflictError, ValidationError } from '../resolvers/errors.ts';

/** Highest API version served; also the requested version of a path without `/v<x.y>/`. */
export const MAX_API_VERSION = '2.9';

/** A version as [major, minor]. */
export type VersionParts = readonly [number, number];

/** Parses `2.9`, `2.10`, `1.5`, `29` (→ 29.0); null when not a version. */
export function parseVersion(text: string): VersionParts | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const major = Number(match[1]);
  const minor = Number(match[2] ?? 0);
  return Number.isSafeInteger(major) && Number.isSafeInteger(minor) ? [major, minor] : null;
}

export const compareVersions = (a: VersionParts, b: VersionParts) => a[0] - b[0] || a[1] - b[1];
export const formatVersion = (v: VersionParts) => `${v[0]}.${v[1]}`;

const NUMERIC_BELOW: VersionParts = [2, 1];

export interface EndpointMeta {
  /** `<service>.<action>` from the path, '' when the path could not be parsed. */
  name: string;
  /** Requested version, `major.minor`. */
  requestedVersion: string;
  /** The resolved handler's min-version, null when none was resolved. */
  actualVersion: string | null;
}

export interface EnvelopeInput {
  id: string;
  trx: string;
  endpoint: EndpointMeta;
  code: number;
  subcode: number;
  message: string;
  /** Serialized `data` member (a JSON object text). */
  dataJson: string;
}

/** A fresh call id: uuid4 hex without dashes. */
export const newCallId = () => randomUUID().replaceAll('-', '');

/**
 * The envelope text. Versions of calls requested below 2.1 are JSON numbers written as the
 * original does (`1.0`, `1.5`), later ones strings (`"2.9"`); success has `error_stack: ""`,
 * errors `null`.
 */
export function serializeEnvelope(input: EnvelopeInput): string {
  const requested = parseVersion(input.endpoint.requestedVersion);
  const numeric = requested !== null && compareVersions(requested, NUMERIC_BELOW) < 0;
  const version = (v: string | null) => (v === null ? 'null' : numeric ? v : JSON.stringify(v));
  const ok = input.code === 200;
  return (
    `{"meta":{"id":${JSON.stringify(input.id)},"trx":${JSON.stringify(input.trx)},` +
    `"endpoint":{"name":${JSON.stringify(input.endpoint.name)},` +
    `"requested_version":${version(input.endpoint.requestedVersion)},` +
    `"actual_version":${version(input.endpoint.actualVersion)}},` +
    `"result_code":${input.code},"result_subcode":${input.subcode},` +
    `"result_msg":${JSON.stringify(ok ? 'OK' : input.message)},` +
    `"error_stack":${ok ? '""' : 'null'}},"data":${input.dataJson}}`
  );
}

/** Default messages of the legacy codes (spec §3.2), by `code/subcode`. */
const defaultMessages: Record<string, string> = {
  '400/1': 'Not supported',
  '400/2': 'Request path has invalid version',
  '400/5': 'Invalid headers',
  '400/6': 'Impersonation error',
  '400/10': 'Invalid object id',
  '400/11': 'Missing required fields',
  '400/12': 'Validation error',
  '400/14': 'Fields not defined for object',
  '400/15': 'Fields conflict',
  '400/16': 'Invalid value for fields',
  '400/17': 'Batch request contains no items',
  '400/21': 'Malformed regular expression',
  '400/101': 'Invalid task id',
  '400/110': 'Invalid task status',
  '400/121': 'Failed changing task status. probably someone changed it before you',
  '400/122': 'Task is missing expected fields',
  '400/123': 'Task cannot be deleted',
  '400/131': 'Events not added',
  '400/201': 'Invalid model id',
  '400/203': 'Model is ready',
  '400/401': 'Invalid project id',
  '400/701': 'Invalid queue id',
  '400/703': 'Invalid queue id or task not in queue',
  '400/706': 'Failed adding task to queue since task is already queued',
  '400/707': 'No queue is tagged as the default queue for this company',
  '400/708': 'More than one queue is tagged as the default queue for this company',
  '400/800': 'Data validation error',
  '400/801': 'Value combination already exists',
  '401/10': 'Unauthorized (bad authentication header type)',
  '401/20': 'Unauthorized (missing credentials)',
  '401/21': 'Unauthorized (malformed credentials)',
  '401/22': 'Unauthorized (invalid credentials)',
  '401/30': 'Invalid token',
  '403/20': 'Forbidden (not allowed for role)',
  '403/21': 'Forbidden (modification not allowed)',
  '500/1': 'Internal server error',
  '500/100': 'General data error',
  '500/110': 'Update failed',
};

/** `Default message` of a code, or undefined for codes with free text (400/0, 500/0). */
export const defaultMessageOf = (code: number, subcode: number) => defaultMessages[`${code}/${subcode}`];

/**
 * `<Default message>[ (<extra>)][: k1=v1, k2=v2]` (spec §3.1). Lists print as `(a, b)`, a
 * one-element list as its element.
 */
export function formatLegacyMessage(
  code: number,
  subcode: number,
  extra = '',
  fields: Readonly<Record<string, unknown>> = {},
): string {
  const base = defaultMessageOf(code, subcode);
  let message = base ?? extra;
  if (base && extra && extra.toLowerCase() !== base.toLowerCase()) message += ` (${extra})`;
  const pairs = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${formatValue(value)}`);
  return pairs.length ? `${message}: ${pairs.join(', ')}` : message;
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) {
    return value.length === 1 ? formatValue(value[0]) : `(${value.map(formatValue).join(', ')})`;
  }
  if (value === null) return 'None';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// Domain detail names as the legacy messages spell them.
const detailNames: Record<string, string> = {
  taskId: 'task',
  ids: 'id',
  from: 'current_status',
  to: 'new_status',
};
const snakeCase = (name: string) => detailNames[name] ?? name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The legacy message of a domain error: default text, its reason, its details as k=v. */
function domainErrorMessage(error: DomainError, code: number, subcode: number): string {
  const { reason, ...details } = error.details as Record<string, unknown>;
  let extra: string;
  if (typeof reason === 'string') extra = reason;
  else if (error instanceof ValidationError) extra = error.message.replace(/ \(field: [^)]*\)$/, '');
  else if (error instanceof NotFoundError || error instanceof StatusConflictError) extra = '';
  else extra = error.message;
  const fields = Object.fromEntries(Object.entries(details).map(([key, value]) => [snakeCase(key), value]));
  return formatLegacyMessage(code, subcode, extra, fields);
}

export interface LegacyFailure {
  code: number;
  subcode: number;
  message: string;
  /** true for failures that are not expected outcomes (logged, message kept generic). */
  unexpected: boolean;
}

/** Code, subcode and client-facing message of anything a handler threw. */
export function describeFailure(thrown: unknown): LegacyFailure {
  const error = asInputError(thrown);
  if (error instanceof ApiError) {
    return { code: error.code, subcode: error.subcode, message: error.message, unexpected: false };
  }
  if (error instanceof DomainError) {
    const [code, subcode] = legacyCodeOf(error);
    const message = domainErrorMessage(error, code, subcode);
    return { code, subcode, message, unexpected: code === 500 && subcode === 0 };
  }
  if (isDatabaseUnavailable(error)) {
    // Not the caller's fault and not a bug: retry later. Logged, without driver text for the client.
    return { code: 503, subcode: 0, message: 'Service unavailable (the database cannot be reached, retry later)', unexpected: true };
  }
  // No stack, SQL or driver text to clients: the log has it, keyed by the call id.
  return { code: 500, subcode: 0, message: 'Internal server error', unexpected: true };
}
