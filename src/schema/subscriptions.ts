// Live updates over GraphQL subscriptions (served by yoga over SSE at /graphql): taskChanged,
// taskLog and scalarAppended. Adapters into src/resolvers/live; a stream that ends with a domain
// error (task gone, resync needed, server stopping) delivers it as the field's error, then ends.
import { builder } from './builder.ts';
import { TaskRef } from './task.ts';
import { LogLineRef } from './events-log.ts';
import { TaskFilterRef, toTaskFilter } from './task-queries.ts';
import type { Task } from '../generated/prisma/client.ts';
import { DomainError } from '../resolvers/errors.ts';
import {
  watchScalarPoints,
  watchTaskChanges,
  watchTaskLog,
  type ScalarAppend,
  type ScalarPoint,
  type TaskChange,
  type TaskLogAppend,
} from '../resolvers/live/subscriptions.ts';

builder.subscriptionType({
  description:
    'Live updates, pushed as they are committed (through any server process). Transport: GraphQL over ' +
    'SSE at /graphql (`Accept: text/event-stream`), with the usual credentials. A stream that cannot ' +
    'go on ends with an error whose code says why: TASK_NOT_FOUND, RESYNC_REQUIRED (updates may have ' +
    'been missed: query again, then subscribe again), SUBSCRIBER_TOO_SLOW, SHUTTING_DOWN.',
});

const TaskChangeKindEnum = builder.enumType('TaskChangeKind', {
  values: {
    UPSERT: { value: 'UPSERT', description: 'The task matches the filter; `task` is its current state' },
    REMOVED: { value: 'REMOVED', description: 'The task was deleted or no longer matches the filter' },
  } as const,
});

const TaskChangeRef = builder.objectRef<TaskChange>('TaskChange').implement({
  fields: (t) => ({
    kind: t.field({ type: TaskChangeKindEnum, resolve: (change) => change.kind }),
    id: t.exposeID('id'),
    task: t.field({
      type: TaskRef,
      nullable: true,
      description: 'Null when REMOVED',
      resolve: (change) => change.task as Task | null,
    }),
  }),
});

const TaskLogAppendRef = builder.objectRef<TaskLogAppend>('TaskLogAppend').implement({
  fields: (t) => ({
    task: t.exposeID('task'),
    lines: t.field({ type: [LogLineRef], resolve: (append) => append.lines }),
  }),
});

const ScalarPointRef = builder.objectRef<ScalarPoint>('ScalarPoint').implement({
  description: 'One stored scalar value.',
  fields: (t) => ({
    metric: t.exposeString('metric'),
    variant: t.exposeString('variant'),
    iteration: t.exposeInt('iteration'),
    value: t.exposeFloat('value'),
    timestamp: t.field({ type: 'DateTime', resolve: (point) => new Date(point.timestamp) }),
  }),
});

const ScalarAppendRef = builder.objectRef<ScalarAppend>('ScalarAppend').implement({
  fields: (t) => ({
    task: t.exposeID('task'),
    points: t.field({ type: [ScalarPointRef], resolve: (append) => append.points }),
  }),
});

/** A stream's final domain error becomes this event's GraphQL error (then the stream ends). */
function unlessError<T>(item: T | DomainError): T {
  if (item instanceof DomainError) throw item;
  return item;
}

builder.subscriptionField('taskChanged', (t) =>
  t.field({
    type: TaskChangeRef,
    description:
      'Current state of each task matching the filter (same TaskFilter as the tasks connection, caller\'s ' +
      'company) whenever it changes: created, status, last_update, last metrics, tags... A task that is ' +
      'deleted or stops matching arrives once as REMOVED.',
    args: { filter: t.arg({ type: TaskFilterRef }) },
    subscribe: (_root, { filter }, { actor }) => watchTaskChanges(actor, toTaskFilter(filter)),
    resolve: (item: TaskChange | DomainError) => unlessError(item),
  }),
);

builder.subscriptionField('taskLog', (t) =>
  t.field({
    type: TaskLogAppendRef,
    description: 'New console lines of one task, in order, as they are stored.',
    args: { task: t.arg.id({ required: true }) },
    subscribe: (_root, { task }, { actor }) => watchTaskLog(actor, String(task)),
    resolve: (item: TaskLogAppend | DomainError) => unlessError(item),
  }),
);

builder.subscriptionField('scalarAppended', (t) =>
  t.field({
    type: ScalarAppendRef,
    description: 'New scalar points of one task, optionally only the given metrics.',
    args: { task: t.arg.id({ required: true }), metrics: t.arg.stringList() },
    subscribe: (_root, { task, metrics }, { actor }) => watchScalarPoints(actor, String(task), metrics),
    resolve: (item: ScalarAppend | DomainError) => unlessError(item),
  }),
);
