// The users domain service called directly: current user, scoping, updates and preferences.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { nameParts } from '../../src/resolvers/bootstrap.ts';
import { newId } from '../../src/resolvers/ids.ts';
import {
  countUsers,
  findUser,
  getCurrentUser,
  getPreferences,
  listUsers,
  setPreferences,
  updateUser,
} from '../../src/resolvers/users.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

describe('users', () => {
  it('splits names at the first space', () => {
    expect(nameParts('Default User')).toEqual({ givenName: 'Default', familyName: 'User' });
    expect(nameParts(' Ada  King Lovelace ')).toEqual({ givenName: 'Ada', familyName: 'King Lovelace' });
    expect(nameParts('mono')).toEqual({ givenName: 'mono', familyName: '' });
  });

  it('current user carries the identity role; other companies are invisible except to system', async () => {
    const a = await seedActor({ userName: 'ann', role: 'user' });
    const b = await seedActor();
    expect(await getCurrentUser({ ...a, role: 'admin' })).toMatchObject({ id: a.userId, role: 'admin', company: { id: a.companyId } });
    await expect(getCurrentUser({ ...a, userId: 'nobody' })).rejects.toMatchObject({ code: 'INVALID_USER' });
    expect(await findUser(b, a.userId)).toBeNull();
    expect(await findUser({ ...b, role: 'system' }, a.userId)).toMatchObject({ id: a.userId });
    expect(await countUsers(b, { ids: { include: [a.userId], exclude: [], includeEmpty: false } })).toBe(0);
  });

  it('lists active users per project; updates names within the company only', async () => {
    const a = await seedActor({ userName: 'lead' });
    const helper = newId();
    await db.user.create({ data: { id: helper, companyId: a.companyId, name: 'helper' } });
    await seedTask({ ...a, userId: helper }, { projectId: null });
    expect((await listUsers(a, { filter: { activeInProjects: [] } })).map((u) => u.name)).toEqual(['helper']);
    expect(await updateUser(a, helper, { givenName: 'Help' })).toEqual({ updated: 1, changes: { givenName: 'Help' } });
    expect(await updateUser(await seedActor(), helper, { givenName: 'Nope' })).toMatchObject({ updated: 0 });
    expect((await findUser(a, helper))!.givenName).toBe('Help');
  });

  it('preferences: top-level replacement, no-op detection, key rules', async () => {
    const a = await seedActor();
    expect(await setPreferences(a, { grid: { cols: 3 }, theme: 'dark' })).toEqual({ updated: 1, preferences: { grid: { cols: 3 }, theme: 'dark' } });
    expect(await setPreferences(a, { grid: { rows: 2 } })).toEqual({ updated: 1, preferences: { grid: { rows: 2 }, theme: 'dark' } });
    expect(await setPreferences(a, { theme: 'dark' })).toEqual({ updated: 0 });
    await expect(setPreferences(a, { ok: { 'a.b': 1 } })).rejects.toMatchObject({ code: 'INVALID_FIELD_VALUE' });
    await expect(setPreferences({ ...a, userId: 'nobody' }, { x: 1 })).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    expect(await getPreferences(a)).toEqual({ grid: { rows: 2 }, theme: 'dark' });
  });
});
