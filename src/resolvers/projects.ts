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

export interface CreateProjectInput {
  name: string;
  description?: string | null;
  tags?: string[] | null;
  systemTags?: string[] | null;
  defaultOutputDestination?: string | null;
}

function checkProjectName(name: unknown): string {
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
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new DomainError('ALREADY_EXISTS', `a project named "${name}" already exists`, {
        company: actor.companyId,
        name,
      });
    }
    throw error;
  }
}

/** A project of the caller's company or a public one; PROJECT_NOT_FOUND otherwise. */
export async function getProject(actor: Actor, id: string): Promise<Project> {
  checkId('project', id);
  const project = await db.project.findFirst({
    where: { id, OR: [{ companyId: actor.companyId }, { companyId: null }] },
  });
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
  page?: { page: number; pageSize: number };
}

const projectColumns: Record<string, string> = {
  id: 'id',
  name: 'name',
  description: 'description',
  created: 'created',
  lastUpdate: 'last_update',
  featured: 'featured',
  user: 'user',
  defaultOutputDestination: 'default_output_destination',
};

function listCondition(column: string, array: boolean, filter: ListFilter | undefined): Prisma.Sql | undefined {
  if (!filter) return undefined;
  const ref = Prisma.raw(`"${column}"`);
  const include = filter.include.filter(Boolean);
  const exclude = filter.exclude.filter(Boolean);
  const parts: Prisma.Sql[] = [];
  if (include.length) {
    parts.push(array ? Prisma.sql`${ref} && ARRAY[${Prisma.join(include)}]::text[]` : Prisma.sql`${ref} IN (${Prisma.join(include)})`);
  }
  if (exclude.length) {
    parts.push(array ? Prisma.sql`NOT (${ref} && ARRAY[${Prisma.join(exclude)}]::text[])` : Prisma.sql`${ref} NOT IN (${Prisma.join(exclude)})`);
  }
  let condition = parts.length ? Prisma.join(parts, ' AND ') : undefined;
  if (filter.includeEmpty) {
    const empty = array ? Prisma.sql`cardinality(${ref}) = 0` : Prisma.sql`${ref} IS NULL`;
    condition = condition ? Prisma.sql`((${condition}) OR ${empty})` : empty;
  }
  return condition;
}

function checkRegex(field: string, pattern: string) {
  try {
    new RegExp(pattern);
  } catch {
    throw new ValidationError(field, 'malformed regular expression', 'INVALID_REGEX');
  }
}

/**
 * Projects of the caller's company and public ones matching `filter`, ordered and paged, in one
 * statement. Regular expressions are case-sensitive and match anywhere.
 */
export async function listProjects(actor: Actor, query: ProjectListQuery = {}): Promise<Project[]> {
  const { filter = {} } = query;
  const conditions: Prisma.Sql[] = [Prisma.sql`("company" = ${actor.companyId} OR "company" IS NULL)`];
  for (const condition of [
    listCondition('id', false, filter.ids),
    listCondition('tags', true, filter.tags),
    listCondition('system_tags', true, filter.systemTags),
  ]) {
    if (condition) conditions.push(condition);
  }
  for (const [field, column] of [['name', 'name'], ['description', 'description']] as const) {
    const pattern = filter[field];
    if (!pattern) continue;
    checkRegex(field, pattern);
    conditions.push(Prisma.sql`${Prisma.raw(`"${column}"`)} ~ ${pattern}`);
  }
  const order = (query.orderBy ?? []).map((item) => {
    const descending = item.startsWith('-');
    const field = descending ? item.slice(1) : item;
    const column = projectColumns[field === 'last_update' ? 'lastUpdate' : field];
    if (!column) throw new ValidationError('order_by', `unknown field ${field}`, 'UNKNOWN_FIELD');
    const ref = Prisma.raw(`"${column}"`);
    // empty values last in both directions
    return Prisma.sql`(NULLIF(${ref}::text, '') IS NULL), ${ref} ${Prisma.raw(descending ? 'DESC' : 'ASC')}`;
  });
  order.push(Prisma.sql`"id" ASC`);
  let paging = Prisma.empty;
  if (query.page) {
    const { page, pageSize } = query.page;
    if (!Number.isInteger(page) || page < 0) throw new ValidationError('page', 'page must be >=0', 'INVALID_INPUT');
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new ValidationError('page_size', 'page_size must be >0', 'INVALID_INPUT');
    paging = Prisma.sql`LIMIT ${pageSize} OFFSET ${page * pageSize}`;
  }
  const sql = Prisma.sql`
    SELECT "id", "company" AS "companyId", "company_origin" AS "companyOrigin", "user" AS "userId", "name",
      "description", "created", "last_update" AS "lastUpdate", "tags", "system_tags" AS "systemTags",
      "default_output_destination" AS "defaultOutputDestination", "featured", "logo_url" AS "logoUrl"
    FROM "project" WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY ${Prisma.join(order)} ${paging}`;
  try {
    return await readSql<Project>(sql);
  } catch (error) {
    // a pattern JavaScript accepts but PostgreSQL's regex engine does not
    if ((error as { code?: string }).code === '2201B') {
      throw new ValidationError(filter.name ? 'name' : 'description', 'malformed regular expression', 'INVALID_REGEX');
    }
    throw error;
  }
}
