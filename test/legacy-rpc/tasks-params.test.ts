// The seven hyper-parameter / configuration endpoints of API 2.9 (neighbours spec A.7), tested at
// the handler level: response shapes and legacy codes.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { seedTask } from '../helpers/tasks.ts';
import { call, failure, type Doc } from '../helpers/task-handlers.ts';

useTestDatabase();





let actor: Actor;
let other: Actor;
beforeAll(async () => {
  actor = await seedActor();
  other = await seedActor();
});

describe('hyper-parameters', () => {
  it('edit_hyper_params → {updated: 1}; get_hyper_params lists items sorted by (section, name)', async () => {
    const task = await seedTask(actor);
    const items = [
      { section: 'Args', name: 'legacy$1', value: 'val1', type: 'legacy' },
      { section: '2', name: 'param2', value: 'xxx', type: 'type2' },
      { section: '1/1', name: 'param1/1', value: '10', type: 'type1' },
      { section: 'Args', name: 'a.b', value: 'dotted' },
    ];
    expect(await call(actor, 'edit_hyper_params', { task: task.id, hyperparams: items })).toEqual({ updated: 1 });
    const empty = await seedTask(actor);
    expect(await call(actor, 'get_hyper_params', { tasks: [task.id, empty.id] })).toEqual({
      params: [
        {
          task: task.id,
          hyperparams: [
            { section: '1/1', name: 'param1/1', value: '10', type: 'type1' },
            { section: '2', name: 'param2', value: 'xxx', type: 'type2' },
            { section: 'Args', name: 'a.b', value: 'dotted' },
            { section: 'Args', name: 'legacy$1', value: 'val1', type: 'legacy' },
          ],
        },
        { task: empty.id, hyperparams: [] },
      ],
    });
    const { task: doc } = await call(actor, 'get_by_id', { task: task.id });
    expect(doc.hyperparams.Args['a.b']).toEqual({ section: 'Args', name: 'a.b', value: 'dotted' });
  });

  it('replace_hyperparams section / all', async () => {
    const task = await seedTask(actor);
    const item = (section: string, name: string) => ({ section, name, value: `${section}.${name}` });
    await call(actor, 'edit_hyper_params', { task: task.id, hyperparams: [item('A', 'x'), item('A', 'y'), item('B', 'z')] });
    await call(actor, 'edit_hyper_params', { task: task.id, hyperparams: [item('A', 'w')], replace_hyperparams: 'section' });
    const names = async () => (await call(actor, 'get_hyper_params', { tasks: [task.id] })).params[0].hyperparams.map((i: Doc) => `${i.section}/${i.name}`);
    expect(await names()).toEqual(['A/w', 'B/z']);
    await call(actor, 'edit_hyper_params', { task: task.id, hyperparams: [item('C', 'c')], replace_hyperparams: 'all' });
    expect(await names()).toEqual(['C/c']);
    expect(await failure(call(actor, 'edit_hyper_params', { task: task.id, hyperparams: [item('C', 'c')], replace_hyperparams: 'bogus' }))).toEqual([400, 12]);
  });

  it('delete_hyper_params → {deleted: 1}; whole sections and single names; conflicts ⇒ 400/15', async () => {
    const task = await seedTask(actor, {
      hyperparams: {
        A: { x: { section: 'A', name: 'x', value: '1' }, y: { section: 'A', name: 'y', value: '2' } },
        B: { z: { section: 'B', name: 'z', value: '3' } },
      },
    });
    expect(await call(actor, 'delete_hyper_params', { task: task.id, hyperparams: [{ section: 'A', name: 'x' }, { section: 'B' }] })).toEqual({ deleted: 1 });
    const { task: doc } = await call(actor, 'get_by_id', { task: task.id });
    expect(doc.hyperparams).toEqual({ A: { y: { section: 'A', name: 'y', value: '2' } } });
    expect(await failure(call(actor, 'delete_hyper_params', { task: task.id, hyperparams: [{ section: 'A' }, { section: 'A', name: 'y' }] }))).toEqual([400, 15]);
  });

  it('edits need status created unless every item is in section properties', async () => {
    const task = await seedTask(actor, { status: 'in_progress' });
    expect(await failure(call(actor, 'edit_hyper_params', { task: task.id, hyperparams: [{ section: 'Args', name: 'a', value: '1' }] }))).toEqual([400, 110]);
    expect(await call(actor, 'edit_hyper_params', { task: task.id, hyperparams: [{ section: 'Properties', name: 'owner', value: 'bob' }] })).toEqual({ updated: 1 });
    const { task: doc } = await call(actor, 'get_by_id', { task: task.id });
    expect(doc.hyperparams).toEqual({ properties: { owner: { section: 'properties', name: 'owner', value: 'bob' } } });
    expect(await call(actor, 'delete_hyper_params', { task: task.id, hyperparams: [{ section: 'properties', name: 'owner' }] })).toEqual({ deleted: 1 });
  });

  it.each([
    ['get_hyper_params', { tasks: [] }, [400, 12]],
    ['get_hyper_params', { tasks: 'x' }, [400, 12]],
    ['get_hyper_params', { tasks: ['missing-task'] }, [400, 101]],
    ['edit_hyper_params', { task: 'missing-task', hyperparams: [{ section: 'a', name: 'b', value: 'c' }] }, [400, 101]],
    ['edit_hyper_params', { hyperparams: [{ section: 'a', name: 'b', value: 'c' }] }, [400, 12]],
    ['edit_hyper_params', { task: 'missing-task', hyperparams: [] }, [400, 12]],
    ['edit_hyper_params', { task: 'missing-task', hyperparams: [{ section: 'a', name: 'b', value: 1 }] }, [400, 12]],
    ['delete_hyper_params', { task: 'missing-task', hyperparams: [{ section: '' }] }, [400, 12]],
  ])('%s %j ⇒ %j', async (action, body, expected) => {
    expect(await failure(call(actor, action, body))).toEqual(expected);
  });

  it('writes to public tasks ⇒ 403/21, foreign tasks ⇒ 400/101', async () => {
    const task = await seedTask(actor, { companyId: null, companyOrigin: actor.companyId });
    const foreign = await seedTask(other);
    const hyperparams = [{ section: 'a', name: 'b', value: 'c' }];
    expect(await failure(call(actor, 'edit_hyper_params', { task: task.id, hyperparams }))).toEqual([403, 21]);
    expect(await failure(call(actor, 'edit_hyper_params', { task: foreign.id, hyperparams }))).toEqual([400, 101]);
    expect((await call(actor, 'get_hyper_params', { tasks: [task.id] })).params).toEqual([{ task: task.id, hyperparams: [] }]);
  });
});

