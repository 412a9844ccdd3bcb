// Scrolled legacy event reads over a real socket (B.5.5, B.5.9, B.5.11): get_task_events,
// get_scalar_metric_data, get_task_plots, get_multi_task_plots and debug_images below 2.7.
import { beforeAll, describe, expect, it } from 'vitest';
import { addEvents } from '../../src/resolvers/events/ingest.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { callLegacy, loggedInTenant, useLegacyServer, type Tenant } from '../helpers/legacy.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();
useLegacyServer();

let alice: Tenant;
let bob: Tenant;
beforeAll(async () => {
  alice = await loggedInTenant('alice');
  bob = await loggedInTenant('bob');
});

const codes = (result: { json: { meta: { result_code: number; result_subcode: number } } }) =>
  [result.json.meta.result_code, result.json.meta.result_subcode];
type Page = { events: Record<string, unknown>[]; returned: number; total: number; scroll_id: string | null };

describe('events.get_task_events', () => {
  it('returns null scroll_id while the company has no events, then pages by scroll until FFFF', async () => {
    const fresh = await loggedInTenant('carol');
    const task = await seedTask(fresh.actor);
    const none = await callLegacy('/events.get_task_events', { body: { task: task.id }, auth: fresh.auth });
    expect(none.json.data).toEqual({ events: [], returned: 0, total: 0, scroll_id: null });

    await addEvents(fresh.actor, [
      ...Array.from({ length: 5 }, (_, i) => ({ type: 'training_stats_scalar', task: task.id, iter: i, metric: 'm', variant: 'v', value: i, timestamp: 100 + i })),
      { type: 'log', task: task.id, msg: 'x', timestamp: 50 },
    ]);
    const seen: Record<string, unknown>[] = [];
    let body: Record<string, unknown> = { task: task.id, batch_size: 4 };
    let page: Page;
    let calls = 0;
    do {
      const result = await callLegacy<Page>('/events.get_task_events', { body, auth: fresh.auth });
      expect(result.json.meta.endpoint.actual_version).toBe('1.0');
      page = result.json.data;
      expect(page.returned).toBe(page.events.length);
      expect(page.total).toBe(6);
      seen.push(...page.events);
      body = { task: task.id, scroll_id: page.scroll_id };
      calls++;
    } while (page.events.length > 0);
    expect(calls).toBe(3);
    expect(page.scroll_id).toBe('FFFF');
    expect(seen.map((e) => e.timestamp)).toEqual([50, 100, 101, 102, 103, 104]);
  });

  it('filters by event_type, orders descending, caps batch_size at 10000', async () => {
    const task = await seedTask(alice.actor);
    await addEvents(alice.actor, [
      { type: 'log', task: task.id, msg: 'a', timestamp: 1 },
      { type: 'log', task: task.id, msg: 'b', timestamp: 2 },
      { type: 'plot', task: task.id, iter: 1, metric: 'p', variant: 'q', plot_str: '{}', timestamp: 3 },
    ]);
    const logs = await callLegacy<Page>('/events.get_task_events', { body: { task: task.id, event_type: 'log', order: 'desc', batch_size: 50000 }, auth: alice.auth });
    expect(logs.json.data).toMatchObject({ returned: 2, total: 2 });
    expect(logs.json.data.events.map((e) => e.msg)).toEqual(['b', 'a']);
    expect(codes(await callLegacy('/events.get_task_events', { body: { task: task.id, event_type: 'nope' }, auth: alice.auth }))).toEqual([400, 12]);
  });

  it('refuses foreign tasks (400/101) and a missing task member (400/11); FFFF in ⇒ empty page', async () => {
    const task = await seedTask(alice.actor);
    expect(codes(await callLegacy('/events.get_task_events', { body: { task: task.id }, auth: bob.auth }))).toEqual([400, 101]);
    expect(codes(await callLegacy('/events.get_task_events', { body: {}, auth: alice.auth }))).toEqual([400, 11]);
    const exhausted = await callLegacy('/events.get_task_events', { body: { task: task.id, scroll_id: 'FFFF' }, auth: alice.auth });
    expect(exhausted.json.data).toEqual({ events: [], returned: 0, total: 0, scroll_id: 'FFFF' });
  });
});

