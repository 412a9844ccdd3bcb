// Legacy log reads over a real socket: get_task_log 2.9 timestamp paging (the B.5.6 example in both
// directions), the scrolled handlers below 2.9, download_task_log, and read access.
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

/** A task with log events at the given timestamps; `msg` names each one (`<ts><letter>`). */
async function taskWithLog(timestamps: number[], tenant = alice) {
  const task = await seedTask(tenant.actor);
  const seen = new Map<number, number>();
  const events = timestamps.map((timestamp) => {
    const n = seen.get(timestamp) ?? 0;
    seen.set(timestamp, n + 1);
    return { type: 'log', task: task.id, timestamp, msg: `${timestamp}${'abc'[n]}`, level: 'info', worker: 'w1' };
  });
  await addEvents(tenant.actor, events);
  return task;
}

const msgs = (data: { events: { msg: string }[] }) => data.events.map((e) => e.msg);

describe('events.get_task_log (2.9)', () => {
  it('pages backwards by timestamp and never splits a timestamp (B.5.6 example)', async () => {
    const task = await taskWithLog([1, 2, 3, 3, 4]);
    const first = await callLegacy('/v2.9/events.get_task_log', { body: { task: task.id, batch_size: 2 }, auth: alice.auth });
    expect(first.json.meta.endpoint.actual_version).toBe('2.9');
    expect(first.json.data).toMatchObject({ returned: 3, total: 5 });
    // Equal timestamps come in storage order of the navigation direction (newest write first here).
    expect(msgs(first.json.data as never)).toEqual(['4a', '3b', '3a']);
    expect(Object.keys(first.json.data).sort()).toEqual(['events', 'returned', 'total']);
    const second = await callLegacy('/v2.9/events.get_task_log', { body: { task: task.id, batch_size: 2, from_timestamp: 3 }, auth: alice.auth });
    expect(msgs(second.json.data as never)).toEqual(['2a', '1a']);
    const third = await callLegacy('/v2.9/events.get_task_log', { body: { task: task.id, batch_size: 2, from_timestamp: 1 }, auth: alice.auth });
    expect(third.json.data).toEqual({ events: [], returned: 0, total: 5 });
  });

  it('pages forwards with navigate_earlier=false and reverses the page when order differs', async () => {
    const task = await taskWithLog([1, 2, 2, 3, 4]);
    const first = await callLegacy('/events.get_task_log', { body: { task: task.id, batch_size: 2, navigate_earlier: false }, auth: alice.auth });
    expect(msgs(first.json.data as never)).toEqual(['1a', '2a', '2b']);
    const next = await callLegacy('/events.get_task_log', { body: { task: task.id, batch_size: 2, navigate_earlier: false, from_timestamp: 2 }, auth: alice.auth });
    expect(msgs(next.json.data as never)).toEqual(['3a', '4a']);
    const reversed = await callLegacy('/events.get_task_log', { body: { task: task.id, batch_size: 2, navigate_earlier: false, order: 'desc' }, auth: alice.auth });
    expect(msgs(reversed.json.data as never)).toEqual(['2b', '2a', '1a']);
    // The SDK's "last N lines": newest N, oldest first.
    const sdk = await callLegacy('/events.get_task_log', { body: { task: task.id, batch_size: 2, navigate_earlier: true, order: 'asc' }, auth: alice.auth });
    expect(msgs(sdk.json.data as never)).toEqual(['3a', '4a']);
    const event = (sdk.json.data as { events: Record<string, unknown>[] }).events[0]!;
    expect(event).toMatchObject({ type: 'log', task: task.id, timestamp: 3, level: 'info', worker: 'w1', metric: '', variant: '' });
    expect(event['@timestamp']).toMatch(/Z$/);
  });

  it('is typed: missing task ⇒ 400/12, batch_size above 10000 ⇒ 400/12; foreign task ⇒ 400/101', async () => {
    expect(codes(await callLegacy('/v2.9/events.get_task_log', { body: {}, auth: alice.auth }))).toEqual([400, 12]);
    const task = await taskWithLog([1]);
    expect(codes(await callLegacy('/v2.9/events.get_task_log', { body: { task: task.id, batch_size: 10001 }, auth: alice.auth }))).toEqual([400, 12]);
    expect(codes(await callLegacy('/v2.9/events.get_task_log', { body: { task: task.id }, auth: bob.auth }))).toEqual([400, 101]);
  });

  it('reads public tasks of other companies', async () => {
    const task = await taskWithLog([5, 6], bob);
    const { db } = await import('../../src/db.ts');
    await db.task.update({ where: { id: task.id }, data: { companyId: null, companyOrigin: bob.actor.companyId } });
    const result = await callLegacy('/events.get_task_log', { body: { task: task.id }, auth: alice.auth });
    expect(msgs(result.json.data as never)).toEqual(['6a', '5a']);
  });
});

