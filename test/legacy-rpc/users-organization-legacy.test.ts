// The legacy organization.get_tags, users.*, server.* and debug.ping wire over HTTP (neighbours spec
// B.6, 0.2, 0.3, E.13): response shapes, documented errors, handler versions, company isolation.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { DEFAULT_COMPANY, DEFAULT_USER, ensureDefaults, defaultActor } from '../../src/resolvers/bootstrap.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { seedActor, seedProject, useTestDatabase } from '../helpers/db.ts';
import { callLegacy, useLegacyServer } from '../helpers/legacy.ts';
import { callAs, expectLegacyError, okAs } from '../helpers/legacy-calls.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();
useLegacyServer();

async function seedModel(actor: Actor, data: Record<string, unknown> = {}) {
  return db.model.create({ data: { id: newId(), companyId: actor.companyId, userId: actor.userId, name: 'model', ...data } });
}

let alice: Actor;
let bob: Actor;
beforeAll(async () => {
  await ensureDefaults();
  alice = await seedActor({ userName: 'alice' });
  bob = await seedActor({ userName: 'bob' });
});

describe('organization.get_tags', () => {
  it('unions own task and model tags, sorted; include_system; filter; public and foreign objects excluded', async () => {
    const owner = await seedActor();
    await seedTask(owner, { tags: ['zeta', 'alpha'], systemTags: ['archived'] });
    await seedTask(owner, { tags: ['beta'], systemTags: ['development'] });
    await seedModel(owner, { tags: ['model-tag', 'alpha'], systemTags: ['ready'] });
    await seedTask(owner, { companyId: null, tags: ['public-tag'] });
    await seedTask(bob, { tags: ['bobs'] });
    expect(await okAs(owner, 'organization.get_tags')).toEqual({ tags: ['alpha', 'beta', 'model-tag', 'zeta'] });
    expect(await okAs(owner, 'organization.get_tags', { include_system: true })).toEqual({
      tags: ['alpha', 'beta', 'model-tag', 'zeta'],
      system_tags: ['archived', 'development', 'ready'],
    });
    expect(await okAs(owner, 'organization.get_tags', { include_system: true, filter: { system_tags: ['__$not', 'archived'] } })).toEqual({
      tags: ['alpha', 'beta', 'model-tag'],
      system_tags: ['development', 'ready'],
    });
    expect(await okAs(owner, 'organization.get_tags', { filter: { tags: ['beta', 'zeta'] } })).toEqual({ tags: ['alpha', 'beta', 'zeta'] });
    const empty = await seedActor();
    expect(await okAs(empty, 'organization.get_tags', { include_system: true })).toEqual({ tags: [], system_tags: [] });
  });

  it('validates the typed request (400/12) and is reachable below its schema version', async () => {
    await expectLegacyError(alice, 'organization.get_tags', { filter: { tags: 'x' } }, 400, 12);
    await expectLegacyError(alice, 'organization.get_tags', { filter: 'x' }, 400, 12);
    const { meta } = await callAs(alice, 'organization.get_tags', {}, '2.1');
    expect([meta.result_code, meta.endpoint.actual_version]).toEqual([200, '1.0']);
  });
});

describe('users.get_current_user', () => {
  it('returns the default user as the spec shows it', async () => {
    expect(await okAs(defaultActor, 'users.get_current_user')).toEqual({
      user: {
        id: DEFAULT_USER.id, name: 'Default User', given_name: 'Default', family_name: 'User',
        company: { id: DEFAULT_COMPANY.id, name: 'trains' }, role: 'user',
      },
    });
  });

  it('takes the role from the identity, never returns preferences; no record ⇒ 400/300', async () => {
    const admin = { ...alice, role: 'admin' };
    const { user } = await okAs(admin, 'users.get_current_user');
    expect(user).toMatchObject({ id: alice.userId, name: 'alice', role: 'admin', company: { id: alice.companyId } });
    expect(user).not.toHaveProperty('preferences');
    await expectLegacyError({ ...alice, userId: '__apiserver__' }, 'users.get_current_user', {}, 400, 300);
  });
});

