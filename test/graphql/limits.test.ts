// Abuse protection of /graphql: depth, aliases, page size, cost and breadth, body size, batching,
// introspection off, and masked unexpected errors. Each refusal must be fast and carry a code.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { DEFAULT_GRAPHQL_LIMITS } from '../../src/graphql-limits.ts';
import { legacyEndpoints, validateLegacyRequest } from '../../src/legacy-rpc/endpoints/index.ts';
import { createServerLegacyRouter } from '../../src/legacy-rpc/router.ts';
import { createLogger } from '../../src/logger.ts';
import { createNodeHandler } from '../../src/node-handler.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { subscribe } from '../helpers/sse.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

let actor: Actor;
beforeAll(async () => {
  actor = await seedActor();
});

function appWith(options: Partial<Parameters<typeof createApp>[0]> = {}): App {
  return createApp({ authenticate: async () => actor, ...options });
}

async function post(app: App, body: unknown, init: RequestInit = {}) {
  const started = performance.now();
  const response = await app.fetch(
    new Request('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' || body instanceof ReadableStream ? body : JSON.stringify(body),
      ...init,
    }),
  );
  const json = (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
  return { status: response.status, ...json, ms: performance.now() - started };
}

const codesOf = (result: { errors?: { extensions?: Record<string, any> }[] }) => (result.errors ?? []).map((e) => e.extensions?.code);

