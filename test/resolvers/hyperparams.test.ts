import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import {
  deleteConfiguration,
  deleteHyperParams,
  editConfiguration,
  editHyperParams,
  getConfigurationNames,
  getConfigurations,
  getHyperParams,
  type HyperParamItem,
} from '../../src/resolvers/tasks/hyperparams.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';

useTestDatabase();

type Seed = {
  status?: 'created' | 'in_progress' | 'published';
  hyperparams?: object;
  configuration?: object;
};

async function seedTask(actor: Actor, seed: Seed = {}) {
  return db.task.create({
    data: {
      id: newId(),
      companyId: actor.companyId,
      userId: actor.userId,
      name: 't1',
      type: 'training',
      status: seed.status ?? 'created',
      hyperparams: seed.hyperparams ?? {},
      configuration: seed.configuration ?? {},
      // In the past, so "bumps last_update" cannot meet a write within the same millisecond.
      lastUpdate: new Date(Date.now() - 60_000),
    },
  });
}

/** A public task (company NULL): readable by everyone, writable by nobody. */
async function seedPublicTask(owner: Actor, seed: Seed = {}) {
  return db.task.create({
    data: {
      id: newId(),
      companyId: null,
      companyOrigin: owner.companyId,
      userId: owner.userId,
      name: 'public',
      type: 'training',
      hyperparams: seed.hyperparams ?? {},
      configuration: seed.configuration ?? {},
    },
  });
}

const stored = async (id: string) =>
  db.task.findUniqueOrThrow({
    where: { id },
    select: { hyperparams: true, configuration: true, lastUpdate: true },
  });

const p = (
  section: string,
  name: string,
  value: string,
  extra: Partial<HyperParamItem> = {},
): HyperParamItem => ({
  section,
  name,
  value,
  ...extra,
});

