// Backend user records (neighbours spec B.6.2): the caller's own record and preferences, and the
// users of the caller's company. Users are never public; only system callers reach other
// companies' users by id. Talks to Prisma.
import { db, Prisma, readSql } from '../db.ts';
import type { Actor } from './context.ts';
import { DomainError, ValidationError } from './errors.ts';
import { allOf, listFilterSql, orderSql, pageSql, patternSql, withRegexErrors, type OffsetPage } from './list-sql.ts';
import { checkId } from './tasks/access.ts';
import type { ListFilter } from './tasks/query.ts';

export interface UserRecord {
  id: string;
  companyId: string;
  name: string;
  givenName: string | null;
  familyName: string | null;
  created: Date;
  email: string | null;
  role: string;
}

export interface UserWithCompany extends UserRecord {
  company: { id: string; name: string };
}

const userColumns = {
  id: true, companyId: true, name: true, givenName: true, familyName: true, created: true, email: true, role: true,
} as const satisfies Prisma.UserSelect;

const userNotFound = (id: string, companyId?: string) =>
  new DomainError('USER_NOT_FOUND', 'Invalid user id', companyId ? { id, company: companyId } : { id });

/**
 * The caller's own user record with its company; `role` is the caller's (token) role. Callers
 * without a record in their company (system identities) ⇒ INVALID_USER.
 */
export async function getCurrentUser(actor: Actor): Promise<UserWithCompany> {
  const user = await db.user.findFirst({
    where: { id: actor.userId, companyId: actor.companyId },
    select: { ...userColumns, company: { select: { id: true, name: true } } },
  });
  if (!user) throw new DomainError('INVALID_USER', 'Invalid user (failed loading user)', {});
  return { ...user, role: actor.role };
}

/** A user of the caller's company (any company for the `system` role), or null. */
export async function findUser(actor: Actor, userId: string): Promise<UserRecord | null> {
  checkId('user', userId);
  const everywhere = actor.role === 'system';
  return db.user.findFirst({
    where: everywhere ? { id: userId } : { id: userId, companyId: actor.companyId },
    select: userColumns,
  });
}

/** A user of the caller's company (any company for the `system` role); USER_NOT_FOUND otherwise. */
export async function getUser(actor: Actor, userId: string): Promise<UserRecord> {
  const user = await findUser(actor, userId);
  if (!user) throw userNotFound(userId, actor.role === 'system' ? undefined : actor.companyId);
  return user;
}

/** Counts what listUsers would return for `filter` across all pages. */
export async function countUsers(actor: Actor, filter: UserFilter = {}): Promise<number> {
  const rows = await withRegexErrors('name', () =>
    readSql<{ count: number }>(Prisma.sql`SELECT count(*)::int AS "count" FROM "user" WHERE ${userWhere(actor, filter)}`),
  );
  return rows[0]?.count ?? 0;
}

export interface UserFilter {
  ids?: ListFilter;
  /** Case-sensitive regular expression matched anywhere in the name. */
  name?: string;
  /**
   * Only users who created tasks or models of the caller's company in these projects; an empty
   * list means in any project.
   */
  activeInProjects?: readonly string[];
}

export interface UserListQuery {
  filter?: UserFilter;
  /** Field names (id, name, given_name, family_name, created), `-` for descending; empty last. */
  orderBy?: string[];
  page?: OffsetPage;
}

const userOrderColumns: Record<string, string> = {
  id: 'id', name: 'name', given_name: 'given_name', family_name: 'family_name', created: 'created', company: 'company',
};

function activeCondition(actor: Actor, projects: readonly string[] | undefined): Prisma.Sql | undefined {
  if (projects === undefined) return undefined;
  const inProjects = projects.length ? Prisma.sql`AND "project" IN (${Prisma.join([...new Set(projects)])})` : Prisma.empty;
  return Prisma.sql`"id" IN (
    SELECT "user" FROM "task" WHERE "company" = ${actor.companyId} ${inProjects}
    UNION SELECT "user" FROM "model" WHERE "company" = ${actor.companyId} ${inProjects})`;
}

const userWhere = (actor: Actor, filter: UserFilter) =>
  allOf([
    Prisma.sql`"company" = ${actor.companyId}`,
    listFilterSql('id', false, filter.ids),
    patternSql('name', 'name', filter.name),
    activeCondition(actor, filter.activeInProjects),
  ]);