describe('configuration', () => {
  it('edit_configuration / get_configurations / get_configuration_names / delete_configuration', async () => {
    const task = await seedTask(actor);
    const items = [
      { name: 'param/2', value: 'v2', type: 'yaml' },
      { name: 'design', value: 'layers: 3' },
      { name: 'param$1', value: '{"a": 1}', type: 'dictionary', description: 'd' },
    ];
    expect(await call(actor, 'edit_configuration', { task: task.id, configuration: items })).toEqual({ updated: 1 });
    expect(await call(actor, 'get_configurations', { tasks: [task.id] })).toEqual({
      configurations: [{ task: task.id, configuration: [items[1], items[2], items[0]] }],
    });
    expect(await call(actor, 'get_configurations', { tasks: [task.id], names: ['design', 'unknown'] })).toEqual({
      configurations: [{ task: task.id, configuration: [items[1]] }],
    });
    const bare = await seedTask(actor);
    expect(await call(actor, 'get_configuration_names', { tasks: [task.id, bare.id, newId()] })).toEqual({
      configurations: [{ task: task.id, names: ['design', 'param$1', 'param/2'] }],
    });
    expect(await call(actor, 'delete_configuration', { task: task.id, configuration: ['design', 'nope'] })).toEqual({ deleted: 1 });
    expect((await call(actor, 'get_configuration_names', { tasks: [task.id] })).configurations[0].names).toEqual(['param$1', 'param/2']);

    await call(actor, 'edit_configuration', { task: task.id, configuration: [{ name: 'only', value: '1' }], replace_configuration: true });
    expect((await call(actor, 'get_configuration_names', { tasks: [task.id] })).configurations[0].names).toEqual(['only']);
  });

  it('needs status created (no properties exception) and non-empty lists', async () => {
    const task = await seedTask(actor, { status: 'stopped' });
    expect(await failure(call(actor, 'edit_configuration', { task: task.id, configuration: [{ name: 'a', value: 'b' }] }))).toEqual([400, 110]);
    expect(await failure(call(actor, 'delete_configuration', { task: task.id, configuration: ['a'] }))).toEqual([400, 110]);
    expect(await failure(call(actor, 'delete_configuration', { task: task.id, configuration: [] }))).toEqual([400, 12]);
    expect(await failure(call(actor, 'get_configurations', { tasks: [task.id], names: 'a' }))).toEqual([400, 12]);
    expect(await failure(call(actor, 'get_configuration_names', {}))).toEqual([400, 12]);
  });
});
