// The legacy wire (spec §1, conformance items 1, 2 and 4): envelope, version resolution, body forms
// and processing order, over a real socket. Test-local endpoints stand in for the tasks service.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLegacyRouter, type LegacyRequest } from '../../src/legacy-rpc/router.ts';
import { ApiError, type EndpointDefinition, type LegacyCall } from '../../src/legacy-rpc/types.ts';
import { defaultActor } from '../../src/resolvers/bootstrap.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { TaskNotFoundError, InvalidStatusTransitionError } from '../../src/resolvers/errors.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { callLegacy, startLegacyServer, useLegacyServer, type LegacyServer } from '../helpers/legacy.ts';

const echo = async (call: LegacyCall) => ({
  body: call.body,
  batch: call.batch,
  version: call.version,
  user: call.actor.userId,
  worker: call.headers['x-trains-worker'] ?? null,
});

const testEndpoints: EndpointDefinition[] = [
  { name: 'tests.echo', minVersion: '1.0', handler: echo },
  { name: 'tests.newer', minVersion: '2.2', handler: async () => ({ which: '2.2' }) },
  { name: 'tests.multi', minVersion: '1.0', handler: async () => ({ which: '1.0' }) },
  { name: 'tests.multi', minVersion: '2.5', handler: async () => ({ which: '2.5' }) },
  { name: 'tests.public', minVersion: '1.0', auth: false, handler: async (call) => ({ user: call.actor.userId }) },
  {
    name: 'tests.domain_error',
    minVersion: '1.0',
    handler: async () => {
      throw new TaskNotFoundError('abc');
    },
  },
  {
    name: 'tests.status_error',
    minVersion: '1.0',
    handler: async () => {
      throw new InvalidStatusTransitionError('t1', 'created', 'stopped');
    },
  },
  {
    name: 'tests.api_error',
    minVersion: '1.0',
    handler: async () => {
      throw new ApiError(403, 21, 'Forbidden (modification not allowed)');
    },
  },
  {
    name: 'tests.crash',
    minVersion: '1.0',
    handler: async () => {
      throw new Error('relation "secret_table" does not exist: SELECT * FROM secret_table');
    },
  },
  { name: 'tests.unserializable', minVersion: '1.0', handler: async () => ({ n: 1n }) },
];

useTestDatabase();
useLegacyServer({ endpoints: testEndpoints });

let actor: Actor;
beforeAll(async () => {
  actor = await seedActor();
});
const auth = () => ({ actor });

describe('envelope (item 1)', () => {
  it('a success is HTTP 200 with result 200/0 "OK", error_stack "" and a 32-hex id echoed as trx', async () => {
    const { status, headers, json } = await callLegacy('/tests.echo', { auth: auth(), body: { a: 1 } });
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['access-control-allow-origin']).toBe('*');
    expect(json.meta).toMatchObject({
      endpoint: { name: 'tests.echo', requested_version: '2.9', actual_version: '1.0' },
      result_code: 200,
      result_subcode: 0,
      result_msg: 'OK',
      error_stack: '',
    });
    expect(json.meta.id).toMatch(/^[0-9a-f]{32}$/);
    expect(json.meta.trx).toBe(json.meta.id);
    expect(json.data).toMatchObject({ body: { a: 1 }, user: actor.userId });
  });

  it('meta.trx is the X-Trains-Trx header when sent; ids are fresh per call', async () => {
    const first = await callLegacy('/tests.echo', { auth: auth(), headers: { 'X-Trains-Trx': 'my-trx-1' } });
    const second = await callLegacy('/tests.echo', { auth: auth() });
    expect(first.json.meta.trx).toBe('my-trx-1');
    expect(first.json.meta.id).not.toBe(second.json.meta.id);
  });

  it('errors: HTTP status = result_code, error_stack null, data {}', async () => {
    const { status, json } = await callLegacy('/tests.domain_error', { auth: auth() });
    expect(status).toBe(400);
    expect(json.meta).toMatchObject({ result_code: 400, result_subcode: 101, error_stack: null });
    expect(json.meta.result_msg).toBe('Invalid task id: id=abc');
    expect(json.data).toEqual({});
  });

  it('domain errors are formatted "<default> (<extra>): k=v"', async () => {
    const { json } = await callLegacy('/tests.status_error', { auth: auth() });
    expect([json.meta.result_code, json.meta.result_subcode]).toEqual([400, 110]);
    expect(json.meta.result_msg).toBe(
      'Invalid task status (Invalid status change): task=t1, current_status=created, new_status=stopped',
    );
  });

  it('ApiErrors keep their code, subcode and message', async () => {
    const { status, json } = await callLegacy('/tests.api_error', { auth: auth() });
    expect(status).toBe(403);
    expect(json.meta).toMatchObject({ result_code: 403, result_subcode: 21, result_msg: 'Forbidden (modification not allowed)' });
  });

  it('unexpected failures are 500/0 with a generic message (no SQL or stack), logged', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { status, json, text } = await callLegacy('/tests.crash', { auth: auth() });
      expect(status).toBe(500);
      expect(json.meta).toMatchObject({ result_code: 500, result_subcode: 0, error_stack: null });
      expect(text).not.toMatch(/secret_table|SELECT/);
      expect(json.data).toEqual({});
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('data that cannot be serialized is 500/0 "Error serializing response data"', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { json } = await callLegacy('/tests.unserializable', { auth: auth() });
      expect([json.meta.result_code, json.meta.result_subcode]).toEqual([500, 0]);
      expect(json.meta.result_msg).toMatch(/^Error serializing response data/);
    } finally {
      logged.mockRestore();
    }
  });
});

