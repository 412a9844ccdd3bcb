// Every error code/subcode of tasks spec §3.2 that the tasks and auth endpoints can produce today,
// over HTTP on a real socket: `[meta.result_code, meta.result_subcode]`, the HTTP status (always
// equal to result_code) and `data: {}`. After each refused write the task is read back: nothing
// changed (row, artifacts, queue entries).
//
// Left out: 400/2 (unreachable, the path grammar only admits parseable versions), 400/5 and 400/6
// (impersonation headers are not implemented), 400/17 and 400/131 (events), 400/122 (every task has
// a default script since 0.16, so set_requirements cannot miss it), 400/203, 400/801 (models,
// projects/queues services), 403/20 (no task or auth endpoint restricts roles), 500/100 and
// 500/110 (no Elasticsearch; the artifact retry loop cannot be exhausted deterministically).
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { seedActor, seedProject, useTestDatabase } from '../helpers/db.ts';
import { basicAuthorization, callLegacy, credentialsFor, useLegacyServer, type CallOptions } from '../helpers/legacy.ts';
import { seedQueue, seedTask, seedTaskInStatus } from '../helpers/tasks.ts';

useTestDatabase();
useLegacyServer();

type Doc = Record<string, any>;

interface Tenant {
  actor: Actor;
  pair: readonly [string, string];
  token: string;
}

/** A fresh company and user with an access key pair, logged in through auth.login. */
async function tenant(userName = 'alice'): Promise<Tenant> {
  const actor = await seedActor({ userName });
  const pair = await credentialsFor(actor);
  const login = await callLegacy('/auth.login', { auth: { basic: pair } });
  expect(login.status).toBe(200);
  return { actor, pair, token: login.json.data.token as string };
}

interface Reply {
  status: number;
  code: readonly [number, number];
  message: string;
  data: Doc;
}

async function send(path: string, options: CallOptions): Promise<Reply> {
  const response = await callLegacy(path, options);
  const { meta, data } = response.json;
  return { status: response.status, code: [meta.result_code, meta.result_subcode], message: meta.result_msg, data };
}

/** A call as `who` (Bearer token). */
const rpc = (who: Tenant, path: string, body?: unknown, options: CallOptions = {}) =>
  send(path, { auth: { bearer: who.token }, body, ...options });

/** The reply is the error `[code, subcode]`: HTTP status = result_code, data {}. */
function expectError(reply: Reply, code: number, subcode: number) {
  expect([...reply.code], reply.message).toEqual([code, subcode]);
  expect(reply.status).toBe(code);
  expect(reply.data).toEqual({});
  expect(reply.message).not.toBe('OK');
}

/** Everything a write could touch on a task. */
const snapshot = (id: string) =>
  db.task.findUnique({ where: { id }, include: { artifacts: true, queueEntries: { select: { queueId: true, taskId: true, rank: true } } } });

/** Runs a refused write and checks that the task is exactly as before. */
async function refused(id: string, call: () => Promise<Reply>, code: number, subcode: number) {
  const before = await snapshot(id);
  expect(before).not.toBeNull();
  expectError(await call(), code, subcode);
  expect(await snapshot(id)).toEqual(before);
}

/** Runs a refused create/clone and checks that the company has no new task. */
async function nothingCreated(who: Tenant, call: () => Promise<Reply>, code: number, subcode: number) {
  const count = () => db.task.count({ where: { companyId: who.actor.companyId } });
  const before = await count();
  expectError(await call(), code, subcode);
  expect(await count()).toBe(before);
}

const createdTask = (who: Tenant, data: Parameters<typeof seedTask>[1] = {}) => seedTask(who.actor, { name: 'victim', ...data });

