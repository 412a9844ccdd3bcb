// Live updates: the subscriptions of this process. Responsible for listening to the database's
// change notifications (sent on commit by the live_notify triggers, so changes made through any
// server process arrive), routing them to the shared sources they concern (task changes by
// company, log lines and scalars by task), and ending every stream at shutdown. Notifications only
// say what changed; sources read the data with their subscribers' Actor through the domain reads.
import { notifications } from '../../db.ts';
import type { LiveChannel, NotificationFeed, NotificationHandler } from '../../db/notifications.ts';
import type { Actor } from '../context.ts';
import { DomainError, SubscriptionEndedError } from '../errors.ts';
import { getReadableEventTask } from '../events/read-scope.ts';
import { checkId } from '../tasks/access.ts';
import type { TaskFilter } from '../tasks/query.ts';
import { ScalarPointsSource, type ScalarAppend, type ScalarPoint } from './scalar-points.ts';
import { SharedSource, SourceRegistry, Subscriber } from './stream.ts';
import { filterKey, TaskChangesSource, type TaskChange } from './task-changes.ts';
import { TaskLogSource, type TaskLogAppend } from './task-log.ts';

export type { ScalarAppend, ScalarPoint, TaskChange, TaskLogAppend };

/** What a live stream yields: updates, and possibly a final DomainError saying why it ended. */
export type LiveStream<T> = AsyncIterableIterator<T | DomainError>;

const taskChanges = new SourceRegistry<TaskChangesSource>();
const taskLogs = new SourceRegistry<TaskLogSource>();
const scalarPoints = new SourceRegistry<ScalarPointsSource>();



const handler: NotificationHandler = {
  notify(channel: LiveChannel, payload: string) {
    let message: { c?: unknown; i?: unknown; t?: unknown; y?: unknown };
    try {
      message = JSON.parse(payload);
    } catch {
      return; // not ours
    }
    if (channel === 'task_changed' && Array.isArray(message.i)) {
      const ids = message.i.filter((id): id is string => typeof id === 'string');
      const sources = typeof message.c === 'string' ? taskChanges.routed(message.c) : taskChanges.all();
      for (const source of sources) source.changed(ids);
    } else if (channel === 'task_events' && Array.isArray(message.t)) {
      const registry = message.y === 'log' ? taskLogs : message.y === 'training_stats_scalar' ? scalarPoints : undefined;
      for (const taskId of registry ? message.t : []) {
        if (typeof taskId === 'string') for (const source of registry!.routed(taskId)) source.request();
      }
    }
  },
  resync() {
    // Log lines and points are read after the last position: nothing is lost, read again.
    for (const source of [...taskLogs.all(), ...scalarPoints.all()]) source.request();
    // Which tasks changed meanwhile is unknown: their subscribers must query again.
    for (const source of taskChanges.all()) {
      source.failAll(new SubscriptionEndedError('RESYNC_REQUIRED', 'Live updates were interrupted (the database connection was re-established); query again and subscribe again'));
    }
  },
};

let listeningOn: NotificationFeed | undefined;
let listening: Promise<unknown> | undefined;
let closed = false;

/** Listens to the current database's notifications (once per opened database). */
async function ensureListening() {
  if (closed) throw new SubscriptionEndedError('SHUTTING_DOWN', 'The server is shutting down; subscribe again on another instance or later');
  if (listeningOn !== notifications) {
    listeningOn = notifications;
    listening = notifications.listen(handler);
    listening.catch(() => {
      if (listeningOn === notifications) listeningOn = undefined; // try again with the next subscriber
    });
  }
  await listening;
}

/**
 * Joins the shared source of `key` (creating it) and waits until it is ready; a source that
 * cannot start (task not found, malformed filter) ends its subscribers with that error.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function join<S extends SharedSource<any> & { ready: Promise<void> }>(
  registry: SourceRegistry<S>,
  key: string,
  route: string,
  create: () => S,
): Promise<ReturnType<S['subscribe']>> {
  const source = registry.acquire(key, route, create);
  const subscriber = source.subscribe() as ReturnType<S['subscribe']>;
  try {
    await source.ready;
  } catch (error) {
    subscriber.return();
    throw error;
  }
  return subscriber;
}

/**
 * Changes of the caller's visible tasks (own company and public) matching `filter`: each changed
 * task that matches as UPSERT with all its columns, each that was deleted or does not match (any
 * longer) once as REMOVED. Subscribers of the same company and filter share one read per batch of
 * changes. Throws ValidationError/INVALID_REGEX for a filter the listing refuses.
 */
export async function watchTaskChanges(actor: Actor, filter: TaskFilter): Promise<LiveStream<TaskChange>> {
  await ensureListening();
  const route = actor.companyId;
  return join(taskChanges, filterKey(actor.companyId, filter), route, () => new TaskChangesSource(actor, filter));
}

/**
 * New console lines of a task the caller can read, in (timestamp, id) order, as they are stored.
 * Throws TaskNotFoundError when the task is missing or not visible.
 */
export async function watchTaskLog(actor: Actor, taskId: string): Promise<LiveStream<TaskLogAppend>> {
  checkId('task', taskId);
  await ensureListening();
  await getReadableEventTask(actor, taskId);
  return join(taskLogs, `${actor.companyId}\n${taskId}`, taskId, () => new TaskLogSource(actor, taskId));
}

/**
 * New scalar points of a task the caller can read, only of `metrics` when given. Throws
 * TaskNotFoundError when the task is missing or not visible.
 */
export async function watchScalarPoints(
  actor: Actor,
  taskId: string,
  metrics?: readonly string[] | null,
): Promise<LiveStream<ScalarAppend>> {
  checkId('task', taskId);
  await ensureListening();
  await getReadableEventTask(actor, taskId);
  const stream = await join(scalarPoints, `${actor.companyId}\n${taskId}`, taskId, () => new ScalarPointsSource(actor, taskId));
  return metrics && metrics.length > 0 ? onlyMetrics(stream, new Set(metrics)) : stream;
}

async function* onlyMetrics(stream: LiveStream<ScalarAppend>, metrics: Set<string>): LiveStream<ScalarAppend> {
  try {
    for await (const item of stream) {
      if (item instanceof DomainError) {
        yield item;
        continue;
      }
      const points = item.points.filter((point) => metrics.has(point.metric));
      if (points.length > 0) yield { task: item.task, points };
    }
  } finally {
    await stream.return?.();
  }
}

/**
 * Ends every live stream (completed, so clients see a clean end) and refuses new subscriptions
 * with SHUTTING_DOWN: called when the server starts shutting down.
 */
export function closeLiveUpdates() {
  closed = true;
  for (const source of [...taskChanges.all(), ...taskLogs.all(), ...scalarPoints.all()]) source.endAll();
}

/** Live sources and their subscribers in this process (diagnostics and tests). */
export function liveUpdateStats() {
  const count = (registry: SourceRegistry<{ onEmpty: () => void; subscribers: { size: number } }>) => ({
    sources: registry.size,
    subscribers: registry.all().reduce((sum, source) => sum + source.subscribers.size, 0),
  });
  return {
    taskChanges: count(taskChanges),
    taskLogs: count(taskLogs),
    scalarPoints: count(scalarPoints),
  };
}
