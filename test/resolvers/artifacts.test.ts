import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import {
  addOrUpdateArtifacts,
  removeArtifacts,
  replaceArtifacts,
  toArtifactRows,
  type ArtifactInput,
} from '../../src/resolvers/tasks/artifacts.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';

useTestDatabase();

async function seedTask(actor: Actor, status: 'created' | 'published' = 'created') {
  return db.task.create({
    data: {
      id: newId(),
      companyId: actor.companyId,
      userId: actor.userId,
      name: 't1',
      type: 'training',
      status,
    },
  });
}

async function seedPublicTask(owner: Actor) {
  return db.task.create({
    data: {
      id: newId(),
      companyId: null,
      companyOrigin: owner.companyId,
      userId: owner.userId,
      name: 'pub',
      type: 'training',
    },
  });
}

const listed = (taskId: string) =>
  db.taskArtifact.findMany({ where: { taskId }, orderBy: { position: 'asc' } });

const pairs = async (taskId: string) => (await listed(taskId)).map((a) => `${a.key}:${a.mode}`);

describe('addOrUpdateArtifacts', () => {
  it('appends new artifacts in request order with every member stored', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    const full: ArtifactInput = {
      key: 'model',
      type: 'pickle',
      mode: 'input',
      uri: 's3://bucket/model.pkl',
      hash: 'abc',
      contentSize: 2n ** 40n,
      timestamp: 1_600_000_000,
      typeData: { preview: 'p', contentType: 'application/octet-stream', dataHash: 'h' },
      displayData: [
        ['a', 1],
        ['b', 2.5],
      ],
    };
    const result = await addOrUpdateArtifacts(actor, {
      taskId: task.id,
      artifacts: [full, { key: 'log', type: 'txt' }],
    });
    expect(result).toEqual({ added: ['model', 'log'], updated: [] });
    const rows = await listed(task.id);
    expect(rows.map((r) => [r.key, r.mode, r.position])).toEqual([
      ['model', 'input', 0],
      ['log', 'output', 1],
    ]);
    expect(rows[0]).toMatchObject({
      uri: 's3://bucket/model.pkl',
      hash: 'abc',
      contentSize: 2n ** 40n,
      timestamp: 1_600_000_000n,
      typeData: { preview: 'p', contentType: 'application/octet-stream', dataHash: 'h' },
      displayData: [
        ['a', 1],
        ['b', 2.5],
      ],
    });
    expect(rows[1]).toMatchObject({
      uri: null,
      hash: null,
      contentSize: null,
      timestamp: null,
      typeData: null,
      displayData: null,
    });
  });

  it('replaces an existing (key, mode) entirely, keeping its position; same key other mode is new', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await addOrUpdateArtifacts(actor, {
      taskId: task.id,
      artifacts: [
        { key: 'a', type: 'txt', uri: 'u1', hash: 'h1', typeData: { preview: 'old' } },
        { key: 'b', type: 'txt' },
        { key: 'c', type: 'txt' },
      ],
    });
    const result = await addOrUpdateArtifacts(actor, {
      taskId: task.id,
      artifacts: [
        { key: 'd', type: 'txt' },
        { key: 'a', type: 'json', uri: 'u2' },
        { key: 'a', type: 'txt', mode: 'input' },
      ],
    });
    expect(result).toEqual({ added: ['d', 'a'], updated: ['a'] });
    expect(await pairs(task.id)).toEqual([
      'a:output',
      'b:output',
      'c:output',
      'd:output',
      'a:input',
    ]);
    const a = (await listed(task.id))[0]!;
    // Replaced, not merged: members missing from the new artifact are gone.
    expect(a).toMatchObject({ type: 'json', uri: 'u2', hash: null, typeData: null, position: 0 });
  });

  it('a pair repeated in one request is written once: first place, last value', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await addOrUpdateArtifacts(actor, { taskId: task.id, artifacts: [{ key: 'x', type: 'txt' }] });
    const result = await addOrUpdateArtifacts(actor, {
      taskId: task.id,
      artifacts: [
        { key: 'n', type: 'first' },
        { key: 'x', type: 'first' },
        { key: 'm', type: 'txt' },
        { key: 'n', type: 'last' },
        { key: 'x', type: 'last' },
      ],
    });
    expect(result).toEqual({ added: ['n', 'm'], updated: ['x'] });
    const rows = await listed(task.id);
    expect(rows.map((r) => [r.key, r.type])).toEqual([
      ['x', 'last'],
      ['n', 'last'],
      ['m', 'txt'],
    ]);
  });

  it('works in any status and does not touch last_update', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor, 'published');
    await addOrUpdateArtifacts(actor, { taskId: task.id, artifacts: [{ key: 'a', type: 'txt' }] });
    await addOrUpdateArtifacts(actor, { taskId: task.id, artifacts: [{ key: 'a', type: 'json' }] });
    const after = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(after.lastUpdate).toEqual(task.lastUpdate);
    expect(await pairs(task.id)).toEqual(['a:output']);
  });

  it('an empty list returns at once, even for an unknown task', async () => {
    const actor = await seedActor();
    expect(await addOrUpdateArtifacts(actor, { taskId: newId(), artifacts: [] })).toEqual({
      added: [],
      updated: [],
    });
  });

  it('treats unknown and other companies’ tasks as missing, public tasks as read-only', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const theirs = await seedTask(other);
    const pub = await seedPublicTask(other);
    const artifacts = [{ key: 'a', type: 'txt' }];
    await expect(addOrUpdateArtifacts(actor, { taskId: newId(), artifacts })).rejects.toMatchObject(
      { code: 'TASK_NOT_FOUND' },
    );
    await expect(
      addOrUpdateArtifacts(actor, { taskId: theirs.id, artifacts }),
    ).rejects.toMatchObject({
      code: 'TASK_NOT_FOUND',
    });
    await expect(addOrUpdateArtifacts(actor, { taskId: pub.id, artifacts })).rejects.toMatchObject({
      code: 'PUBLIC_READ_ONLY',
    });
    expect(await pairs(theirs.id)).toEqual([]);
    expect(await pairs(pub.id)).toEqual([]);
  });

  it.each([
    ['a missing key', [{ key: 'ok', type: 't' }, { type: 't' }], 'artifacts[1].key'],
    ['an empty key', [{ key: '', type: 't' }], 'artifacts[0].key'],
    ['a missing type', [{ key: 'k' }], 'artifacts[0].type'],
    ['an unknown mode', [{ key: 'k', type: 't', mode: 'both' }], 'artifacts[0].mode'],
    [
      'a fractional content size',
      [{ key: 'k', type: 't', contentSize: 1.5 }],
      'artifacts[0].content_size',
    ],
    ['a non-string uri', [{ key: 'k', type: 't', uri: 3 }], 'artifacts[0].uri'],
    [
      'bad display data',
      [{ key: 'k', type: 't', displayData: ['row'] }],
      'artifacts[0].display_data',
    ],
    [
      'bad type data',
      [{ key: 'k', type: 't', typeData: { preview: 1 } }],
      'artifacts[0].type_data.preview',
    ],
  ])('rejects %s', async (_label, artifacts, field) => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await expect(
      addOrUpdateArtifacts(actor, { taskId: task.id, artifacts: artifacts as ArtifactInput[] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', field });
    expect(await pairs(task.id)).toEqual([]);
  });

  it('serialises concurrent calls: 20 parallel adds and updates lose nothing and keep positions unique', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await addOrUpdateArtifacts(actor, {
      taskId: task.id,
      artifacts: [{ key: 'shared', type: 'v0' }],
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        addOrUpdateArtifacts(actor, {
          taskId: task.id,
          artifacts: [
            { key: `k${i}`, type: 'txt' },
            { key: 'shared', type: `v${i + 1}` },
          ],
        }),
      ),
    );
    expect(results.every((r) => r.added.length === 1 && r.updated.join() === 'shared')).toBe(true);
    const rows = await listed(task.id);
    expect(rows).toHaveLength(21);
    expect(new Set(rows.map((r) => r.position)).size).toBe(21);
    expect(rows[0]).toMatchObject({ key: 'shared', position: 0 });
  });
});

