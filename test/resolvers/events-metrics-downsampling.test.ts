// Downsampling acceptance: a 1,000,000-point series with a single spike (and a single dip) comes back
// as ≤ maxPoints buckets in which the spike is the max (and the dip the min) of its bucket, counts add
// up to every point, and the legacy histogram keeps within its 6000 samples.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { getScalarHistogram } from '../../src/resolvers/events/histogram.ts';
import { getScalarSeries } from '../../src/resolvers/events/series.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { seedScalarSeries } from '../helpers/events-seed.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

const POINTS = 1_000_000;
const SPIKE_AT = 654_321;
const DIP_AT = 123_457;

let actor: Actor;
let taskId: string;
beforeAll(async () => {
  actor = await seedActor();
  const task = await seedTask(actor);
  taskId = task.id;
  await seedScalarSeries({
    companyId: actor.companyId,
    taskId,
    metric: 'loss',
    variant: 'total',
    count: POINTS,
    lean: true,
    valueSql: `CASE WHEN i = ${SPIKE_AT} THEN 1000 WHEN i = ${DIP_AT} THEN -1000 ELSE 0.5 + 0.4 * sin(i / 1000.0) END`,
  });
  // Noise: another variant of the same metric and another task.
  await seedScalarSeries({ companyId: actor.companyId, taskId, metric: 'loss', variant: 'other', count: 1000, valueSql: '5000' });
  await db.$executeRawUnsafe('ANALYZE "event"');
}, 600_000);

describe('a million points', () => {
  it.each([1000, 997, 10])('maxPoints %i: ≤ maxPoints buckets, every point counted, spike = max and dip = min of their buckets', async (maxPoints) => {
    const series = await getScalarSeries(actor, taskId, { metric: 'loss', variant: 'total', maxPoints });
    expect(series.buckets.length).toBeLessThanOrEqual(maxPoints);
    expect(series.buckets.length).toBeGreaterThan(maxPoints * 0.9);
    expect(series.buckets.reduce((n, b) => n + b.count, 0)).toBe(POINTS);
    const width = series.bucketWidth!;
    const bucketOf = (iter: number) => series.buckets.find((b) => b.x <= iter && iter < b.x + width)!;
    expect(bucketOf(SPIKE_AT).max).toBe(1000);
    expect(bucketOf(DIP_AT).min).toBe(-1000);
    expect(Math.max(...series.buckets.map((b) => b.max))).toBe(1000);
    expect(series.buckets.filter((b) => b.max === 1000)).toHaveLength(1);
    const last = series.buckets.at(-1)!;
    expect(last.last).toBeCloseTo(0.5 + 0.4 * Math.sin((POINTS - 1) / 1000), 10);
  }, 120_000);

  it('zooming in around the spike gives point-level buckets', async () => {
    const series = await getScalarSeries(actor, taskId, {
      metric: 'loss', variant: 'total', maxPoints: 1000, from: SPIKE_AT - 500, to: SPIKE_AT + 499,
    });
    expect(series.bucketWidth).toBe(1);
    expect(series.buckets).toHaveLength(1000);
    expect(series.buckets[500]).toMatchObject({ x: SPIKE_AT, count: 1, max: 1000, last: 1000 });
  }, 120_000);

  it('the legacy histogram keeps ≤ 6000 buckets per variant, zero-aligned', async () => {
    const histogram = await getScalarHistogram(actor, taskId);
    const total = histogram.loss!.total!;
    expect(total.x!.length).toBeLessThanOrEqual(6000);
    expect(total.x![1]).toBe(167); // ⌈1,000,000 / 6000⌉
    expect(histogram.loss!.other!.x).toHaveLength(1000);
  }, 120_000);
});
