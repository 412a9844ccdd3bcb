// The legacy events write wire over a real socket: events.add / add_batch (json-lines and plain
// JSON bodies, X-Trains-Worker, allow_locked), the 400/17 and 400/131 errors, delete_for_task and
// the event side of tasks.reset / tasks.delete.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { metricHash } from '../../src/resolvers/tasks/metrics.ts';
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

const scalar = (task: string, iter: number, value: number) => ({
  type: 'training_stats_scalar', task, iter, metric: 'loss', variant: 'total', value,
});
const jsonLines = (events: unknown[]) => events.map((e) => JSON.stringify(e)).join('\n');
const codes = (result: { json: { meta: { result_code: number; result_subcode: number } } }) =>
  [result.json.meta.result_code, result.json.meta.result_subcode];

describe('events.add_batch', () => {
  it('takes application/json-lines: stores valid events, reports the others, updates the task', async () => {
    const task = await seedTask(alice.actor);
    const body = jsonLines([
      scalar(task.id, 1, 0.5),
      scalar(task.id, 2, 0.25),
      { type: 'log', task: task.id, msg: 'epoch 1 done', level: 'info' },
      scalar('no-such-task', 1, 1),
      { type: 'image', task: task.id },
    ]) + '\n';
    const result = await callLegacy('/v2.9/events.add_batch', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json-lines', 'x-trains-worker': 'gpu-box' },
      auth: alice.auth,
    });
    expect(result.status).toBe(200);
    expect(result.json.meta.endpoint).toEqual({ name: 'events.add_batch', requested_version: '2.9', actual_version: '1.0' });
    expect(result.json.data).toEqual({ added: 3, errors: 2, errors_info: { 'Invalid task id': 1, 'Invalid event type image': 1 } });
    const stored = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(stored.lastIteration).toBe(2);
    expect((stored.lastMetrics as Record<string, Record<string, unknown>>)[metricHash('loss')]![metricHash('total')]).toEqual({
      metric: 'loss', variant: 'total', value: 0.25, min_value: 0.25, max_value: 0.5,
    });
    const log = await db.event.findFirstOrThrow({ where: { taskId: task.id, type: 'log' } });
    expect(log.doc).toMatchObject({ worker: 'gpu-box', msg: 'epoch 1 done' });
  });

  it('accepts one plain JSON object as a one-event batch', async () => {
    const task = await seedTask(alice.actor);
    const result = await callLegacy('/events.add_batch', { method: 'POST', body: scalar(task.id, 1, 1), auth: alice.auth });
    expect(result.json.data).toEqual({ added: 1, errors: 0, errors_info: {} });
  });

  it('no events ⇒ 400/17; nothing stored ⇒ 400/131 naming the reasons; bad json-lines ⇒ 400/0', async () => {
    const empty = await callLegacy('/events.add_batch', { method: 'POST', body: '', headers: { 'content-type': 'application/json-lines' }, auth: alice.auth });
    expect(codes(empty)).toEqual([400, 17]);
    expect(empty.json.meta.result_msg).toBe('Batch request contains no items');
    expect(codes(await callLegacy('/events.add_batch', { method: 'POST', auth: alice.auth }))).toEqual([400, 17]);

    const task = await seedTask(bob.actor);
    const invalid = await callLegacy('/events.add_batch', {
      method: 'POST',
      body: jsonLines([scalar(task.id, 1, 1), scalar(task.id, 2, 1), { task: task.id }]),
      headers: { 'content-type': 'application/json-lines' },
      auth: alice.auth,
    });
    expect(invalid.status).toBe(400);
    expect(codes(invalid)).toEqual([400, 131]);
    expect(invalid.json.meta.result_msg).toBe("Events not added: Invalid task id=2, Event must have a 'type' field=1");
    expect(invalid.json.data).toEqual({});
    expect(await db.event.count({ where: { taskId: task.id } })).toBe(0);

    const broken = await callLegacy('/events.add_batch', {
      method: 'POST', body: `${JSON.stringify(scalar(task.id, 1, 1))}\nnot json`, headers: { 'content-type': 'application/json-lines' }, auth: bob.auth,
    });
    expect(codes(broken)).toEqual([400, 0]);
    expect(await db.event.count({ where: { taskId: task.id } })).toBe(0);
  });

  it('never writes to published tasks', async () => {
    const task = await seedTask(alice.actor, { status: 'published' });
    const result = await callLegacy('/events.add_batch', { method: 'POST', body: scalar(task.id, 1, 1), auth: alice.auth });
    expect(codes(result)).toEqual([400, 131]);
  });
});

