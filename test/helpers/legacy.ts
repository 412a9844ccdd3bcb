// Legacy RPC over a real socket: an in-process node:http server running createNodeHandler with the
// real router (the registered endpoints plus test-local ones), and a node:http client (so GET
// requests can carry a JSON body, as the trains SDK sends them).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll } from 'vitest';
import { issueToken } from '../../src/legacy-rpc/auth.ts';
import { legacyEndpoints, validateLegacyRequest } from '../../src/legacy-rpc/endpoints/index.ts';
import { createServerLegacyRouter, type ValidateRequest } from '../../src/legacy-rpc/router.ts';
import type { EndpointDefinition } from '../../src/legacy-rpc/types.ts';
import { createNodeHandler } from '../../src/node-handler.ts';
import { createCredentials } from '../../src/resolvers/auth.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { seedActor } from './db.ts';

export interface LegacyServerOptions {
  /** Test-local endpoints, registered next to the real ones (not schema-validated). */
  endpoints?: EndpointDefinition[];
  maxBodyBytes?: number;
  /** The fetch app for non-legacy paths (default: answers 404 `not the legacy router`). */
  app?: { fetch: (request: Request) => Promise<Response> };
}

export interface LegacyServer {
  url: string;
  close(): Promise<void>;
}

export async function startLegacyServer(options: LegacyServerOptions = {}): Promise<LegacyServer> {
  const extra = options.endpoints ?? [];
  const extraNames = new Set(extra.map((e) => e.name));
  const realValidate = validateLegacyRequest as ValidateRequest | undefined;
  const validate: ValidateRequest | undefined = realValidate
    ? (endpoint, version, body) => (extraNames.has(endpoint) ? body : realValidate(endpoint, version, body))
    : undefined;
  const legacy = createServerLegacyRouter([...legacyEndpoints, ...extra], validate);
  const app = options.app ?? { fetch: async () => new Response('not the legacy router', { status: 404 }) };
  const server = http.createServer(createNodeHandler({ app, legacy, maxBodyBytes: options.maxBodyBytes }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

let current: LegacyServer | undefined;

/** Starts a legacy server for this test file (call at top level, after useTestDatabase()). */
export function useLegacyServer(options: LegacyServerOptions = {}) {
  beforeAll(async () => {
    current = await startLegacyServer(options);
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
}

export interface LegacyMeta {
  id: string;
  trx: string;
  endpoint: { name: string; requested_version: string | number; actual_version: string | number | null };
  result_code: number;
  result_subcode: number;
  result_msg: string;
  error_stack: string | null;
}

export interface LegacyEnvelope<T = Record<string, any>> {
  meta: LegacyMeta;
  data: T;
}

export type LegacyAuth = { basic: readonly [string, string] } | { bearer: string } | { actor: Actor };

export interface CallOptions {
  method?: string;
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
  headers?: Record<string, string>;
  auth?: LegacyAuth;
  /** Default: the server of useLegacyServer(). */
  baseUrl?: string;
}

export interface LegacyResult<T = Record<string, any>> {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The parsed body (undefined when it is empty); `text` has it raw. */
  json: LegacyEnvelope<T>;
  /** The body as text, inflated when the server gzipped it. */
  text: string;
  /** The body's bytes as they came over the wire. */
  wire: Buffer;
}

export const basicAuthorization = (key: string, secret: string) =>
  `Basic ${Buffer.from(`${key}:${secret}`, 'latin1').toString('base64')}`;

async function authorizationOf(auth: LegacyAuth): Promise<string> {
  if ('basic' in auth) return basicAuthorization(auth.basic[0], auth.basic[1]);
  if ('bearer' in auth) return `Bearer ${auth.bearer}`;
  return `Bearer ${await issueToken(auth.actor)}`;
}

/** Sends one request over a real socket (default GET, as the SDK does) and parses the reply. */
export async function callLegacy<T = Record<string, any>>(path: string, options: CallOptions = {}): Promise<LegacyResult<T>> {
  const baseUrl = options.baseUrl ?? current?.url;
  if (!baseUrl) throw new Error('callLegacy: no server (call useLegacyServer() or pass baseUrl)');
  const headers: Record<string, string> = { ...options.headers };
  let payload: Buffer | undefined;
  if (options.body !== undefined) {
    if (Buffer.isBuffer(options.body)) payload = options.body;
    else if (typeof options.body === 'string') payload = Buffer.from(options.body);
    else {
      payload = Buffer.from(JSON.stringify(options.body));
      headers['content-type'] ??= 'application/json';
    }
    headers['content-length'] = String(payload.length);
  }
  if (options.auth) headers.authorization = await authorizationOf(options.auth);
  const url = new URL(path.startsWith('/') ? path : `/${path}`, baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: options.method ?? 'GET', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const wire = Buffer.concat(chunks);
        const text = (response.headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire).toString('utf8');
        let json: LegacyEnvelope<T>;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined as never;
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, json, text, wire });
      });
    });
    request.on('error', reject);
    request.end(payload);
  });
}

/** A fresh access key / secret key pair of a seeded actor's user. */
export async function credentialsFor(actor: Actor): Promise<readonly [string, string]> {
  const { accessKey, secretKey } = await createCredentials(actor.userId);
  return [accessKey, secretKey] as const;
}

export interface Tenant {
  actor: Actor;
  auth: LegacyAuth;
}

/** A fresh company and user, logged in the way the SDK does (Basic → auth.login → Bearer). */
export async function loggedInTenant(userName = 'alice'): Promise<Tenant> {
  const actor = await seedActor({ userName });
  const login = await callLegacy('/auth.login', { auth: { basic: await credentialsFor(actor) } });
  if (login.status !== 200) throw new Error(`auth.login failed: ${login.text}`);
  return { actor, auth: { bearer: login.json.data.token as string } };
}
