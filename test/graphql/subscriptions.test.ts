// Live updates through the real fetch handler over SSE: taskChanged (filter, UPSERT/REMOVED, changes
// made through GraphQL and the legacy API), taskLog and scalarAppended fed by events.add_batch,
// tenant isolation, clear errors for tasks that are not visible, and one shared source query for
// many subscribers of one filter.
import pg from 'pg';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { LISTENER_APPLICATION_NAME } from '../../src/db/notifications.ts';
import { liveUpdateStats } from '../../src/resolvers/live/subscriptions.ts';
import { taskChangeReads } from '../../src/resolvers/live/task-changes.ts';
import { newId } from '../../src/resolvers/ids.ts';
import type { TaskStatus } from '../gql/graphql.ts';
import { graphql } from '../gql/index.ts';
import { seedActor, seedProject, sqlLog, useTestDatabase } from '../helpers/db.ts';
import { executeAs, testApp } from '../helpers/graphql.ts';
import { callLegacy, useLegacyServer } from '../helpers/legacy.ts';
import { subscribe, type SseResult } from '../helpers/sse.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();
useLegacyServer();

const TaskChanged = graphql(`
  subscription TaskChanged($filter: TaskFilter) {
    taskChanged(filter: $filter) { kind id task { id name status project { id } } }
  }
`);
const TaskChangedIds = graphql(`
  subscription TaskChangedIds($filter: TaskFilter) { taskChanged(filter: $filter) { kind id task { id status } } }
`);
const TaskLog = graphql(`
  subscription TaskLogLines($task: ID!) { taskLog(task: $task) { task lines { msg level timestamp } } }
`);
const ScalarAppended = graphql(`
  subscription Scalars($task: ID!, $metrics: [String!]) {
    scalarAppended(task: $task, metrics: $metrics) { task points { metric variant iteration value timestamp } }
  }
`);
const StartTask = graphql(`
  mutation LiveStart($input: TaskStatusChangeInput!) { startTask(input: $input) { __typename ... on Error { code } } }
`);
const CreateTask = graphql(`
  mutation LiveCreate($input: CreateTaskInput!) {
    createTask(input: $input) { __typename ... on MutationCreateTaskSuccess { data { id } } ... on Error { code message } }
  }
`);
const DeleteTask = graphql(`
  mutation LiveDelete($input: DeleteTaskInput!) { deleteTask(input: $input) { __typename ... on Error { code } } }
`);

const headersOf = (actor: Actor) => ({ 'x-test-actor': JSON.stringify(actor) });
const open = <T, V>(actor: Actor, document: Parameters<typeof subscribe<T, V>>[3], variables?: V) =>
  subscribe(testApp().fetch, 'http://localhost/graphql', headersOf(actor), document, variables);

type Change = { kind: string; id: string; task?: { status: string } | null };
const changeOf = (result: SseResult<{ taskChanged: Change }>) => result.data?.taskChanged;
const isChange = (kind: string, id: string, status?: string) => (result: SseResult<{ taskChanged: Change }>) => {
  const change = changeOf(result);
  return change?.kind === kind && change.id === id && (status === undefined || change.task?.status === status);
};

async function legacy(actor: Actor, path: string, body: unknown, headers: Record<string, string> = {}) {
  const result = await callLegacy(path, { method: 'POST', auth: { actor }, body, headers });
  expect(result.json?.meta?.result_code, `${path}: ${result.text}`).toBe(200);
  return result.json.data;
}