describe('getHyperParams', () => {
  it('flattens sections and sorts items by (section, name) in code-point order', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, {
      hyperparams: {
        b: { z: p('b', 'z', '1'), a: p('b', 'a', '2', { type: 'int' }) },
        B: { x: p('B', 'x', '3') },
        a: { '\u{1F600}': p('a', '\u{1F600}', 'astral'), '\uFF01': p('a', '\uFF01', 'bmp') },
      },
    });
    const [result] = await getHyperParams(actor, [task.id]);
    expect(result!.taskId).toBe(task.id);
    expect(result!.items.map((i) => `${i.section}/${i.name}`)).toEqual([
      'B/x',
      'a/\uFF01', // U+FF01 < U+1F600 by code point, though not by UTF-16 code unit
      'a/\u{1F600}',
      'b/a',
      'b/z',
    ]);
    expect(result!.items[3]).toEqual({ section: 'b', name: 'a', value: '2', type: 'int' });
  });

  it('collapses duplicate ids, keeps request order, includes public tasks, gives [] for none', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const empty = await seedTask(actor);
    const pub = await seedPublicTask(other, { hyperparams: { s: { n: p('s', 'n', 'v') } } });
    const result = await getHyperParams(actor, [pub.id, empty.id, pub.id]);
    expect(result).toEqual([
      { taskId: pub.id, items: [p('s', 'n', 'v')] },
      { taskId: empty.id, items: [] },
    ]);
  });

  it('reports every id it cannot see, other companies included', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const mine = await seedTask(actor);
    const theirs = await seedTask(other);
    const missing = newId();
    await expect(getHyperParams(actor, [mine.id, theirs.id, missing])).rejects.toMatchObject({
      code: 'TASK_NOT_FOUND',
      ids: [theirs.id, missing],
    });
  });

  it('requires at least one id', async () => {
    const actor = await seedActor();
    await expect(getHyperParams(actor, [])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('editHyperParams', () => {
  it('replace none: sets the given names and keeps everything else; bumps last_update', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, {
      hyperparams: {
        Args: { lr: p('Args', 'lr', '0.1'), epochs: p('Args', 'epochs', '10') },
        Other: { x: p('Other', 'x', '1') },
      },
    });
    const result = await editHyperParams(actor, {
      taskId: task.id,
      items: [
        p('Args', 'lr', '0.2', { type: 'float' }),
        p('Args', 'batch', '32'),
        p('New', 'y', ''),
      ],
    });
    expect(result).toEqual({ updated: 1 });
    const after = await stored(task.id);
    expect(after.hyperparams).toEqual({
      Args: {
        lr: p('Args', 'lr', '0.2', { type: 'float' }),
        epochs: p('Args', 'epochs', '10'),
        batch: p('Args', 'batch', '32'),
      },
      Other: { x: p('Other', 'x', '1') },
      New: { y: p('New', 'y', '') },
    });
    expect(after.lastUpdate.getTime()).toBeGreaterThan(task.lastUpdate.getTime());
  });

  it('replace section: each given section holds exactly the given items; other sections stay', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, {
      hyperparams: {
        Args: { lr: p('Args', 'lr', '0.1'), epochs: p('Args', 'epochs', '10') },
        Other: { x: p('Other', 'x', '1') },
      },
    });
    await editHyperParams(actor, {
      taskId: task.id,
      items: [p('Args', 'batch', '32')],
      replace: 'section',
    });
    expect((await stored(task.id)).hyperparams).toEqual({
      Args: { batch: p('Args', 'batch', '32') },
      Other: { x: p('Other', 'x', '1') },
    });
  });

  it('replace all: the map becomes exactly the given items; repeated keys: last wins', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, { hyperparams: { Args: { lr: p('Args', 'lr', '0.1') } } });
    await editHyperParams(actor, {
      taskId: task.id,
      items: [p('S', 'a', '1'), p('S', 'a', '2', { description: 'second' })],
      replace: 'all',
    });
    expect((await stored(task.id)).hyperparams).toEqual({
      S: { a: p('S', 'a', '2', { description: 'second' }) },
    });
  });

  it('stores real keys (dots, dollars, leading underscores) without escaping; keys are trimmed', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await editHyperParams(actor, {
      taskId: task.id,
      items: [p('a.b', '$x__y', '1'), p('_s', ' spaced ', '2')],
    });
    expect((await stored(task.id)).hyperparams).toEqual({
      'a.b': { $x__y: p('a.b', '$x__y', '1') },
      _s: { spaced: p('_s', ' spaced ', '2') },
    });
    const [result] = await getHyperParams(actor, [task.id]);
    expect(result!.items.map((i) => i.name)).toEqual([' spaced ', '$x__y']);
  });

  it('drops null optional members and unknown members', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    const item = {
      section: 'S',
      name: 'n',
      value: 'v',
      type: null,
      extra: 1,
    } as unknown as HyperParamItem;
    await editHyperParams(actor, { taskId: task.id, items: [item] });
    expect((await stored(task.id)).hyperparams).toEqual({
      S: { n: { section: 'S', name: 'n', value: 'v' } },
    });
  });

  it('refuses a task not in status created', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, { status: 'in_progress' });
    await expect(
      editHyperParams(actor, { taskId: task.id, items: [p('Args', 'lr', '1')] }),
    ).rejects.toMatchObject({
      code: 'INVALID_TASK_STATUS',
      details: expect.objectContaining({ taskId: task.id, from: 'in_progress' }),
    });
    expect((await stored(task.id)).hyperparams).toEqual({});
  });

  it('allows any status when every item is in the properties section, normalising its case', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, { status: 'published' });
    await editHyperParams(actor, {
      taskId: task.id,
      items: [p('Properties', 'owner', 'bob'), p('PROPERTIES', 'team', 'ml')],
    });
    expect((await stored(task.id)).hyperparams).toEqual({
      properties: { owner: p('properties', 'owner', 'bob'), team: p('properties', 'team', 'ml') },
    });
    await expect(
      editHyperParams(actor, {
        taskId: task.id,
        items: [p('properties', 'a', '1'), p('Args', 'b', '2')],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_TASK_STATUS' });
  });

  it.each([
    ['no items', [], 'hyperparams'],
    ['an empty section', [p(' ', 'n', 'v')], 'hyperparams[0].section'],
    ['an empty name', [p('s', 'n', 'v'), p('s', '', 'v')], 'hyperparams[1].name'],
    ['a non-string value', [{ section: 's', name: 'n', value: 1 }], 'hyperparams[0].value'],
    [
      'a non-string type',
      [{ section: 's', name: 'n', value: '1', type: 3 }],
      'hyperparams[0].type',
    ],
  ])('rejects %s', async (_label, items, field) => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await expect(
      editHyperParams(actor, { taskId: task.id, items: items as HyperParamItem[] }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field,
    });
  });

  it('rejects an unknown replace mode', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    const input = { taskId: task.id, items: [p('s', 'n', 'v')], replace: 'some' as 'all' };
    await expect(editHyperParams(actor, input)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'replace',
    });
  });

  it('treats other companies’ tasks as missing and public tasks as read-only', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const theirs = await seedTask(other);
    const pub = await seedPublicTask(other);
    const items = [p('properties', 'n', 'v')];
    await expect(editHyperParams(actor, { taskId: theirs.id, items })).rejects.toMatchObject({
      code: 'TASK_NOT_FOUND',
    });
    await expect(editHyperParams(actor, { taskId: newId(), items })).rejects.toMatchObject({
      code: 'TASK_NOT_FOUND',
    });
    await expect(editHyperParams(actor, { taskId: pub.id, items })).rejects.toMatchObject({
      code: 'PUBLIC_READ_ONLY',
    });
    expect((await stored(theirs.id)).hyperparams).toEqual({});
    expect((await stored(pub.id)).hyperparams).toEqual({});
  });

  it('loses no write under concurrency: 20 parallel edits of one section all land', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, { hyperparams: { Args: { keep: p('Args', 'keep', 'k') } } });
    const names = Array.from({ length: 20 }, (_, i) => `p${i}`);
    await Promise.all(
      names.map((name, i) =>
        i % 2 === 0
          ? editHyperParams(actor, { taskId: task.id, items: [p('Args', name, name)] })
          : editHyperParams(actor, {
              taskId: task.id,
              items: [p('Args', name, name), p(`S${i}`, 'x', 'y')],
            }),
      ),
    );
    const after = (await stored(task.id)).hyperparams as Record<string, Record<string, unknown>>;
    expect(Object.keys(after.Args!).sort()).toEqual(['keep', ...names].sort());
    expect(Object.keys(after).length).toBe(1 + 10);
  });
});

