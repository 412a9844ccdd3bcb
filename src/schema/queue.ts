// Queues hold tasks waiting for a worker, in order: the Queue type, its queries (queue, queues,
// defaultQueue, queueMetrics) and mutations. Resolvers are one-line adapters into
// src/resolvers/queues.ts and queue-metrics.ts; Pothos passes its Prisma selection down.
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import { getQueueMetrics, type QueueMetricsSeries } from '../resolvers/queue-metrics.ts';
import {
  addTaskToQueue,
  createQueue,
  deleteQueue,
  findQueue,
  getDefaultQueue,
  getQueue,
  listQueues,
  moveQueueEntry,
  popQueue,
  removeTaskFromQueue,
  updateQueue,
  type QueueEntryView,
  type QueueMove,
  type QueueQuery,
} from '../resolvers/queues.ts';
import { builder, type GraphQLContext } from './builder.ts';
import { DomainError, NotFoundError, ValidationError } from '../resolvers/errors.ts';
import { TaskRef } from './task.ts';
import { readTaskForSelection } from './task-queries.ts';

// The most specific class matches first; OperationError carries every other code.
const errors = { types: [NotFoundError, ValidationError, DomainError] };

export const QueueRef = builder.prismaObject('Queue', {
  description: 'A company-private FIFO queue of tasks waiting for a worker.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    created: t.expose('created', { type: 'DateTime' }),
    lastUpdate: t.expose('lastUpdate', { type: 'DateTime', description: 'Last change of the entries' }),
    tags: t.exposeStringList('tags'),
    systemTags: t.exposeStringList('systemTags', { description: '`default` marks the default queue' }),
    entries: t.relation('entries', {
      description: 'Waiting tasks, the next one to be served first',
      query: { orderBy: [{ rank: 'asc' }, { id: 'asc' }] },
    }),
  }),
});

builder.prismaObject('QueueEntry', {
  fields: (t) => ({
    task: t.relation('task'),
    added: t.expose('added', { type: 'DateTime' }),
  }),
});

/** The Prisma selection of the Queue selected at `path` (below the field being resolved). */
const queueQuery = (context: GraphQLContext, info: GraphQLResolveInfo, path: string[] = []) =>
  queryFromInfo({ context, info, path, typeName: 'Queue' }) as QueueQuery;

builder.queryField('queue', (t) =>
  t.prismaField({
    type: 'Queue',
    nullable: true,
    description: 'A queue of your company; null when there is none with this id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, { actor }) => findQueue(actor, String(id), query as QueueQuery),
  }),
);

const ListFilterInputRef = builder.inputType('QueueListFilterInput', {
  description: 'Matches when the value is in `anyOf` (or empty when `orEmpty`) and in none of `noneOf`.',
  fields: (t) => ({
    anyOf: t.stringList(),
    noneOf: t.stringList(),
    orEmpty: t.boolean({ description: 'Also match queues without any value' }),
  }),
});

const QueueFilterRef = builder.inputType('QueueFilterInput', {
  fields: (t) => ({
    ids: t.field({ type: ListFilterInputRef }),
    tags: t.field({ type: ListFilterInputRef }),
    systemTags: t.field({ type: ListFilterInputRef }),
    name: t.string({ description: 'Case-sensitive regular expression matched anywhere in the name' }),
  }),
});

const QueueOrderFieldEnum = builder.enumType('QueueOrderField', {
  values: { ID: { value: 'id' }, NAME: { value: 'name' }, CREATED: { value: 'created' }, LAST_UPDATE: { value: 'last_update' } } as const,
});
const OrderDirectionEnum = builder.enumType('QueueOrderDirection', { values: ['ASC', 'DESC'] as const });
const QueueOrderRef = builder.inputType('QueueOrder', {
  description: 'Empty values sort last in both directions.',
  fields: (t) => ({
    field: t.field({ type: QueueOrderFieldEnum, required: true }),
    direction: t.field({ type: OrderDirectionEnum }),
  }),
});
const PagingRef = builder.inputType('QueuePaging', {
  fields: (t) => ({
    page: t.int({ required: true, description: '0-based page number' }),
    pageSize: t.int({ required: true }),
  }),
});

