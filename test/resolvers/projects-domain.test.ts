// The projects domain services called directly: update/delete rules and their races, publicity,
// statistics, metric variants, hyper-parameter keys and tags.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import {
  countProjectTasks,
  getProjectHyperParameters,
  getProjectsStats,
  getUniqueMetricVariants,
} from '../../src/resolvers/project-stats.ts';
import {
  countProjects,
  createProject,
  deleteProject,
  findProject,
  listProjects,
  makeProjectsPrivate,
  makeProjectsPublic,
  updateProject,
} from '../../src/resolvers/projects.ts';
import { listModelTags, listOrganizationTags, listTaskTags } from '../../src/resolvers/tags.ts';
import { metricHash } from '../../src/resolvers/tasks/metrics.ts';
import { seedActor, seedProject, useTestDatabase } from '../helpers/db.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

const seedModel = (actor: Actor, data: Record<string, unknown> = {}) =>
  db.model.create({ data: { id: newId(), companyId: actor.companyId, userId: actor.userId, name: 'model', ...data } });

describe('updateProject', () => {
  it('writes only the given members, clears with null, always sets lastUpdate', async () => {
    const a = await seedActor();
    const project = await createProject(a, { name: 'upd domain', description: 'd', tags: ['t'], defaultOutputDestination: 'x' });
    const result = await updateProject(a, project.id, { description: null, tags: null });
    expect(result).toMatchObject({ updated: 1, changes: { description: null, tags: null } });
    const stored = await db.project.findUniqueOrThrow({ where: { id: project.id } });
    expect(stored).toMatchObject({ name: 'upd domain', description: '', tags: [], defaultOutputDestination: 'x' });
    expect(stored.lastUpdate.getTime()).toBe(result.lastUpdate.getTime());
    await expect(updateProject(a, project.id, { name: null })).rejects.toMatchObject({ code: 'DATA_VALIDATION' });
    await expect(updateProject(a, project.id, { systemTags: ['__$all'] })).rejects.toMatchObject({ code: 'INVALID_FIELD_VALUE' });
    await expect(updateProject(await seedActor(), project.id, { name: 'mine now' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
  });

  it('concurrent renames to the same name: exactly one wins, the other is ALREADY_EXISTS', async () => {
    const a = await seedActor();
    const [p1, p2] = await Promise.all([seedProject(a), seedProject(a)]);
    const results = await Promise.allSettled([updateProject(a, p1.id, { name: 'contested' }), updateProject(a, p2.id, { name: 'contested' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'ALREADY_EXISTS' } });
  });
});

describe('deleteProject', () => {
  it('concurrent deletes: one deletes, the other finds nothing', async () => {
    const a = await seedActor();
    const project = await seedProject(a);
    await seedModel(a, { projectId: project.id });
    const results = await Promise.allSettled([deleteProject(a, project.id, true), deleteProject(a, project.id, true)]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    expect(fulfilled).toHaveLength(1);
    expect(fulfilled[0]).toMatchObject({ value: { deleted: 1, disassociatedModels: 1 } });
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'PROJECT_NOT_FOUND' } });
  });

  it('tasks of the deleted project survive without it (the foreign key clears the reference)', async () => {
    const a = await seedActor();
    const project = await seedProject(a);
    const task = await seedTask(a, { projectId: project.id });
    await expect(deleteProject(a, project.id)).rejects.toMatchObject({ code: 'PROJECT_HAS_TASKS', details: { id: project.id } });
    expect(await deleteProject(a, project.id, true)).toEqual({ deleted: 1, disassociatedModels: 0 });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).projectId).toBeNull();
  });
});

