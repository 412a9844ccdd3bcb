// Legacy queues.* over HTTP (neighbours spec B.3, conformance E.10): every endpoint's response
// shape and documented errors, the engine filters, repositioning quirks, metrics and tenancy.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { callLegacy, loggedInTenant, useLegacyServer, type Tenant } from '../helpers/legacy.ts';
import { seedQueue, seedTask } from '../helpers/tasks.ts';

useTestDatabase();
useLegacyServer();

type Doc = Record<string, any>;

async function rpc(who: Tenant, path: string, body?: unknown) {
  const response = await callLegacy(path, { auth: who.auth, body: body ?? {} });
  const { meta, data } = response.json;
  expect(response.status).toBe(meta.result_code);
  return { code: [meta.result_code, meta.result_subcode] as const, data: data as Doc, meta };
}

async function ok(who: Tenant, path: string, body?: unknown): Promise<Doc> {
  const reply = await rpc(who, path, body);
  expect(reply.code, `${path}: ${reply.meta.result_msg}`).toEqual([200, 0]);
  return reply.data;
}

const codeOf = async (who: Tenant, path: string, body?: unknown) => (await rpc(who, path, body)).code;

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;

async function queueWithTasks(who: Tenant, n: number, name = `q-${newId().slice(0, 8)}`) {
  const { id } = await ok(who, '/queues.create', { name });
  const tasks: string[] = [];
  for (let i = 0; i < n; i++) {
    const task = await seedTask(who.actor, { name: `task ${i}`, status: 'queued', queueId: id });
    await ok(who, '/queues.add_task', { queue: id, task: task.id });
    tasks.push(task.id);
  }
  return { queue: id as string, tasks };
}

const entriesOf = async (who: Tenant, queue: string) =>
  ((await ok(who, '/queues.get_by_id', { queue })).queue.entries as Doc[]).map((e) => e.task);

