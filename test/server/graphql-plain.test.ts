// The plain GraphQL path (API clients POSTing JSON) must answer exactly like the regular fetch path,
// which browsers take (an Origin header sends a request there): same status, same body, for
// successes, every kind of error, and the cases it hands over (no credentials, subscriptions).
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { defaultBasicAuth, startServer, type ServerProcess } from '../helpers/server-process.ts';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer({ DATABASE_URL: inject('databaseUrl'), SEED_DEFAULT_CREDENTIALS: '1' });
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: defaultBasicAuth, ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), body: text ? JSON.parse(text) : null };
}

/** The same request on both paths (the Origin header takes the regular one). */
async function bothPaths(body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const plain = await post(text, headers);
  const regular = await post(text, { ...headers, origin: 'http://browser.example' });
  return { plain, regular };
}

const id = () => Math.random().toString(16).slice(2);

/** One request over a real socket; the answer's body as it came over the wire (not inflated). */
function onWire(path: string, options: http.RequestOptions, body?: string) {
  return new Promise<{ headers: http.IncomingHttpHeaders; wire: Buffer }>((resolve, reject) => {
    const request = http.request(`${server.url}${path}`, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, wire: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('plain GraphQL path', () => {
  it.each([
    ['a query', { query: '{ me { id name } serverInfo { version } }' }],
    ['a query with variables and an operation name', { query: 'query Q($id: ID!) { task(id: $id) { id } me { id name } } query R { serverInfo { version } }', operationName: 'Q', variables: { id: 'b'.repeat(32) } }],
    ['a syntax error', { query: '{ tasks(' }],
    ['a validation error', { query: '{ noSuchField }' }],
    ['an unknown operation name', { query: '{ me { id name } serverInfo { version } }', operationName: 'Nope' }],
    ['a bad variable', { query: 'query($id: ID!) { task(id: $id) { id } }', variables: { id: 5.5 } }],
    ['a missing variable', { query: 'query($id: ID!) { task(id: $id) { id } }' }],
    ['a domain error', { query: '{ tasks(first: -1) { totalCount } }' }],
    ['a typed mutation error', { query: 'mutation($id: ID!) { startTask(input: { taskId: $id }) { __typename ... on Error { code } } }', variables: { id: 'a'.repeat(32) } }],
    ['a too deep query', { query: `{ tasks { edges { node { project { tasks { edges { node { project { tasks { edges { node { id } } } } } } } } } } } }` }],
    ['a page over the limit', { query: '{ tasks(first: 100000) { totalCount } }' }],
    ['variables that are a list', { query: '{ me { id name } serverInfo { version } }', variables: [1] }],
    ['an unexpected parameter', { query: '{ me { id name } serverInfo { version } }', nonsense: 1 }],
    ['a body that is not JSON', '{"query": '],
    ['a batch', [{ query: '{ me { id name } serverInfo { version } }' }]],
  ])('%s: same status and body on both paths', async (name, body) => {
    const { plain, regular } = await bothPaths(body);
    // the successes must really be successes (an invalid document would make them one more error case)
    if (name.startsWith('a query')) expect([plain.status, plain.body.errors]).toEqual([200, undefined]);
    else expect(plain.status >= 400 || plain.body?.errors !== undefined || plain.body?.data?.startTask?.code !== undefined, JSON.stringify(plain)).toBe(true);
    expect(plain.status).toBe(regular.status);
    expect(plain.body).toEqual(regular.body);
    expect(plain.type).toBe(regular.type);
  });

  it('answers with a Content-Length (no chunked framing) that matches the body', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: defaultBasicAuth, 'accept-encoding': 'identity' },
      body: JSON.stringify({ query: '{ tasks(first: 3) { edges { node { id name created } } } }' }),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(200);
    expect(response.headers.get('transfer-encoding')).toBeNull();
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
    expect(JSON.parse(bytes.toString('utf8')).errors).toBeUndefined();
    // multi-byte characters: the length counts bytes, not characters
    const name = `résumé ✓ 🚀 ${id()}`;
    const created = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: defaultBasicAuth, 'accept-encoding': 'identity' },
      body: JSON.stringify({ query: 'mutation($name: String!) { createTask(input: { name: $name, type: training }) { ... on MutationCreateTaskSuccess { data { name } } } }', variables: { name } }),
    });
    const createdBytes = Buffer.from(await created.arrayBuffer());
    expect(Number(created.headers.get('content-length'))).toBe(createdBytes.length);
    expect(createdBytes.length).toBeGreaterThan(createdBytes.toString('utf8').length);
    expect(JSON.parse(createdBytes.toString('utf8')).data.createTask.data.name).toBe(name);
  });

  it.each([
    ['the plain path (POST)', 'POST', {}],
    ['the regular path (a browser POST)', 'POST', { origin: 'http://browser.example' }],
    ['a GET', 'GET', {}],
  ] as const)('%s gzips a large answer for a client that accepts it; the inflated body equals the identity one', async (_name, method, extra) => {
    // Only this test's tasks: the default company and public tasks change while other files run,
    // and the two answers are read one after the other.
    const prefix = `gzip ${id()}`;
    const params = {
      query: 'query($n: String) { tasks(first: 100, filter: { name: $n }) { edges { node { id name created lastUpdate status type } } } }',
      variables: { n: `^${prefix} ` },
    };
    const search = new URLSearchParams({ query: params.query, variables: JSON.stringify(params.variables) });
    const ask = (acceptEncoding: string) =>
      onWire(
        `/graphql${method === 'GET' ? `?${search}` : ''}`,
        { method, headers: { 'content-type': 'application/json', authorization: defaultBasicAuth, 'accept-encoding': acceptEncoding, ...extra } },
        method === 'GET' ? undefined : JSON.stringify(params),
      );
    for (let i = 0; i < 20; i++) await post(JSON.stringify({ query: `mutation { createTask(input: { name: "${prefix} ${id()}", type: training }) { __typename } }` }));
    const identity = await ask('identity');
    const zipped = await ask('gzip, deflate, br');
    const refused = await ask('gzip;q=0, br');
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.wire.equals(identity.wire)).toBe(true);
    expect(identity.wire.length).toBeGreaterThan(2048);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(zipped.headers['content-length'])).toBe(zipped.wire.length);
    expect(zipped.wire.length).toBeLessThan(identity.wire.length / 2);
    const inflated = JSON.parse(gunzipSync(zipped.wire).toString('utf8'));
    expect(inflated.errors).toBeUndefined();
    expect(inflated.data.tasks.edges).toHaveLength(20);
    expect(inflated).toEqual(JSON.parse(identity.wire.toString('utf8')));
  });

  it('an event stream is never compressed: each event arrives as it is sent', async () => {
    const controller = new AbortController();
    const socketResponse = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = http.request(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: defaultBasicAuth, 'accept-encoding': 'gzip' },
        signal: controller.signal,
      }, resolve);
      request.on('error', reject);
      request.end(JSON.stringify({ query: 'subscription { taskChanged { kind id } }' }));
    });
    try {
      expect(socketResponse.headers['content-type']).toMatch(/text\/event-stream/);
      expect(socketResponse.headers['content-encoding'] ?? 'none').toBe('none'); // yoga marks its streams 'none'
      let text = '';
      socketResponse.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socketResponse.on('error', () => {});
      const name = `unzipped stream ${id()}`;
      await post(JSON.stringify({ query: 'mutation($name: String!) { createTask(input: { name: $name, type: training }) { __typename } }', variables: { name } }));
      await vi.waitFor(() => expect(text).toMatch(/event: next[\s\S]*"UPSERT"/), { timeout: 15_000, interval: 50 });
    } finally {
      controller.abort();
    }
  });

  it('GraphiQL\'s page is gzipped for a browser that accepts it', async () => {
    const page = await onWire('/graphql', { headers: { accept: 'text/html', 'accept-encoding': 'gzip' } });
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(page.wire).toString('utf8')).toMatch(/graphiql/i);
  });

  it('a mutation runs once and returns its data', async () => {
    const name = `plain ${id()}`;
    const created = await post(JSON.stringify({
      query: 'mutation($name: String!) { createTask(input: { name: $name, type: training }) { ... on MutationCreateTaskSuccess { data { id name status } } } }',
      variables: { name },
    }));
    expect(created.status).toBe(200);
    expect(created.body.data.createTask.data).toMatchObject({ name, status: 'created' });
    const listed = await post(JSON.stringify({ query: 'query($n: String) { tasks(filter: { name: $n }) { totalCount } }', variables: { n: `^${name}$` } }));
    expect(listed.body).toEqual({ data: { tasks: { totalCount: 1 } } });
  });

  it('refuses bad credentials like the regular path (401), and a subscription without SSE (406)', async () => {
    const bad = await bothPaths({ query: '{ me { id name } serverInfo { version } }' }, { authorization: 'Bearer not-a-token' });
    expect(bad.plain.status).toBe(401);
    expect(bad.plain.body).toEqual(bad.regular.body);
    const subscription = await bothPaths({ query: 'subscription { taskChanged { id } }' }, { accept: 'application/json' });
    expect(subscription.plain.status).toBe(406);
    expect(subscription.regular.status).toBe(406);
  });

  it('a subscription accepted as */* streams events, as on the regular path', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: defaultBasicAuth },
      body: JSON.stringify({ query: 'subscription { taskChanged { kind id } }' }),
      signal: controller.signal,
    });
    try {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      const name = `streamed ${id()}`;
      await post(JSON.stringify({ query: 'mutation($name: String!) { createTask(input: { name: $name, type: training }) { __typename } }', variables: { name } }));
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('"UPSERT"')) text += new TextDecoder().decode((await reader.read()).value);
      expect(text).toMatch(/event: next/);
    } finally {
      controller.abort();
    }
  });

  it('sends the request id and logs nothing unexpected', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: defaultBasicAuth, 'x-request-id': 'plain-path-1' },
      body: JSON.stringify({ query: '{ me { id name } serverInfo { version } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('plain-path-1');
    expect(server.output()).not.toMatch(/request .* failed/);
  });
});
