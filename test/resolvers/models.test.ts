// The models domain service directly (neighbours spec B.2, B.2.4): listing engine, tenancy, the
// update_for_task concurrency guarantee, and how task reset/delete/publish treat models.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { findModel, listModelFrameworks, listModels } from '../../src/resolvers/model-query.ts';
import {
  createModel,
  deleteModel,
  editModel,
  getModelByTaskId,
  setModelReady,
  updateModelForTask,
} from '../../src/resolvers/models.ts';
import { deleteTask, publishTask, resetTask } from '../../src/resolvers/tasks/lifecycle.ts';
import { editTask } from '../../src/resolvers/tasks/tasks.ts';
import { seedActor, seedProject, sqlLog, useTestDatabase } from '../helpers/db.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

const model = (actor: Actor, extra: Partial<Parameters<typeof createModel>[1]> = {}) =>
  createModel(actor, { name: 'some model', uri: 's3://m', ...extra });

const only = (ids: string[]) => ({ include: ids, exclude: [], includeEmpty: false });

describe('listModels', () => {
  it('sees own and public models only, in one statement with joins', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const project = await seedProject(actor, 'the project');
    const task = await seedTask(actor, { name: 'the task' });
    const own = await model(actor, { projectId: project.id, taskId: task.id });
    const foreign = await model(other);
    const shared = await model(other, { public: true });
    const ids = [own.id, foreign.id, shared.id];

    sqlLog.length = 0;
    const rows = await listModels(actor, {
      filter: { ids: only(ids) },
      orderBy: [{ field: 'created', descending: false }],
      fields: ['name', 'projectId'],
      joins: { project: ['name'], task: ['name', 'status'], user: ['*'], parent: ['name'], company: ['name'] },
    });
    expect(sqlLog).toHaveLength(1);
    expect(rows.map((row) => row.id)).toEqual([own.id, shared.id]);
    expect(rows[0]).toMatchObject({
      name: 'some model',
      project: { id: project.id, name: 'the project' },
      task: { id: task.id, name: 'the task', status: 'created' },
      user: { id: actor.userId, name: 'tester' },
      parent: null,
    });
    expect(rows[0]).not.toHaveProperty('uiCache');
    expect(await findModel(other, own.id)).toBeNull();
    await expect(listModels(actor, { joins: { project: ['nosuch'] } })).rejects.toMatchObject({ code: 'UNKNOWN_FIELD' });
  });

  it('filters: lists with exclusions and empties, regexes, ready, search text with relevance', async () => {
    const actor = await seedActor();
    const a = await model(actor, { name: 'alpha', comment: 'resnet trained', framework: 'PyTorch', ready: false });
    const b = await model(actor, { name: 'beta resnet', framework: 'Keras' });
    const c = await model(actor, { name: 'gamma', tags: ['t'] });
    const mine = { ids: only([a.id, b.id, c.id]) };
    const ids = async (filter: object, orderBy = [{ field: 'name' as const, descending: false }]) =>
      (await listModels(actor, { filter: { ...mine, ...filter }, orderBy })).map((row) => row.id);
    expect(await ids({ frameworks: { include: [], exclude: ['Keras'], includeEmpty: false } })).toEqual([a.id, c.id]);
    expect(await ids({ frameworks: { include: ['Keras'], exclude: [], includeEmpty: true } })).toEqual([b.id, c.id]);
    expect(await ids({ tags: { include: [], exclude: [], includeEmpty: true } })).toEqual([a.id, b.id]);
    expect(await ids({ ready: true })).toEqual([b.id, c.id]);
    expect(await ids({ name: 'a$' })).toEqual([a.id, c.id]);
    expect(await ids({ searchText: 'resnet' })).toEqual([a.id, b.id]);
    expect(await ids({ searchText: 'resnet -beta' })).toEqual([a.id]);
    // negations only match nothing (Mongo $text), also when ordered by relevance
    expect(await ids({ searchText: '-beta' })).toEqual([]);
    expect(await ids({ searchText: '-beta' }, [{ field: '@text_score' as never, descending: false }])).toEqual([]);
    // name weighs like comment; both match once: relevance ties break by id
    expect((await ids({ searchText: 'beta alpha' }, [{ field: '@text_score' as never, descending: false }])).sort()).toEqual([a.id, b.id].sort());
    await expect(ids({ name: '(' })).rejects.toMatchObject({ code: 'INVALID_REGEX' });
    await expect(ids({}, [{ field: '@text_score' as never, descending: false }])).rejects.toMatchObject({ code: 'INVALID_FIELD_VALUE' });
    await expect(listModels(actor, { page: { page: -1, pageSize: 1 } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('frameworks are distinct, sorted and scoped', async () => {
    const actor = await seedActor();
    const project = await seedProject(actor);
    const tag = newId().slice(0, 8);
    await model(actor, { framework: `b-${tag}`, projectId: project.id });
    await model(actor, { framework: `a-${tag}` });
    await model(actor, { framework: `a-${tag}` });
    await model(actor, { framework: '' });
    // public models of other tests may add frameworks: look at this test's ones
    const all = await listModelFrameworks(actor);
    expect(all.filter((f) => f.endsWith(tag))).toEqual([`a-${tag}`, `b-${tag}`]);
    expect(all).not.toContain('');
    // code-point order (as the database's "C" collation sorts), not JS's UTF-16 order: public
    // models of the fuzz tests carry arbitrary characters
    expect([...all].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))).toEqual(all);
    expect(await listModelFrameworks(actor, [project.id])).toEqual([`b-${tag}`]);
    expect(await listModelFrameworks(await seedActor())).not.toContain(`a-${tag}`);
  });
});

describe('updateModelForTask', () => {
  it('concurrent calls for one task create exactly one output model', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, { name: 'racing task' });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => updateModelForTask(actor, { taskId: task.id, uri: `s3://m${i}`, iteration: i })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.modelId)).size).toBe(1);
    const models = await db.model.findMany({ where: { taskId: task.id } });
    expect(models).toHaveLength(1);
    const stored = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(stored.outputModelId).toBe(models[0]!.id);
    expect(stored.lastIteration).toBe(7);
  });

  it('a deleted output model leaves the task free to register a new one', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    const first = await updateModelForTask(actor, { taskId: task.id, uri: 's3://one' });
    await deleteModel(actor, { modelId: first.modelId });
    const second = await updateModelForTask(actor, { taskId: task.id, uri: 's3://two' });
    expect(second.created).toBe(true);
    expect(second.modelId).not.toBe(first.modelId);
    await expect(getModelByTaskId(actor, task.id)).resolves.toMatchObject({ id: second.modelId });
  });
});

