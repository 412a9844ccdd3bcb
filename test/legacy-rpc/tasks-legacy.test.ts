// Version-dependent views of the legacy tasks.* wire: legacy tags mode below 2.3 (tasks spec §4.6)
// and execution.parameters / model_desc as "legacy" items below 2.9 (neighbours spec A.4, A.5, A.8).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/resolvers/context.ts';
import { pythonStr } from '../../src/resolvers/tasks/hyperparams.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { seedTask } from '../helpers/tasks.ts';
import { call, failure, type Doc } from '../helpers/task-handlers.ts';

useTestDatabase();





const getTask = async (actor: Actor, id: string, version: string) => (await call(actor, 'get_by_id', { task: id }, version)).task as Doc;

let actor: Actor;
beforeAll(async () => {
  actor = await seedActor();
});

describe('legacy tags mode (< 2.3)', () => {
  it('splits reserved tags into system_tags on create and merges them back on reads', async () => {
    const { id } = await call(actor, 'create', { name: 'old sdk', type: 'training', tags: ['development', 'x', 'annotation-1'] }, '2.2');
    expect(await getTask(actor, id, '2.9')).toMatchObject({ tags: ['x'], system_tags: ['annotation-1', 'development'] });
    const old = await getTask(actor, id, '2.2');
    expect([...old.tags].sort()).toEqual(['annotation-1', 'development', 'x']);
    const [listed] = (await call(actor, 'get_all', { id: [id], only_fields: ['tags', 'system_tags'] }, '2.2')).tasks;
    expect([...listed.tags].sort()).toEqual(['annotation-1', 'development', 'x']);
  });

  it('keeps tags as sent when system_tags is given too, and from 2.3 on', async () => {
    const both = await call(actor, 'create', { name: 'both', type: 'training', tags: ['archived'], system_tags: [] }, '2.2');
    expect(await getTask(actor, both.id, '2.9')).toMatchObject({ tags: ['archived'], system_tags: [] });
    const newer = await call(actor, 'create', { name: 'newer', type: 'training', tags: ['archived'] }, '2.3');
    expect(await getTask(actor, newer.id, '2.9')).toMatchObject({ tags: ['archived'], system_tags: [] });
  });

  it('splits update input and merges update response fields containing system_tags', async () => {
    const task = await seedTask(actor);
    const result = await call(actor, 'update', { task: task.id, tags: ['archived', 'y'] }, '2.2');
    expect(result.fields).toMatchObject({ tags: expect.arrayContaining(['archived', 'y']), system_tags: ['archived'] });
    expect(await getTask(actor, task.id, '2.9')).toMatchObject({ tags: ['y'], system_tags: ['archived'] });
  });
});

