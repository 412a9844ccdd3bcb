import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { TaskStatus } from '../../src/generated/prisma/client.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { DomainError } from '../../src/resolvers/errors.ts';
import {
  closeTask,
  dequeueTask,
  enqueueTask,
  markCompleted,
  markFailed,
  markStopped,
  publishTask,
  resetTask,
  startTask,
  stopTask,
} from '../../src/resolvers/tasks/lifecycle.ts';
import { taskStatuses } from '../../src/resolvers/tasks/transitions.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { seedQueue, seedTaskInStatus } from '../helpers/tasks.ts';

useTestDatabase();

type Action = (actor: Actor, input: { taskId: string; force?: boolean }) => Promise<unknown>;

// The lifecycle table of spec §5.1: for each action, its target and the statuses it accepts
// without force. `forceIgnored` actions validate even when forced; `notQueuedCode` is dequeue's quirk.
const actions: {
  name: string;
  run: Action;
  target: TaskStatus;
  accepts: TaskStatus[];
  forceIgnored?: boolean;
  rejectCode?: string;
}[] = [
  { name: 'started', run: startTask, target: 'in_progress', accepts: ['created', 'queued', 'stopped', 'completed', 'in_progress'] },
  { name: 'stop', run: stopTask, target: 'stopped', accepts: ['in_progress', 'closed', 'failed', 'stopped'] },
  { name: 'stopped', run: markStopped, target: 'stopped', accepts: ['in_progress', 'closed', 'failed', 'stopped'] },
  { name: 'failed', run: markFailed, target: 'failed', accepts: ['in_progress', 'stopped', 'closed', 'failed'] },
  { name: 'completed', run: markCompleted, target: 'completed', accepts: ['in_progress', 'stopped', 'completed'] },
  { name: 'close', run: closeTask, target: 'closed', accepts: ['stopped', 'closed'] },
  { name: 'publish', run: publishTask, target: 'published', accepts: ['stopped', 'closed', 'failed', 'completed', 'publishing'] },
  { name: 'enqueue', run: enqueueTask, target: 'queued', accepts: ['created'], forceIgnored: true },
  { name: 'dequeue', run: dequeueTask, target: 'created', accepts: ['queued'], forceIgnored: true, rejectCode: 'TASK_NOT_QUEUED' },
  {
    name: 'reset',
    run: resetTask,
    target: 'created',
    accepts: ['created', 'queued', 'in_progress', 'stopped', 'closed', 'failed', 'completed'],
  },
];

let actor: Actor;
let queueId: string;

beforeAll(async () => {
  actor = await seedActor({ userName: 'alice' });
  queueId = (await seedQueue(actor, 'default', ['default'])).id;
});

const cases = actions.flatMap((action) =>
  taskStatuses.flatMap((from) => [false, true].map((force) => [action.name, from, force] as const)),
);

describe('every lifecycle action from every status', () => {
  it.each(cases)('%s from %s (force=%s)', async (name, from, force) => {
    const action = actions.find((a) => a.name === name)!;
    // `development` makes stop immediate (no worker involved).
    const task = await seedTaskInStatus(actor, from, queueId, { systemTags: ['development'] });
    const allowed = action.accepts.includes(from) || (force && !action.forceIgnored);
    const outcome = await action.run(actor, { taskId: task.id, force }).then(
      () => 'ok',
      (error: unknown) => {
        if (!(error instanceof DomainError)) throw error;
        return error.code;
      },
    );
    const after = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    if (allowed) {
      expect(outcome).toBe('ok');
      expect(after.status).toBe(action.target);
      expect(after.statusChanged).not.toBeNull();
    } else {
      const expected =
        action.rejectCode ??
        (from === 'unknown' && (!force || action.forceIgnored) ? 'UNSUPPORTED_STATUS' : 'INVALID_TASK_STATUS');
      expect(outcome).toBe(expected);
      expect(after.status).toBe(from); // nothing changed
      expect(after.lastUpdate.getTime()).toBe(task.lastUpdate.getTime());
    }
  });
});