describe('set_ready and delete', () => {
  it('concurrent set_ready: one wins, the other is MODEL_ALREADY_READY', async () => {
    const actor = await seedActor();
    const created = await model(actor, { ready: false });
    const outcomes = await Promise.allSettled([0, 1].map(() => setModelReady(actor, { modelId: created.id })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'MODEL_ALREADY_READY' } });
  });

  it('force-deleting an input model detaches every user; a new input model clears the mark', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const shared = await model(actor);
    await db.model.update({ where: { id: shared.id }, data: { companyId: null, companyOrigin: actor.companyId } });
    // another company's task uses it while it was public
    const foreignUser = await seedTask(other, { inputModelId: shared.id });
    await db.model.update({ where: { id: shared.id }, data: { companyId: actor.companyId, companyOrigin: null } });
    await expect(deleteModel(actor, { modelId: shared.id })).rejects.toMatchObject({ code: 'MODEL_IN_USE' });
    await expect(deleteModel(actor, { modelId: shared.id, force: true })).resolves.toEqual({ deleted: true });
    const detached = await db.task.findUniqueOrThrow({ where: { id: foreignUser.id } });
    expect(detached).toMatchObject({ inputModelId: null, detachedInputModelId: shared.id });
    const replacement = await model(other);
    await editTask(other, { taskId: foreignUser.id, execution: { modelId: replacement.id } });
    expect(await db.task.findUniqueOrThrow({ where: { id: foreignUser.id } })).toMatchObject({
      inputModelId: replacement.id,
      detachedInputModelId: null,
    });
  });

  it('edit refuses models of other companies and public ones (MODEL_NOT_FOUND)', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const foreign = await model(other);
    await expect(editModel(actor, { modelId: foreign.id, name: 'mine now' })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    const shared = await model(actor, { public: true });
    await expect(editModel(actor, { modelId: shared.id, name: 'mine now' })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });
});

