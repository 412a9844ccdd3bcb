// The legacy models.* service (neighbours spec B.2, E.9) end to end: every call goes over HTTP on a
// real socket with a Bearer token from auth.login; every test has its own company.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { seedProject, useTestDatabase } from '../helpers/db.ts';
import { callLegacy, loggedInTenant, useLegacyServer, type Tenant } from '../helpers/legacy.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();
useLegacyServer();

type Doc = Record<string, any>;

interface Reply {
  code: readonly [number, number];
  data: Doc;
  message: string;
  actualVersion: unknown;
}

async function rpc(who: Tenant, path: string, body?: unknown): Promise<Reply> {
  const response = await callLegacy(path, { auth: who.auth, body });
  const { meta, data } = response.json;
  expect(response.status, `${path}: HTTP status = result_code`).toBe(meta.result_code);
  return {
    code: [meta.result_code, meta.result_subcode],
    data,
    message: meta.result_msg,
    actualVersion: meta.endpoint.actual_version,
  };
}

async function ok(who: Tenant, path: string, body?: unknown): Promise<Doc> {
  const reply = await rpc(who, path, body);
  expect(reply.code, `${path}: ${reply.message}`).toEqual([200, 0]);
  return reply.data;
}

async function fails(who: Tenant, path: string, body: unknown, code: number, subcode: number) {
  const reply = await rpc(who, path, body);
  expect(reply.code, `${path}: ${reply.message}`).toEqual([code, subcode]);
  return reply;
}

const createModel = async (who: Tenant, body: Doc = {}) =>
  (await ok(who, '/models.create', { name: 'resnet50', uri: 's3://bucket/model.pt', ...body })).id as string;

const getTask = async (who: Tenant, id: string) => (await ok(who, '/tasks.get_by_id', { task: id })).task as Doc;

describe('neighbours spec E.9 conformance', () => {
  it('update_for_task(uri) creates then updates the output model; stopped task ⇒ 400/110; set_ready twice ⇒ 400/203', async () => {
    const who = await loggedInTenant();
    const project = await seedProject(who.actor);
    const { id: taskId } = await ok(who, '/tasks.create', { name: 'train resnet', type: 'training', project: project.id });

    const first = await ok(who, '/models.update_for_task', { task: taskId, uri: 's3://b/m1.pt', iteration: 5 });
    expect(first).toEqual({ id: expect.any(String), created: true });
    const task = await getTask(who, taskId);
    expect(task.output.model).toBe(first.id);
    expect(task.last_iteration).toBe(5);

    const model = (await ok(who, '/models.get_by_id', { model: first.id })).model;
    expect(model).toMatchObject({
      id: first.id,
      name: 'train resnet',
      comment: `Created by task \`train resnet\` (${taskId})`,
      uri: 's3://b/m1.pt',
      task: taskId,
      project: project.id,
      ready: false,
      company: who.actor.companyId,
      user: who.actor.userId,
      design: {},
      labels: {},
    });
    expect(model).not.toHaveProperty('ui_cache');
    expect(model).not.toHaveProperty('last_update');

    const second = await ok(who, '/models.update_for_task', { task: taskId, uri: 's3://b/m2.pt', name: 'renamed model', iteration: 3 });
    expect(second).toMatchObject({ id: first.id, created: false, updated: 1 });
    expect(second.fields).toMatchObject({ uri: 's3://b/m2.pt', name: 'renamed model', ui_cache: {} });
    expect((await getTask(who, taskId)).last_iteration).toBe(5);

    await ok(who, '/tasks.started', { task: taskId });
    await ok(who, '/tasks.stopped', { task: taskId });
    await fails(who, '/models.update_for_task', { task: taskId, uri: 's3://b/m3.pt' }, 400, 110);

    expect(await ok(who, '/models.set_ready', { model: first.id, publish_task: false })).toEqual({ updated: 1, fields: {} });
    await fails(who, '/models.set_ready', { model: first.id }, 400, 203);
  });

  it('delete of a model used as input ⇒ 400/205; with force the task shows __DELETED__<id>', async () => {
    const who = await loggedInTenant();
    const modelId = await createModel(who);
    const { id: taskId } = await ok(who, '/tasks.create', { name: 'uses model', type: 'training', execution: { model: modelId } });
    const refused = await fails(who, '/models.delete', { model: modelId }, 400, 205);
    expect(refused.message).toContain('num_tasks=1');
    expect(await ok(who, '/models.delete', { model: modelId, force: true })).toEqual({ deleted: true });
    const task = await getTask(who, taskId);
    expect(task.execution.model).toBe(`__DELETED__${modelId}`);
    // the rendered reference also drives get_all projections and filters over the document
    const listed = await ok(who, '/tasks.get_all', { id: [taskId], only_fields: ['execution.model'] });
    expect(listed.tasks).toEqual([{ execution: { model: `__DELETED__${modelId}` } }]);
    const ordered = await ok(who, '/tasks.get_all', { id: [taskId], order_by: ['execution.model'], only_fields: ['id'] });
    expect(ordered.tasks).toEqual([{ id: taskId }]);
    // a clone carries the deleted reference; validate_references refuses it like any missing model
    const { id: cloneId } = await ok(who, '/tasks.clone', { task: taskId });
    expect((await getTask(who, cloneId)).execution.model).toBe(`__DELETED__${modelId}`);
    await fails(who, '/tasks.clone', { task: taskId, validate_references: true }, 400, 201);
    const replaced = await createModel(who);
    const { id: overridden } = await ok(who, '/tasks.clone', { task: taskId, validate_references: true, execution_overrides: { model: replaced } });
    expect((await getTask(who, overridden)).execution.model).toBe(replaced);
  });
});

