// Shared shapes of the legacy RPC adapter: what the router hands to an endpoint handler, and the
// wire-level error every part of the adapter can throw.
import type { Actor } from '../resolvers/context.ts';

/** An API version as the wire spells it, e.g. "2.9", "1.5". */
export type Version = string;

export interface LegacyCall {
  /** `<service>.<action>`, e.g. `tasks.get_all`. */
  endpoint: string;
  /** The requested version (from the path, or the server maximum "2.9"). */
  version: Version;
  /** The authenticated caller (endpoints registered with `auth: false` get the default actor). */
  actor: Actor;
  /** The request data (JSON body object, or query-string/form values), already schema-validated. */
  body: Record<string, unknown>;
  /** For application/json-lines bodies: one object per line (a plain JSON body gives [body]). */
  batch: Record<string, unknown>[];
  /** Request headers, lower-case names. */
  headers: Record<string, string | undefined>;
  /** Socket address of the client, when the transport knows it (workers record the caller's ip). */
  clientIp?: string;
}

/** Extra things a handler may set on the HTTP reply (auth.login sets a cookie). */
export interface LegacyReply {
  data: Record<string, unknown>;
  setCookie?: string;
}

/**
 * A successful reply that is not the JSON envelope (events.download_task_log returns a text file):
 * sent as is with status 200, `headers` next to the CORS header.
 */
export class RawReply {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  constructor(body: string, headers: Record<string, string>) {
    this.body = body;
    this.headers = headers;
  }
}

export type Handler = (call: LegacyCall) => Promise<Record<string, unknown> | LegacyReply | RawReply>;

export interface EndpointDefinition {
  /** `<service>.<action>` */
  name: string;
  /** Registered handler min-version (what meta.endpoint.actual_version reports), e.g. "1.0". */
  minVersion: Version;
  /** false: callable without credentials (server.info, auth.fixed_users_mode). Default true. */
  auth?: boolean;
  handler: Handler;
}

/**
 * A failure with its legacy code and subcode (spec §3). The message is the full `result_msg`.
 * Domain errors are mapped to these by the router (error-codes.ts).
 */
export class ApiError extends Error {
  readonly code: number;
  readonly subcode: number;
  constructor(code: number, subcode: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.subcode = subcode;
  }
}