describe('users.get_by_id / get_all / get_all_ex', () => {
  it('reads users of the own company only (400/301 otherwise); 400/11 without `user`', async () => {
    expect((await okAs(alice, 'users.get_by_id', { user: alice.userId })).user).toMatchObject({ id: alice.userId, name: 'alice', company: alice.companyId });
    await expectLegacyError(alice, 'users.get_by_id', { user: bob.userId }, 400, 301);
    await expectLegacyError(alice, 'users.get_by_id', {}, 400, 11);
  });

  it('get_all filters by id and name pattern, orders and pages, hides preferences', async () => {
    const team = await seedActor({ userName: 'zed' });
    for (const name of ['amy', 'ben']) await db.user.create({ data: { id: newId(), companyId: team.companyId, name } });
    const { users } = await okAs(team, 'users.get_all', { order_by: ['name'] });
    expect(users.map((u: { name: string }) => u.name)).toEqual(['amy', 'ben', 'zed']);
    expect(users.every((u: object) => !('preferences' in u))).toBe(true);
    expect((await okAs(team, 'users.get_all', { name: '^b', only_fields: ['name'] })).users).toEqual([{ name: 'ben' }]);
    expect((await okAs(team, 'users.get_all', { order_by: ['-name'], page: 1, page_size: 2, only_fields: ['name'] })).users).toEqual([{ name: 'amy' }]);
    expect((await okAs(team, 'users.get_all', { id: [team.userId], only_fields: ['-given_name'] })).users).toEqual([
      { id: team.userId, name: 'zed', company: team.companyId },
    ]);
    await expectLegacyError(team, 'users.get_all', { only_fields: ['nope'] }, 400, 14);
    await expectLegacyError(team, 'users.get_all', { page: 0 }, 400, 11);
    await expectLegacyError(team, 'users.get_all', { id: 'x' }, 400, 12);
  });

  it('get_all_ex: company as object with joins; 2.8 adds active_in_projects', async () => {
    const team = await seedActor({ userName: 'lead' });
    const worker = { ...team, userId: newId(), userName: 'worker' };
    await db.user.create({ data: { id: worker.userId, companyId: team.companyId, name: 'worker' } });
    const idle = newId();
    await db.user.create({ data: { id: idle, companyId: team.companyId, name: 'idle' } });
    const project = await seedProject(team);
    await seedTask(worker, { projectId: project.id });
    await seedModel(team, { projectId: null });
    const { users } = await okAs(team, 'users.get_all_ex', { id: [team.userId], only_fields: ['name', 'company.name'] });
    expect(users).toEqual([{ id: team.userId, name: 'lead', company: { id: team.companyId, name: expect.any(String) } }]);
    const active = await okAs(team, 'users.get_all_ex', { active_in_projects: [project.id], only_fields: ['name'] });
    expect(active.users.map((u: { name: string }) => u.name)).toEqual(['worker']);
    const anywhere = await okAs(team, 'users.get_all_ex', { active_in_projects: [], order_by: ['name'], only_fields: ['name'] });
    expect(anywhere.users.map((u: { name: string }) => u.name)).toEqual(['lead', 'worker']);
    const old = await callAs(team, 'users.get_all_ex', { active_in_projects: [project.id], only_fields: ['name'] }, '2.7');
    expect(old.meta.endpoint.actual_version).toBe('1.0');
    expect(old.data.users).toHaveLength(3);
    expect((await okAs(team, 'users.get_all_ex', {}, '2.8')).users.every((u: { company: unknown }) => typeof u.company === 'object')).toBe(true);
  });
});

describe('users.update', () => {
  it('updates names of a user of the company; unknown ⇒ updated 0; 400/11 without `user`', async () => {
    const team = await seedActor({ userName: 'before' });
    expect(await okAs(team, 'users.update', { user: team.userId, name: 'After Name', given_name: 'After', family_name: null })).toEqual({
      updated: 1,
      fields: { name: 'After Name', given_name: 'After', family_name: null },
    });
    expect((await okAs(team, 'users.get_by_id', { user: team.userId })).user).toMatchObject({ name: 'After Name', given_name: 'After' });
    expect(await okAs(bob, 'users.update', { user: team.userId, name: 'hijack' })).toEqual({ updated: 0, fields: { name: 'hijack' } });
    expect((await db.user.findUniqueOrThrow({ where: { id: team.userId } })).name).toBe('After Name');
    await expectLegacyError(team, 'users.update', { name: 'x' }, 400, 11);
    await expectLegacyError(team, 'users.update', { user: team.userId, name: '' }, 400, 800);
  });
});

