// Users of the caller's company, the caller's own record (`me`) and preferences, organization-wide
// tags and what the server says about itself. Resolvers are one-line adapters into src/resolvers
// (users.ts, tags.ts, server.ts).
import { DomainError, ValidationError } from '../resolvers/errors.ts';
import { getServerInfo, getStatsReportingOption, type ServerInfo } from '../resolvers/server.ts';
import { listOrganizationTags } from '../resolvers/tags.ts';
import {
  countUsers,
  findUser,
  getCurrentUser,
  getPreferences,
  listUsers,
  setPreferences,
  updateUser,
  type UserFilter,
  type UserRecord,
  type UserWithCompany,
} from '../resolvers/users.ts';
import { builder } from './builder.ts';
import { offsetConnection } from './offset-connection.ts';
import { TagListRef, TagSourceFilterRef, tagsQuery } from './project.ts';
import { OrderDirectionEnum, StringListFilterRef, listFilter } from './task-queries.ts';

const errors = { types: [ValidationError, DomainError] };

const UserRef = builder.objectRef<UserRecord>('User').implement({
  description: 'A user of your company.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    givenName: t.exposeString('givenName', { nullable: true }),
    familyName: t.exposeString('familyName', { nullable: true }),
    company: t.exposeString('companyId'),
    created: t.expose('created', { type: 'DateTime' }),
  }),
});

const CompanyRef = builder.objectRef<{ id: string; name: string }>('Company').implement({
  fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name') }),
});

const CurrentUserRef = builder.objectRef<UserWithCompany>('CurrentUser').implement({
  description: 'The caller: its user record, company and role.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    givenName: t.exposeString('givenName', { nullable: true }),
    familyName: t.exposeString('familyName', { nullable: true }),
    company: t.field({ type: CompanyRef, resolve: (user) => user.company }),
    role: t.exposeString('role', { description: 'Role of the credentials in use' }),
    preferences: t.field({
      type: 'JSONObject',
      description: 'Stored UI preferences',
      resolve: (_user, _args, { actor }) => getPreferences(actor),
    }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: CurrentUserRef,
    description: 'The caller (INVALID_USER for identities without a user record).',
    resolve: (_root, _args, { actor }) => getCurrentUser(actor),
  }),
);

builder.queryField('user', (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description: 'A user of your company; null when there is none with this id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { actor }) => findUser(actor, String(id)),
  }),
);

const UserFilterRef = builder.inputType('UserFilter', {
  fields: (t) => ({
    ids: t.field({ type: StringListFilterRef }),
    name: t.string({ description: 'Case-sensitive regular expression matched anywhere in the name' }),
    activeInProjects: t.idList({
      description: 'Only users who created tasks or models in these projects (empty list: in any project)',
    }),
  }),
});

const UserOrderFieldEnum = builder.enumType('UserOrderField', {
  values: {
    ID: { value: 'id' },
    NAME: { value: 'name' },
    GIVEN_NAME: { value: 'given_name' },
    FAMILY_NAME: { value: 'family_name' },
    CREATED: { value: 'created' },
  } as const,
});

const UserOrderRef = builder.inputType('UserOrder', {
  fields: (t) => ({
    field: t.field({ type: UserOrderFieldEnum, required: true }),
    direction: t.field({ type: OrderDirectionEnum, defaultValue: 'ASC' }),
  }),
});

type UserFilterArg = typeof UserFilterRef.$inferInput | null | undefined;
const toUserFilter = (filter: UserFilterArg): UserFilter => ({
  ids: listFilter(filter?.ids),
  name: filter?.name ?? undefined,
  activeInProjects: filter?.activeInProjects?.map(String),
});

builder.queryField('users', (t) =>
  t.connection(
    {
      type: UserRef,
      description: 'Users of your company matching `filter`, in `orderBy` order (then by id).',
      args: { filter: t.arg({ type: UserFilterRef }), orderBy: t.arg({ type: [UserOrderRef] }) },
      resolve: async (_root, args, { actor }) => {
        const filter = toUserFilter(args.filter);
        const orderBy = (args.orderBy ?? []).map((o) => `${o.direction === 'DESC' ? '-' : ''}${o.field}`);
        const connection = await offsetConnection(args, ({ offset, limit }) =>
          listUsers(actor, { filter, orderBy, page: { offset, limit } }),
        );
        return { ...connection, totalCount: () => countUsers(actor, filter) } as never;
      },
    },
    {
      name: 'UserConnection',
      fields: (t) => ({
        totalCount: t.int({
          description: 'All users matching the filter (computed only when asked for)',
          resolve: async (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
        }),
      }),
    },
  ),
);

builder.queryField('organizationTags', (t) =>
  t.field({
    type: TagListRef,
    description: "Tags of your company's tasks and models (public ones excluded), sorted.",
    args: { includeSystem: t.arg.boolean(), filter: t.arg({ type: TagSourceFilterRef }) },
    resolve: (_root, { includeSystem, filter }, { actor }) =>
      listOrganizationTags(actor, tagsQuery(includeSystem, filter)),
  }),
);

const ServerInfoRef = builder.objectRef<ServerInfo>('ServerInfo').implement({
  fields: (t) => ({
    version: t.exposeString('version', { description: 'The legacy server version this gateway emulates' }),
    build: t.exposeString('build'),
    commit: t.exposeString('commit'),
    uid: t.exposeString('uid', { description: 'Random id of this installation' }),
    statsReportingSupported: t.boolean({
      description: 'Whether anonymous usage statistics can be reported (never, here)',
      resolve: () => getStatsReportingOption().supported,
    }),
  }),
});

builder.queryField('serverInfo', (t) =>
  t.field({ type: ServerInfoRef, resolve: () => getServerInfo() }),
);

const UpdateMeInputRef = builder.inputType('UpdateMeInput', {
  description: 'Members left out stay as they are; null clears a name part (the name is required).',
  fields: (t) => ({ name: t.string(), givenName: t.string(), familyName: t.string() }),
});

builder.mutationField('updateMe', (t) =>
  t.field({
    type: CurrentUserRef,
    description: 'Changes your own names.',
    errors,
    args: { input: t.arg({ type: UpdateMeInputRef, required: true }) },
    resolve: async (_root, { input }, { actor }) => {
      await updateUser(actor, actor.userId, input);
      return getCurrentUser(actor);
    },
  }),
);

const SetPreferencesPayload = builder
  .objectRef<{ updated: number; preferences?: Record<string, unknown> }>('SetPreferencesPayload')
  .implement({
    fields: (t) => ({
      updated: t.boolean({ description: 'false when nothing changed', resolve: (r) => r.updated > 0 }),
      preferences: t.field({
        type: 'JSONObject',
        description: 'All your preferences after the change',
        resolve: (r, _args, { actor }) => r.preferences ?? getPreferences(actor),
      }),
    }),
  });

const SetPreferencesInputRef = builder.inputType('SetPreferencesInput', {
  fields: (t) => ({ preferences: t.field({ type: 'JSONObject', required: true, description: 'Members to set' }) }),
});

builder.mutationField('setPreferences', (t) =>
  t.field({
    type: SetPreferencesPayload,
    description: "Sets each top-level member into your preferences. Keys may not start with '$' or contain '.'.",
    errors,
    args: { input: t.arg({ type: SetPreferencesInputRef, required: true }) },
    resolve: (_root, { input }, { actor }) => setPreferences(actor, input.preferences),
  }),
);