describe('deleteHyperParams', () => {
  const seedParams = {
    A: { a1: p('A', 'a1', '1'), a2: p('A', 'a2', '2') },
    B: { b1: p('B', 'b1', '1') },
    C: { c1: p('C', 'c1', '1') },
  };

  it('deletes names and whole sections; missing keys are ignored; last name leaves an empty section', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, { hyperparams: seedParams });
    const result = await deleteHyperParams(actor, {
      taskId: task.id,
      items: [
        { section: 'A', name: 'a1' },
        { section: 'B', name: 'b1' },
        { section: 'C' },
        { section: 'D', name: 'x' },
        { section: 'E', name: null },
      ],
    });
    expect(result).toEqual({ deleted: 1 });
    const after = await stored(task.id);
    expect(after.hyperparams).toEqual({ A: { a2: p('A', 'a2', '2') }, B: {} });
    expect(after.lastUpdate.getTime()).toBeGreaterThan(task.lastUpdate.getTime());
  });

  it('an empty name deletes the whole section', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, { hyperparams: seedParams });
    await deleteHyperParams(actor, { taskId: task.id, items: [{ section: 'A', name: '' }] });
    expect(Object.keys((await stored(task.id)).hyperparams as object).sort()).toEqual(['B', 'C']);
  });

  it('refuses to delete a section both whole and by name', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, { hyperparams: seedParams });
    await expect(
      deleteHyperParams(actor, {
        taskId: task.id,
        items: [{ section: 'A' }, { section: 'A', name: 'a1' }],
      }),
    ).rejects.toMatchObject({ code: 'CONFLICTING_FIELDS' });
    expect((await stored(task.id)).hyperparams).toEqual(seedParams);
  });

  it('needs status created unless every entry is in properties', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, {
      status: 'in_progress',
      hyperparams: {
        ...seedParams,
        properties: { owner: p('properties', 'owner', 'bob'), x: p('properties', 'x', '1') },
      },
    });
    await expect(
      deleteHyperParams(actor, { taskId: task.id, items: [{ section: 'A' }] }),
    ).rejects.toMatchObject({
      code: 'INVALID_TASK_STATUS',
    });
    await deleteHyperParams(actor, {
      taskId: task.id,
      items: [{ section: 'Properties', name: 'owner' }],
    });
    expect((await stored(task.id)).hyperparams).toEqual({
      ...seedParams,
      properties: { x: p('properties', 'x', '1') },
    });
  });

  it('validates entries and task access', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const task = await seedTask(actor);
    const pub = await seedPublicTask(other);
    await expect(deleteHyperParams(actor, { taskId: task.id, items: [] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      deleteHyperParams(actor, { taskId: task.id, items: [{ section: '' }] }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'hyperparams[0].section',
    });
    await expect(
      deleteHyperParams(actor, { taskId: newId(), items: [{ section: 'A' }] }),
    ).rejects.toMatchObject({
      code: 'TASK_NOT_FOUND',
    });
    await expect(
      deleteHyperParams(actor, { taskId: pub.id, items: [{ section: 'A' }] }),
    ).rejects.toMatchObject({
      code: 'PUBLIC_READ_ONLY',
    });
  });

  it('concurrent deletes of different names all apply', async () => {
    const actor = await seedActor();
    const section = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`p${i}`, p('S', `p${i}`, '1')]),
    );
    const task = await seedTask(actor, { hyperparams: { S: section } });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        deleteHyperParams(actor, { taskId: task.id, items: [{ section: 'S', name: `p${i}` }] }),
      ),
    );
    expect((await stored(task.id)).hyperparams).toEqual({ S: {} });
  });
});

