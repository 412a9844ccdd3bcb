// Worker queries and mutations end to end through the HTTP handler, with codegen-typed documents.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { graphql } from '../gql/index.ts';
import { seedActor, seedProject, useTestDatabase } from '../helpers/db.ts';
import { executeAs } from '../helpers/graphql.ts';
import { seedQueue, seedTask } from '../helpers/tasks.ts';

useTestDatabase();

const Register = graphql(`
  mutation RegisterWorker($input: RegisterWorkerInput!) {
    registerWorker(input: $input) {
      __typename
      ... on MutationRegisterWorkerSuccess { data { id registerTimeout queues { id name numTasks nextTask { id name } } tags ip } }
      ... on Error { code message }
      ... on NotFoundError { ids }
    }
  }
`);

const Unregister = graphql(`
  mutation UnregisterWorker($input: UnregisterWorkerInput!) {
    unregisterWorker(input: $input) { __typename ... on MutationUnregisterWorkerSuccess { data } ... on Error { code } }
  }
`);

const Report = graphql(`
  mutation WorkerStatusReport($input: WorkerStatusReportInput!) {
    workerStatusReport(input: $input) {
      __typename
      ... on MutationWorkerStatusReportSuccess {
        data { id lastReportTime task { id name runningTimeMs lastIteration } project { id name } queue { id name } }
      }
      ... on Error { code }
    }
  }
`);

const Workers = graphql(`
  query Workers($lastSeen: Int) { workers(lastSeen: $lastSeen) { id user { id name } company { id } tags } }
`);

const MetricKeys = graphql(`
  query WorkerMetricKeys($workerIds: [String!]) {
    workerMetricKeys(workerIds: $workerIds) {
      __typename
      ... on QueryWorkerMetricKeysSuccess { data { name metricKeys } }
      ... on Error { code }
    }
  }
`);

const Stats = graphql(`
  query WorkerStats($input: WorkerStatsInput!) {
    workerStats(input: $input) {
      __typename
      ... on QueryWorkerStatsSuccess { data { worker metrics { metric variant dates stats { aggregation values } } } }
      ... on Error { code }
    }
  }
`);

const Activity = graphql(`
  query WorkerActivity($from: DateTime!, $to: DateTime!, $interval: Int!) {
    workerActivity(from: $from, to: $to, interval: $interval) {
      __typename
      ... on QueryWorkerActivitySuccess { data { total { dates counts } active { dates counts } } }
      ... on Error { code }
    }
  }
`);

const data = (result: { data?: unknown }, field: string) => (result.data as Record<string, any>)[field];

