// The worker service on its own: time-to-live, auto-registration, report rules, statistics rows.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { statRows, getWorkerMetricKeys } from '../../src/resolvers/worker-stats.ts';
import { findWorker, listWorkers, registerWorker, reportWorkerStatus, unregisterWorker } from '../../src/resolvers/workers.ts';
import { seedActor, sqlLog, useTestDatabase } from '../helpers/db.ts';
import { seedQueue, seedTask } from '../helpers/tasks.ts';

useTestDatabase();

describe('worker service', () => {
  it('statRows: scalars except 0 as `total`, every array element by device index', () => {
    expect(statRows({ gpu_usage: [0, 5], memory_free: 0, disk_read: 2.5, cpu_temperature: [] })).toEqual([
      { category: 'gpu', metric: 'gpu_usage', variant: '0', value: 0 },
      { category: 'gpu', metric: 'gpu_usage', variant: '1', value: 5 },
      { category: 'disk', metric: 'disk_read', variant: 'total', value: 2.5 },
    ]);
    expect(() => statRows({ cpu_usage: ['x' as unknown as number] })).toThrow(/machine_stats.cpu_usage/);
  });

  it('an expired entry is invisible, re-registered by the next report, and deleted by listing', async () => {
    const actor = await seedActor();
    await registerWorker(actor, { workerId: 'w', timeout: 60, queues: [] });
    await db.worker.updateMany({ where: { companyId: actor.companyId }, data: { expires: new Date(Date.now() - 1000), tags: ['old'] } });
    expect(await findWorker(actor, 'w')).toBeNull();
    await expect(unregisterWorker(actor, 'w')).rejects.toMatchObject({ code: 'WORKER_NOT_REGISTERED' });
    expect(await db.worker.count({ where: { companyId: actor.companyId } })).toBe(0); // dropped by unregister

    await registerWorker(actor, { workerId: 'w2', timeout: 60 });
    await db.worker.updateMany({ where: { companyId: actor.companyId }, data: { expires: new Date(Date.now() - 1000), tags: ['old'], registerTimeout: 60 } });
    await reportWorkerStatus(actor, { workerId: 'w2', timestamp: Date.now() });
    const fresh = await findWorker(actor, 'w2');
    expect(fresh).toMatchObject({ registerTimeout: 600, tags: [] }); // auto-registered anew

    await registerWorker(actor, { workerId: 'gone', timeout: 60 });
    await db.worker.updateMany({ where: { companyId: actor.companyId, workerId: 'gone' }, data: { expires: new Date(Date.now() - 1) } });
    expect((await listWorkers(actor, { lastSeen: 0 })).map((w) => w.workerId)).toEqual(['w2']);
    expect(await db.worker.count({ where: { companyId: actor.companyId, workerId: 'gone' } })).toBe(0);
  });

  it('reports refresh the time-to-live from register_timeout', async () => {
    const actor = await seedActor();
    // Long enough that the entry cannot expire before the report (it would be re-registered anew).
    await registerWorker(actor, { workerId: 'w', timeout: 60 });
    const before = await db.worker.findFirstOrThrow({ where: { companyId: actor.companyId } });
    expect(before.expires.getTime() - before.registerTime.getTime()).toBe(60_000);
    await new Promise((r) => setTimeout(r, 30));
    await reportWorkerStatus(actor, { workerId: 'w', timestamp: Date.now() });
    const after = await db.worker.findFirstOrThrow({ where: { companyId: actor.companyId } });
    expect(after.expires.getTime()).toBeGreaterThan(before.expires.getTime());
    expect(after.expires.getTime() - after.lastReportTime!.getTime()).toBe(60_000);
  });

  it('a report of a failed task step still saves the entry and the statistics', async () => {
    const actor = await seedActor();
    await expect(
      reportWorkerStatus(actor, { workerId: 'w', timestamp: 1000, taskId: 'nope', machineStats: { memory_used: 3 } }),
    ).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    expect(await findWorker(actor, 'w')).not.toBeNull();
    expect(await getWorkerMetricKeys(actor)).toEqual([{ name: 'memory', metricKeys: ['memory_used'] }]);
  });

  it('register checks timeout, queues and the user; workers of one user do not clash with another\'s', async () => {
    const actor = await seedActor();
    const colleague = await seedActor({ companyId: actor.companyId });
    const queue = await seedQueue(actor);
    await expect(registerWorker(actor, { workerId: 'w', timeout: 0 })).rejects.toMatchObject({ code: 'WORKER_INVALID_TIMEOUT' });
    await expect(registerWorker(actor, { workerId: 'w', queues: [queue.id, 'x'] })).rejects.toMatchObject({ code: 'QUEUE_NOT_FOUND', ids: ['x'] });
    await expect(registerWorker({ ...actor, userId: 'no-such-user' }, { workerId: 'w' })).rejects.toMatchObject({ code: 'WORKER_USER_NOT_FOUND' });
    await registerWorker(actor, { workerId: 'w', queues: [queue.id] });
    await registerWorker(colleague, { workerId: 'w' });
    const listed = await listWorkers(actor);
    expect(listed.map((w) => [w.workerId, w.user.id])).toEqual(
      [['w', actor.userId], ['w', colleague.userId]].sort((a, b) => a[1]!.localeCompare(b[1]!)),
    );
    await unregisterWorker(colleague, 'w');
    expect((await listWorkers(actor)).map((w) => w.user.id)).toEqual([actor.userId]);
  });

  it('listWorkers uses a fixed number of statements for many workers', async () => {
    const actor = await seedActor();
    const queue = await seedQueue(actor);
    for (let i = 0; i < 8; i++) {
      const task = await seedTask(actor);
      await reportWorkerStatus(actor, { workerId: `w${i}`, timestamp: Date.now(), taskId: task.id, queues: [queue.id], queueId: queue.id });
    }
    const before = sqlLog.length;
    const workers = await listWorkers(actor);
    expect(workers).toHaveLength(8);
    expect(workers.every((w) => w.queue?.id === queue.id && w.task !== null)).toBe(true);
    expect(sqlLog.length - before).toBeLessThanOrEqual(7);
  });
});
