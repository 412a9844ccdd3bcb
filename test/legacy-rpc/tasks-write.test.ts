// The legacy tasks.* write and lifecycle wire, tested at the handler level: response shapes
// (UpdateResponse `fields` keys, counters), errors as legacy codes, edit/clone/update semantics.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { taskEndpoints } from '../../src/legacy-rpc/endpoints/tasks.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { seedActor, seedProject, useTestDatabase } from '../helpers/db.ts';
import { seedQueue, seedTask, seedTaskInStatus } from '../helpers/tasks.ts';
import { call, failure, type Doc } from '../helpers/task-handlers.ts';

useTestDatabase();





const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;
const statusFields = ['status', 'status_reason', 'status_message', 'status_changed', 'last_update'];
const getTask = async (actor: Actor, id: string, version = '2.9') => (await call(actor, 'get_by_id', { task: id }, version)).task as Doc;

let actor: Actor;
let other: Actor;
let queue: { id: string };
beforeAll(async () => {
  actor = await seedActor({ userName: 'alice' });
  other = await seedActor();
  queue = await seedQueue(actor);
});

describe('endpoint table', () => {
  it('registers every tasks.* endpoint once with its handler min-version', () => {
    const versions = Object.fromEntries(taskEndpoints.map((e) => [e.name, e.minVersion]));
    expect(taskEndpoints).toHaveLength(33);
    expect(new Set(taskEndpoints.map((e) => e.name)).size).toBe(33);
    expect(versions).toMatchObject({
      'tasks.get_all': '1.0', 'tasks.get_types': '1.0', 'tasks.clone': '1.0', 'tasks.completed': '2.2',
      'tasks.add_or_update_artifacts': '2.6', 'tasks.make_public': '2.9', 'tasks.make_private': '2.9',
      'tasks.get_hyper_params': '1.0', 'tasks.delete_configuration': '1.0',
    });
  });
});

