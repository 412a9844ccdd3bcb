// The legacy projects.* wire over HTTP (neighbours spec B.1, A.10, 0.2, 0.4, 0.5, E.8): response
// shapes, documented errors, handler versions and company isolation.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { metricHash } from '../../src/resolvers/tasks/metrics.ts';
import { seedActor, sqlLog, useTestDatabase } from '../helpers/db.ts';
import { useLegacyServer } from '../helpers/legacy.ts';
import { callAs, expectLegacyError, okAs } from '../helpers/legacy-calls.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();
useLegacyServer();

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;

const call = (actor: Actor, endpoint: string, body: Record<string, unknown> = {}, version = '2.9') => callAs(actor, endpoint, body, version);
const ok = okAs;
const expectError = expectLegacyError;

async function seedModel(actor: Actor, data: Record<string, unknown> = {}) {
  return db.model.create({ data: { id: newId(), companyId: actor.companyId, userId: actor.userId, name: 'model', ...data } });
}

let alice: Actor;
let bob: Actor;
beforeAll(async () => {
  alice = await seedActor({ userName: 'alice' });
  bob = await seedActor({ userName: 'bob' });
});

describe('projects.create / get_by_id / get_all', () => {
  it('creates, reads back the document and refuses duplicates (400/801) and short names (400/800)', async () => {
    const { id } = await ok(alice, 'projects.create', { name: ' vision ', description: 'd', tags: ['a'], default_output_destination: ' s3://b ' });
    const { project } = await ok(alice, 'projects.get_by_id', { project: id });
    expect(project).toEqual({
      id, name: 'vision', description: 'd', user: alice.userId, company: alice.companyId, created: expect.stringMatching(ISO),
      last_update: expect.stringMatching(ISO), tags: ['a'], system_tags: [], featured: 9999, default_output_destination: 's3://b',
    });
    await expectError(alice, 'projects.create', { name: 'vision', description: '' }, 400, 801);
    await expectError(alice, 'projects.create', { name: 'ab', description: '' }, 400, 800);
    expect(await expectError(alice, 'projects.create', { name: 'abc' }, 400, 11)).toContain('missing=(description)');
    await expectError(alice, 'projects.get_by_id', {}, 400, 11);
    await expectError(alice, 'projects.get_by_id', { project: newId() }, 400, 401);
    await expectError(bob, 'projects.get_by_id', { project: id }, 400, 401);
  });

  it('get_all: filters, field exclusion, hidden company_origin, unknown fields 400/14', async () => {
    const owner = await seedActor();
    // names and tag of this test alone: public projects of other files are listed too
    const n = newId().slice(0, 8);
    await ok(owner, 'projects.create', { name: `p-${n}-one`, description: '', tags: [`x-${n}`] });
    await ok(owner, 'projects.create', { name: `p-${n}-two`, description: '', system_tags: ['archived'] });
    const { projects } = await ok(owner, 'projects.get_all', { name: `^p-${n}-`, only_fields: ['name'], order_by: ['-name'] });
    expect(projects).toEqual([{ name: `p-${n}-two` }, { name: `p-${n}-one` }]);
    const excluded = await ok(owner, 'projects.get_all', { tags: [`x-${n}`], only_fields: ['-description', '-created'] });
    expect(excluded.projects).toHaveLength(1);
    expect(excluded.projects[0]).toHaveProperty('id');
    expect(excluded.projects[0]).not.toHaveProperty('description');
    expect(excluded.projects[0]).not.toHaveProperty('created');
    expect((await ok(owner, 'projects.get_all', { system_tags: ['-archived'], name: `^p-${n}-` })).projects.map((p: { name: string }) => p.name)).toEqual([`p-${n}-one`]);
    await expectError(owner, 'projects.get_all', { only_fields: ['nope'] }, 400, 14);
    await expectError(owner, 'projects.get_all', { page: 0 }, 400, 11);
    await expectError(owner, 'projects.get_all', { tags: 'x' }, 400, 12);
    await expectError(owner, 'projects.get_all', { name: '([' }, 400, 21);
  });
});

