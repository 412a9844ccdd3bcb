// Cross-tenant matrix: company B, authenticated, aims every read and write of tasks, projects,
// models, queues, workers and events (both APIs) at company A's objects. B must get "not found"
// (403 for A's public objects when writing), nothing of A may show in B's listings, counts, tags or
// metrics, and A's data must be byte-for-byte unchanged afterwards.
import { beforeAll, describe, expect, it } from 'vitest';
import { addEvents } from '../../src/resolvers/events/ingest.ts';
import { makeTasksPublic } from '../../src/resolvers/tasks/tasks.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { seedFuzzTenant, tenantChecksum, type FuzzTenant } from '../helpers/fuzz.ts';
import { executeAs } from '../helpers/graphql.ts';
import { callAs } from '../helpers/legacy-calls.ts';
import { useLegacyServer } from '../helpers/legacy.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { db } from '../../src/db.ts';

useTestDatabase();
useLegacyServer();

let a: FuzzTenant;
let b: Actor;
let ids: { project: string; queue: string; model: string; task: string; publicTask: string };
let baseline: string;

beforeAll(async () => {
  a = await seedFuzzTenant('tenant-a');
  b = await seedActor({ userName: 'tenant-b' });
  const [project, queue, model, , task, publicTask] = a.ids as [string, string, string, string, string, string];
  ids = { project, queue, model, task, publicTask };
  await db.task.updateMany({ where: { id: { in: [task, publicTask] } }, data: { tags: ['a-secret-tag'] } });
  await addEvents(a.actor, [
    { type: 'training_stats_scalar', task, iter: 1, metric: 'a-secret-metric', variant: 'v', value: 1 },
    { type: 'log', task, msg: 'a secret line' },
  ]);
  await makeTasksPublic(a.actor, [publicTask]);
  await callAs(a.actor, 'workers.register', { worker: 'a-secret-worker' });
  baseline = await tenantChecksum(a.actor.companyId);
}, 60_000);

const code = (json: { meta: { result_code: number; result_subcode: number } }) => [json.meta.result_code, json.meta.result_subcode];

describe('legacy API, company B against company A', () => {
  const notFound: [string, () => Record<string, unknown>, [number, number]][] = [
    ['tasks.get_by_id', () => ({ task: ids.task }), [400, 101]],
    ['tasks.edit', () => ({ task: ids.task, name: 'stolen' }), [400, 101]],
    ['tasks.started', () => ({ task: ids.task }), [400, 101]],
    ['tasks.delete', () => ({ task: ids.task, force: true }), [400, 101]],
    ['tasks.get_hyper_params', () => ({ tasks: [ids.task] }), [400, 101]],
    ['projects.get_by_id', () => ({ project: ids.project }), [400, 401]],
    ['projects.update', () => ({ project: ids.project, name: 'stolen' }), [400, 401]],
    ['projects.delete', () => ({ project: ids.project, force: true }), [400, 401]],
    ['models.get_by_id', () => ({ model: ids.model }), [400, 201]],
    ['models.edit', () => ({ model: ids.model, name: 'stolen' }), [400, 201]],
    ['models.delete', () => ({ model: ids.model, force: true }), [400, 201]],
    ['queues.get_by_id', () => ({ queue: ids.queue }), [400, 701]],
    ['queues.get_next_task', () => ({ queue: ids.queue }), [400, 701]],
    ['queues.delete', () => ({ queue: ids.queue, force: true }), [400, 701]],
    ['events.get_task_events', () => ({ task: ids.task }), [400, 101]],
    ['events.get_task_log', () => ({ task: ids.task }), [400, 101]],
    ['events.scalar_metrics_iter_histogram', () => ({ task: ids.task }), [400, 101]],
    ['events.get_task_latest_scalar_values', () => ({ task: ids.task }), [400, 101]],
    ['events.delete_for_task', () => ({ task: ids.task }), [400, 101]],
    ['events.add', () => ({ type: 'log', task: ids.task, msg: 'injected' }), [400, 131]],
    ['workers.status_report', () => ({ worker: 'b-worker', timestamp: Date.now(), task: ids.task }), [400, 101]],
    // A's public task: readable, never writable
    ['tasks.edit', () => ({ task: ids.publicTask, name: 'stolen' }), [403, 21]],
    ['events.add', () => ({ type: 'log', task: ids.publicTask, msg: 'injected' }), [400, 131]],
  ];

  it.each(notFound.map(([endpoint, body, expected], i) => [`${i}: ${endpoint}`, endpoint, body, expected] as const))(
    '%s is refused',
    async (_label, endpoint, body, expected) => {
      expect(code(await callAs(b, endpoint, body()))).toEqual(expected);
    },
  );

  it('shows nothing of A in listings, counts, tags, metrics or workers (public objects excepted)', async () => {
    // Other test files may make their own objects public at the same time: look only at A's ids.
    const ofA = (docs: { id: string }[]) => docs.map((d) => d.id).filter((id) => a.ids.includes(id));
    const tasks = (await callAs(b, 'tasks.get_all', { only_fields: ['id', 'name'] })).data.tasks as { id: string }[];
    expect(ofA(tasks)).toEqual([ids.publicTask]);
    expect((await callAs(b, 'tasks.get_by_id', { task: ids.publicTask })).data.task.id).toBe(ids.publicTask);
    expect(ofA((await callAs(b, 'projects.get_all', {})).data.projects)).toEqual([]);
    expect(ofA((await callAs(b, 'models.get_all', {})).data.models)).toEqual([]);
    expect((await callAs(b, 'queues.get_all', {})).data.queues).toEqual([]);
    const workers = (await callAs(b, 'workers.get_all', {})).data.workers as { id: string; company: { id: string } }[];
    expect(workers.map((w) => w.id)).toEqual(['b-worker']); // B's own, auto-registered above
    expect(workers.every((w) => w.company.id === b.companyId)).toBe(true);
    const tags = await callAs(b, 'organization.get_tags', { include_system: true });
    expect(JSON.stringify(tags.data)).not.toContain('a-secret-tag');
    const metrics = await callAs(b, 'projects.get_unique_metric_variants', {});
    expect(metrics.data.metrics).toEqual([]);
    const stats = await callAs(b, 'projects.get_all_ex', { include_stats: true });
    expect(ofA(stats.data.projects)).toEqual([]);
  });
});