describe('queues.* legacy endpoints', () => {
  it('handlers exist from 2.4 only; peek_task and get_num_entries do not exist', async () => {
    const who = await loggedInTenant();
    expect(await codeOf(who, '/v2.3/queues.create', { name: 'too old' })).toEqual([404, 0]);
    const created = await rpc(who, '/v2.4/queues.create', { name: 'versioned' });
    expect(created.code).toEqual([200, 0]);
    expect(created.meta.endpoint.actual_version).toBe('2.4');
    const { meta } = await rpc(who, '/v2.9/queues.get_all', {});
    expect(meta.endpoint.actual_version).toBe('2.4');
    const { queue } = await queueWithTasks(who, 1);
    expect(await codeOf(who, '/queues.peek_task', { queue })).toEqual([404, 0]);
    expect(await codeOf(who, '/queues.get_num_entries', { queue })).toEqual([404, 0]);
  });

  it('create → {id}; get_by_id shape; name rules 400/800, 400/801; typed request 400/12; tags 400/16', async () => {
    const who = await loggedInTenant();
    const { id, ...rest } = await ok(who, '/queues.create', { name: '  gpu queue  ', tags: ['a'], system_tags: ['s'] });
    expect(rest).toEqual({});
    const { queue } = await ok(who, '/queues.get_by_id', { queue: id });
    expect(queue).toEqual({
      id,
      name: 'gpu queue',
      company: who.actor.companyId,
      created: expect.stringMatching(ISO),
      tags: ['a'],
      system_tags: ['s'],
      entries: [],
      last_update: expect.stringMatching(ISO),
    });
    expect(await codeOf(who, '/queues.create', { name: 'gpu queue' })).toEqual([400, 801]);
    expect(await codeOf(who, '/queues.create', { name: ' ab ' })).toEqual([400, 800]);
    expect(await codeOf(who, '/queues.create', {})).toEqual([400, 12]);
    expect(await codeOf(who, '/queues.create', { name: 42 })).toEqual([400, 12]);
    expect(await codeOf(who, '/queues.create', { name: 'tagged', tags: 'x' })).toEqual([400, 16]);
    expect(await codeOf(who, '/queues.get_by_id', {})).toEqual([400, 12]);
    expect(await codeOf(who, '/queues.get_by_id', { queue: 'missing' })).toEqual([400, 701]);
  });

  it('queues are company-private: another company sees nothing and gets 400/701 everywhere', async () => {
    const owner = await loggedInTenant();
    const other = await loggedInTenant('mallory');
    const { queue, tasks } = await queueWithTasks(owner, 2);
    const foreignTask = await seedTask(other.actor);
    for (const [path, body] of [
      ['/queues.get_by_id', { queue }],
      ['/queues.update', { queue, name: 'stolen' }],
      ['/queues.delete', { queue, force: true }],
      ['/queues.add_task', { queue, task: foreignTask.id }],
      ['/queues.get_next_task', { queue }],
    ] as const) {
      expect(await codeOf(other, path, body), path).toEqual([400, 701]);
    }
    expect(await codeOf(other, '/queues.remove_task', { queue, task: tasks[0] })).toEqual([400, 701]);
    expect(await codeOf(other, '/queues.move_task_to_front', { queue, task: tasks[1] })).toEqual([400, 701]);
    expect((await ok(other, '/queues.get_all', {})).queues).toEqual([]);
    expect((await ok(other, '/queues.get_all_ex', {})).queues).toEqual([]);
    expect(await entriesOf(owner, queue)).toEqual(tasks);
  });

  it('get_default: 400/707 without a tagged queue, {id, name} with one, 400/708 with several', async () => {
    const who = await loggedInTenant();
    expect(await codeOf(who, '/queues.get_default')).toEqual([400, 707]);
    const { id } = await ok(who, '/queues.create', { name: 'default', system_tags: ['default'] });
    expect(await ok(who, '/queues.get_default')).toEqual({ id, name: 'default' });
    await ok(who, '/queues.create', { name: 'second default', system_tags: ['default'] });
    const reply = await rpc(who, '/queues.get_default');
    expect(reply.code).toEqual([400, 708]);
    expect(reply.meta.result_msg).toContain(id);
  });

  it('get_all: list filters with -x / __$not / null, name regex, order_by empty-last, paging, only_fields', async () => {
    const who = await loggedInTenant();
    const a = (await ok(who, '/queues.create', { name: 'alpha-cpu', tags: ['cpu'] })).id;
    const b = (await ok(who, '/queues.create', { name: 'beta-gpu', tags: ['gpu'], system_tags: ['x'] })).id;
    const c = (await ok(who, '/queues.create', { name: 'gamma-gpu', tags: [] })).id;
    const names = async (body: Doc) => ((await ok(who, '/queues.get_all', body)).queues as Doc[]).map((q) => q.name);
    expect(await names({ order_by: ['name'] })).toEqual(['alpha-cpu', 'beta-gpu', 'gamma-gpu']);
    expect(await names({ order_by: ['-name'] })).toEqual(['gamma-gpu', 'beta-gpu', 'alpha-cpu']);
    expect(await names({ name: 'gpu$', order_by: ['name'] })).toEqual(['beta-gpu', 'gamma-gpu']);
    expect(await names({ name: 'GPU' })).toEqual([]);
    expect(await names({ id: [a, c], order_by: ['name'] })).toEqual(['alpha-cpu', 'gamma-gpu']);
    expect(await names({ tags: ['-gpu'], order_by: ['name'] })).toEqual(['alpha-cpu', 'gamma-gpu']);
    expect(await names({ tags: ['__$not', 'cpu'], order_by: ['name'] })).toEqual(['beta-gpu', 'gamma-gpu']);
    expect(await names({ tags: [null], order_by: ['name'] })).toEqual(['gamma-gpu']);
    expect(await names({ tags: ['cpu', null], order_by: ['name'] })).toEqual(['alpha-cpu', 'gamma-gpu']);
    expect(await names({ system_tags: ['x'] })).toEqual(['beta-gpu']);
    // empty tags last in both directions
    expect(await names({ order_by: ['tags'] })).toEqual(['alpha-cpu', 'beta-gpu', 'gamma-gpu']);
    expect(await names({ order_by: ['-tags'] })).toEqual(['beta-gpu', 'alpha-cpu', 'gamma-gpu']);
    expect(await names({ order_by: ['name'], page: 1, page_size: 2 })).toEqual(['gamma-gpu']);
    expect(await codeOf(who, '/queues.get_all', { page: 0 })).toEqual([400, 11]);
    expect(await codeOf(who, '/queues.get_all', { tags: 'gpu' })).toEqual([400, 12]);
    expect(await codeOf(who, '/queues.get_all', { name: '(' })).toEqual([400, 21]);
    expect(await codeOf(who, '/queues.get_all', { order_by: ['nope'] })).toEqual([400, 14]);
    expect(await codeOf(who, '/queues.get_all', { search_text: 'gpu' })).toEqual([400, 12]);
    const projected = (await ok(who, '/queues.get_all', { id: [b], only_fields: ['name', 'tags'] })).queues;
    expect(projected).toEqual([{ name: 'beta-gpu', tags: ['gpu'] }]);
    const excluded = (await ok(who, '/queues.get_all', { id: [b], only_fields: ['-entries', '-company'] })).queues[0];
    expect(Object.keys(excluded).sort()).toEqual(['created', 'id', 'last_update', 'name', 'system_tags', 'tags']);
  });

  it('get_all_ex: full documents, company {id}, entry tasks {id, name}, listening workers', async () => {
    const who = await loggedInTenant();
    const { queue, tasks } = await queueWithTasks(who, 2);
    const running = await seedTask(who.actor, { name: 'running one' });
    await ok(who, '/workers.register', { worker: 'box-1', queues: [queue] });
    await ok(who, '/workers.status_report', { worker: 'box-1', timestamp: Date.now(), task: running.id });
    await ok(who, '/workers.register', { worker: 'elsewhere' });
    const [doc] = (await ok(who, '/queues.get_all_ex', { id: [queue], only_fields: ['name'] })).queues;
    expect(doc).toEqual({
      id: queue,
      name: expect.any(String),
      company: { id: who.actor.companyId },
      created: expect.stringMatching(ISO),
      last_update: expect.stringMatching(ISO),
      tags: [],
      system_tags: [],
      entries: [
        { task: { id: tasks[0], name: 'task 0' }, added: expect.stringMatching(ISO) },
        { task: { id: tasks[1], name: 'task 1' }, added: expect.stringMatching(ISO) },
      ],
      workers: [{ name: 'box-1', ip: '127.0.0.1', task: { id: running.id, name: 'running one' } }],
    });
  });

  it('update writes only the given members and keeps last_update; 400/701, 400/801, 400/800', async () => {
    const who = await loggedInTenant();
    const { queue } = await queueWithTasks(who, 1);
    await ok(who, '/queues.create', { name: 'taken name' });
    const before = (await ok(who, '/queues.get_by_id', { queue })).queue;
    expect(await ok(who, '/queues.update', { queue, name: 'renamed', tags: ['t'] })).toEqual({
      updated: 1,
      fields: { name: 'renamed', tags: ['t'] },
    });
    const after = (await ok(who, '/queues.get_by_id', { queue })).queue;
    expect(after).toMatchObject({ name: 'renamed', tags: ['t'], system_tags: [], last_update: before.last_update });
    expect(await ok(who, '/queues.update', { queue })).toEqual({ updated: 0, fields: {} });
    expect(await codeOf(who, '/queues.update', { queue: 'nope', name: 'x-name' })).toEqual([400, 701]);
    expect(await codeOf(who, '/queues.update', { queue, name: 'taken name' })).toEqual([400, 801]);
    expect(await codeOf(who, '/queues.update', { queue, name: 'x' })).toEqual([400, 800]);
    expect(await codeOf(who, '/queues.update', { name: 'no queue' })).toEqual([400, 12]);
  });

  it('delete: 400/702 when not empty, force deletes and the tasks stay queued; 400/701', async () => {
    const who = await loggedInTenant();
    const { queue, tasks } = await queueWithTasks(who, 2);
    const refused = await rpc(who, '/queues.delete', { queue });
    expect(refused.code).toEqual([400, 702]);
    expect(refused.meta.result_msg).toBe(`Queue is not empty (use force=true to delete): id=${queue}`);
    expect(await ok(who, '/queues.delete', { queue, force: true })).toEqual({ deleted: 1 });
    expect(await codeOf(who, '/queues.get_by_id', { queue })).toEqual([400, 701]);
    const statuses = await db.task.findMany({ where: { id: { in: tasks } }, select: { status: true } });
    expect(statuses.map((t) => t.status)).toEqual(['queued', 'queued']);
    const empty = (await ok(who, '/queues.create', { name: 'empty one' })).id;
    expect(await ok(who, '/queues.delete', { queue: empty })).toEqual({ deleted: 1 });
    expect(await codeOf(who, '/queues.delete', { queue: empty })).toEqual([400, 701]);
  });

  it('add_task appends without touching the task, bumps last_update; duplicates 400/706', async () => {
    const who = await loggedInTenant();
    const { queue } = await queueWithTasks(who, 0);
    const task = await seedTask(who.actor);
    const before = (await ok(who, '/queues.get_by_id', { queue })).queue.last_update;
    await new Promise((r) => setTimeout(r, 5));
    expect(await ok(who, '/queues.add_task', { queue, task: task.id })).toEqual({ added: 1 });
    const doc = (await ok(who, '/queues.get_by_id', { queue })).queue;
    expect(doc.entries).toEqual([{ task: task.id, added: expect.stringMatching(ISO) }]);
    expect(doc.last_update > before).toBe(true);
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('created');
    const duplicate = await rpc(who, '/queues.add_task', { queue, task: task.id });
    expect(duplicate.code).toEqual([400, 706]);
    expect(duplicate.meta.result_msg).toContain(task.id);
    expect(await codeOf(who, '/queues.add_task', { queue })).toEqual([400, 12]);
    // the status is not checked, but the task must exist and be visible (own or public): entries
    // are shown with their task's name, which must not leak another company's tasks
    const other = await loggedInTenant('mallory');
    expect(await codeOf(who, '/queues.add_task', { queue, task: (await seedTask(other.actor)).id })).toEqual([400, 101]);
    expect(await codeOf(who, '/queues.add_task', { queue, task: 'no-such-task' })).toEqual([400, 101]);
    const publicTask = await seedTask(other.actor, { companyId: null, status: 'published' });
    expect(await ok(who, '/queues.add_task', { queue, task: publicTask.id })).toEqual({ added: 1 });
    expect(await codeOf(who, '/queues.add_task', { queue: 'nope', task: task.id })).toEqual([400, 701]);
  });

  it('get_next_task pops the head ({entry}) without changing the task; {} when empty; 400/701', async () => {
    const who = await loggedInTenant();
    const { queue, tasks } = await queueWithTasks(who, 2);
    const first = await ok(who, '/queues.get_next_task', { queue });
    expect(first).toEqual({ entry: { task: tasks[0], added: expect.stringMatching(ISO) } });
    expect((await db.task.findUniqueOrThrow({ where: { id: tasks[0]! } })).status).toBe('queued');
    expect((await ok(who, '/queues.get_next_task', { queue })).entry.task).toBe(tasks[1]);
    expect(await ok(who, '/queues.get_next_task', { queue })).toEqual({});
    expect(await codeOf(who, '/queues.get_next_task', { queue: 'nope' })).toEqual([400, 701]);
    expect(await codeOf(who, '/queues.get_next_task', {})).toEqual([400, 12]);
  });

  it('remove_task → {removed: 1}; a task not in the queue 400/703', async () => {
    const who = await loggedInTenant();
    const { queue, tasks } = await queueWithTasks(who, 2);
    expect(await ok(who, '/queues.remove_task', { queue, task: tasks[0] })).toEqual({ removed: 1 });
    expect(await entriesOf(who, queue)).toEqual([tasks[1]]);
    const again = await rpc(who, '/queues.remove_task', { queue, task: tasks[0] });
    expect(again.code).toEqual([400, 703]);
    expect(again.meta.result_msg).toBe(`Invalid queue id or task not in queue: task=${tasks[0]}, id=${queue}, company=${who.actor.companyId}`);
  });

  it('move_task_*: positions, clamping and the documented quirks; 400/703', async () => {
    const who = await loggedInTenant();
    const { queue, tasks } = await queueWithTasks(who, 4);
    const [t0, t1, t2, t3] = tasks as [string, string, string, string];
    expect(await ok(who, '/queues.move_task_forward', { queue, task: t2 })).toEqual({ position: 1 });
    expect(await entriesOf(who, queue)).toEqual([t0, t2, t1, t3]);
    expect(await ok(who, '/queues.move_task_forward', { queue, task: t3, count: 10 })).toEqual({ position: 0 });
    expect(await entriesOf(who, queue)).toEqual([t3, t0, t2, t1]);
    // backward past the end: placed last, the computed position is returned
    expect(await ok(who, '/queues.move_task_backward', { queue, task: t0, count: 5 })).toEqual({ position: 6 });
    expect(await entriesOf(who, queue)).toEqual([t3, t2, t1, t0]);
    expect(await ok(who, '/queues.move_task_backward', { queue, task: t3 })).toEqual({ position: 1 });
    expect(await entriesOf(who, queue)).toEqual([t2, t3, t1, t0]);
    expect(await ok(who, '/queues.move_task_to_front', { queue, task: t1 })).toEqual({ position: 0 });
    expect(await entriesOf(who, queue)).toEqual([t1, t2, t3, t0]);
    expect(await ok(who, '/queues.move_task_to_back', { queue, task: t2 })).toEqual({ position: -1 });
    expect(await entriesOf(who, queue)).toEqual([t1, t3, t0, t2]);
    // unchanged position: nothing written
    const before = (await ok(who, '/queues.get_by_id', { queue })).queue.last_update;
    expect(await ok(who, '/queues.move_task_to_front', { queue, task: t1 })).toEqual({ position: 0 });
    expect((await ok(who, '/queues.get_by_id', { queue })).queue.last_update).toBe(before);
    // many moves between the same neighbours keep a consistent order
    for (let i = 0; i < 60; i++) await ok(who, '/queues.move_task_backward', { queue, task: i % 2 ? t3 : t0 });
    expect((await entriesOf(who, queue)).sort()).toEqual([...tasks].sort());
    const stranger = await seedTask(who.actor);
    for (const path of ['move_task_forward', 'move_task_backward', 'move_task_to_front', 'move_task_to_back']) {
      expect(await codeOf(who, `/queues.${path}`, { queue, task: stranger.id }), path).toEqual([400, 703]);
    }
    expect(await codeOf(who, '/queues.move_task_forward', { queue, task: t0, count: 'x' })).toEqual([400, 12]);
  });

  it('E.10: enqueue two tasks, move the second to the front, pop it (still queued); delete ⇒ 702', async () => {
    const who = await loggedInTenant();
    const queue = (await ok(who, '/queues.create', { name: 'default', system_tags: ['default'] })).id;
    const ids: string[] = [];
    for (const name of ['first', 'second']) {
      const { id } = await ok(who, '/tasks.create', { name, type: 'training' });
      await ok(who, '/tasks.enqueue', { task: id });
      ids.push(id);
    }
    expect(await ok(who, '/queues.move_task_to_front', { queue, task: ids[1] })).toEqual({ position: 0 });
    expect((await ok(who, '/queues.get_next_task', { queue })).entry.task).toBe(ids[1]);
    expect((await ok(who, '/tasks.get_by_id', { task: ids[1] })).task).toMatchObject({ status: 'queued', execution: { queue } });
    // a popped task can no longer be dequeued (entry gone), reset ignores the missing entry
    expect(await codeOf(who, '/tasks.dequeue', { task: ids[1] })).toEqual([400, 703]);
    expect(await codeOf(who, '/queues.delete', { queue })).toEqual([400, 702]);
    const bare = await loggedInTenant('bob');
    expect(await codeOf(bare, '/queues.get_default')).toEqual([400, 707]);
  });

  it('get_queue_metrics: samples before each change, epoch buckets in ms, max-wait sample per bucket', async () => {
    const who = await loggedInTenant();
    const { queue, tasks } = await queueWithTasks(who, 3); // samples: lengths 0, 1, 2 (before each add)
    await ok(who, '/queues.get_next_task', { queue }); // sample: length 3
    await ok(who, '/queues.remove_task', { queue, task: tasks[2] }); // sample: length 2
    await ok(who, '/queues.move_task_to_front', { queue, task: tasks[1] }); // repositioning: no sample
    const samples = await db.queueMetric.findMany({ where: { queueId: queue }, orderBy: { id: 'asc' } });
    expect(samples.map((s) => s.queueLength)).toEqual([0, 1, 2, 3, 2]);
    expect(samples[0]!.avgWaitingTime).toBe(0);
    expect(samples.every((s) => s.companyId === who.actor.companyId)).toBe(true);

    const now = Math.floor(Date.now() / 1000);
    const { queues } = await ok(who, '/queues.get_queue_metrics', { from_date: now - 60, to_date: now + 60, interval: 3600, queue_ids: [queue] });
    expect(queues).toHaveLength(1);
    const [series] = queues;
    const bucket = Math.floor(Number(samples[4]!.timestamp) / 3_600_000) * 3_600_000;
    expect(series.queue).toBe(queue);
    expect(series.dates.at(-1)).toBe(bucket);
    // the bucket is represented by its sample with the longest average waiting time
    const inBucket = samples.filter((s) => Math.floor(Number(s.timestamp) / 3_600_000) * 3_600_000 === bucket);
    const best = [...inBucket].sort((x, y) => y.avgWaitingTime - x.avgWaitingTime || y.queueLength - x.queueLength)[0]!;
    expect(series.queue_lengths.at(-1)).toBe(best.queueLength);
    expect(series.avg_waiting_times.at(-1)).toBeCloseTo(best.avgWaitingTime, 9);

    expect(await codeOf(who, '/queues.get_queue_metrics', { from_date: now, to_date: now, interval: 60 })).toEqual([400, 16]);
    expect(await codeOf(who, '/queues.get_queue_metrics', { from_date: now, to_date: now + 1 })).toEqual([400, 12]);
    expect(await codeOf(who, '/queues.get_queue_metrics', { from_date: now, to_date: now + 1, interval: 0 })).toEqual([400, 12]);
  });

  it('get_queue_metrics: per-queue series, total with carry-forward and weighted waits, empty shapes', async () => {
    const who = await loggedInTenant();
    const q1 = (await ok(who, '/queues.create', { name: 'metrics one' })).id;
    const q2 = (await ok(who, '/queues.create', { name: 'metrics two' })).id;
    const base = 1_600_000_000; // epoch seconds, a multiple of 60? 1_600_000_000 / 60 = 26_666_666.67
    const bucket = (s: number) => Math.floor(s / 60) * 60 * 1000;
    const sample = (queueId: string, at: number, queueLength: number, avgWaitingTime: number) => ({
      companyId: who.actor.companyId, queueId, timestamp: BigInt(at * 1000), queueLength, avgWaitingTime,
    });
    await db.queueMetric.createMany({
      data: [
        sample(q1, base + 1, 2, 10),
        sample(q1, base + 2, 5, 3), // same bucket, shorter wait: not chosen
        sample(q2, base + 3, 1, 4),
        sample(q1, base + 200, 4, 20), // q2 absent: its last values are carried forward
        sample(q2, base + 400, 0, 0),
        sample(q2, base + 401, 3, 0), // tie on wait: the longer queue wins
      ],
    });
    const range = { from_date: base, to_date: base + 1000, interval: 60 };
    const per = (await ok(who, '/queues.get_queue_metrics', { ...range, queue_ids: [q1, q2, 'unknown'] })).queues as Doc[];
    const byQueue = Object.fromEntries(per.map((s) => [s.queue, s]));
    expect(Object.keys(byQueue).sort()).toEqual([q1, q2].sort());
    expect(byQueue[q1]).toEqual({ queue: q1, dates: [bucket(base + 1), bucket(base + 200)], avg_waiting_times: [10, 20], queue_lengths: [2, 4] });
    expect(byQueue[q2]).toEqual({ queue: q2, dates: [bucket(base + 3), bucket(base + 400)], avg_waiting_times: [4, 0], queue_lengths: [1, 3] });

    const { queues: [total] } = await ok(who, '/queues.get_queue_metrics', range);
    expect(total.queue).toBe('total');
    expect(total.dates).toEqual([bucket(base + 1), bucket(base + 200), bucket(base + 400)]);
    expect(total.queue_lengths).toEqual([3, 5, 7]);
    expect(total.avg_waiting_times[0]).toBeCloseTo((10 * 2 + 4 * 1) / 3, 9);
    expect(total.avg_waiting_times[1]).toBeCloseTo((20 * 4 + 4 * 1) / 5, 9);
    expect(total.avg_waiting_times[2]).toBeCloseTo((20 * 4 + 0 * 3) / 7, 9);
    // the extra hour before from_date is read too
    const late = await ok(who, '/queues.get_queue_metrics', { from_date: base + 3000, to_date: base + 4000, interval: 60, queue_ids: [q1] });
    expect(late.queues[0].dates).toEqual([bucket(base + 1), bucket(base + 200)]);

    const empty = { from_date: base + 100_000, to_date: base + 100_100, interval: 60 };
    expect(await ok(who, '/queues.get_queue_metrics', empty)).toEqual({
      queues: [{ queue: 'total', dates: [], avg_waiting_times: [], queue_lengths: [] }],
    });
    expect(await ok(who, '/queues.get_queue_metrics', { ...empty, queue_ids: [q1] })).toEqual({ queues: [] });
    // another company sees none of it
    const other = await loggedInTenant('eve');
    expect((await ok(other, '/queues.get_queue_metrics', { ...range, queue_ids: [q1] })).queues).toEqual([]);
    expect((await ok(other, '/queues.get_queue_metrics', range)).queues[0].dates).toEqual([]);
  });
});