describe('users.get_preferences / set_preferences', () => {
  it('sets top-level members, reports no-ops, rejects $/dotted keys at any depth (400/16)', async () => {
    const me = await seedActor();
    expect(await okAs(me, 'users.get_preferences')).toEqual({ preferences: {} });
    expect(await okAs(me, 'users.set_preferences', { preferences: { theme: { dark: true }, cols: [1, 2] } })).toEqual({
      updated: 1,
      fields: { preferences: { theme: { dark: true }, cols: [1, 2] } },
    });
    expect(await okAs(me, 'users.set_preferences', { preferences: { theme: { dark: true } } })).toEqual({ updated: 0, fields: {} });
    expect(await okAs(me, 'users.set_preferences', { preferences: { theme: { size: 3 } } })).toEqual({
      updated: 1,
      fields: { preferences: { theme: { size: 3 }, cols: [1, 2] } },
    });
    await expectLegacyError(me, 'users.set_preferences', { preferences: { $set: 1 } }, 400, 16);
    await expectLegacyError(me, 'users.set_preferences', { preferences: { a: { 'b.c': 1 } } }, 400, 16);
    await expectLegacyError(me, 'users.set_preferences', { preferences: { a: [{ $x: 1 }] } }, 400, 16);
    await expectLegacyError(me, 'users.set_preferences', {}, 400, 12);
    await expectLegacyError(me, 'users.set_preferences', { preferences: 'x' }, 400, 12);
    expect(await okAs(me, 'users.get_preferences')).toEqual({ preferences: { theme: { size: 3 }, cols: [1, 2] } });
    expect(await okAs(bob, 'users.get_preferences')).toEqual({ preferences: {} });
  });

  it('concurrent writers of different members keep each other', async () => {
    const me = await seedActor();
    await Promise.all(Array.from({ length: 8 }, (_, i) => okAs(me, 'users.set_preferences', { preferences: { [`k${i}`]: i } })));
    expect(Object.keys((await okAs(me, 'users.get_preferences')).preferences).sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => `k${i}`).sort(),
    );
  });
});

describe('server.info / report_stats_option / debug.ping (E.13)', () => {
  it('debug.ping answers without credentials at any version', async () => {
    for (const path of ['/debug.ping', '/v1.0/debug.ping', '/v2.9/debug.ping']) {
      const { status, json } = await callLegacy(path, { method: 'POST', body: { anything: 1 } });
      expect(status).toBe(200);
      expect(json.data).toEqual({ msg: 'Because it trains cats and dogs' });
    }
  });

  it('server.info: no credentials; uid from 2.8 on (stable), not at 2.7', async () => {
    const new1 = await callLegacy('/v2.8/server.info');
    const new2 = await callLegacy('/v2.9/server.info', { auth: { actor: alice } });
    const old = await callLegacy('/v2.7/server.info');
    expect(new1.status).toBe(200);
    expect(new1.json.data).toEqual({ version: '0.16.1', build: expect.any(String), commit: expect.any(String), uid: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(new2.json.data.uid).toBe(new1.json.data.uid);
    expect(new1.json.meta.endpoint.actual_version).toBe('2.8');
    expect(old.json.data).toEqual({ version: '0.16.1', build: expect.any(String), commit: expect.any(String) });
    expect(old.json.meta.endpoint.actual_version).toBe('1.0');
  });

  it('report_stats_option needs credentials and reports that statistics are not supported', async () => {
    expect(await okAs(alice, 'server.report_stats_option', { enabled: true })).toEqual({ supported: false });
    expect((await callLegacy('/server.report_stats_option')).status).toBe(401);
  });

  it('server.config / endpoints / get_stats are not served', async () => {
    for (const name of ['server.config', 'server.endpoints', 'server.get_stats']) {
      expect((await callAs({ ...alice, role: 'root' }, name)).meta.result_code).toBe(404);
    }
  });
});
