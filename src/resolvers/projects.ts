// Projects group tasks and models (neighbours spec B.1). Responsible for the name rules (trimmed,
// at least 3 characters, unique per company) and company scoping; talks to Prisma.
import { db, Prisma, readSql } from '../db.ts';
import type { Project } from '../generated/prisma/client.ts';
import type { Actor } from './context.ts';
import { DomainError, NotFoundError, PublicReadOnlyError, ValidationError } from './errors.ts';
import { newId } from './ids.ts';
import { checkId } from './tasks/access.ts';
import { checkTags } from './tasks/inputs.ts';
import type { ListFilter } from './tasks/query.ts';
import { allOf, listFilterSql, orderSql, pageSql, patternSql, withRegexErrors, type OffsetPage } from './list-sql.ts';

export interface CreateProjectInput {
  name: string;
  description?: string | null;
  tags?: string[] | null;
  systemTags?: string[] | null;
  defaultOutputDestination?: string | null;
}

function checkProjectName(name: unknown): string {
  if (name === null) throw new ValidationError('name', 'a project must have a name', 'DATA_VALIDATION');
  if (typeof name !== 'string') throw new ValidationError('name', 'must be a string', 'INVALID_INPUT');
  const trimmed = name.trim();
  if (trimmed.length < 3) throw new ValidationError('name', 'must have at least 3 characters', 'DATA_VALIDATION');
  return trimmed;
}

/** Creates a project of the caller's company. Names are unique per company (ALREADY_EXISTS). */
export async function createProject(actor: Actor, input: CreateProjectInput): Promise<Project> {
  const name = checkProjectName(input.name);
  const now = new Date();
  try {
    return await db.project.create({
      data: {
        id: newId(),
        companyId: actor.companyId,
        userId: actor.userId,
        name,
        description: input.description ?? '',
        tags: checkTags('tags', input.tags) ?? [],
        systemTags: checkTags('system_tags', input.systemTags) ?? [],
        defaultOutputDestination: input.defaultOutputDestination?.trim() || null,
        created: now,
        lastUpdate: now,
      },
    });
  } catch (error) {
    throw duplicateNameError(error, actor, name);
  }
}

/** The unique (company, name) violation as ALREADY_EXISTS; any other error unchanged. */
function duplicateNameError(error: unknown, actor: Actor, name: string): unknown {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
    return new DomainError('ALREADY_EXISTS', `a project named "${name}" already exists`, {
      company: actor.companyId,
      name,
    });
  }
  return error;
}

/** A project of the caller's company or a public one; null otherwise. */
export async function findProject(actor: Actor, id: string): Promise<Project | null> {
  checkId('project', id);
  return db.project.findFirst({ where: { id, OR: [{ companyId: actor.companyId }, { companyId: null }] } });
}

/** The projects with these ids the caller can read (own or public), by id; others are absent. */
export async function findProjects(actor: Actor, ids: readonly string[]): Promise<Map<string, Project>> {
  const wanted = [...new Set(ids)].filter((id) => typeof id === 'string' && id !== '');
  if (wanted.length === 0) return new Map();
  const projects = await db.project.findMany({
    where: { id: { in: wanted }, OR: [{ companyId: actor.companyId }, { companyId: null }] },
  });
  return new Map(projects.map((project) => [project.id, project]));
}

/** A project of the caller's company or a public one; PROJECT_NOT_FOUND otherwise. */
export async function getProject(actor: Actor, id: string): Promise<Project> {
  const project = await findProject(actor, id);
  if (!project) throw new NotFoundError('PROJECT_NOT_FOUND', 'Project', [id]);
  return project;
}

/** A project the caller may modify: own only (public ones are read-only). */
export async function getWritableProject(actor: Actor, id: string): Promise<Project> {
  const project = await getProject(actor, id);
  if (project.companyId === null) throw new PublicReadOnlyError('project', [id]);
  return project;
}

export interface ProjectFilter {
  ids?: ListFilter;
  tags?: ListFilter;
  systemTags?: ListFilter;
  /** Case-sensitive regular expression matched anywhere in the name. */
  name?: string;
  description?: string;
}

export interface ProjectListQuery {
  filter?: ProjectFilter;
  /** Field names with an optional leading `-` for descending; empty values sort last. */
  orderBy?: string[];
  page?: OffsetPage;
  /** Only the caller's own projects (public ones left out). */
  ownOnly?: boolean;
}


/** Order keys of listProjects: document field names (the legacy spelling) → columns. */
const projectColumns: Record<string, string> = {
  id: 'id',
  name: 'name',
  description: 'description',
  created: 'created',
  last_update: 'last_update',
  lastUpdate: 'last_update',
  featured: 'featured',
  user: 'user',
  company: 'company',
  default_output_destination: 'default_output_destination',
};

