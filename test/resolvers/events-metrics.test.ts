// The events read domain: the legacy histogram (B.5.7/B.5.8) with its width and grouping rules,
// metric lists, latest and last values, vector histograms and downsampled series, against real
// PostgreSQL with events seeded in the write path's layout.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/resolvers/context.ts';
import { bucketWidth, compareScalarHistograms, getScalarHistogram, groupWidths } from '../../src/resolvers/events/histogram.ts';
import {
  flattenLastMetrics,
  getLastMetricValues,
  getLatestScalarValues,
  getMetricsAndVariants,
  getTaskMetricNames,
  getVectorHistogram,
} from '../../src/resolvers/events/metrics.ts';
import { compareScalarSeries, getScalarSeries } from '../../src/resolvers/events/series.ts';
import { db } from '../../src/db.ts';
import { seedActor, sqlLog, useTestDatabase } from '../helpers/db.ts';
import { BASE_TIME, seedEvents, seedScalarSeries, setLastMetrics } from '../helpers/events-seed.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

let actor: Actor;
let other: Actor;
beforeAll(async () => {
  actor = await seedActor();
  other = await seedActor();
});

const range = (from: number, to: number, step = 1) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('bucket widths and grouping (pure)', () => {
  it('width 1 below `samples` events, else ⌈(max − min + 1) / samples⌉', () => {
    expect(bucketWidth({ count: 5, min: 0, max: 1000 }, 10)).toEqual({ width: 1, buckets: 5 });
    expect(bucketWidth({ count: 100, min: 0, max: 99 }, 10)).toEqual({ width: 10, buckets: 10 });
    expect(bucketWidth({ count: 100, min: 5, max: 104 }, 10)).toEqual({ width: 10, buckets: 10 });
    expect(bucketWidth({ count: 101, min: 0, max: 100 }, 10)).toEqual({ width: 11, buckets: 10 });
  });

  it('variants within 10 % of a group start share its largest width; caps of 50 variants and 6000 buckets', () => {
    expect(groupWidths([{ width: 10, buckets: 10 }, { width: 11, buckets: 10 }, { width: 12, buckets: 10 }])).toEqual([11, 11, 12]);
    expect(groupWidths([{ width: 1, buckets: 5 }, { width: 2, buckets: 5 }])).toEqual([1, 2]);
    // Sorted by width first; order of the input is kept in the output.
    expect(groupWidths([{ width: 105, buckets: 1 }, { width: 100, buckets: 1 }, { width: 111, buckets: 1 }])).toEqual([105, 105, 111]);
    expect(groupWidths([{ width: 100, buckets: 4000 }, { width: 100, buckets: 4000 }])).toEqual([100, 100]);
    expect(groupWidths([{ width: 100, buckets: 4000 }, { width: 105, buckets: 4000 }])).toEqual([100, 105]);
    const many = Array.from({ length: 51 }, (_, i) => ({ width: i < 50 ? 20 : 22, buckets: 1 }));
    expect(groupWidths(many).slice(48)).toEqual([20, 20, 22]);
  });
});

