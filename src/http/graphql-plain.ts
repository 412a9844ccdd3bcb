// The plain path for the most common GraphQL request: an authenticated API client POSTing JSON to
// /graphql. It reads the body straight off the socket and answers with res.end(), skipping the
// fetch-API Request/Response objects (and their streams and abort signals) of the regular path,
// which costs more than executing a small query. Everything else (browsers, GraphiQL, SSE,
// missing or bad credentials, unusual bodies) takes the regular path, unchanged, so both answer
// the same; yoga's plugins run on both.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { App, GraphQLParams, PlainResponse, RequestLike } from '../app.ts';
import type { Actor } from '../resolvers/context.ts';
import { encodeBody } from './compress.ts';

export interface PlainGraphQLOptions {
  app: Pick<App, 'fetch' | 'executeJson'>;
  /** The caller of these headers, or anything else (an error) to let the regular path answer. */
  authenticate: (headers: Record<string, string | undefined>) => Promise<Actor | unknown>;
  /** GraphQL body limit: larger (or undeclared) bodies take the regular path. */
  maxBodyBytes: number;
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/** Whether a request qualifies, from its headers alone (nothing is read yet). */
export function isPlainGraphQLRequest(req: IncomingMessage, maxBodyBytes: number): boolean {
  if (req.method !== 'POST' || req.url !== '/graphql') return false;
  const headers = req.headers;
  // Browsers send Origin (CORS answers belong to the regular path); no credentials means a 401.
  if (headers.origin !== undefined || !headers.authorization) return false;
  if (!JSON_TYPE.test(headers['content-type'] ?? '')) return false;
  const accept = headers.accept;
  if (accept !== undefined && accept !== '*/*' && !JSON_TYPE.test(accept)) return false;
  const length = Number(headers['content-length']);
  return Number.isInteger(length) && length > 0 && length <= maxBodyBytes;
}

function isParams(body: unknown): body is GraphQLParams {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { query, variables, operationName, extensions } = body as Record<string, unknown>;
  const objectOrAbsent = (value: unknown) => value == null || (typeof value === 'object' && !Array.isArray(value));
  return (
    typeof query === 'string' &&
    objectOrAbsent(variables) &&
    objectOrAbsent(extensions) &&
    (operationName == null || typeof operationName === 'string')
  );
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

function requestLike(req: IncomingMessage, headers: Record<string, string | undefined>): RequestLike {
  return {
    method: 'POST',
    url: `http://${headers.host ?? 'localhost'}${req.url}`,
    headers: {
      get: (name) => headers[name.toLowerCase()] ?? null,
      has: (name) => headers[name.toLowerCase()] !== undefined,
    },
  };
}

const GONE = Symbol('client gone');

class ClientGone extends Error {
  constructor() {
    super('the client closed the connection before sending its request body');
  }
}

function readBody(req: IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > length) {
        req.destroy();
        reject(new Error('body longer than its content-length'));
        return;
      }
      chunks.push(chunk);
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.on('error', reject);
    // A client that went away before its body was read (e.g. while the request waited for its
    // turn) gets no 'end' or 'error' event: without this the request would never settle.
    if (req.destroyed) reject(new ClientGone());
    else req.once('close', () => !ended && reject(new ClientGone()));
  });
}

/**
 * Answers a qualifying request (see isPlainGraphQLRequest). The execution runs through `admit`
 * (admission control: it may wait for its turn); reading the body and relaying a response of the
 * regular path (which may be an event stream that lasts) do not.
 */
export async function handlePlainGraphQL(
  req: IncomingMessage,
  res: ServerResponse,
  options: PlainGraphQLOptions,
  admit: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
): Promise<void> {
  let body: Buffer;
  try {
    body = await readBody(req, Number(req.headers['content-length']));
  } catch (error) {
    if (!(error instanceof ClientGone)) throw error;
    res.destroy(); // nobody is listening any more
    return;
  }
  const headers = flatHeaders(req.headers);
  let params: unknown;
  try {
    params = JSON.parse(body.toString('utf8'));
  } catch {
    params = undefined;
  }
  if (isParams(params)) {
    const actor = await options.authenticate(headers);
    if (isActor(actor)) {
      let answer;
      try {
        // a client that left while the request waited for its turn has nothing to wait for
        answer = await admit<PlainResponse | typeof GONE>(() =>
          res.destroyed ? Promise.resolve(GONE) : options.app.executeJson(params, actor, requestLike(req, headers)),
        );
      } catch {
        answer = undefined; // refused before execution: the regular path says why
      }
      if (answer === GONE) return;
      if (answer) {
        // with its length the answer goes out in one write instead of chunked framing; encoded
        // once (a string body would be measured, then encoded again by the socket write)
        const payload = await encodeBody(Buffer.from(answer.body), headers['accept-encoding']);
        res.writeHead(answer.status, { ...answer.headers, ...payload.headers, 'content-length': payload.body.length });
        res.end(payload.body);
        return;
      }
    }
  }
  await viaFetch(req, res, headers, body, options.app);
}

function isActor(value: unknown): value is Actor {
  return typeof value === 'object' && value !== null && typeof (value as Actor).companyId === 'string' && typeof (value as Actor).userId === 'string';
}

/** The regular path for a body already read: a fetch Request to the app, its Response written back as it comes. */
async function viaFetch(
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string | undefined>,
  body: Buffer,
  app: Pick<App, 'fetch'>,
): Promise<void> {
  const init = new Headers();
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) init.set(name, value);
  const response = await app.fetch(
    new Request(`http://${headers.host ?? 'localhost'}${req.url}`, { method: 'POST', headers: init, body: new Uint8Array(body) }),
  );
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => (out[name] = value));
  res.writeHead(response.status, out);
  if (!response.body) {
    res.end();
    return;
  }
  // streamed as it comes: a subscription answers with an event stream that lasts
  const reader = response.body.getReader();
  res.once('close', () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    res.write(value);
  }
  res.end();
}