const jsonLines = (events: unknown[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';
const addBatch = (actor: Actor, events: unknown[]) =>
  legacy(actor, '/v2.9/events.add_batch', jsonLines(events), { 'content-type': 'application/json-lines' });

let alice: Actor;
let bob: Actor;
beforeAll(async () => {
  alice = await seedActor({ userName: 'alice' });
  bob = await seedActor({ userName: 'bob' });
});

describe('taskChanged', () => {
  it('pushes changes of matching tasks made through GraphQL and the legacy API; REMOVED when a task leaves the filter or is deleted', async () => {
    const project = await seedProject(alice);
    const elsewhere = await seedProject(alice);
    const inside = await seedTask(alice, { projectId: project.id, name: 'inside' });
    const outside = await seedTask(alice, { projectId: elsewhere.id, name: 'outside' });
    const filter = { projects: { anyOf: [project.id] }, statuses: { anyOf: ['created', 'in_progress'] as TaskStatus[] } };
    const live = await open(alice, TaskChanged, { filter });
    const bobLive = await open(bob, TaskChanged, {});
    try {
      expect(live.status).toBe(200);
      // GraphQL: created → in_progress, still matching.
      expect((await executeAs(alice, StartTask, { input: { taskId: inside.id } })).data?.startTask.__typename).toBe('MutationStartTaskSuccess');
      const started = await live.waitFor(isChange('UPSERT', inside.id, 'in_progress'));
      expect(changeOf(started)?.task).toMatchObject({ id: inside.id, name: 'inside', project: { id: project.id } });

      // Legacy: stopped leaves the status filter, reset brings it back.
      await legacy(alice, '/tasks.stopped', { task: inside.id });
      await live.waitFor(isChange('REMOVED', inside.id));
      await legacy(alice, '/tasks.reset', { task: inside.id, force: true });
      await live.waitFor(isChange('UPSERT', inside.id, 'created'));

      // A task of another project changes: never delivered as UPSERT.
      await executeAs(alice, StartTask, { input: { taskId: outside.id } });

      // Created and deleted inside the filter.
      const created = await executeAs(alice, CreateTask, { input: { name: 'fresh', type: 'training', projectId: project.id } });
      const freshId = (created.data?.createTask as { data?: { id: string } }).data!.id;
      await live.waitFor(isChange('UPSERT', freshId, 'created'));
      expect((await executeAs(alice, DeleteTask, { input: { taskId: freshId } })).data?.deleteTask.__typename).toBe('MutationDeleteTaskSuccess');
      const removed = await live.waitFor(isChange('REMOVED', freshId));
      expect(changeOf(removed)?.task).toBeNull();

      expect(live.results.map(changeOf).filter((c) => c?.id === outside.id && c.kind === 'UPSERT')).toEqual([]);
      expect(live.results.every((r) => !r.errors)).toBe(true);

      // Bob's stream is alive (sees his own change) and never saw any of Alice's tasks.
      const bobTask = await seedTask(bob, { name: 'bob task' });
      await bobLive.waitFor(isChange('UPSERT', bobTask.id));
      const aliceIds = new Set([inside.id, outside.id, freshId]);
      expect(bobLive.results.filter((r) => aliceIds.has(changeOf(r)?.id ?? ''))).toEqual([]);
    } finally {
      await live.close();
      await bobLive.close();
    }
  });

  it('many subscribers of one filter share one source: one listing query per batch of changes', async () => {
    const project = await seedProject(alice);
    const tasks = await Promise.all([1, 2, 3].map((i) => seedTask(alice, { projectId: project.id, name: `shared ${i}` })));
    const filter = { projects: { anyOf: [project.id] } };
    const before = liveUpdateStats().taskChanges.sources;
    // The seeds' own notifications travel asynchronously and may reach the source after it starts.
    // A probe subscriber waits for a later marker task: notifications arrive in commit order, so once
    // the marker is seen every seed notification has been handled and cannot count against the batch.
    const probe = await open(alice, TaskChangedIds, { filter });
    const subscribers: (typeof probe)[] = [];
    try {
      const marker = await seedTask(alice, { projectId: project.id, name: 'marker' });
      await probe.waitFor(isChange('UPSERT', marker.id));
      subscribers.push(...(await Promise.all(Array.from({ length: 20 }, () => open(alice, TaskChangedIds, { filter })))));
      expect(liveUpdateStats().taskChanges.sources).toBe(before + 1);
      const reads = taskChangeReads.count;
      const logged = sqlLog.length;
      // One statement changes the three tasks: one notification batch.
      await db.task.updateMany({ where: { id: { in: tasks.map((t) => t.id) } }, data: { status: 'in_progress' } });
      // ...and, as other test files do at any time, a foreign task changes hands (announced to all)
      const foreign = newId();
      await db.$executeRaw`SELECT pg_notify('task_changed', ${JSON.stringify({ c: null, o: 'UPDATE', i: [foreign] })})`;
      const ours = new Set(tasks.map((t) => t.id));
      const expected = tasks.map((task) => ({ kind: 'UPSERT', id: task.id, task: { id: task.id, status: 'in_progress' } }));
      // Test files running in parallel make tasks public or private; such changes are announced to
      // every company, so a subscriber may also get REMOVED for those foreign ids (never UPSERT).
      const own = (live: (typeof subscribers)[number]) => live.results.map(changeOf).filter((c) => ours.has(c!.id));
      for (const live of subscribers) {
        await expect.poll(() => own(live).length, { timeout: 5000 }).toBe(3);
        expect(own(live).sort((a, b) => a!.id.localeCompare(b!.id))).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)));
        expect(live.results.map(changeOf).filter((c) => !ours.has(c!.id) && c!.kind !== 'REMOVED')).toEqual([]);
      }
      await expect.poll(() => subscribers.every((live) => live.results.some((r) => changeOf(r)?.id === foreign)), { timeout: 5000 }).toBe(true);
      // the 20 subscribers share ONE listing read of the batch, and every read is one statement
      const newReads = taskChangeReads.count - reads;
      const batchReads = (newReads > 0 ? taskChangeReads.recent.slice(-newReads) : []).filter((ids) => ids.some((id) => ours.has(id)));
      expect(batchReads).toHaveLength(1);
      expect([...ours].every((id) => batchReads[0]!.includes(id))).toBe(true);
      const taskReads = sqlLog.slice(logged).filter((sql) => /^\s*SELECT\b/i.test(sql) && /FROM "task"/.test(sql));
      expect(taskReads).toHaveLength(newReads);
    } finally {
      await Promise.all([probe, ...subscribers].map((live) => live.close()));
    }
    // The source is torn down with its last subscriber.
    await expect.poll(() => liveUpdateStats().taskChanges.sources, { timeout: 5000 }).toBe(before);
  });

  it('refuses a malformed filter with a clear error instead of an endless stream', async () => {
    const live = await open(alice, TaskChangedIds, { filter: { name: '(' } });
    await live.ended;
    expect(live.results).toHaveLength(1);
    expect(live.results[0]!.errors?.[0]?.extensions?.code).toBe('INVALID_REGEX');
  });
});

