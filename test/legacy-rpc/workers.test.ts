// Legacy workers.* over HTTP (neighbours spec B.4, conformance E.11): registration with its
// time-to-live, status reports and their effect on tasks, the get_all document, the statistics
// endpoints, and the documented errors.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { callLegacy, loggedInTenant, useLegacyServer, type Tenant } from '../helpers/legacy.ts';
import { seedProject } from '../helpers/db.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();
useLegacyServer();

type Doc = Record<string, any>;

async function rpc(who: Tenant, path: string, body?: unknown, headers?: Record<string, string>) {
  const response = await callLegacy(path, { auth: who.auth, body: body ?? {}, headers });
  const { meta, data } = response.json;
  expect(response.status).toBe(meta.result_code);
  return { code: [meta.result_code, meta.result_subcode] as const, data: data as Doc, meta };
}

async function ok(who: Tenant, path: string, body?: unknown, headers?: Record<string, string>): Promise<Doc> {
  const reply = await rpc(who, path, body, headers);
  expect(reply.code, `${path}: ${reply.meta.result_msg}`).toEqual([200, 0]);
  return reply.data;
}

const codeOf = async (who: Tenant, path: string, body?: unknown) => (await rpc(who, path, body)).code;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;
const workersOf = async (who: Tenant, body: Doc = {}) => (await ok(who, '/workers.get_all', body)).workers as Doc[];

