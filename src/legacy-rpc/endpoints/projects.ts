// Legacy projects.* calls the SDKs make (create, get_by_id, get_all), translated to the projects
// domain service. Project endpoints check member presence (400/11) rather than types.
import type { Project } from '../../generated/prisma/client.ts';
import { createProject, getProject, listProjects } from '../../resolvers/projects.ts';
import { listFilterFromTokens } from '../../resolvers/tasks/query.ts';
import { legacyDate, type Row } from '../convert.ts';
import { ApiError, type EndpointDefinition } from '../types.ts';

function requirePresent(body: Row, fields: string[]) {
  const missing = fields.filter((field) => !(field in body));
  if (missing.length > 0) throw new ApiError(400, 11, `Missing required fields: missing=(${missing.join(', ')})`);
}

/** A stored project as the legacy API prints it: unset members omitted. */
export function toLegacyProject(project: Project, { withOrigin = false } = {}): Row {
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
  if (withOrigin && project.companyOrigin) doc.company_origin = project.companyOrigin;
  return doc;
}

function project(doc: Row, onlyFields: unknown): Row {
  if (!Array.isArray(onlyFields) || onlyFields.length === 0) return doc;
  const include = onlyFields.filter((f): f is string => typeof f === 'string' && !f.startsWith('-'));
  const exclude = onlyFields.filter((f): f is string => typeof f === 'string' && f.startsWith('-')).map((f) => f.slice(1));
  const picked = include.length ? Object.fromEntries(include.filter((f) => f in doc).map((f) => [f, doc[f]])) : { ...doc };
  for (const field of exclude) delete picked[field];
  return picked;
}

const asPattern = (body: Row, field: string) => {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ApiError(400, 12, `Validation error (expected string): field=${field}`);
  return value;
};

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
      if (typeof body.project !== 'string') throw new ApiError(400, 401, `Invalid project id: id=${String(body.project)}`);
      return { project: toLegacyProject(await getProject(actor, body.project), { withOrigin: true }) };
    },
  },
  {
    name: 'projects.get_all',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      const page = body.page ?? null;
      if (page !== null && (body.page_size === undefined || body.page_size === null || body.page_size === 0)) {
        throw new ApiError(400, 11, 'Missing required fields (page_size is required when page is requested): field=page_size');
      }
      const orderBy = body.order_by === undefined || body.order_by === null ? [] : [body.order_by].flat();
      if (orderBy.some((item) => typeof item !== 'string')) {
        throw new ApiError(400, 12, 'Validation error (expected list of strings): field=order_by');
      }
      const projects = await listProjects(actor, {
        filter: {
          ids: listFilterFromTokens('id', body.id),
          tags: listFilterFromTokens('tags', body.tags),
          systemTags: listFilterFromTokens('system_tags', body.system_tags),
          name: asPattern(body, 'name'),
          description: asPattern(body, 'description'),
        },
        orderBy: orderBy as string[],
        page: page === null ? undefined : { page: Number(page), pageSize: Number(body.page_size) },
      });
      const onlyFields = body.only_fields ?? body.projection;
      return { projects: projects.map((p) => project(toLegacyProject(p), onlyFields)) };
    },
  },
];
