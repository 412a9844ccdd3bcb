// Task reads: task(id), the tasks connection (filters, orderings, keyset cursors, totalCount) and
// taskTypes. The connection's node selection is handed to the domain so exactly the requested
// columns are read, in one SQL statement.
import { builder } from './builder.ts';
import { TaskRef, TaskStatusEnum, TaskTypeEnum } from './task.ts';
import { selectsAnyOf, taskQueryFor } from './task-columns.ts';
import type { TaskStatus, TaskType } from '../generated/prisma/client.ts';
import { ValidationError } from '../resolvers/errors.ts';
import { escapeKey } from '../resolvers/tasks/keys.ts';
import { metricHash } from '../resolvers/tasks/metrics.ts';
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from './builder.ts';
import type { Task } from '../generated/prisma/client.ts';
import {
  findTask,
  countTasks,
  listTaskTypes,
  listTasks,
  type ListFilter,
  type OrderItem,
  type TaskFilter,
} from '../resolvers/tasks/query.ts';

export const StringListFilterRef = builder.inputType('StringListFilter', {
  description: 'Matches when the value (or, for lists, any element) is in anyOf and none is in noneOf.',
  fields: (t) => ({
    anyOf: t.stringList(),
    noneOf: t.stringList(),
    orEmpty: t.boolean({ description: 'Also match when the value is missing or empty' }),
  }),
});

const StatusFilterRef = builder.inputType('TaskStatusFilter', {
  fields: (t) => ({
    anyOf: t.field({ type: [TaskStatusEnum] }),
    noneOf: t.field({ type: [TaskStatusEnum] }),
  }),
});

const TypeFilterRef = builder.inputType('TaskTypeFilter', {
  fields: (t) => ({
    anyOf: t.field({ type: [TaskTypeEnum] }),
    noneOf: t.field({ type: [TaskTypeEnum] }),
  }),
});

const DateRangeRef = builder.inputType('DateRange', {
  fields: (t) => ({
    after: t.field({ type: 'DateTime', description: 'Strictly after' }),
    from: t.field({ type: 'DateTime', description: 'At or after' }),
    before: t.field({ type: 'DateTime', description: 'Strictly before' }),
    to: t.field({ type: 'DateTime', description: 'At or before' }),
  }),
});

const PatternFilterRef = builder.inputType('FieldPatternFilter', {
  fields: (t) => ({
    pattern: t.string({ required: true, description: 'Case-insensitive regular expression' }),
    fields: t.stringList({ required: true, description: 'Task field paths, e.g. name, comment, script.repository' }),
  }),
});

export const TaskFilterRef = builder.inputType('TaskFilter', {
  fields: (t) => ({
    ids: t.idList(),
    users: t.field({ type: StringListFilterRef }),
    projects: t.field({ type: StringListFilterRef, description: 'Project ids; orEmpty for tasks without project' }),
    tags: t.field({ type: StringListFilterRef }),
    systemTags: t.field({ type: StringListFilterRef }),
    types: t.field({ type: TypeFilterRef }),
    statuses: t.field({ type: StatusFilterRef }),
    name: t.string({ description: 'Case-sensitive regular expression matched anywhere in the name' }),
    comment: t.string({ description: 'Case-sensitive regular expression matched anywhere in the comment' }),
    parentId: t.id(),
    statusChanged: t.field({ type: DateRangeRef }),
    search: t.string({ description: 'Words (OR-ed), "quoted phrases" and -excluded words' }),
    anyField: t.field({ type: PatternFilterRef, description: 'At least one of the fields matches' }),
    allFields: t.field({ type: PatternFilterRef, description: 'All of the fields match' }),
  }),
});

