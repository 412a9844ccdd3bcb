// The legacy JSON-RPC wire (spec §1): path and version resolution, body forms, authentication,
// validation and the envelope around each endpoint handler. Transport-neutral: it takes and returns
// plain values (transport.ts adapts node:http).
import type { Actor } from '../resolvers/context.ts';
import { defaultActor } from '../resolvers/bootstrap.ts';
import {
  MAX_API_VERSION,
  compareVersions,
  describeFailure,
  formatVersion,
  newCallId,
  parseVersion,
  serializeEnvelope,
  type EndpointMeta,
  type VersionParts,
} from './envelope.ts';
import { authenticate } from './auth.ts';
import { runAsCaller } from '../db/tenant.ts';
import { ApiError, RawReply, type EndpointDefinition, type LegacyCall, type LegacyReply } from './types.ts';

export interface LegacyRequest {
  method: string;
  /** URL path without the query string, e.g. `/v2.9/tasks.get_all`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body: Buffer;
  /** Set by the transport when the body exceeded its size limit (`body` is then empty). */
  bodyTooLarge?: boolean;
  /** Socket address of the client (passed on to handlers as LegacyCall.clientIp). */
  clientIp?: string;
}

export interface LegacyResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Request validation (HOCON schemas): returns the body to use, throws ApiError/DomainError (400/12). */
export type ValidateRequest = (
  endpoint: string,
  version: string,
  body: Record<string, unknown>,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** Resolves the caller from the request headers, or the 401 to answer. */
export type AuthenticateHeaders = (headers: Record<string, string | undefined>) => Promise<Actor | ApiError>;

export interface LegacyRouterOptions {
  endpoints: readonly EndpointDefinition[];
  validate?: ValidateRequest;
  authenticate: AuthenticateHeaders;
  /** Actor of `auth: false` endpoints called without (valid) credentials. Default: the default user. */
  anonymousActor?: Actor;
  /** Where unexpected failures are reported (default console.error). */
  logError?: (message: string, error: unknown) => void;
}

export interface LegacyRouter {
  handle(request: LegacyRequest): Promise<LegacyResponse>;
}

/**
 * `/[v<major.minor>/]<service>.<action>[/]` (spec §1.1). The version needs at least two digits, so
 * `v2/...` is not a versioned path; service and action need at least two word characters.
 */
export const LEGACY_PATH = /^\/?(?:v(\d+\.?\d+)\/)?([A-Za-z_]\w+\.[A-Za-z_]\w+)\/?$/;
export const isLegacyPath = (path: string) => LEGACY_PATH.test(path);

const JSON_LINES = 'application/json-lines';
const FORM = 'application/x-www-form-urlencoded';

export const CORS_HEADERS: Readonly<Record<string, string>> = { 'access-control-allow-origin': '*' };

interface ResolvedHandler {
  definition: EndpointDefinition;
  minVersion: VersionParts;
}

interface CallData {
  body: Record<string, unknown>;
  batch: Record<string, unknown>[];
}

export function createLegacyRouter(options: LegacyRouterOptions): LegacyRouter {
  const handlers = indexEndpoints(options.endpoints);
  // The server maximum: the API version, or a higher handler min-version if one is registered.
  let maxVersion = parseVersion(MAX_API_VERSION)!;
  for (const list of handlers.values()) {
    for (const { minVersion } of list) if (compareVersions(minVersion, maxVersion) > 0) maxVersion = minVersion;
  }
  const anonymousActor = options.anonymousActor ?? defaultActor;
  const logError = options.logError ?? ((message, error) => console.error(`[legacy-rpc] ${message}`, error));

  async function handle(request: LegacyRequest): Promise<LegacyResponse> {
    const id = newCallId();
    const trx = request.headers['x-trains-trx'] || id;
    if (request.method.toUpperCase() === 'OPTIONS') return preflight(request);

    const reply = (
      endpoint: EndpointMeta,
      code: number,
      subcode: number,
      message: string,
      data = '{}',
      setCookie?: string,
    ): LegacyResponse => {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...CORS_HEADERS };
      if (setCookie) headers['set-cookie'] = setCookie;
      const body = serializeEnvelope({ id, trx, endpoint, code, subcode, message, dataJson: data });
      return { status: code, headers, body };
    };
    const fail = (endpoint: EndpointMeta, error: unknown) => {
      const failure = describeFailure(error);
      if (failure.unexpected) logError(`call ${id} (${endpoint.name || request.path}) failed`, error);
      return reply(endpoint, failure.code, failure.subcode, failure.message);
    };

    // 1. Path, version and body.
    const match = LEGACY_PATH.exec(request.path);
    if (!match) {
      const unparsed = { name: '', requestedVersion: '1.0', actualVersion: null };
      return reply(unparsed, 400, 0, `Invalid request path ${request.path}`);
    }
    const name = match[2]!;
    const requested = match[1] === undefined ? maxVersion : parseVersion(match[1]);
    if (!requested) {
      const unparsed = { name, requestedVersion: '1.0', actualVersion: null };
      return reply(unparsed, 400, 2, 'Request path has invalid version');
    }
    const endpoint: EndpointMeta = { name, requestedVersion: formatVersion(requested), actualVersion: null };
    const data = parseCallData(request);
    if (data instanceof ApiError) return fail(endpoint, data);

    // 2. Handler: the largest min-version ≤ requested (checked before authentication).
    const resolved = handlers.get(name)?.find((h) => compareVersions(h.minVersion, requested) <= 0);
    if (!resolved) {
      const message = `Unable to find endpoint for name ${name} and version ${endpoint.requestedVersion}`;
      return reply(endpoint, 404, 0, message);
    }
    endpoint.actualVersion = resolved.definition.minVersion;
    // Versions above the maximum behave like the maximum.
    const version = formatVersion(compareVersions(requested, maxVersion) > 0 ? maxVersion : requested);

    try {
      // 3. Authentication: `auth: false` endpoints still use credentials when they are valid.
      const actor = await options.authenticate(request.headers);
      if (actor instanceof ApiError && resolved.definition.auth !== false) return fail(endpoint, actor);

      // 4. Validation, 5. the handler, bound to the caller's company (row security); an
      // anonymous call is bound to nobody.
      const body = options.validate ? await options.validate(name, version, data.body) : data.body;
      const call: LegacyCall = {
        endpoint: name,
        version,
        actor: actor instanceof ApiError ? anonymousActor : actor,
        body,
        batch: data.batch,
        headers: request.headers,
        clientIp: request.clientIp,
      };
      const handler = () => resolved.definition.handler(call);
      const result = await (actor instanceof ApiError ? handler() : runAsCaller(actor.companyId, handler));
      if (result instanceof RawReply) return { status: 200, headers: { ...CORS_HEADERS, ...result.headers }, body: result.body };
      const { data: payload, setCookie } = isReply(result) ? result : { data: result, setCookie: undefined };
      let json: string;
      try {
        json = JSON.stringify(payload ?? {});
      } catch (error) {
        logError(`call ${id} (${name}) returned data that cannot be serialized`, error);
        return reply(endpoint, 500, 0, `Error serializing response data: ${(error as Error).message}`);
      }
      return reply(endpoint, 200, 0, 'OK', json, setCookie);
    } catch (error) {
      return fail(endpoint, error);
    }
  }

  return { handle };
}

