// The web UI is served next to the APIs by the same listener: `/` and the client-side routes get
// index.html (revalidated), /assets/* the hashed files (cached for a year, compressed), and no UI
// path shadows GraphQL, the health endpoints or a legacy RPC path. Without a bundle the UI paths
// answer 503 naming the build command while the APIs keep working.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createWebAssets } from '../../src/http/static.ts';
import { legacyEndpoints, validateLegacyRequest } from '../../src/legacy-rpc/endpoints/index.ts';
import { createServerLegacyRouter } from '../../src/legacy-rpc/router.ts';
import { createNodeHandler } from '../../src/node-handler.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';

useTestDatabase();

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app-3f9a1c.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;

let actor: Actor;
const servers: http.Server[] = [];
const dirs: string[] = [];

function bundleDir(files: Record<string, string> | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-web-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

async function serve(dir: string): Promise<string> {
  const app = createApp({
    authenticate: async (request) =>
      request.headers.get('authorization') === 'Bearer test' ? actor : Response.json({ error: 'no' }, { status: 401 }),
  });
  const legacy = createServerLegacyRouter(legacyEndpoints, validateLegacyRequest);
  const server = http.createServer(createNodeHandler({ app, legacy, web: createWebAssets(dir) }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A raw GET (fetch would decompress and hide content-encoding). */
function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end();
  });
}

beforeAll(async () => {
  actor = await seedActor();
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('with a built bundle', () => {
  let url: string;
  beforeAll(async () => {
    url = await serve(bundleDir({ 'index.html': INDEX, 'assets/app-3f9a1c.js': SCRIPT, 'assets/app-77e0b2.css': 'body{margin:0}' }));
  });

  it.each(['/', '/tasks', '/tasks/0123abcd', '/tasks/0123abcd/', '/compare?ids=a&ids=b', '/signin', '/?project=p1&status=failed'])(
    'GET %s answers index.html, revalidated on every load, with a restrictive CSP',
    async (route) => {
      const response = await get(`${url}${route}`);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.body.toString()).toBe(INDEX);
    },
  );

  it('serves hashed assets with their content type, a year-long immutable cache and compression', async () => {
    const plain = await get(`${url}/assets/app-3f9a1c.js`);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body.toString()).toBe(SCRIPT);
    expect(plain.headers['content-encoding']).toBeUndefined();

    const gzipped = await get(`${url}/assets/app-3f9a1c.js`, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toBe('accept-encoding');
    expect(Number(gzipped.headers['content-length'])).toBe(gzipped.body.length);
    expect(gunzipSync(gzipped.body).toString()).toBe(SCRIPT);
    const brotli = await get(`${url}/assets/app-3f9a1c.js`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');

    const css = await get(`${url}/assets/app-77e0b2.css`);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body.toString()).toBe('body{margin:0}');
  });

  it('answers 304 to a matching If-None-Match and HEAD without a body', async () => {
    const first = await get(`${url}/assets/app-3f9a1c.js`);
    const again = await get(`${url}/assets/app-3f9a1c.js`, { 'if-none-match': first.headers.etag as string });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const head = await get(`${url}/`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(head.body.length).toBe(0);
  });

  it('answers 404 for an asset that is not in the bundle, including traversal attempts', async () => {
    for (const asset of ['/assets/missing.js', '/assets/..%2F..%2Fpackage.json', '/assets/%2e%2e%2fserver.ts']) {
      const response = await get(`${url}${asset}`);
      expect(response.status).toBe(404);
      expect(response.body.toString()).not.toContain('task-gateway');
    }
  });

  it('leaves GraphQL, health, legacy RPC and unknown paths to their handlers', async () => {
    const graphql = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await graphql.json()).toEqual({ data: { __typename: 'Query' } });
    const unauthenticated = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(unauthenticated.status).toBe(401);
    const graphiql = await get(`${url}/graphql`, { accept: 'text/html' });
    expect(graphiql.body.toString()).not.toBe(INDEX);
    expect(graphiql.body.toString()).toMatch(/graphiql/i);

    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.headers.get('content-type')).toMatch(/json/);

    // Legacy RPC paths (with and without a version) keep reaching the legacy router, even the
    // ones that look like files.
    for (const legacyPath of ['/tasks.get_all', '/v2.9/tasks.get_all', '/index.html', '/favicon.ico']) {
      const response = await fetch(`${url}${legacyPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      const body = (await response.json()) as { meta?: { result_code: number } };
      expect(body.meta, legacyPath).toBeDefined();
      const viaGet = await get(`${url}${legacyPath}`);
      expect(viaGet.headers['content-type'], legacyPath).toMatch(/json/);
    }

    const unknown = await get(`${url}/no/such/page`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/json/);
    const posted = await fetch(`${url}/tasks/abc`, { method: 'POST', body: '{}' });
    expect(posted.headers.get('content-type')).not.toMatch(/html/);
  });
});

describe('without a bundle', () => {
  let dir: string;
  let url: string;
  beforeAll(async () => {
    dir = bundleDir(undefined);
    url = await serve(dir);
  });

  it('answers the UI paths with a 503 page naming the build command; the APIs keep working', async () => {
    for (const route of ['/', '/tasks/abc', '/compare', '/assets/app-3f9a1c.js']) {
      const response = await get(`${url}${route}`);
      expect(response.status, route).toBe(503);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body.toString()).toContain('npm run build:web');
    }
    const graphql = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(graphql.status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const legacy = await fetch(`${url}/v2.9/tasks.get_all`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(((await legacy.json()) as { meta: unknown }).meta).toBeDefined();
  });

  it('serves a bundle built while the server runs, without a restart', async () => {
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', 'app-3f9a1c.js'), SCRIPT);
    fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
    const page = await get(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toBe(INDEX);
    const asset = await get(`${url}/assets/app-3f9a1c.js`);
    expect(asset.status).toBe(200);
  });
});