describe('worker GraphQL operations', () => {
  it('registerWorker / workers / unregisterWorker with typed errors', async () => {
    const actor = await seedActor({ userName: 'carol' });
    const queue = await seedQueue(actor, 'worker queue');
    const registered = data(await executeAs(actor, Register, { input: { workerId: 'gpu:0', queueIds: [queue.id], tags: ['t'], timeout: 60 } }), 'registerWorker');
    expect(registered).toEqual({
      __typename: 'MutationRegisterWorkerSuccess',
      data: { id: 'gpu:0', registerTimeout: 60, queues: [{ id: queue.id, name: 'worker queue', numTasks: 0, nextTask: null }], tags: ['t'], ip: null },
    });
    expect(data(await executeAs(actor, Register, { input: { workerId: 'w', timeout: 0 } }), 'registerWorker')).toMatchObject({ code: 'WORKER_INVALID_TIMEOUT' });
    expect(data(await executeAs(actor, Register, { input: { workerId: 'w', queueIds: ['nope'] } }), 'registerWorker')).toMatchObject({
      __typename: 'NotFoundError', code: 'QUEUE_NOT_FOUND', ids: ['nope'],
    });
    expect((await executeAs(actor, Workers, {})).data?.workers).toEqual([
      { id: 'gpu:0', user: { id: actor.userId, name: 'carol' }, company: { id: actor.companyId }, tags: ['t'] },
    ]);
    const other = await seedActor();
    expect((await executeAs(other, Workers, { lastSeen: 0 })).data?.workers).toEqual([]);
    expect(data(await executeAs(actor, Unregister, { input: { workerId: 'gpu:0' } }), 'unregisterWorker')).toEqual({
      __typename: 'MutationUnregisterWorkerSuccess', data: true,
    });
    expect(data(await executeAs(actor, Unregister, { input: { workerId: 'gpu:0' } }), 'unregisterWorker')).toMatchObject({ code: 'WORKER_NOT_REGISTERED' });
  });

  it('workerStatusReport stamps the task; foreign task ⇒ TASK_NOT_FOUND', async () => {
    const actor = await seedActor();
    const project = await seedProject(actor, 'reports');
    const queue = await seedQueue(actor);
    const task = await seedTask(actor, { name: 'running', status: 'in_progress', started: new Date(Date.now() - 5_000), lastIteration: 7, projectId: project.id });
    await executeAs(actor, Register, { input: { workerId: 'w1', queueIds: [queue.id] } });
    const reported = data(
      await executeAs(actor, Report, { input: { workerId: 'w1', taskId: task.id, queueId: queue.id, machineStats: { cpu_usage: [10, 20], memory_used: 100 } } }),
      'workerStatusReport',
    );
    expect(reported.data).toMatchObject({
      id: 'w1',
      task: { id: task.id, name: 'running', lastIteration: 7 },
      project: { id: project.id, name: 'reports' },
      queue: { id: queue.id },
    });
    expect(reported.data.task.runningTimeMs).toBeGreaterThanOrEqual(5_000);
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).lastWorker).toBe('w1');
    const foreign = await seedTask(await seedActor());
    expect(data(await executeAs(actor, Report, { input: { workerId: 'w1', taskId: foreign.id } }), 'workerStatusReport')).toMatchObject({ code: 'TASK_NOT_FOUND' });
  });

  it('workerMetricKeys, workerStats, workerActivity', async () => {
    const actor = await seedActor();
    expect(data(await executeAs(actor, MetricKeys, {}), 'workerMetricKeys')).toMatchObject({ code: 'NO_WORKER_STATS' });
    const task = await seedTask(actor);
    const t0 = 1_600_000_020_000; // ms, a multiple of 60 s
    await executeAs(actor, Report, { input: { workerId: 'w1', timestamp: new Date(t0 + 1000).toISOString(), taskId: task.id, machineStats: { cpu_usage: [10, 30] } } });
    await executeAs(actor, Report, { input: { workerId: 'w2', timestamp: new Date(t0 + 61_000).toISOString(), machineStats: { cpu_usage: [50] } } });
    expect(data(await executeAs(actor, MetricKeys, {}), 'workerMetricKeys').data).toEqual([{ name: 'cpu', metricKeys: ['cpu_usage'] }]);
    const range = { from: new Date(t0).toISOString(), to: new Date(t0 + 120_000).toISOString(), interval: 60 };
    const stats = data(await executeAs(actor, Stats, { input: { ...range, items: [{ key: 'cpu_usage', aggregation: 'MAX' }, { key: 'cpu_usage' }] } }), 'workerStats');
    expect(stats.data).toEqual([
      { worker: 'w1', metrics: [{ metric: 'cpu_usage', variant: null, dates: [new Date(t0).toISOString()], stats: [{ aggregation: 'MAX', values: [30] }, { aggregation: 'AVG', values: [20] }] }] },
      { worker: 'w2', metrics: [{ metric: 'cpu_usage', variant: null, dates: [new Date(t0 + 60_000).toISOString()], stats: [{ aggregation: 'MAX', values: [50] }, { aggregation: 'AVG', values: [50] }] }] },
    ]);
    expect(data(await executeAs(actor, Stats, { input: { ...range, to: range.from, items: [{ key: 'cpu_usage' }] } }), 'workerStats')).toMatchObject({ code: 'INVALID_FIELD_VALUE' });
    const activity = data(await executeAs(actor, Activity, range), 'workerActivity');
    expect(activity.data).toEqual({
      total: { dates: [new Date(t0).toISOString(), new Date(t0 + 60_000).toISOString()], counts: [1, 1] },
      active: { dates: [new Date(t0).toISOString()], counts: [1] },
    });
  });
});