describe('models reads', () => {
  it('SDK usages of get_all: exact name + ready + order + page; task filter; uri filter', async () => {
    const who = await loggedInTenant();
    const task = await seedTask(who.actor);
    const ids: string[] = [];
    for (const [i, ready] of [true, true, false].entries()) {
      ids.push(await createModel(who, { name: 'my model', uri: `s3://b/${i}.pt`, ready, task: task.id }));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await createModel(who, { name: 'my model 2', uri: 's3://b/x.pt' });

    const byName = await ok(who, '/models.get_all', {
      name: '^my model$', ready: true, order_by: ['-created'], page: 0, page_size: 10, only_fields: ['id', 'created'],
    });
    expect(byName.models.map((m: Doc) => m.id)).toEqual([ids[1], ids[0]]);
    expect(Object.keys(byName.models[0]).sort()).toEqual(['created', 'id']);
    expect(byName.models[0].created).toMatch(/\+00:00$/);

    const byTask = await ok(who, '/models.get_all', { task: [task.id], order_by: ['created'], only_fields: ['id'] });
    expect(byTask.models).toEqual(ids.map((id) => ({ id })));

    const byUri = await ok(who, '/models.get_all', { uri: ['s3://b/2.pt'], only_fields: ['id', 'name', 'created'] });
    expect(byUri.models).toEqual([{ id: ids[2], name: 'my model', created: expect.any(String) }]);

    const paged = await ok(who, '/models.get_all', { name: '^my model', order_by: ['created'], page: 1, page_size: 2, only_fields: ['id'] });
    expect(paged.models).toEqual([{ id: ids[2] }, { id: expect.any(String) }]);
  });

  it('get_all filters: -x / __$not / null lists, comment regex, search_text, order with empty values last, exclusion', async () => {
    const who = await loggedInTenant();
    const a = await createModel(who, { name: 'alpha net', framework: 'PyTorch', tags: ['x'], comment: 'good one' });
    const b = await createModel(who, { name: 'beta net', framework: 'Keras', tags: ['y'] });
    const c = await createModel(who, { name: 'gamma net' });
    // public models of other tests are visible too: stay within this tenant's user
    const all = { only_fields: ['id'], order_by: ['name'], user: [who.actor.userId] };
    const ids = async (body: Doc) => ((await ok(who, '/models.get_all', { ...all, ...body })).models as Doc[]).map((m) => m.id);
    expect(await ids({ framework: ['-Keras'] })).toEqual([a, c]);
    expect(await ids({ framework: ['__$not', 'PyTorch'] })).toEqual([b, c]);
    expect(await ids({ framework: [null] })).toEqual([c]);
    expect(await ids({ tags: ['x', 'y'] })).toEqual([a, b]);
    expect(await ids({ comment: 'good' })).toEqual([a]);
    expect(await ids({ search_text: 'beta' })).toEqual([b]);
    expect(await ids({ order_by: ['-framework'] })).toEqual([a, b, c]);
    expect(await ids({ order_by: ['framework'] })).toEqual([b, a, c]);
    expect(await ids({ order_by: ['-name'] })).toEqual([c, b, a]);

    const excluded = await ok(who, '/models.get_all', { id: [a], only_fields: ['-design', '-labels'] });
    expect(excluded.models[0]).toMatchObject({ id: a, name: 'alpha net', framework: 'PyTorch' });
    expect(excluded.models[0]).not.toHaveProperty('design');
    expect(excluded.models[0]).not.toHaveProperty('ui_cache');
    const withHidden = await ok(who, '/models.get_all', { id: [a], only_fields: ['ui_cache'] });
    expect(withHidden.models).toEqual([{ ui_cache: {} }]);

    await fails(who, '/models.get_all', { only_fields: ['nosuchfield'] }, 400, 14);
    await fails(who, '/models.get_all', { name: '(' }, 400, 21);
    await fails(who, '/models.get_all', { tags: 'x' }, 400, 12);
    await fails(who, '/models.get_all', { page: 0 }, 400, 11);
    await fails(who, '/models.get_all', { order_by: ['nosuchfield'] }, 400, 14);
  });

  it('get_all_ex returns references as objects and joins project.name, user.name, task.name', async () => {
    const who = await loggedInTenant();
    const project = await seedProject(who.actor, 'joined project');
    const task = await seedTask(who.actor, { name: 'joined task' });
    const id = await createModel(who, { project: project.id, task: task.id });
    const { models } = await ok(who, '/models.get_all_ex', {
      id: [id],
      only_fields: ['name', 'project.name', 'user.name', 'task.name', 'company', 'parent'],
    });
    expect(models).toEqual([
      {
        id,
        name: 'resnet50',
        project: { id: project.id, name: 'joined project' },
        user: { id: who.actor.userId, name: 'alice' },
        task: { id: task.id, name: 'joined task' },
        company: { id: who.actor.companyId },
      },
    ]);
    const whole = await ok(who, '/models.get_all_ex', { id: [id] });
    expect(whole.models[0]).toMatchObject({ id, project: { id: project.id }, user: { id: who.actor.userId } });
    await fails(who, '/models.get_all_ex', { only_fields: ['-nosuchfield'] }, 400, 14);
  });

  it('get_by_id: 400/11 without model, 400/201 for unknown and foreign models; public models are readable', async () => {
    const who = await loggedInTenant();
    const other = await loggedInTenant('bob');
    const own = await createModel(who);
    const publicModel = await createModel(other, { public: true, name: 'public model' });
    await fails(who, '/models.get_by_id', {}, 400, 11);
    await fails(who, '/models.get_by_id', { model: newId() }, 400, 201);
    await fails(other, '/models.get_by_id', { model: own }, 400, 201);
    expect((await ok(who, '/models.get_by_id', { model: publicModel })).model).toMatchObject({ id: publicModel, company: '' });
    // other members act as filters (quirk)
    await fails(who, '/models.get_by_id', { model: own, ready: false }, 400, 201);
    expect((await ok(who, '/models.get_all', { only_fields: ['id'] })).models.map((m: Doc) => m.id)).toEqual(
      expect.arrayContaining([own, publicModel]),
    );
    expect((await ok(other, '/models.get_all', { id: [own] })).models).toEqual([]);
  });

  it('get_by_task_id: output model with ui_cache; 400/101 for public/unknown tasks, 400/122 without output model', async () => {
    const who = await loggedInTenant();
    const { id: taskId } = await ok(who, '/tasks.create', { name: 'has output', type: 'training' });
    await fails(who, '/models.get_by_task_id', {}, 400, 11);
    await fails(who, '/models.get_by_task_id', { task: taskId }, 400, 122);
    await fails(who, '/models.get_by_task_id', { task: newId() }, 400, 101);
    const { id } = await ok(who, '/models.update_for_task', { task: taskId, uri: 's3://b/out.pt' });
    const { model } = await ok(who, '/models.get_by_task_id', { task: taskId });
    expect(model).toMatchObject({ id, ui_cache: {}, task: taskId });
    await ok(who, '/tasks.make_public', { ids: [taskId] });
    await fails(who, '/models.get_by_task_id', { task: taskId }, 400, 101);

    // the output model is out of the caller's scope, or was deleted with force ⇒ 400/201
    const other = await loggedInTenant('bob');
    const foreignModel = await createModel(other);
    const { id: second } = await ok(who, '/tasks.create', { name: 'foreign output', type: 'training' });
    await db.task.update({ where: { id: second }, data: { outputModelId: foreignModel } });
    await fails(who, '/models.get_by_task_id', { task: second }, 400, 201);
    await db.task.update({ where: { id: second }, data: { outputModelId: null, detachedOutputModelId: foreignModel } });
    await fails(who, '/models.get_by_task_id', { task: second }, 400, 201);
  });

  it('tasks.create/edit take own or public models as execution.model (B.2.4), else 400/201', async () => {
    const who = await loggedInTenant();
    const other = await loggedInTenant('bob');
    const publicModel = await createModel(other, { public: true });
    const foreignModel = await createModel(other);
    const { id } = await ok(who, '/tasks.create', { name: 'public input', type: 'training', execution: { model: publicModel } });
    expect((await getTask(who, id)).execution.model).toBe(publicModel);
    await fails(who, '/tasks.create', { name: 'foreign input', type: 'training', execution: { model: foreignModel } }, 400, 201);
    await fails(who, '/tasks.edit', { task: id, execution: { model: foreignModel } }, 400, 201);
  });

  it('get_frameworks: distinct sorted frameworks of own and public models, per project', async () => {
    const who = await loggedInTenant();
    const other = await loggedInTenant('bob');
    const project = await seedProject(who.actor);
    await createModel(who, { framework: 'PyTorch', project: project.id });
    await createModel(who, { framework: 'Keras' });
    await createModel(who, { framework: 'Keras' });
    await createModel(other, { framework: 'Caffe' });
    await createModel(other, { framework: 'TensorFlow', public: true });
    const all = await ok(who, '/models.get_frameworks', {});
    expect(all.frameworks).toEqual(expect.arrayContaining(['Keras', 'PyTorch', 'TensorFlow']));
    expect(all.frameworks).not.toContain('Caffe');
    // Sorted by code point (UTF-8 byte order), not by JS's UTF-16 units: public models of other test
    // files (the fuzzers) may carry frameworks beyond U+FFFF, where the two orders differ.
    const byCodePoint = (x: string, y: string) => Buffer.compare(Buffer.from(x), Buffer.from(y));
    expect([...all.frameworks].sort(byCodePoint)).toEqual(all.frameworks);
    expect((await ok(who, '/models.get_frameworks', { projects: [project.id] })).frameworks).toEqual(['PyTorch']);
    await fails(who, '/models.get_frameworks', { projects: 'x' }, 400, 12);
    expect((await rpc(who, '/v2.1/models.get_frameworks', {})).actualVersion).toBe('1.0');
  });
});

describe('models writes', () => {
  it('create: defaults, typed errors (400/12), name (400/800), labels (400/800), tags (400/16), project rules, public task (403/21)', async () => {
    const who = await loggedInTenant();
    const other = await loggedInTenant('bob');
    const reply = await ok(who, '/models.create', { name: 'resnet50', uri: ' s3://m ', labels: { cat: 1, dog: 2 }, design: { design: 'text' } });
    expect(reply).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), created: true });
    const id = reply.id as string;
    const stored = await db.model.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ ready: true, uri: 's3://m', companyId: who.actor.companyId, labels: { cat: 1, dog: 2 }, uiCache: {} });
    await fails(who, '/models.create', { uri: 'x' }, 400, 12);
    await fails(who, '/models.create', { name: 'abc' }, 400, 12);
    await fails(who, '/models.create', { name: 5, uri: 'x' }, 400, 12);
    await fails(who, '/models.create', { name: ' ab ', uri: 'x' }, 400, 800);
    await fails(who, '/models.create', { name: 'abc', uri: 'x', labels: { a: 1, b: 1 } }, 400, 800);
    await fails(who, '/models.create', { name: 'abc', uri: 'x', labels: { a: 1.5 } }, 400, 12);
    await fails(who, '/models.create', { name: 'abc', uri: 'x', tags: ['__$bad'] }, 400, 16);
    const foreignProject = await seedProject(other.actor);
    const ownProject = await seedProject(who.actor);
    await fails(who, '/models.create', { name: 'abc', uri: 'x', project: foreignProject.id }, 400, 12);
    // public models need a public project
    await fails(who, '/models.create', { name: 'abc', uri: 'x', project: ownProject.id, public: true }, 400, 12);
    const publicTask = await seedTask(other.actor, { companyId: null });
    await fails(who, '/models.create', { name: 'abc', uri: 'x', task: publicTask.id }, 403, 21);
    // an unknown task id is accepted (quirk)
    const withUnknownTask = await createModel(who, { task: newId(), ready: false });
    expect((await db.model.findUniqueOrThrow({ where: { id: withUnknownTask } })).ready).toBe(false);
    const publicId = await createModel(who, { public: true });
    expect((await db.model.findUniqueOrThrow({ where: { id: publicId } })).companyId).toBeNull();
  });

  it('edit: accepted members, fields, reference checks (400/16, 403/21), iteration raises last_iteration, nothing to write', async () => {
    const who = await loggedInTenant();
    const id = await createModel(who);
    const project = await seedProject(who.actor);
    const task = await seedTask(who.actor, { lastIteration: 10 });
    const edited = await ok(who, '/models.edit', {
      model: id, name: 'edited', uri: ' s3://new ', ready: false, project: project.id, task: task.id,
      labels: { a: 1 }, design: { x: 1 }, comment: null, iteration: 42,
    });
    expect(edited.updated).toBe(1);
    expect(edited.fields).toEqual({
      name: 'edited', uri: 's3://new', ui_cache: {}, ready: false, project: project.id, task: task.id,
      labels: { a: 1 }, design: { x: 1 },
    });
    const stored = await db.model.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ name: 'edited', uri: 's3://new', ready: false, projectId: project.id });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).lastIteration).toBe(42);
    await ok(who, '/models.edit', { model: id, iteration: 7 });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).lastIteration).toBe(42);

    expect(await ok(who, '/models.edit', { model: id })).toEqual({ updated: 0, fields: {} });
    await fails(who, '/models.edit', {}, 400, 11);
    await fails(who, '/models.edit', { model: newId() }, 400, 201);
    await fails(who, '/models.edit', { model: id, project: newId() }, 400, 16);
    await fails(who, '/models.edit', { model: id, parent: newId() }, 400, 16);
    await fails(who, '/models.edit', { model: id, task: newId() }, 400, 16);
    await fails(who, '/models.edit', { model: id, labels: { a: 'x' } }, 400, 12);
    await fails(who, '/models.edit', { model: id, name: 'ab' }, 400, 800);
    const other = await loggedInTenant('bob');
    const publicTask = await seedTask(other.actor, { companyId: null });
    await fails(who, '/models.edit', { model: id, task: publicTask.id }, 403, 21);
  });

  it('update: writes only its members and ignores ready/framework/design/parent/labels (quirk)', async () => {
    const who = await loggedInTenant();
    const id = await createModel(who, { framework: 'Keras', ui_cache: { a: 1 } });
    const task = await seedTask(who.actor);
    const result = await ok(who, '/models.update', {
      model: id, name: 'updated', ready: false, framework: 'PyTorch', design: { a: 1 }, labels: { a: 1 },
      created: '2020-09-01T10:20:00+00:00', task: task.id, iteration: 9,
    });
    expect(result).toEqual({ updated: 1, fields: { name: 'updated', created: '2020-09-01T10:20:00+00:00' } });
    const stored = await db.model.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ name: 'updated', ready: true, framework: 'Keras', design: {}, labels: {}, uiCache: { a: 1 } });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).lastIteration).toBe(9);
    await ok(who, '/models.update', { model: id, uri: 's3://other' });
    expect((await db.model.findUniqueOrThrow({ where: { id } })).uiCache).toEqual({});
    await fails(who, '/models.update', { model: id, labels: { a: 'x' } }, 400, 12);
    await fails(who, '/models.update', {}, 400, 11);
  });

  it('update_for_task: exactly one of uri/override (400/11), override path, task errors (400/101, 403/21), create path defaults', async () => {
    const who = await loggedInTenant();
    const other = await loggedInTenant('bob');
    const inputModel = await createModel(who, { name: 'input model' });
    const project = await seedProject(who.actor);
    const { id: taskId } = await ok(who, '/tasks.create', {
      name: 'train it', type: 'training', project: project.id,
      execution: { model: inputModel, framework: 'PyTorch', model_labels: { cat: 1 } },
    });
    await fails(who, '/models.update_for_task', {}, 400, 11);
    await fails(who, '/models.update_for_task', { task: taskId }, 400, 11);
    await fails(who, '/models.update_for_task', { task: taskId, uri: 'x', override_model_id: inputModel }, 400, 11);
    await fails(who, '/models.update_for_task', { task: newId(), uri: 's3://x' }, 400, 101);
    await fails(who, '/models.update_for_task', { task: taskId, uri: 's3://x', name: 'ab' }, 400, 800);
    const publicTask = await seedTask(other.actor, { companyId: null });
    await fails(who, '/models.update_for_task', { task: publicTask.id, uri: 's3://x' }, 403, 21);

    const created = await ok(who, '/models.update_for_task', { task: taskId, uri: 's3://out', tags: ['t1'] });
    const model = await db.model.findUniqueOrThrow({ where: { id: created.id } });
    expect(model).toMatchObject({
      name: 'train it', projectId: project.id, framework: 'PyTorch', parentId: inputModel, labels: { cat: 1 },
      ready: false, taskId, tags: ['t1'], companyId: who.actor.companyId,
    });

    const foreign = await createModel(other);
    await fails(who, '/models.update_for_task', { task: taskId, override_model_id: foreign }, 400, 201);
    const override = await ok(who, '/models.update_for_task', { task: taskId, override_model_id: inputModel, iteration: 4 });
    expect(override).toEqual({ id: inputModel, created: true });
    const task = await getTask(who, taskId);
    expect(task.output.model).toBe(inputModel);
    expect(task.last_iteration).toBe(4);
  });

  it('set_ready publishes the creating task; in_progress without force ⇒ 400/110 and the model stays not ready', async () => {
    const who = await loggedInTenant();
    const { id: taskId } = await ok(who, '/tasks.create', { name: 'to publish', type: 'training' });
    const { id: modelId } = await ok(who, '/models.update_for_task', { task: taskId, uri: 's3://m' });
    await ok(who, '/tasks.started', { task: taskId });
    await fails(who, '/models.set_ready', { model: modelId }, 400, 110);
    expect((await db.model.findUniqueOrThrow({ where: { id: modelId } })).ready).toBe(false);
    const result = await ok(who, '/models.set_ready', { model: modelId, force_publish_task: true });
    expect(result).toMatchObject({ updated: 1, fields: {}, published_task: { id: taskId, data: { updated: 1 } } });
    expect(result.published_task.data.fields.status).toBe('published');
    expect((await getTask(who, taskId)).status).toBe('published');
    expect((await db.model.findUniqueOrThrow({ where: { id: modelId } })).ready).toBe(true);

    await fails(who, '/models.set_ready', {}, 400, 12);
    await fails(who, '/models.set_ready', { model: newId() }, 400, 201);
    // a completed task is published without force
    const { id: second } = await ok(who, '/tasks.create', { name: 'completed one', type: 'training' });
    const { id: secondModel } = await ok(who, '/models.update_for_task', { task: second, uri: 's3://m2' });
    await ok(who, '/tasks.started', { task: second });
    await ok(who, '/tasks.completed', { task: second });
    expect((await ok(who, '/models.set_ready', { model: secondModel })).published_task.id).toBe(second);
  });

  it('delete: 400/206 for the model of a published task unless force (output.model __DELETED__, output.error)', async () => {
    const who = await loggedInTenant();
    const { id: taskId } = await ok(who, '/tasks.create', { name: 'published creator', type: 'training' });
    const { id: modelId } = await ok(who, '/models.update_for_task', { task: taskId, uri: 's3://m' });
    await ok(who, '/tasks.started', { task: taskId });
    await ok(who, '/tasks.completed', { task: taskId });
    await ok(who, '/tasks.publish', { task: taskId });
    await fails(who, '/models.delete', { model: modelId }, 400, 206);
    await fails(who, '/models.delete', {}, 400, 11);
    await fails(who, '/models.delete', { model: newId() }, 400, 201);
    expect(await ok(who, '/models.delete', { model: modelId, force: true })).toEqual({ deleted: true });
    const task = await getTask(who, taskId);
    expect(task.output.model).toBe(`__DELETED__${modelId}`);
    expect(task.output.error).toMatch(/^model deleted on \d{4}-\d{2}-\d{2}T/);
    // an unpublished creating task does not block deletion
    const { id: draftTask } = await ok(who, '/tasks.create', { name: 'draft creator', type: 'training' });
    const { id: draftModel } = await ok(who, '/models.update_for_task', { task: draftTask, uri: 's3://d' });
    expect(await ok(who, '/models.delete', { model: draftModel })).toEqual({ deleted: true });
  });

  it('public models are read-only: every write answers 400/201', async () => {
    const who = await loggedInTenant();
    const id = await createModel(who, { public: true });
    const { id: taskId } = await ok(who, '/tasks.create', { name: 'override public', type: 'training' });
    await fails(who, '/models.edit', { model: id, name: 'nope' }, 400, 201);
    await fails(who, '/models.update', { model: id, name: 'nope' }, 400, 201);
    await fails(who, '/models.set_ready', { model: id }, 400, 201);
    await fails(who, '/models.delete', { model: id }, 400, 201);
    await fails(who, '/models.update_for_task', { task: taskId, override_model_id: id }, 400, 201);
    await fails(who, '/models.make_private', { ids: [id] }, 400, 201);
  });

  it('make_public / make_private (2.9): company ↔ company_origin, 400/201 for ineligible ids, 400/12 for empty ids, 404 below 2.9', async () => {
    const who = await loggedInTenant();
    const other = await loggedInTenant('bob');
    const id = await createModel(who);
    await fails(who, '/models.make_public', { ids: [] }, 400, 12);
    await fails(who, '/models.make_public', {}, 400, 12);
    await fails(who, '/models.make_public', { ids: [id, newId()] }, 400, 201);
    expect((await rpc(who, '/v2.8/models.make_public', { ids: [id] })).code).toEqual([404, 0]);
    expect(await ok(who, '/models.make_public', { ids: [id] })).toEqual({ updated: 1 });
    expect(await db.model.findUniqueOrThrow({ where: { id } })).toMatchObject({ companyId: null, companyOrigin: who.actor.companyId });
    expect((await ok(other, '/models.get_by_id', { model: id })).model.company).toBe('');
    await fails(other, '/models.make_private', { ids: [id] }, 400, 201);
    expect(await ok(who, '/models.make_private', { ids: [id] })).toEqual({ updated: 1 });
    await fails(other, '/models.get_by_id', { model: id }, 400, 201);
  });

  it('handler versions: models.* answer from 1.0', async () => {
    const who = await loggedInTenant();
    const id = await createModel(who);
    const reply = await rpc(who, '/v1.5/models.get_by_id', { model: id });
    expect(reply.code).toEqual([200, 0]);
    expect(reply.actualVersion).toBe(1); // versions below 2.1 are JSON numbers on the wire
  });
});