describe('version resolution (item 2)', () => {
  it('a bare path requests 2.9; the handler min-version is the actual version', async () => {
    const { json } = await callLegacy('/tests.echo', { auth: auth() });
    expect(json.meta.endpoint).toEqual({ name: 'tests.echo', requested_version: '2.9', actual_version: '1.0' });
    expect(json.data.version).toBe('2.9');
  });

  it('versions below 2.1 are JSON numbers, written 1.5 and 1.0', async () => {
    const { json, text } = await callLegacy('/v1.5/tests.echo', { auth: auth() });
    expect(json.meta.endpoint).toEqual({ name: 'tests.echo', requested_version: 1.5, actual_version: 1 });
    expect(text).toContain('"requested_version":1.5,"actual_version":1.0');
    expect(json.data.version).toBe('1.5');
  });

  it('picks the largest min-version ≤ requested', async () => {
    const at = async (path: string) => {
      const { json } = await callLegacy(path, { auth: auth() });
      return [json.meta.endpoint.actual_version, json.data.which];
    };
    expect(await at('/v2.4/tests.multi')).toEqual(['1.0', '1.0']);
    expect(await at('/v2.5/tests.multi')).toEqual(['2.5', '2.5']);
    expect(await at('/tests.multi')).toEqual(['2.5', '2.5']);
    expect(await at('/v1.0/tests.multi')).toEqual([1, '1.0']);
  });

  it('a handler newer than the requested version is 404/0', async () => {
    const below = await callLegacy('/v2.1/tests.newer', { auth: auth() });
    expect(below.status).toBe(404);
    expect(below.json.meta).toMatchObject({
      result_code: 404,
      result_subcode: 0,
      result_msg: 'Unable to find endpoint for name tests.newer and version 2.1',
      endpoint: { name: 'tests.newer', requested_version: '2.1', actual_version: null },
    });
    const at = await callLegacy('/v2.2/tests.newer', { auth: auth() });
    expect(at.json.meta.endpoint).toEqual({ name: 'tests.newer', requested_version: '2.2', actual_version: '2.2' });
  });

  it('real endpoints report their registered min-versions (auth.logout ≥ 2.2)', async () => {
    expect((await callLegacy('/v2.1/auth.logout')).status).toBe(404);
    const logout = await callLegacy('/v2.2/auth.logout', { auth: auth() });
    expect(logout.json.meta.endpoint.actual_version).toBe('2.2');
  });

  it('versions above 2.9 are accepted and behave like 2.9', async () => {
    const { json } = await callLegacy('/v2.14/tests.echo', { auth: auth() });
    expect(json.meta.endpoint).toEqual({ name: 'tests.echo', requested_version: '2.14', actual_version: '1.0' });
    expect(json.data.version).toBe('2.9');
  });

  it('an unknown endpoint is 404 even without credentials (checked before authentication)', async () => {
    const { status, json } = await callLegacy('/tasks.foo');
    expect(status).toBe(404);
    expect(json.meta).toMatchObject({
      result_code: 404,
      result_subcode: 0,
      result_msg: 'Unable to find endpoint for name tasks.foo and version 2.9',
      endpoint: { name: 'tasks.foo', requested_version: '2.9', actual_version: null },
    });
    const badCredentials = await callLegacy('/tasks.foo', { auth: { bearer: 'garbage' } });
    expect(badCredentials.status).toBe(404);
  });

  it('accepts the path forms of §1.1 (trailing slash, versioned)', async () => {
    for (const path of ['/tests.echo/', '/v2.9/tests.echo', '/v2.9/tests.echo/']) {
      const { status } = await callLegacy(path, { auth: auth() });
      expect(status, path).toBe(200);
    }
  });
});