describe('publicity', () => {
  it('make public then private; all-or-nothing on bad ids', async () => {
    const a = await seedActor();
    const [p1, p2] = await Promise.all([seedProject(a), seedProject(a)]);
    await expect(makeProjectsPublic(a, [p1.id, 'missing'])).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND', ids: ['missing'] });
    expect((await findProject(a, p1.id))!.companyId).toBe(a.companyId);
    expect(await makeProjectsPublic(a, [p1.id, p2.id])).toEqual({ updated: 2 });
    const b = await seedActor();
    expect((await findProject(b, p1.id))!.companyOrigin).toBe(a.companyId);
    expect(await countProjects(b, { filter: { ids: { include: [p1.id, p2.id], exclude: [], includeEmpty: false } } })).toBe(2);
    expect(await countProjects(b, { ownOnly: true, filter: { ids: { include: [p1.id], exclude: [], includeEmpty: false } } })).toBe(0);
    await expect(makeProjectsPrivate(b, [p1.id])).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    expect(await makeProjectsPrivate(a, [p1.id])).toEqual({ updated: 1 });
    await expect(makeProjectsPublic(a, [])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('listProjects windows', () => {
  it('offset/limit windows and legacy pages select the same rows', async () => {
    const a = await seedActor();
    for (const name of ['w-a', 'w-b', 'w-c', 'w-d']) await createProject(a, { name });
    const byPage = await listProjects(a, { filter: { name: '^w-' }, orderBy: ['name'], page: { page: 1, pageSize: 2 } });
    const byWindow = await listProjects(a, { filter: { name: '^w-' }, orderBy: ['name'], page: { offset: 2, limit: 2 } });
    expect(byWindow.map((p) => p.name)).toEqual(byPage.map((p) => p.name));
    expect(byPage.map((p) => p.name)).toEqual(['w-c', 'w-d']);
  });
});

describe('project statistics', () => {
  it('counts every status per state and floors each run time before summing', async () => {
    const a = await seedActor();
    const [p1, p2] = await Promise.all([seedProject(a), seedProject(a)]);
    const t0 = new Date('2020-06-01T00:00:00Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    await seedTask(a, { projectId: p1.id, type: 'training', status: 'completed', started: t0, completed: at(65_900) });
    await seedTask(a, { projectId: p1.id, type: 'testing', status: 'stopped', started: t0, completed: at(1_999) });
    await seedTask(a, { projectId: p1.id, type: 'training', status: 'failed', started: at(5_000), completed: at(1_000) }); // completed before started
    await seedTask(a, { projectId: p1.id, type: 'training', status: 'in_progress', started: t0 });
    await seedTask(a, { projectId: p1.id, status: 'published', systemTags: ['archived'], started: t0, completed: at(10_000) });
    await seedTask(a, { companyId: null, projectId: p1.id, status: 'queued' });
    const stats = await getProjectsStats(a, [p1.id, p2.id], ['active', 'archived']);
    expect(stats.get(p1.id)!.active!.statusCount).toEqual({
      created: 0, queued: 1, in_progress: 1, stopped: 1, publishing: 0, published: 0, closed: 0, failed: 1, completed: 1, unknown: 0,
    });
    expect(stats.get(p1.id)!.active!.totalRuntime).toBe(66);
    expect(stats.get(p1.id)!.archived!).toMatchObject({ totalRuntime: 10, statusCount: { published: 1 } });
    expect(stats.get(p2.id)!.active!.totalRuntime).toBe(0);
    expect(Object.keys((await getProjectsStats(a, [p1.id], ['archived'])).get(p1.id)!)).toEqual(['archived']);
    expect((await getProjectsStats(await seedActor(), [p1.id])).get(p1.id)!.active!.statusCount.in_progress).toBe(0);
    expect((await countProjectTasks(a, [p1.id, p2.id]))).toEqual(new Map([[p1.id, 6], [p2.id, 0]]));
  });

  it('metric variants and hyper-parameter keys come from own tasks only', async () => {
    const a = await seedActor();
    const project = await seedProject(a);
    await seedTask(a, {
      projectId: project.id,
      lastMetrics: { [metricHash('B')]: { [metricHash('x')]: { metric: 'B', variant: 'x', value: 1 } }, [metricHash('a')]: { [metricHash('y')]: { metric: 'a', variant: 'y', value: 2 } } },
      hyperparams: { S: { n: { section: 'S', name: 'n', value: '1' } } },
    });
    // code-point order: upper case before lower case
    expect((await getUniqueMetricVariants(a, project.id)).map((m) => m.metric)).toEqual(['B', 'a']);
    expect(await getProjectHyperParameters(a, { projectId: project.id })).toEqual({ total: 1, remaining: 0, parameters: [{ section: 'S', name: 'n' }] });
    const b = await seedActor();
    expect(await getUniqueMetricVariants(b, project.id)).toEqual([]);
    await expect(getProjectHyperParameters(a, { page: 1.5 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('tags', () => {
  it('task, model and organization tags with filters (null = empty list)', async () => {
    const a = await seedActor();
    const project = await seedProject(a);
    await seedTask(a, { projectId: project.id, tags: ['x'], systemTags: [] });
    await seedTask(a, { projectId: project.id, tags: ['y'], systemTags: ['archived'] });
    await seedModel(a, { projectId: project.id, tags: ['m'], systemTags: ['s'] });
    expect(await listTaskTags(a, { projects: [project.id], filter: { systemTags: { include: [], exclude: [], includeEmpty: true } } })).toEqual({ tags: ['x'] });
    expect(await listModelTags(a, { includeSystem: true })).toEqual({ tags: ['m'], systemTags: ['s'] });
    expect(await listOrganizationTags(a, { includeSystem: true })).toEqual({ tags: ['m', 'x', 'y'], systemTags: ['archived', 's'] });
    expect(await listOrganizationTags(a, { filter: { tags: { include: ['y', 'm'], exclude: [], includeEmpty: false } } })).toEqual({ tags: ['m', 'y'] });
  });
});
