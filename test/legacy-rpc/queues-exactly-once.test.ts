// Acceptance: "Queue exactly-once: 8 concurrent workers popping 2,000 queued tasks across two server
// processes on one database: every task delivered exactly once, none lost." Two real servers
// (src/server.ts as child processes) share the test database; 4 HTTP workers per process call
// queues.get_next_task until the queue is empty.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '../../src/db.ts';
import { issueToken } from '../../src/legacy-rpc/auth.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';

useTestDatabase();

const TASKS = 2_000;
const THROUGH_API = 100; // created and enqueued with tasks.create / tasks.enqueue; the rest set-based
const WORKERS_PER_SERVER = 4;

let servers: ServerProcess[] = [];

beforeAll(async () => {
  const env = { DATABASE_URL: inject('databaseUrl'), DB_POOL_SIZE: '8' };
  servers = await Promise.all([startServer(env, { timeoutMs: 180_000 }), startServer(env, { timeoutMs: 180_000 })]);
}, 240_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function call(baseUrl: string, token: string, endpoint: string, body: unknown) {
  const response = await fetch(`${baseUrl}/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { meta: { result_code: number; result_msg: string }; data: Record<string, any> };
  if (json.meta.result_code !== 200) throw new Error(`${endpoint}: ${json.meta.result_code} ${json.meta.result_msg}`);
  return json.data;
}

describe('queue exactly-once across processes', () => {
  it('8 concurrent workers on two server processes pop 2,000 tasks: each delivered once, none lost', async () => {
    const actor = await seedActor();
    const token = await issueToken(actor);
    const [a, b] = servers.map((s) => s.url) as [string, string];
    const { id: queue } = await call(a, token, 'queues.create', { name: 'exactly once' });

    // Part through the legacy API, alternating servers…
    const enqueued: string[] = [];
    for (let i = 0; i < THROUGH_API; i++) {
      const url = i % 2 ? b : a;
      const { id } = await call(url, token, 'tasks.create', { name: `api task ${i}`, type: 'training' });
      await call(url, token, 'tasks.enqueue', { task: id, queue });
      enqueued.push(id);
    }
    // …the rest set-based, behind them in the queue.
    const seeded = Array.from({ length: TASKS - THROUGH_API }, () => newId());
    await db.task.createMany({
      data: seeded.map((id, i) => ({ id, companyId: actor.companyId, userId: actor.userId, name: `seeded ${i}`, type: 'training', status: 'queued', queueId: queue })),
    });
    await db.queueEntry.createMany({ data: seeded.map((taskId, i) => ({ queueId: queue, taskId, rank: THROUGH_API + 1 + i })) });
    enqueued.push(...seeded);
    expect(await db.queueEntry.count({ where: { queueId: queue } })).toBe(TASKS);

    const delivered: string[] = [];
    const perWorker: number[] = [];
    const worker = async (url: string) => {
      let popped = 0;
      for (;;) {
        const data = await call(url, token, 'queues.get_next_task', { queue });
        if (!data.entry) break;
        delivered.push(data.entry.task as string);
        popped++;
      }
      perWorker.push(popped);
    };
    const started = Date.now();
    await Promise.all([a, b].flatMap((url) => Array.from({ length: WORKERS_PER_SERVER }, () => worker(url))));
    const elapsed = Date.now() - started;

    expect(delivered).toHaveLength(TASKS); // no duplicates and none lost…
    expect(new Set(delivered).size).toBe(TASKS);
    expect([...delivered].sort()).toEqual([...enqueued].sort()); // …exactly the enqueued set
    expect(await db.queueEntry.count({ where: { queueId: queue } })).toBe(0);
    expect(await call(a, token, 'queues.get_next_task', { queue })).toEqual({});
    // both processes served (the work really was concurrent across them)
    expect(perWorker).toHaveLength(2 * WORKERS_PER_SERVER);
    expect(perWorker.filter((n) => n > 0).length).toBeGreaterThan(1);
    // one metrics sample per API enqueue and per pop
    expect(await db.queueMetric.count({ where: { queueId: queue } })).toBe(THROUGH_API + TASKS);
    console.log(`[exactly-once] ${TASKS} pops by 8 workers on 2 processes in ${elapsed} ms; per worker: ${perWorker.join(', ')}`);
  }, 300_000);
});
