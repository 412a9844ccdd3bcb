// Legacy users.* calls (neighbours spec B.6.2), translated to the users domain service. Like the
// projects service these check member presence themselves (400/11); set_preferences is typed.
import {
  findUserCompanies,
  getCurrentUser,
  getPreferences,
  getUser,
  listUsers,
  setPreferences,
  updateUser,
  type UpdateUserInput,
  type UserRecord,
} from '../../resolvers/users.ts';
import { listFilterFromTokens } from '../../resolvers/tasks/query.ts';
import {
  applyDocumentProjection,
  expandDocumentReferences,
  joinedDocument,
  parseDocumentProjection,
  type DocumentSpec,
} from '../convert-document.ts';
import type { LegacyDocument, Row } from '../convert.ts';
import { pagingFromLegacy } from './tasks-query.ts';
import { ApiError, type EndpointDefinition, type LegacyCall } from '../types.ts';
import { orderByStrings, requirePresent } from '../members.ts';

/** A backend user record as the legacy API prints it (unset name parts omitted; no dates, as the original keeps none). */
function toLegacyUser(user: UserRecord): LegacyDocument {
  const doc: LegacyDocument = { id: user.id, name: user.name, company: user.companyId };
  if (user.givenName) doc.given_name = user.givenName;
  if (user.familyName) doc.family_name = user.familyName;
  return doc;
}

const userDocument: DocumentSpec = {
  object: 'User',
  fields: ['id', 'name', 'given_name', 'family_name', 'company', 'avatar', 'preferences'],
  references: ['company'],
  hidden: ['preferences'],
};

function userIdOf(body: Row): string {
  if (typeof body.user !== 'string') throw new ApiError(400, 301, `Invalid user id: id=${String(body.user)}`);
  return body.user;
}

/** users.get_all / get_all_ex (`extended`; `activeInProjects` from the 2.8 handler on). */
async function getAllUsers({ actor, body }: LegacyCall, extended: boolean, withActivity: boolean) {
  const projection = parseDocumentProjection(body.only_fields ?? body.projection, userDocument, extended);
  const orderBy = orderByStrings(body);
  const paging = pagingFromLegacy(body);
  const name = body.name;
  if (name !== undefined && name !== null && typeof name !== 'string') {
    throw new ApiError(400, 12, 'Validation error (expected string): field=name');
  }
  const users = await listUsers(actor, {
    filter: {
      ids: listFilterFromTokens('id', body.id),
      name: name || undefined,
      activeInProjects: withActivity && Array.isArray(body.active_in_projects) ? (body.active_in_projects as string[]) : undefined,
    },
    orderBy: orderBy as string[],
    page: paging?.kind === 'offset' ? { page: paging.page, pageSize: paging.pageSize } : undefined,
  });
  if (!extended) return { users: users.map((u) => applyDocumentProjection(toLegacyUser(u), projection)) };
  const companies = projection.joins.has('company') ? await findUserCompanies(actor, users.map((u) => u.companyId)) : [];
  const joined = new Map(companies.map((c) => [c.id, joinedDocument(c, { id: 'id', name: 'name' })]));
  return {
    users: users.map((u) =>
      expandDocumentReferences(applyDocumentProjection(toLegacyUser(u), projection), userDocument, projection, (_ref, id) =>
        joined.get(id),
      ),
    ),
  };
}

const updatableMembers = [
  ['name', 'name'],
  ['given_name', 'givenName'],
  ['family_name', 'familyName'],
] as const;

export const userEndpoints: EndpointDefinition[] = [
  {
    name: 'users.get_current_user',
    minVersion: '1.0',
    handler: async ({ actor }) => {
      const user = await getCurrentUser(actor);
      const doc = toLegacyUser(user);
      return { user: { ...doc, company: { id: user.company.id, name: user.company.name }, role: user.role } };
    },
  },
  {
    name: 'users.get_by_id',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      requirePresent(body, ['user']);
      return { user: toLegacyUser(await getUser(actor, userIdOf(body))) };
    },
  },
  { name: 'users.get_all', minVersion: '1.0', handler: (call) => getAllUsers(call, false, false) },
  { name: 'users.get_all_ex', minVersion: '1.0', handler: (call) => getAllUsers(call, true, false) },
  { name: 'users.get_all_ex', minVersion: '2.8', handler: (call) => getAllUsers(call, true, true) },
  {
    name: 'users.update',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      requirePresent(body, ['user']);
      const input: UpdateUserInput = {};
      for (const [member, key] of updatableMembers) if (member in body) input[key] = body[member] as string | null;
      const { updated, changes } = await updateUser(actor, userIdOf(body), input);
      const fields: Row = {};
      for (const [member, key] of updatableMembers) if (key in changes) fields[member] = changes[key];
      return { updated, fields };
    },
  },
  {
    name: 'users.get_preferences',
    minVersion: '1.0',
    handler: async ({ actor }) => ({ preferences: await getPreferences(actor) }),
  },
  {
    name: 'users.set_preferences',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      const { updated, preferences } = await setPreferences(actor, body.preferences as Record<string, unknown>);
      return { updated, fields: preferences ? { preferences } : {} };
    },
  },
];
