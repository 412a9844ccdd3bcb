// One domain behind two APIs: a GraphQL mutation and the equivalent legacy call (over HTTP on a real
// socket) must leave the same stored task. The rows are compared field by field, except the id and
// the times of the write (only whether they are set is compared).
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { seedActor, seedProject, useTestDatabase } from '../helpers/db.ts';
import { executeAs } from '../helpers/graphql.ts';
import { callLegacy, credentialsFor, loggedInTenant, useLegacyServer, type LegacyAuth, type Tenant } from '../helpers/legacy.ts';
import { seedQueue, seedTask } from '../helpers/tasks.ts';

useTestDatabase();
useLegacyServer();

type Doc = Record<string, any>;

const tenant = loggedInTenant;

/** A legacy call that must succeed; returns `data`. */
async function legacy(who: Tenant, path: string, body: Doc): Promise<Doc> {
  const response = await callLegacy(path, { auth: who.auth, body });
  const { meta, data } = response.json;
  expect([response.status, meta.result_code, meta.result_subcode], `${path}: ${meta.result_msg}`).toEqual([200, 200, 0]);
  return data;
}

/** A GraphQL mutation `field(input: $input)` that must succeed; returns the task id it answers. */
async function mutate(who: Tenant, field: string, inputType: string, input: Doc): Promise<string> {
  const document = `mutation Run($input: ${inputType}!) {
    result: ${field}(input: $input) { __typename ... on Error { code message } ... on Mutation${field[0]!.toUpperCase()}${field.slice(1)}Success { data { id } } }
  }`;
  const response = await executeAs<{ result: Doc }, { input: Doc }>(who.actor, document, { input });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const result = response.data!.result;
  expect(result.__typename, JSON.stringify(result)).toMatch(/Success$/);
  return result.data.id as string;
}

const timeFields = ['created', 'lastUpdate', 'statusChanged', 'started', 'completed', 'published', 'lastWorkerReport'] as const;

/** The stored task (row, artifacts, queue entries) with the id removed and times reduced to set/unset. */
async function stored(id: string) {
  const row = await db.task.findUniqueOrThrow({
    where: { id },
    include: { artifacts: { orderBy: { position: 'asc' } }, queueEntries: { select: { queueId: true } } },
  });
  const { id: _id, artifacts, ...rest } = row;
  const comparable: Doc = { ...rest, artifacts: artifacts.map(({ taskId: _taskId, ...artifact }) => artifact) };
  for (const field of timeFields) comparable[field] = comparable[field] === null ? null : 'set';
  return comparable;
}

/**
 * Both rows are equal in every field; also returns one of them for further checks. `durations`:
 * the rows' expected `duration`s (see timedWrites), compared on their own, not with each other.
 */
async function expectSameTask(viaGraphql: string, viaLegacy: string, durations?: readonly [number, number]) {
  expect(viaGraphql).not.toBe(viaLegacy);
  const [a, b] = await Promise.all([stored(viaGraphql), stored(viaLegacy)]);
  if (durations) {
    expect([a.duration, b.duration]).toEqual(durations);
    delete a.duration;
    delete b.duration;
  }
  expect(a).toEqual(b);
  return a;
}

/**
 * Runs `writes`, which record `duration` on the tasks `ids`: whole seconds, rounded, from `started`
 * to the clock at the write. The two APIs' writes happen some milliseconds apart, so their rounded
 * durations may differ by a second (e.g. 0.49 s and 0.51 s): each one is checked against the clock
 * read around the writes instead. Returns the durations, in the order of `ids`.
 */
async function timedWrites(ids: readonly string[], writes: () => Promise<unknown>): Promise<number[]> {
  const started = await Promise.all(ids.map(async (id) => (await db.task.findUniqueOrThrow({ where: { id } })).started!.getTime()));
  const before = Date.now();
  await writes();
  const after = Date.now();
  return Promise.all(
    ids.map(async (id, i) => {
      const { duration } = await db.task.findUniqueOrThrow({ where: { id }, select: { duration: true } });
      expect(duration, `duration of ${id}`).toBeGreaterThanOrEqual(Math.round((before - started[i]!) / 1000));
      expect(duration, `duration of ${id}`).toBeLessThanOrEqual(Math.round((after - started[i]!) / 1000));
      return duration!;
    }),
  );
}