describe('configuration', () => {
  const c = (name: string, value: string, extra: object = {}) => ({ name, value, ...extra });

  it('getConfigurations: sorted by name, filtered by names, own or public only', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const task = await seedTask(actor, {
      configuration: {
        design: c('design', 'layers: 3', { type: 'yaml' }),
        General: c('General', '{}'),
        'a.b': c('a.b', 'x'),
      },
    });
    const pub = await seedPublicTask(other, { configuration: { z: c('z', '1') } });
    expect(await getConfigurations(actor, [task.id, pub.id])).toEqual([
      {
        taskId: task.id,
        items: [c('General', '{}'), c('a.b', 'x'), c('design', 'layers: 3', { type: 'yaml' })],
      },
      { taskId: pub.id, items: [c('z', '1')] },
    ]);
    expect(await getConfigurations(actor, [task.id, pub.id], ['design', 'nope'])).toEqual([
      { taskId: task.id, items: [c('design', 'layers: 3', { type: 'yaml' })] },
      { taskId: pub.id, items: [] },
    ]);
    const theirs = await seedTask(other);
    await expect(getConfigurations(actor, [task.id, theirs.id])).rejects.toMatchObject({
      code: 'TASK_NOT_FOUND',
      ids: [theirs.id],
    });
  });

  it('getConfigurationNames: sorted names; unknown, foreign and empty tasks are absent', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const task = await seedTask(actor, {
      configuration: {
        'param/2': c('param/2', '1'),
        design: c('design', '1'),
        param$1: c('param$1', '1'),
      },
    });
    const empty = await seedTask(actor);
    const theirs = await seedTask(other, { configuration: { x: c('x', '1') } });
    const pub = await seedPublicTask(other, { configuration: { y: c('y', '1') } });
    const result = await getConfigurationNames(actor, [
      task.id,
      empty.id,
      theirs.id,
      pub.id,
      newId(),
    ]);
    expect(result).toEqual([
      { taskId: task.id, names: ['design', 'param$1', 'param/2'] },
      { taskId: pub.id, names: ['y'] },
    ]);
  });

  it('editConfiguration: merges or replaces, last wins, bumps last_update', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, {
      configuration: { keep: c('keep', '1'), over: c('over', '1') },
    });
    expect(
      await editConfiguration(actor, {
        taskId: task.id,
        items: [
          c('over', '2'),
          c('new', 'a', { description: 'd' }),
          c('new', 'b', { type: 'txt' }),
        ],
      }),
    ).toEqual({ updated: 1 });
    const merged = await stored(task.id);
    expect(merged.configuration).toEqual({
      keep: c('keep', '1'),
      over: c('over', '2'),
      new: c('new', 'b', { type: 'txt' }),
    });
    expect(merged.lastUpdate.getTime()).toBeGreaterThan(task.lastUpdate.getTime());
    await editConfiguration(actor, { taskId: task.id, items: [c('only', '')], replace: true });
    expect((await stored(task.id)).configuration).toEqual({ only: c('only', '') });
  });

  it('editConfiguration: status created only (no properties exception), input and access checks', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const running = await seedTask(actor, { status: 'in_progress' });
    const task = await seedTask(actor);
    const pub = await seedPublicTask(other);
    await expect(
      editConfiguration(actor, { taskId: running.id, items: [c('properties', '1')] }),
    ).rejects.toMatchObject({
      code: 'INVALID_TASK_STATUS',
    });
    await expect(editConfiguration(actor, { taskId: task.id, items: [] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      editConfiguration(actor, { taskId: task.id, items: [c(' ', '1')] }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'configuration[0].name',
    });
    await expect(
      editConfiguration(actor, {
        taskId: task.id,
        items: [{ name: 'n', value: 2 } as unknown as ReturnType<typeof c>],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'configuration[0].value' });
    await expect(
      editConfiguration(actor, { taskId: newId(), items: [c('a', '1')] }),
    ).rejects.toMatchObject({
      code: 'TASK_NOT_FOUND',
    });
    await expect(
      editConfiguration(actor, { taskId: pub.id, items: [c('a', '1')] }),
    ).rejects.toMatchObject({
      code: 'PUBLIC_READ_ONLY',
    });
  });

  it('editConfiguration: 20 concurrent edits of different names all land', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        editConfiguration(actor, { taskId: task.id, items: [c(`n${i}`, `${i}`)] }),
      ),
    );
    expect(Object.keys((await stored(task.id)).configuration as object)).toHaveLength(20);
  });

  it('deleteConfiguration: removes the names, ignores missing ones, status created only', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, {
      configuration: { a: c('a', '1'), 'b.c': c('b.c', '2'), d: c('d', '3') },
    });
    expect(
      await deleteConfiguration(actor, { taskId: task.id, names: ['a', 'b.c', 'zz', 'a'] }),
    ).toEqual({ deleted: 1 });
    expect((await stored(task.id)).configuration).toEqual({ d: c('d', '3') });
    await expect(deleteConfiguration(actor, { taskId: task.id, names: [] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    const running = await seedTask(actor, {
      status: 'in_progress',
      configuration: { a: c('a', '1') },
    });
    await expect(
      deleteConfiguration(actor, { taskId: running.id, names: ['a'] }),
    ).rejects.toMatchObject({
      code: 'INVALID_TASK_STATUS',
    });
    expect((await stored(running.id)).configuration).toEqual({ a: c('a', '1') });
  });
});
