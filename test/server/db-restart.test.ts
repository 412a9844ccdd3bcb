// The database restarts under load: while it is down, requests fail cleanly (a 503 envelope or
// GraphQL DATABASE_UNAVAILABLE, quickly, no hang, no crash); once it is back the same server
// process serves again, without a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../helpers/pg-cluster.ts';
import { startServer, type ServerProcess, defaultBasicAuth } from '../helpers/server-process.ts';


let cluster: PgCluster;
let server: ServerProcess;
let token: string;

beforeAll(async () => {
  cluster = await startPgCluster();
  server = await startServer({ DATABASE_URL: cluster.url, SEED_DEFAULT_CREDENTIALS: '1', DB_POOL_SIZE: '4' });
  const login = await fetch(`${server.url}/auth.login`, { method: 'POST', headers: { authorization: defaultBasicAuth } });
  token = ((await login.json()) as { data: { token: string } }).data.token;
}, 180_000);

afterAll(async () => {
  await server?.stop('SIGKILL');
  cluster?.destroy();
});

interface Outcome {
  status: number;
  ms: number;
  code?: number;
  gqlCode?: string;
}

async function call(kind: 'legacy' | 'graphql', i: number): Promise<Outcome> {
  const started = performance.now();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  try {
    const response =
      kind === 'legacy'
        ? await fetch(`${server.url}/tasks.create`, { method: 'POST', headers, body: JSON.stringify({ name: `load ${i}`, type: 'training' }) })
        : await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: '{ tasks(first: 5) { edges { node { id } } } }' }) });
    const body = (await response.json()) as { meta?: { result_code: number }; errors?: { extensions?: { code?: string } }[] };
    return { status: response.status, ms: performance.now() - started, code: body.meta?.result_code, gqlCode: body.errors?.[0]?.extensions?.code };
  } catch {
    return { status: 0, ms: performance.now() - started }; // the connection itself failed
  }
}

describe('database restart under load', () => {
  it('fails cleanly while the database is down and recovers without a server restart', async () => {
    const pid = server.child.pid;
    // 'stopping': calls that started before the stop and ended after it raced the shutdown, so
    // either answer is right; 'settling': calls of the first second after the start.
    type Phase = 'before' | 'down' | 'settling' | 'after';
    let phase = 'before' as Phase;
    const outcomes: Record<Phase | 'stopping', Outcome[]> = { before: [], stopping: [], down: [], settling: [], after: [] };
    let running = true;
    let n = 0;
    const worker = async (kind: 'legacy' | 'graphql') => {
      while (running) {
        const current = phase;
        const outcome = await call(kind, n++);
        outcomes[current === 'before' && phase !== 'before' ? 'stopping' : current].push(outcome);
      }
    };
    /** Waits at least `ms`, then (under CI load) until `enough()`, for at most 30 s more. */
    const phaseOf = async (ms: number, enough: () => boolean) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      for (const deadline = Date.now() + 30_000; Date.now() < deadline && !enough(); ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const workers = [worker('legacy'), worker('legacy'), worker('graphql'), worker('graphql')];
    await phaseOf(1500, () => outcomes.before.length > 5);
    phase = 'down';
    cluster.stop('fast');
    await phaseOf(3000, () => outcomes.down.length > 3);
    cluster.start();
    phase = 'settling';
    // give the pool a moment to reconnect, then measure
    await new Promise((resolve) => setTimeout(resolve, 1000));
    phase = 'after';
    await phaseOf(2000, () => outcomes.after.length > 5);
    running = false;
    await Promise.all(workers);

    expect(outcomes.before.length).toBeGreaterThan(5);
    expect(outcomes.before.every((o) => o.status === 200)).toBe(true);
    // while down: clean refusals, never a hang or a dropped connection
    expect(outcomes.down.length).toBeGreaterThan(3);
    const failures = outcomes.down.filter((o) => o.status !== 200);
    expect(failures.length).toBeGreaterThan(0);
    for (const o of [...failures, ...outcomes.stopping.filter((o) => o.status !== 200)]) {
      expect(o.status).toBe(503);
      expect(o.code === 503 || o.gqlCode === 'DATABASE_UNAVAILABLE').toBe(true);
    }
    expect(Math.max(...outcomes.down.map((o) => o.ms))).toBeLessThan(10_000);
    // back: the same process serves again
    expect(outcomes.after.length).toBeGreaterThan(5);
    expect(outcomes.after.filter((o) => o.status !== 200)).toEqual([]);
    expect(server.child.pid).toBe(pid);
    expect(server.child.exitCode).toBeNull();
  }, 180_000);
});