describe('operation limits', () => {
  const app = appWith();

  it('refuses a query nested deeper than the limit, before anything runs', async () => {
    const nest = (n: number): string => (n === 0 ? 'id' : `parent { ${nest(n - 1)} }`);
    const ok = await post(app, { query: `{ task(id: "${'0'.repeat(32)}") { ${nest(8)} } }` });
    expect(ok.errors).toBeUndefined();
    const deep = await post(app, { query: `{ task(id: "${'0'.repeat(32)}") { ${nest(40)} } }` });
    expect(codesOf(deep)).toEqual(['QUERY_TOO_DEEP']);
    expect(deep.errors![0]!.extensions).toMatchObject({ maxDepth: DEFAULT_GRAPHQL_LIMITS.maxDepth });
    expect(deep.data).toBeUndefined();
    expect(deep.ms).toBeLessThan(2000);
  });

  it('refuses alias bombs, however they are spread over fragments', async () => {
    const aliases = Array.from({ length: 5000 }, (_, i) => `a${i}: __typename`).join(' ');
    const bomb = await post(app, { query: `{ ...F } fragment F on Query { ${aliases} }` });
    expect(codesOf(bomb)).toEqual(['TOO_MANY_ALIASES']);
    expect(bomb.ms).toBeLessThan(2000);
    const few = await post(app, { query: `{ a: __typename b: __typename }` });
    expect(few.data).toEqual({ a: 'Query', b: 'Query' });
  });

  it('measures nested fragment spreads without expanding them, and survives fragment cycles', async () => {
    // F0 → 10×F1 → 10×F2 ... : 10^6 aliased fields once expanded, a few hundred bytes of text
    const levels = Array.from({ length: 6 }, (_, i) =>
      `fragment F${i} on Query { ${Array.from({ length: 10 }, (_, j) => (i === 5 ? `x${j}: __typename` : `...F${i + 1}`)).join(' ')} }`,
    );
    const bomb = await post(app, { query: `{ ...F0 } ${levels.join(' ')}` });
    expect(codesOf(bomb)).toEqual(['TOO_MANY_ALIASES']);
    expect(bomb.ms).toBeLessThan(2000);
    const cycle = await post(app, { query: `{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }` });
    expect(cycle.data).toBeUndefined();
    expect(cycle.errors![0]!.message).toMatch(/cannot spread fragment/i);
  });

  it('stops parsing documents with too many tokens', async () => {
    const huge = await post(app, { query: `{ ${Array.from({ length: 25_000 }, () => '__typename').join(' ')} }` });
    expect(codesOf(huge)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(huge.errors![0]!.message).toMatch(/Document contains more tha[nt] 20000 tokens/);
    // the lexer's first (unoptimised) run over 20 000 tokens alone takes ~200 ms on an idle machine
    expect(huge.ms).toBeLessThan(5000);
  });

  it('refuses page sizes over the maximum, given literally or as a variable', async () => {
    const literal = await post(app, { query: `{ tasks(first: 100000) { edges { node { id } } } }` });
    expect(codesOf(literal)).toEqual(['PAGE_SIZE_TOO_LARGE']);
    const variable = await post(app, {
      query: `query($n: Int) { tasks(last: $n) { edges { node { id } } } }`,
      variables: { n: DEFAULT_GRAPHQL_LIMITS.maxPageSize + 1 },
    });
    expect(codesOf(variable)).toEqual(['PAGE_SIZE_TOO_LARGE']);
    const fine = await post(app, { query: `{ tasks(first: 5) { edges { node { id } } } }` });
    expect(fine.errors).toBeUndefined();
  });

  it('refuses operations whose estimated cost or breadth is over the limit', async () => {
    const small = appWith({ limits: { ...DEFAULT_GRAPHQL_LIMITS, maxComplexity: 500, maxBreadth: 40, maxAliases: 100 } });
    // 200 tasks × (node + id + artifacts × 10 × 3 fields) ≫ 500
    const costly = await post(small, { query: `{ tasks(first: 200) { edges { node { id artifacts { key uri type } } } } }` });
    expect(codesOf(costly)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(costly.errors![0]!.extensions).toMatchObject({ limit: 500 });
    const cheap = await post(small, { query: `{ tasks(first: 5) { edges { node { id name } } } }` });
    expect(cheap.errors).toBeUndefined();
    const fields = Array.from({ length: 60 }, (_, i) => `f${i}: name`).join(' ');
    const broad = await post(appWith({ limits: { ...DEFAULT_GRAPHQL_LIMITS, maxBreadth: 40, maxAliases: 100 } }), {
      query: `{ tasks(first: 1) { edges { node { ${fields} } } } }`,
    });
    expect(codesOf(broad)).toEqual(['QUERY_TOO_BROAD']);
  });

  it('counts a mutation against the limits before any root field runs', async () => {
    const small = appWith({ limits: { ...DEFAULT_GRAPHQL_LIMITS, maxComplexity: 30, maxAliases: 100 } });
    const task = await seedTask(actor, { name: 'limit victim' });
    const fields = Array.from({ length: 40 }, (_, i) => `f${i}: name`).join(' ');
    const result = await post(small, {
      query: `mutation($id: ID!) { startTask(input: { taskId: $id }) { ... on MutationStartTaskSuccess { data { ${fields} } } } }`,
      variables: { id: task.id },
    });
    expect(codesOf(result)).toEqual(['QUERY_TOO_COMPLEX']);
    const status = await post(app, { query: `query($id: ID!) { task(id: $id) { status } }`, variables: { id: task.id } });
    expect(status.data.task.status).toBe('created'); // nothing ran
  });

  it('refuses a subscription over the limits before its stream opens', async () => {
    const small = appWith({ limits: { ...DEFAULT_GRAPHQL_LIMITS, maxComplexity: 30, maxBreadth: 1_000, maxAliases: 100 } });
    const fields = Array.from({ length: 40 }, (_, i) => `f${i}: name`).join(' ');
    const costly = await subscribe(small.fetch, 'http://localhost/graphql', {}, `subscription { taskChanged { id task { ${fields} } } }`);
    await costly.ended;
    expect(costly.results.map((r) => r.errors?.[0]?.extensions)).toEqual([{ code: 'QUERY_TOO_COMPLEX', complexity: 43, limit: 30 }]);
    const cheap = await subscribe<{ taskChanged: unknown }, object>(small.fetch, 'http://localhost/graphql', {}, `subscription { taskChanged { id task { name } } }`);
    try {
      expect(cheap.status).toBe(200);
      // open, waiting for changes, and no error: changes of public tasks (which other test files,
      // running in parallel, make at any time) reach every company, so some may already be here
      expect(cheap.results.filter((r) => r.errors || !r.data?.taskChanged)).toEqual([]);
    } finally {
      await cheap.close();
    }
  });
});

describe('request body', () => {
  const app = appWith({ limits: { ...DEFAULT_GRAPHQL_LIMITS, maxBodyBytes: 10_000 } });

  it('answers 413 for a body over the limit, declared or streamed without a length', async () => {
    const big = JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(20_000) } });
    const declared = await post(app, big);
    expect(declared.status).toBe(413);
    expect(codesOf(declared)).toEqual(['BODY_TOO_LARGE']);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // an endless upload: the reader must stop it
        sent += 4096;
        controller.enqueue(new TextEncoder().encode(' '.repeat(4096)));
        if (sent > 50_000_000) controller.close();
      },
    });
    const streamed = await post(app, stream, { duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(1_000_000);
  });

  it('refuses batched operations and malformed JSON with a code', async () => {
    const batch = await post(app, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(batch.status).toBe(400);
    expect(codesOf(batch)).toEqual(['BATCHING_NOT_SUPPORTED']);
    const malformed = await post(app, '{"query": ');
    expect(malformed.status).toBe(400);
    expect(codesOf(malformed)).toEqual(['BAD_REQUEST']);
  });
});