describe('events.get_scalar_metric_data', () => {
  it('returns one metric (all variants) by iteration descending', async () => {
    const task = await seedTask(alice.actor);
    await addEvents(alice.actor, [
      ...[1, 3, 2].map((iter) => ({ type: 'training_stats_scalar', task: task.id, iter, metric: 'loss', variant: 'a', value: iter })),
      { type: 'training_stats_scalar', task: task.id, iter: 4, metric: 'loss', variant: 'b', value: 4 },
      { type: 'training_stats_scalar', task: task.id, iter: 9, metric: 'acc', variant: 'a', value: 9 },
    ]);
    const result = await callLegacy<Page>('/events.get_scalar_metric_data', { body: { task: task.id, metric: 'loss' }, auth: alice.auth });
    expect(result.json.data).toMatchObject({ returned: 4, total: 4, scroll_id: expect.any(String) });
    expect(result.json.data.events.map((e) => e.iter)).toEqual([4, 3, 2, 1]);
    expect(codes(await callLegacy('/events.get_scalar_metric_data', { body: { task: task.id }, auth: alice.auth }))).toEqual([400, 11]);
  });
});

describe('plots and debug images by iteration', () => {
  it('get_task_plots returns the last `iters` iterations of each series', async () => {
    const task = await seedTask(alice.actor);
    const plot = (iter: number, metric: string) => ({ type: 'plot', task: task.id, iter, metric, variant: 'v', plot_str: `{"i":${iter}}` });
    await addEvents(alice.actor, [plot(1, 'a'), plot(2, 'a'), plot(3, 'a'), plot(7, 'b'), plot(8, 'b')]);
    const one = await callLegacy('/v2.9/events.get_task_plots', { body: { task: task.id }, auth: alice.auth });
    expect(one.json.meta.endpoint.actual_version).toBe('1.8');
    expect(one.json.data).toMatchObject({ returned: 2, total: 2, scroll_id: expect.any(String) });
    expect(one.json.data.plots.map((p: { iter: number }) => p.iter)).toEqual([8, 3]);
    const two = await callLegacy('/v2.9/events.get_task_plots', { body: { task: task.id, iters: 2 }, auth: alice.auth });
    expect(two.json.data.plots.map((p: { iter: number }) => p.iter)).toEqual([8, 7, 3, 2]);
    const empty = await loggedInTenant('dave');
    const none = await callLegacy('/events.get_task_plots', { body: { task: (await seedTask(empty.actor)).id }, auth: empty.auth });
    expect(none.json.data).toEqual({ plots: [], returned: 0, total: 0, scroll_id: null });
    expect((await callLegacy('/v1.5/events.get_task_plots', { body: { task: task.id }, auth: alice.auth })).json.meta.endpoint.actual_version).toBe(1.0);
  });

  it('get_multi_task_plots groups metric → variant → task → iter and needs one company', async () => {
    const t1 = await seedTask(alice.actor, { name: 'first task' });
    const t2 = await seedTask(alice.actor, { name: 'second task' });
    await addEvents(alice.actor, [
      { type: 'plot', task: t1.id, iter: 1, metric: 'm', variant: 'v', plot_str: '{}' },
      { type: 'plot', task: t1.id, iter: 2, metric: 'm', variant: 'v', plot_str: '{}' },
      { type: 'plot', task: t2.id, iter: 5, metric: 'm', variant: 'w', plot_str: '{}' },
      { type: 'plot', task: t2.id, iter: 5, metric: 'n', variant: 'v', plot_str: '{}' },
    ]);
    const result = await callLegacy('/events.get_multi_task_plots', { body: { tasks: [t1.id, t2.id] }, auth: alice.auth });
    expect(result.json.data).toMatchObject({ returned: 2, total: 3, scroll_id: expect.any(String) });
    const plots = result.json.data.plots;
    expect(Object.keys(plots).sort()).toEqual(['m', 'n']);
    expect(plots.m.v[t1.id]['2']).toMatchObject({ name: 'first task', plots: [expect.objectContaining({ iter: 2, task: t1.id })] });
    expect(plots.m.v[t1.id]['1']).toBeUndefined();
    expect(plots.m.w[t2.id]['5'].name).toBe('second task');
    const foreign = await seedTask(bob.actor, { companyId: null });
    const mixed = await callLegacy('/events.get_multi_task_plots', { body: { tasks: [t1.id, foreign.id] }, auth: alice.auth });
    expect(codes(mixed)).toEqual([400, 101]);
    expect(codes(await callLegacy('/events.get_multi_task_plots', { body: { tasks: [t1.id, 'missing'] }, auth: alice.auth }))).toEqual([400, 101]);
    expect(codes(await callLegacy('/events.get_multi_task_plots', { body: {}, auth: alice.auth }))).toEqual([400, 11]);
  });

  it('debug_images below 2.7 lists the images of the last iterations with the task id', async () => {
    const task = await seedTask(alice.actor);
    const image = (iter: number, variant: string) => ({ type: 'training_debug_image', task: task.id, iter, metric: 'img', variant, url: `http://x/${iter}/${variant}.png` });
    await addEvents(alice.actor, [image(1, 'a'), image(2, 'a'), image(2, 'b'), image(3, 'a')]);
    const result = await callLegacy('/v2.6/events.debug_images', { body: { task: task.id, iters: 2 }, auth: alice.auth });
    expect(result.json.meta.endpoint.actual_version).toBe('1.8');
    expect(result.json.data).toMatchObject({ task: task.id, returned: 3, total: 3, scroll_id: expect.any(String) });
    expect(result.json.data.images.map((e: { iter: number }) => e.iter)).toEqual([3, 2, 2]);
    const next = await callLegacy('/v2.6/events.debug_images', { body: { task: task.id, scroll_id: result.json.data.scroll_id }, auth: alice.auth });
    expect(next.json.data).toMatchObject({ images: [], returned: 0, scroll_id: 'FFFF' });
    expect(codes(await callLegacy('/v2.6/events.debug_images', { body: { task: task.id }, auth: bob.auth }))).toEqual([400, 101]);
  });
});

