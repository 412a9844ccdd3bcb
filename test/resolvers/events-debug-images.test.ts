// Debug image navigation (neighbours spec B.5.10): the state kept across calls, both directions,
// refresh, recycled-URL marks, the metric-set check, and the stateless GraphQL paging.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { getDebugImages, listDebugImageIterations } from '../../src/resolvers/events/debug-images.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { BASE_TIME, seedEvents, setImageStats, type SeedEvent } from '../helpers/events-seed.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

let actor: Actor;
let other: Actor;
beforeAll(async () => {
  actor = await seedActor();
  other = await seedActor();
});

const image = (actor: Actor, taskId: string, iter: number, metric: string, variant: string, url: string, key?: string): SeedEvent => ({
  companyId: actor.companyId, taskId, type: 'training_debug_image', iter, metric, variant, url, key,
});
const iterationsOf = (page: Awaited<ReturnType<typeof getDebugImages>>, i = 0) =>
  page.metrics[i]!.iterations.map((it) => [it.iter, it.events.map((e) => e.url)]);

describe('debug_images 2.7 navigation', () => {
  it('pages backwards across calls, then forwards; exhausted directions give []', async () => {
    const task = await seedTask(actor);
    await seedEvents([1, 2, 3, 4, 5].map((i) => image(actor, task.id, i, 'samples', 'img', `s3://b/${i}.png`)));
    const metrics = [{ task: task.id, metric: 'samples' }];
    const first = await getDebugImages(actor, { metrics, iters: 2 });
    expect(first.scrollId).toMatch(/^[0-9a-f]{32}$/);
    expect(first.metrics).toHaveLength(1);
    expect(first.metrics[0]).toMatchObject({ task: task.id, metric: 'samples' });
    expect(iterationsOf(first)).toEqual([[5, ['s3://b/5.png']], [4, ['s3://b/4.png']]]);
    expect(first.metrics[0]!.iterations[0]!.events[0]).toMatchObject({ type: 'training_debug_image', task: task.id, iter: 5, metric: 'samples', variant: 'img' });
    const second = await getDebugImages(actor, { metrics, iters: 2, scrollId: first.scrollId });
    expect(second.scrollId).toBe(first.scrollId);
    expect(iterationsOf(second).map(([i]) => i)).toEqual([3, 2]);
    const third = await getDebugImages(actor, { metrics, iters: 2, scrollId: first.scrollId });
    expect(iterationsOf(third).map(([i]) => i)).toEqual([1]);
    expect(iterationsOf(await getDebugImages(actor, { metrics, iters: 2, scrollId: first.scrollId }))).toEqual([]);
    // Forwards from the window 1…1: the two next iterations, returned newest first.
    const later = await getDebugImages(actor, { metrics, iters: 2, navigateEarlier: false, scrollId: first.scrollId });
    expect(iterationsOf(later).map(([i]) => i)).toEqual([3, 2]);
  });

  it('the first call always starts from the latest iteration; ≤ 3 events per variant, url descending', async () => {
    const task = await seedTask(actor);
    await seedEvents([
      ...['a', 'b', 'c', 'd'].map((k) => image(actor, task.id, 7, 'm', 'v1', `u/${k}`, k)),
      image(actor, task.id, 7, 'm', 'v0', 'u/z'),
      image(actor, task.id, 6, 'm', 'v0', 'u/y'),
      { ...image(actor, task.id, 8, 'm', 'v0', 'ignored'), url: undefined },
    ]);
    const page = await getDebugImages(actor, { metrics: [{ task: task.id, metric: 'm' }], navigateEarlier: false });
    expect(iterationsOf(page)).toEqual([[7, ['u/z', 'u/d', 'u/c', 'u/b']]]);
  });

  it('a variant whose latest URL was used before is cut at its invalid-up-to mark (recycled files)', async () => {
    const task = await seedTask(actor);
    // "rec" cycles 3 file names: the latest URL (iteration 6, r0) was also written at iteration 3.
    await seedEvents([
      ...[1, 2, 3, 4, 5, 6].map((i) => image(actor, task.id, i, 'm', 'rec', `r${i % 3}`)),
      ...[1, 2, 3, 4, 5, 6].map((i) => image(actor, task.id, i, 'm', 'fresh', `f${i}`)),
    ]);
    const metrics = [{ task: task.id, metric: 'm' }];
    const first = await getDebugImages(actor, { metrics, iters: 2 });
    expect(iterationsOf(first)).toEqual([[6, ['f6', 'r0']], [5, ['f5', 'r2']]]);
    const next = await getDebugImages(actor, { metrics, iters: 2, scrollId: first.scrollId });
    // Iteration 4 still shows "rec"; iteration 3 and below (≤ the mark) only "fresh".
    expect(iterationsOf(next)).toEqual([[4, ['f4', 'r1']], [3, ['f3']]]);
    // Below the mark the recycled variant is skipped entirely.
    const last = await getDebugImages(actor, { metrics, iters: 5, scrollId: first.scrollId });
    expect(iterationsOf(last)).toEqual([[2, ['f2']], [1, ['f1']]]);
  });

  it('a known scroll id with other task metrics ⇒ SCROLL_STATE_MISMATCH; an unknown one starts over', async () => {
    const task = await seedTask(actor);
    await seedEvents([image(actor, task.id, 1, 'a', 'v', 'x'), image(actor, task.id, 1, 'b', 'v', 'y')]);
    const first = await getDebugImages(actor, { metrics: [{ task: task.id, metric: 'a' }] });
    await expect(
      getDebugImages(actor, { metrics: [{ task: task.id, metric: 'a' }, { task: task.id, metric: 'b' }], scrollId: first.scrollId }),
    ).rejects.toMatchObject({ code: 'SCROLL_STATE_MISMATCH', details: { scrollId: first.scrollId } });
    const fresh = await getDebugImages(actor, { metrics: [{ task: task.id, metric: 'a' }], scrollId: 'f'.repeat(32) });
    expect(fresh.scrollId).not.toBe('f'.repeat(32));
    expect(iterationsOf(fresh).map(([i]) => i)).toEqual([1]);
    // Another company cannot use the state (it is unknown there), and expired states start over.
    await db.eventScroll.update({ where: { id: first.scrollId! }, data: { expires: new Date(Date.now() - 1000) } });
    const expired = await getDebugImages(actor, { metrics: [{ task: task.id, metric: 'a' }], scrollId: first.scrollId });
    expect(expired.scrollId).not.toBe(first.scrollId);
    expect(await db.eventScroll.count({ where: { id: first.scrollId! } })).toBe(0);
  });

  it('a requested metric without images is absent from the response but the same request keeps working', async () => {
    const task = await seedTask(actor);
    await seedEvents([image(actor, task.id, 1, 'a', 'v', 'x'), image(actor, task.id, 2, 'a', 'v', 'y')]);
    const metrics = [{ task: task.id, metric: 'a' }, { task: task.id, metric: 'none' }];
    const first = await getDebugImages(actor, { metrics });
    expect(first.metrics.map((m) => m.metric)).toEqual(['a']);
    const second = await getDebugImages(actor, { metrics, scrollId: first.scrollId });
    expect(iterationsOf(second).map(([i]) => i)).toEqual([1]);
  });

  it('refresh re-reads metrics with newer images (metric_stats) and starts again from the latest', async () => {
    const task = await seedTask(actor);
    await seedEvents([1, 2].map((i) => image(actor, task.id, i, 'a', 'v', `a${i}`)));
    const metrics = [{ task: task.id, metric: 'a' }, { task: task.id, metric: 'b' }];
    const first = await getDebugImages(actor, { metrics });
    expect(iterationsOf(first).map(([i]) => i)).toEqual([2]);
    await seedEvents([image(actor, task.id, 3, 'a', 'v', 'a3'), image(actor, task.id, 9, 'b', 'w', 'b9')]);
    await setImageStats(task.id, 'a', BASE_TIME + 3000);
    await setImageStats(task.id, 'b', BASE_TIME + 9000);
    const refreshed = await getDebugImages(actor, { metrics, refresh: true, scrollId: first.scrollId });
    expect(refreshed.metrics.map((m) => [m.metric, m.iterations.map((it) => it.iter)])).toEqual([['a', [3]], ['b', [9]]]);
  });

  it('read scope: invisible tasks ⇒ TASK_NOT_FOUND, tasks of two companies ⇒ TASK_NOT_FOUND; no images at all ⇒ no scroll id', async () => {
    const fresh = await seedActor();
    const task = await seedTask(fresh);
    expect(await getDebugImages(fresh, { metrics: [{ task: task.id, metric: 'm' }] })).toEqual({ metrics: [], scrollId: null });
    await expect(getDebugImages(other, { metrics: [{ task: task.id, metric: 'm' }] })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    const pub = await seedTask(other, { companyId: null, companyOrigin: other.companyId });
    await expect(getDebugImages(fresh, { metrics: [{ task: task.id, metric: 'm' }, { task: pub.id, metric: 'm' }] })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    await expect(getDebugImages(fresh, { metrics: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(getDebugImages(fresh, { metrics: [{ task: task.id, metric: 'm' }], iters: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('stateless iteration paging (GraphQL)', () => {
  it('iterations newest first across metrics, paged with `before`, recycled events left out', async () => {
    const task = await seedTask(actor);
    await seedEvents([
      ...[1, 2, 3, 4].map((i) => image(actor, task.id, i, 'm', 'rec', `r${i % 2}`)),
      ...[1, 2, 3].map((i) => image(actor, task.id, i, 'n', 'v', `n${i}`)),
    ]);
    const page = await listDebugImageIterations(actor, task.id, { first: 2 });
    expect(page.hasMore).toBe(true);
    expect(page.iterations.map((it) => [it.iter, it.images.map((i) => `${i.metric}/${i.url}`)])).toEqual([
      [4, ['m/r0']],
      [3, ['m/r1', 'n/n3']],
    ]);
    // rec's latest URL r0 (iteration 4) was also used at 2: events ≤ 2 of "rec" are stale.
    const next = await listDebugImageIterations(actor, task.id, { first: 2, before: 3 });
    expect(next.hasMore).toBe(false);
    expect(next.iterations.map((it) => [it.iter, it.images.map((i) => `${i.metric}/${i.url}`)])).toEqual([
      [2, ['n/n2']],
      [1, ['n/n1']],
    ]);
    const onlyN = await listDebugImageIterations(actor, task.id, { metric: 'n', first: 10 });
    expect(onlyN.iterations.map((it) => it.iter)).toEqual([3, 2, 1]);
    expect(onlyN.iterations[0]!.images[0]).toMatchObject({ metric: 'n', variant: 'v', iter: 3, url: 'n3', timestamp: BASE_TIME + 3000 });
    await expect(listDebugImageIterations(actor, task.id, { first: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(listDebugImageIterations(other, task.id)).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });
});
