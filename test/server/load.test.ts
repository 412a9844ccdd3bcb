// Load: 200 concurrent clients for LOAD_SECONDS (default 60) against one server on real
// PostgreSQL, mixing lifecycle calls (create, enqueue, pop, start, complete), listings (legacy and
// GraphQL) and event batches. Zero 5xx, every queued task delivered exactly once, memory bounded;
// the peak RSS is printed.
import fs from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startServer, type ServerProcess, defaultBasicAuth } from '../helpers/server-process.ts';

const CLIENTS = 200;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);

let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop('SIGKILL');
});

const rssMiB = (pid: number) => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024;
};

describe('sustained mixed load', () => {
  it(`${CLIENTS} clients for ${SECONDS}s: no 5xx, exactly-once queue delivery, bounded memory`, async () => {
    server = await startServer({ DATABASE_URL: inject('databaseUrl'), SEED_DEFAULT_CREDENTIALS: '1', DB_POOL_SIZE: '20' });
    const url = server.url;
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let token = '';
    const call = async (path: string, body: unknown, contentType = 'application/json') => {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: token ? `Bearer ${token}` : defaultBasicAuth, 'content-type': contentType },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const json = (await response.json()) as any;
      if (response.status >= 500) failures.push(`${path} → ${response.status} ${JSON.stringify(json).slice(0, 300)}`);
      return { status: response.status, json };
    };
    token = (await call('/auth.login', {})).json.data.token;
    const queue = (await call('/queues.create', { name: `load queue ${Date.now()}` })).json.data.id as string;
    const project = (await call('/projects.create', { name: `load ${Date.now()}`, description: '' })).json.data.id as string;

    const enqueued = new Set<string>();
    const delivered: string[] = [];
    const ownTasks: string[] = [];
    const pid = server.child.pid!;
    let peak = rssMiB(pid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 500);
    const deadline = Date.now() + SECONDS * 1000;

    const pop = async () => {
      const popped = await call('/queues.get_next_task', { queue });
      const entry = popped.json.data?.entry as { task: string } | undefined;
      if (!entry) return false;
      delivered.push(entry.task);
      await call('/tasks.started', { task: entry.task });
      await call('/tasks.completed', { task: entry.task });
      return true;
    };

    const client = async (n: number) => {
      while (Date.now() < deadline) {
        const r = Math.floor(Math.random() * 100);
        if (r < 30) {
          const created = await call('/tasks.create', { name: `load ${n}`, type: 'training', project });
          const id = created.json.data?.id as string | undefined;
          if (!id) continue;
          ownTasks.push(id);
          const queued = await call('/tasks.enqueue', { task: id, queue });
          if (queued.status === 200) enqueued.add(id);
        } else if (r < 50) {
          await pop();
        } else if (r < 62) {
          await call('/v2.9/tasks.get_all', { project: [project], order_by: ['-last_update'], page: 0, page_size: 50, only_fields: ['id', 'name', 'status'] });
        } else if (r < 75) {
          await call('/graphql', { query: 'query($p: ID!) { tasks(first: 50, filter: { projects: { anyOf: [$p] } }) { totalCount edges { node { id status lastIteration } } } }', variables: { p: project } });
        } else if (ownTasks.length === 0) {
          await call('/v2.9/tasks.get_all', { project: [project], page: 0, page_size: 10, only_fields: ['id'] });
        } else {
          const task = ownTasks[(n * 31 + ownTasks.length) % ownTasks.length]!;
          const lines = Array.from({ length: 100 }, (_, i) =>
            JSON.stringify({ type: 'training_stats_scalar', task, iter: i, value: Math.random(), metric: 'loss', variant: `c${n}` }),
          ).join('\n');
          await call('/events.add_batch', lines, 'application/json-lines');
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    // drain what is still queued, then compare
    while (await pop());
    clearInterval(sampler);
    peak = Math.max(peak, rssMiB(pid));

    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    console.log(
      `[load] ${total} requests in ${SECONDS}s by ${CLIENTS} clients (${Math.round(total / SECONDS)} req/s); statuses ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `${enqueued.size} tasks queued, ${delivered.length} deliveries; gateway peak RSS ${Math.round(peak)} MiB`,
    );
    expect(failures.slice(0, 5)).toEqual([]);
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect(total).toBeGreaterThan(CLIENTS * 5);
    expect(enqueued.size).toBeGreaterThan(50);
    // exactly once: no duplicates, none lost
    expect(new Set(delivered).size).toBe(delivered.length);
    expect([...delivered].sort()).toEqual([...enqueued].sort());
    expect(peak).toBeLessThan(1536);
  }, (SECONDS + 180) * 1000);
});
