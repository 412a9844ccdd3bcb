// The task lifecycle (legacy spec §5.1, §5.2.9-5.2.19). Every status change goes through
// changeStatus(): a single compare-and-set UPDATE conditioned on the status that was read, so a lost
// race is a StatusConflictError and never a silent overwrite. Talks to Prisma; no transport types.
import { db, Prisma, writeSql } from '../../db.ts';
import type { Task, TaskStatus } from '../../generated/prisma/client.ts';
import type { Actor } from '../context.ts';
import {
  DomainError,
  InvalidStatusTransitionError,
  NotFoundError,
  StatusConflictError,
  TaskNotFoundError,
  ValidationError,
} from '../errors.ts';
import { getWritableTask, getWritableTaskState, type TaskQuery, type TaskState, type Tx } from './access.ts';
import { appendToQueue, getDefaultQueue, removeFromQueue } from '../queues.ts';
import { removeArtifacts } from './artifacts.ts';
import { assignment, returningList, scalarSelection } from './columns.ts';
import { checkTransition } from './transitions.ts';
import { deleteEventsOfTask } from '../events/delete.ts';

/** How long after a worker's last report a task still counts as run by that worker (spec §5.2.12). */
export const WORKER_TASK_TIMEOUT_MS = 600_000;

export interface StatusChangeInput {
  taskId: string;
  force?: boolean;
  statusReason?: string | null;
  statusMessage?: string | null;
  /**
   * Optimistic concurrency from the caller's point of view: the change applies only if the task is
   * still in this status (otherwise StatusConflictError), instead of the status read just before.
   */
  expectedStatus?: TaskStatus;
}

/** What a status change wrote, for transports that report written fields (legacy `fields`). */
export type Changes = Record<string, unknown>;

export interface StatusChangeResult<T = Task> {
  task: T;
  previousStatus: TaskStatus;
  changes: Changes;
}

interface ChangeSpec {
  force?: boolean;
  reason?: string | null;
  message?: string | null;
  expectedStatus?: TaskStatus;
  data?: Prisma.TaskUpdateManyMutationInput;
  /** `enqueue` refuses a same-status change, every other action allows it. */
  refuseSameStatus?: boolean;
  /** Task fields to return from the update itself (saves reading the task again). */
  returning?: string[];
}

function checkChange(task: Pick<Task, 'id' | 'status'>, to: TaskStatus, spec: ChangeSpec) {
  if (spec.refuseSameStatus && task.status === to) {
    throw new InvalidStatusTransitionError(task.id, task.status, to, 'Task already in requested status');
  }
  if (spec.force) return;
  const verdict = checkTransition(task.status, to);
  if (verdict === 'unsupported') {
    throw new DomainError(
      'UNSUPPORTED_STATUS',
      `Current status ${task.status} not supported by state machine`,
      { taskId: task.id, from: task.status, to },
    );
  }
  if (verdict === 'forbidden') throw new InvalidStatusTransitionError(task.id, task.status, to);
}

/**
 * Moves `task` to `to`: validates the transition (unless force), then one conditional UPDATE that
 * matches only while the status is still the one read (or `expectedStatus`). Bumps the project's
 * last_update. Runs on `client` so callers can make it part of a larger transaction.
 */