describe('lifecycle responses', () => {
  it('enqueue → {queued, updated, fields} with execution.queue and without the system_tags pull', async () => {
    const task = await seedTask(actor, { systemTags: ['development'] });
    const result = await call(actor, 'enqueue', { task: task.id, queue: queue.id, status_reason: 'go' });
    expect(result).toEqual({ queued: 1, updated: 1, fields: expect.any(Object) });
    expect(Object.keys(result.fields).sort()).toEqual([...statusFields, 'execution.queue'].sort());
    expect(result.fields).toMatchObject({ status: 'queued', status_reason: 'go', status_message: '', 'execution.queue': queue.id });
    expect(result.fields.status_changed).toMatch(ISO);
    expect(await getTask(actor, task.id)).toMatchObject({ status: 'queued', system_tags: [], execution: { queue: queue.id } });
    expect(await failure(call(actor, 'enqueue', { task: task.id, queue: queue.id }))).toEqual([400, 110]);

    const dequeued = await call(actor, 'dequeue', { task: task.id });
    expect(dequeued).toEqual({ dequeued: 1, updated: 1, fields: expect.objectContaining({ status: 'created', 'execution.queue': null }) });
    expect(Object.keys(dequeued.fields).sort()).toEqual([...statusFields, 'execution.queue'].sort());
  });

  it('enqueue without a queue uses the default queue; unknown queue ⇒ 400/701', async () => {
    const company = await seedActor();
    const defaultQueue = await seedQueue(company, 'default', ['default']);
    const task = await seedTask(company);
    expect(await failure(call(company, 'enqueue', { task: task.id, queue: newId() }))).toEqual([400, 701]);
    expect((await call(company, 'enqueue', { task: task.id })).fields['execution.queue']).toBe(defaultQueue.id);
    expect(await failure(call(other, 'enqueue', { task: newId() }))).toEqual([400, 707]);
  });

  it('dequeue of a created task fails with TASK_NOT_QUEUED, i.e. 400/101 (the original quirk)', async () => {
    const { id } = await call(actor, 'create', { name: 'fresh', type: 'training' });
    await expect(call(actor, 'dequeue', { task: id })).rejects.toMatchObject({ code: 'TASK_NOT_QUEUED' });
    expect(await failure(call(actor, 'dequeue', { task: id }))).toEqual([400, 101]);
  });

  it('started → {started: 1, updated, fields} with started; stopped, failed, completed, close', async () => {
    const task = await seedTask(actor);
    const started = await call(actor, 'started', { task: task.id, status_message: 'hi' });
    expect(started).toMatchObject({ started: 1, updated: 1, fields: { status: 'in_progress', status_message: 'hi', started: expect.stringMatching(ISO) } });
    expect(Object.keys(started.fields).sort()).toEqual([...statusFields, 'started'].sort());
    // a repeated start keeps the first `started`, reported as the original's `min.started: <now>`
    const restarted = await call(actor, 'started', { task: task.id, force: true });
    expect(restarted).toMatchObject({ started: 1, updated: 1, fields: { status: 'in_progress' } });
    expect(Object.keys(restarted.fields).sort()).toEqual([...statusFields, 'min.started'].sort());
    expect(restarted.fields['min.started']).toBe(restarted.fields.status_changed);
    expect(restarted.fields['min.started'] >= started.fields.started).toBe(true);
    expect((await call(actor, 'get_by_id', { task: task.id })).task.started).toBe(started.fields.started);

    const stopped = await call(actor, 'stopped', { task: task.id });
    expect(stopped).toEqual({ updated: 1, fields: expect.objectContaining({ status: 'stopped', completed: expect.stringMatching(ISO), duration: expect.any(Number) }) });
    expect(Object.keys(stopped.fields).sort()).toEqual([...statusFields, 'completed', 'duration'].sort());

    const closed = await call(actor, 'close', { task: task.id });
    expect(Object.keys(closed.fields).sort()).toEqual([...statusFields].sort());
    expect(closed.fields.status).toBe('closed');

    const failed = await call(actor, 'failed', { task: task.id, status_reason: 'Exception' });
    expect(failed.fields).toMatchObject({ status: 'failed', status_reason: 'Exception', duration: expect.any(Number) });
    expect(Object.keys(failed.fields).sort()).toEqual([...statusFields, 'duration'].sort());

    const running = await seedTaskInStatus(actor, 'in_progress', queue.id);
    const completed = await call(actor, 'completed', { task: running.id, status_reason: 'completed' }, '2.2');
    expect(Object.keys(completed.fields).sort()).toEqual([...statusFields, 'completed', 'duration'].sort());
  });

  it('refuses transitions with 400/110 unless forced', async () => {
    const task = await seedTask(actor);
    expect(await failure(call(actor, 'stopped', { task: task.id }))).toEqual([400, 110]);
    expect((await call(actor, 'stopped', { task: task.id, force: true })).fields.status).toBe('stopped');
    expect(await failure(call(actor, 'started', { task: newId() }))).toEqual([400, 101]);
    expect(await failure(call(actor, 'started', {}))).toEqual([400, 12]);
  });

  it('stop: development task stops at once, "Stopped by <user name>"; a reporting worker gets "stopping"', async () => {
    const dev = await seedTaskInStatus(actor, 'in_progress', queue.id, { systemTags: ['development'], lastWorker: 'w1' });
    expect((await call(actor, 'stop', { task: dev.id, status_reason: 'user' })).fields).toMatchObject({
      status: 'stopped', status_reason: 'user', status_message: 'Stopped by alice',
    });
    const remote = await seedTaskInStatus(actor, 'in_progress', queue.id, { lastWorker: 'w1', lastUpdate: new Date() });
    const result = await call(actor, 'stop', { task: remote.id });
    expect(result).toEqual({ updated: 1, fields: expect.objectContaining({ status: 'in_progress', status_message: 'stopping' }) });
  });

  it('publish → fields with published and output', async () => {
    const task = await seedTaskInStatus(actor, 'stopped', queue.id, { outputDestination: 's3://out' });
    const result = await call(actor, 'publish', { task: task.id });
    expect(result).toEqual({
      updated: 1,
      fields: expect.objectContaining({ status: 'published', published: expect.stringMatching(ISO), output: { destination: 's3://out' } }),
    });
    expect(await failure(call(actor, 'publish', { task: task.id }))).toEqual([400, 110]);
  });

  it('reset → ResetResponse: cleared fields, dequeued, frames/events/deleted_indices', async () => {
    const queued = await seedTaskInStatus(actor, 'queued', queue.id);
    const result = await call(actor, 'reset', { task: queued.id });
    expect(result).toEqual({
      updated: 1,
      fields: expect.objectContaining({
        status: 'created', status_reason: 'reset', status_message: 'reset', started: null, completed: null, published: null,
        last_iteration: 0, last_metrics: {}, metric_stats: {}, 'output.result': null, 'output.model': null,
        'output.error': null, last_worker: null, last_worker_report: null, 'execution.queue': null,
      }),
      dequeued: { removed: 1 },
      frames: {},
      events: {},
      deleted_indices: [],
    });

    const stopped = await seedTaskInStatus(actor, 'stopped', queue.id, { framework: 'tf', scriptRepository: 'r' });
    const cleared = await call(actor, 'reset', { task: stopped.id, clear_all: true });
    expect(cleared.dequeued).toEqual({});
    expect(cleared.fields).toMatchObject({
      execution: { test_split: 0, parameters: {}, model_desc: {}, model_labels: {}, artifacts: [] },
      script: null,
    });
    expect(Object.keys(cleared.fields).filter((k) => k.startsWith('execution.') || k.startsWith('script.'))).toEqual([]);
    expect((await getTask(actor, stopped.id)).execution).not.toHaveProperty('framework');

    const published = await seedTaskInStatus(actor, 'published', queue.id);
    expect(await failure(call(actor, 'reset', { task: published.id }))).toEqual([400, 110]);
  });

  it('delete → counters; a non-created task needs force (400/123)', async () => {
    const running = await seedTaskInStatus(actor, 'in_progress', queue.id);
    expect(await failure(call(actor, 'delete', { task: running.id }))).toEqual([400, 123]);
    const child = await seedTask(actor, { parentId: running.id });
    expect(await call(actor, 'delete', { task: running.id, force: true })).toEqual({
      deleted: true, updated_children: 1, updated_models: 0, deleted_models: 0,
    });
    expect((await getTask(actor, child.id)).parent).toBe(`__DELETED__${running.id}`);
    expect(await failure(call(actor, 'get_by_id', { task: running.id }))).toEqual([400, 101]);
  });

  it('ping answers {} and ignores unknown tasks', async () => {
    const task = await seedTask(actor, { lastUpdate: new Date('2020-01-01T00:00:00Z') });
    expect(await call(actor, 'ping', { task: task.id })).toEqual({});
    expect(await call(actor, 'ping', { task: newId() })).toEqual({});
    expect((await getTask(actor, task.id)).last_update > '2021').toBe(true);
  });
});

