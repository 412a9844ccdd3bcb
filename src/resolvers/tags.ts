// Tags in use (neighbours spec B.1.2 get_task_tags/get_model_tags, B.6.1 organization.get_tags):
// distinct tags and system tags of the caller's company's tasks and/or models, computed live in one
// statement (the original's hour-long cache could only be staler). Public objects never count.
import { Prisma, readSql } from '../db.ts';
import type { Actor } from './context.ts';
import { allOf, listFilterSql } from './list-sql.ts';
import type { ListFilter } from './tasks/query.ts';

export interface TagsQuery {
  /** Only objects of these projects; absent or empty = any project. */
  projects?: readonly string[] | null;
  /** Also list system tags. */
  includeSystem?: boolean;
  /** Which objects contribute (legacy list-filter rules: any of include, none of exclude, or empty). */
  filter?: { tags?: ListFilter; systemTags?: ListFilter };
}

export interface TagsResult {
  tags: string[];
  /** Present with `includeSystem`. */
  systemTags?: string[];
}

export type TaggedEntity = 'task' | 'model';

/** Distinct tags (and system tags) of own tasks and/or models matching `query`, sorted by code point. */
export async function listTags(actor: Actor, entities: readonly TaggedEntity[], query: TagsQuery = {}): Promise<TagsResult> {
  const projects = query.projects?.length ? [...new Set(query.projects)] : undefined;
  const where = allOf([
    Prisma.sql`"company" = ${actor.companyId}`,
    projects ? Prisma.sql`"project" IN (${Prisma.join(projects)})` : undefined,
    listFilterSql('tags', true, query.filter?.tags),
    listFilterSql('system_tags', true, query.filter?.systemTags),
  ]);
  const sources = entities.map(
    (entity) => Prisma.sql`SELECT "tags", "system_tags" FROM ${Prisma.raw(`"${entity}"`)} WHERE ${where}`,
  );
  const [row] = await readSql<{ tags: string[]; systemTags: string[] | null }>(Prisma.sql`
    WITH src AS (${Prisma.join(sources, ' UNION ALL ')})
    SELECT ARRAY(SELECT DISTINCT t COLLATE "C" FROM src, unnest(src."tags") t ORDER BY 1) AS "tags",
      ${query.includeSystem
        ? Prisma.sql`ARRAY(SELECT DISTINCT t COLLATE "C" FROM src, unnest(src."system_tags") t ORDER BY 1)`
        : Prisma.sql`NULL::text[]`} AS "systemTags"`);
  const result: TagsResult = { tags: row?.tags ?? [] };
  if (query.includeSystem) result.systemTags = row?.systemTags ?? [];
  return result;
}

/** Tags of own tasks (projects.get_task_tags). */
export const listTaskTags = (actor: Actor, query: TagsQuery = {}) => listTags(actor, ['task'], query);

/** Tags of own models (projects.get_model_tags). */
export const listModelTags = (actor: Actor, query: TagsQuery = {}) => listTags(actor, ['model'], query);

/** Tags of own tasks and models together (organization.get_tags). */
export const listOrganizationTags = (actor: Actor, query: Omit<TagsQuery, 'projects'> = {}) =>
  listTags(actor, ['task', 'model'], query);