export async function changeStatus(
  client: Tx,
  task: Pick<Task, 'id' | 'status' | 'projectId'>,
  to: TaskStatus,
  spec: ChangeSpec,
): Promise<{ previousStatus: TaskStatus; changes: Changes; row?: Record<string, unknown> }> {
  const from = spec.expectedStatus ?? task.status;
  if (spec.expectedStatus && spec.expectedStatus !== task.status) {
    throw new StatusConflictError(task.id, spec.expectedStatus, to);
  }
  checkChange({ id: task.id, status: from }, to, spec);
  const now = new Date();
  const changes: Changes = {
    status: to,
    statusReason: spec.reason ?? '',
    statusMessage: spec.message ?? '',
    statusChanged: now,
    lastUpdate: now,
    ...spec.data,
  };
  // One statement: the compare-and-set on the status read, and the project's last_update.
  const sets = Object.entries(changes).map(([field, value]) => assignment(field, value));
  const returning = spec.returning?.length ? Prisma.sql`, ${returningList(spec.returning)}` : Prisma.empty;
  const statement = Prisma.sql`
    WITH changed AS (
      UPDATE "task" SET ${Prisma.join(sets)}
      WHERE "id" = ${task.id} AND "status" = ${from}::"TaskStatus"
      RETURNING "project" AS "__project"${returning}
    ), bumped AS (
      UPDATE "project" SET "last_update" = ${now}::timestamptz
      WHERE "id" IN (SELECT "__project" FROM changed WHERE "__project" IS NOT NULL)
    )
    SELECT * FROM changed`;
  // Outside a transaction it is a single autocommit statement: straight on the driver.
  const [row] = client === db ? await writeSql<Record<string, unknown>>(statement) : await client.$queryRaw<Record<string, unknown>[]>(statement);
  if (!row) throw new StatusConflictError(task.id, from, to);
  if (spec.returning?.length) {
    delete row.__project;
    return { previousStatus: from, changes, row };
  }
  return { previousStatus: from, changes };
}

/**
 * Pass as `query` when the caller reads the task itself afterwards: the result's `task` is then
 * only `{ id }` and no extra statement runs.
 */
export const NO_RELOAD: TaskQuery = Object.freeze({});

async function reload<T>(client: Tx, id: string, query: TaskQuery): Promise<T> {
  if (query === NO_RELOAD) return { id } as T;
  return client.task.findUniqueOrThrow({ ...query, where: { id } } as Prisma.TaskFindUniqueOrThrowArgs) as unknown as Promise<T>;
}

/** Simple transitions without side effects: load for write, change status, reload with `query`. */
async function transition<T>(
  actor: Actor,
  input: StatusChangeInput,
  to: TaskStatus,
  query: TaskQuery,
  data: (task: TaskState, now: Date) => Prisma.TaskUpdateManyMutationInput = () => ({}),
  message?: (task: TaskState) => string,
): Promise<StatusChangeResult<T>> {
  const task = await getWritableTaskState(actor, input.taskId);
  const returning = scalarSelection(query);
  const { row, ...result } = await changeStatus(db, task, to, {
    force: input.force,
    reason: input.statusReason,
    message: message ? message(task) : input.statusMessage,
    expectedStatus: input.expectedStatus,
    data: data(task, new Date()),
    returning,
  });
  return { ...result, task: row ? (row as T) : await reload<T>(db, task.id, query) };
}

// Seconds since the task started; 0 when it never started (the original crashed with a 500 there).
const elapsedSeconds = (task: Pick<Task, 'started'>, now: Date) =>
  task.started ? Math.max(0, Math.round((now.getTime() - task.started.getTime()) / 1000)) : 0;

/** Marks a task as running (→ in_progress). Keeps the earliest `started` time. */
export function startTask<T = Task>(actor: Actor, input: StatusChangeInput, query: TaskQuery = {}) {
  return transition<T>(actor, input, 'in_progress', query, (task, now) =>
    task.started ? {} : { started: now },
  );
}

/** The run ended normally and was stopped (→ stopped); records `completed` and `duration`. */
export function markStopped<T = Task>(actor: Actor, input: StatusChangeInput, query: TaskQuery = {}) {
  return transition<T>(actor, input, 'stopped', query, (task, now) => ({
    completed: now,
    duration: elapsedSeconds(task, now),
  }));
}

/** The run failed (→ failed); records `duration`. */
export function markFailed<T = Task>(actor: Actor, input: StatusChangeInput, query: TaskQuery = {}) {
  return transition<T>(actor, input, 'failed', query, (task, now) => ({ duration: elapsedSeconds(task, now) }));
}

/** The run completed (→ completed); records `completed` and `duration`. */
export function markCompleted<T = Task>(actor: Actor, input: StatusChangeInput, query: TaskQuery = {}) {
  return transition<T>(actor, input, 'completed', query, (task, now) => ({
    completed: now,
    duration: elapsedSeconds(task, now),
  }));
}