describe('taskLog', () => {
  it('delivers the lines added by events.add_batch, in order', async () => {
    const task = await seedTask(alice, { status: 'in_progress' });
    await addBatch(alice, [{ type: 'log', task: task.id, timestamp: 1000, msg: 'before subscribing' }]);
    const live = await open(alice, TaskLog, { task: task.id });
    try {
      const t0 = Date.now();
      await addBatch(alice, [
        { type: 'log', task: task.id, timestamp: t0, level: 'info', msg: 'line 1' },
        { type: 'log', task: task.id, timestamp: t0 + 1, level: 'warning', msg: 'line 2' },
        { type: 'training_stats_scalar', task: task.id, iter: 1, metric: 'loss', variant: 'total', value: 1 },
        { type: 'log', task: task.id, timestamp: t0 + 2, level: 'info', msg: 'line 3' },
      ]);
      const first = await live.waitFor((r) => (r.data?.taskLog.lines.length ?? 0) > 0);
      expect(first.data?.taskLog.task).toBe(task.id);
      expect(first.data?.taskLog.lines).toEqual([
        { msg: 'line 1', level: 'info', timestamp: t0 },
        { msg: 'line 2', level: 'warning', timestamp: t0 + 1 },
        { msg: 'line 3', level: 'info', timestamp: t0 + 2 },
      ]);
      await addBatch(alice, [{ type: 'log', task: task.id, timestamp: t0 + 3, msg: 'line 4' }]);
      const second = await live.waitFor((r) => (r.data?.taskLog.lines.length ?? 0) > 0);
      expect(second.data?.taskLog.lines.map((l) => l.msg)).toEqual(['line 4']);
    } finally {
      await live.close();
    }
  });

  it("gives TASK_NOT_FOUND for another company's task and INVALID_INPUT for a malformed id, and ends", async () => {
    const task = await seedTask(alice);
    const foreign = await open(bob, TaskLog, { task: task.id });
    await foreign.ended;
    expect(foreign.results.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['TASK_NOT_FOUND']);
    const missing = await open(alice, ScalarAppended, { task: '0123456789abcdef0123456789abcdef' });
    await missing.ended;
    expect(missing.results.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['TASK_NOT_FOUND']);
    const malformed = await open(alice, TaskLog, { task: 'not an id!' });
    await malformed.ended;
    expect(malformed.results.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['INVALID_INPUT']);
  });
});