describe('projects.get_all_ex', () => {
  it('returns references as objects with joins, non_public, and stats over the page (E.8: 65.9 s ⇒ 65)', async () => {
    const owner = await seedActor({ userName: 'carol' });
    const { id } = await ok(owner, 'projects.create', { name: 'stats project', description: '' });
    const started = new Date('2020-01-01T00:00:00.000Z');
    await seedTask(owner, { projectId: id, type: 'training', status: 'completed', started, completed: new Date(started.getTime() + 65_900) });
    await seedTask(owner, { projectId: id, type: 'testing', status: 'stopped', started, completed: new Date(started.getTime() + 10_500) });
    await seedTask(owner, { projectId: id, type: 'inference', status: 'completed', started, completed: new Date(started.getTime() + 99_000) });
    await seedTask(owner, { projectId: id, status: 'created' });
    await seedTask(owner, { projectId: id, status: 'failed', systemTags: ['archived'] });
    const other = await seedActor();
    await seedTask(other, { projectId: id, status: 'queued' }); // another company's task: not counted

    const { projects } = await ok(owner, 'projects.get_all_ex', {
      id: [id], include_stats: true, only_fields: ['name', 'user.name', 'company.name'],
    });
    expect(projects).toEqual([{
      id, name: 'stats project', user: { id: owner.userId, name: 'carol' }, company: { id: owner.companyId, name: expect.any(String) },
      stats: {
        active: {
          status_count: { created: 1, queued: 0, in_progress: 0, stopped: 1, publishing: 0, published: 0, closed: 0, failed: 0, completed: 2, unknown: 0 },
          total_runtime: 75,
        },
      },
    }]);
    const both = await ok(owner, 'projects.get_all_ex', { id: [id], include_stats: true, stats_for_state: null, only_fields: ['id'] });
    expect(both.projects[0].stats.archived.status_count.failed).toBe(1);
    expect(both.projects[0].stats.active.status_count.created).toBe(1);
    const archived = await ok(owner, 'projects.get_all_ex', { id: [id], include_stats: true, stats_for_state: 'archived' });
    expect(Object.keys(archived.projects[0].stats)).toEqual(['archived']);
    expect(archived.projects[0].stats.archived.total_runtime).toBe(0);
    const plain = await ok(owner, 'projects.get_all_ex', { id: [id] });
    expect(plain.projects[0]).toMatchObject({ user: { id: owner.userId }, company: { id: owner.companyId } });
    expect(plain.projects[0]).not.toHaveProperty('stats');
    await expectError(owner, 'projects.get_all_ex', { include_stats: true, stats_for_state: 'nope' }, 400, 16);
    await expectError(owner, 'projects.get_all_ex', { only_fields: ['-nope'] }, 400, 14);
  });

  it('computes the stats of a whole page in one aggregate statement', async () => {
    const owner = await seedActor();
    for (let i = 0; i < 8; i++) {
      const { id } = await ok(owner, 'projects.create', { name: `paged ${i}`, description: '' });
      await seedTask(owner, { projectId: id, status: 'created' });
    }
    sqlLog.length = 0;
    const { projects } = await ok(owner, 'projects.get_all_ex', { name: '^paged', include_stats: true, stats_for_state: '', page: 0, page_size: 5, order_by: ['name'] });
    expect(projects.map((p: { name: string }) => p.name)).toEqual(['paged 0', 'paged 1', 'paged 2', 'paged 3', 'paged 4']);
    expect(projects.every((p: { stats: { active: { status_count: { created: number } } } }) => p.stats.active.status_count.created === 1)).toBe(true);
    expect(sqlLog.filter((sql) => /FROM "task"/.test(sql))).toHaveLength(1);
  });

  it('non_public leaves public projects out; get_all shows them', async () => {
    const owner = await seedActor();
    const { id } = await ok(owner, 'projects.create', { name: 'to be public', description: '' });
    expect(await ok(owner, 'projects.make_public', { ids: [id] })).toEqual({ updated: 1 });
    const viewer = await seedActor();
    expect((await ok(viewer, 'projects.get_all', { id: [id] })).projects).toHaveLength(1);
    expect((await ok(viewer, 'projects.get_all_ex', { id: [id], non_public: true })).projects).toEqual([]);
    const publicDoc = (await ok(viewer, 'projects.get_all_ex', { id: [id] })).projects[0];
    expect(publicDoc.company).toEqual({});
    expect(publicDoc).not.toHaveProperty('company_origin');
    expect((await ok(owner, 'projects.get_by_id', { project: id })).project.company_origin).toBe(owner.companyId);
  });
});