describe('lifecycle side effects', () => {
  it('enqueue appends to the queue, drops the development tag, and dequeue undoes both', async () => {
    const task = await seedTaskInStatus(actor, 'created', queueId, { systemTags: ['development', 'keep'] });
    const { task: queued, changes } = await enqueueTask(actor, { taskId: task.id, queueId });
    expect(queued.status).toBe('queued');
    expect(queued.queueId).toBe(queueId);
    expect(queued.systemTags).toEqual(['keep']);
    expect(changes.queueId).toBe(queueId);
    expect(await db.queueEntry.count({ where: { taskId: task.id, queueId } })).toBe(1);
    const { task: dequeued } = await dequeueTask(actor, { taskId: task.id });
    expect(dequeued.status).toBe('created');
    expect(dequeued.queueId).toBeNull();
    expect(await db.queueEntry.count({ where: { taskId: task.id } })).toBe(0);
  });

  it('enqueue without a queue uses the default queue; an unknown queue changes nothing', async () => {
    const task = await seedTaskInStatus(actor, 'created', queueId);
    await expect(enqueueTask(actor, { taskId: task.id, queueId: 'nope' })).rejects.toMatchObject({ code: 'QUEUE_NOT_FOUND' });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('created');
    const { task: queued } = await enqueueTask(actor, { taskId: task.id });
    expect(queued.queueId).toBe(queueId);
    await expect(enqueueTask(actor, { taskId: task.id })).rejects.toMatchObject({ code: 'INVALID_TASK_STATUS' });
  });

  it('enqueue in a company without a default queue fails with NO_DEFAULT_QUEUE', async () => {
    const other = await seedActor();
    const task = await seedTaskInStatus(other, 'created', queueId);
    await expect(enqueueTask(other, { taskId: task.id })).rejects.toMatchObject({ code: 'NO_DEFAULT_QUEUE' });
  });

  it('started keeps the earliest start time; stopped records completion and a positive duration', async () => {
    const task = await seedTaskInStatus(actor, 'created', queueId);
    const first = (await startTask(actor, { taskId: task.id })).task.started!;
    await markStopped(actor, { taskId: task.id });
    const again = (await startTask(actor, { taskId: task.id })).task;
    expect(again.started).toEqual(first);
    const { task: stopped } = await markStopped(actor, { taskId: task.id, statusReason: 'done' } as never);
    expect(stopped.completed).not.toBeNull();
    expect(stopped.duration).toBeGreaterThanOrEqual(0);
    expect(stopped.statusReason).toBe('done');
  });

  it('failed/completed on a never-started task record duration 0 instead of crashing', async () => {
    const task = await seedTaskInStatus(actor, 'created', queueId);
    const { task: failed } = await markFailed(actor, { taskId: task.id, force: true });
    expect(failed.duration).toBe(0);
  });

  it('stop of a task a worker reported on recently only asks it to stop', async () => {
    const task = await seedTaskInStatus(actor, 'in_progress', queueId, { lastWorker: 'w1', lastUpdate: new Date() });
    const { task: asked } = await stopTask(actor, { taskId: task.id });
    expect(asked.status).toBe('in_progress');
    expect(asked.statusMessage).toBe('stopping');
    const stale = await seedTaskInStatus(actor, 'in_progress', queueId, { lastWorker: 'w1', lastUpdate: new Date(Date.now() - 3_600_000) });
    const { task: stopped } = await stopTask(actor, { taskId: stale.id });
    expect(stopped.status).toBe('stopped');
    expect(stopped.statusMessage).toBe('Stopped by alice');
  });

  it('reset wipes results, dequeues, deletes draft output models and re-parents children', async () => {
    const task = await seedTaskInStatus(actor, 'queued', queueId, {
      lastIteration: 99,
      lastMetrics: { a: { b: { metric: 'loss', variant: 'total', value: 1 } } },
      lastWorker: 'w',
    });
    const model = await db.model.create({ data: { id: `m${task.id}`, companyId: actor.companyId, userId: actor.userId, name: 'draft', taskId: task.id } });
    await db.task.update({ where: { id: task.id }, data: { outputModelId: model.id } });
    const child = await seedTaskInStatus(actor, 'created', queueId, { parentId: task.id });
    await db.taskArtifact.createMany({
      data: [
        { taskId: task.id, key: 'in', mode: 'input', type: 't', position: 0 },
        { taskId: task.id, key: 'out', mode: 'output', type: 't', position: 1 },
      ],
    });
    const result = await resetTask(actor, { taskId: task.id });
    expect(result.dequeued).toBe(1);
    expect(result.task).toMatchObject({ status: 'created', lastIteration: 0, lastMetrics: {}, lastWorker: null, queueId: null, outputModelId: null, statusReason: 'reset' });
    expect(await db.model.findUnique({ where: { id: model.id } })).toBeNull();
    expect(await db.queueEntry.count({ where: { taskId: task.id } })).toBe(0);
    expect(await db.taskArtifact.findMany({ where: { taskId: task.id }, select: { key: true } })).toEqual([{ key: 'in' }]);
    const reparented = await db.task.findUniqueOrThrow({ where: { id: child.id } });
    expect([reparented.parentId, reparented.detachedParentId]).toEqual([null, task.id]);
  });

  it('reset with a published child needs force, and changes nothing without it', async () => {
    const task = await seedTaskInStatus(actor, 'stopped', queueId);
    await seedTaskInStatus(actor, 'published', queueId, { parentId: task.id });
    await expect(resetTask(actor, { taskId: task.id })).rejects.toMatchObject({ code: 'TASK_CANNOT_BE_DELETED' });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('stopped');
    expect((await resetTask(actor, { taskId: task.id, force: true })).task.status).toBe('created');
  });

  it('publish marks the draft output model ready', async () => {
    const task = await seedTaskInStatus(actor, 'stopped', queueId);
    const model = await db.model.create({ data: { id: `m${task.id}`, companyId: actor.companyId, userId: actor.userId, name: 'out', taskId: task.id } });
    await db.task.update({ where: { id: task.id }, data: { outputModelId: model.id } });
    const { task: published } = await publishTask(actor, { taskId: task.id });
    expect(published.status).toBe('published');
    expect(published.published).not.toBeNull();
    expect((await db.model.findUniqueOrThrow({ where: { id: model.id } })).ready).toBe(true);
  });

  it('a status change bumps the project last_update', async () => {
    const project = await db.project.create({ data: { id: `p${Date.now()}${Math.random()}`.slice(0, 30), companyId: actor.companyId, userId: actor.userId, name: `proj ${Math.random()}`, lastUpdate: new Date(0) } });
    const task = await seedTaskInStatus(actor, 'created', queueId, { projectId: project.id });
    await startTask(actor, { taskId: task.id });
    expect((await db.project.findUniqueOrThrow({ where: { id: project.id } })).lastUpdate.getTime()).toBeGreaterThan(0);
  });
});

