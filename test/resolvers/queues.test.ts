// The queue service on its own: atomic pops under concurrency, entry order and moves, metrics
// samples from every entry change (including the task lifecycle), query counts, the default queue.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { DEFAULT_COMPANY, ensureDefaultQueue } from '../../src/resolvers/bootstrap.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { getQueueMetrics } from '../../src/resolvers/queue-metrics.ts';
import {
  addTaskToQueue,
  createQueue,
  getDefaultQueue,
  getQueue,
  listQueues,
  listQueuesWithDetails,
  moveQueueEntry,
  popQueue,
  removeTaskFromQueue,
} from '../../src/resolvers/queues.ts';
import { dequeueTask, enqueueTask, resetTask } from '../../src/resolvers/tasks/lifecycle.ts';
import { seedActor, sqlLog, useTestDatabase } from '../helpers/db.ts';
import { seedQueue, seedTask } from '../helpers/tasks.ts';

useTestDatabase();

const order = async (actor: Awaited<ReturnType<typeof seedActor>>, queueId: string) =>
  (await getQueue(actor, queueId)).entries.map((e) => e.taskId);

describe('queue service', () => {
  it('popQueue: 30 concurrent pops of 12 entries deliver each entry exactly once', async () => {
    const actor = await seedActor();
    const queue = await seedQueue(actor);
    const tasks = [];
    for (let i = 0; i < 12; i++) {
      const task = await seedTask(actor);
      await addTaskToQueue(actor, queue.id, task.id);
      tasks.push(task.id);
    }
    const results = await Promise.all(Array.from({ length: 30 }, () => popQueue(actor, queue.id)));
    const delivered = results.filter((r) => r !== null).map((r) => r!.taskId);
    expect(delivered.sort()).toEqual([...tasks].sort());
    expect(await db.queueEntry.count({ where: { queueId: queue.id } })).toBe(0);
    expect(await popQueue(actor, queue.id)).toBeNull();
  });

  it('popQueue serves the head first and leaves the task untouched', async () => {
    const actor = await seedActor();
    const queue = await seedQueue(actor);
    const a = await seedTask(actor, { status: 'queued', queueId: queue.id });
    const b = await seedTask(actor, { status: 'queued', queueId: queue.id });
    await addTaskToQueue(actor, queue.id, a.id);
    await addTaskToQueue(actor, queue.id, b.id);
    expect((await popQueue(actor, queue.id))!.taskId).toBe(a.id);
    expect(await db.task.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ status: 'queued', queueId: queue.id });
  });

  it('moves between equal ranks renumber the queue and keep a total order', async () => {
    const actor = await seedActor();
    const queue = await seedQueue(actor);
    const ids = [];
    for (let i = 0; i < 4; i++) {
      const task = await seedTask(actor);
      await db.queueEntry.create({ data: { queueId: queue.id, taskId: task.id, rank: 7 } }); // all equal
      ids.push(task.id);
    }
    const [t0, t1, t2, t3] = ids as [string, string, string, string];
    expect(await order(actor, queue.id)).toEqual(ids); // ties broken by insertion
    expect(await moveQueueEntry(actor, { queueId: queue.id, taskId: t3, to: 'forward', count: 2 })).toEqual({ position: 1, index: 1 });
    expect(await order(actor, queue.id)).toEqual([t0, t3, t1, t2]);
    expect(await moveQueueEntry(actor, { queueId: queue.id, taskId: t0, to: 'backward', count: 9 })).toEqual({ position: 9, index: 3 });
    expect(await order(actor, queue.id)).toEqual([t3, t1, t2, t0]);
    expect(await moveQueueEntry(actor, { queueId: queue.id, taskId: t2, to: 'back' })).toEqual({ position: -1, index: 3 });
    expect(await order(actor, queue.id)).toEqual([t3, t1, t0, t2]);
    await expect(moveQueueEntry(actor, { queueId: queue.id, taskId: 'other', to: 'front' })).rejects.toMatchObject({ code: 'TASK_NOT_IN_QUEUE' });
    await expect(moveQueueEntry(actor, { queueId: queue.id, taskId: t0, to: 'forward', count: 1.5 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('metrics samples: add/enqueue/pop/remove/dequeue/reset record the queue as it was before; moves do not', async () => {
    const actor = await seedActor();
    const queue = await seedQueue(actor, 'default', ['default']);
    const raw = await seedTask(actor);
    const samples = async () =>
      (await db.queueMetric.findMany({ where: { queueId: queue.id }, orderBy: { id: 'asc' } })).map((s) => [s.queueLength, s.avgWaitingTime > 0]);
    await addTaskToQueue(actor, queue.id, raw.id); // [0, no wait]
    const created = await Promise.all([seedTask(actor), seedTask(actor), seedTask(actor)]);
    await new Promise((r) => setTimeout(r, 20));
    for (const task of created) await enqueueTask(actor, { taskId: task.id }); // [1..3, waiting]
    await moveQueueEntry(actor, { queueId: queue.id, taskId: created[2]!.id, to: 'front' }); // nothing
    await popQueue(actor, queue.id); // [4]
    await removeTaskFromQueue(actor, queue.id, raw.id); // [3]
    await dequeueTask(actor, { taskId: created[0]!.id }); // [2]
    await resetTask(actor, { taskId: created[1]!.id }); // [1]
    await resetTask(actor, { taskId: created[2]!.id }); // popped already: no entry, no sample
    expect(await samples()).toEqual([[0, false], [1, true], [2, true], [3, true], [4, true], [3, true], [2, true], [1, true]]);
    // failed changes record nothing
    await expect(addTaskToQueue(actor, queue.id, 'missing-task')).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    const again = await seedTask(actor);
    await addTaskToQueue(actor, queue.id, again.id);
    await expect(addTaskToQueue(actor, queue.id, again.id)).rejects.toMatchObject({ code: 'TASK_ALREADY_QUEUED' });
    expect(await db.queueMetric.count({ where: { queueId: queue.id } })).toBe(9);
    const now = Date.now() / 1000;
    const [total] = await getQueueMetrics(actor, { from: now - 10, to: now + 10, interval: 1 });
    expect(total!.queue).toBe('total');
    expect(total!.dates.every((d) => d % 1000 === 0)).toBe(true);
  });

  it('listQueues and listQueuesWithDetails use a fixed number of statements', async () => {
    const actor = await seedActor();
    for (let i = 0; i < 5; i++) {
      const queue = await seedQueue(actor);
      for (let j = 0; j < 3; j++) await addTaskToQueue(actor, queue.id, (await seedTask(actor)).id);
    }
    let before = sqlLog.length;
    expect(await listQueues(actor)).toHaveLength(5);
    const plain = sqlLog.length - before;
    before = sqlLog.length;
    const detailed = await listQueuesWithDetails(actor);
    expect(detailed.every((q) => q.entries.length === 3 && q.entries.every((e) => e.task.name === 'seeded task'))).toBe(true);
    const withDetails = sqlLog.length - before;
    expect(plain).toBeLessThanOrEqual(3);
    expect(withDetails).toBeLessThanOrEqual(plain + 2);
  });

  it('createQueue name rules; getDefaultQueue none / one / several', async () => {
    const actor = await seedActor();
    await expect(getDefaultQueue(actor)).rejects.toMatchObject({ code: 'NO_DEFAULT_QUEUE' });
    await expect(createQueue(actor, { name: ' x ' })).rejects.toMatchObject({ code: 'DATA_VALIDATION' });
    const queue = await createQueue(actor, { name: ' main ', systemTags: ['default'] });
    expect(queue.name).toBe('main');
    await expect(createQueue(actor, { name: 'main' })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await getDefaultQueue(actor)).toEqual({ id: queue.id, name: 'main' });
    await createQueue(actor, { name: 'also default', systemTags: ['default'] });
    await expect(getDefaultQueue(actor)).rejects.toMatchObject({ code: 'MULTIPLE_DEFAULT_QUEUES' });
  });

  it('ensureDefaultQueue creates `default` only for a company without any queue, once under concurrency', async () => {
    const empty = await seedActor();
    await Promise.all([ensureDefaultQueue(empty.companyId), ensureDefaultQueue(empty.companyId)]);
    const queues = await db.queue.findMany({ where: { companyId: empty.companyId } });
    expect(queues.map((q) => [q.name, q.systemTags])).toEqual([['default', ['default']]]);
    const withQueue = await seedActor();
    await seedQueue(withQueue, 'not default');
    await ensureDefaultQueue(withQueue.companyId);
    expect(await db.queue.count({ where: { companyId: withQueue.companyId } })).toBe(1);
    // deleting it is allowed and nothing comes back until the next start-up
    await db.queue.deleteMany({ where: { companyId: empty.companyId } });
    await expect(getDefaultQueue(empty)).rejects.toMatchObject({ code: 'NO_DEFAULT_QUEUE' });
    expect(DEFAULT_COMPANY.id).toBe('d1bd92a3b039400cbafc60a7a5b1e52b');
  });

  it('tenancy: every operation on another company\'s queue is QUEUE_NOT_FOUND', async () => {
    const owner = await seedActor();
    const other = await seedActor();
    const queue = await seedQueue(owner);
    const task = await seedTask(owner);
    await addTaskToQueue(owner, queue.id, task.id);
    await expect(getQueue(other, queue.id)).rejects.toMatchObject({ code: 'QUEUE_NOT_FOUND' });
    await expect(popQueue(other, queue.id)).rejects.toMatchObject({ code: 'QUEUE_NOT_FOUND' });
    await expect(addTaskToQueue(other, queue.id, newId())).rejects.toMatchObject({ code: 'QUEUE_NOT_FOUND' });
    await expect(removeTaskFromQueue(other, queue.id, task.id)).rejects.toMatchObject({ code: 'QUEUE_NOT_FOUND' });
    expect(await listQueues(other)).toEqual([]);
    expect(await order(owner, queue.id)).toEqual([task.id]);
  });
});
