// Workers (neighbours spec B.4): agents that register, listen on queues and report what they run.
// Responsible for the entry's time-to-live (rows carry `expires`; expired rows are invisible and are
// deleted lazily), the status-report rules and the task stamping. Machine statistics go to
// worker-stats.ts. Talks to Prisma.
import { db, Prisma } from '../db.ts';
import type { Worker } from '../generated/prisma/client.ts';
import type { Actor } from './context.ts';
import { DomainError, NotFoundError, TaskNotFoundError, ValidationError } from './errors.ts';
import { checkId } from './tasks/access.ts';
import { checkTags } from './tasks/inputs.ts';
import { recordMachineStats, type MachineStats } from './worker-stats.ts';

/** Seconds a registration lives without a report (the original's default). */
export const DEFAULT_WORKER_TIMEOUT = 600;

export interface RegisterWorkerInput {
  workerId: string;
  /** Seconds; default 600; must be positive. */
  timeout?: number | null;
  /** Queue ids of the caller's company the worker listens on. */
  queues?: string[] | null;
  tags?: string[] | null;
  /** The client address as the transport saw it. */
  ip?: string | null;
}

function checkWorkerId(id: unknown): string {
  if (typeof id !== 'string' || id.length === 0) throw new ValidationError('worker', 'must be a non-empty string', 'INVALID_INPUT');
  return id;
}

async function checkUser(actor: Actor, code: 'WORKER_USER_NOT_FOUND' | 'WORKER_REGISTRATION_FAILED', workerId: string) {
  const user = await db.user.findFirst({ where: { id: actor.userId }, select: { id: true } });
  if (user) return;
  if (code === 'WORKER_USER_NOT_FOUND') throw new DomainError(code, 'Invalid user id', { id: actor.userId });
  throw new DomainError(code, 'Invalid worker id', { worker: workerId });
}

async function checkQueues(actor: Actor, queues: string[]) {
  if (queues.length === 0) return;
  const found = await db.queue.findMany({ where: { id: { in: queues }, companyId: actor.companyId }, select: { id: true } });
  const known = new Set(found.map((q) => q.id));
  const missing = [...new Set(queues)].filter((id) => !known.has(id));
  if (missing.length) throw new NotFoundError('QUEUE_NOT_FOUND', 'Queue', missing, `ids=(${missing.join(', ')})`);
}

const workerKey = (actor: Actor, workerId: string) => ({
  companyId_userId_workerId: { companyId: actor.companyId, userId: actor.userId, workerId },
});

const MAX_WORKER_TIMEOUT = 10 * 365 * 24 * 3600;

const expiresAt = (now: Date, timeoutSeconds: number) => new Date(now.getTime() + timeoutSeconds * 1000);

/**
 * (Re)creates the caller's worker entry: register and activity time now, the given queues and
 * tags, no current task; it expires `timeout` seconds after the last register/report.
 * WORKER_INVALID_TIMEOUT for timeout ≤ 0, WORKER_USER_NOT_FOUND when the caller has no user record,
 * QUEUE_NOT_FOUND (with every unknown id) for queues outside the company.
 */
export async function registerWorker(actor: Actor, input: RegisterWorkerInput): Promise<Worker> {
  const workerId = checkWorkerId(input.workerId);
  const timeout = input.timeout ?? DEFAULT_WORKER_TIMEOUT;
  // (also refused: more than ten years, which no date or int column can hold sensibly)
  if (!Number.isInteger(timeout) || timeout <= 0 || timeout > MAX_WORKER_TIMEOUT) {
    throw new DomainError('WORKER_INVALID_TIMEOUT', 'Worker registration failed (invalid timeout)', {
      timeout,
      worker: workerId,
    });
  }
  const queues = checkTags('queues', input.queues) ?? [];
  await checkUser(actor, 'WORKER_USER_NOT_FOUND', workerId);
  await checkQueues(actor, queues);
  return saveRegistration(actor, workerId, {
    timeout,
    queues,
    tags: checkTags('tags', input.tags) ?? [],
    ip: input.ip ?? null,
  });
}

function saveRegistration(
  actor: Actor,
  workerId: string,
  entry: { timeout: number; queues: string[]; tags: string[]; ip: string | null },
): Promise<Worker> {
  const now = new Date();
  const data = {
    ip: entry.ip,
    queues: entry.queues,
    queueId: null,
    taskId: null,
    projectId: null,
    registerTime: now,
    lastActivityTime: now,
    lastReportTime: null,
    registerTimeout: entry.timeout,
    tags: entry.tags,
    expires: expiresAt(now, entry.timeout),
  };
  return db.worker.upsert({
    where: workerKey(actor, workerId),
    create: { companyId: actor.companyId, userId: actor.userId, workerId, ...data },
    update: data,
  });
}