function projectWhere(actor: Actor, query: Pick<ProjectListQuery, 'filter' | 'ownOnly'>): Prisma.Sql {
  const { filter = {} } = query;
  return allOf([
    query.ownOnly
      ? Prisma.sql`"company" = ${actor.companyId}`
      : Prisma.sql`("company" = ${actor.companyId} OR "company" IS NULL)`,
    listFilterSql('id', false, filter.ids),
    listFilterSql('tags', true, filter.tags),
    listFilterSql('system_tags', true, filter.systemTags),
    patternSql('name', 'name', filter.name),
    patternSql('description', 'description', filter.description),
  ]);
}

/**
 * Projects of the caller's company and public ones (own only with `ownOnly`) matching `filter`,
 * ordered (empty values last, then by id) and paged, in one statement. Regular expressions are
 * case-sensitive and match anywhere.
 */
export async function listProjects(actor: Actor, query: ProjectListQuery = {}): Promise<Project[]> {
  const { filter = {} } = query;
  const where = projectWhere(actor, query);
  const sql = Prisma.sql`
    SELECT "id", "company" AS "companyId", "company_origin" AS "companyOrigin", "user" AS "userId", "name",
      "description", "created", "last_update" AS "lastUpdate", "tags", "system_tags" AS "systemTags",
      "default_output_destination" AS "defaultOutputDestination", "featured", "logo_url" AS "logoUrl"
    FROM "project" WHERE ${where}
    ORDER BY ${orderSql(query.orderBy, projectColumns)} ${pageSql(query.page)}`;
  return withRegexErrors(filter.name ? 'name' : 'description', () => readSql<Project>(sql));
}

/** Counts what listProjects would return for `query` across all pages. */
export async function countProjects(actor: Actor, query: Pick<ProjectListQuery, 'filter' | 'ownOnly'> = {}): Promise<number> {
  const { filter = {} } = query;
  const where = projectWhere(actor, query);
  const rows = await withRegexErrors(filter.name ? 'name' : 'description', () =>
    readSql<{ count: number }>(Prisma.sql`SELECT count(*)::int AS "count" FROM "project" WHERE ${where}`),
  );
  return rows[0]?.count ?? 0;
}

/** Members of a project update: undefined leaves a member alone, null clears it. */
export interface UpdateProjectInput {
  name?: string | null;
  description?: string | null;
  tags?: string[] | null;
  systemTags?: string[] | null;
  defaultOutputDestination?: string | null;
}

export interface UpdateProjectResult {
  /** 1 when the project was written (0 when it vanished concurrently). */
  updated: number;
  /** The values written, by input member (cleared members are null). */
  changes: UpdateProjectInput;
  lastUpdate: Date;
}

/**
 * Updates an own project (public ⇒ PUBLIC_READ_ONLY, missing ⇒ PROJECT_NOT_FOUND). Names follow
 * the create rules (DATA_VALIDATION, ALREADY_EXISTS); tags may not start with `__$`. `last_update`
 * is always set, even when nothing else is given.
 */
export async function updateProject(actor: Actor, projectId: string, input: UpdateProjectInput): Promise<UpdateProjectResult> {
  await getWritableProject(actor, projectId);
  const changes: UpdateProjectInput = {};
  const data: Prisma.ProjectUpdateManyMutationInput = {};
  if (input.name !== undefined) data.name = changes.name = checkProjectName(input.name);
  if (input.description !== undefined) {
    changes.description = input.description;
    data.description = input.description ?? '';
  }
  if (input.tags !== undefined) {
    changes.tags = checkTags('tags', input.tags) ?? null;
    data.tags = changes.tags ?? [];
  }
  if (input.systemTags !== undefined) {
    changes.systemTags = checkTags('system_tags', input.systemTags) ?? null;
    data.systemTags = changes.systemTags ?? [];
  }
  if (input.defaultOutputDestination !== undefined) {
    const destination = input.defaultOutputDestination;
    if (destination !== null && typeof destination !== 'string') {
      throw new ValidationError('default_output_destination', 'must be a string', 'INVALID_INPUT');
    }
    data.defaultOutputDestination = changes.defaultOutputDestination = destination?.trim() ?? null;
  }
  const lastUpdate = new Date();
  try {
    const { count } = await db.project.updateMany({
      where: { id: projectId, companyId: actor.companyId },
      data: { ...data, lastUpdate },
    });
    return { updated: count, changes, lastUpdate };
  } catch (error) {
    throw duplicateNameError(error, actor, changes.name ?? '');
  }
}

