// Task events in GraphQL, write and log side: the addEvents / deleteTaskEvents mutations, a task's
// console log as a cursor connection (Task.log) and its latest plots (Task.plots). Resolvers are
// adapters into src/resolvers/events.
import { builder } from './builder.ts';
import { ErrorInterface } from './errors.ts';
import {
  DomainError,
  EventsNotAddedError,
  NotFoundError,
  PublicReadOnlyError,
  ValidationError,
} from '../resolvers/errors.ts';
import { addEvents } from '../resolvers/events/ingest.ts';
import { deleteTaskEvents } from '../resolvers/events/delete.ts';
import { listTaskLog, type LogLine, type LogPosition } from '../resolvers/events/log.ts';
import { listLatestPlots, type PlotSummary } from '../resolvers/events/plots.ts';

const AddEventsInputRef = builder.inputType('AddEventsInput', {
  description: 'A batch of events in the legacy event shape (see the events.add_batch documentation).',
  fields: (t) => ({
    events: t.field({
      type: ['JSONObject'],
      required: true,
      description:
        'Events as JSON objects: `type` (training_stats_scalar, training_stats_vector, training_debug_image, ' +
        'plot, log), `task`, optional `timestamp` (epoch ms), `iter`, `metric`, `variant`, and per type ' +
        '`value`, `values`, `url`, `key`, `plot_str`, `msg`, `level`; other members are stored as sent.',
    }),
    allowLocked: t.boolean({ description: 'Also write to publishing/published tasks (default false)' }),
    worker: t.string({ description: 'Default `worker` of events that have none (default `<unknown>`)' }),
  }),
});

interface Rejection {
  reason: string;
  count: number;
}

const EventRejectionRef = builder.objectRef<Rejection>('EventRejection').implement({
  description: 'How many events of a batch were refused for one reason.',
  fields: (t) => ({
    reason: t.exposeString('reason', { description: "e.g. `Invalid task id`, `Event must have a 'type' field`" }),
    count: t.exposeInt('count'),
  }),
});

interface AddEventsPayload {
  added: number;
  errors: number;
  errorsInfo: Rejection[];
}

const AddEventsPayloadRef = builder.objectRef<AddEventsPayload>('AddEventsPayload').implement({
  fields: (t) => ({
    added: t.exposeInt('added', { description: 'Events stored (events with the same identity overwrite each other)' }),
    errors: t.exposeInt('errors', { description: 'Events refused' }),
    errorsInfo: t.field({ type: [EventRejectionRef], resolve: (p) => p.errorsInfo }),
  }),
});

const rejectionsOf = (errorsInfo: Readonly<Record<string, number>>) =>
  Object.entries(errorsInfo).map(([reason, count]) => ({ reason, count }));

builder.objectType(EventsNotAddedError, {
  name: 'EventsNotAddedError',
  description: 'No event of the batch was valid; errorsInfo says why.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof EventsNotAddedError,
  fields: (t) => ({
    errorsInfo: t.field({ type: [EventRejectionRef], resolve: (e) => rejectionsOf(e.errorsInfo) }),
  }),
});

builder.mutationField('addEvents', (t) =>
  t.field({
    type: AddEventsPayloadRef,
    description:
      'Reports events of your own tasks. Invalid events are counted in errorsInfo and skipped; when none ' +
      'is valid the result is an EventsNotAddedError (an OperationError with code EMPTY_BATCH for an empty list).',
    errors: { types: [EventsNotAddedError, ValidationError, DomainError] },
    args: { input: t.arg({ type: AddEventsInputRef, required: true }) },
    resolve: async (_root, { input }, { actor }) => {
      const result = await addEvents(actor, input.events, {
        allowLocked: input.allowLocked ?? false,
        worker: input.worker ?? undefined,
      });
      return { ...result, errorsInfo: rejectionsOf(result.errorsInfo) };
    },
  }),
);

const DeleteTaskEventsInputRef = builder.inputType('DeleteTaskEventsInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    allowLocked: t.boolean({ description: 'Also delete the events of a publishing/published task' }),
  }),
});

