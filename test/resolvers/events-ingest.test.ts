// The event write path against real PostgreSQL: validation order and reasons, normalisation,
// upsert by identity, task statistics (tasks spec 4.4) and their behaviour under concurrency.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { addEvents, eventIdentity } from '../../src/resolvers/events/ingest.ts';
import { deleteTaskEvents } from '../../src/resolvers/events/delete.ts';
import { resetTask } from '../../src/resolvers/tasks/lifecycle.ts';
import { metricHash } from '../../src/resolvers/tasks/metrics.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

const scalar = (task: string, iter: number, value: number, extra: Record<string, unknown> = {}) => ({
  type: 'training_stats_scalar',
  task,
  iter,
  metric: 'loss',
  variant: 'total',
  value,
  ...extra,
});

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error as { code: string; message: string; errorsInfo?: Record<string, number> };
  }
}

const lastMetric = async (taskId: string, metric = 'loss', variant = 'total') => {
  const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
  const metrics = task.lastMetrics as Record<string, Record<string, unknown>>;
  return { task, entry: metrics[metricHash(metric)]?.[metricHash(variant)] };
};

describe('addEvents', () => {
  it('stores the valid events of a mixed batch and counts the others by reason', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const task = await seedTask(actor);
    const foreign = await seedTask(other);
    const published = await seedTask(actor, { status: 'published' });
    const result = await addEvents(actor, [
      scalar(task.id, 1, 0.5),
      { task: task.id, metric: 'x' },
      { type: 'bogus', task: task.id },
      { type: 'training stats scalar', task: task.id, iter: 2, metric: 'loss', variant: 'total', value: 0.25 },
      { type: 'log' },
      scalar(foreign.id, 1, 1),
      scalar('no-such-task', 1, 1),
      scalar(published.id, 1, 1),
    ]);
    expect(result).toEqual({
      added: 2,
      errors: 6,
      errorsInfo: {
        "Event must have a 'type' field": 1,
        'Invalid event type bogus': 1,
        "Event must have a 'task' field": 1,
        'Invalid task id': 3,
      },
    });
    expect(await db.event.count({ where: { taskId: task.id } })).toBe(2);
    expect(await db.event.count({ where: { taskId: { in: [foreign.id, published.id] } } })).toBe(0);
    const { task: stored, entry } = await lastMetric(task.id);
    expect(entry).toEqual({ metric: 'loss', variant: 'total', value: 0.25, min_value: 0.25, max_value: 0.5 });
    expect(stored.lastIteration).toBe(2);
  });

  it('normalises documents: ts, defaults, worker, @timestamp, iter and vector values', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    const before = Date.now();
    await addEvents(actor, [
      { type: 'training_stats_vector', task: task.id, iter: '7', metric: 'v', variant: 'w', values: [1, 2], ts: 1234, extra: { a: 1 } },
      { type: 'log', task: task.id, msg: 'hello', level: 'info' },
    ], { worker: 'gpu-box' });
    const [vector] = await db.event.findMany({ where: { taskId: task.id, type: 'training_stats_vector' } });
    expect(vector!.doc).toMatchObject({ type: 'training_stats_vector', task: task.id, iter: 7, value: [1, 2], timestamp: 1234, worker: 'gpu-box', extra: { a: 1 } });
    expect(vector!.doc).not.toHaveProperty('values');
    expect(vector!.doc).not.toHaveProperty('ts');
    expect((vector!.doc as Record<string, unknown>)['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(vector!.iter).toBe(7);
    expect(vector!.timestamp).toBe(1234n);
    expect(vector!.key).toBe(eventIdentity({ task: task.id, iter: 7, metric: 'v', variant: 'w' }));
    const [log] = await db.event.findMany({ where: { taskId: task.id, type: 'log' } });
    expect(log!.key).toBeNull();
    expect(log!.doc).toMatchObject({ metric: '', variant: '', msg: 'hello', worker: 'gpu-box' });
    expect(Number(log!.timestamp)).toBeGreaterThanOrEqual(before);
    const defaultWorker = await seedTask(actor);
    await addEvents(actor, [{ type: 'log', task: defaultWorker.id, msg: 'x' }]);
    const [unknown] = await db.event.findMany({ where: { taskId: defaultWorker.id } });
    expect((unknown!.doc as Record<string, unknown>).worker).toBe('<unknown>');
  });

  it('computes the identity from the members present, joined by "-"', () => {
    const md5 = (s: string) => eventIdentity({ task: s }); // md5 of the single part
    expect(eventIdentity({ task: 't', iter: 10, metric: 'loss', variant: 'total' })).toBe(md5('t-10-loss-total'));
    expect(eventIdentity({ task: 't', metric: 'loss', variant: 'total' })).toBe(md5('t-loss-total'));
    expect(eventIdentity({ task: 't', iter: 1, metric: 'm', variant: 'v', key: 'k' })).toBe(md5('t-1-m-v-k'));
  });

  it('upserts non-log events by identity (also twice inside one batch) and appends logs', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await addEvents(actor, [scalar(task.id, 3, 1), scalar(task.id, 3, 2), { type: 'log', task: task.id, msg: 'a' }]);
    await addEvents(actor, [scalar(task.id, 3, 5, { note: 'second' }), { type: 'log', task: task.id, msg: 'a' }]);
    const scalars = await db.event.findMany({ where: { taskId: task.id, type: 'training_stats_scalar' } });
    expect(scalars).toHaveLength(1);
    expect(scalars[0]!.value).toBe(5);
    expect(scalars[0]!.doc).toMatchObject({ value: 5, note: 'second' });
    expect(await db.event.count({ where: { taskId: task.id, type: 'log' } })).toBe(2);
    // A plot with the same (iter, metric, variant) is another identity space.
    await addEvents(actor, [{ type: 'plot', task: task.id, iter: 3, metric: 'loss', variant: 'total', plot_str: '{}' }]);
    expect(await db.event.count({ where: { taskId: task.id } })).toBe(4);
  });

  it('fails with EVENTS_NOT_ADDED when nothing is valid, and EMPTY_BATCH when empty', async () => {
    const actor = await seedActor();
    const error = await failureOf(addEvents(actor, [scalar('missing', 1, 1), scalar('missing', 2, 1)]));
    expect(error).toMatchObject({ code: 'EVENTS_NOT_ADDED', errorsInfo: { 'Invalid task id': 2 } });
    expect((error as { message: string }).message).toBe('Events not added: Invalid task id=2');
    expect(await failureOf(addEvents(actor, []))).toMatchObject({ code: 'EMPTY_BATCH' });
  });

  it('writes to locked tasks only with allowLocked, never to public ones', async () => {
    const actor = await seedActor();
    const published = await seedTask(actor, { status: 'published' });
    const publicTask = await seedTask(actor, { companyId: null, companyOrigin: actor.companyId });
    expect(await failureOf(addEvents(actor, [scalar(published.id, 1, 1)]))).toMatchObject({ code: 'EVENTS_NOT_ADDED' });
    expect(await addEvents(actor, [scalar(published.id, 1, 1)], { allowLocked: true })).toMatchObject({ added: 1 });
    expect(await failureOf(addEvents(actor, [scalar(publicTask.id, 1, 1)], { allowLocked: true }))).toMatchObject({ code: 'EVENTS_NOT_ADDED' });
  });

  it('keeps task statistics: last value of the latest iteration, min/max across batches, monitor metrics', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await addEvents(actor, [scalar(task.id, 5, 3), scalar(task.id, 4, -7), scalar(task.id, 6, 2, { timestamp: 10 }), scalar(task.id, 6, 4, { timestamp: 9 })]);
    let { task: stored, entry } = await lastMetric(task.id);
    // iter 6 wins, the later timestamp among equal iterations; min/max over the winners (4 lost).
    expect(entry).toEqual({ metric: 'loss', variant: 'total', value: 2, min_value: 2, max_value: 3 });
    expect(stored.lastIteration).toBe(6);
    await addEvents(actor, [scalar(task.id, 1, 10), { type: 'training_stats_scalar', task: task.id, iter: 100, metric: ':monitor:gpu', variant: 'gpu_0', value: 1 }]);
    ({ task: stored, entry } = await lastMetric(task.id));
    // The latest batch overwrites value even for an older iteration; min/max merge with stored ones.
    expect(entry).toEqual({ metric: 'loss', variant: 'total', value: 10, min_value: 2, max_value: 10 });
    expect(stored.lastIteration).toBe(6);
    expect((await lastMetric(task.id, ':monitor:gpu', 'gpu_0')).entry).toMatchObject({ value: 1 });
    expect(stored.metricStats).toEqual({
      [metricHash('loss')]: { metric: 'loss', event_stats_by_type: { training_stats_scalar: { last_update: expect.any(Number) } } },
      [metricHash(':monitor:gpu')]: { metric: ':monitor:gpu', event_stats_by_type: { training_stats_scalar: { last_update: expect.any(Number) } } },
    });
    expect(stored.lastUpdate.getTime()).toBeGreaterThan(task.lastUpdate.getTime() - 1);
  });

  it('two concurrent batches for one task leave exact min, max, last value and last_iteration', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    const size = 2000;
    for (let round = 0; round < 5; round++) {
      // Disjoint identities, so neither insert waits for the other and both reach the task row
      // together; one batch holds the series' new minimum, the other its new maximum and the
      // highest iteration.
      const batch = (side: 0 | 1) => [
        ...Array.from({ length: size }, (_, i) =>
          scalar(task.id, round * 10 * size + 2 * i + side, i === size - 1 ? (side === 0 ? -(round + 1) * 1000 : (round + 1) * 1000) : i / size),
        ),
        { type: 'training_stats_scalar', task: task.id, iter: round, metric: 'own', variant: `side${side}`, value: round },
        { type: 'log', task: task.id, msg: `round ${round} side ${side}` },
      ];
      const [a, b] = await Promise.all([addEvents(actor, batch(0)), addEvents(actor, batch(1))]);
      expect(a.added + b.added).toBe(2 * (size + 2));
      const stored = await db.task.findUniqueOrThrow({ where: { id: task.id } });
      const metrics = stored.lastMetrics as Record<string, Record<string, Record<string, number>>>;
      const total = metrics[metricHash('loss')]![metricHash('total')]!;
      expect([total.min_value, total.max_value], `round ${round}`).toEqual([-(round + 1) * 1000, (round + 1) * 1000]);
      expect([-(round + 1) * 1000, (round + 1) * 1000]).toContain(total.value);
      expect(stored.lastIteration).toBe(round * 10 * size + 2 * (size - 1) + 1);
      for (const side of [0, 1]) {
        expect(metrics[metricHash('own')]![metricHash(`side${side}`)]).toEqual({ metric: 'own', variant: `side${side}`, value: round, min_value: 0, max_value: round });
      }
    }
    expect(await db.event.count({ where: { taskId: task.id } })).toBe(5 * 2 * (size + 2));
  });
});