describe('scalar histogram (B.5.7)', () => {
  it('iter = value = 0…99, samples 10 ⇒ x = 0, 10, …, 90 and y = 4.5, 14.5, …, 94.5; samples 6000 ⇒ 100 points', async () => {
    const task = await seedTask(actor);
    await seedScalarSeries({ companyId: actor.companyId, taskId: task.id, metric: 'loss', variant: 'total', count: 100 });
    const histogram = await getScalarHistogram(actor, task.id, { samples: 10 });
    expect(histogram).toEqual({
      loss: { total: { name: 'total', x: range(0, 90, 10), y: range(0, 9).map((i) => i * 10 + 4.5) } },
    });
    const full = await getScalarHistogram(actor, task.id);
    expect(full.loss!.total!.x).toEqual(range(0, 99));
    expect(full.loss!.total!.y).toEqual(range(0, 99));
  });

  it('buckets are aligned to zero: iterations 5…104 with samples 10 ⇒ 11 buckets 0, 10, …, 100', async () => {
    const task = await seedTask(actor);
    await seedScalarSeries({ companyId: actor.companyId, taskId: task.id, metric: 'm', variant: 'v', count: 100, first: 5 });
    const { m } = await getScalarHistogram(actor, task.id, { samples: 10 });
    expect(m!.v!.x).toEqual(range(0, 100, 10));
    expect(m!.v!.y).toEqual([7, ...range(1, 9).map((i) => i * 10 + 4.5), 102]);
  });

  it('means are computed from values rounded to float32 (0.1 ⇒ 0.10000000149011612)', async () => {
    const task = await seedTask(actor);
    await seedEvents([{ companyId: actor.companyId, taskId: task.id, type: 'training_stats_scalar', iter: 3, metric: 'acc', variant: 'val', value: 0.1 }]);
    const histogram = await getScalarHistogram(actor, task.id);
    expect(histogram.acc!.val!.y).toEqual([0.10000000149011612]);
  });

  it('grouped variants share the largest width: widths 10 and 11 ⇒ both 11; 12 stays 12', async () => {
    const task = await seedTask(actor);
    for (const [variant, count] of [['a', 100], ['b', 110], ['c', 120]] as const) {
      await seedScalarSeries({ companyId: actor.companyId, taskId: task.id, metric: 'g', variant, count });
    }
    const { g } = await getScalarHistogram(actor, task.id, { samples: 10 });
    expect(g!.a!.x).toEqual(range(0, 99, 11));
    expect(g!.b!.x).toEqual(range(0, 109, 11));
    expect(g!.c!.x).toEqual(range(0, 119, 12));
  });

  it('time keys: epoch-aligned milliseconds or ISO strings; variants without iterations have only a name', async () => {
    const task = await seedTask(actor);
    await seedScalarSeries({ companyId: actor.companyId, taskId: task.id, metric: 't', variant: 'v', count: 3, msPerIter: 1500 });
    await seedEvents([{ companyId: actor.companyId, taskId: task.id, type: 'training_stats_scalar', metric: 't', variant: 'noiter', value: 1, timestamp: BASE_TIME }]);
    const byTime = await getScalarHistogram(actor, task.id, { key: 'timestamp' });
    expect(byTime.t!.v).toEqual({ name: 'v', x: [BASE_TIME, BASE_TIME + 1500, BASE_TIME + 3000], y: [0, 1, 2] });
    expect(byTime.t!.noiter).toEqual({ name: 'noiter', x: [BASE_TIME], y: [1] });
    const iso = await getScalarHistogram(actor, task.id, { key: 'iso_time' });
    expect(iso.t!.v!.x).toEqual(['2020-09-01T10:00:00.000Z', '2020-09-01T10:00:01.500Z', '2020-09-01T10:00:03.000Z']);
    const byIter = await getScalarHistogram(actor, task.id, { key: 'iter' });
    expect(byIter.t!.noiter).toEqual({ name: 'noiter' });
  });

  it('at most 100 metrics, the most frequent ones', async () => {
    const task = await seedTask(actor);
    const events = range(0, 100).flatMap((m) =>
      range(0, m === 0 ? 0 : 1).map((iter) => ({
        companyId: actor.companyId, taskId: task.id, type: 'training_stats_scalar' as const, iter, metric: `m${m}`, variant: 'v', value: 1,
      })),
    );
    await seedEvents(events);
    const histogram = await getScalarHistogram(actor, task.id);
    expect(Object.keys(histogram)).toHaveLength(100);
    expect(histogram).not.toHaveProperty('m0'); // the only metric with one event
  });

  it('{} without scalar events; TASK_NOT_FOUND for another company; bad samples/key are INVALID_INPUT', async () => {
    const task = await seedTask(actor);
    expect(await getScalarHistogram(actor, task.id)).toEqual({});
    await expect(getScalarHistogram(other, task.id)).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    await expect(getScalarHistogram(actor, task.id, { samples: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(getScalarHistogram(actor, task.id, { samples: 6001 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(getScalarHistogram(actor, task.id, { key: 'x' as never })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('public tasks are readable', async () => {
    const task = await seedTask(actor, { companyId: null, companyOrigin: actor.companyId });
    await seedScalarSeries({ companyId: actor.companyId, taskId: task.id, metric: 'p', variant: 'v', count: 2 });
    expect(await getScalarHistogram(other, task.id)).toEqual({ p: { v: { name: 'v', x: [0, 1], y: [0, 1] } } });
  });
});

describe('multi-task histogram (B.5.8)', () => {
  it('metric → variant → task → {name: task name, x, y}; two statements for any number of tasks', async () => {
    const a = await seedTask(actor, { name: 'first run' });
    const b = await seedTask(actor, { name: 'second run' });
    await seedScalarSeries({ companyId: actor.companyId, taskId: a.id, metric: 'loss', variant: 'total', count: 3 });
    await seedScalarSeries({ companyId: actor.companyId, taskId: b.id, metric: 'loss', variant: 'total', count: 2, valueSql: 'i * 2' });
    await seedScalarSeries({ companyId: actor.companyId, taskId: b.id, metric: 'acc', variant: 'val', count: 1 });
    const before = sqlLog.length;
    const result = await compareScalarHistograms(actor, [a.id, b.id], { sameCompany: true });
    expect(sqlLog.length - before).toBe(3); // read scope + statistics + buckets
    expect(result).toEqual({
      loss: {
        total: {
          [a.id]: { name: 'first run', x: [0, 1, 2], y: [0, 1, 2] },
          [b.id]: { name: 'second run', x: [0, 1], y: [0, 2] },
        },
      },
      acc: { val: { [b.id]: { name: 'second run', x: [0], y: [0] } } },
    });
  });

  it('tasks of two companies (own + public of another) ⇒ TASK_NOT_FOUND with sameCompany; invisible ids named', async () => {
    const own = await seedTask(actor);
    const foreignPublic = await seedTask(other, { companyId: null, companyOrigin: other.companyId });
    await expect(compareScalarHistograms(actor, [own.id, foreignPublic.id], { sameCompany: true })).rejects.toMatchObject({
      code: 'TASK_NOT_FOUND',
      details: { reason: 'only tasks from the same company are supported' },
    });
    expect(await compareScalarHistograms(actor, [own.id, foreignPublic.id])).toEqual({});
    const hidden = await seedTask(other);
    await expect(compareScalarHistograms(actor, [own.id, hidden.id])).rejects.toMatchObject({ code: 'TASK_NOT_FOUND', ids: [hidden.id] });
    await expect(compareScalarHistograms(actor, [])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(compareScalarHistograms(actor, [own.id, own.id, own.id], { maxTasks: 2 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('metric lists, latest values, vectors, last metrics', () => {
  it('metrics and variants most frequent first; per-task metric names; empty shapes', async () => {
    const task = await seedTask(actor);
    const scalar = (metric: string, variant: string, iters: number) =>
      range(1, iters).map((iter) => ({ companyId: actor.companyId, taskId: task.id, type: 'training_stats_scalar' as const, iter, metric, variant, value: iter }));
    await seedEvents([...scalar('loss', 'a', 1), ...scalar('loss', 'b', 3), ...scalar('acc', 'x', 5)]);
    expect(await getMetricsAndVariants(actor, task.id, 'training_stats_scalar')).toEqual({ acc: ['x'], loss: ['b', 'a'] });
    expect(await getMetricsAndVariants(actor, task.id, 'training_stats_vector')).toEqual({});
    const empty = await seedTask(actor);
    expect(await getTaskMetricNames(actor, [task.id, empty.id], 'training_stats_scalar')).toEqual([
      { task: task.id, metrics: ['acc', 'loss'] },
      { task: empty.id, metrics: [] },
    ]);
    // The company never stored a plot: the original's "no index" answer.
    expect(await getTaskMetricNames(actor, [task.id], 'plot')).toEqual([]);
    await expect(getTaskMetricNames(actor, [task.id], 'nope')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(getMetricsAndVariants(other, task.id, 'training_stats_scalar')).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });

  it('latest scalar values: value at the highest iteration (float32, positive only), last iteration of any type', async () => {
    const task = await seedTask(actor, { name: 'latest', status: 'in_progress' });
    const ev = (iter: number, metric: string, variant: string, value: number, type: 'training_stats_scalar' | 'plot' = 'training_stats_scalar') => ({
      companyId: actor.companyId, taskId: task.id, type, iter, metric, variant, value,
    });
    await seedEvents([ev(1, 'loss', 'total', 0.5), ev(2, 'loss', 'total', 0.1), ev(3, 'loss', 'total', -1), ev(1, 'acc', 'val', 0.9), ev(7, 'plot', 'p', 0, 'plot')]);
    expect(await getLatestScalarValues(actor, task.id)).toEqual({
      metrics: [
        { name: 'acc', variants: [{ name: 'val', last_value: 0.8999999761581421, last_10_value: 0.8999999761581421 }] },
        { name: 'loss', variants: [{ name: 'total', last_value: 0.10000000149011612, last_10_value: 0.10000000149011612 }] },
      ],
      lastIter: 7,
      name: 'latest',
      status: 'in_progress',
      lastTimestamp: BASE_TIME + 2000,
    });
    const empty = await seedTask(actor, { name: 'empty' });
    expect(await getLatestScalarValues(actor, empty.id)).toEqual({ metrics: [], lastIter: 0, name: 'empty', status: 'created', lastTimestamp: 0 });
  });

  it('vector histogram: vectors by iteration ascending', async () => {
    const task = await seedTask(actor);
    await seedEvents([2, 0, 1].map((iter) => ({
      companyId: actor.companyId, taskId: task.id, type: 'training_stats_vector' as const, iter, metric: 'hist', variant: 'w', values: [iter, iter + 0.5],
    })));
    expect(await getVectorHistogram(actor, task.id, 'hist', 'w')).toEqual({
      metric: 'hist', variant: 'w', vectors: [[0, 0.5], [1, 1.5], [2, 2.5]], iterations: [0, 1, 2],
    });
    expect(await getVectorHistogram(actor, task.id, 'hist', 'none')).toEqual({ metric: 'hist', variant: 'none', vectors: [], iterations: [] });
  });

  it('last metric values from task.last_metrics, sorted', async () => {
    const task = await seedTask(actor);
    await setLastMetrics(task.id, [
      { metric: 'loss', variant: 'val', value: 0.3, min: 0.1, max: 0.9 },
      { metric: 'acc', variant: 'top1', value: 0.7, min: 0.2, max: 0.7 },
    ]);
    expect(await getLastMetricValues(actor, task.id)).toEqual([
      { metric: 'acc', variant: 'top1', value: 0.7, min: 0.2, max: 0.7 },
      { metric: 'loss', variant: 'val', value: 0.3, min: 0.1, max: 0.9 },
    ]);
    expect(flattenLastMetrics({})).toEqual([]);
    await expect(getLastMetricValues(other, task.id)).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });
});

describe('downsampled series', () => {
  it('≤ maxPoints buckets with count/min/max/mean/last, one statement besides the read check', async () => {
    const task = await seedTask(actor);
    await seedScalarSeries({ companyId: actor.companyId, taskId: task.id, metric: 'loss', variant: 'total', count: 10, valueSql: '10 - i' });
    const before = sqlLog.length;
    const series = await getScalarSeries(actor, task.id, { metric: 'loss', variant: 'total', maxPoints: 4 });
    expect(sqlLog.length - before).toBe(2);
    expect(series).toMatchObject({ taskId: task.id, metric: 'loss', variant: 'total', bucketWidth: 3 });
    expect(series.buckets).toEqual([
      { x: 0, count: 3, min: 8, max: 10, mean: 9, last: 8 },
      { x: 3, count: 3, min: 5, max: 7, mean: 6, last: 5 },
      { x: 6, count: 3, min: 2, max: 4, mean: 3, last: 2 },
      { x: 9, count: 1, min: 1, max: 1, mean: 1, last: 1 },
    ]);
    // Zooming in: finer buckets within [from, to].
    const zoomed = await getScalarSeries(actor, task.id, { metric: 'loss', variant: 'total', maxPoints: 4, from: 2, to: 5 });
    expect(zoomed.buckets.map((b) => [b.x, b.count, b.last])).toEqual([[2, 1, 8], [3, 1, 7], [4, 1, 6], [5, 1, 5]]);
    const byTime = await getScalarSeries(actor, task.id, { metric: 'loss', variant: 'total', maxPoints: 5, axis: 'timestamp' });
    expect(byTime.buckets.map((b) => [b.x - BASE_TIME, b.count, b.last])).toEqual([[0, 2, 9], [1801, 2, 7], [3602, 2, 5], [5403, 2, 3], [7204, 2, 1]]);
    const none = await getScalarSeries(actor, task.id, { metric: 'loss', variant: 'nope' });
    expect(none).toMatchObject({ bucketWidth: null, buckets: [] });
  });

  it('bad input: maxPoints out of range, from > to; unknown task', async () => {
    const task = await seedTask(actor);
    for (const maxPoints of [0, 10_001, 1.5]) {
      await expect(getScalarSeries(actor, task.id, { metric: 'm', variant: 'v', maxPoints })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'maxPoints' });
    }
    await expect(getScalarSeries(actor, task.id, { metric: 'm', variant: 'v', from: 5, to: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(getScalarSeries(other, task.id, { metric: 'm', variant: 'v' })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });

  it('compare: tasks × metrics × variants (all variants when none is named) in one statement, across companies', async () => {
    const a = await seedTask(actor, { name: 'a' });
    const pub = await seedTask(other, { name: 'public', companyId: null, companyOrigin: other.companyId });
    for (const task of [a, pub]) {
      for (const variant of ['train', 'val']) {
        await seedScalarSeries({ companyId: task.companyId ?? other.companyId, taskId: task.id, metric: 'loss', variant, count: 20 });
      }
      await seedScalarSeries({ companyId: task.companyId ?? other.companyId, taskId: task.id, metric: 'acc', variant: 'top1', count: 5 });
    }
    const before = sqlLog.length;
    const series = await compareScalarSeries(actor, {
      taskIds: [a.id, pub.id],
      metrics: [{ metric: 'loss' }, { metric: 'acc', variant: 'top1' }, { metric: 'loss', variant: 'val' }],
      maxPoints: 10,
    });
    expect(sqlLog.length - before).toBe(2);
    expect(series.map((s) => [s.taskName, s.metric, s.variant, s.buckets.length, s.bucketWidth])).toEqual([
      ['a', 'loss', 'train', 10, 2], ['a', 'loss', 'val', 10, 2], ['a', 'acc', 'top1', 5, 1],
      ['public', 'loss', 'train', 10, 2], ['public', 'loss', 'val', 10, 2], ['public', 'acc', 'top1', 5, 1],
    ]);
    const hidden = await seedTask(other);
    await expect(compareScalarSeries(actor, { taskIds: [a.id, hidden.id], metrics: [{ metric: 'loss' }] })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND', ids: [hidden.id] });
    await expect(compareScalarSeries(actor, { taskIds: Array(1001).fill(a.id), metrics: [{ metric: 'loss' }] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(compareScalarSeries(actor, { taskIds: [a.id], metrics: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('a task deleted meanwhile is not found (events go with it)', async () => {
    const task = await seedTask(actor);
    await seedScalarSeries({ companyId: actor.companyId, taskId: task.id, metric: 'm', variant: 'v', count: 3 });
    await db.task.delete({ where: { id: task.id } });
    await expect(getScalarSeries(actor, task.id, { metric: 'm', variant: 'v' })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });
});
