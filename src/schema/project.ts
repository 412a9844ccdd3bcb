// Projects group tasks and models: the Project type with its task statistics, metrics,
// hyper-parameters and tags, the project(id)/projects queries and the project mutations. Every
// resolver is a one-line adapter into src/resolvers (projects.ts, project-stats.ts, tags.ts).
import type { Project } from '../generated/prisma/client.ts';
import type { TaskStatus } from '../generated/prisma/enums.ts';
import {
  countProjectTasks,
  getProjectHyperParameters,
  getProjectsStats,
  getUniqueMetricVariants,
  taskStatuses,
  type ProjectStats,
  type StateStats,
  type TaskState,
} from '../resolvers/project-stats.ts';
import {
  countProjects,
  createProject,
  deleteProject,
  findProject,
  findProjects,
  getProject,
  listProjects,
  makeProjectsPrivate,
  makeProjectsPublic,
  updateProject,
  type ProjectFilter,
} from '../resolvers/projects.ts';
import { DomainError, NotFoundError, PublicReadOnlyError, ValidationError } from '../resolvers/errors.ts';
import { listModelTags, listTaskTags, type TagsQuery, type TagsResult } from '../resolvers/tags.ts';
import { loadBatched } from './batch.ts';
import { builder } from './builder.ts';
import { offsetConnection } from './offset-connection.ts';
import { TaskStatusEnum } from './task.ts';
import { OrderDirectionEnum, StringListFilterRef, listFilter } from './task-queries.ts';

/** Project mutations fail with these (the most specific class matches first). */
const errors = { types: [NotFoundError, ValidationError, PublicReadOnlyError, DomainError] };

export const ProjectRef = builder.prismaObject('Project', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    company: t.exposeString('companyId', { nullable: true, description: 'Owning company; null when public' }),
    user: t.exposeString('userId'),
    created: t.expose('created', { type: 'DateTime' }),
    lastUpdate: t.expose('lastUpdate', { type: 'DateTime' }),
    tags: t.exposeStringList('tags'),
    systemTags: t.exposeStringList('systemTags'),
    defaultOutputDestination: t.exposeString('defaultOutputDestination', { nullable: true }),
    featured: t.exposeInt('featured', { description: 'UI ordering (lower first)' }),
  }),
});