describe('create / validate / update / update_batch', () => {
  it('validate answers {} and runs create checks', async () => {
    expect(await call(actor, 'validate', { name: 'valid', type: 'training' })).toEqual({});
    expect(await failure(call(actor, 'validate', { name: 'valid', type: 'bogus' }))).toEqual([400, 12]);
    expect(await failure(call(actor, 'create', { type: 'training' }))).toEqual([400, 12]);
    expect(await failure(call(actor, 'create', { name: 'ab', type: 'training' }))).toEqual([400, 800]);
    expect(await failure(call(actor, 'create', { name: 'okay', type: 'training', tags: ['__$x'] }))).toEqual([400, 16]);
    expect(await failure(call(actor, 'create', { name: 'okay', type: 'training', project: newId() }))).toEqual([400, 401]);
    expect(await failure(call(actor, 'create', { name: 'okay', type: 'training', parent: newId() }))).toEqual([400, 16]);
    expect(await failure(call(actor, 'create', { name: 'okay', type: 'training', execution: { model: newId() } }))).toEqual([400, 201]);
    expect(await failure(call(actor, 'create', { name: 'okay', type: 'training', execution: 'x' }))).toEqual([400, 12]);
  });

  it('update → UpdateResponse with output__error shown as output.error; nothing to do ⇒ updated 0', async () => {
    const task = await seedTaskInStatus(actor, 'published', queue.id);
    const result = await call(actor, 'update', { task: task.id, name: 'renamed', output__error: 'boom', status_reason: 'x' });
    expect(result).toEqual({ updated: 1, fields: { name: 'renamed', 'output.error': 'boom', last_update: expect.stringMatching(ISO) } });
    expect(await call(actor, 'update', { task: task.id, created: '2020-01-01' })).toEqual({ updated: 0, fields: {} });
    expect(await getTask(actor, task.id)).toMatchObject({ name: 'renamed', output: { error: 'boom' } });
  });

  it('update_batch applies every json-lines item; missing ids ⇒ 400/101 and nothing changes', async () => {
    const [a, b] = await Promise.all([seedTask(actor), seedTask(actor)]);
    const batch = [{ task: a.id, name: 'batch a' }, { task: b.id, comment: 'batch b', tags: ['x'] }];
    expect(await call(actor, 'update_batch', batch[0]!, '2.9', batch)).toEqual({ updated: 2 });
    expect(await getTask(actor, a.id)).toMatchObject({ name: 'batch a' });
    expect(await getTask(actor, b.id)).toMatchObject({ comment: 'batch b', tags: ['x'] });
    const bad = [{ task: a.id, name: 'never' }, { task: newId(), name: 'missing' }];
    expect(await failure(call(actor, 'update_batch', bad[0]!, '2.9', bad))).toEqual([400, 101]);
    expect((await getTask(actor, a.id)).name).toBe('batch a');
    expect(await call(actor, 'update_batch', {}, '2.9', [])).toEqual({ updated: 0 });
  });
});

