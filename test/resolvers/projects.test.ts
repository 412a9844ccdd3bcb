import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { createProject, getProject, getWritableProject, listProjects } from '../../src/resolvers/projects.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';

useTestDatabase();

describe('projects', () => {
  it('creates with a trimmed unique name per company; other companies may reuse it', async () => {
    const a = await seedActor();
    const b = await seedActor();
    const project = await createProject(a, { name: '  vision  ', description: 'd', tags: ['x'] });
    expect(project).toMatchObject({ name: 'vision', description: 'd', tags: ['x'], companyId: a.companyId, userId: a.userId, featured: 9999 });
    await expect(createProject(a, { name: 'vision' })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(createProject(a, { name: 'ab' })).rejects.toMatchObject({ code: 'DATA_VALIDATION' });
    await expect(createProject(a, { name: 'tagged', tags: ['__$not'] })).rejects.toMatchObject({ code: 'INVALID_FIELD_VALUE' });
    expect((await createProject(b, { name: 'vision' })).companyId).toBe(b.companyId);
  });

  it('reads own and public projects; another company looks missing; public is read-only', async () => {
    const a = await seedActor();
    const b = await seedActor();
    const project = await createProject(a, { name: 'shared one' });
    await expect(getProject(b, project.id)).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    await db.project.update({ where: { id: project.id }, data: { companyId: null, companyOrigin: a.companyId } });
    expect((await getProject(b, project.id)).id).toBe(project.id);
    await expect(getWritableProject(b, project.id)).rejects.toMatchObject({ code: 'PUBLIC_READ_ONLY' });
    await expect(getProject(b, 'bad id!')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('lists with exact-name regex (the SDK lookup), list filters, ordering and paging', async () => {
    const a = await seedActor();
    for (const name of ['alpha', 'beta', 'alpha.v2', 'gamma']) await createProject(a, { name, tags: name === 'beta' ? ['t'] : [] });
    // Public projects of other test files (the fuzzers rename and tag theirs at random) are listed
    // too: look only at this company's rows.
    const own = <T extends { companyId: string | null }>(projects: T[]) => projects.filter((p) => p.companyId === a.companyId);
    const exact = own(await listProjects(a, { filter: { name: '^alpha$' } }));
    expect(exact.map((p) => p.name)).toEqual(['alpha']);
    expect(own(await listProjects(a, { filter: { name: '^alpha\\.v2$' } })).map((p) => p.name)).toEqual(['alpha.v2']);
    const mine = own(await listProjects(a, { orderBy: ['-name'] }));
    expect(mine.map((p) => p.name)).toEqual(['gamma', 'beta', 'alpha.v2', 'alpha']);
    expect(own(await listProjects(a, { filter: { tags: { include: ['t'], exclude: [], includeEmpty: false } } })).map((p) => p.name)).toEqual(['beta']);
    const page = await listProjects(a, { ownOnly: true, filter: { name: '^(alpha|beta|gamma)' }, orderBy: ['name'], page: { page: 1, pageSize: 2 } });
    expect(page.map((p) => p.name)).toEqual(['beta', 'gamma']);
    await expect(listProjects(a, { filter: { name: '([' } })).rejects.toMatchObject({ code: 'INVALID_REGEX' });
    await expect(listProjects(a, { page: { page: -1, pageSize: 1 } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(listProjects(a, { orderBy: ['nope'] })).rejects.toMatchObject({ code: 'UNKNOWN_FIELD' });
  });
});