describe('events.get_task_log below 2.9', () => {
  it('1.7: pages from the head by scroll, each page in `order`, ending with FFFF', async () => {
    const task = await taskWithLog([1, 2, 3, 4, 5]);
    const first = await callLegacy('/v2.8/events.get_task_log', { body: { task: task.id, batch_size: 2 }, auth: alice.auth });
    expect(first.json.meta.endpoint.actual_version).toBe('1.7');
    expect(first.json.data).toMatchObject({ returned: 2, total: 5, scroll_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(msgs(first.json.data as never)).toEqual(['2a', '1a']);
    const scrollId = first.json.data.scroll_id;
    const second = await callLegacy('/v2.8/events.get_task_log', { body: { task: task.id, scroll_id: scrollId }, auth: alice.auth });
    expect(msgs(second.json.data as never)).toEqual(['4a', '3a']);
    expect(second.json.data.scroll_id).toBe(scrollId);
    const third = await callLegacy('/v2.8/events.get_task_log', { body: { task: task.id, scroll_id: scrollId }, auth: alice.auth });
    expect(msgs(third.json.data as never)).toEqual(['5a']);
    const last = await callLegacy('/v2.8/events.get_task_log', { body: { task: task.id, scroll_id: scrollId }, auth: alice.auth });
    expect(last.json.data).toEqual({ events: [], returned: 0, total: 5, scroll_id: 'FFFF' });
    const again = await callLegacy('/v2.8/events.get_task_log', { body: { task: task.id, scroll_id: 'FFFF' }, auth: alice.auth });
    expect(again.json.data).toEqual({ events: [], returned: 0, total: 0, scroll_id: 'FFFF' });
    // The released state is gone.
    expect(codes(await callLegacy('/v2.8/events.get_task_log', { body: { task: task.id, scroll_id: scrollId }, auth: alice.auth }))).toEqual([400, 12]);
  });

  it('1.7 from the tail in asc order; 1.0 pages in `order` (numeric versions below 2.1)', async () => {
    const task = await taskWithLog([1, 2, 3]);
    const tail = await callLegacy('/v2.0/events.get_task_log', { body: { task: task.id, batch_size: 2, from: 'tail', order: 'asc' }, auth: alice.auth });
    expect(msgs(tail.json.data as never)).toEqual(['2a', '3a']);
    const v1 = await callLegacy('/v1.5/events.get_task_log', { body: { task: task.id, batch_size: 2 }, auth: alice.auth });
    expect(v1.json.meta.endpoint).toEqual({ name: 'events.get_task_log', requested_version: 1.5, actual_version: 1.0 });
    expect(msgs(v1.json.data as never)).toEqual(['3a', '2a']);
    expect(codes(await callLegacy('/v1.5/events.get_task_log', { body: {}, auth: alice.auth }))).toEqual([400, 11]);
  });

  it('unknown scroll ids and scroll ids of another company ⇒ 400/12 (the original: 500/100)', async () => {
    const task = await taskWithLog([1, 2]);
    const first = await callLegacy('/v2.8/events.get_task_log', { body: { task: task.id, batch_size: 1 }, auth: alice.auth });
    const stolen = await callLegacy('/v2.8/events.get_task_log', { body: { task: task.id, scroll_id: first.json.data.scroll_id }, auth: bob.auth });
    expect(codes(stolen)).toEqual([400, 12]);
    expect(codes(await callLegacy('/v2.8/events.get_task_log', { body: { task: task.id, scroll_id: 'abc' }, auth: alice.auth }))).toEqual([400, 12]);
  });
});

describe('events.download_task_log', () => {
  it('returns all lines oldest first as a text/plain attachment (json lines)', async () => {
    const task = await taskWithLog([3, 1, 2]);
    const result = await callLegacy('/events.download_task_log', { body: { task: task.id }, auth: alice.auth });
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toMatch(/^text\/plain/);
    expect(result.headers['content-disposition']).toBe(`attachment; filename=task_${task.id}.log`);
    const lines = result.text.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => l.msg)).toEqual(['1a', '2a', '3a']);
    expect(lines[0]).toMatchObject({ asctime: 1, msg: '1a', level: 'info', worker: 'w1' });
    expect(lines[0]).not.toHaveProperty('type');
    expect(lines[0]).not.toHaveProperty('task');
    expect(lines[0]).not.toHaveProperty('timestamp');
  });

  it('fills the line format in text mode; unknown placeholders ⇒ 400/16, empty format ⇒ 400/11', async () => {
    const task = await taskWithLog([1, 2]);
    const text = await callLegacy('/events.download_task_log', { body: { task: task.id, line_type: 'text' }, auth: alice.auth });
    expect(text.text).toBe('1 w1 info 1a\n2 w1 info 2a\n');
    const custom = await callLegacy('/events.download_task_log', { body: { task: task.id, line_type: 'text', line_format: '[{level}] {{{msg}}}' }, auth: alice.auth });
    expect(custom.text).toBe('[info] {1a}\n[info] {2a}\n');
    const unknown = await callLegacy('/events.download_task_log', { body: { task: task.id, line_type: 'text', line_format: '{nope} {msg}' }, auth: alice.auth });
    expect(codes(unknown)).toEqual([400, 16]);
    expect(unknown.headers['content-type']).toBe('application/json');
    expect(codes(await callLegacy('/events.download_task_log', { body: { task: task.id, line_type: 'text', line_format: '' }, auth: alice.auth }))).toEqual([400, 11]);
    expect(codes(await callLegacy('/events.download_task_log', { body: {}, auth: alice.auth }))).toEqual([400, 11]);
    expect(codes(await callLegacy('/events.download_task_log', { body: { task: task.id }, auth: bob.auth }))).toEqual([400, 101]);
    const empty = await seedTask(alice.actor);
    const none = await callLegacy('/events.download_task_log', { body: { task: empty.id }, auth: alice.auth });
    expect([none.status, none.text]).toEqual([200, '']);
  });
});