describe('projects.update', () => {
  it('updates own projects, clears with null, always sets last_update', async () => {
    const owner = await seedActor();
    const { id } = await ok(owner, 'projects.create', { name: 'before', description: 'd', tags: ['t'], default_output_destination: 'x' });
    const data = await ok(owner, 'projects.update', { project: id, name: ' after ', tags: null, default_output_destination: null });
    expect(data).toEqual({ updated: 1, fields: { name: 'after', tags: null, default_output_destination: null, last_update: expect.stringMatching(ISO) } });
    const { project } = await ok(owner, 'projects.get_by_id', { project: id });
    expect(project).toMatchObject({ name: 'after', tags: [], description: 'd' });
    expect(project).not.toHaveProperty('default_output_destination');
    expect(project.last_update).toBe(data.fields.last_update);
    const touched = await ok(owner, 'projects.update', { project: id });
    expect(touched).toEqual({ updated: 1, fields: { last_update: expect.stringMatching(ISO) } });
  });

  it('answers 400/11, 400/401, 403/21, 400/16, 400/800, 400/801', async () => {
    const owner = await seedActor();
    const { id } = await ok(owner, 'projects.create', { name: 'first', description: '' });
    await ok(owner, 'projects.create', { name: 'second', description: '' });
    await expectError(owner, 'projects.update', { name: 'x' }, 400, 11);
    await expectError(owner, 'projects.update', { project: newId() }, 400, 401);
    await expectError(bob, 'projects.update', { project: id, name: 'stolen' }, 400, 401);
    await expectError(owner, 'projects.update', { project: id, tags: ['__$x'] }, 400, 16);
    await expectError(owner, 'projects.update', { project: id, tags: 'a' }, 400, 16);
    await expectError(owner, 'projects.update', { project: id, name: 'ab' }, 400, 800);
    await expectError(owner, 'projects.update', { project: id, name: 'second' }, 400, 801);
    await ok(owner, 'projects.make_public', { ids: [id] });
    await expectError(owner, 'projects.update', { project: id, name: 'public one' }, 403, 21);
  });
});

describe('projects.delete (B.1.4)', () => {
  it('is blocked by non-archived tasks of any company (400/402), then models (400/405); force detaches models', async () => {
    const owner = await seedActor();
    const { id } = await ok(owner, 'projects.create', { name: 'doomed', description: '' });
    const stranger = await seedActor();
    const foreign = await seedTask(stranger, { projectId: id, status: 'in_progress' });
    const msg = await expectError(owner, 'projects.delete', { project: id }, 400, 402);
    expect(msg).toContain(`id=${id}`);
    await db.task.update({ where: { id: foreign.id }, data: { systemTags: ['archived'] } });
    await seedModel(owner, { projectId: id });
    const archivedModel = await seedModel(owner, { projectId: id, systemTags: ['archived'] });
    await expectError(owner, 'projects.delete', { project: id }, 400, 405);
    const second = await seedModel(owner, { projectId: id });
    expect(await ok(owner, 'projects.delete', { project: id, force: true })).toEqual({ deleted: 1, disassociated_tasks: 2 });
    expect((await db.model.findUniqueOrThrow({ where: { id: second.id } })).projectId).toBeNull();
    expect(await db.model.findUnique({ where: { id: archivedModel.id } })).not.toBeNull();
    expect(await db.task.findUnique({ where: { id: foreign.id } })).not.toBeNull();
    await expectError(owner, 'projects.delete', { project: id }, 400, 401);
  });

  it('deletes when only archived children remain; E.8: an active task ⇒ 400/402, force ⇒ {deleted: 1, disassociated_tasks: <models>}', async () => {
    const owner = await seedActor();
    const { id } = await ok(owner, 'projects.create', { name: 'archived only', description: '' });
    await seedTask(owner, { projectId: id, systemTags: ['archived'] });
    expect(await ok(owner, 'projects.delete', { project: id })).toEqual({ deleted: 1, disassociated_tasks: 0 });
    const { id: active } = await ok(owner, 'projects.create', { name: 'active one', description: '' });
    await seedTask(owner, { projectId: active, status: 'in_progress' });
    await expectError(owner, 'projects.delete', { project: active }, 400, 402);
    expect(await ok(owner, 'projects.delete', { project: active, force: 1 })).toEqual({ deleted: 1, disassociated_tasks: 0 });
  });

  it('answers 400/11, 403/21 for public projects, 400/401 for other companies', async () => {
    const owner = await seedActor();
    const { id } = await ok(owner, 'projects.create', { name: 'guarded', description: '' });
    await expectError(owner, 'projects.delete', {}, 400, 11);
    await expectError(bob, 'projects.delete', { project: id }, 400, 401);
    await ok(owner, 'projects.make_public', { ids: [id] });
    await expectError(owner, 'projects.delete', { project: id }, 403, 21);
  });
});