describe('request bodies (§1.3, item 4)', () => {
  it('reads a JSON body on GET over a real socket', async () => {
    const { json } = await callLegacy('/v2.9/tests.echo', { method: 'GET', auth: auth(), body: { task: 'x', n: [1, 2] } });
    expect(json.data.body).toEqual({ task: 'x', n: [1, 2] });
    expect(json.data.batch).toEqual([{ task: 'x', n: [1, 2] }]);
  });

  it('any method works: POST and PUT are the same call', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const { json } = await callLegacy('/tests.echo', { method, auth: auth(), body: { m: method } });
      expect(json.data.body).toEqual({ m: method });
    }
  });

  it('parses JSON regardless of the content type', async () => {
    const { json } = await callLegacy('/tests.echo', {
      auth: auth(),
      body: '{"a": "b"}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(json.data.body).toEqual({ a: 'b' });
  });

  it('without a body, query parameters are the data, with the original string conversions', async () => {
    const { json } = await callLegacy(
      '/tests.echo?task=abc&n=10&f=1.5&dot=1.&neg=-1&t=TRUE&no=false&dup=first&dup=second&hex=1e5&empty=',
      { auth: auth() },
    );
    expect(json.data.body).toEqual({
      task: 'abc',
      n: 10,
      f: 1.5,
      dot: 1,
      neg: '-1',
      t: true,
      no: false,
      dup: 'first',
      hex: '1e5',
      empty: '',
    });
  });

  it('an empty object or null body also falls back to the query string; a non-empty one shadows it', async () => {
    for (const body of ['{}', 'null', '']) {
      const { json } = await callLegacy('/tests.echo?task=q', { auth: auth(), body });
      expect(json.data.body, body).toEqual({ task: 'q' });
    }
    const shadowed = await callLegacy('/tests.echo?task=q', { auth: auth(), body: { other: 1 } });
    expect(shadowed.json.data.body).toEqual({ other: 1 });
  });

  it('form fields come before query parameters', async () => {
    const { json } = await callLegacy('/tests.echo?a=query&b=2', {
      method: 'POST',
      auth: auth(),
      body: 'a=form&c=true',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(json.data.body).toEqual({ a: 'form', c: true, b: 2 });
  });

  it('a JSON object sent with a form content type (curl -d) is read as JSON', async () => {
    const { json } = await callLegacy('/tests.echo?b=2', {
      method: 'POST',
      auth: auth(),
      body: '{"task": "t1", "n": 3}',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(json.data.body).toEqual({ task: 't1', n: 3 });
  });

  it('malformed JSON is 400/0 "Failed to decode JSON object"', async () => {
    const { status, json } = await callLegacy('/tests.echo', { auth: auth(), body: '{"a": ' });
    expect(status).toBe(400);
    expect(json.meta).toMatchObject({ result_code: 400, result_subcode: 0, endpoint: { name: 'tests.echo', actual_version: null } });
    expect(json.meta.result_msg).toMatch(/^Failed to decode JSON object/);
  });

  it('a JSON body that is not an object is 400/0 "Data should be a dict" (the original: 500/0)', async () => {
    for (const body of ['[1, 2]', '"text"', '42', 'true']) {
      const { status, json } = await callLegacy('/tests.echo', { auth: auth(), body });
      expect(status, body).toBe(400);
      expect(json.meta).toMatchObject({ result_code: 400, result_subcode: 0, result_msg: 'Data should be a dict' });
    }
  });

  it('body parse errors come before endpoint resolution', async () => {
    const { status, json } = await callLegacy('/tasks.foo', { body: '{oops' });
    expect(status).toBe(400);
    expect(json.meta.endpoint).toEqual({ name: 'tasks.foo', requested_version: '2.9', actual_version: null });
  });

  describe('application/json-lines', () => {
    const lines = (body: string, contentType = 'application/json-lines') =>
      callLegacy('/tests.echo', { method: 'POST', auth: auth(), body, headers: { 'content-type': contentType } });

    it('one object per line becomes the batch; the body is empty', async () => {
      const { json } = await lines('{"a": 1}\n{"b": "x"}\r\n{"c": [1]}\n');
      expect(json.meta.result_code).toBe(200);
      expect(json.data.batch).toEqual([{ a: 1 }, { b: 'x' }, { c: [1] }]);
      expect(json.data.body).toEqual({});
    });

    it('ISO date strings stay strings (quirk Q18 not reproduced)', async () => {
      const { json } = await lines('{"t": "2020-08-10T12:34:56"}');
      expect(json.data.batch).toEqual([{ t: '2020-08-10T12:34:56' }]);
    });

    it.each([
      ['invalid JSON', '{"a": 1}\n{"b": \n', /line 1/],
      ['an empty line in the middle', '{"a": 1}\n\n{"b": 2}', /line 1/],
      ['a non-object line', '{"a": 1}\n[1, 2]', /line 1, found list/],
    ])('%s is 400/0', async (_name, body, message) => {
      const { status, json } = await lines(body);
      expect(status).toBe(400);
      expect(json.meta).toMatchObject({ result_code: 400, result_subcode: 0 });
      expect(json.meta.result_msg).toMatch(message);
    });

    it('only the exact content type counts: with parameters the body is parsed as one JSON value', async () => {
      const { json } = await lines('{"a": 1}\n{"b": 2}', 'application/json-lines; charset=utf-8');
      expect([json.meta.result_code, json.meta.result_subcode]).toEqual([400, 0]);
      expect(json.meta.result_msg).toMatch(/^Failed to decode JSON object/);
    });

    it('a plain JSON body is a one-element batch', async () => {
      const { json } = await callLegacy('/tests.echo', { auth: auth(), body: { one: 1 } });
      expect(json.data.batch).toEqual([{ one: 1 }]);
    });
  });

  describe('body size limit', () => {
    let small: LegacyServer;
    beforeAll(async () => {
      small = await startLegacyServer({ endpoints: testEndpoints, maxBodyBytes: 1024 });
    });
    afterAll(() => small.close());

    it('a body over the limit is 400/0 "Request body too large" and closes the connection', async () => {
      const body = { blob: 'x'.repeat(4096) };
      const { status, headers, json } = await callLegacy('/tests.echo', { auth: auth(), body, baseUrl: small.url });
      expect(status).toBe(400);
      expect(headers.connection).toBe('close');
      expect(json.meta).toMatchObject({ result_code: 400, result_subcode: 0, result_msg: 'Request body too large' });
      expect(json.meta.endpoint.name).toBe('tests.echo');
    });

    it('also without a declared length (chunked upload)', async () => {
      // A raw socket: node's http client drops a reply that arrives while it is still uploading.
      const { port } = new URL(small.url);
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(port), '127.0.0.1');
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        socket.on('error', reject);
        socket.on('close', () => resolve(text));
        socket.write('GET /tests.echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
        for (let i = 0; i < 3; i++) socket.write(`320\r\n${'x'.repeat(800)}\r\n`);
        socket.write('0\r\n\r\n');
      });
      expect(raw).toMatch(/^HTTP\/1\.1 400 /);
      expect(raw).toMatch(/\r\nconnection: close\r\n/i);
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)).meta.result_msg).toBe('Request body too large');
    });

    it('a body under the limit passes', async () => {
      const { status } = await callLegacy('/tests.echo', { auth: auth(), body: { a: 'x'.repeat(500) }, baseUrl: small.url });
      expect(status).toBe(200);
    });
  });
});