const TaskOrderFieldEnum = builder.enumType('TaskOrderField', {
  values: {
    ID: { value: 'id' },
    NAME: { value: 'name' },
    TYPE: { value: 'type' },
    STATUS: { value: 'status' },
    USER: { value: 'user' },
    PROJECT: { value: 'project' },
    COMMENT: { value: 'comment' },
    CREATED: { value: 'created' },
    STARTED: { value: 'started' },
    COMPLETED: { value: 'completed' },
    PUBLISHED: { value: 'published' },
    STATUS_CHANGED: { value: 'status_changed' },
    LAST_UPDATE: { value: 'last_update' },
    LAST_ITERATION: { value: 'last_iteration' },
    DURATION: { value: 'duration' },
    TAGS: { value: 'tags' },
    SEARCH_SCORE: { value: '@text_score', description: 'Relevance to filter.search' },
  } as const,
});

export const OrderDirectionEnum = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });
const MetricValueEnum = builder.enumType('MetricValue', {
  values: { LAST: { value: 'value' }, MIN: { value: 'min_value' }, MAX: { value: 'max_value' } } as const,
});

const HyperParamKeyRef = builder.inputType('HyperParamOrderKey', {
  fields: (t) => ({ section: t.string({ required: true }), name: t.string({ required: true }) }),
});

const MetricKeyRef = builder.inputType('MetricOrderKey', {
  fields: (t) => ({
    metric: t.string({ required: true }),
    variant: t.string({ required: true }),
    value: t.field({ type: MetricValueEnum, defaultValue: 'value' }),
  }),
});

const TaskOrderRef = builder.inputType('TaskOrder', {
  description:
    'One sort key: exactly one of field, hyperParam (numeric-aware), configuration or metric. Empty values sort last in both directions.',
  fields: (t) => ({
    field: t.field({ type: TaskOrderFieldEnum }),
    hyperParam: t.field({ type: HyperParamKeyRef }),
    configuration: t.string(),
    metric: t.field({ type: MetricKeyRef }),
    direction: t.field({ type: OrderDirectionEnum, defaultValue: 'ASC' }),
  }),
});

type OrderArg = typeof TaskOrderRef.$inferInput;
type FilterArg = typeof TaskFilterRef.$inferInput;

function toOrderItem(order: OrderArg, index: number): OrderItem {
  const keys = [order.field, order.hyperParam, order.configuration, order.metric].filter((k) => k != null);
  if (keys.length !== 1) {
    throw new ValidationError(`orderBy[${index}]`, 'give exactly one of field, hyperParam, configuration, metric');
  }
  const names = [['hyperParam.section', order.hyperParam?.section], ['hyperParam.name', order.hyperParam?.name], ['configuration', order.configuration]];
  for (const [path, value] of names) if (value === '') throw new ValidationError(`orderBy[${index}].${path}`, 'must not be empty');
  const descending = order.direction === 'DESC';
  if (order.field != null) return { path: order.field, descending };
  if (order.hyperParam != null) {
    return { path: `hyperparams.${escapeKey(order.hyperParam.section)}.${escapeKey(order.hyperParam.name)}`, descending };
  }
  if (order.configuration != null) return { path: `configuration.${escapeKey(order.configuration)}`, descending };
  const metric = order.metric!;
  return { path: `last_metrics.${metricHash(metric.metric)}.${metricHash(metric.variant)}.${metric.value ?? 'value'}`, descending };
}

export const listFilter = (f: { anyOf?: readonly string[] | null; noneOf?: readonly string[] | null; orEmpty?: boolean | null } | null | undefined): ListFilter | undefined =>
  f ? { include: [...(f.anyOf ?? [])], exclude: [...(f.noneOf ?? [])], includeEmpty: f.orEmpty ?? false } : undefined;

