// `npm start` with no configuration: the embedded database under the data dir, GraphiQL served,
// data kept across restarts, and a second process refused while the first holds the data dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFailingServer, startServer, defaultBasicAuth } from '../helpers/server-process.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-embedded-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));


const gql = async (url: string, query: string, variables?: unknown) => {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: defaultBasicAuth },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
};

describe('embedded default database', () => {
  it('serves GraphiQL, keeps data across a restart and locks the data dir', async () => {
    const first = await startServer({ DATA_DIR: dataDir });
    let taskId: string;
    try {
      const page = await fetch(`${first.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/graphiql/i);
      const created = await gql(first.url, `mutation { createTask(input: { name: "persisted task", type: training }) { ... on MutationCreateTaskSuccess { data { id } } } }`);
      taskId = created.data!.createTask.data.id;
      expect(taskId).toMatch(/^[0-9a-f]{32}$/);
      // Transactions, raw listing SQL and keyset cursors on the embedded engine too.
      const queued = await gql(first.url, `mutation($id: ID!) { enqueueTask(input: { taskId: $id }) { ... on MutationEnqueueTaskSuccess { data { status queue { name } } } ... on Error { code } } }`, { id: taskId });
      expect(queued.data!.enqueueTask).toEqual({ data: { status: 'queued', queue: { name: 'default' } } });
      const list = `query($after: String) { tasks(first: 1, after: $after, filter: { statuses: { anyOf: [queued] } }, orderBy: [{ field: LAST_UPDATE, direction: DESC }]) {
        totalCount edges { cursor node { id name tags created project { id name } } } } }`;
      const listed = await gql(first.url, list);
      expect(listed.data!.tasks).toMatchObject({ totalCount: 1, edges: [{ node: { id: taskId, name: 'persisted task', tags: [], project: null } }] });
      expect(listed.data!.tasks.edges[0].node.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const after = await gql(first.url, list, { after: listed.data!.tasks.edges[0].cursor });
      expect(after.data!.tasks).toEqual({ totalCount: 1, edges: [] });
      const dequeued = await gql(first.url, `mutation($id: ID!) { dequeueTask(input: { taskId: $id }) { ... on MutationDequeueTaskSuccess { data { status } } } }`, { id: taskId });
      expect(dequeued.data!.dequeueTask).toEqual({ data: { status: 'created' } });

      const second = await startFailingServer({ DATA_DIR: dataDir });
      expect(second.code).not.toBe(0);
      expect(second.output).toMatch(/in use by process/);
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);

    const restarted = await startServer({ DATA_DIR: dataDir });
    try {
      const read = await gql(restarted.url, `query($id: ID!) { task(id: $id) { id name status } }`, { id: taskId });
      expect(read.data!.task).toEqual({ id: taskId, name: 'persisted task', status: 'created' });
    } finally {
      await restarted.stop();
    }
  }, 240_000);

  it('refuses a malformed DATABASE_URL and an unreachable server with a clear message', async () => {
    const bad = await startFailingServer({ DATABASE_URL: 'mysql://x@y/z' });
    expect(bad.code).not.toBe(0);
    expect(bad.output).toMatch(/DATABASE_URL must start with postgres:\/\//);
    const unreachable = await startFailingServer({ DATABASE_URL: 'postgres://u@127.0.0.1:1/db' });
    expect(unreachable.code).not.toBe(0);
    expect(unreachable.output).toMatch(/cannot connect to DATABASE_URL/);
  }, 120_000);
});