describe('replaceArtifacts / removeArtifacts / toArtifactRows', () => {
  it('replaceArtifacts swaps the whole list inside the caller’s transaction', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await addOrUpdateArtifacts(actor, {
      taskId: task.id,
      artifacts: [{ key: 'old', type: 'txt' }],
    });
    await db.$transaction((tx) =>
      replaceArtifacts(tx, task.id, [
        { key: 'b', type: 'txt', mode: 'input' },
        { key: 'a', type: 'txt' },
        { key: 'b', type: 'json', mode: 'input' },
      ]),
    );
    const rows = await listed(task.id);
    expect(rows.map((r) => [r.key, r.mode, r.type, r.position])).toEqual([
      ['b', 'input', 'json', 0],
      ['a', 'output', 'txt', 1],
    ]);
    await db.$transaction((tx) => replaceArtifacts(tx, task.id, []));
    expect(await pairs(task.id)).toEqual([]);
  });

  it('replaceArtifacts validates and leaves the list unchanged when it throws', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await addOrUpdateArtifacts(actor, {
      taskId: task.id,
      artifacts: [{ key: 'keep', type: 'txt' }],
    });
    await expect(
      db.$transaction((tx) => replaceArtifacts(tx, task.id, [{ key: 'k', type: '' }])),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'artifacts[0].type' });
    expect(await pairs(task.id)).toEqual(['keep:output']);
  });

  it('removeArtifacts drops output artifacts only, or all of them', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await addOrUpdateArtifacts(actor, {
      taskId: task.id,
      artifacts: [
        { key: 'in', type: 'txt', mode: 'input' },
        { key: 'out1', type: 'txt' },
        { key: 'out2', type: 'txt', mode: 'output' },
      ],
    });
    expect(await db.$transaction((tx) => removeArtifacts(tx, task.id, 'output'))).toBe(2);
    expect(await pairs(task.id)).toEqual(['in:input']);
    expect(await db.$transaction((tx) => removeArtifacts(tx, task.id, 'all'))).toBe(1);
    expect(await pairs(task.id)).toEqual([]);
  });

  it('toArtifactRows positions rows from the given start', () => {
    const rows = toArtifactRows(
      't',
      [
        { key: 'a', type: 'x', contentSize: 5 },
        { key: 'b', type: 'y', mode: 'input' },
      ],
      3,
    );
    expect(rows).toEqual([
      {
        taskId: 't',
        key: 'a',
        mode: 'output',
        type: 'x',
        uri: null,
        hash: null,
        contentSize: 5n,
        timestamp: null,
        position: 3,
      },
      {
        taskId: 't',
        key: 'b',
        mode: 'input',
        type: 'y',
        uri: null,
        hash: null,
        contentSize: null,
        timestamp: null,
        position: 4,
      },
    ]);
  });
});