export interface DeleteProjectResult {
  deleted: number;
  /** Non-archived models of the project that lost their project reference. */
  disassociatedModels: number;
}

const archivedSql = Prisma.sql`'archived' = ANY("system_tags")`;

/**
 * Deletes an own project (public ⇒ PUBLIC_READ_ONLY, missing ⇒ PROJECT_NOT_FOUND). Without `force`
 * any non-archived task of the project, of any company, ⇒ PROJECT_HAS_TASKS, then any non-archived
 * model ⇒ PROJECT_HAS_MODELS. The non-archived models are detached from the project; the rest
 * (tasks, archived models) lose the reference through the foreign key. One transaction, with the
 * project row locked so a concurrent delete or update cannot interleave.
 */
export async function deleteProject(actor: Actor, projectId: string, force = false): Promise<DeleteProjectResult> {
  checkId('project', projectId);
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ companyId: string | null }[]>`
      SELECT "company" AS "companyId" FROM "project"
      WHERE "id" = ${projectId} AND ("company" = ${actor.companyId} OR "company" IS NULL)`;
    if (!row) throw new NotFoundError('PROJECT_NOT_FOUND', 'Project', [projectId]);
    if (row.companyId === null) throw new PublicReadOnlyError('project', [projectId]);
    // locked only once known to be own (row security hides a public row from FOR UPDATE of others)
    const locked = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "project" WHERE "id" = ${projectId} FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError('PROJECT_NOT_FOUND', 'Project', [projectId]); // deleted meanwhile
    if (!force) {
      // tasks and models of every company count (row security hides the others': ask the database function)
      const [blockers] = await tx.$queryRaw<{ tasks: boolean; models: boolean }[]>`
        SELECT "tasks", "models" FROM gateway_project_in_use(${projectId})`;
      if (blockers?.tasks) {
        throw new DomainError('PROJECT_HAS_TASKS', 'Project has associated tasks (use force=true to delete)', { id: projectId });
      }
      if (blockers?.models) {
        throw new DomainError('PROJECT_HAS_MODELS', 'Project has associated models (use force=true to delete)', { id: projectId });
      }
    }
    const disassociatedModels = await tx.$executeRaw`
      UPDATE "model" SET "project" = NULL WHERE "project" = ${projectId} AND NOT ${archivedSql}`;
    const { count } = await tx.project.deleteMany({ where: { id: projectId, companyId: actor.companyId } });
    return { deleted: count, disassociatedModels };
  });
}

function checkIds(ids: unknown): asserts ids is string[] {
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
    throw new ValidationError('ids', 'a non-empty list of ids is required', 'INVALID_INPUT');
  }
}

/**
 * Makes own projects public (readable by every company, writable by none): `company` moves to
 * `company_origin`. Every id must be an own project (else PROJECT_NOT_FOUND listing the others and
 * nothing changes).
 */
export async function makeProjectsPublic(actor: Actor, ids: string[]): Promise<{ updated: number }> {
  checkIds(ids);
  return db.$transaction(async (tx) => {
    const where = { id: { in: ids }, companyId: actor.companyId };
    const owned = await tx.project.findMany({ where, select: { id: true } });
    const missing = [...new Set(ids)].filter((id) => !owned.some((p) => p.id === id));
    if (missing.length > 0) throw new NotFoundError('PROJECT_NOT_FOUND', 'Project', missing);
    const { count } = await tx.project.updateMany({ where, data: { companyId: null, companyOrigin: actor.companyId } });
    return { updated: count };
  });
}

/**
 * Takes back projects the caller's company made public (`company_origin` is the caller's company);
 * any other id ⇒ PROJECT_NOT_FOUND and nothing changes. A project whose name the company reused
 * meanwhile ⇒ ALREADY_EXISTS.
 */
export async function makeProjectsPrivate(actor: Actor, ids: string[]): Promise<{ updated: number }> {
  checkIds(ids);
  try {
    return await db.$transaction(async (tx) => {
      const where = { id: { in: ids }, companyId: null, companyOrigin: actor.companyId };
      const eligible = await tx.project.findMany({ where, select: { id: true } });
      const missing = [...new Set(ids)].filter((id) => !eligible.some((p) => p.id === id));
      if (missing.length > 0) throw new NotFoundError('PROJECT_NOT_FOUND', 'Project', missing);
      const { count } = await tx.project.updateMany({ where, data: { companyId: actor.companyId, companyOrigin: null } });
      return { updated: count };
    });
  } catch (error) {
    throw duplicateNameError(error, actor, '');
  }
}