describe('workers.* legacy endpoints', () => {
  it('handlers exist from 2.4 only', async () => {
    const who = await loggedInTenant();
    expect(await codeOf(who, '/v2.3/workers.register', { worker: 'w' })).toEqual([404, 0]);
    const { meta } = await rpc(who, '/v2.9/workers.get_all', {});
    expect(meta.endpoint.actual_version).toBe('2.4');
  });

  it('E.11: register (timeout 3) is listed, and gone once expired', async () => {
    const who = await loggedInTenant();
    // Listed while alive. The entry lives 3 s from the register: a listing that took longer than
    // that (a stalled CI machine) may rightly miss it, so only a prompt one counts; else register
    // again. (The clock is the test's own: the server runs in this process.)
    for (let attempt = 1; ; attempt++) {
      const registered = Date.now();
      expect(await ok(who, '/workers.register', { worker: 'short-lived', timeout: 3 })).toEqual({});
      const listed = (await workersOf(who, { last_seen: 100 })).map((w) => w.id);
      if (Date.now() - registered >= 2_500 && attempt < 5) continue;
      expect(listed).toEqual(['short-lived']);
      break;
    }
    await new Promise((r) => setTimeout(r, 3_500));
    expect(await workersOf(who, { last_seen: 100 })).toEqual([]);
    // expired rows are deleted lazily by the read
    expect(await db.worker.count({ where: { companyId: who.actor.companyId } })).toBe(0);
    expect(await codeOf(who, '/workers.unregister', { worker: 'short-lived' })).toEqual([400, 1004]);
  }, 30_000);

  it('register errors: timeout ≤ 0 ⇒ 400/1002, unknown/foreign queues ⇒ 400/701 with ids, 400/12', async () => {
    const who = await loggedInTenant();
    const other = await loggedInTenant('mallory');
    const foreign = (await ok(other, '/queues.create', { name: 'foreign queue' })).id;
    const own = (await ok(who, '/queues.create', { name: 'own queue' })).id;
    for (const timeout of [0, -5]) {
      const reply = await rpc(who, '/workers.register', { worker: 'w1', timeout });
      expect(reply.code).toEqual([400, 1002]);
      expect(reply.meta.result_msg).toContain(`timeout=${timeout}`);
    }
    const reply = await rpc(who, '/workers.register', { worker: 'w1', queues: [own, foreign, 'nope'] });
    expect(reply.code).toEqual([400, 701]);
    expect(reply.meta.result_msg).toContain(`(${foreign}, nope)`);
    expect(await codeOf(who, '/workers.register', {})).toEqual([400, 12]);
    expect(await codeOf(who, '/workers.register', { worker: 'w1', timeout: 'long' })).toEqual([400, 12]);
    expect(await workersOf(who)).toEqual([]);
    // absent timeout ⇒ 600
    await ok(who, '/workers.register', { worker: 'w1', queues: [own] });
    expect((await workersOf(who))[0]).toMatchObject({ id: 'w1', register_timeout: 600 });
  });

  it('register needs a user record: 400/301; status_report auto-registration fails with 400/1001', async () => {
    const who = await loggedInTenant();
    await db.credential.deleteMany({ where: { userId: who.actor.userId } });
    await db.user.delete({ where: { id: who.actor.userId } });
    // the Bearer token still carries the identity
    expect(await codeOf(who, '/workers.register', { worker: 'ghost' })).toEqual([400, 301]);
    expect(await codeOf(who, '/workers.status_report', { worker: 'ghost', timestamp: Date.now() })).toEqual([400, 1001]);
  });

  it('get_all: the B.4.4 document with task, project, queue enrichment and ip', async () => {
    const who = await loggedInTenant();
    const project = await seedProject(who.actor, 'examples');
    const q = (await ok(who, '/queues.create', { name: 'default', system_tags: ['default'] })).id;
    const other = (await ok(who, '/queues.create', { name: 'other' })).id;
    const waiting = await seedTask(who.actor, { name: 'eval' });
    await ok(who, '/queues.add_task', { queue: q, task: waiting.id });
    const started = new Date(Date.now() - 300_000);
    const running = await seedTask(who.actor, { name: 'train resnet', status: 'in_progress', started, lastIteration: 42, projectId: project.id });
    await ok(who, '/workers.register', { worker: 'gpu-box:0', queues: [q], tags: ['gpu'] }, { 'x-forwarded-for': '10.0.0.5, 10.0.0.1' });
    await ok(who, '/workers.status_report', { worker: 'gpu-box:0', timestamp: Date.now(), task: running.id, queue: q }, { 'x-real-ip': '10.0.0.6' });
    const [worker] = await workersOf(who);
    expect(worker).toEqual({
      key: `worker_${who.actor.companyId}_${who.actor.userId}_gpu-box:0`,
      id: 'gpu-box:0',
      user: { id: who.actor.userId, name: 'alice' },
      company: { id: who.actor.companyId, name: expect.any(String) },
      ip: '10.0.0.6',
      register_time: expect.stringMatching(ISO),
      register_timeout: 600,
      last_activity_time: expect.stringMatching(ISO),
      last_report_time: expect.stringMatching(ISO),
      task: { id: running.id, name: 'train resnet', running_time: expect.any(Number), last_iteration: 42 },
      project: { id: project.id, name: 'examples' },
      queue: { id: q, name: 'default', num_tasks: 1, next_task: { id: waiting.id, name: 'eval' } },
      queues: [{ id: q, name: 'default', num_tasks: 1, next_task: { id: waiting.id, name: 'eval' } }],
      tags: ['gpu'],
    });
    expect(worker!.task.running_time).toBeGreaterThanOrEqual(300_000);
    expect(worker!.task.running_time).toBeLessThan(400_000);
    // queue is reported only when it is one of the worker's queues; unset members are omitted
    await ok(who, '/workers.status_report', { worker: 'gpu-box:0', timestamp: Date.now(), queue: other });
    const [later] = await workersOf(who);
    expect(later).not.toHaveProperty('queue');
    expect(later).not.toHaveProperty('task');
    expect(later).not.toHaveProperty('project');
    expect(later!.ip).toBe('127.0.0.1');
    // register of a fresh worker: no last_report_time
    await ok(who, '/workers.register', { worker: 'idle' });
    const idle = (await workersOf(who)).find((w) => w.id === 'idle')!;
    expect(idle).not.toHaveProperty('last_report_time');
    expect(idle.queues).toEqual([]);
  });

  it('get_all last_seen filters on last activity (0 = no filter); workers are company-private', async () => {
    const who = await loggedInTenant();
    const other = await loggedInTenant('mallory');
    await ok(who, '/workers.register', { worker: 'recent' });
    await ok(who, '/workers.register', { worker: 'quiet' });
    await db.worker.updateMany({
      where: { companyId: who.actor.companyId, workerId: 'quiet' },
      data: { lastActivityTime: new Date(Date.now() - 120_000) },
    });
    expect((await workersOf(who, { last_seen: 60 })).map((w) => w.id)).toEqual(['recent']);
    expect((await workersOf(who, { last_seen: 0 })).map((w) => w.id)).toEqual(['quiet', 'recent']);
    expect((await workersOf(who)).map((w) => w.id)).toEqual(['quiet', 'recent']);
    expect(await workersOf(other, { last_seen: 0 })).toEqual([]);
    expect(await codeOf(other, '/workers.unregister', { worker: 'recent' })).toEqual([400, 1004]);
    // the same worker name registered by another user is another entry
    await ok(other, '/workers.register', { worker: 'recent' });
    expect((await workersOf(who)).map((w) => w.id)).toEqual(['quiet', 'recent']);
  });

  it('status_report: auto-registers, stamps the task (no status change), rules for tags/queue/queues', async () => {
    const who = await loggedInTenant();
    const q1 = (await ok(who, '/queues.create', { name: 'queue one' })).id;
    const q2 = (await ok(who, '/queues.create', { name: 'queue two' })).id;
    const task = await seedTask(who.actor, { status: 'in_progress', lastUpdate: new Date(Date.now() - 3_600_000) });
    expect(await ok(who, '/workers.status_report', { worker: 'auto', timestamp: Date.now(), task: task.id, queues: [q1], tags: ['a'] })).toEqual({});
    const stamped = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(stamped.status).toBe('in_progress');
    expect(stamped.lastWorker).toBe('auto');
    expect(Date.now() - stamped.lastWorkerReport!.getTime()).toBeLessThan(10_000);
    expect(Date.now() - stamped.lastUpdate.getTime()).toBeLessThan(10_000);
    let [entry] = await workersOf(who);
    expect(entry).toMatchObject({ id: 'auto', register_timeout: 600, tags: ['a'], task: { id: task.id } });
    expect(entry!.queues.map((q: Doc) => q.id)).toEqual([q1]);
    // queues kept when absent or empty, tags kept when absent
    await ok(who, '/workers.status_report', { worker: 'auto', timestamp: Date.now(), task: task.id, queues: [] });
    [entry] = await workersOf(who);
    expect(entry!.queues.map((q: Doc) => q.id)).toEqual([q1]);
    expect(entry!.tags).toEqual(['a']);
    await ok(who, '/workers.status_report', { worker: 'auto', timestamp: Date.now(), queues: [q2], tags: [] });
    [entry] = await workersOf(who);
    expect(entry!.queues.map((q: Doc) => q.id)).toEqual([q2]);
    expect(entry!.tags).toEqual([]);
    expect(entry).not.toHaveProperty('task');
    // the stamped task now takes the "stopping" path of tasks.stop
    await ok(who, '/workers.status_report', { worker: 'auto', timestamp: Date.now(), task: task.id });
    await ok(who, '/tasks.stop', { task: task.id });
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'in_progress', statusMessage: 'stopping' });
  });

  it('status_report with a foreign or public task: 400/101, the entry is still refreshed', async () => {
    const who = await loggedInTenant();
    const other = await loggedInTenant('mallory');
    const foreign = await seedTask(other.actor);
    const publicTask = await seedTask(other.actor, { companyId: null });
    await ok(who, '/workers.register', { worker: 'w', timeout: 30 });
    const before = await db.worker.findFirstOrThrow({ where: { companyId: who.actor.companyId } });
    await new Promise((r) => setTimeout(r, 20));
    for (const task of [foreign.id, publicTask.id, 'missing']) {
      expect(await codeOf(who, '/workers.status_report', { worker: 'w', timestamp: Date.now(), task })).toEqual([400, 101]);
    }
    const after = await db.worker.findFirstOrThrow({ where: { companyId: who.actor.companyId } });
    expect(after.expires.getTime()).toBeGreaterThan(before.expires.getTime());
    expect(after.lastReportTime).not.toBeNull();
    expect((await db.task.findUniqueOrThrow({ where: { id: foreign.id } })).lastWorker).toBeNull();
    expect(await codeOf(who, '/workers.status_report', { worker: 'w' })).toEqual([400, 12]);
    expect(await codeOf(who, '/workers.status_report', { worker: 'w', timestamp: 1, machine_stats: { cpu_usage: 'hot' } })).toEqual([400, 12]);
  });

  it('unregister → {}; then 400/1004; missing worker 400/12', async () => {
    const who = await loggedInTenant();
    await ok(who, '/workers.register', { worker: 'bye' });
    expect(await ok(who, '/workers.unregister', { worker: 'bye' })).toEqual({});
    expect(await workersOf(who)).toEqual([]);
    const reply = await rpc(who, '/workers.unregister', { worker: 'bye' });
    expect(reply.code).toEqual([400, 1004]);
    expect(reply.meta.result_msg).toContain('worker=bye');
    expect(await codeOf(who, '/workers.unregister', {})).toEqual([400, 12]);
  });

  it('machine_stats: one row per number, arrays per device, zeros dropped for scalars', async () => {
    const who = await loggedInTenant();
    const task = await seedTask(who.actor);
    const timestamp = 1_600_000_000_123;
    await ok(who, '/workers.status_report', {
      worker: 'stats',
      timestamp,
      task: task.id,
      machine_stats: { cpu_usage: [10, 0, 30], gpu_temperature: [], memory_used: 1024, memory_free: 0, network_rx: 0.1 },
    });
    const rows = await db.workerStat.findMany({ where: { companyId: who.actor.companyId }, orderBy: [{ metric: 'asc' }, { variant: 'asc' }] });
    expect(rows.map((r) => [r.category, r.metric, r.variant, r.value, Number(r.timestamp), r.taskId, r.workerId])).toEqual([
      ['cpu', 'cpu_usage', '0', 10, timestamp, task.id, 'stats'],
      ['cpu', 'cpu_usage', '1', 0, timestamp, task.id, 'stats'],
      ['cpu', 'cpu_usage', '2', 30, timestamp, task.id, 'stats'],
      ['memory', 'memory_used', 'total', 1024, timestamp, task.id, 'stats'],
      ['network', 'network_rx', 'total', expect.closeTo(0.1, 6), timestamp, task.id, 'stats'],
    ]);
  });

  it('get_metric_keys: 400/1005 without statistics, categories otherwise, filtered by worker', async () => {
    const who = await loggedInTenant();
    expect(await codeOf(who, '/workers.get_metric_keys', {})).toEqual([400, 1005]);
    await ok(who, '/workers.status_report', { worker: 'a', timestamp: Date.now(), machine_stats: { cpu_usage: [1], cpu_temperature: [50] } });
    await ok(who, '/workers.status_report', { worker: 'b', timestamp: Date.now(), machine_stats: { memory_used: 5 } });
    expect(await ok(who, '/workers.get_metric_keys', {})).toEqual({
      categories: [
        { name: 'cpu', metric_keys: ['cpu_temperature', 'cpu_usage'] },
        { name: 'memory', metric_keys: ['memory_used'] },
      ],
    });
    expect(await ok(who, '/workers.get_metric_keys', { worker_ids: ['b'] })).toEqual({
      categories: [{ name: 'memory', metric_keys: ['memory_used'] }],
    });
    expect(await codeOf(who, '/workers.get_metric_keys', { worker_ids: ['nobody'] })).toEqual([400, 1005]);
    expect(await codeOf(who, '/workers.get_metric_keys', { worker_ids: 'a' })).toEqual([400, 12]);
    const other = await loggedInTenant('eve');
    expect(await codeOf(other, '/workers.get_metric_keys', {})).toEqual([400, 1005]);
  });

  it('get_stats: epoch buckets in ms, avg/min/max (float32 values), split_by_variant, errors', async () => {
    const who = await loggedInTenant();
    const t0 = 1_600_000_020; // seconds; buckets of 60 s start at 1_600_000_020 (multiple of 60)
    const report = (worker: string, at: number, stats: Doc) =>
      ok(who, '/workers.status_report', { worker, timestamp: at * 1000, machine_stats: stats });
    await report('w1', t0 + 1, { cpu_usage: [10, 20], memory_used: 0.1 });
    await report('w1', t0 + 30, { cpu_usage: [30, 40], memory_used: 0.3 });
    await report('w1', t0 + 61, { cpu_usage: [50, 50] });
    await report('w2', t0 + 2, { cpu_usage: [5] });
    const range = { from_date: t0, to_date: t0 + 120, interval: 60 };
    const { workers } = await ok(who, '/workers.get_stats', {
      ...range,
      items: [{ key: 'cpu_usage', aggregation: 'avg' }, { key: 'cpu_usage', aggregation: 'max' }, { key: 'memory_used' }, { key: 'gpu_usage' }],
      worker_ids: ['w1'],
    });
    expect(workers).toEqual([
      {
        worker: 'w1',
        metrics: [
          {
            metric: 'cpu_usage',
            dates: [t0 * 1000, (t0 + 60) * 1000],
            stats: [{ aggregation: 'avg', values: [25, 50] }, { aggregation: 'max', values: [40, 50] }],
          },
          {
            metric: 'memory_used',
            dates: [t0 * 1000],
            stats: [{ aggregation: 'avg', values: [expect.closeTo(0.2, 6)] }],
          },
        ],
      },
    ]);
    // values are 32-bit floats: 0.1 comes back as 0.10000000149011612
    const min = await ok(who, '/workers.get_stats', { ...range, items: [{ key: 'memory_used', aggregation: 'min' }] });
    expect(min.workers[0].metrics[0].stats[0].values).toEqual([0.10000000149011612]);
    const split = await ok(who, '/workers.get_stats', { ...range, items: [{ key: 'cpu_usage', aggregation: 'min' }], split_by_variant: true });
    expect(split.workers.map((w: Doc) => w.worker)).toEqual(['w1', 'w2']);
    expect(split.workers[0].metrics).toEqual([
      { metric: 'cpu_usage', variant: '0', dates: [t0 * 1000, (t0 + 60) * 1000], stats: [{ aggregation: 'min', values: [10, 50] }] },
      { metric: 'cpu_usage', variant: '1', dates: [t0 * 1000, (t0 + 60) * 1000], stats: [{ aggregation: 'min', values: [20, 50] }] },
    ]);
    expect(await ok(who, '/workers.get_stats', { ...range, items: [{ key: 'disk_read' }] })).toEqual({ workers: [] });
    expect(await codeOf(who, '/workers.get_stats', { ...range, from_date: t0 + 120 })).toEqual([400, 12]); // items missing
    expect(await codeOf(who, '/workers.get_stats', { ...range, to_date: t0, items: [{ key: 'cpu_usage' }] })).toEqual([400, 16]);
    expect(await codeOf(who, '/workers.get_stats', { ...range, items: [] })).toEqual([400, 12]);
    expect(await codeOf(who, '/workers.get_stats', { ...range, items: [{ key: 'cpu_usage', aggregation: 'median' }] })).toEqual([400, 12]);
    expect(await codeOf(who, '/workers.get_stats', { ...range, interval: 0, items: [{ key: 'cpu_usage' }] })).toEqual([400, 12]);
  });

  it('get_activity_report: distinct workers per bucket, gaps as 0, active = with a task; empty shape; errors', async () => {
    const who = await loggedInTenant();
    const task = await seedTask(who.actor);
    const t0 = 1_600_000_020;
    const report = (worker: string, at: number, withTask = false) =>
      ok(who, '/workers.status_report', { worker, timestamp: at * 1000, machine_stats: { memory_used: 1 }, ...(withTask ? { task: task.id } : {}) });
    await report('w1', t0 + 1, true);
    await report('w1', t0 + 2, true);
    await report('w2', t0 + 3);
    await report('w2', t0 + 185, true); // bucket 3; bucket 1 and 2 are empty
    const range = { from_date: t0, to_date: t0 + 600, interval: 60 };
    expect(await ok(who, '/workers.get_activity_report', range)).toEqual({
      total: { dates: [t0, t0 + 60, t0 + 120, t0 + 180].map((s) => s * 1000), counts: [2, 0, 0, 1] },
      active: { dates: [t0, t0 + 60, t0 + 120, t0 + 180].map((s) => s * 1000), counts: [1, 0, 0, 1] },
    });
    expect(await ok(who, '/workers.get_activity_report', { ...range, from_date: t0 + 1000, to_date: t0 + 2000 })).toEqual({
      total: { dates: [], counts: [] },
      active: { dates: [], counts: [] },
    });
    expect(await codeOf(who, '/workers.get_activity_report', { ...range, to_date: t0 - 1 })).toEqual([400, 16]);
    expect(await codeOf(who, '/workers.get_activity_report', { from_date: t0, to_date: t0 + 10 })).toEqual([400, 12]);
  });
});