describe('tasks.edit', () => {
  it('accepts `status` (Q9): written directly, conditioned on the status read, bad values refused', async () => {
    const task = await seedTask(actor);
    const reply = await call(actor, 'edit', { task: task.id, status: 'stopped', force: true });
    expect(reply.fields).toMatchObject({ status: 'stopped' });
    expect(reply.fields.status_changed).toMatch(/\+00:00$/);
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('stopped');
    expect(await failure(call(actor, 'edit', { task: task.id, status: 'bogus', force: true }))).toEqual([400, 12]);
  });

  it('merges execution and script shallowly and shows edited top-level fields in full', async () => {
    const { id } = await call(actor, 'create', {
      name: 'editable', type: 'training',
      script: { repository: 'r.git', entry_point: 'a.py', branch: 'main' },
      execution: { framework: 'pytorch', model_labels: { a: 1 }, artifacts: [{ key: 'in', type: 't', mode: 'input' }] },
    });
    const result = await call(actor, 'edit', { task: id, execution: { docker_cmd: 'img:1' }, script: { entry_point: 'b.py' }, comment: 'c' });
    expect(Object.keys(result.fields).sort()).toEqual(['comment', 'execution', 'last_update', 'script']);
    expect(result).toEqual({
      updated: 1,
      fields: {
        comment: 'c',
        execution: {
          test_split: 0, parameters: {}, model_desc: {}, model_labels: { a: 1 }, framework: 'pytorch', docker_cmd: 'img:1',
          artifacts: [{ key: 'in', type: 't', mode: 'input' }],
        },
        script: { binary: 'python', repository: 'r.git', branch: 'main', entry_point: 'b.py', requirements: {} },
        last_update: expect.stringMatching(ISO),
      },
    });
    expect(await call(actor, 'edit', { task: id })).toEqual({ updated: 0, fields: {} });
  });

  it('replaces hyperparams and configuration as whole maps (2.9)', async () => {
    const task = await seedTask(actor, {
      hyperparams: { Args: { lr: { section: 'Args', name: 'lr', value: '1' } }, B: { x: { section: 'B', name: 'x', value: '2' } } },
    });
    const hyperparams = { Args: { epochs: { section: 'Args', name: 'epochs', value: '10', type: 'int' } } };
    const result = await call(actor, 'edit', { task: task.id, hyperparams, configuration: {} });
    expect(result.fields).toEqual({ hyperparams, configuration: {}, last_update: expect.stringMatching(ISO) });
    expect(await getTask(actor, task.id)).toMatchObject({ hyperparams, configuration: {} });
  });

  it('needs force outside status created (400/110)', async () => {
    const task = await seedTaskInStatus(actor, 'in_progress', queue.id);
    expect(await failure(call(actor, 'edit', { task: task.id, comment: 'x' }))).toEqual([400, 110]);
    expect((await call(actor, 'edit', { task: task.id, comment: 'x', force: true })).updated).toBe(1);
  });
});

describe('tasks.clone', () => {
  it('copies the definition with overrides; output artifacts dropped, input kept, system_tags default []', async () => {
    const project = await seedProject(actor);
    const parent = await seedTask(actor);
    const { id: source } = await call(actor, 'create', {
      name: 'source', type: 'testing', project: project.id, tags: ['t'], system_tags: ['development'], comment: 'src',
      script: { repository: 'r.git', entry_point: 'a.py' },
      execution: {
        framework: 'tf', model_labels: { a: 1 },
        artifacts: [{ key: 'out', type: 't', mode: 'output' }, { key: 'in', type: 't', mode: 'input' }],
      },
      hyperparams: { Args: { lr: { section: 'Args', name: 'lr', value: '1' } } },
    });
    const { id } = await call(actor, 'clone', {
      task: source,
      new_task_name: 'the clone',
      new_task_tags: ['c'],
      new_task_parent: parent.id,
      execution_overrides: { framework: 'pytorch', model_labels: { b: 2 }, parameters: { lost: 1 } },
      new_hyperparams: { New: { k: { section: 'New', name: 'k', value: 'v' } } },
    });
    expect(id).not.toBe(source);
    const clone = await getTask(actor, id);
    expect(clone).toMatchObject({
      name: 'the clone', type: 'testing', status: 'created', project: project.id, tags: ['c'], system_tags: [], comment: 'src',
      parent: parent.id,
      script: { repository: 'r.git', entry_point: 'a.py' },
      execution: { framework: 'pytorch', model_labels: { a: 1, b: 2 }, parameters: {}, artifacts: [{ key: 'in', type: 't', mode: 'input' }] },
      hyperparams: { New: { k: { section: 'New', name: 'k', value: 'v' } } },
    });
    expect(await failure(call(actor, 'clone', { task: source, execution_overrides: { model: newId() } }))).toEqual([400, 201]);
    expect(await failure(call(other, 'clone', { task: source }))).toEqual([400, 101]);
  });
});

