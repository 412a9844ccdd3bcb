// Response compression for the API answers (legacy RPC, GraphQL on either path): JSON listings shrink
// 5-20x, which matters for big get_all pages and metric histories over a network. The Python SDK
// (requests) asks for gzip and inflates transparently; clients that do not ask get identity.
// gzip runs on libuv's thread pool, so a large answer does not stall the event loop.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** Answers below this size go out as they are: compression would cost more than it saves. */
export const MIN_COMPRESSED_BYTES = 1024;

/** Whether an Accept-Encoding header accepts `coding` (RFC 9110 §12.5.3: q=0 refuses; `*` matches). */
export function acceptsEncoding(header: string | string[] | undefined, coding: string): boolean {
  if (!header) return false;
  let wildcard: boolean | undefined;
  for (const item of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name = '', ...params] = item.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (name.trim() === coding) return accepted;
    if (name.trim() === '*') wildcard = accepted;
  }
  return wildcard ?? false;
}

/**
 * The body to send and the headers describing it: gzip when the client accepts it and the body
 * is worth it. `Vary` is always set, so a cache never hands one client's encoding to another.
 */
export async function encodeBody(
  body: Buffer,
  acceptEncoding: string | string[] | undefined,
): Promise<{ body: Buffer; headers: Record<string, string> }> {
  if (body.length < MIN_COMPRESSED_BYTES || !acceptsEncoding(acceptEncoding, 'gzip')) {
    return { body, headers: { vary: 'Accept-Encoding' } };
  }
  // level 1: most of the size win of level 9 at a fraction of the CPU (JSON is very redundant)
  const compressed = await gzipAsync(body, { level: 1 });
  return { body: compressed, headers: { vary: 'Accept-Encoding', 'content-encoding': 'gzip' } };
}

/** What the fetch app answers that is worth compressing: JSON results and GraphiQL's page. */
const COMPRESSIBLE = /^(?:application\/(?:json|graphql-response\+json)|text\/html)\b/i;

/**
 * The fetch app's answer (GraphQL GETs, browser POSTs, GraphiQL), gzipped like the other paths
 * when the client accepts it. Streams (subscriptions' text/event-stream) pass untouched: each
 * event must reach the client when it is sent, not when a compressor's buffer fills.
 */
export async function compressResponse(request: Request, response: Response): Promise<Response> {
  const type = response.headers.get('content-type') ?? '';
  const acceptEncoding = request.headers.get('accept-encoding') ?? undefined;
  if (!response.body || !COMPRESSIBLE.test(type) || response.headers.has('content-encoding') || !acceptsEncoding(acceptEncoding, 'gzip')) {
    return response;
  }
  const encoded = await encodeBody(Buffer.from(await response.arrayBuffer()), acceptEncoding);
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(encoded.headers)) headers.set(name, value);
  headers.set('content-length', String(encoded.body.length));
  return new Response(encoded.body as unknown as ConstructorParameters<typeof Response>[0], { status: response.status, statusText: response.statusText, headers });
}