/** Closes a stopped task (→ closed). */
export function closeTask<T = Task>(actor: Actor, input: StatusChangeInput, query: TaskQuery = {}) {
  return transition<T>(actor, input, 'closed', query);
}

const isRunByWorker = (task: Pick<Task, 'lastWorker' | 'lastUpdate'>, now: Date) =>
  !!task.lastWorker && now.getTime() - task.lastUpdate.getTime() < WORKER_TASK_TIMEOUT_MS;

/**
 * Asks a task to stop. A development task, or one no worker reported on within 10 minutes, is
 * stopped at once (message "Stopped by <user>"); otherwise only status_message becomes "stopping"
 * and the worker, which polls it, stops the task itself.
 */
export async function stopTask<T = Task>(actor: Actor, input: StatusChangeInput, query: TaskQuery = {}) {
  const task = await getWritableTaskState(actor, input.taskId);
  const immediate = task.systemTags.includes('development') || !isRunByWorker(task, new Date());
  const result = await changeStatus(db, task, immediate ? 'stopped' : task.status, {
    force: input.force,
    reason: input.statusReason,
    message: immediate ? `Stopped by ${actor.userName}` : 'stopping',
    expectedStatus: input.expectedStatus,
  });
  return { ...result, task: await reload<T>(db, task.id, query) };
}

export interface PublishInput extends StatusChangeInput {
  /** Also mark the task's output model ready (default true). */
  publishModel?: boolean;
}

/**
 * Publishes a task (→ published, which is final). Unless forced the task must be allowed to move to
 * published; publishing an already published task is refused. The output model, when it exists and
 * is not ready, is marked ready in the same transaction.
 */
export async function publishTask<T = Task>(actor: Actor, input: PublishInput, query: TaskQuery = {}) {
  return db.$transaction(async (tx) => {
    const task = await getWritableTask(actor, input.taskId, tx);
    if (!input.force && task.status === 'published') {
      throw new InvalidStatusTransitionError(task.id, task.status, 'published');
    }
    if ((input.publishModel ?? true) && task.outputModelId) {
      const model = await tx.model.findUnique({ where: { id: task.outputModelId } });
      if (model && !model.ready) {
        if (model.companyId !== actor.companyId) {
          throw new NotFoundError('MODEL_NOT_FOUND', 'Model', [model.id]);
        }
        await tx.model.update({ where: { id: model.id }, data: { ready: true, lastUpdate: new Date() } });
      }
    }
    const result = await changeStatus(tx, task, 'published', {
      force: input.force,
      reason: input.statusReason,
      message: input.statusMessage,
      expectedStatus: input.expectedStatus,
      data: { published: new Date() },
    });
    return { ...result, task: await reload<T>(tx, task.id, query) };
  });
}

export interface EnqueueInput extends StatusChangeInput {
  /** Queue id; the company's default queue (system tag `default`) when absent. */
  queueId?: string | null;
}

/**
 * Queues a created task (→ queued) and appends it to the queue, atomically: if the queue is unknown
 * or already holds the task nothing changes. Removes the `development` system tag. `force` does not
 * apply (as in the legacy server): only created tasks can be queued.
 */
export async function enqueueTask<T = Task>(actor: Actor, input: EnqueueInput, query: TaskQuery = {}) {
  const queueId = input.queueId || (await getDefaultQueue(actor)).id;
  const result = await db.$transaction(async (tx) => {
    const task = await getWritableTask(actor, input.taskId, tx);
    const queue = await tx.queue.findFirst({ where: { id: queueId, companyId: actor.companyId } });
    if (!queue) throw new NotFoundError('QUEUE_NOT_FOUND', 'Queue', [queueId]);
    const change = await changeStatus(tx, task, 'queued', {
      reason: input.statusReason,
      message: input.statusMessage,
      expectedStatus: input.expectedStatus,
      refuseSameStatus: true,
      data: {
        queueId: queue.id,
        systemTags: task.systemTags.filter((tag) => tag !== 'development'),
      } as Prisma.TaskUpdateManyMutationInput,
    });
    await appendToQueue(tx, actor.companyId, queue.id, task.id);
    return { ...change, task: await reload<T>(tx, task.id, query) };
  });
  return result;
}