describe('one domain: GraphQL and legacy writes store the same task', () => {
  it('createTask ≡ tasks.create (name, type, tags, comment, script, execution, hyperparams, configuration, project, parent)', async () => {
    const who = await tenant();
    const project = await seedProject(who.actor);
    const parent = await seedTask(who.actor, { name: 'the parent' });

    const viaGraphql = await mutate(who, 'createTask', 'CreateTaskInput', {
      name: '  same task ', type: 'testing', comment: 'hello', tags: ['b', 'a'], systemTags: ['development'],
      projectId: project.id, parentId: parent.id, outputDestination: ' s3://out ',
      script: {
        binary: 'python3', repository: ' https://github.com/x/y.git ', branch: 'main', versionNum: 'abc123', entryPoint: 'train.py',
        workingDir: '.', requirements: { pip: 'torch==1.5\n' }, diff: 'diff --git',
      },
      execution: {
        testSplit: 3, framework: 'pytorch', modelLabels: { cat: 1, dog: 2 }, dockerCmd: 'img:1',
        artifacts: [
          { key: 'data', type: 'pandas', mode: 'OUTPUT', uri: 'http://files/d.csv', contentSize: 1234, timestamp: 1597053900, contentType: 'text/csv', preview: 'rows', dataHash: 'h' },
          { key: 'in', type: 'custom', mode: 'INPUT' },
        ],
      },
      hyperparams: [
        { section: 'Args', name: 'lr', value: '0.1', type: 'float' },
        { section: 'sec.1', name: 'a$b%', value: 'x', description: 'odd keys' },
      ],
      configuration: [{ name: 'General', value: '{"a": 1}', type: 'dictionary' }],
    });

    const { id: viaLegacy } = await legacy(who, '/tasks.create', {
      name: '  same task ', type: 'testing', comment: 'hello', tags: ['b', 'a'], system_tags: ['development'],
      project: project.id, parent: parent.id, output_dest: ' s3://out ',
      script: {
        binary: 'python3', repository: ' https://github.com/x/y.git ', branch: 'main', version_num: 'abc123', entry_point: 'train.py',
        working_dir: '.', requirements: { pip: 'torch==1.5\n' }, diff: 'diff --git',
      },
      execution: {
        test_split: 3, framework: 'pytorch', model_labels: { cat: 1, dog: 2 }, docker_cmd: 'img:1',
        artifacts: [
          {
            key: 'data', type: 'pandas', mode: 'output', uri: 'http://files/d.csv', content_size: 1234, timestamp: 1597053900,
            type_data: { content_type: 'text/csv', preview: 'rows', data_hash: 'h' },
          },
          { key: 'in', type: 'custom', mode: 'input' },
        ],
      },
      hyperparams: {
        Args: { lr: { section: 'Args', name: 'lr', value: '0.1', type: 'float' } },
        'sec.1': { 'a$b%': { section: 'sec.1', name: 'a$b%', value: 'x', description: 'odd keys' } },
      },
      configuration: { General: { name: 'General', value: '{"a": 1}', type: 'dictionary' } },
    });

    const task = await expectSameTask(viaGraphql, viaLegacy);
    // Sanity: the compared rows really carry the input.
    expect(task).toMatchObject({
      name: 'same task', type: 'testing', status: 'created', userId: who.actor.userId, companyId: who.actor.companyId,
      projectId: project.id, parentId: parent.id, tags: ['a', 'b'], systemTags: ['development'], outputDestination: 's3://out',
      scriptRepository: 'https://github.com/x/y.git', scriptEntryPoint: 'train.py', testSplit: 3, dockerCmd: 'img:1',
      hyperparams: { Args: { lr: { value: '0.1' } }, 'sec.1': { 'a$b%': { value: 'x' } } },
      configuration: { General: { value: '{"a": 1}' } },
    });
    expect(task.artifacts).toHaveLength(2);
  });

  it('editTask ≡ tasks.edit (shallow execution/script merge, whole hyperparams, tags, project)', async () => {
    const who = await tenant();
    const [first, second] = [await seedProject(who.actor), await seedProject(who.actor)];
    const original = {
      name: 'before edit', type: 'training', project: first.id, tags: ['x'],
      script: { repository: 'r.git', entry_point: 'a.py', branch: 'main' },
      execution: { framework: 'tf', model_labels: { a: 1 }, artifacts: [{ key: 'in', type: 't', mode: 'input' }] },
      hyperparams: { Old: { k: { section: 'Old', name: 'k', value: '1' } } },
    };
    const { id: viaGraphql } = await legacy(who, '/tasks.create', original);
    const { id: viaLegacy } = await legacy(who, '/tasks.create', original);
    await expectSameTask(viaGraphql, viaLegacy);

    await mutate(who, 'editTask', 'EditTaskInput', {
      taskId: viaGraphql, name: 'after edit', comment: 'edited', tags: ['y', 'x'], projectId: second.id, outputDestination: 'file:///out',
      execution: { dockerCmd: 'img:2', modelLabels: { b: 2 } },
      script: { entryPoint: 'b.py' },
      hyperparams: [{ section: 'New', name: 'lr', value: '0.5', type: 'float' }],
    });
    await legacy(who, '/tasks.edit', {
      task: viaLegacy, name: 'after edit', comment: 'edited', tags: ['y', 'x'], project: second.id, output_dest: 'file:///out',
      execution: { docker_cmd: 'img:2', model_labels: { b: 2 } },
      script: { entry_point: 'b.py' },
      hyperparams: { New: { lr: { section: 'New', name: 'lr', value: '0.5', type: 'float' } } },
    });

    const task = await expectSameTask(viaGraphql, viaLegacy);
    expect(task).toMatchObject({
      name: 'after edit', comment: 'edited', projectId: second.id, outputDestination: 'file:///out',
      framework: 'tf', dockerCmd: 'img:2', modelLabels: { b: 2 },
      scriptRepository: 'r.git', scriptBranch: 'main', scriptEntryPoint: 'b.py',
      hyperparams: { New: { lr: { section: 'New', name: 'lr', value: '0.5', type: 'float' } } },
    });
    expect(task.artifacts).toEqual([expect.objectContaining({ key: 'in', mode: 'input' })]);
  });

  it('lifecycle: started → stopped, started → stop, enqueue → dequeue, reset give the same status fields', async () => {
    const who = await tenant('carol');
    const queue = await seedQueue(who.actor);
    const pair = async () => {
      const body = { name: 'runner', type: 'training', system_tags: ['development'] };
      return [(await legacy(who, '/tasks.create', body)).id as string, (await legacy(who, '/tasks.create', body)).id as string] as const;
    };
    const status = { status_reason: 'because', status_message: 'hello' };
    const gqlStatus = { statusReason: 'because', statusMessage: 'hello' };

    // started → stopped (reason and message carried; completed and duration written).
    const [a, b] = await pair();
    await mutate(who, 'startTask', 'TaskStatusChangeInput', { taskId: a, ...gqlStatus });
    await legacy(who, '/tasks.started', { task: b, ...status });
    expect(await expectSameTask(a, b)).toMatchObject({ status: 'in_progress', started: 'set', statusReason: 'because', statusMessage: 'hello' });
    const durations = await timedWrites([a, b], async () => {
      await mutate(who, 'markTaskStopped', 'TaskStatusChangeInput', { taskId: a });
      await legacy(who, '/tasks.stopped', { task: b });
    });
    expect(await expectSameTask(a, b, durations as [number, number])).toMatchObject({
      status: 'stopped', statusReason: '', statusMessage: '', started: 'set', completed: 'set',
    });
    // … and on to published (the durations stay).
    await mutate(who, 'publishTask', 'PublishTaskInput', { taskId: a });
    await legacy(who, '/tasks.publish', { task: b });
    expect(await expectSameTask(a, b, durations as [number, number])).toMatchObject({ status: 'published', published: 'set' });

    // started → stop of a development task: "Stopped by <user name>".
    const [c, d] = await pair();
    await mutate(who, 'startTask', 'TaskStatusChangeInput', { taskId: c });
    await legacy(who, '/tasks.started', { task: d });
    await mutate(who, 'stopTask', 'TaskStatusChangeInput', { taskId: c, statusReason: 'user' });
    await legacy(who, '/tasks.stop', { task: d, status_reason: 'user' });
    expect(await expectSameTask(c, d)).toMatchObject({ status: 'stopped', statusReason: 'user', statusMessage: 'Stopped by carol' });

    // enqueue (development tag removed, queue entry) → dequeue.
    const [e, f] = await pair();
    await mutate(who, 'enqueueTask', 'EnqueueTaskInput', { taskId: e, queueId: queue.id, ...gqlStatus });
    await legacy(who, '/tasks.enqueue', { task: f, queue: queue.id, ...status });
    expect(await expectSameTask(e, f)).toMatchObject({ status: 'queued', queueId: queue.id, systemTags: [], queueEntries: [{ queueId: queue.id }] });
    await mutate(who, 'dequeueTask', 'TaskStatusChangeInput', { taskId: e });
    await legacy(who, '/tasks.dequeue', { task: f });
    expect(await expectSameTask(e, f)).toMatchObject({ status: 'created', queueId: null, queueEntries: [] });

    // A run, then reset: results cleared, status created with reason/message "reset".
    for (const id of [e, f]) {
      await db.task.update({ where: { id }, data: { status: 'failed', started: new Date(), lastIteration: 5, lastWorker: 'w', outputError: 'boom' } });
    }
    await mutate(who, 'resetTask', 'ResetTaskInput', { taskId: e });
    await legacy(who, '/tasks.reset', { task: f });
    expect(await expectSameTask(e, f)).toMatchObject({
      status: 'created', statusReason: 'reset', statusMessage: 'reset', started: null, lastIteration: 0, lastWorker: null, outputError: null,
    });
  });
});