/** Removes the caller's worker entry; WORKER_NOT_REGISTERED when there is no live one. */
export async function unregisterWorker(actor: Actor, workerId: string): Promise<void> {
  checkWorkerId(workerId);
  const { count } = await db.worker.deleteMany({
    where: { companyId: actor.companyId, userId: actor.userId, workerId, expires: { gt: new Date() } },
  });
  if (count === 0) {
    // an expired row may still be there: it is gone for the API, so drop it too
    await db.worker.deleteMany({ where: { companyId: actor.companyId, userId: actor.userId, workerId } });
    throw new DomainError('WORKER_NOT_REGISTERED', 'Worker is not registered', { worker: workerId });
  }
}

export interface WorkerStatusInput {
  workerId: string;
  /** The report's time, epoch milliseconds (the statistics samples' time). */
  timestamp: number;
  taskId?: string | null;
  /** Queue the current task came from; cleared when absent. */
  queueId?: string | null;
  /** Replaces the listened queues when non-empty. */
  queues?: string[] | null;
  machineStats?: MachineStats | null;
  /** Replaces the tags when given. */
  tags?: string[] | null;
  ip?: string | null;
}

/**
 * A worker's periodic report. Registers an unknown worker on the fly (timeout 600, no queues;
 * WORKER_REGISTRATION_FAILED when the caller has no user record), refreshes ip/activity, applies
 * tags/queue/queues, stores the machine statistics, and with `taskId` stamps that task (caller's
 * company only, else TASK_NOT_FOUND): last_worker, last_worker_report, last_update — no status
 * change. The entry is saved with a fresh time-to-live even when the task step fails.
 */
export async function reportWorkerStatus(actor: Actor, input: WorkerStatusInput): Promise<void> {
  const workerId = checkWorkerId(input.workerId);
  if (!Number.isFinite(input.timestamp)) throw new ValidationError('timestamp', 'must be a number', 'INVALID_INPUT');
  const queues = checkTags('queues', input.queues);
  const tags = checkTags('tags', input.tags);
  let entry = await db.worker.findFirst({
    where: { companyId: actor.companyId, userId: actor.userId, workerId, expires: { gt: new Date() } },
  });
  if (!entry) {
    await checkUser(actor, 'WORKER_REGISTRATION_FAILED', workerId);
    entry = await saveRegistration(actor, workerId, { timeout: DEFAULT_WORKER_TIMEOUT, queues: [], tags: [], ip: input.ip ?? null });
  }
  if (input.machineStats) {
    await recordMachineStats(actor, { workerId, taskId: input.taskId ?? null, timestamp: input.timestamp, stats: input.machineStats });
  }
  const now = new Date();
  let taskFailure: unknown;
  let task: { id: string; projectId: string | null } | null = null;
  if (input.taskId) {
    try {
      task = await stampTask(actor, input.taskId, workerId, now);
    } catch (error) {
      taskFailure = error;
    }
  }
  // updateMany: a worker unregistered meanwhile stays unregistered (the report is dropped)
  await db.worker.updateMany({
    where: { companyId: actor.companyId, userId: actor.userId, workerId },
    data: {
      ip: input.ip ?? entry.ip,
      lastActivityTime: now,
      lastReportTime: now,
      ...(tags ? { tags } : {}),
      queueId: input.queueId || null,
      ...(queues && queues.length ? { queues } : {}),
      ...(taskFailure === undefined ? { taskId: task?.id ?? null, projectId: task?.projectId ?? null } : {}),
      expires: expiresAt(now, entry.registerTimeout),
    },
  });
  if (taskFailure !== undefined) throw taskFailure;
}

async function stampTask(actor: Actor, taskId: string, workerId: string, now: Date) {
  checkId('task', taskId);
  const [task] = await db.$queryRaw<{ id: string; projectId: string | null }[]>`
    UPDATE "task" SET "last_worker" = ${workerId}, "last_worker_report" = ${now}::timestamptz,
      "last_update" = ${now}::timestamptz
    WHERE "id" = ${taskId} AND "company" = ${actor.companyId}
    RETURNING "id", "project" AS "projectId"`;
  if (!task) throw new TaskNotFoundError(taskId);
  return task;
}

// ---- listing --------------------------------------------------------------------------------------

export interface NamedRef {
  id: string;
  name: string;
}

export interface WorkerQueueView extends NamedRef {
  numTasks: number;
  nextTask: NamedRef | null;
}

export interface WorkerView {
  workerId: string;
  user: NamedRef;
  company: NamedRef;
  ip: string | null;
  registerTime: Date;
  registerTimeout: number;
  lastActivityTime: Date;
  lastReportTime: Date | null;
  task: (NamedRef & { runningTimeMs: number; lastIteration: number }) | null;
  project: NamedRef | null;
  /** The queue of the current task, only when it is one of `queues`. */
  queue: WorkerQueueView | null;
  queues: WorkerQueueView[];
  tags: string[];
}

/**
 * Live workers of the caller's company (every user's) active within the last `lastSeen` seconds
 * (at least 1; 0/null = no time filter), with their task, project and queues described. Expired
 * entries of the company are deleted on the way.
 */