describe('tenancy, requirements, artifacts', () => {
  it('make_public / make_private answer {updated}; public tasks are read-only and show company_origin in get_by_id only', async () => {
    const task = await seedTask(actor);
    expect(await call(actor, 'make_public', { ids: [task.id] })).toEqual({ updated: 1 });
    const doc = await getTask(other, task.id);
    expect(doc).toMatchObject({ id: task.id, company_origin: actor.companyId });
    expect(doc).not.toHaveProperty('company');
    const [listed] = (await call(other, 'get_all', { id: [task.id] })).tasks;
    expect(listed).toMatchObject({ id: task.id });
    expect(listed).not.toHaveProperty('company_origin');
    expect((await call(other, 'get_all', { id: [task.id], only_fields: ['company_origin'] })).tasks).toEqual([{ company_origin: actor.companyId }]);
    expect(await failure(call(actor, 'update', { task: task.id, name: 'nope' }))).toEqual([403, 21]);
    expect(await failure(call(other, 'make_private', { ids: [task.id] }))).toEqual([400, 101]);
    expect(await call(actor, 'make_private', { ids: [task.id] })).toEqual({ updated: 1 });
    expect(await failure(call(actor, 'make_private', { ids: [task.id] }))).toEqual([400, 101]);
    expect(await failure(call(actor, 'make_public', { ids: [] }))).toEqual([400, 12]);
  });

  it('set_requirements → {updated, fields: {script.requirements}}', async () => {
    const task = await seedTask(actor);
    expect(await call(actor, 'set_requirements', { task: task.id, requirements: { pip: 'torch' } })).toEqual({
      updated: 1, fields: { 'script.requirements': { pip: 'torch' } },
    });
    expect((await getTask(actor, task.id)).script.requirements).toEqual({ pip: 'torch' });
    expect(await failure(call(actor, 'set_requirements', { task: task.id, requirements: 'x' }))).toEqual([400, 12]);
  });

  it('add_or_update_artifacts → {added, updated} keys', async () => {
    const task = await seedTask(actor);
    const artifact = { key: 'a', type: 'pandas', type_data: { content_type: 'text/csv' }, content_size: 7 };
    expect(await call(actor, 'add_or_update_artifacts', { task: task.id, artifacts: [artifact] }, '2.6')).toEqual({ added: ['a'], updated: [] });
    expect(await call(actor, 'add_or_update_artifacts', { task: task.id, artifacts: [{ ...artifact, uri: 'u' }] })).toEqual({ added: [], updated: ['a'] });
    expect((await getTask(actor, task.id)).execution.artifacts).toEqual([
      { key: 'a', type: 'pandas', mode: 'output', uri: 'u', content_size: 7, type_data: { content_type: 'text/csv' } },
    ]);
    expect(await call(actor, 'add_or_update_artifacts', { task: newId(), artifacts: [] })).toEqual({ added: [], updated: [] });
    expect(await failure(call(actor, 'add_or_update_artifacts', { task: task.id, artifacts: [{ key: 'b' }] }))).toEqual([400, 12]);
  });

  it('answers writes to foreign tasks with 400/101', async () => {
    const foreign = await seedTask(other);
    expect(await failure(call(actor, 'edit', { task: foreign.id, comment: 'x' }))).toEqual([400, 101]);
    expect(await failure(call(actor, 'delete', { task: foreign.id }))).toEqual([400, 101]);
  });

  it('keeps tasks of other tests untouched (sanity: rows exist)', async () => {
    expect(await db.task.count({ where: { companyId: actor.companyId } })).toBeGreaterThan(0);
  });
});