describe('events.add', () => {
  it('stores the body as one event; allow_locked opens published tasks and is not stored', async () => {
    const task = await seedTask(alice.actor, { status: 'published' });
    const refused = await callLegacy('/events.add', { method: 'POST', body: scalar(task.id, 1, 1), auth: alice.auth });
    expect(codes(refused)).toEqual([400, 131]);
    expect(refused.json.meta.result_msg).toBe('Events not added: Invalid task id=1');
    const added = await callLegacy('/v2.1/events.add', { method: 'POST', body: { ...scalar(task.id, 1, 1), allow_locked: true }, auth: alice.auth });
    expect(added.json.data).toEqual({ added: 1, errors: 0, errors_info: {} });
    expect(added.json.meta.endpoint.actual_version).toBe('1.0');
    const event = await db.event.findFirstOrThrow({ where: { taskId: task.id } });
    expect(event.doc).not.toHaveProperty('allow_locked');
    expect(event.doc).toMatchObject({ worker: '<unknown>' });
  });

  it('a missing type is reported as 400/131 with its reason', async () => {
    const task = await seedTask(alice.actor);
    const result = await callLegacy('/events.add', { method: 'POST', body: { task: task.id }, auth: alice.auth });
    expect(codes(result)).toEqual([400, 131]);
    expect(result.json.meta.result_msg).toBe("Events not added: Event must have a 'type' field=1");
  });
});

describe('events.delete_for_task', () => {
  it('answers {deleted: n} and refuses missing, foreign, public and (without allow_locked) published tasks', async () => {
    const task = await seedTask(alice.actor);
    await callLegacy('/events.add_batch', {
      method: 'POST', body: jsonLines([scalar(task.id, 1, 1), scalar(task.id, 2, 2), { type: 'log', task: task.id, msg: 'x' }]),
      headers: { 'content-type': 'application/json-lines' }, auth: alice.auth,
    });
    expect(codes(await callLegacy('/events.delete_for_task', { body: { task: task.id }, auth: bob.auth }))).toEqual([400, 101]);
    const deleted = await callLegacy('/events.delete_for_task', { body: { task: task.id }, auth: alice.auth });
    expect(deleted.json.data).toEqual({ deleted: 3 });
    expect((await callLegacy('/events.delete_for_task', { body: { task: task.id }, auth: alice.auth })).json.data).toEqual({ deleted: 0 });

    const missing = await callLegacy('/events.delete_for_task', { body: {}, auth: alice.auth });
    expect(codes(missing)).toEqual([400, 11]);
    expect(missing.json.meta.result_msg).toBe('Missing required fields: missing=(task)');
    expect(codes(await callLegacy('/events.delete_for_task', { body: { task: 'nope' }, auth: alice.auth }))).toEqual([400, 101]);
    const publicTask = await seedTask(bob.actor, { companyId: null });
    expect(codes(await callLegacy('/events.delete_for_task', { body: { task: publicTask.id }, auth: alice.auth }))).toEqual([400, 101]);

    const published = await seedTask(alice.actor, { status: 'published' });
    await callLegacy('/events.add', { method: 'POST', body: { ...scalar(published.id, 1, 1), allow_locked: true }, auth: alice.auth });
    const locked = await callLegacy('/events.delete_for_task', { body: { task: published.id }, auth: alice.auth });
    expect(codes(locked)).toEqual([400, 101]);
    const forced = await callLegacy('/events.delete_for_task', { body: { task: published.id, allow_locked: true }, auth: alice.auth });
    expect(forced.json.data).toEqual({ deleted: 1 });
  });
});

describe('tasks.reset and tasks.delete', () => {
  it('reset removes the events and keeps its response; delete leaves no events behind', async () => {
    const task = await seedTask(alice.actor, { status: 'stopped' });
    await callLegacy('/events.add_batch', { method: 'POST', body: scalar(task.id, 3, 1), auth: alice.auth });
    const reset = await callLegacy('/tasks.reset', { body: { task: task.id }, auth: alice.auth });
    expect(reset.status).toBe(200);
    expect(reset.json.data).toMatchObject({ updated: 1, fields: expect.objectContaining({ status: 'created', last_iteration: 0, last_metrics: {} }), events: {}, deleted_indices: [] });
    expect(await db.event.count({ where: { taskId: task.id } })).toBe(0);

    await callLegacy('/events.add_batch', { method: 'POST', body: scalar(task.id, 3, 1), auth: alice.auth });
    const deleted = await callLegacy('/tasks.delete', { body: { task: task.id }, auth: alice.auth });
    expect(deleted.json.data).toMatchObject({ deleted: true });
    expect(await db.event.count({ where: { taskId: task.id } })).toBe(0);
  });
});