export function toTaskFilter(filter: FilterArg | null | undefined): TaskFilter {
  if (!filter) return {};
  const statusChanged = filter.statusChanged;
  return {
    ids: filter.ids ? { include: filter.ids.map(String), exclude: [], includeEmpty: false } : undefined,
    users: listFilter(filter.users),
    projects: listFilter(filter.projects),
    tags: listFilter(filter.tags),
    systemTags: listFilter(filter.systemTags),
    types: listFilter(filter.types as { anyOf?: TaskType[]; noneOf?: TaskType[] } | null),
    statuses: listFilter(filter.statuses as { anyOf?: TaskStatus[]; noneOf?: TaskStatus[] } | null),
    name: filter.name ?? undefined,
    comment: filter.comment ?? undefined,
    parent: filter.parentId == null ? undefined : String(filter.parentId),
    statusChanged: statusChanged
      ? [
          ...(statusChanged.after ? [{ op: '>' as const, at: statusChanged.after }] : []),
          ...(statusChanged.from ? [{ op: '>=' as const, at: statusChanged.from }] : []),
          ...(statusChanged.before ? [{ op: '<' as const, at: statusChanged.before }] : []),
          ...(statusChanged.to ? [{ op: '<=' as const, at: statusChanged.to }] : []),
        ]
      : undefined,
    searchText: filter.search ?? undefined,
    anyOf: filter.anyField ?? undefined,
    allOf: filter.allFields ?? undefined,
  };
}

/**
 * Reads the task `id` with exactly what the selection at `path` below the current field needs:
 * its columns and to-one relations in one statement, other relations planned by plugin-prisma.
 */
export async function readTaskForSelection(context: GraphQLContext, info: GraphQLResolveInfo, path: string[], id: string) {
  return findTask(context.actor, id, taskQueryFor(context, info, path)) as Promise<Task | null>;
}

builder.queryField('task', (t) =>
  t.field({
    type: TaskRef,
    nullable: true,
    description: 'A task of your company or a public one; null when there is none with this id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, context, info) => readTaskForSelection(context, info, [], String(id)),
  }),
);

/** An edge of the tasks connection; its cursor is encoded only when read. */
class TaskEdge {
  constructor(
    readonly node: Record<string, unknown>,
    private readonly page: { readonly cursors: string[] },
    private readonly index: number,
  ) {}

  get cursor(): string {
    return this.page.cursors[this.index]!;
  }
}

builder.queryField('tasks', (t) =>
  t.connection(
    {
      type: TaskRef,
      description: 'Tasks matching `filter`, in `orderBy` order (then by id), with stable keyset cursors.',
      args: {
        filter: t.arg({ type: TaskFilterRef }),
        orderBy: t.arg({ type: [TaskOrderRef] }),
      },
      resolve: async (_root, args, context, info) => {
        const filter = toTaskFilter(args.filter);
        const orderBy = (args.orderBy ?? []).map(toOrderItem);
        const page = await listTasks(context.actor, {
          filter,
          orderBy,
          ...taskQueryFor(context, info, ['edges', 'node']),
          cursors: selectsAnyOf(info, ['edges'], ['cursor']) || selectsAnyOf(info, ['pageInfo'], ['startCursor', 'endCursor']),
          paging: {
            kind: 'keyset',
            first: args.first ?? undefined,
            after: args.after ?? undefined,
            last: args.last ?? undefined,
            before: args.before ?? undefined,
          },
        });
        return {
          edges: page.rows.map((node, i) => new TaskEdge(node, page, i)),
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: page.hasPreviousPage,
            get startCursor() {
              return page.cursors[0] ?? null;
            },
            get endCursor() {
              return page.cursors.at(-1) ?? null;
            },
          },
          totalCount: () => countTasks(context.actor, filter),
        } as never;
      },
    },
    {
      name: 'TaskConnection',
      fields: (t) => ({
        totalCount: t.int({
          description: 'All tasks matching the filter (computed only when asked for)',
          resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
        }),
      }),
    },
  ),
);

builder.queryField('taskTypes', (t) =>
  t.field({
    type: [TaskTypeEnum],
    description: 'Task types in use by your company and public tasks, optionally within projects.',
    args: { projects: t.arg.idList() },
    resolve: (_root, { projects }, { actor }) => listTaskTypes(actor, projects?.map(String)),
  }),
);
