// Serves the web UI bundle (web/dist, built by `npm run build:web` at install time) from memory:
// hashed files under /assets/ with a year-long immutable cache, index.html (revalidated on every
// load) for the client-side routes. Nothing is built at request time; without a bundle the UI
// paths answer a 503 page naming the build command while the APIs keep working.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { acceptsEncoding } from './compress.ts';

/** Paths the single-page app routes on the client (index.html is served for them). */
const CLIENT_ROUTES = /^\/(?:|signin|compare|tasks(?:\/[^/.]+)?)\/?$/;
const ASSET = /^\/assets\/[A-Za-z0-9._-]+$/;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);

// The page talks to this origin only; uPlot styles its elements inline.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

interface StaticFile {
  body: Buffer;
  gzip?: Buffer;
  brotli?: Buffer;
  contentType: string;
  etag: string;
}

export interface StaticResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface WebAssets {
  /**
   * The response for a GET/HEAD of `pathname`, or undefined when the path is not the UI's (the
   * caller routes it on: GraphQL, health, a 404).
   */
  respond(pathname: string, requestHeaders: { acceptEncoding?: string; ifNoneMatch?: string }): StaticResponse | undefined;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Web UI not built</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:4rem auto;max-width:36rem;color:#222}code{background:#f2f2f2;padding:.1rem .3rem;border-radius:3px}</style>
</head><body>
<h1>The web UI is not built</h1>
<p>This server has no UI bundle. Run <code>npm run build:web</code> (<code>npm install</code> runs it too), then reload this page.</p>
<p>The GraphQL API at <code>/graphql</code> and the legacy API keep working.</p>
</body></html>
`;

const commonHeaders = { 'x-content-type-options': 'nosniff' };

function compressed(file: StaticFile, ext: string, acceptEncoding: string) {
  if (!COMPRESSIBLE.has(ext) || file.body.length < 1024) return undefined;
  if (acceptsEncoding(acceptEncoding, 'br')) {
    file.brotli ??= brotliCompressSync(file.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } });
    return { encoding: 'br', body: file.brotli };
  }
  if (acceptsEncoding(acceptEncoding, 'gzip')) {
    file.gzip ??= gzipSync(file.body, { level: 9 });
    return { encoding: 'gzip', body: file.gzip };
  }
  return undefined;
}

function readBundle(dir: string): Map<string, StaticFile> | undefined {
  const files = new Map<string, StaticFile>();
  const add = (absolute: string, urlPath: string) => {
    const body = fs.readFileSync(absolute);
    const ext = path.extname(absolute).toLowerCase();
    files.set(urlPath, {
      body,
      contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    });
  };
  try {
    add(path.join(dir, 'index.html'), '/index.html');
  } catch {
    return undefined;
  }
  const assets = path.join(dir, 'assets');
  if (fs.existsSync(assets)) {
    for (const name of fs.readdirSync(assets)) {
      const absolute = path.join(assets, name);
      if (fs.statSync(absolute).isFile()) add(absolute, `/assets/${name}`);
    }
  }
  return files;
}

/**
 * The UI bundle in `dir` (read into memory on first use; read again when index.html changes, so a
 * rebuild is picked up without a restart). Only files that exist when it is read are ever served,
 * so no request path reaches the file system.
 */
export function createWebAssets(dir: string): WebAssets {
  let files: Map<string, StaticFile> | undefined;
  let indexStamp = '';

  const current = () => {
    let stamp = '';
    try {
      const stat = fs.statSync(path.join(dir, 'index.html'));
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      files = undefined;
      indexStamp = '';
      return undefined;
    }
    if (!files || stamp !== indexStamp) {
      files = readBundle(dir);
      indexStamp = files ? stamp : '';
    }
    return files;
  };

  return {
    respond(pathname, request) {
      const isAsset = ASSET.test(pathname);
      if (!isAsset && !CLIENT_ROUTES.test(pathname)) return undefined;
      // Assets are looked up in the bundle read last; the index check (a stat) happens per page load.
      const bundle = isAsset && files ? files : current();
      if (!bundle) {
        return {
          status: 503,
          headers: { ...commonHeaders, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '60' },
          body: Buffer.from(NOT_BUILT_PAGE),
        };
      }
      const file = bundle.get(isAsset ? pathname : '/index.html');
      if (!file) {
        return {
          status: 404,
          headers: { ...commonHeaders, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
          body: Buffer.from('not found'),
        };
      }
      const headers: Record<string, string> = {
        ...commonHeaders,
        'content-type': file.contentType,
        etag: file.etag,
        vary: 'accept-encoding',
        'cache-control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
      };
      if (!isAsset) {
        headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
        headers['referrer-policy'] = 'no-referrer';
        headers['x-frame-options'] = 'DENY';
      }
      if (request.ifNoneMatch && request.ifNoneMatch.split(/\s*,\s*/).includes(file.etag)) {
        return { status: 304, headers, body: Buffer.alloc(0) };
      }
      const encoded = compressed(file, path.extname(pathname === '/' || !isAsset ? '/index.html' : pathname), request.acceptEncoding ?? '');
      if (encoded) headers['content-encoding'] = encoded.encoding;
      const body = encoded?.body ?? file.body;
      headers['content-length'] = String(body.length);
      return { status: 200, headers, body };
    },
  };
}