// Task.project: the project row the task listing joined (taskReadQuery plans the join from the
// selection), or, for tasks loaded another way, the projects of the request's tasks in one batch.
// A plain field rather than a plugin-prisma relation: a relation resolves through per-row loader
// bookkeeping that costs more than the rest of a listing row.
builder.prismaObjectField('Task', 'project', (t) =>
  t.field({
    type: ProjectRef,
    nullable: true,
    resolve: async (task, _args, context) => {
      const joined = (task as { project?: Project | null }).project;
      if (joined !== undefined) return joined;
      if (!task.projectId) return null;
      return (await loadBatched(context, 'task.project', task.projectId, (ids) => findProjects(context.actor, ids))) ?? null;
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// Statistics, metrics, hyper-parameters, tags

const ProjectTaskStateEnum = builder.enumType('ProjectTaskState', {
  description: 'Which tasks statistics count: ARCHIVED tasks carry the system tag "archived".',
  values: { ACTIVE: { value: 'active' }, ARCHIVED: { value: 'archived' }, ALL: { value: 'all' } } as const,
});

const StatusCountRef = builder.objectRef<{ status: TaskStatus; count: number }>('TaskStatusCount').implement({
  fields: (t) => ({
    status: t.expose('status', { type: TaskStatusEnum }),
    count: t.exposeInt('count'),
  }),
});

const ProjectStatsRef = builder.objectRef<StateStats>('ProjectTaskStats').implement({
  fields: (t) => ({
    statusCounts: t.field({
      type: [StatusCountRef],
      description: 'Every task status with the number of tasks in it (0 included)',
      resolve: (stats) => taskStatuses.map((status) => ({ status, count: stats.statusCount[status] })),
    }),
    totalRuntime: t.int({
      description: 'Seconds: sum over training/testing tasks of floor(completed - started)',
      resolve: (stats) => stats.totalRuntime,
    }),
  }),
});

const combined = (stats: ProjectStats): StateStats => {
  const parts = [stats.active, stats.archived].filter((s): s is StateStats => s !== undefined);
  return {
    statusCount: Object.fromEntries(
      taskStatuses.map((s) => [s, parts.reduce((sum, part) => sum + part.statusCount[s], 0)]),
    ) as StateStats['statusCount'],
    totalRuntime: parts.reduce((sum, part) => sum + part.totalRuntime, 0),
  };
};

const MetricVariantRef = builder
  .objectRef<{ metric: string; metricHash: string; variant: string; variantHash: string }>('MetricVariant')
  .implement({
    fields: (t) => ({
      metric: t.exposeString('metric'),
      variant: t.exposeString('variant'),
      metricHash: t.exposeString('metricHash', { description: 'md5 of the metric name (last_metrics key)' }),
      variantHash: t.exposeString('variantHash'),
    }),
  });

const HyperParameterKeyRef = builder.objectRef<{ section: string; name: string }>('HyperParameterKey').implement({
  fields: (t) => ({ section: t.exposeString('section'), name: t.exposeString('name') }),
});

const HyperParameterKeysRef = builder
  .objectRef<{ total: number; remaining: number; parameters: { section: string; name: string }[] }>('HyperParameterKeys')
  .implement({
    fields: (t) => ({
      total: t.exposeInt('total', { description: 'Distinct (section, name) pairs in all' }),
      remaining: t.exposeInt('remaining', { description: 'Pairs after this page' }),
      parameters: t.field({ type: [HyperParameterKeyRef], resolve: (keys) => keys.parameters }),
    }),
  });

export const TagListRef = builder.objectRef<TagsResult>('TagList').implement({
  fields: (t) => ({
    tags: t.stringList({ resolve: (result) => result.tags }),
    systemTags: t.stringList({
      nullable: true,
      description: 'Only when includeSystem is set',
      resolve: (result) => result.systemTags ?? null,
    }),
  }),
});

export const TagSourceFilterRef = builder.inputType('TagSourceFilter', {
  description: 'Which objects contribute their tags.',
  fields: (t) => ({
    tags: t.field({ type: StringListFilterRef }),
    systemTags: t.field({ type: StringListFilterRef }),
  }),
});

type TagFilterArg = typeof TagSourceFilterRef.$inferInput | null | undefined;
export const tagsQuery = (includeSystem: boolean | null | undefined, filter: TagFilterArg, projects?: string[]): TagsQuery => ({
  projects,
  includeSystem: includeSystem ?? false,
  filter: { tags: listFilter(filter?.tags), systemTags: listFilter(filter?.systemTags) },
});

builder.objectFields(ProjectRef, (t) => ({
  stats: t.field({
    type: ProjectStatsRef,
    description: 'Task statistics (own and public tasks); loaded for all projects of a result at once',
    args: { state: t.arg({ type: ProjectTaskStateEnum, defaultValue: 'active' }) },
    resolve: async (project, { state }, context) => {
      const states: TaskState[] = state === 'all' ? ['active', 'archived'] : [state as TaskState];
      const stats = await loadBatched(context, `project.stats:${state}`, project.id, (ids) =>
        getProjectsStats(context.actor, ids, states),
      );
      return state === 'all' ? combined(stats ?? {}) : stats![state as TaskState]!;
    },
  }),
  taskCount: t.int({
    description: 'Tasks (own and public) in the project',
    resolve: async (project, _args, context) =>
      (await loadBatched(context, 'project.taskCount', project.id, (ids) => countProjectTasks(context.actor, ids))) ?? 0,
  }),
  metricVariants: t.field({
    type: [MetricVariantRef],
    description: "Distinct (metric, variant) pairs reported by your company's tasks in the project",
    resolve: (project, _args, { actor }) => getUniqueMetricVariants(actor, project.id),
  }),
  hyperParameters: t.field({
    type: HyperParameterKeysRef,
    description: "Distinct hyper-parameter keys of your company's tasks in the project, paged",
    args: { page: t.arg.int({ defaultValue: 0 }), pageSize: t.arg.int({ defaultValue: 500 }) },
    resolve: (project, { page, pageSize }, { actor }) =>
      getProjectHyperParameters(actor, { projectId: project.id, page: page ?? 0, pageSize: pageSize ?? 500 }),
  }),
  taskTags: t.field({
    type: TagListRef,
    nullable: true, // a refused filter (e.g. text with NUL) nulls this field only, not the project
    description: "Tags of your company's tasks in the project",
    args: { includeSystem: t.arg.boolean(), filter: t.arg({ type: TagSourceFilterRef }) },
    resolve: (project, { includeSystem, filter }, { actor }) =>
      listTaskTags(actor, tagsQuery(includeSystem, filter, [project.id])),
  }),
  modelTags: t.field({
    type: TagListRef,
    nullable: true, // a refused filter (e.g. text with NUL) nulls this field only, not the project
    description: "Tags of your company's models in the project",
    args: { includeSystem: t.arg.boolean(), filter: t.arg({ type: TagSourceFilterRef }) },
    resolve: (project, { includeSystem, filter }, { actor }) =>
      listModelTags(actor, tagsQuery(includeSystem, filter, [project.id])),
  }),
}));

// ---------------------------------------------------------------------------------------------
// Queries

const ProjectFilterRef = builder.inputType('ProjectFilter', {
  fields: (t) => ({
    ids: t.idList(),
    tags: t.field({ type: StringListFilterRef }),
    systemTags: t.field({ type: StringListFilterRef }),
    name: t.string({ description: 'Case-sensitive regular expression matched anywhere in the name' }),
    description: t.string({ description: 'Case-sensitive regular expression matched anywhere in the description' }),
    ownOnly: t.boolean({ description: 'Leave public projects out' }),
  }),
});

const ProjectOrderFieldEnum = builder.enumType('ProjectOrderField', {
  values: {
    ID: { value: 'id' },
    NAME: { value: 'name' },
    DESCRIPTION: { value: 'description' },
    CREATED: { value: 'created' },
    LAST_UPDATE: { value: 'last_update' },
    FEATURED: { value: 'featured' },
    USER: { value: 'user' },
  } as const,
});

const ProjectOrderRef = builder.inputType('ProjectOrder', {
  description: 'One sort key; empty values sort last in both directions.',
  fields: (t) => ({
    field: t.field({ type: ProjectOrderFieldEnum, required: true }),
    direction: t.field({ type: OrderDirectionEnum, defaultValue: 'ASC' }),
  }),
});

type ProjectFilterArg = typeof ProjectFilterRef.$inferInput | null | undefined;
const toProjectFilter = (filter: ProjectFilterArg): ProjectFilter => ({
  ids: filter?.ids ? { include: filter.ids.map(String), exclude: [], includeEmpty: false } : undefined,
  tags: listFilter(filter?.tags),
  systemTags: listFilter(filter?.systemTags),
  name: filter?.name ?? undefined,
  description: filter?.description ?? undefined,
});

builder.queryField('project', (t) =>
  t.field({
    type: ProjectRef,
    nullable: true,
    description: 'A project of your company or a public one; null when there is none with this id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { actor }) => findProject(actor, String(id)),
  }),
);

builder.queryField('projects', (t) =>
  t.connection(
    {
      type: ProjectRef,
      description: 'Projects of your company and public ones matching `filter`, in `orderBy` order (then by id).',
      args: { filter: t.arg({ type: ProjectFilterRef }), orderBy: t.arg({ type: [ProjectOrderRef] }) },
      resolve: async (_root, args, { actor }) => {
        const query = { filter: toProjectFilter(args.filter), ownOnly: args.filter?.ownOnly ?? false };
        const orderBy = (args.orderBy ?? []).map((o) => `${o.direction === 'DESC' ? '-' : ''}${o.field}`);
        const connection = await offsetConnection(args, ({ offset, limit }) =>
          listProjects(actor, { ...query, orderBy, page: { offset, limit } }),
        );
        return { ...connection, totalCount: () => countProjects(actor, query) } as never;
      },
    },
    {
      name: 'ProjectConnection',
      fields: (t) => ({
        totalCount: t.int({
          description: 'All projects matching the filter (computed only when asked for)',
          resolve: async (connection) => (await (connection as unknown as { totalCount: () => Promise<number> }).totalCount()),
        }),
      }),
    },
  ),
);

// ---------------------------------------------------------------------------------------------
// Mutations

const CreateProjectInputRef = builder.inputType('CreateProjectInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Trimmed; at least 3 characters; unique in your company' }),
    description: t.string(),
    tags: t.stringList(),
    systemTags: t.stringList(),
    defaultOutputDestination: t.string(),
  }),
});