describe('scalarAppended', () => {
  it('delivers new points, only of the requested metrics', async () => {
    const task = await seedTask(alice, { status: 'in_progress' });
    const all = await open(alice, ScalarAppended, { task: task.id });
    const lossOnly = await open(alice, ScalarAppended, { task: task.id, metrics: ['loss'] });
    try {
      const t0 = Date.now();
      await addBatch(alice, [
        { type: 'training_stats_scalar', task: task.id, timestamp: t0, iter: 1, metric: 'loss', variant: 'total', value: 0.5 },
        { type: 'training_stats_scalar', task: task.id, timestamp: t0 + 1, iter: 1, metric: 'accuracy', variant: 'top1', value: 0.7 },
        { type: 'training_stats_scalar', task: task.id, timestamp: t0 + 2, iter: 2, metric: 'loss', variant: 'total', value: 0.25 },
      ]);
      const everything = await all.waitFor((r) => (r.data?.scalarAppended.points.length ?? 0) > 0);
      expect(everything.data?.scalarAppended.points).toEqual([
        { metric: 'loss', variant: 'total', iteration: 1, value: 0.5, timestamp: new Date(t0).toISOString() },
        { metric: 'accuracy', variant: 'top1', iteration: 1, value: 0.7, timestamp: new Date(t0 + 1).toISOString() },
        { metric: 'loss', variant: 'total', iteration: 2, value: 0.25, timestamp: new Date(t0 + 2).toISOString() },
      ]);
      const loss = await lossOnly.waitFor((r) => (r.data?.scalarAppended.points.length ?? 0) > 0);
      expect(loss.data?.scalarAppended.points.map((p) => [p.metric, p.iteration, p.value])).toEqual([
        ['loss', 1, 0.5],
        ['loss', 2, 0.25],
      ]);
      // Bob cannot watch Alice's task.
      const foreign = await open(bob, ScalarAppended, { task: task.id });
      await foreign.ended;
      expect(foreign.results.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['TASK_NOT_FOUND']);
    } finally {
      await all.close();
      await lossOnly.close();
    }
  });
});

describe('when the listening connection is lost', () => {
  it('reconnects: task-change streams end with RESYNC_REQUIRED, log streams catch up on what was missed', async () => {
    const task = await seedTask(alice, { status: 'in_progress' });
    const changes = await open(alice, TaskChangedIds, { filter: { ids: [task.id] } });
    const log = await open(alice, TaskLog, { task: task.id });
    try {
      // as the database superuser: the gateway's own sessions run under a role without that power
      const admin = new pg.Client({ connectionString: inject('databaseUrl') });
      await admin.connect();
      const killed = await admin
        .query<{ killed: boolean }>('SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1', [LISTENER_APPLICATION_NAME])
        .finally(() => admin.end());
      expect(killed.rows).toEqual([{ killed: true }]);
      // Stored while nobody listens: its notification is lost, the resync reads it.
      await addBatch(alice, [{ type: 'log', task: task.id, msg: 'during the outage' }]);
      const ended = await changes.waitFor((r) => !!r.errors, 10_000);
      expect(ended.errors?.[0]?.extensions?.code).toBe('RESYNC_REQUIRED');
      await changes.ended;
      const missed = await log.waitFor((r) => (r.data?.taskLog.lines.length ?? 0) > 0, 10_000);
      expect(missed.data?.taskLog.lines.map((l) => l.msg)).toEqual(['during the outage']);
      // Listening again: new changes arrive as usual.
      await addBatch(alice, [{ type: 'log', task: task.id, msg: 'after the outage' }]);
      const after = await log.waitFor((r) => (r.data?.taskLog.lines.length ?? 0) > 0);
      expect(after.data?.taskLog.lines.map((l) => l.msg)).toEqual(['after the outage']);
    } finally {
      await changes.close();
      await log.close();
    }
  });
});

describe('the transport', () => {
  it('authenticates subscriptions and applies the operation limits before any stream opens', async () => {
    const anonymous = await subscribe(testApp().fetch, 'http://localhost/graphql', {}, TaskChangedIds, {});
    await anonymous.ended;
    expect(anonymous.status).toBe(401);
    const nested = 'parent { '.repeat(14) + 'id' + ' }'.repeat(14);
    const deep = await open(alice, `subscription { taskChanged { id task { ${nested} } } }`);
    await deep.ended;
    expect(deep.results.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('serves GET with Accept: text/event-stream too', async () => {
    const task = await seedTask(alice);
    const url = new URL('http://localhost/graphql');
    url.searchParams.set('query', 'subscription($task: ID!) { taskLog(task: $task) { task lines { msg } } }');
    url.searchParams.set('variables', JSON.stringify({ task: task.id }));
    const live = await subscribe(
      (request) => testApp().fetch(new Request(url, { headers: request.headers, signal: request.signal })),
      url.toString(),
      headersOf(alice),
      '',
    );
    try {
      expect(live.status).toBe(200);
      await addBatch(alice, [{ type: 'log', task: task.id, msg: 'via GET' }]);
      const lines = await live.waitFor((r) => !!r.data);
      expect(lines.data).toEqual({ taskLog: { task: task.id, lines: [{ msg: 'via GET' }] } });
    } finally {
      await live.close();
    }
  });
});
