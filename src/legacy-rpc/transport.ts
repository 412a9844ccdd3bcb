// node:http ↔ the legacy router. Reads the body straight from the node stream, because the legacy
// SDK sends GET requests with JSON bodies, which the fetch API's Request refuses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LegacyRequest, LegacyResponse } from './router.ts';
import { encodeBody } from '../http/compress.ts';

/** Default request body limit: above the SDK's 15 MB json-lines chunks. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** The path part of a request target, percent-decoded when possible (`/v2.9/tasks.get_all`). */
export function pathOf(url: string | undefined): string {
  const raw = (url ?? '/').split('?', 1)[0]!;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * Reads a node request into a LegacyRequest. A body over `maxBodyBytes` (declared or actual) is
 * not buffered: the result has `bodyTooLarge` and an empty body, and the rest of the upload is
 * discarded. Rejects when the client aborts.
 */
export function readLegacyRequest(
  req: IncomingMessage,
  { maxBodyBytes = DEFAULT_MAX_BODY_BYTES }: { maxBodyBytes?: number } = {},
): Promise<LegacyRequest> {
  const url = req.url ?? '/';
  const queryIndex = url.indexOf('?');
  const base = {
    method: req.method ?? 'GET',
    path: pathOf(url),
    query: new URLSearchParams(queryIndex >= 0 ? url.slice(queryIndex + 1) : ''),
    headers: headersOf(req),
    clientIp: req.socket?.remoteAddress,
  };
  const tooLarge = (): LegacyRequest => {
    req.resume(); // drain and drop whatever is still coming
    return { ...base, body: Buffer.alloc(0), bodyTooLarge: true };
  };
  if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) return Promise.resolve(tooLarge());

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        cleanup();
        chunks.length = 0;
        req.on('error', () => {}); // the client may reset while we drain
        resolve(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ ...base, body: Buffer.concat(chunks, size) });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onAborted = () => onError(new Error('request aborted'));
    // A client gone before the body was read (e.g. while the request waited for its turn) gets no
    // further 'aborted', 'end' or 'error' event.
    const onClose = () => onAborted();
    if (req.destroyed) {
      onAborted();
      return;
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
    req.on('close', onClose);
  });
}

/**
 * Writes a LegacyResponse, gzipped when the client accepts it (src/http/compress.ts); `close` asks
 * the client to drop the connection (unread upload).
 */
export async function writeLegacyResponse(
  res: ServerResponse,
  response: LegacyResponse,
  { close = false, acceptEncoding }: { close?: boolean; acceptEncoding?: string | string[] } = {},
): Promise<void> {
  const encoded = await encodeBody(Buffer.from(response.body, 'utf8'), acceptEncoding);
  const headers: Record<string, string | number> = { ...response.headers, ...encoded.headers, 'content-length': encoded.body.length };
  if (close) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(encoded.body);
}