describe('projects.make_public / make_private (2.9)', () => {
  it('moves company to company_origin and back; ineligible ids ⇒ 400/401 ids=(…); missing ids ⇒ 400/12', async () => {
    const owner = await seedActor();
    const { id } = await ok(owner, 'projects.create', { name: 'flip', description: '' });
    const ghost = newId();
    const msg = await expectError(owner, 'projects.make_public', { ids: [id, ghost] }, 400, 401);
    expect(msg).toContain(`ids=(${ghost})`);
    expect(await ok(owner, 'projects.make_public', { ids: [id] })).toEqual({ updated: 1 });
    await expectError(bob, 'projects.make_private', { ids: [id] }, 400, 401);
    expect(await ok(owner, 'projects.make_private', { ids: [id] })).toEqual({ updated: 1 });
    expect((await ok(owner, 'projects.get_by_id', { project: id })).project.company).toBe(owner.companyId);
    await expectError(owner, 'projects.make_public', {}, 400, 12);
    await expectError(owner, 'projects.make_public', { ids: [] }, 400, 12);
    await expectError(owner, 'projects.make_public', { ids: [id] }, 404, 0, '2.8');
    await expectError(owner, 'projects.make_private', { ids: [id] }, 404, 0, '2.8');
  });
});

describe('projects.get_unique_metric_variants', () => {
  it('lists distinct pairs of own tasks sorted by metric then variant; public tasks excluded', async () => {
    const owner = await seedActor();
    const { id } = await ok(owner, 'projects.create', { name: 'metrics', description: '' });
    const entry = (metric: string, variant: string) => ({
      [metricHash(metric)]: { [metricHash(variant)]: { metric, variant, value: 1 } },
    });
    await seedTask(owner, { projectId: id, lastMetrics: { ...entry('loss', 'total'), ...entry('acc', 'top1') } });
    await seedTask(owner, { projectId: id, lastMetrics: entry('loss', 'total') });
    await seedTask(owner, { lastMetrics: entry('zeta', 'a') });
    await seedTask(owner, { companyId: null, projectId: id, lastMetrics: entry('public', 'x') });
    const { metrics } = await ok(owner, 'projects.get_unique_metric_variants', { project: id });
    expect(metrics).toEqual([
      { metric: 'acc', metric_hash: metricHash('acc'), variant: 'top1', variant_hash: metricHash('top1') },
      { metric: 'loss', metric_hash: metricHash('loss'), variant: 'total', variant_hash: metricHash('total') },
    ]);
    expect((await ok(owner, 'projects.get_unique_metric_variants', {})).metrics.map((m: { metric: string }) => m.metric)).toEqual(['acc', 'loss', 'zeta']);
    expect((await ok(bob, 'projects.get_unique_metric_variants', { project: id })).metrics).toEqual([]);
    await expectError(owner, 'projects.get_unique_metric_variants', { project: 5 }, 400, 12);
  });
});