describe('400', () => {
  it('400/0: malformed JSON body or json-lines (a path outside the grammar never reaches the legacy router)', async () => {
    const who = await tenant();
    const task = await createdTask(who);
    await refused(task.id, () => rpc(who, '/tasks.edit', `{"task": "${task.id}", "name": `), 400, 0);
    await refused(
      task.id,
      () => rpc(who, '/tasks.update_batch', `{"task": "${task.id}", "name": "x"}\nnot json\n`, { headers: { 'content-type': 'application/json-lines' } }),
      400,
      0,
    );
    await refused(
      task.id,
      () => rpc(who, '/tasks.update_batch', `{"task": "${task.id}", "name": "x"}\n[1]\n`, { headers: { 'content-type': 'application/json-lines' } }),
      400,
      0,
    );
    // §1.1's "Invalid request path" (400/0) is unreachable over HTTP: the node handler sends paths
    // outside the grammar to the fetch app (here the helper's 404 stand-in), not to the router.
    const outside = await callLegacy('/v2/tasks.get_all', { auth: { bearer: who.token } });
    expect(outside.status).toBe(404);
    expect(outside.text).toBe('not the legacy router');
  });

  it('400/11: page without page_size; dequeue of a queued task without execution.queue', async () => {
    const who = await tenant();
    expectError(await rpc(who, '/tasks.get_all', { page: 0 }), 400, 11);
    expectError(await rpc(who, '/tasks.get_all_ex', { page: 1, page_size: 0 }), 400, 11);
    const noQueue = await seedTask(who.actor, { status: 'queued', queueId: null });
    await refused(noQueue.id, () => rpc(who, '/tasks.dequeue', { task: noQueue.id }), 400, 11);
  });

  it('400/12: request-model violations (missing task, wrong types, bad type enum, non-list filters, bad paging)', async () => {
    const who = await tenant();
    const task = await createdTask(who);
    expectError(await rpc(who, '/tasks.get_by_id', {}), 400, 12);
    expectError(await rpc(who, '/tasks.get_all', { tags: 'a' }), 400, 12);
    expectError(await rpc(who, '/tasks.get_all', { page: -1, page_size: 5 }), 400, 12);
    expectError(await rpc(who, '/tasks.get_all', { _any_: { pattern: 'x' } }), 400, 12);
    await nothingCreated(who, () => rpc(who, '/tasks.create', { name: 'typed', type: 'bogus' }), 400, 12);
    await nothingCreated(who, () => rpc(who, '/tasks.create', { type: 'training' }), 400, 12);
    await refused(task.id, () => rpc(who, '/tasks.edit', { task: task.id, name: 5 }), 400, 12);
    await refused(task.id, () => rpc(who, '/tasks.edit', { task: task.id, execution: 'x' }), 400, 12);
    await refused(task.id, () => rpc(who, '/tasks.set_requirements', { task: task.id, requirements: 'torch' }), 400, 12);
    await refused(task.id, () => rpc(who, '/tasks.started', { task: 5 }), 400, 12);
    expectError(await rpc(who, '/tasks.make_public', { ids: [] }), 400, 12);
  });

  it('400/14: unknown projection or ordering field', async () => {
    const who = await tenant();
    await createdTask(who);
    expectError(await rpc(who, '/tasks.get_all_ex', { only_fields: ['bogus'] }), 400, 14);
    expectError(await rpc(who, '/tasks.get_all', { order_by: ['bogus'] }), 400, 14);
  });

  it('400/16: unsupported tag prefix, non-list tags, unknown parent id, @text_score without search_text', async () => {
    const who = await tenant();
    const task = await createdTask(who);
    await nothingCreated(who, () => rpc(who, '/tasks.create', { name: 'tagged', type: 'training', tags: ['__$x'] }), 400, 16);
    await nothingCreated(who, () => rpc(who, '/tasks.create', { name: 'orphan', type: 'training', parent: newId() }), 400, 16);
    await refused(task.id, () => rpc(who, '/tasks.edit', { task: task.id, system_tags: ['__$all'] }), 400, 16);
    await refused(task.id, () => rpc(who, '/tasks.update', { task: task.id, tags: ['ok', '__$not'] }), 400, 16);
    await refused(task.id, () => rpc(who, '/tasks.update', { task: task.id, tags: 'x' }), 400, 16);
    await nothingCreated(who, () => rpc(who, '/tasks.clone', { task: task.id, new_task_tags: ['__$x'] }), 400, 16);
    expectError(await rpc(who, '/tasks.get_all', { order_by: ['@text_score'] }), 400, 16);
  });

  it('400/21: malformed regular expression in name / comment / _any_', async () => {
    const who = await tenant();
    expectError(await rpc(who, '/tasks.get_all', { name: '(' }), 400, 21);
    expectError(await rpc(who, '/tasks.get_all', { comment: '[a-' }), 400, 21);
    expectError(await rpc(who, '/tasks.get_all_ex', { _any_: { pattern: '(', fields: ['name'] } }), 400, 21);
  });

  it('400/101: unknown or foreign task, dequeue of a non-queued task (Q3), invalid parent, make_private of a never-public task', async () => {
    const who = await tenant();
    const other = await tenant();
    const foreign = await createdTask(other);
    expectError(await rpc(who, '/tasks.get_by_id', { task: newId() }), 400, 101);
    expectError(await rpc(who, '/tasks.get_by_id', { task: foreign.id }), 400, 101);
    await refused(foreign.id, () => rpc(who, '/tasks.edit', { task: foreign.id, comment: 'x' }), 400, 101);
    await refused(foreign.id, () => rpc(who, '/tasks.started', { task: foreign.id }), 400, 101);
    await refused(foreign.id, () => rpc(who, '/tasks.delete', { task: foreign.id, force: true }), 400, 101);
    await refused(foreign.id, () => rpc(who, '/tasks.make_public', { ids: [foreign.id] }), 400, 101);
    await nothingCreated(who, () => rpc(who, '/tasks.create', { name: 'adopted', type: 'training', parent: foreign.id }), 400, 101);
    const created = await createdTask(who);
    await refused(created.id, () => rpc(who, '/tasks.dequeue', { task: created.id }), 400, 101);
    await refused(created.id, () => rpc(who, '/tasks.make_private', { ids: [created.id] }), 400, 101);
    await refused(
      created.id,
      () => rpc(who, '/tasks.update_batch', [{ task: created.id, name: 'x' }, { task: newId(), name: 'y' }].map((l) => JSON.stringify(l)).join('\n'), {
        headers: { 'content-type': 'application/json-lines' },
      }),
      400,
      101,
    );
  });

  it('400/110: transition not allowed, enqueue of a queued task, edit / reset outside the allowed status', async () => {
    const who = await tenant();
    const queue = await seedQueue(who.actor);
    const published = await seedTaskInStatus(who.actor, 'published', queue.id);
    await refused(published.id, () => rpc(who, '/tasks.started', { task: published.id }), 400, 110);
    await refused(published.id, () => rpc(who, '/tasks.publish', { task: published.id }), 400, 110);
    await refused(published.id, () => rpc(who, '/tasks.reset', { task: published.id }), 400, 110);
    const created = await createdTask(who);
    await refused(created.id, () => rpc(who, '/tasks.stopped', { task: created.id }), 400, 110);
    await refused(created.id, () => rpc(who, '/tasks.close', { task: created.id, force: false }), 400, 110);
    const running = await seedTaskInStatus(who.actor, 'in_progress', queue.id);
    await refused(running.id, () => rpc(who, '/tasks.edit', { task: running.id, comment: 'x' }), 400, 110);
    await refused(running.id, () => rpc(who, '/tasks.enqueue', { task: running.id, queue: queue.id, force: true }), 400, 110);
    const queued = await seedTaskInStatus(who.actor, 'queued', queue.id);
    await refused(queued.id, () => rpc(who, '/tasks.enqueue', { task: queued.id, queue: queue.id }), 400, 110);
  });

  it('400/121: the status changed between the read and the compare-and-set update', async () => {
    // Deterministic race: hold the task's row lock, let tasks.started read the status (created) and
    // block on its conditional UPDATE, then change the status and release the lock.
    const who = await tenant();
    const task = await createdTask(who);
    const url = inject('databaseUrl');
    const holder = new pg.Client({ connectionString: url });
    const watcher = new pg.Client({ connectionString: url });
    await Promise.all([holder.connect(), watcher.connect()]);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM "task" WHERE "id" = $1 FOR UPDATE', [task.id]);
      const { rows } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const pending = rpc(who, '/tasks.started', { task: task.id });
      for (let attempt = 0; ; attempt++) {
        const blocked = await watcher.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
          [rows[0]!.pid],
        );
        if (blocked.rows[0]!.n > 0) break;
        if (attempt > 1000) throw new Error('tasks.started never reached its update');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await holder.query(`UPDATE "task" SET "status" = 'stopped' WHERE "id" = $1`, [task.id]);
      await holder.query('COMMIT');
      const before = { ...(await snapshot(task.id)) }; // as the other writer left it
      expectError(await pending, 400, 121);
      expect(await snapshot(task.id)).toEqual(before);
      expect(before).toMatchObject({ status: 'stopped', started: null });
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await Promise.all([holder.end(), watcher.end()]);
    }
  });

  it('400/123: delete of a non-created task without force; delete / reset with published outputs or children', async () => {
    const who = await tenant();
    const queue = await seedQueue(who.actor);
    const running = await seedTaskInStatus(who.actor, 'in_progress', queue.id);
    await refused(running.id, () => rpc(who, '/tasks.delete', { task: running.id }), 400, 123);

    const parent = await seedTaskInStatus(who.actor, 'stopped', queue.id);
    const child = await seedTask(who.actor, { parentId: parent.id, status: 'published' });
    await refused(parent.id, () => rpc(who, '/tasks.reset', { task: parent.id }), 400, 123);
    expect((await snapshot(child.id))?.parentId).toBe(parent.id);

    const owner = await createdTask(who);
    const model = await db.model.create({
      data: { id: newId(), companyId: who.actor.companyId, userId: who.actor.userId, name: 'published model', taskId: owner.id, ready: true },
    });
    await db.task.update({ where: { id: owner.id }, data: { outputModelId: model.id } });
    await refused(owner.id, () => rpc(who, '/tasks.delete', { task: owner.id }), 400, 123);
    await refused(owner.id, () => rpc(who, '/tasks.reset', { task: owner.id }), 400, 123);
    expect(await db.model.findUniqueOrThrow({ where: { id: model.id } })).toMatchObject({ taskId: owner.id, ready: true });
  });

  it('400/201: input model not found (create, validate, edit, clone)', async () => {
    const who = await tenant();
    const task = await createdTask(who);
    await nothingCreated(who, () => rpc(who, '/tasks.create', { name: 'modelled', type: 'training', execution: { model: newId() } }), 400, 201);
    expectError(await rpc(who, '/tasks.validate', { name: 'modelled', type: 'training', execution: { model: newId() } }), 400, 201);
    await refused(task.id, () => rpc(who, '/tasks.edit', { task: task.id, execution: { model: newId() } }), 400, 201);
    await nothingCreated(who, () => rpc(who, '/tasks.clone', { task: task.id, execution_overrides: { model: newId() } }), 400, 201);
  });

  it('400/401: project not found in the caller company (create, validate, edit, clone)', async () => {
    const who = await tenant();
    const other = await tenant();
    const foreignProject = await seedProject(other.actor);
    const task = await createdTask(who);
    await nothingCreated(who, () => rpc(who, '/tasks.create', { name: 'projected', type: 'training', project: newId() }), 400, 401);
    await nothingCreated(who, () => rpc(who, '/tasks.create', { name: 'projected', type: 'training', project: foreignProject.id }), 400, 401);
    expectError(await rpc(who, '/tasks.validate', { name: 'projected', type: 'training', project: newId() }), 400, 401);
    await refused(task.id, () => rpc(who, '/tasks.edit', { task: task.id, project: foreignProject.id }), 400, 401);
    await nothingCreated(who, () => rpc(who, '/tasks.clone', { task: task.id, new_task_project: newId() }), 400, 401);
  });

  it('400/701: enqueue to an unknown or foreign queue (status rolled back)', async () => {
    const who = await tenant();
    const other = await tenant();
    const foreignQueue = await seedQueue(other.actor);
    const task = await createdTask(who, { systemTags: ['development'] });
    await refused(task.id, () => rpc(who, '/tasks.enqueue', { task: task.id, queue: newId() }), 400, 701);
    await refused(task.id, () => rpc(who, '/tasks.enqueue', { task: task.id, queue: foreignQueue.id }), 400, 701);
    expect(await db.queueEntry.count({ where: { queueId: foreignQueue.id } })).toBe(0);
  });

  it('400/703: dequeue of a queued task whose queue entry is missing', async () => {
    const who = await tenant();
    const queue = await seedQueue(who.actor);
    const task = await seedTask(who.actor, { status: 'queued', queueId: queue.id }); // no entry
    await refused(task.id, () => rpc(who, '/tasks.dequeue', { task: task.id }), 400, 703);
  });

  it('400/706: enqueue of a task whose entry is already in the queue (status rolled back)', async () => {
    const who = await tenant();
    const queue = await seedQueue(who.actor);
    const task = await createdTask(who);
    await db.queueEntry.create({ data: { queueId: queue.id, taskId: task.id, rank: 1 } });
    await refused(task.id, () => rpc(who, '/tasks.enqueue', { task: task.id, queue: queue.id }), 400, 706);
  });

  it('400/707: enqueue without a queue when no queue is tagged default', async () => {
    const who = await tenant();
    await seedQueue(who.actor, 'not default');
    const task = await createdTask(who);
    await refused(task.id, () => rpc(who, '/tasks.enqueue', { task: task.id }), 400, 707);
  });

  it('400/708: enqueue without a queue when several queues are tagged default', async () => {
    const who = await tenant();
    await seedQueue(who.actor, 'default one', ['default']);
    await seedQueue(who.actor, 'default two', ['default']);
    const task = await createdTask(who);
    await refused(task.id, () => rpc(who, '/tasks.enqueue', { task: task.id }), 400, 708);
  });

  it('400/800: document validation on save (name shorter than 3 characters after trimming)', async () => {
    const who = await tenant();
    const task = await createdTask(who);
    await nothingCreated(who, () => rpc(who, '/tasks.create', { name: 'ab', type: 'training' }), 400, 800);
    await nothingCreated(who, () => rpc(who, '/tasks.create', { name: '  ab  ', type: 'training' }), 400, 800);
    await nothingCreated(who, () => rpc(who, '/tasks.clone', { task: task.id, new_task_name: 'ab' }), 400, 800);
  });
});