builder.mutationField('deleteTaskEvents', (t) =>
  t.field({
    type: builder.objectRef<{ deleted: number }>('DeleteTaskEventsPayload').implement({
      fields: (f) => ({ deleted: f.exposeInt('deleted', { description: 'Number of events removed' }) }),
    }),
    description: 'Deletes all events of one of your tasks; the task statistics are kept.',
    errors: { types: [NotFoundError, ValidationError, PublicReadOnlyError, DomainError] },
    args: { input: t.arg({ type: DeleteTaskEventsInputRef, required: true }) },
    resolve: async (_root, { input }, { actor }) => ({
      deleted: await deleteTaskEvents(actor, String(input.taskId), { allowLocked: input.allowLocked ?? false }),
    }),
  }),
);

export const LogLineRef = builder.objectRef<LogLine>('LogLine').implement({
  description: 'One log event of a task.',
  fields: (t) => ({
    timestamp: t.float({ description: 'Epoch milliseconds the client reported', resolve: (l) => l.timestamp }),
    time: t.field({ type: 'DateTime', resolve: (l) => new Date(l.timestamp) }),
    level: t.string({ nullable: true, resolve: (l) => l.level }),
    msg: t.string({ nullable: true, resolve: (l) => l.msg }),
    worker: t.string({ nullable: true, resolve: (l) => l.worker }),
    event: t.field({ type: 'JSONObject', description: 'The whole stored event', resolve: (l) => l.doc }),
  }),
});

const encodeCursor = (position: LogPosition) => Buffer.from(`${position.timestamp}:${position.id}`).toString('base64url');

function decodeCursor(field: string, cursor: string | null | undefined): LogPosition | undefined {
  if (cursor == null) return undefined;
  const match = /^(-?\d{1,19}):(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new ValidationError(field, 'malformed cursor');
  return { timestamp: match[1]!, id: match[2]! };
}

const PlotRef = builder.objectRef<PlotSummary>('TaskPlot').implement({
  description: 'The latest plot of one (metric, variant) series.',
  fields: (t) => ({
    metric: t.exposeString('metric'),
    variant: t.exposeString('variant'),
    iter: t.int({ nullable: true, resolve: (p) => p.iter }),
    timestamp: t.float({ description: 'Epoch milliseconds', resolve: (p) => p.timestamp }),
    plot: t.field({ type: 'JSON', nullable: true, description: 'The figure (`plot_str` parsed)', resolve: (p) => p.plot }),
    event: t.field({ type: 'JSONObject', description: 'The whole stored event', resolve: (p) => p.doc }),
  }),
});

builder.prismaObjectFields('Task', (t) => ({
  log: t.connection(
    {
      type: LogLineRef,
      nullable: true, // bad paging arguments or cursors null this field only, not the task around it
      description: 'Console log lines ordered by time (oldest first), paged with cursors in both directions.',
      args: { level: t.arg.string({ description: 'Only lines of this level, e.g. error' }) },
      resolve: async (task, args, { actor }) => {
        const page = await listTaskLog(actor, task.id, {
          first: args.first,
          after: decodeCursor('after', args.after),
          last: args.last,
          before: decodeCursor('before', args.before),
          level: args.level,
        });
        const edges = page.lines.map((node) => ({ node, cursor: encodeCursor(node.position) }));
        return {
          edges,
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: page.hasPreviousPage,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
        };
      },
    },
    { name: 'TaskLogConnection' },
    { name: 'TaskLogEdge' },
  ),
  plots: t.field({
    type: [PlotRef],
    nullable: true, // a refused argument (e.g. text with NUL) nulls this field only, not the task
    description: 'The latest plot of each (metric, variant), ordered by metric and variant.',
    args: { metric: t.arg.string({ description: 'Only plots of this metric' }) },
    resolve: (task, args, { actor }) => listLatestPlots(actor, task.id, { metric: args.metric }),
  }),
}));