describe('task endpoints and models (B.2.4)', () => {
  it('reset without force is refused by a ready model the task created; with force the model is detached', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, { status: 'stopped' });
    const ready = await model(actor, { taskId: task.id });
    await expect(resetTask(actor, { taskId: task.id })).rejects.toMatchObject({ code: 'TASK_CANNOT_BE_DELETED' });
    const result = await resetTask(actor, { taskId: task.id, force: true });
    expect(result.updatedModels).toBe(1);
    expect((await db.model.findUniqueOrThrow({ where: { id: ready.id } })).taskId).toBe(`__DELETED__${task.id}`);
  });

  it('reset deletes the draft output model unless a task (itself included) uses it as input model', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    const { modelId } = await updateModelForTask(actor, { taskId: task.id, uri: 's3://draft' });
    await db.task.update({ where: { id: task.id }, data: { inputModelId: modelId } });
    const kept = await resetTask(actor, { taskId: task.id });
    expect(kept.deletedModels).toBe(0);
    expect(await db.model.findUnique({ where: { id: modelId } })).not.toBeNull();
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).outputModelId).toBeNull();

    const second = await seedTask(actor);
    const draft = await updateModelForTask(actor, { taskId: second.id, uri: 's3://draft2' });
    const gone = await resetTask(actor, { taskId: second.id });
    expect(gone.deletedModels).toBe(1);
    expect(await db.model.findUnique({ where: { id: draft.modelId } })).toBeNull();
  });

  it('delete of a task with a ready output model needs force', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    const { modelId } = await updateModelForTask(actor, { taskId: task.id, uri: 's3://out' });
    await db.model.update({ where: { id: modelId }, data: { ready: true } });
    await expect(deleteTask(actor, { taskId: task.id })).rejects.toMatchObject({ code: 'TASK_CANNOT_BE_DELETED' });
    await expect(deleteTask(actor, { taskId: task.id, force: true })).resolves.toMatchObject({ updatedModels: 1 });
    expect((await db.model.findUniqueOrThrow({ where: { id: modelId } })).taskId).toBe(`__DELETED__${task.id}`);
  });

  it('publish marks the not-ready output model ready; publishModel=false leaves it', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, { status: 'completed' });
    const output = await model(actor, { ready: false, taskId: task.id });
    const modelId = output.id;
    await db.task.update({ where: { id: task.id }, data: { outputModelId: modelId } });
    await publishTask(actor, { taskId: task.id });
    expect((await db.model.findUniqueOrThrow({ where: { id: modelId } })).ready).toBe(true);

    const second = await seedTask(actor, { status: 'completed' });
    const draft = await model(actor, { ready: false });
    await db.task.update({ where: { id: second.id }, data: { outputModelId: draft.id } });
    await publishTask(actor, { taskId: second.id, publishModel: false });
    expect((await db.model.findUniqueOrThrow({ where: { id: draft.id } })).ready).toBe(false);
  });

  it('getModelByTaskId: own tasks only, TASK_MISSING_FIELDS without output model', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await expect(getModelByTaskId(actor, task.id)).rejects.toMatchObject({ code: 'TASK_MISSING_FIELDS' });
    await expect(getModelByTaskId(await seedActor(), task.id)).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    await expect(getModelByTaskId(actor, newId())).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });
});
