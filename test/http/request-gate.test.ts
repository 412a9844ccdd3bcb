// Admission control of API requests: the gate itself (limit, first come first served, places
// handed back on success, failure and early leave), and the node handler over a real socket:
// GraphQL and legacy calls share the limit, a client that gives up while waiting does not keep a
// place (and its call is not run), event streams do not hold one, and health checks never wait.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { RequestGate } from '../../src/http/request-gate.ts';
import type { LegacyRouter } from '../../src/legacy-rpc/router.ts';
import { createNodeHandler } from '../../src/node-handler.ts';

const ACTOR = { companyId: 'c'.repeat(32), userId: 'u'.repeat(32), role: 'user' };

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('RequestGate', () => {
  it('runs at most `limit` at once, in arrival order, and hands places over on success and failure', async () => {
    const gate = new RequestGate(2);
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    const releases = Array.from({ length: 6 }, () => deferred());
    const runs = releases.map((release, i) =>
      gate.run(async () => {
        started.push(i);
        peak = Math.max(peak, ++running);
        await release.promise;
        running--;
        if (i === 1) throw new Error('work failed');
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(gate.counts).toEqual({ active: 2, waiting: 4 });
    releases[1]!.resolve(); // fails: its place still goes to the next in line
    await expect(runs[1]).rejects.toThrow('work failed');
    await tick();
    expect(started).toEqual([0, 1, 2]);
    for (const release of releases) release.resolve();
    expect(await Promise.all([runs[0], runs[2], runs[3], runs[4], runs[5]])).toEqual([0, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(gate.counts).toEqual({ active: 0, waiting: 0 });
  });

  it('a run that leaves early lets the next one in while it goes on; leaving twice is harmless', async () => {
    const gate = new RequestGate(1);
    const streaming = deferred();
    const first = gate.run(async (leave) => {
      leave();
      leave();
      await streaming.promise;
      return 'stream done';
    });
    expect(await gate.run(async () => 'second')).toBe('second');
    expect(gate.counts).toEqual({ active: 0, waiting: 0 });
    streaming.resolve();
    expect(await first).toBe('stream done');
    expect(gate.counts).toEqual({ active: 0, waiting: 0 });
  });

  it('refuses a limit below 1', () => {
    expect(() => new RequestGate(0)).toThrow(RangeError);
  });
});

describe('node handler with a request limit', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  /** A handler whose GraphQL execution and legacy calls wait for `hold` and record how many run at once. */
  async function serve(limit: number) {
    let running = 0;
    let peak = 0;
    let hold = deferred();
    const calls: string[] = [];
    const busy = async <T>(name: string, answer: () => T): Promise<T> => {
      calls.push(name);
      peak = Math.max(peak, ++running);
      try {
        await hold.promise;
        return answer();
      } finally {
        running--;
      }
    };
    const app: Pick<App, 'fetch' | 'executeJson'> = {
      executeJson: async (params) => {
        if (String(params.query).startsWith('subscription')) throw new Error('subscriptions take the regular path');
        return busy('graphql', () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { ok: true } }) }));
      },
      fetch: async (request) => {
        if (new URL(request.url).pathname === '/healthz') return Response.json({ status: 'ok' });
        // an event stream that lasts until the client leaves
        const stream = new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode(': open\n\n')) });
        return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
      },
    };
    const legacy: LegacyRouter = {
      handle: () => busy('legacy', () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"meta":{},"data":{}}' })),
    };
    server = http.createServer(
      createNodeHandler({
        app,
        legacy,
        graphql: { authenticate: async () => ACTOR, maxBodyBytes: 1 << 20 },
        maxConcurrentRequests: limit,
      }),
    );
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      url,
      calls,
      get peak() {
        return peak;
      },
      release() {
        const released = hold;
        hold = deferred();
        released.resolve();
      },
      releaseAll() {
        hold.resolve();
        hold = { promise: Promise.resolve(), resolve: () => {} };
      },
    };
  }

  const graphqlPost = (url: string, query = '{ ok }') =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
      body: JSON.stringify({ query }),
    });
  const legacyPost = (url: string) =>
    fetch(`${url}/v2.9/tasks.get_all`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

  it('GraphQL and legacy requests share the limit and all get answered', async () => {
    const s = await serve(2);
    const pending = [
      ...Array.from({ length: 6 }, () => graphqlPost(s.url)),
      ...Array.from({ length: 6 }, () => legacyPost(s.url)),
    ];
    await expect.poll(() => s.calls.length, { timeout: 5000 }).toBe(2);
    await tick();
    expect(s.calls).toHaveLength(2); // the others wait for their turn
    const health = await fetch(`${s.url}/healthz`); // never queues behind API work
    expect(health.status).toBe(200);
    s.releaseAll();
    const statuses = await Promise.all(pending.map(async (response) => (await response).status));
    expect(statuses).toEqual(Array(12).fill(200));
    expect(s.peak).toBe(2);
    expect(s.calls.filter((c) => c === 'graphql')).toHaveLength(6);
    expect(s.calls.filter((c) => c === 'legacy')).toHaveLength(6);
  });

  it('a client that leaves while waiting gives its place up', async () => {
    const s = await serve(1);
    const first = graphqlPost(s.url);
    await expect.poll(() => s.calls.length, { timeout: 5000 }).toBe(1); // it holds the only place
    // two clients queue behind it and hang up before their turn: one GraphQL, one legacy
    for (const path of ['/graphql', '/v2.9/tasks.get_all']) {
      const socket = net.connect((server!.address() as AddressInfo).port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      const body = JSON.stringify({ query: '{ ok }' });
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer x\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      await tick();
      socket.destroy();
    }
    await tick();
    s.release();
    expect((await first).status).toBe(200);
    // the places of the two that left are free: the next requests are served
    const next = graphqlPost(s.url);
    await expect.poll(() => s.calls.length, { timeout: 5000 }).toBe(2);
    const after = legacyPost(s.url);
    s.releaseAll();
    expect([(await next).status, (await after).status]).toEqual([200, 200]);
    expect(s.calls).toEqual(['graphql', 'graphql', 'legacy']);
  });

  it('a subscription answered as an event stream does not hold a place while it streams', async () => {
    const s = await serve(1);
    s.releaseAll();
    const controller = new AbortController();
    const stream = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
      body: JSON.stringify({ query: 'subscription { changed }' }),
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    // the stream stays open, and other requests still get in
    expect((await graphqlPost(s.url)).status).toBe(200);
    expect((await legacyPost(s.url)).status).toBe(200);
    controller.abort();
  });
});