function indexEndpoints(endpoints: readonly EndpointDefinition[]): Map<string, ResolvedHandler[]> {
  const handlers = new Map<string, ResolvedHandler[]>();
  for (const definition of endpoints) {
    const minVersion = parseVersion(definition.minVersion);
    if (!minVersion) {
      throw new Error(`endpoint ${definition.name}: invalid minVersion ${definition.minVersion}`);
    }
    if (!LEGACY_PATH.test(definition.name)) {
      throw new Error(`endpoint name ${definition.name} is not <service>.<action>`);
    }
    const list = handlers.get(definition.name) ?? [];
    if (list.some((h) => compareVersions(h.minVersion, minVersion) === 0)) {
      throw new Error(`endpoint ${definition.name} is registered twice for version ${definition.minVersion}`);
    }
    list.push({ definition, minVersion });
    list.sort((a, b) => compareVersions(b.minVersion, a.minVersion)); // newest first
    handlers.set(definition.name, list);
  }
  return handlers;
}

function preflight(request: LegacyRequest): LegacyResponse {
  const headers: Record<string, string> = {
    ...CORS_HEADERS,
    'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'access-control-allow-headers':
      request.headers['access-control-request-headers'] ||
      'Authorization, Content-Type, X-Trains-Trx, X-Trains-Worker, X-Trains-Client',
    'access-control-max-age': '600',
  };
  return { status: 200, headers, body: '' };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A handler's `{ data, setCookie? }` reply, told apart from a plain payload by its keys. (A plain
 * payload whose only member is `data` must therefore be returned wrapped: `{ data: { data } }`.)
 */
