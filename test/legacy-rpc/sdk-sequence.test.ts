// Replays what the trains 0.16 SDK sends for Task.init() → run → exit (legacy spec §8), over a
// real socket, GET requests with JSON bodies, and checks every reply's shape.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS, ensureDefaultCredentials } from '../../src/resolvers/auth.ts';
import { ensureDefaults } from '../../src/resolvers/bootstrap.ts';
import { decodeJwtUnverified } from '../../src/legacy-rpc/jwt.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { callLegacy, useLegacyServer } from '../helpers/legacy.ts';

useTestDatabase();
useLegacyServer();

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/;

describe('trains 0.16 SDK call sequence', () => {
  it('login, project get-or-create, create, start, edits, polls, ping, completed, read-backs', async () => {
    await ensureDefaults();
    await ensureDefaultCredentials();
    const sdk = { 'x-trains-worker': 'host-1', 'x-trains-client': 'trains-0.16.1' };

    // 1. login with the SDK's built-in default credentials, no version in the path
    const login = await callLegacy('/auth.login', {
      body: {},
      auth: { basic: [DEFAULT_CREDENTIALS.accessKey, DEFAULT_CREDENTIALS.secretKey] },
    });
    expect(login.status).toBe(200);
    const token = login.json.data.token as string;
    const claims = decodeJwtUnverified(token) as { api_version: string; identity: { company: string; user: string } };
    expect(claims.api_version).toBe('2.9');
    const version = claims.api_version;
    const call = async (endpoint: string, body: Record<string, unknown>) => {
      const reply = await callLegacy(`/v${version}/${endpoint}`, { body, headers: sdk, auth: { bearer: token } });
      expect(reply.json.meta, `${endpoint}: ${reply.json.meta.result_msg}`).toMatchObject({
        result_code: 200,
        result_subcode: 0,
        result_msg: 'OK',
        endpoint: { name: endpoint, requested_version: version },
      });
      expect(reply.status).toBe(200);
      return reply.json.data;
    };

    // 2. project lookup by exact name, then create
    const projectName = `sdk project ${Date.now()}`;
    const escaped = projectName.replace(/[.*+?^${}()|[\]\\ ]/g, '\\$&');
    expect(await call('projects.get_all', { name: `^${escaped}$`, only_fields: ['id'] })).toEqual({ projects: [] });
    const { id: projectId } = await call('projects.create', { name: projectName, description: 'created by the SDK' });
    expect(projectId).toMatch(/^[0-9a-f]{32}$/);
    expect(await call('projects.get_all', { name: `^${escaped}$`, only_fields: ['id'] })).toEqual({ projects: [{ id: projectId }] });

    // 3. create the task (the SDK also sends `input`, which is ignored)
    const { id: taskId } = await call('tasks.create', {
      name: 'train resnet',
      type: 'training',
      comment: 'Auto-generated at 2026-11-26 10:00:00 UTC by me@host-1',
      project: projectId,
      system_tags: ['development'],
      input: { view: {} },
    });
    expect(taskId).toMatch(/^[0-9a-f]{32}$/);

    // 4. started, then reload
    const started = await call('tasks.started', { task: taskId });
    expect(started).toMatchObject({ started: 1, updated: 1, fields: { status: 'in_progress' } });
    const { task: running } = await call('tasks.get_by_id', { task: taskId });
    expect(running).toMatchObject({
      id: taskId, name: 'train resnet', type: 'training', status: 'in_progress', project: projectId,
      user: claims.identity.user, company: claims.identity.company, system_tags: ['development'],
    });
    expect(running.started).toMatch(ISO);
    expect(running.created).toMatch(ISO);

    // 5. repository detection, requirements, hyper-parameters (2.9 style), artifacts via edit
    const script = {
      repository: 'https://github.com/acme/vision.git', branch: 'main', version_num: 'abc123',
      entry_point: 'train.py', working_dir: '.', diff: '', binary: 'python3',
    };
    expect(await call('tasks.edit', { task: taskId, force: true, script })).toMatchObject({ updated: 1 });
    expect(await call('tasks.set_requirements', { task: taskId, requirements: { pip: 'torch==2.1\n' } })).toMatchObject({
      updated: 1,
      fields: { 'script.requirements': { pip: 'torch==2.1\n' } },
    });
    const hyperparams = {
      Args: {
        lr: { section: 'Args', name: 'lr', value: '0.01', type: 'float' },
        batch_size: { section: 'Args', name: 'batch_size', value: '64', type: 'int' },
      },
    };
    expect(await call('tasks.edit', { task: taskId, force: true, hyperparams })).toMatchObject({ updated: 1 });
    const { task: beforeArtifacts } = await call('tasks.get_by_id', { task: taskId });
    const artifacts = [
      { key: 'data', type: 'pandas', mode: 'output', uri: 'http://files/p/t/data.csv.gz', hash: 'h1', content_size: 1234, timestamp: 1597053900, type_data: { preview: 'rows: 10', content_type: 'text/csv', data_hash: 'dh' }, display_data: [['rows', 10]] },
    ];
    expect(await call('tasks.edit', { task: taskId, force: true, execution: { ...beforeArtifacts.execution, artifacts } })).toMatchObject({ updated: 1 });

    // 6. the status poll: only the requested fields, no id
    expect(await call('tasks.get_all', { id: [taskId], only_fields: ['status', 'status_message'] })).toEqual({
      tasks: [{ status: 'in_progress', status_message: '' }],
    });

    // 7. keep-alive
    expect(await call('tasks.ping', { task: taskId })).toEqual({});

    // 8. normal exit
    const completed = await call('tasks.completed', { task: taskId, status_reason: 'completed' });
    expect(completed).toMatchObject({ updated: 1, fields: { status: 'completed', status_reason: 'completed' } });

    // 9. read-backs
    const { task: done } = await call('tasks.get_by_id', { task: taskId });
    expect(done).toMatchObject({
      status: 'completed',
      status_reason: 'completed',
      script: { ...script, requirements: { pip: 'torch==2.1\n' } },
      hyperparams,
      execution: { artifacts: [{ key: 'data', type: 'pandas', mode: 'output', uri: 'http://files/p/t/data.csv.gz', content_size: 1234, timestamp: 1597053900, type_data: { preview: 'rows: 10', content_type: 'text/csv', data_hash: 'dh' }, display_data: [['rows', 10]] }] },
    });
    expect(done.completed).toMatch(ISO);
    expect(done.last_update).toMatch(ISO);
    expect(await call('tasks.get_all', { project: [projectId], only_fields: ['id', 'last_iteration'] })).toEqual({
      tasks: [{ id: taskId, last_iteration: 0 }],
    });
    expect(await call('projects.get_by_id', { project: projectId })).toMatchObject({ project: { id: projectId, name: projectName } });
  });
});