export async function listWorkers(actor: Actor, options: { lastSeen?: number | null } = {}): Promise<WorkerView[]> {
  const now = new Date();
  await db.worker.deleteMany({ where: { companyId: actor.companyId, expires: { lte: now } } });
  const lastSeen = options.lastSeen === undefined ? 3600 : options.lastSeen;
  const where: Prisma.WorkerWhereInput = { companyId: actor.companyId, expires: { gt: now } };
  // Any window longer than the epoch is "no time filter" (entries expire anyway).
  if (lastSeen && lastSeen * 1000 < now.getTime()) {
    where.lastActivityTime = { gte: new Date(now.getTime() - Math.max(1, lastSeen) * 1000) };
  }
  const workers = await db.worker.findMany({ where, orderBy: [{ workerId: 'asc' }, { userId: 'asc' }] });
  return describeWorkers(actor, workers, now);
}

/** The caller's own live worker `workerId`, described as listWorkers does; null when not registered. */
export async function findWorker(actor: Actor, workerId: string): Promise<WorkerView | null> {
  const now = new Date();
  const worker = await db.worker.findFirst({
    where: { companyId: actor.companyId, userId: actor.userId, workerId, expires: { gt: now } },
  });
  return worker ? (await describeWorkers(actor, [worker], now))[0]! : null;
}

async function describeWorkers(actor: Actor, workers: Worker[], now: Date): Promise<WorkerView[]> {
  if (workers.length === 0) return [];

  const taskIds = [...new Set(workers.map((w) => w.taskId).filter((id): id is string => !!id))];
  const queueIds = [...new Set(workers.flatMap((w) => w.queues))];
  const [users, company, tasks, queues] = await Promise.all([
    db.user.findMany({ where: { id: { in: [...new Set(workers.map((w) => w.userId))] } }, select: { id: true, name: true } }),
    db.company.findFirst({ where: { id: actor.companyId }, select: { id: true, name: true } }),
    taskIds.length
      ? db.task.findMany({ where: { id: { in: taskIds } }, select: { id: true, name: true, started: true, lastIteration: true, projectId: true } })
      : [],
    describeQueues(actor, queueIds),
  ]);
  const projectIds = [...new Set(workers.map((w) => w.projectId).filter((id): id is string => !!id))];
  const projects = projectIds.length
    ? await db.project.findMany({ where: { id: { in: projectIds } }, select: { id: true, name: true } })
    : [];
  const userNames = new Map(users.map((u) => [u.id, u.name]));
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  const projectNames = new Map(projects.map((p) => [p.id, p.name]));
  return workers.map((w) => {
    const task = w.taskId ? taskById.get(w.taskId) : undefined;
    const own = w.queues.map((id) => queues.get(id) ?? { id, name: '', numTasks: 0, nextTask: null });
    return {
      workerId: w.workerId,
      user: { id: w.userId, name: userNames.get(w.userId) ?? '' },
      company: { id: actor.companyId, name: company?.name ?? actor.companyName ?? '' },
      ip: w.ip,
      registerTime: w.registerTime,
      registerTimeout: w.registerTimeout,
      lastActivityTime: w.lastActivityTime,
      lastReportTime: w.lastReportTime,
      task: w.taskId
        ? {
            id: w.taskId,
            name: task?.name ?? '',
            runningTimeMs: task?.started ? Math.max(0, now.getTime() - task.started.getTime()) : 0,
            lastIteration: task?.lastIteration ?? 0,
          }
        : null,
      project: w.projectId ? { id: w.projectId, name: projectNames.get(w.projectId) ?? '' } : null,
      queue: w.queueId && w.queues.includes(w.queueId) ? own.find((q) => q.id === w.queueId) ?? null : null,
      queues: own,
      tags: w.tags,
    };
  });
}

/** Name, number of entries and head task of the company's queues among `ids`. */
async function describeQueues(actor: Actor, ids: string[]): Promise<Map<string, WorkerQueueView>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<{ id: string; name: string; num_tasks: number; next_id: string | null; next_name: string | null }[]>`
    SELECT q."id", q."name",
      (SELECT count(*)::int FROM "queue_entry" e WHERE e."queue" = q."id") AS "num_tasks",
      h."task" AS "next_id", t."name" AS "next_name"
    FROM "queue" q
    LEFT JOIN LATERAL (
      SELECT e."task" FROM "queue_entry" e WHERE e."queue" = q."id" ORDER BY e."rank", e."id" LIMIT 1
    ) h ON true
    LEFT JOIN "task" t ON t."id" = h."task"
    WHERE q."company" = ${actor.companyId} AND q."id" IN (${Prisma.join(ids)})`;
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, name: r.name, numTasks: r.num_tasks, nextTask: r.next_id ? { id: r.next_id, name: r.next_name ?? '' } : null },
    ]),
  );
}