type ListFilterArg = { anyOf?: string[] | null; noneOf?: string[] | null; orEmpty?: boolean | null } | null | undefined;
const toListFilter = (filter: ListFilterArg) =>
  filter ? { include: filter.anyOf ?? [], exclude: filter.noneOf ?? [], includeEmpty: filter.orEmpty ?? false } : undefined;

builder.queryField('queues', (t) =>
  t.prismaField({
    type: ['Queue'],
    description: 'Queues of your company matching `filter`, in `orderBy` order (then by creation).',
    errors,
    args: {
      filter: t.arg({ type: QueueFilterRef }),
      orderBy: t.arg({ type: [QueueOrderRef] }),
      paging: t.arg({ type: PagingRef }),
    },
    resolve: (query, _root, args, { actor }) =>
      listQueues(
        actor,
        {
          filter: {
            ids: toListFilter(args.filter?.ids),
            tags: toListFilter(args.filter?.tags),
            systemTags: toListFilter(args.filter?.systemTags),
            name: args.filter?.name ?? undefined,
          },
          orderBy: (args.orderBy ?? []).map((o) => `${o.direction === 'DESC' ? '-' : ''}${o.field}`),
          page: args.paging ?? undefined,
        },
        query as QueueQuery,
      ),
  }),
);

builder.queryField('defaultQueue', (t) =>
  t.field({
    type: QueueRef,
    description: 'The single queue of your company tagged `default` (tasks are enqueued there by default).',
    errors,
    resolve: async (_root, _args, context, info) =>
      getQueue(context.actor, (await getDefaultQueue(context.actor)).id, queueQuery(context, info, ['data'])),
  }),
);

const QueueMetricsRef = builder.objectRef<QueueMetricsSeries>('QueueMetricsSeries').implement({
  description: 'Per epoch-aligned bucket: the sample with the longest average wait (per queue), or the company total.',
  fields: (t) => ({
    queue: t.exposeString('queue', { description: 'Queue id, or `total`' }),
    dates: t.field({ type: ['DateTime'], description: 'Bucket starts', resolve: (s) => s.dates.map((d) => new Date(d)) }),
    avgWaitingTimes: t.exposeFloatList('avgWaitingTimes', { description: 'Seconds' }),
    queueLengths: t.exposeIntList('queueLengths'),
  }),
});

builder.queryField('queueMetrics', (t) =>
  t.field({
    type: [QueueMetricsRef],
    description:
      'Queue length and waiting time per bucket of `interval` seconds: one series per queue of `queueIds` that has data, or one `total` series over all your queues (queues missing from a bucket count with their latest values).',
    errors,
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      interval: t.arg.int({ required: true, description: 'Seconds' }),
      queueIds: t.arg.idList(),
    },
    resolve: (_root, args, { actor }) =>
      getQueueMetrics(actor, {
        from: args.from.getTime() / 1000,
        to: args.to.getTime() / 1000,
        interval: args.interval,
        queueIds: args.queueIds?.map(String),
      }),
  }),
);

// ---- mutations ------------------------------------------------------------------------------------

const CreateQueueInputRef = builder.inputType('CreateQueueInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Trimmed; at least 3 characters; unique in your company' }),
    tags: t.stringList(),
    systemTags: t.stringList(),
  }),
});