describe('projects.get_hyper_parameters (2.9 only)', () => {
  it('pages distinct (section, name) pairs sorted by escaped keys; 404 below 2.9', async () => {
    const owner = await seedActor();
    const { id } = await ok(owner, 'projects.create', { name: 'params', description: '' });
    const item = (section: string, name: string) => ({ section, name, value: '1' });
    await seedTask(owner, { projectId: id, hyperparams: { Args: { lr: item('Args', 'lr'), batch: item('Args', 'batch') }, '_x': { a: item('_x', 'a') } } });
    await seedTask(owner, { projectId: id, hyperparams: { Args: { lr: item('Args', 'lr') }, 'a.b': { z: item('a.b', 'z') } } });
    await seedTask(owner, { companyId: null, projectId: id, hyperparams: { Public: { p: item('Public', 'p') } } });
    // escaped: "%_x" < "Args" < "a%2Eb" (bytes)
    expect(await ok(owner, 'projects.get_hyper_parameters', { project: id })).toEqual({
      total: 4,
      remaining: 0,
      parameters: [
        { section: '_x', name: 'a' }, { section: 'Args', name: 'batch' }, { section: 'Args', name: 'lr' }, { section: 'a.b', name: 'z' },
      ],
    });
    expect(await ok(owner, 'projects.get_hyper_parameters', { project: id, page: 1, page_size: 3 })).toEqual({
      total: 4, remaining: 0, parameters: [{ section: 'a.b', name: 'z' }],
    });
    expect(await ok(owner, 'projects.get_hyper_parameters', { project: id, page: -1, page_size: 0 })).toEqual({
      total: 4, remaining: 3, parameters: [{ section: '_x', name: 'a' }],
    });
    expect(await ok(owner, 'projects.get_hyper_parameters', { project: newId() })).toEqual({ total: 0, remaining: 0, parameters: [] });
    expect((await ok(bob, 'projects.get_hyper_parameters', { project: id })).total).toBe(0);
    await expectError(owner, 'projects.get_hyper_parameters', { project: id }, 404, 0, '2.8');
    await expectError(owner, 'projects.get_hyper_parameters', { page: 'x' }, 400, 12);
  });
});

describe('projects.get_task_tags / get_model_tags (2.8)', () => {
  it('lists own tags per project with include_system and filter; 404 below 2.8', async () => {
    const owner = await seedActor();
    const { id } = await ok(owner, 'projects.create', { name: 'tagged', description: '' });
    await seedTask(owner, { projectId: id, tags: ['b', 'a'], systemTags: ['archived'] });
    await seedTask(owner, { projectId: id, tags: ['c'], systemTags: ['development'] });
    await seedTask(owner, { tags: ['elsewhere'] });
    await seedTask(owner, { companyId: null, projectId: id, tags: ['public'] });
    await seedModel(owner, { projectId: id, tags: ['m1'], systemTags: ['mx'] });
    expect(await ok(owner, 'projects.get_task_tags', { projects: [id] })).toEqual({ tags: ['a', 'b', 'c'] });
    expect(await ok(owner, 'projects.get_task_tags', { projects: [id], include_system: true, filter: { system_tags: ['__$not', 'archived'] } }))
      .toEqual({ tags: ['c'], system_tags: ['development'] });
    expect(await ok(owner, 'projects.get_task_tags', { projects: [id], filter: { system_tags: ['-development'] } })).toEqual({ tags: ['a', 'b'] });
    expect((await ok(owner, 'projects.get_task_tags', {})).tags).toEqual(['a', 'b', 'c', 'elsewhere']);
    expect(await ok(owner, 'projects.get_model_tags', { projects: [id], include_system: true })).toEqual({ tags: ['m1'], system_tags: ['mx'] });
    expect(await ok(bob, 'projects.get_task_tags', { projects: [id] })).toEqual({ tags: [] });
    await expectError(owner, 'projects.get_task_tags', { projects: 'x' }, 400, 12);
    await expectError(owner, 'projects.get_task_tags', {}, 404, 0, '2.7');
    await expectError(owner, 'projects.get_model_tags', {}, 404, 0, '2.7');
  });
});

describe('handler versions', () => {
  it.each(['projects.get_all_ex', 'projects.update', 'projects.delete', 'projects.get_unique_metric_variants'])(
    '%s is served from 1.0 (actual_version 1.0)', async (endpoint) => {
      const { meta } = await call(alice, endpoint, {}, '1.0');
      expect(meta.result_code).not.toBe(404);
      expect(meta.endpoint.actual_version).toBe(1.0);
    },
  );
});
