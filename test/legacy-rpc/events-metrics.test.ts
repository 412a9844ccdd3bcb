// The legacy events.* metric reads over the real wire (router, HOCON validation, envelope): response
// shapes, versions and documented errors of every endpoint.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/resolvers/context.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { BASE_TIME, seedEvents, seedScalarSeries, type SeedEvent } from '../helpers/events-seed.ts';
import { callLegacy, useLegacyServer } from '../helpers/legacy.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();
useLegacyServer();

let actor: Actor;
let other: Actor;
beforeAll(async () => {
  actor = await seedActor();
  other = await seedActor();
});

async function call(who: Actor, endpoint: string, body: Record<string, unknown>, version = '2.9') {
  const reply = await callLegacy(`/v${version}/events.${endpoint}`, { method: 'POST', body, auth: { actor: who } });
  const { meta, data } = reply.json;
  return { status: reply.status, code: [meta.result_code, meta.result_subcode] as const, meta, data };
}

const scalar = (who: Actor, taskId: string, iter: number, metric: string, variant: string, value: number): SeedEvent => ({
  companyId: who.companyId, taskId, type: 'training_stats_scalar', iter, metric, variant, value,
});

describe('events.scalar_metrics_iter_histogram', () => {
  it('the histogram is the whole data; handler version 1.0', async () => {
    const task = await seedTask(actor);
    await seedScalarSeries({ companyId: actor.companyId, taskId: task.id, metric: 'loss', variant: 'total', count: 100 });
    const reply = await call(actor, 'scalar_metrics_iter_histogram', { task: task.id, samples: 10 });
    expect(reply.code).toEqual([200, 0]);
    expect(reply.meta.endpoint).toEqual({ name: 'events.scalar_metrics_iter_histogram', requested_version: '2.9', actual_version: '1.0' });
    expect(reply.data).toEqual({
      loss: { total: { name: 'total', x: Array.from({ length: 10 }, (_, i) => i * 10), y: Array.from({ length: 10 }, (_, i) => i * 10 + 4.5) } },
    });
    const iso = await call(actor, 'scalar_metrics_iter_histogram', { task: task.id, samples: '10', key: 'iso_time' }, '1.5');
    expect(iso.code).toEqual([200, 0]);
    // Width ⌈99,001 ms / 10⌉ = 9901 ms, buckets aligned to the epoch.
    const first = Math.floor(BASE_TIME / 9901) * 9901;
    expect(iso.data.loss.total.x[0]).toBe(new Date(first).toISOString());
    expect(iso.data.loss.total.x[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(iso.meta.endpoint).toEqual({ name: 'events.scalar_metrics_iter_histogram', requested_version: 1.5, actual_version: 1 });
  });

  it('a metric named "data" stays a metric; {} without scalars', async () => {
    const task = await seedTask(actor);
    expect((await call(actor, 'scalar_metrics_iter_histogram', { task: task.id })).data).toEqual({});
    await seedEvents([scalar(actor, task.id, 1, 'data', 'v', 2)]);
    expect((await call(actor, 'scalar_metrics_iter_histogram', { task: task.id })).data).toEqual({ data: { v: { name: 'v', x: [1], y: [2] } } });
  });

  it('typed request: missing task, samples out of 1…6000, bad key ⇒ 400/12; other company ⇒ 400/101', async () => {
    const task = await seedTask(actor);
    expect((await call(actor, 'scalar_metrics_iter_histogram', {})).code).toEqual([400, 12]);
    expect((await call(actor, 'scalar_metrics_iter_histogram', { task: task.id, samples: 0 })).code).toEqual([400, 12]);
    expect((await call(actor, 'scalar_metrics_iter_histogram', { task: task.id, samples: 6001 })).code).toEqual([400, 12]);
    expect((await call(actor, 'scalar_metrics_iter_histogram', { task: task.id, key: 'epoch' })).code).toEqual([400, 12]);
    expect((await call(actor, 'scalar_metrics_iter_histogram', { task: 5 })).code).toEqual([400, 12]);
    const foreign = await call(other, 'scalar_metrics_iter_histogram', { task: task.id });
    expect(foreign.code).toEqual([400, 101]);
    expect(foreign.meta.result_msg).toContain(task.id);
  });
});

describe('events.multi_task_scalar_metrics_iter_histogram', () => {
  it('{metrics: metric → variant → task → {name: task name, x, y}}; a comma-separated string works too', async () => {
    const a = await seedTask(actor, { name: 'run a' });
    const b = await seedTask(actor, { name: 'run b' });
    await seedEvents([scalar(actor, a.id, 0, 'loss', 'total', 1), scalar(actor, b.id, 0, 'loss', 'total', 2)]);
    const expected = {
      metrics: { loss: { total: { [a.id]: { name: 'run a', x: [0], y: [1] }, [b.id]: { name: 'run b', x: [0], y: [2] } } } },
    };
    const reply = await call(actor, 'multi_task_scalar_metrics_iter_histogram', { tasks: [a.id, b.id] });
    expect(reply.code).toEqual([200, 0]);
    expect(reply.data).toEqual(expected);
    expect((await call(actor, 'multi_task_scalar_metrics_iter_histogram', { tasks: `${a.id}, ${b.id}` })).data).toEqual(expected);
    const empty = await seedTask(actor);
    expect((await call(actor, 'multi_task_scalar_metrics_iter_histogram', { tasks: [empty.id] })).data).toEqual({ metrics: {} });
  });

  it('tasks of two companies ⇒ 400/101 (only tasks from the same company); invisible ⇒ 400/101; 0 or 101 tasks ⇒ 400/12', async () => {
    const own = await seedTask(actor);
    const pub = await seedTask(other, { companyId: null, companyOrigin: other.companyId });
    const mixed = await call(actor, 'multi_task_scalar_metrics_iter_histogram', { tasks: [own.id, pub.id] });
    expect(mixed.code).toEqual([400, 101]);
    expect(mixed.meta.result_msg).toBe('Invalid task id (only tasks from the same company are supported)');
    const hidden = await seedTask(other);
    expect((await call(actor, 'multi_task_scalar_metrics_iter_histogram', { tasks: [own.id, hidden.id] })).code).toEqual([400, 101]);
    expect((await call(actor, 'multi_task_scalar_metrics_iter_histogram', { tasks: [] })).code).toEqual([400, 12]);
    expect((await call(actor, 'multi_task_scalar_metrics_iter_histogram', { tasks: Array(101).fill(own.id) })).code).toEqual([400, 12]);
    expect((await call(actor, 'multi_task_scalar_metrics_iter_histogram', {})).code).toEqual([400, 12]);
  });
});

describe('metric lists', () => {
  it('get_task_metrics: per task the metric names; {metrics: []} when the company has no events of the type', async () => {
    const task = await seedTask(actor);
    await seedEvents([scalar(actor, task.id, 0, 'loss', 'a', 1), scalar(actor, task.id, 1, 'loss', 'a', 1), scalar(actor, task.id, 0, 'acc', 'b', 1)]);
    const reply = await call(actor, 'get_task_metrics', { tasks: [task.id], event_type: 'training_stats_scalar' });
    expect(reply.meta.endpoint.actual_version).toBe('1.0');
    expect(reply.data).toEqual({ metrics: [{ task: task.id, metrics: ['loss', 'acc'] }] });
    expect((await call(actor, 'get_task_metrics', { tasks: [task.id], event_type: 'log' })).data).toEqual({ metrics: [] });
    expect((await call(actor, 'get_task_metrics', { tasks: [task.id], event_type: 'nope' })).code).toEqual([400, 12]);
    expect((await call(actor, 'get_task_metrics', { tasks: [task.id] })).code).toEqual([400, 12]);
    expect((await call(actor, 'get_task_metrics', { tasks: [], event_type: 'log' })).code).toEqual([400, 12]);
    expect((await call(other, 'get_task_metrics', { tasks: [task.id], event_type: 'log' })).code).toEqual([400, 101]);
  });

  it('get_scalar/vector_metrics_and_variants: {metrics: {metric: [variants]}}; missing task ⇒ 400/11', async () => {
    const task = await seedTask(actor);
    await seedEvents([
      scalar(actor, task.id, 0, 'loss', 'a', 1),
      { companyId: actor.companyId, taskId: task.id, type: 'training_stats_vector', iter: 0, metric: 'hist', variant: 'w', values: [1, 2] },
    ]);
    expect((await call(actor, 'get_scalar_metrics_and_variants', { task: task.id })).data).toEqual({ metrics: { loss: ['a'] } });
    expect((await call(actor, 'get_vector_metrics_and_variants', { task: task.id })).data).toEqual({ metrics: { hist: ['w'] } });
    const missing = await call(actor, 'get_scalar_metrics_and_variants', {});
    expect(missing.code).toEqual([400, 11]);
    expect(missing.meta.result_msg).toBe('Missing required fields: missing=(task)');
    expect((await call(actor, 'get_vector_metrics_and_variants', {})).code).toEqual([400, 11]);
    expect((await call(other, 'get_scalar_metrics_and_variants', { task: task.id })).code).toEqual([400, 101]);
  });

  it('vector_metrics_iter_histogram: {metric, variant, vectors, iterations}; missing members ⇒ 400/11', async () => {
    const task = await seedTask(actor);
    await seedEvents([1, 0].map((iter) => ({ companyId: actor.companyId, taskId: task.id, type: 'training_stats_vector' as const, iter, metric: 'h', variant: 'w', values: [iter, 9] })));
    expect((await call(actor, 'vector_metrics_iter_histogram', { task: task.id, metric: 'h', variant: 'w' })).data).toEqual({
      metric: 'h', variant: 'w', vectors: [[0, 9], [1, 9]], iterations: [0, 1],
    });
    const missing = await call(actor, 'vector_metrics_iter_histogram', { task: task.id });
    expect(missing.code).toEqual([400, 11]);
    expect(missing.meta.result_msg).toBe('Missing required fields: missing=(metric, variant)');
    expect((await call(other, 'vector_metrics_iter_histogram', { task: task.id, metric: 'h', variant: 'w' })).code).toEqual([400, 101]);
  });

  it('get_task_latest_scalar_values: {metrics, last_iter, name, status, last_timestamp}; empty without data', async () => {
    const task = await seedTask(actor, { name: 'latest' });
    await seedEvents([scalar(actor, task.id, 4, 'loss', 'total', 0.25)]);
    expect((await call(actor, 'get_task_latest_scalar_values', { task: task.id })).data).toEqual({
      metrics: [{ name: 'loss', variants: [{ name: 'total', last_value: 0.25, last_10_value: 0.25 }] }],
      last_iter: 4,
      name: 'latest',
      status: 'created',
      last_timestamp: BASE_TIME + 4000,
    });
    const empty = await seedTask(actor, { name: 'empty' });
    expect((await call(actor, 'get_task_latest_scalar_values', { task: empty.id })).data).toEqual({
      metrics: [], last_iter: 0, name: 'empty', status: 'created', last_timestamp: 0,
    });
    expect((await call(actor, 'get_task_latest_scalar_values', {})).code).toEqual([400, 11]);
    expect((await call(other, 'get_task_latest_scalar_values', { task: task.id })).code).toEqual([400, 101]);
  });
});

describe('events.debug_images (2.7)', () => {
  const image = (taskId: string, iter: number, url: string): SeedEvent => ({
    companyId: actor.companyId, taskId, type: 'training_debug_image', iter, metric: 'samples', variant: 'v', url,
  });

  it('pages with the scroll id: iterations 20, 19 then 18, 17; handler 2.7', async () => {
    const task = await seedTask(actor);
    await seedEvents([15, 16, 17, 18, 19, 20].map((i) => image(task.id, i, `u${i}`)));
    const metrics = [{ task: task.id, metric: 'samples' }];
    const first = await call(actor, 'debug_images', { metrics, iters: 2 });
    expect(first.code).toEqual([200, 0]);
    expect(first.meta.endpoint.actual_version).toBe('2.7');
    expect(Object.keys(first.data).sort()).toEqual(['metrics', 'scroll_id']);
    expect(first.data.metrics).toHaveLength(1);
    expect(first.data.metrics[0].task).toBe(task.id);
    expect(first.data.metrics[0].metric).toBe('samples');
    expect(first.data.metrics[0].iterations.map((it: { iter: number }) => it.iter)).toEqual([20, 19]);
    expect(first.data.metrics[0].iterations[0].events[0]).toMatchObject({ type: 'training_debug_image', url: 'u20', iter: 20 });
    const second = await call(actor, 'debug_images', { metrics, iters: 2, scroll_id: first.data.scroll_id });
    expect(second.data.scroll_id).toBe(first.data.scroll_id);
    expect(second.data.metrics[0].iterations.map((it: { iter: number }) => it.iter)).toEqual([18, 17]);
    // Booleans follow Python truthiness: "false" is true.
    const truthy = await call(actor, 'debug_images', { metrics, iters: 1, navigate_earlier: 'false', scroll_id: first.data.scroll_id });
    expect(truthy.data.metrics[0].iterations.map((it: { iter: number }) => it.iter)).toEqual([16]);
  });

  it('400/1104 when a known scroll id is used with other metrics; 400/12 for a bad request; 400/101 across companies', async () => {
    const task = await seedTask(actor);
    await seedEvents([image(task.id, 1, 'a')]);
    const first = await call(actor, 'debug_images', { metrics: [{ task: task.id, metric: 'samples' }] });
    const mismatch = await call(actor, 'debug_images', { metrics: [{ task: task.id, metric: 'other' }], scroll_id: first.data.scroll_id });
    expect(mismatch.code).toEqual([400, 1104]);
    expect(mismatch.meta.result_msg).toBe(
      `Invalid scroll id (Task metrics stored in the state do not match the passed ones): scroll_id=${first.data.scroll_id}`,
    );
    expect((await call(actor, 'debug_images', { metrics: [] })).code).toEqual([400, 12]);
    expect((await call(actor, 'debug_images', {})).code).toEqual([400, 12]);
    expect((await call(actor, 'debug_images', { metrics: [{ task: task.id }] })).code).toEqual([400, 12]);
    expect((await call(actor, 'debug_images', { metrics: [{ task: task.id, metric: 'samples' }], iters: 0 })).code).toEqual([400, 12]);
    expect((await call(other, 'debug_images', { metrics: [{ task: task.id, metric: 'samples' }] })).code).toEqual([400, 101]);
  });

  it('no image events in the company ⇒ {metrics: []} without scroll_id', async () => {
    const fresh = await seedActor();
    const task = await seedTask(fresh);
    const reply = await call(fresh, 'debug_images', { metrics: [{ task: task.id, metric: 'samples' }] });
    expect(reply.data).toEqual({ metrics: [] });
  });
});