describe('401', () => {
  // Each refused call targets a write on an existing task: authentication comes first.
  const write = async (headers: Record<string, string>, code: number, subcode: number) => {
    const who = await tenant();
    const task = await createdTask(who);
    await refused(task.id, () => send('/tasks.edit', { headers, body: { task: task.id, comment: 'x' } }), code, subcode);
    return who;
  };

  it('401/10: a scheme other than Basic or Bearer', async () => {
    await write({ authorization: 'Token abc' }, 401, 10);
  });

  it('401/20: no Authorization header and no cookie', async () => {
    await write({}, 401, 20);
  });

  it('401/21: undecodable Basic credentials', async () => {
    await write({ authorization: 'Basic !!!not-base64' }, 401, 21);
    await write({ authorization: `Basic ${Buffer.from('no colon here').toString('base64')}` }, 401, 21);
  });

  it('401/22: an unknown key or a wrong secret', async () => {
    const who = await tenant();
    const task = await createdTask(who);
    const [key, secret] = who.pair;
    for (const authorization of [basicAuthorization(key, `${secret}x`), basicAuthorization('NOSUCHKEY', secret)]) {
      await refused(task.id, () => send('/tasks.edit', { headers: { authorization }, body: { task: task.id, comment: 'x' } }), 401, 22);
    }
    // The right pair works on any endpoint (control).
    expect((await send('/tasks.get_by_id', { headers: { authorization: basicAuthorization(key, secret) }, body: { task: task.id } })).code).toEqual([200, 0]);
  });

  it('401/30: a garbage or tampered Bearer token (header or cookie)', async () => {
    await write({ authorization: 'Bearer not.a.jwt' }, 401, 30);
    const who = await write({ cookie: 'trains_token_basic=garbage' }, 401, 30);
    const [header, payload, signature] = who.token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.identity.company = newId();
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    await write({ authorization: `Bearer ${forged}` }, 401, 30);
  });
});