describe('deleting events', () => {
  it('deleteTaskEvents returns the count and respects locked, public and foreign tasks', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const task = await seedTask(actor);
    await addEvents(actor, [scalar(task.id, 1, 1), scalar(task.id, 2, 1), { type: 'log', task: task.id, msg: 'x' }]);
    expect(await deleteTaskEvents(actor, task.id)).toBe(3);
    expect(await deleteTaskEvents(actor, task.id)).toBe(0);
    const published = await seedTask(actor, { status: 'published' });
    await addEvents(actor, [scalar(published.id, 1, 1)], { allowLocked: true });
    expect(await failureOf(deleteTaskEvents(actor, published.id))).toMatchObject({ code: 'TASK_NOT_FOUND' });
    expect(await deleteTaskEvents(actor, published.id, { allowLocked: true })).toBe(1);
    const publicTask = await seedTask(other, { companyId: null });
    expect(await failureOf(deleteTaskEvents(actor, publicTask.id))).toMatchObject({ code: 'TASK_NOT_FOUND' });
    expect(await failureOf(deleteTaskEvents(other, task.id))).toMatchObject({ code: 'TASK_NOT_FOUND' });
  });

  it('resetTask removes the events; deleting the task cascades', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, { status: 'stopped' });
    await addEvents(actor, [scalar(task.id, 1, 1), { type: 'log', task: task.id, msg: 'x' }]);
    await resetTask(actor, { taskId: task.id });
    expect(await db.event.count({ where: { taskId: task.id } })).toBe(0);
    await addEvents(actor, [scalar(task.id, 1, 1)]);
    await db.task.delete({ where: { id: task.id } });
    expect(await db.event.count({ where: { taskId: task.id } })).toBe(0);
  });
});
