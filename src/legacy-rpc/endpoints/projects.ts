// Legacy projects.* calls (neighbours spec B.1, A.10), translated to the projects domain services.
// The untyped endpoints check member presence themselves (400/11); the typed ones (metric variants,
// hyper-parameters, tags, make_*) are checked by their HOCON request schemas (400/12).
import type { Project } from '../../generated/prisma/client.ts';
import { NotFoundError, ValidationError } from '../../resolvers/errors.ts';
import {
  getProjectHyperParameters,
  getProjectsStats,
  getUniqueMetricVariants,
  type ProjectStats,
  type TaskState,
} from '../../resolvers/project-stats.ts';
import {
  createProject,
  deleteProject,
  getProject,
  listProjects,
  makeProjectsPrivate,
  makeProjectsPublic,
  updateProject,
  type UpdateProjectInput,
} from '../../resolvers/projects.ts';
import { listModelTags, listTaskTags, type TagsQuery, type TagsResult } from '../../resolvers/tags.ts';
import { findTaskCompanies, findTaskUsers, listFilterFromTokens } from '../../resolvers/tasks/query.ts';
import {
  applyDocumentProjection,
  expandDocumentReferences,
  joinedDocument,
  parseDocumentProjection,
  type DocumentSpec,
} from '../convert-document.ts';
import { flag, legacyDate, type LegacyDocument, type Row } from '../convert.ts';
import { formatLegacyMessage } from '../envelope.ts';
import { ApiError, type EndpointDefinition, type LegacyCall } from '../types.ts';
import { integerMember, orderByStrings, requirePresent } from '../members.ts';

/** "required_fields" style: the members must be present (any value, null included), else 400/11. */

/** A stored project as the legacy API prints it: unset members omitted. */
export function toLegacyProject(project: Project): Row {
  const doc: Row = {
    id: project.id,
    name: project.name,
    description: project.description,
    user: project.userId,
    company: project.companyId ?? '',
    created: legacyDate(project.created),
    last_update: legacyDate(project.lastUpdate),
    tags: project.tags,
    system_tags: project.systemTags,
    featured: project.featured,
  };
  if (project.defaultOutputDestination) doc.default_output_destination = project.defaultOutputDestination;
  if (project.logoUrl) doc.logo_url = project.logoUrl;
  if (project.companyOrigin) doc.company_origin = project.companyOrigin;
  return doc;
}

const projectDocument: DocumentSpec = {
  object: 'Project',
  fields: [
    'id', 'name', 'description', 'user', 'company', 'created', 'last_update', 'tags', 'system_tags',
    'default_output_destination', 'featured', 'logo_url', 'logo_blob', 'company_origin',
  ],
  references: ['company', 'user'],
  hidden: ['company_origin', 'logo_blob'],
};

const joinedMembers: Record<string, Record<string, string>> = {
  user: { id: 'id', name: 'name', given_name: 'givenName', family_name: 'familyName', company: 'companyId', created: 'created' },
  company: { id: 'id', name: 'name', created: 'created' },
};

const asPattern = (body: Row, field: string) => {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ApiError(400, 12, `Validation error (expected string): field=${field}`);
  return value;
};


/** The get_all engine members of a projects.get_all(_ex) body (0.5). */
function listQueryOf(body: Row) {
  const page = integerMember(body, 'page');
  const pageSize = integerMember(body, 'page_size');
  if (page !== undefined && (pageSize === undefined || pageSize === 0)) {
    throw new ApiError(400, 11, 'Missing required fields (page_size is required when page is requested): field=page_size');
  }
  const orderBy = orderByStrings(body);
  return {
    filter: {
      ids: listFilterFromTokens('id', body.id),
      tags: listFilterFromTokens('tags', body.tags),
      systemTags: listFilterFromTokens('system_tags', body.system_tags),
      name: asPattern(body, 'name'),
      description: asPattern(body, 'description'),
    },
    orderBy: orderBy as string[],
    page: page === undefined ? undefined : { page, pageSize: pageSize! },
  };
}

/** `stats_for_state`: "active" (default), "archived", or null/"" for both; else 400/16. */
function statesOf(body: Row): TaskState[] {
  if (!('stats_for_state' in body)) return ['active'];
  const value = body.stats_for_state;
  if (value === null || value === '') return ['active', 'archived'];
  if (value === 'active' || value === 'archived') return [value];
  throw new ValidationError('stats_for_state', 'must be active, archived or null', 'INVALID_FIELD_VALUE', {
    stats_for_state: value,
  });
}

const legacyStats = (stats: ProjectStats | undefined) =>
  Object.fromEntries(
    Object.entries(stats ?? {}).map(([state, value]) => [
      state,
      { status_count: value.statusCount, total_runtime: value.totalRuntime },
    ]),
  );