describe('read access and documented errors', () => {
  it('public tasks of another company are readable, private ones are not (400/101); missing members 400/11', async () => {
    const shared = await seedTask(bob.actor, { companyId: null, companyOrigin: bob.actor.companyId });
    const hidden = await seedTask(bob.actor);
    await addEvents(bob.actor, [
      { type: 'training_stats_scalar', task: hidden.id, iter: 1, metric: 'm', variant: 'v', value: 1 },
    ]);
    const { db } = await import('../../src/db.ts');
    await db.task.update({ where: { id: shared.id }, data: { companyId: bob.actor.companyId } });
    await addEvents(bob.actor, [{ type: 'plot', task: shared.id, iter: 1, metric: 'm', variant: 'v', plot_str: '{}' }]);
    await db.task.update({ where: { id: shared.id }, data: { companyId: null } });

    const visible = await callLegacy<Page>('/events.get_task_events', { body: { task: shared.id }, auth: alice.auth });
    expect(visible.json.data).toMatchObject({ returned: 1, total: 1 });
    const plots = await callLegacy('/events.get_task_plots', { body: { task: shared.id }, auth: alice.auth });
    expect(plots.json.data).toMatchObject({ returned: 1, total: 1 });
    for (const [endpoint, body] of [
      ['events.get_task_events', { task: hidden.id }],
      ['events.get_scalar_metric_data', { task: hidden.id, metric: 'm' }],
      ['events.get_task_plots', { task: hidden.id }],
      ['events.get_multi_task_plots', { tasks: [hidden.id] }],
      ['events.debug_images', { task: hidden.id }],
      ['events.get_task_log', { task: hidden.id }],
      ['events.download_task_log', { task: hidden.id }],
    ] as const) {
      expect(codes(await callLegacy(`/v2.6/${endpoint}`, { body, auth: alice.auth })), endpoint).toEqual([400, 101]);
    }
    for (const endpoint of ['get_task_events', 'get_scalar_metric_data', 'get_task_plots', 'get_multi_task_plots', 'debug_images', 'get_task_log', 'download_task_log', 'delete_for_task']) {
      expect(codes(await callLegacy(`/v2.6/events.${endpoint}`, { body: {}, auth: alice.auth })), endpoint).toEqual([400, 11]);
    }
    expect(codes(await callLegacy('/v2.6/events.get_task_plots', { body: { task: shared.id, iters: 0 }, auth: alice.auth }))).toEqual([400, 12]);
  });
});