builder.mutationField('createProject', (t) =>
  t.field({
    type: ProjectRef,
    errors,
    args: { input: t.arg({ type: CreateProjectInputRef, required: true }) },
    resolve: (_root, { input }, { actor }) => createProject(actor, input),
  }),
);

const UpdateProjectInputRef = builder.inputType('UpdateProjectInput', {
  description: 'Members left out stay as they are; an explicit null clears a member (not the name).',
  fields: (t) => ({
    projectId: t.id({ required: true }),
    name: t.string(),
    description: t.string(),
    tags: t.stringList(),
    systemTags: t.stringList(),
    defaultOutputDestination: t.string(),
  }),
});

builder.mutationField('updateProject', (t) =>
  t.field({
    type: ProjectRef,
    description: 'Updates one of your projects; lastUpdate is always set.',
    errors,
    args: { input: t.arg({ type: UpdateProjectInputRef, required: true }) },
    resolve: async (_root, { input: { projectId, ...changes } }, { actor }) => {
      await updateProject(actor, String(projectId), changes);
      return getProject(actor, String(projectId));
    },
  }),
);

const DeleteProjectPayload = builder
  .objectRef<{ deleted: number; disassociatedModels: number }>('DeleteProjectPayload')
  .implement({
    fields: (t) => ({
      deleted: t.boolean({ resolve: (result) => result.deleted > 0 }),
      disassociatedModels: t.exposeInt('disassociatedModels', {
        description: 'Non-archived models that were detached from the project',
      }),
    }),
  });