/**
 * Takes a queued task off its queue (→ created). Fails with TASK_NOT_QUEUED when the task is not
 * queued, and TASK_NOT_IN_QUEUE when its queue holds no entry for it (nothing changes then).
 */
export async function dequeueTask<T = Task>(actor: Actor, input: StatusChangeInput, query: TaskQuery = {}) {
  return db.$transaction(async (tx) => {
    const task = await getWritableTask(actor, input.taskId, tx);
    if (task.status !== 'queued') {
      throw new DomainError('TASK_NOT_QUEUED', `task ${task.id} is ${task.status}, expected queued`, {
        taskId: task.id,
        status: task.status,
        expected: 'queued',
      });
    }
    if (!task.queueId) {
      throw new ValidationError('execution.queue', 'task has no queue value', 'MISSING_FIELD');
    }
    const count = await removeFromQueue(tx, actor.companyId, task.queueId, task.id);
    if (count === 0) {
      throw new DomainError('TASK_NOT_IN_QUEUE', 'Invalid queue id or task not in queue', {
        taskId: task.id,
        queueId: task.queueId,
      });
    }
    const change = await changeStatus(tx, task, 'created', {
      force: true, // queued → created is always allowed; the status was checked above
      expectedStatus: input.expectedStatus ?? 'queued',
      reason: input.statusReason,
      message: input.statusMessage,
      data: { queueId: null } as Prisma.TaskUpdateManyMutationInput,
    });
    return { ...change, task: await reload<T>(tx, task.id, query) };
  });
}

export interface ResetInput {
  taskId: string;
  force?: boolean;
  /** Also clear execution (parameters, model, artifacts…) and the script. */
  clearAll?: boolean;
  expectedStatus?: TaskStatus;
}

export interface CleanupResult {
  updatedChildren: number;
  updatedModels: number;
  deletedModels: number;
}

/**
 * Removes what a run produced (shared by reset and delete): re-parents children to
 * `__DELETED__<id>`, deletes draft models the task created unless a task uses them as input,
 * detaches ready models. Without force, a published child or a ready output model blocks it
 * (TASK_CANNOT_BE_DELETED) before anything changes.
 */
export async function cleanupTaskOutputs(tx: Tx, task: Task, force: boolean): Promise<CleanupResult> {
  const models = await tx.model.findMany({
    where: { OR: [{ taskId: task.id }, ...(task.outputModelId ? [{ id: task.outputModelId }] : [])] },
    select: { id: true, ready: true },
  });
  if (!force) {
    const publishedChild = await tx.task.findFirst({
      where: { parentId: task.id, status: 'published' },
      select: { id: true },
    });
    if (models.some((m) => m.ready) || publishedChild) {
      throw new DomainError('TASK_CANNOT_BE_DELETED', `task ${task.id} has published output or children (use force)`, {
        taskId: task.id,
      });
    }
  }
  const children = await tx.task.updateMany({
    where: { parentId: task.id },
    data: { parentId: null, detachedParentId: task.id },
  });
  const drafts = models.filter((m) => !m.ready).map((m) => m.id);
  let deletedModels = 0;
  if (drafts.length > 0) {
    const inUse = await tx.task.findMany({
      where: { inputModelId: { in: drafts } },
      select: { inputModelId: true },
    });
    const keep = new Set(inUse.map((t) => t.inputModelId));
    const toDelete = drafts.filter((id) => !keep.has(id));
    if (toDelete.length > 0) {
      deletedModels = (await tx.model.deleteMany({ where: { id: { in: toDelete } } })).count;
    }
  }
  const ready = models.filter((m) => m.ready).map((m) => m.id);
  const updatedModels = ready.length
    ? (await tx.model.updateMany({ where: { id: { in: ready } }, data: { taskId: `__DELETED__${task.id}` } })).count
    : 0;
  return { updatedChildren: children.count, updatedModels, deletedModels };
}