/** Users of the caller's company matching `filter`, ordered and paged, in one statement. */
export async function listUsers(actor: Actor, query: UserListQuery = {}): Promise<UserRecord[]> {
  const where = userWhere(actor, query.filter ?? {});
  return withRegexErrors('name', () =>
    readSql<UserRecord>(Prisma.sql`
      SELECT "id", "company" AS "companyId", "name", "given_name" AS "givenName", "family_name" AS "familyName",
        "created", "email", "role"
      FROM "user" WHERE ${where}
      ORDER BY ${orderSql(query.orderBy, userOrderColumns)} ${pageSql(query.page)}`),
  );
}

/** The companies of some users, by id (get_all_ex `company.<member>` joins). */
export async function findUserCompanies(actor: Actor, ids: readonly string[]) {
  const unique = [...new Set(ids)].filter((id) => id === actor.companyId || actor.role === 'system');
  if (unique.length === 0) return [];
  return db.company.findMany({ where: { id: { in: unique } }, select: { id: true, name: true, created: true } });
}

/** Members of a user update: undefined leaves a member alone, null clears a name part. */
export interface UpdateUserInput {
  name?: string | null;
  givenName?: string | null;
  familyName?: string | null;
}

/**
 * Updates the names of a user of the caller's company. `updated` is 0 when there is no such user
 * (as the original reports it). A user must keep a non-empty `name` (DATA_VALIDATION).
 */
export async function updateUser(
  actor: Actor,
  userId: string,
  input: UpdateUserInput,
): Promise<{ updated: number; changes: UpdateUserInput }> {
  checkId('user', userId);
  const changes: UpdateUserInput = {};
  for (const field of ['name', 'givenName', 'familyName'] as const) {
    const value = input[field];
    if (value === undefined) continue;
    if (value !== null && typeof value !== 'string') throw new ValidationError(field, 'must be a string', 'INVALID_INPUT');
    changes[field] = value;
  }
  if (changes.name !== undefined && !changes.name?.trim()) {
    throw new ValidationError('name', 'a user must have a name', 'DATA_VALIDATION');
  }
  if (Object.keys(changes).length === 0) return { updated: 0, changes };
  const { count } = await db.user.updateMany({
    where: { id: userId, companyId: actor.companyId },
    data: {
      ...(changes.name !== undefined ? { name: changes.name! } : {}),
      ...(changes.givenName !== undefined ? { givenName: changes.givenName } : {}),
      ...(changes.familyName !== undefined ? { familyName: changes.familyName } : {}),
    },
  });
  return { updated: count, changes };
}

export type Preferences = Record<string, unknown>;

/** The caller's stored preferences (`{}` when none); USER_NOT_FOUND without a user record. */
export async function getPreferences(actor: Actor): Promise<Preferences> {
  const user = await db.user.findFirst({
    where: { id: actor.userId, companyId: actor.companyId },
    select: { preferences: true },
  });
  if (!user) throw userNotFound(actor.userId, actor.companyId);
  const stored = user.preferences;
  return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Preferences) : {};
}

/** Keys at any depth (inside objects and lists) may not start with `$` or contain `.`. */
function checkPreferenceKeys(value: unknown, path: string) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkPreferenceKeys(item, `${path}[${i}]`));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    if (key.startsWith('$') || key.includes('.')) {
      throw new ValidationError(
        path ? `${path}.${key}` : key,
        `Key ${key} is invalid. Keys cannot start with '$' or contain '.'.`,
        'INVALID_FIELD_VALUE',
      );
    }
    checkPreferenceKeys(item, path ? `${path}.${key}` : key);
  }
}

/**
 * Sets each top-level member of `changes` into the caller's preferences (replacing that member's
 * value), in one conditional statement so concurrent writers of different members keep each
 * other's changes. `updated` is 0 (and `preferences` absent) when nothing changed.
 */
export async function setPreferences(
  actor: Actor,
  changes: Preferences,
): Promise<{ updated: number; preferences?: Preferences }> {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw new ValidationError('preferences', 'must be an object', 'INVALID_INPUT');
  }
  checkPreferenceKeys(changes, '');
  const current = Prisma.sql`(CASE WHEN jsonb_typeof("preferences") = 'object' THEN "preferences" ELSE '{}'::jsonb END)`;
  const merged = Prisma.sql`(${current} || ${JSON.stringify(changes)}::jsonb)`;
  const rows = await db.$queryRaw<{ preferences: Preferences }[]>`
    UPDATE "user" SET "preferences" = ${merged}
    WHERE "id" = ${actor.userId} AND "company" = ${actor.companyId} AND "preferences" IS DISTINCT FROM ${merged}
    RETURNING "preferences"`;
  if (rows[0]) return { updated: 1, preferences: rows[0].preferences };
  await getPreferences(actor); // no change, or no user record (USER_NOT_FOUND)
  return { updated: 0 };
}
