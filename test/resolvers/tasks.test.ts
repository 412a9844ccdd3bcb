import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { deleteTask } from '../../src/resolvers/tasks/lifecycle.ts';
import {
  cloneTask,
  createTask,
  editTask,
  legacyParent,
  makeTasksPrivate,
  makeTasksPublic,
  setRequirements,
  updateTask,
  updateTasksBatch,
  validateTask,
} from '../../src/resolvers/tasks/tasks.ts';
import { seedActor, seedProject, useTestDatabase } from '../helpers/db.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

let actor: Actor;
let other: Actor;
beforeAll(async () => {
  actor = await seedActor();
  other = await seedActor();
});

describe('createTask', () => {
  it('stores a trimmed name, sorted tags, defaults, and bumps the project', async () => {
    const project = await seedProject(actor);
    const task = await createTask(actor, {
      name: '  my run  ',
      type: 'testing',
      tags: ['z', 'a'],
      systemTags: ['development'],
      projectId: project.id,
      outputDestination: ' s3://bucket ',
      script: { repository: ' https://r.git ', entryPoint: 'main.py ' },
      execution: { testSplit: 5, modelLabels: { cat: 1, dog: 2 } },
    });
    expect(task).toMatchObject({
      name: 'my run', type: 'testing', status: 'created', tags: ['a', 'z'], systemTags: ['development'],
      companyId: actor.companyId, userId: actor.userId, outputDestination: 's3://bucket',
      scriptRepository: 'https://r.git', scriptEntryPoint: 'main.py', scriptBinary: 'python', testSplit: 5,
      lastIteration: 0, lastMetrics: {}, hyperparams: {}, configuration: {},
    });
    expect(task.id).toMatch(/^[0-9a-f]{32}$/);
    expect((await db.project.findUniqueOrThrow({ where: { id: project.id } })).lastUpdate.getTime()).toBeGreaterThanOrEqual(task.created.getTime());
  });

  it.each([
    [{ name: 'x', type: 'training' }, 'DATA_VALIDATION'],
    [{ name: 'okay', type: 'bogus' }, 'INVALID_INPUT'],
    [{ name: 'okay', type: 'training', systemTags: ['__$not'] }, 'INVALID_FIELD_VALUE'],
    [{ name: 'okay', type: 'training', tags: 'a' }, 'INVALID_FIELD_VALUE'],
    [{ name: 'okay', type: 'training', execution: { modelLabels: { a: 1, b: 1 } } }, 'INVALID_INPUT'],
    [{ name: 'okay', type: 'training', hyperparams: { Args: { lr: { section: 'Args', name: 'lr' } } } }, 'DATA_VALIDATION'],
  ])('refuses %j with %s', async (input, code) => {
    await expect(createTask(actor, input as never)).rejects.toMatchObject({ code });
  });

  it('checks references: foreign parent looks missing, public project is read-only, foreign model missing', async () => {
    const foreignTask = await seedTask(other);
    await expect(createTask(actor, { name: 'child', type: 'training', parentId: foreignTask.id })).rejects.toMatchObject({ code: 'PARENT_NOT_FOUND' });
    const publicProject = await db.project.create({ data: { id: `pp${Date.now()}`, companyId: null, companyOrigin: other.companyId, userId: other.userId, name: `public ${Date.now()}` } });
    await expect(createTask(actor, { name: 'child', type: 'training', projectId: publicProject.id })).rejects.toMatchObject({ code: 'PUBLIC_READ_ONLY' });
    const foreignProject = await seedProject(other);
    await expect(createTask(actor, { name: 'child', type: 'training', projectId: foreignProject.id })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    const model = await db.model.create({ data: { id: `m${Date.now()}`, companyId: other.companyId, userId: other.userId, name: 'foreign' } });
    await expect(createTask(actor, { name: 'child', type: 'training', execution: { modelId: model.id } })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await db.model.update({ where: { id: model.id }, data: { companyId: null } });
    const ok = await createTask(actor, { name: 'child', type: 'training', execution: { modelId: model.id } });
    expect(ok.inputModelId).toBe(model.id);
  });

  it('validateTask saves nothing', async () => {
    const before = await db.task.count({ where: { companyId: actor.companyId } });
    await validateTask(actor, { name: 'would be fine', type: 'training' });
    await expect(validateTask(actor, { name: 'no', type: 'training' })).rejects.toMatchObject({ code: 'DATA_VALIDATION' });
    expect(await db.task.count({ where: { companyId: actor.companyId } })).toBe(before);
  });
});

describe('updateTask / updateTasksBatch', () => {
  it('updates descriptive fields in any status and reports what it wrote', async () => {
    const task = await seedTask(actor, { status: 'published' });
    const { updated, changes } = await updateTask(actor, { taskId: task.id, name: ' renamed ', outputError: 'boom', comment: null });
    expect(updated).toBe(1);
    expect(changes).toMatchObject({ name: 'renamed', outputError: 'boom' });
    expect(changes).not.toHaveProperty('comment');
    expect(await updateTask(actor, { taskId: task.id })).toEqual({ updated: 0, changes: {} });
  });

  it('a batch with one foreign id changes nothing', async () => {
    const mine = await seedTask(actor);
    const theirs = await seedTask(other);
    await expect(updateTasksBatch(actor, [{ taskId: mine.id, comment: 'c' }, { taskId: theirs.id, comment: 'c' }])).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    expect((await db.task.findUniqueOrThrow({ where: { id: mine.id } })).comment).toBeNull();
    expect(await updateTasksBatch(actor, [{ taskId: mine.id, comment: 'a' }, { taskId: mine.id, comment: 'b' }])).toEqual({ updated: 1 });
    expect((await db.task.findUniqueOrThrow({ where: { id: mine.id } })).comment).toBe('b');
  });
});

describe('editTask', () => {
  it('merges script and execution shallowly, replaces hyperparams and artifacts', async () => {
    const task = await seedTask(actor, { scriptRepository: 'r', scriptBranch: 'main', framework: 'tf', testSplit: 1, hyperparams: { A: { x: { section: 'A', name: 'x', value: '1' } } } });
    await db.taskArtifact.create({ data: { taskId: task.id, key: 'old', type: 't', position: 0 } });
    const { changes, task: edited } = await editTask(actor, {
      taskId: task.id,
      script: { branch: 'dev' },
      execution: { testSplit: 2, artifacts: [{ key: 'new', type: 'csv' }] },
      hyperparams: { B: { y: { section: 'B', name: 'y', value: '2' } } },
    });
    expect(edited).toMatchObject({ scriptRepository: 'r', scriptBranch: 'dev', framework: 'tf', testSplit: 2, hyperparams: { B: { y: { value: '2' } } } });
    expect(changes).toHaveProperty('scriptBranch', 'dev');
    expect(changes).not.toHaveProperty('scriptRepository');
    expect((await db.taskArtifact.findMany({ where: { taskId: task.id } })).map((a) => a.key)).toEqual(['new']);
  });

  it('refuses non-created tasks without force and a concurrent status change with STATUS_CONFLICT', async () => {
    const running = await seedTask(actor, { status: 'in_progress' });
    await expect(editTask(actor, { taskId: running.id, comment: 'x' })).rejects.toMatchObject({ code: 'INVALID_TASK_STATUS' });
    expect((await editTask(actor, { taskId: running.id, comment: 'x', force: true })).updated).toBe(1);
    // Many edits racing with a status change: none may land on a task whose status moved.
    const task = await seedTask(actor);
    const results = await Promise.allSettled([
      db.task.update({ where: { id: task.id }, data: { status: 'queued' } }),
      ...Array.from({ length: 10 }, (_, i) => editTask(actor, { taskId: task.id, comment: `edit ${i}` })),
    ]);
    for (const r of results.slice(1)) {
      if (r.status === 'rejected') expect(['STATUS_CONFLICT', 'INVALID_TASK_STATUS']).toContain((r.reason as { code: string }).code);
    }
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('queued');
  });

  it('a task cannot be its own parent', async () => {
    const task = await seedTask(actor);
    await expect(editTask(actor, { taskId: task.id, parentId: task.id })).rejects.toMatchObject({ code: 'INVALID_FIELD_VALUE' });
  });
});

describe('cloneTask', () => {
  it('copies the definition, keeps the source parent, drops output artifacts and results', async () => {
    const grandparent = await seedTask(actor);
    const project = await seedProject(actor);
    const source = await seedTask(actor, {
      parentId: grandparent.id, projectId: project.id, status: 'completed', lastIteration: 10, comment: 'src',
      tags: ['t'], systemTags: ['development'], scriptRepository: 'repo', modelDesc: { layers: 3 },
      hyperparams: { Args: { lr: { section: 'Args', name: 'lr', value: '0.1' } } }, configuration: { c: { name: 'c', value: 'v' } },
      lastMetrics: { a: {} }, started: new Date(),
    });
    await db.taskArtifact.createMany({ data: [{ taskId: source.id, key: 'i', mode: 'input', type: 't', position: 0 }, { taskId: source.id, key: 'o', mode: 'output', type: 't', position: 1 }] });
    const clone = await cloneTask<{ artifacts: { key: string }[] } & Record<string, unknown>>(actor, { taskId: source.id, executionOverrides: { modelDesc: { heads: 2 } } }, { include: { artifacts: true } });
    expect(clone).toMatchObject({
      name: source.name, comment: 'src', status: 'created', parentId: grandparent.id, projectId: project.id,
      tags: ['t'], systemTags: [], scriptRepository: 'repo', modelDesc: { layers: 3, heads: 2 },
      hyperparams: source.hyperparams, configuration: source.configuration, lastIteration: 0, lastMetrics: {}, started: null,
    });
    expect(clone.artifacts.map((a) => a.key)).toEqual(['i']);
  });

  it('applies overrides and validates them', async () => {
    const source = await seedTask(actor);
    const clone = await cloneTask(actor, { taskId: source.id, name: 'new name', tags: ['n'], hyperparams: { S: { k: { section: 'S', name: 'k', value: 'v' } } } });
    expect(clone).toMatchObject({ name: 'new name', tags: ['n'], hyperparams: { S: { k: { value: 'v' } } } });
    await expect(cloneTask(actor, { taskId: source.id, executionOverrides: { modelId: 'missing' } })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await expect(cloneTask(actor, { taskId: source.id, projectId: 'missing' })).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
    const foreign = await seedTask(other);
    await expect(cloneTask(actor, { taskId: foreign.id })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });
});

describe('setRequirements, public/private, deleted parents', () => {
  it('replaces script.requirements', async () => {
    const task = await seedTask(actor, { scriptRequirements: { pip: 'a', conda: 'b' } });
    await setRequirements(actor, { taskId: task.id, requirements: { pip: 'c' } });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).scriptRequirements).toEqual({ pip: 'c' });
    await expect(setRequirements(actor, { taskId: task.id, requirements: 'x' as never })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('make public / private round trip with all-or-nothing id checks', async () => {
    const a = await seedTask(actor);
    const b = await seedTask(other);
    await expect(makeTasksPublic(actor, [a.id, b.id])).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    expect((await db.task.findUniqueOrThrow({ where: { id: a.id } })).companyId).toBe(actor.companyId);
    await expect(makeTasksPublic(actor, [])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await makeTasksPublic(actor, [a.id])).toEqual({ updated: 1 });
    expect(await db.task.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ companyId: null, companyOrigin: actor.companyId });
    await expect(makeTasksPrivate(other, [a.id])).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    expect(await makeTasksPrivate(actor, [a.id])).toEqual({ updated: 1 });
    expect(await db.task.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ companyId: actor.companyId, companyOrigin: null });
  });

  it('children of a deleted task report __DELETED__<id> as parent', async () => {
    const parent = await seedTask(actor);
    const child = await seedTask(actor, { parentId: parent.id });
    const result = await deleteTask(actor, { taskId: parent.id });
    expect(result).toMatchObject({ deleted: true, updatedChildren: 1 });
    expect(legacyParent(await db.task.findUniqueOrThrow({ where: { id: child.id } }))).toBe(`__DELETED__${parent.id}`);
    await expect(deleteTask(actor, { taskId: parent.id })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
  });
});