describe('GraphQL, company B against company A', () => {
  it('sees A only as missing (or public, read-only)', async () => {
    const read = await executeAs<any, any>(
      b,
      `query($t: ID!, $m: ID!, $q: ID!, $p: ID!, $all: [ID!]) {
        task(id: $t) { id } model(id: $m) { id } queue(id: $q) { id } project(id: $p) { id }
        tasks(first: 500, filter: { ids: $all }) { totalCount edges { node { id } } }
      }`,
      { t: ids.task, m: ids.model, q: ids.queue, p: ids.project, all: a.ids },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data).toMatchObject({ task: null, model: null, queue: null, project: null });
    expect(read.data.tasks).toEqual({ totalCount: 1, edges: [{ node: { id: ids.publicTask } }] });

    const series = await executeAs<any, any>(b, `query($t: ID!) { task(id: $t) { scalarSeries(metric: "a-secret-metric", variant: "v", maxPoints: 10) { buckets { x } } } }`, { t: ids.task });
    expect(series.data.task).toBeNull();
    const compare = await executeAs<any, any>(b, `query($t: ID!) { compareScalars(taskIds: [$t], metrics: [{ metric: "a-secret-metric" }], maxPoints: 10) { __typename } }`, { t: ids.task });
    expect(JSON.stringify(compare)).toMatch(/TASK_NOT_FOUND/);

    const writes = [
      [`mutation($t: ID!) { startTask(input: { taskId: $t }) { __typename ... on Error { code } } }`, { t: ids.task }, 'TASK_NOT_FOUND'],
      [`mutation($t: ID!) { deleteTask(input: { taskId: $t, force: true }) { __typename ... on Error { code } } }`, { t: ids.task }, 'TASK_NOT_FOUND'],
      [`mutation($t: ID!) { editTask(input: { taskId: $t, name: "x", force: true }) { __typename ... on Error { code } } }`, { t: ids.publicTask }, 'PUBLIC_READ_ONLY'],
      [`mutation($q: ID!) { popQueue(input: { queueId: $q }) { __typename ... on Error { code } } }`, { q: ids.queue }, 'QUEUE_NOT_FOUND'],
      [`mutation($m: ID!) { deleteModel(input: { modelId: $m, force: true }) { __typename ... on Error { code } } }`, { m: ids.model }, 'MODEL_NOT_FOUND'],
      [`mutation($p: ID!) { deleteProject(input: { projectId: $p, force: true }) { __typename ... on Error { code } } }`, { p: ids.project }, 'PROJECT_NOT_FOUND'],
    ] as const;
    for (const [query, variables, expected] of writes) {
      const result = await executeAs<any, any>(b, query, variables);
      expect(JSON.stringify(result), query).toContain(expected);
    }
  });

  it('left every row of A unchanged by all of the above', async () => {
    expect(await tenantChecksum(a.actor.companyId)).toBe(baseline);
  });
});