describe('HTTP details', () => {
  it('OPTIONS is an empty 200 with CORS headers, without credentials', async () => {
    const { status, headers, text } = await callLegacy('/tasks.get_all', {
      method: 'OPTIONS',
      headers: { origin: 'http://ui.example', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(status).toBe(200);
    expect(text).toBe('');
    expect(headers['access-control-allow-origin']).toBe('*');
    expect(headers['access-control-allow-headers']).toBe('authorization, content-type');
    expect(headers['access-control-allow-methods']).toMatch(/GET/);
  });

  it('auth: false endpoints run without credentials as the default user, and use valid ones', async () => {
    const anonymous = await callLegacy('/tests.public');
    expect(anonymous.json.data).toEqual({ user: defaultActor.userId });
    const badCredentials = await callLegacy('/tests.public', { auth: { bearer: 'garbage' } });
    expect(badCredentials.json.data).toEqual({ user: defaultActor.userId });
    const authenticated = await callLegacy('/tests.public', { auth: auth() });
    expect(authenticated.json.data).toEqual({ user: actor.userId });
  });

  it('request headers reach the handler (lower-case names)', async () => {
    const { json } = await callLegacy('/tests.echo', { auth: auth(), headers: { 'X-Trains-Worker': 'host-1' } });
    expect(json.data.worker).toBe('host-1');
  });

  it('paths outside the legacy grammar go to the fetch app', async () => {
    for (const path of ['/graphql', '/healthz', '/v2/tasks.get_all', '/a.b']) {
      const { status, text } = await callLegacy(path);
      expect(status, path).toBe(404);
      expect(text, path).toBe('not the legacy router');
    }
  });
});

describe('router, without a transport', () => {
  const request = (path: string, overrides: Partial<LegacyRequest> = {}): LegacyRequest => ({
    method: 'GET',
    path,
    query: new URLSearchParams(),
    headers: {},
    body: Buffer.alloc(0),
    ...overrides,
  });
  const order: string[] = [];
  const router = createLegacyRouter({
    endpoints: [{ name: 'tests.echo', minVersion: '1.0', handler: async (call) => (order.push('handler'), { body: call.body }) }],
    authenticate: async (headers) => {
      order.push('authenticate');
      return headers.authorization === 'ok' ? defaultActor : new ApiError(401, 20, 'Unauthorized (missing credentials)');
    },
    validate: (endpoint, version, body) => {
      order.push(`validate ${endpoint} ${version}`);
      if (body.bad) throw new ApiError(400, 12, 'Validation error');
      return { ...body, validated: true };
    },
  });

  it('a path outside the grammar is 400/0 "Invalid request path", endpoint "" and requested 1.0', async () => {
    for (const path of ['/v2/tasks.get_all', '/tasks', '/a.b', '/x/tasks.get_all']) {
      const response = await router.handle(request(path));
      expect(response.status, path).toBe(400);
      const json = JSON.parse(response.body);
      expect(json.meta).toMatchObject({
        endpoint: { name: '', requested_version: 1, actual_version: null },
        result_code: 400,
        result_subcode: 0,
        result_msg: `Invalid request path ${path}`,
        error_stack: null,
      });
      expect(response.body).toContain('"requested_version":1.0');
    }
  });

  it('order: parse → resolve → authenticate → validate → handler', async () => {
    order.length = 0;
    expect((await router.handle(request('/tests.nope'))).status).toBe(404);
    expect(order).toEqual([]);
    expect((await router.handle(request('/tests.echo', { body: Buffer.from('{"bad": 1}') }))).status).toBe(401);
    expect(order).toEqual(['authenticate']);
    order.length = 0;
    const invalid = await router.handle(request('/v3.1/tests.echo', { headers: { authorization: 'ok' }, body: Buffer.from('{"bad": 1}') }));
    expect([invalid.status, JSON.parse(invalid.body).meta.result_subcode]).toEqual([400, 12]);
    expect(order).toEqual(['authenticate', 'validate tests.echo 2.9']);
    order.length = 0;
    const ok = await router.handle(request('/tests.echo', { headers: { authorization: 'ok' }, body: Buffer.from('{"a": 1}') }));
    expect(JSON.parse(ok.body).data).toEqual({ body: { a: 1, validated: true } });
    expect(order).toEqual(['authenticate', 'validate tests.echo 2.9', 'handler']);
  });

  it('refuses duplicate registrations and bad names', () => {
    const handler = async () => ({});
    expect(() =>
      createLegacyRouter({
        endpoints: [
          { name: 'aa.bb', minVersion: '1.0', handler },
          { name: 'aa.bb', minVersion: '1.0', handler },
        ],
        authenticate: async () => defaultActor,
      }),
    ).toThrow(/twice/);
    expect(() => createLegacyRouter({ endpoints: [{ name: 'nodot', minVersion: '1.0', handler }], authenticate: async () => defaultActor })).toThrow();
  });
});