describe('403, 404, 500', () => {
  it('403/21: writes to a public task (own company or another)', async () => {
    const owner = await tenant();
    const reader = await tenant();
    const task = await createdTask(owner);
    expect((await rpc(owner, '/tasks.make_public', { ids: [task.id] })).code).toEqual([200, 0]);
    for (const who of [owner, reader]) {
      await refused(task.id, () => rpc(who, '/tasks.edit', { task: task.id, comment: 'x', force: true }), 403, 21);
      await refused(task.id, () => rpc(who, '/tasks.update', { task: task.id, name: 'renamed' }), 403, 21);
      await refused(task.id, () => rpc(who, '/tasks.started', { task: task.id, force: true }), 403, 21);
      await refused(task.id, () => rpc(who, '/tasks.delete', { task: task.id, force: true }), 403, 21);
      await refused(task.id, () => rpc(who, '/tasks.edit_hyper_params', { task: task.id, hyperparams: [{ section: 's', name: 'n', value: 'v' }] }), 403, 21);
    }
  });

  it('404/0: unknown endpoint, or a handler newer than the requested version (before authentication)', async () => {
    const who = await tenant();
    const queue = await seedQueue(who.actor);
    const running = await seedTaskInStatus(who.actor, 'in_progress', queue.id);
    expectError(await send('/tasks.foo', {}), 404, 0);
    await refused(running.id, () => rpc(who, '/v2.1/tasks.completed', { task: running.id }), 404, 0);
    await refused(running.id, () => rpc(who, '/v2.8/tasks.make_public', { ids: [running.id] }), 404, 0);
    await refused(running.id, () => rpc(who, '/v2.5/tasks.add_or_update_artifacts', { task: running.id, artifacts: [{ key: 'a', type: 't' }] }), 404, 0);
  });

  it('500/1: a non-forced transition from status unknown', async () => {
    const who = await tenant();
    const queue = await seedQueue(who.actor);
    const unknown = await seedTask(who.actor, { status: 'unknown' });
    await refused(unknown.id, () => rpc(who, '/tasks.started', { task: unknown.id }), 500, 1);
    await refused(unknown.id, () => rpc(who, '/tasks.enqueue', { task: unknown.id, queue: queue.id }), 500, 1);
    await refused(unknown.id, () => rpc(who, '/tasks.reset', { task: unknown.id }), 500, 1);
    const reply = await rpc(who, '/tasks.started', { task: unknown.id });
    expect(reply.message).toContain('Current status unknown not supported by state machine');
    expect((await rpc(who, '/tasks.started', { task: unknown.id, force: true })).code).toEqual([200, 0]);
  });
});