describe('tenancy of lifecycle calls', () => {
  it("another company's task looks missing and a public task is read-only", async () => {
    const other = await seedActor();
    const task = await seedTaskInStatus(other, 'created', queueId);
    await expect(startTask(actor, { taskId: task.id })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    await db.task.update({ where: { id: task.id }, data: { companyId: null, companyOrigin: other.companyId } });
    await expect(startTask(actor, { taskId: task.id })).rejects.toMatchObject({ code: 'PUBLIC_READ_ONLY' });
    await expect(startTask(actor, { taskId: 'not a valid id!' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('concurrency', () => {
  it('20 concurrent conflicting transitions: exactly one wins, the others get STATUS_CONFLICT', async () => {
    const task = await seedTaskInStatus(actor, 'in_progress', queueId);
    const moves = [markStopped, markFailed, markCompleted];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => moves[i % 3]!(actor, { taskId: task.id, expectedStatus: 'in_progress' })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as DomainError).code)).toEqual(Array(19).fill('STATUS_CONFLICT'));
    const final = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    const winner = (won[0] as PromiseFulfilledResult<{ task: { status: string; statusChanged: Date } }>).value.task;
    expect(final.status).toBe(winner.status);
    expect(final.statusChanged).toEqual(winner.statusChanged);
  });

  it('20 concurrent enqueues of one task: one wins, one queue entry, no other outcome than conflict/invalid', async () => {
    const task = await seedTaskInStatus(actor, 'created', queueId);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => enqueueTask(actor, { taskId: task.id, queueId })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(['STATUS_CONFLICT', 'INVALID_TASK_STATUS']).toContain((r.reason as DomainError).code);
    }
    expect(await db.queueEntry.count({ where: { taskId: task.id } })).toBe(1);
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('queued');
  });
});