async function getAllProjects({ actor, body }: LegacyCall, extended: boolean) {
  const projection = parseDocumentProjection(body.only_fields ?? body.projection, projectDocument, extended);
  const projects = await listProjects(actor, {
    ...listQueryOf(body),
    ownOnly: extended && flag(body.non_public),
  });
  if (!extended) return { projects: projects.map((p) => applyDocumentProjection(toLegacyProject(p), projection)) };

  const stats = flag(body.include_stats)
    ? await getProjectsStats(actor, projects.map((p) => p.id), statesOf(body))
    : undefined;
  const [users, companies] = await Promise.all([
    projection.joins.has('user') ? findTaskUsers(actor, projects.map((p) => p.userId)) : [],
    projection.joins.has('company')
      ? findTaskCompanies(actor, projects.map((p) => p.companyId ?? '').filter((id) => id === actor.companyId))
      : [],
  ]);
  const joined = new Map<string, LegacyDocument>([
    ...users.map((u) => [`user:${u.id}`, joinedDocument(u, joinedMembers.user!)] as const),
    ...companies.map((c) => [`company:${c.id}`, joinedDocument(c, joinedMembers.company!)] as const),
  ]);
  return {
    projects: projects.map((p) => {
      const doc = applyDocumentProjection(toLegacyProject(p), projection);
      expandDocumentReferences(doc, projectDocument, projection, (ref, id) => joined.get(`${ref}:${id}`));
      if (stats) doc.stats = legacyStats(stats.get(p.id));
      return doc;
    }),
  };
}

const updatableMembers = [
  ['name', 'name'],
  ['description', 'description'],
  ['tags', 'tags'],
  ['system_tags', 'systemTags'],
  ['default_output_destination', 'defaultOutputDestination'],
] as const;

async function updateLegacyProject({ actor, body }: LegacyCall) {
  requirePresent(body, ['project']);
  const input: UpdateProjectInput = {};
  for (const [member, key] of updatableMembers) {
    if (member in body) (input as Record<string, unknown>)[key] = body[member];
  }
  const result = await updateProject(actor, projectIdOf(body), input);
  const fields: Row = {};
  for (const [member, key] of updatableMembers) {
    if (key in result.changes) fields[member] = result.changes[key];
  }
  fields.last_update = legacyDate(result.lastUpdate);
  return { updated: result.updated, fields };
}

/** A present `project` member that is not an id string cannot name a project: 400/401. */
function projectIdOf(body: Row): string {
  if (typeof body.project !== 'string') throw new ApiError(400, 401, `Invalid project id: id=${String(body.project)}`);
  return body.project;
}

/** make_public/make_private: ineligible ids are reported as `ids=(…)` (0.4). */
async function publicity(run: () => Promise<{ updated: number }>) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new ApiError(400, 401, formatLegacyMessage(400, 401, '', { ids: `(${error.ids.join(', ')})` }));
    }
    throw error;
  }
}

/** `filter` of get_task_tags/get_model_tags/organization.get_tags (list-filter rules). */
export function tagsQueryOf(body: Row): TagsQuery {
  const filter = (body.filter ?? {}) as Row;
  return {
    projects: body.projects as string[] | undefined,
    includeSystem: flag(body.include_system),
    filter: {
      tags: listFilterFromTokens('filter.tags', filter.tags),
      systemTags: listFilterFromTokens('filter.system_tags', filter.system_tags),
    },
  };
}

export const legacyTags = (result: TagsResult) =>
  result.systemTags ? { tags: result.tags, system_tags: result.systemTags } : { tags: result.tags };

export const projectEndpoints: EndpointDefinition[] = [
  {
    name: 'projects.create',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      requirePresent(body, ['name', 'description']);
      const created = await createProject(actor, {
        name: body.name as string,
        description: (body.description as string | null) ?? '',
        tags: body.tags as string[] | undefined,
        systemTags: body.system_tags as string[] | undefined,
        defaultOutputDestination: body.default_output_destination as string | undefined,
      });
      return { id: created.id };
    },
  },
  {
    name: 'projects.get_by_id',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      requirePresent(body, ['project']);
      return { project: toLegacyProject(await getProject(actor, projectIdOf(body))) };
    },
  },
  { name: 'projects.get_all', minVersion: '1.0', handler: (call) => getAllProjects(call, false) },
  { name: 'projects.get_all_ex', minVersion: '1.0', handler: (call) => getAllProjects(call, true) },
  { name: 'projects.update', minVersion: '1.0', handler: updateLegacyProject },
  {
    name: 'projects.delete',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      requirePresent(body, ['project']);
      const result = await deleteProject(actor, projectIdOf(body), flag(body.force));
      // The original's counter is named for tasks but counts the detached models.
      return { deleted: result.deleted, disassociated_tasks: result.disassociatedModels };
    },
  },
  {
    name: 'projects.get_unique_metric_variants',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      const metrics = await getUniqueMetricVariants(actor, body.project as string | undefined);
      return {
        metrics: metrics.map((m) => ({
          metric: m.metric,
          metric_hash: m.metricHash,
          variant: m.variant,
          variant_hash: m.variantHash,
        })),
      };
    },
  },
  {
    name: 'projects.get_hyper_parameters',
    minVersion: '2.9',
    handler: async ({ actor, body }) => ({
      ...(await getProjectHyperParameters(actor, {
        projectId: body.project as string | undefined,
        page: body.page as number | undefined,
        pageSize: body.page_size as number | undefined,
      })),
    }),
  },
  {
    name: 'projects.get_task_tags',
    minVersion: '2.8',
    handler: async ({ actor, body }) => legacyTags(await listTaskTags(actor, tagsQueryOf(body))),
  },
  {
    name: 'projects.get_model_tags',
    minVersion: '2.8',
    handler: async ({ actor, body }) => legacyTags(await listModelTags(actor, tagsQueryOf(body))),
  },
  {
    name: 'projects.make_public',
    minVersion: '2.9',
    handler: ({ actor, body }) => publicity(() => makeProjectsPublic(actor, body.ids as string[])),
  },
  {
    name: 'projects.make_private',
    minVersion: '2.9',
    handler: ({ actor, body }) => publicity(() => makeProjectsPrivate(actor, body.ids as string[])),
  },
];
