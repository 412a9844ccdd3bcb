// me, users, organizationTags, serverInfo and the user mutations through HTTP.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { DEFAULT_COMPANY, defaultActor, ensureDefaults } from '../../src/resolvers/bootstrap.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { graphql } from '../gql/index.ts';
import { seedActor, seedProject, useTestDatabase } from '../helpers/db.ts';
import { executeAs } from '../helpers/graphql.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

const Me = graphql(`query Me { me { id name givenName familyName role company { id name } preferences } }`);

const Users = graphql(`
  query Users($filter: UserFilter, $orderBy: [UserOrder!], $first: Int) {
    users(filter: $filter, orderBy: $orderBy, first: $first) { totalCount edges { node { id name company } } }
  }
`);

const OrganizationTags = graphql(`
  query OrganizationTags($includeSystem: Boolean, $filter: TagSourceFilter) {
    organizationTags(includeSystem: $includeSystem, filter: $filter) { tags systemTags }
  }
`);

const ServerInfo = graphql(`query ServerInfo { serverInfo { version build commit uid statsReportingSupported } }`);

const UpdateMe = graphql(`
  mutation UpdateMe($input: UpdateMeInput!) {
    updateMe(input: $input) { ... on MutationUpdateMeSuccess { data { name givenName familyName } } ... on Error { code } }
  }
`);

const SetPreferences = graphql(`
  mutation SetPreferences($input: SetPreferencesInput!) {
    setPreferences(input: $input) { ... on MutationSetPreferencesSuccess { data { updated preferences } } ... on Error { code } }
  }
`);

let actor: Actor;
beforeAll(async () => {
  await ensureDefaults();
  actor = await seedActor({ userName: 'dana' });
});

describe('me', () => {
  it('is the default user with name parts, company and role', async () => {
    const result = await executeAs(defaultActor, Me);
    expect(result.data!.me).toMatchObject({
      id: '__tests__', name: 'Default User', givenName: 'Default', familyName: 'User', role: 'user',
      company: { id: DEFAULT_COMPANY.id, name: 'trains' },
    });
  });

  it('an identity without a user record is INVALID_USER', async () => {
    const result = await executeAs({ ...actor, userId: '__apiserver__' }, Me);
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_USER');
  });
});

describe('users', () => {
  it('lists users of the own company only, filtered and ordered', async () => {
    const team = await seedActor({ userName: 'zoe' });
    await db.user.create({ data: { id: newId(), companyId: team.companyId, name: 'adam' } });
    const all = await executeAs(team, Users, { orderBy: [{ field: 'NAME' }] });
    expect(all.data!.users.edges.map((e) => e.node.name)).toEqual(['adam', 'zoe']);
    expect(all.data!.users.totalCount).toBe(2);
    const project = await seedProject(team);
    await seedTask(team, { projectId: project.id });
    const active = await executeAs(team, Users, { filter: { activeInProjects: [project.id] } });
    expect(active.data!.users.edges.map((e) => e.node.name)).toEqual(['zoe']);
    expect((await executeAs(actor, Users, { filter: { ids: { anyOf: [team.userId] } } })).data!.users.totalCount).toBe(0);
  });
});

describe('organizationTags', () => {
  it('unions own task and model tags; filter by system tags', async () => {
    const a = await seedActor();
    await seedTask(a, { tags: ['t-task'], systemTags: ['archived'] });
    await db.model.create({ data: { id: newId(), companyId: a.companyId, userId: a.userId, name: 'm', tags: ['t-model'] } });
    expect((await executeAs(a, OrganizationTags, {})).data!.organizationTags).toEqual({ tags: ['t-model', 't-task'], systemTags: null });
    expect((await executeAs(a, OrganizationTags, { includeSystem: true, filter: { systemTags: { noneOf: ['archived'] } } })).data!.organizationTags)
      .toEqual({ tags: ['t-model'], systemTags: [] });
    expect((await executeAs(actor, OrganizationTags, {})).data!.organizationTags.tags).not.toContain('t-task');
  });
});

describe('serverInfo', () => {
  it('reports the emulated version and a stable installation id', async () => {
    const first = (await executeAs(actor, ServerInfo)).data!.serverInfo;
    expect(first).toMatchObject({ version: '0.16.1', statsReportingSupported: false });
    expect(first.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await executeAs(await seedActor(), ServerInfo)).data!.serverInfo.uid).toBe(first.uid);
  });
});

describe('updateMe / setPreferences', () => {
  it('changes own names; an empty name is DATA_VALIDATION', async () => {
    const me = await seedActor({ userName: 'old' });
    expect((await executeAs(me, UpdateMe, { input: { name: 'New Name', givenName: 'New', familyName: null } })).data!.updateMe)
      .toEqual({ data: { name: 'New Name', givenName: 'New', familyName: null } });
    expect((await executeAs(me, UpdateMe, { input: { name: ' ' } })).data!.updateMe).toEqual({ code: 'DATA_VALIDATION' });
  });

  it('merges top-level members; invalid keys are INVALID_FIELD_VALUE', async () => {
    const me = await seedActor();
    expect((await executeAs(me, SetPreferences, { input: { preferences: { a: 1 } } })).data!.setPreferences).toEqual({ data: { updated: true, preferences: { a: 1 } } });
    expect((await executeAs(me, SetPreferences, { input: { preferences: { b: { c: 2 } } } })).data!.setPreferences).toEqual({ data: { updated: true, preferences: { a: 1, b: { c: 2 } } } });
    expect((await executeAs(me, SetPreferences, { input: { preferences: { a: 1 } } })).data!.setPreferences).toEqual({ data: { updated: false, preferences: { a: 1, b: { c: 2 } } } });
    expect((await executeAs(me, SetPreferences, { input: { preferences: { 'x.y': 1 } } })).data!.setPreferences).toEqual({ code: 'INVALID_FIELD_VALUE' });
    expect((await executeAs(me, Me)).data!.me.preferences).toEqual({ a: 1, b: { c: 2 } });
  });
});