builder.mutationField('createQueue', (t) =>
  t.field({
    type: QueueRef,
    description: 'Creates a queue of your company.',
    errors,
    args: { input: t.arg({ type: CreateQueueInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const { id } = await createQueue(context.actor, input);
      return getQueue(context.actor, id, queueQuery(context, info, ['data']));
    },
  }),
);

const UpdateQueueInputRef = builder.inputType('UpdateQueueInput', {
  fields: (t) => ({
    queueId: t.id({ required: true }),
    name: t.string(),
    tags: t.stringList(),
    systemTags: t.stringList(),
  }),
});

builder.mutationField('updateQueue', (t) =>
  t.field({
    type: QueueRef,
    description: 'Renames or re-tags a queue; only the given members change (lastUpdate does not).',
    errors,
    args: { input: t.arg({ type: UpdateQueueInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      const id = String(input.queueId);
      await updateQueue(context.actor, id, input);
      return getQueue(context.actor, id, queueQuery(context, info, ['data']));
    },
  }),
);

const DeleteQueueInputRef = builder.inputType('DeleteQueueInput', {
  fields: (t) => ({
    queueId: t.id({ required: true }),
    force: t.boolean({ description: 'Delete even when tasks are waiting (they stay queued)' }),
  }),
});

builder.mutationField('deleteQueue', (t) =>
  t.field({
    type: 'Boolean',
    description: 'Deletes a queue; one that still holds tasks needs `force` (QUEUE_NOT_EMPTY).',
    errors,
    args: { input: t.arg({ type: DeleteQueueInputRef, required: true }) },
    resolve: async (_root, { input }, { actor }) => {
      await deleteQueue(actor, String(input.queueId), input.force ?? false);
      return true;
    },
  }),
);

const QueueTaskInputRef = builder.inputType('QueueTaskInput', {
  fields: (t) => ({
    queueId: t.id({ required: true }),
    taskId: t.id({ required: true }),
  }),
});

builder.mutationField('addTaskToQueue', (t) =>
  t.field({
    type: QueueRef,
    description: 'Appends a task to a queue without changing the task (use enqueueTask for that).',
    errors,
    args: { input: t.arg({ type: QueueTaskInputRef, required: true }) },
    resolve: async (_root, { input }, context, info) => {
      await addTaskToQueue(context.actor, String(input.queueId), String(input.taskId));
      return getQueue(context.actor, String(input.queueId), queueQuery(context, info, ['data']));
    },
  }),
);

const PoppedEntryRef = builder.objectRef<QueueEntryView>('PoppedQueueEntry').implement({
  description: 'An entry taken off the head of a queue.',
  fields: (t) => ({
    taskId: t.exposeID('taskId'),
    added: t.expose('added', { type: 'DateTime' }),
    task: t.field({
      type: TaskRef,
      nullable: true,
      description: 'The task (still QUEUED: the worker starts it)',
      resolve: (entry, _args, context, info) => readTaskForSelection(context, info, [], entry.taskId),
    }),
  }),
});

const PopQueueInputRef = builder.inputType('PopQueueInput', {
  fields: (t) => ({ queueId: t.id({ required: true }) }),
});

builder.mutationField('popQueue', (t) =>
  t.field({
    type: PoppedEntryRef,
    nullable: true,
    description:
      'Atomically takes the head entry off the queue (each entry is served once, whatever the concurrency); null when the queue is empty. The task is not changed.',
    errors,
    args: { input: t.arg({ type: PopQueueInputRef, required: true }) },
    resolve: (_root, { input }, { actor }) => popQueue(actor, String(input.queueId)),
  }),
);

builder.mutationField('removeTaskFromQueue', (t) =>
  t.field({
    type: 'Int',
    description: 'Removes the task\'s entries from the queue (the task is not changed); answers how many.',
    errors,
    args: { input: t.arg({ type: QueueTaskInputRef, required: true }) },
    resolve: (_root, { input }, { actor }) => removeTaskFromQueue(actor, String(input.queueId), String(input.taskId)),
  }),
);

const QueueMoveEnum = builder.enumType('QueueMove', {
  values: { FRONT: { value: 'front' }, BACK: { value: 'back' }, FORWARD: { value: 'forward' }, BACKWARD: { value: 'backward' } } as const,
});

const MoveQueueEntryInputRef = builder.inputType('MoveQueueEntryInput', {
  fields: (t) => ({
    queueId: t.id({ required: true }),
    taskId: t.id({ required: true }),
    to: t.field({ type: QueueMoveEnum, required: true }),
    count: t.int({ description: 'Positions to move FORWARD/BACKWARD (default 1)' }),
  }),
});

const MovedEntryRef = builder.objectRef<{ index: number }>('MovedQueueEntry').implement({
  fields: (t) => ({
    position: t.exposeInt('index', { description: 'The entry\'s 0-based position after the move' }),
  }),
});

builder.mutationField('moveQueueEntry', (t) =>
  t.field({
    type: MovedEntryRef,
    description: 'Repositions the task\'s entry: to the front or back, or `count` places forward/backward (clamped).',
    errors,
    args: { input: t.arg({ type: MoveQueueEntryInputRef, required: true }) },
    resolve: (_root, { input }, { actor }) =>
      moveQueueEntry(actor, {
        queueId: String(input.queueId),
        taskId: String(input.taskId),
        to: input.to as QueueMove,
        count: input.count ?? undefined,
      }),
  }),
);