export interface ResetResult<T> extends StatusChangeResult<T>, CleanupResult {
  /** Queue entries removed, when the task was queued. */
  dequeued?: number;
}

/**
 * Returns a task to `created` and wipes its results: run times, metrics, worker, output model and
 * error, output artifacts (all of execution and the script with clearAll), queue entry, draft
 * models; children are re-parented. A published task needs force. All in one transaction.
 */
export async function resetTask<T = Task>(actor: Actor, input: ResetInput, query: TaskQuery = {}): Promise<ResetResult<T>> {
  return db.$transaction(async (tx) => {
    const task = await getWritableTask(actor, input.taskId, tx);
    const force = input.force ?? false;
    if (!force && (task.status === 'published' || task.status === 'publishing')) {
      throw new InvalidStatusTransitionError(task.id, task.status, 'created');
    }
    let dequeued: number | undefined;
    if (task.queueId) {
      dequeued = await removeFromQueue(tx, actor.companyId, task.queueId, task.id);
    }
    const cleanup = await cleanupTaskOutputs(tx, task, force);
    await deleteEventsOfTask(tx, task.id);
    const data: Prisma.TaskUpdateManyMutationInput & Record<string, unknown> = {
      started: null,
      completed: null,
      published: null,
      lastIteration: 0,
      lastMetrics: {},
      metricStats: {},
      outputResult: null,
      outputError: null,
      lastWorker: null,
      lastWorkerReport: null,
      outputModelId: null,
      detachedOutputModelId: null,
      queueId: null,
    };
    if (input.clearAll) {
      Object.assign(data, {
        testSplit: 0,
        parameters: {},
        inputModelId: null,
        detachedInputModelId: null,
        modelDesc: {},
        modelLabels: {},
        framework: null,
        dockerCmd: null,
        scriptBinary: 'python',
        scriptRepository: '',
        scriptTag: null,
        scriptBranch: null,
        scriptVersionNum: null,
        scriptEntryPoint: '',
        scriptWorkingDir: null,
        scriptRequirements: {},
        scriptDiff: null,
      });
    }
    await removeArtifacts(tx, task.id, input.clearAll ? 'all' : 'output');
    const change = await changeStatus(tx, task, 'created', {
      force,
      reason: 'reset',
      message: 'reset',
      expectedStatus: input.expectedStatus,
      data,
    });
    return { ...change, ...cleanup, dequeued, task: await reload<T>(tx, task.id, query) };
  });
}

export interface DeleteInput {
  taskId: string;
  force?: boolean;
}

/**
 * Deletes a task. Unless forced only created tasks can be deleted (TASK_CANNOT_BE_DELETED), and
 * the output cleanup of reset applies. Artifacts and queue entries go with the row.
 */
export async function deleteTask(actor: Actor, input: DeleteInput): Promise<CleanupResult & { deleted: boolean }> {
  return db.$transaction(async (tx) => {
    const task = await getWritableTask(actor, input.taskId, tx, true);
    const force = input.force ?? false;
    if (!force && task.status !== 'created') {
      throw new DomainError('TASK_CANNOT_BE_DELETED', `task ${task.id} is ${task.status} (use force to delete)`, {
        taskId: task.id,
        expected: 'created',
        current: task.status,
      });
    }
    const cleanup = await cleanupTaskOutputs(tx, task, force);
    await tx.task.delete({ where: { id: task.id } });
    if (task.projectId) {
      await tx.project.updateMany({ where: { id: task.projectId }, data: { lastUpdate: new Date() } });
    }
    return { ...cleanup, deleted: true };
  });
}

/** Keep-alive: bumps last_update of an own task; unknown, foreign and public ids are ignored. */
export async function pingTask(actor: Actor, taskId: string): Promise<void> {
  await db.task.updateMany({ where: { id: taskId, companyId: actor.companyId }, data: { lastUpdate: new Date() } });
}

export { TaskNotFoundError };