const DeleteProjectInputRef = builder.inputType('DeleteProjectInput', {
  fields: (t) => ({
    projectId: t.id({ required: true }),
    force: t.boolean({ description: 'Delete even with non-archived tasks or models (they keep existing)' }),
  }),
});

builder.mutationField('deleteProject', (t) =>
  t.field({
    type: DeleteProjectPayload,
    description: 'Deletes one of your projects; without force non-archived tasks or models block it.',
    errors,
    args: { input: t.arg({ type: DeleteProjectInputRef, required: true }) },
    resolve: (_root, { input }, { actor }) => deleteProject(actor, String(input.projectId), input.force ?? false),
  }),
);

const ProjectIdsInputRef = builder.inputType('ProjectIdsInput', {
  fields: (t) => ({ ids: t.idList({ required: true }) }),
});

const UpdatedCountPayload = builder.objectRef<{ updated: number }>('UpdatedCountPayload').implement({
  fields: (t) => ({ updated: t.exposeInt('updated') }),
});

builder.mutationField('makeProjectsPublic', (t) =>
  t.field({
    type: UpdatedCountPayload,
    description: 'Makes your projects readable by every company (and writable by none).',
    errors,
    args: { input: t.arg({ type: ProjectIdsInputRef, required: true }) },
    resolve: (_root, { input }, { actor }) => makeProjectsPublic(actor, input.ids.map(String)),
  }),
);

builder.mutationField('makeProjectsPrivate', (t) =>
  t.field({
    type: UpdatedCountPayload,
    description: 'Takes back projects your company made public.',
    errors,
    args: { input: t.arg({ type: ProjectIdsInputRef, required: true }) },
    resolve: (_root, { input }, { actor }) => makeProjectsPrivate(actor, input.ids.map(String)),
  }),
);