describe('execution.parameters below 2.9 (neighbours spec A.5 example)', () => {
  it('stores legacy parameters and model_desc as "legacy" items and rebuilds them for old callers', async () => {
    const { id } = await call(actor, 'create', {
      name: 'legacy params', type: 'training',
      execution: { parameters: { 'legacy.1': 'val1', 'TF_DEFINE/param2': 'val2' }, model_desc: { design: 'hello' }, framework: 'tf' },
    }, '2.8');

    const current = await getTask(actor, id, '2.9');
    expect(current.hyperparams).toEqual({
      Args: { 'legacy.1': { section: 'Args', name: 'legacy.1', type: 'legacy', value: 'val1' } },
      TF_DEFINE: { param2: { section: 'TF_DEFINE', name: 'param2', type: 'legacy', value: 'val2' } },
    });
    expect(current.configuration).toEqual({ design: { name: 'design', type: 'legacy', value: 'hello' } });
    expect(current.execution).toMatchObject({ parameters: {}, model_desc: {}, framework: 'tf' });

    const old = await getTask(actor, id, '2.8');
    expect(old.execution).toMatchObject({
      parameters: { 'legacy.1': 'val1', 'TF_DEFINE/param2': 'val2' }, model_desc: { design: 'hello' }, framework: 'tf',
    });
    expect(old.hyperparams).toEqual(current.hyperparams); // still returned to old callers

    // A non-legacy item (written by a 2.9 client) survives an old client's parameter edit.
    await call(actor, 'edit_hyper_params', { task: id, hyperparams: [{ section: 'Args', name: 'modern', value: '1', type: 'int' }] }, '2.9');
    const edited = await call(actor, 'edit', { task: id, execution: { parameters: { 'legacy.2': 'val2' } } }, '2.8');
    expect(edited.fields.execution.parameters).toEqual({ 'legacy.2': 'val2' });
    expect((await getTask(actor, id, '2.9')).hyperparams).toEqual({
      Args: {
        modern: { section: 'Args', name: 'modern', value: '1', type: 'int' },
        'legacy.2': { section: 'Args', name: 'legacy.2', type: 'legacy', value: 'val2' },
      },
    });
    expect((await getTask(actor, id, '2.8')).execution.parameters).toEqual({ 'legacy.2': 'val2' });

    // Clearing: an empty object removes every legacy item.
    await call(actor, 'edit', { task: id, execution: { parameters: {} } }, '2.8');
    expect((await getTask(actor, id, '2.9')).hyperparams).toEqual({ Args: { modern: { section: 'Args', name: 'modern', value: '1', type: 'int' } } });
    expect((await getTask(actor, id, '2.8')).execution.parameters).toEqual({});
  });

  it('converts values with Python str() and rejects an empty TF_DEFINE name', async () => {
    const { id } = await call(actor, 'create', {
      name: 'typed params', type: 'training', execution: { parameters: { n: 5, f: 0.1, tiny: 1e-5, b: true, none: null, list: [1, 'a'] } },
    }, '2.8');
    expect((await getTask(actor, id, '2.8')).execution.parameters).toEqual({
      n: '5', f: '0.1', tiny: '1e-05', b: 'True', none: 'None', list: "[1, 'a']",
    });
    expect(await failure(call(actor, 'create', { name: 'bad', type: 'training', execution: { parameters: { 'TF_DEFINE/': 1 } } }, '2.8'))).toEqual([400, 12]);
  });

  it('projects execution.parameters as hyperparams.Args plus the rebuilt legacy copy (A.8)', async () => {
    const task = await seedTask(actor, {
      hyperparams: {
        Args: { lr: { section: 'Args', name: 'lr', value: '0.1', type: 'legacy' } },
        TF_DEFINE: { x: { section: 'TF_DEFINE', name: 'x', value: '2', type: 'legacy' } },
      },
    });
    const [old] = (await call(actor, 'get_all', { id: [task.id], only_fields: ['execution.parameters'] }, '2.8')).tasks;
    expect(old).toEqual({
      hyperparams: { Args: { lr: { section: 'Args', name: 'lr', value: '0.1', type: 'legacy' } } },
      execution: { parameters: { lr: '0.1' } },
    });
    const [current] = (await call(actor, 'get_all', { id: [task.id], only_fields: ['execution.parameters'] }, '2.9')).tasks;
    expect(current).toEqual({ hyperparams: { Args: { lr: { section: 'Args', name: 'lr', value: '0.1', type: 'legacy' } } } });
  });

  it('creates at 2.9 convert execution.parameters too (conformance E.1)', async () => {
    const { id } = await call(actor, 'create', {
      name: 'mixed', type: 'training',
      hyperparams: { Sec: { p: { section: 'Sec', name: 'p', value: 'v' } } },
      execution: { parameters: { legacy$1: 'val1', 'TF_DEFINE/x': '2' } },
    }, '2.9');
    const { params } = await call(actor, 'get_hyper_params', { tasks: [id] }, '2.9');
    expect(params).toEqual([{
      task: id,
      hyperparams: [
        { section: 'Args', name: 'legacy$1', type: 'legacy', value: 'val1' },
        { section: 'Sec', name: 'p', value: 'v' },
        { section: 'TF_DEFINE', name: 'x', type: 'legacy', value: '2' },
      ],
    }]);
  });
});

describe('pythonStr', () => {
  it.each([
    ['x', 'x'], [5, '5'], [-3, '-3'], [0.1, '0.1'], [1.5, '1.5'], [1e-5, '1e-05'], [1e20, '1e+20'],
    [1.5e20, '1.5e+20'], [true, 'True'], [false, 'False'], [null, 'None'], [[1, 'a'], "[1, 'a']"],
    [{ a: 1, b: [true] }, "{'a': 1, 'b': [True]}"], [["it's"], '["it\'s"]'],
  ])('%j → %s', (value, expected) => {
    expect(pythonStr(value)).toBe(expected);
  });
});