function isReply(result: Record<string, unknown> | LegacyReply): result is LegacyReply {
  const keys = Object.keys(result);
  return (
    keys.includes('data') &&
    keys.every((k) => k === 'data' || k === 'setCookie') &&
    isPlainObject(result.data)
  );
}

/** Python truthiness of a parsed JSON value: the original falls back to query parameters when falsy. */
function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/**
 * The call data (spec §1.3): json-lines batches, a JSON object body (any content type), or form
 * fields and query parameters with string conversions. Failures are 400/0. Deviation: a JSON body
 * that is not an object is 400/0 here (the original answers 500/0 "Data should be a dict").
 */
function parseCallData(request: LegacyRequest): CallData | ApiError {
  if (request.bodyTooLarge) return new ApiError(400, 0, 'Request body too large');
  const contentType = request.headers['content-type']?.trim().toLowerCase();
  if (contentType === JSON_LINES) return parseJsonLines(request.body.toString('utf8'));

  let parsed: unknown = null;
  const raw = request.body.toString('utf8').replace(/^\uFEFF/, '');
  // `curl -d '{...}'` labels JSON as a form: a body that opens a JSON object is JSON whatever the
  // content type (as the original parses it); a real form body gives form fields.
  const isForm = contentType?.split(';')[0]?.trim() === FORM && !raw.trimStart().startsWith('{');
  const text = isForm ? '' : raw;
  if (text.trim()) {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return new ApiError(400, 0, `Failed to decode JSON object: ${(error as Error).message}`);
    }
  }
  if (isTruthy(parsed)) {
    if (!isPlainObject(parsed)) return new ApiError(400, 0, 'Data should be a dict');
    return { body: parsed, batch: [parsed] };
  }
  const body = paramsToData([
    ...(isForm ? new URLSearchParams(request.body.toString('utf8')) : []),
    ...request.query,
  ]);
  return { body, batch: [body] };
}

function parseJsonLines(text: string): CallData | ApiError {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  while (lines.length && !lines[lines.length - 1]!.trim()) lines.pop();
  const batch: Record<string, unknown>[] = [];
  for (const [index, line] of lines.entries()) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      return new ApiError(400, 0, `Failed to decode JSON line ${index}: ${(error as Error).message}`);
    }
    if (!isPlainObject(value)) {
      const found = value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value;
      return new ApiError(400, 0, `Expected a JSON object at line ${index}, found ${found}`);
    }
    batch.push(value);
  }
  return { body: {}, batch };
}

/** First value per key; `"10"`→10, `"1.5"`→1.5, `"true"`/`"false"` (any case) → booleans. */
function paramsToData(entries: Iterable<[string, string]>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (Object.hasOwn(data, key)) continue;
    // defineProperty: a `__proto__` parameter stays an ordinary member.
    const converted = convertParam(value);
    Object.defineProperty(data, key, { value: converted, enumerable: true, writable: true, configurable: true });
  }
  return data;
}

function convertParam(value: string): unknown {
  // Python's `value.replace(".", "", 1).isdigit()`: digits with at most one dot ("-1" stays text).
  if (/^(?:\d+\.?\d*|\.\d+)$/.test(value)) {
    const number = Number(value);
    if (value.includes('.') || Number.isSafeInteger(number)) return number;
    return value; // an integer beyond double precision stays exact as text
  }
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return value;
}

/** The running server's router: real credentials (auth.ts) over `endpoints`, optional validation. */
export function createServerLegacyRouter(
  endpoints: readonly EndpointDefinition[],
  validate?: ValidateRequest,
  logError?: LegacyRouterOptions['logError'],
): LegacyRouter {
  return createLegacyRouter({ endpoints, validate, authenticate, logError });
}