describe('production switches', () => {
  it('turns introspection off but keeps __typename', async () => {
    const closed = appWith({ introspection: false });
    const schema = await post(closed, { query: '{ __schema { types { name } } }' });
    expect(schema.errors?.[0]?.message).toMatch(/introspection/i);
    expect(schema.data).toBeUndefined();
    expect((await post(closed, { query: '{ __typename }' })).data).toEqual({ __typename: 'Query' });
    const open = await post(appWith(), { query: '{ __schema { queryType { name } } }' });
    expect(open.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('does not serve the GraphiQL page when it is off', async () => {
    const page = (app: App) =>
      app.fetch(new Request('http://localhost/graphql', { headers: { accept: 'text/html' } }));
    const on = await page(createApp({ authenticate: async () => new Response(null, { status: 401 }) }));
    expect(on.status).toBe(200);
    expect(await on.text()).toMatch(/graphiql/i);
    const off = await page(createApp({ graphiql: false, authenticate: async () => new Response(null, { status: 401 }) }));
    expect(off.status).toBe(401); // no page: a data request, and it needs credentials
  });
});

describe('bad variables', () => {
  it('a value a custom scalar refuses is the caller\'s error (BAD_USER_INPUT)', async () => {
    const result = await post(appWith(), {
      query: 'mutation($labels: JSONObject) { createTask(input: { name: "labels", type: training, execution: { modelLabels: $labels } }) { __typename } }',
      variables: { labels: 0 },
    });
    expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.message).toMatch(/Variable "\$labels" got invalid value 0/);
  });
});

describe('input the database refuses', () => {
  it('is a clear INVALID_INPUT error, not an internal one', async () => {
    const app = appWith();
    const nul = await post(app, {
      query: 'mutation($name: String!) { createTask(input: { name: $name, type: training }) { __typename } }',
      variables: { name: 'a\u0000b' },
    });
    expect(codesOf(nul)).toEqual(['INVALID_INPUT']);
    expect(nul.errors![0]!.message).toMatch(/character/);
  });
});

describe('unexpected errors', () => {
  let server: http.Server;
  let url: string;
  const lines: Record<string, any>[] = [];
  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    });
    const logger = createLogger({ stream });
    // An identity the database driver chokes on: every query fails with an unexpected error.
    const poison = { toPostgres: () => { throw new Error('driver failure: SELECT secret FROM somewhere'); } };
    const broken = { ...actor, companyId: poison } as unknown as Actor;
    const app = createApp({ authenticate: async () => broken, logger });
    const legacy = createServerLegacyRouter(legacyEndpoints, validateLegacyRequest);
    server = http.createServer(createNodeHandler({ app, legacy, logger }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('are masked for the client and logged with the request id the client got', async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-limits-1' },
      body: JSON.stringify({ query: '{ tasks(first: 1) { edges { node { id } } } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('req-limits-1');
    const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-limits-1' });
    expect(JSON.stringify(body)).not.toMatch(/SELECT|secret|driver|stack|\.ts:\d+|prisma/i);
    // the request line is written when the response has finished: wait for it, do not guess a delay
    await vi.waitFor(() => expect(lines.some((l) => l.msg === 'request' && l.reqId === 'req-limits-1')).toBe(true), { timeout: 5_000 });
    const logged = lines.find((l) => l.msg === 'unexpected GraphQL error');
    expect(logged).toMatchObject({ level: 'error', reqId: 'req-limits-1' });
    expect(logged!.err).toBeDefined();
    const request = lines.find((l) => l.msg === 'request' && l.reqId === 'req-limits-1');
    expect(request).toMatchObject({ method: 'POST', path: '/graphql', status: 200 });
    expect(typeof request!.durationMs).toBe('number');
  });

  it('gives every request an id, replacing unusable ones', async () => {
    const response = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } });
    const id = response.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
