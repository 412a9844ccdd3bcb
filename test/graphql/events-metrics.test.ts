// Task metrics through GraphQL over HTTP: last values, scalar metric names, downsampled series,
// comparisons across tasks, debug images by iteration, and the stable error codes of bad input.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/resolvers/context.ts';
import { graphql } from '../gql/index.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { seedEvents, seedScalarSeries, setLastMetrics } from '../helpers/events-seed.ts';
import { executeAs } from '../helpers/graphql.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

const TaskMetrics = graphql(`
  query TaskMetrics($id: ID!, $metric: String!, $variant: String!, $maxPoints: Int, $xAxis: ScalarAxis, $from: Float, $to: Float) {
    task(id: $id) {
      id
      metrics { metric variant value min max }
      scalarMetrics { metric variants }
      scalarSeries(metric: $metric, variant: $variant, maxPoints: $maxPoints, xAxis: $xAxis, from: $from, to: $to) {
        taskId metric variant bucketWidth
        buckets { x count min max mean last }
      }
    }
  }
`);

const OtherMetrics = graphql(`
  query OtherMetrics($id: ID!) {
    task(id: $id) {
      vectorMetrics { metric variants }
      vectors(metric: "hist", variant: "w") { iter values }
      imageMetrics: metricNames(eventType: DEBUG_IMAGE)
      scalarNames: metricNames(eventType: SCALAR)
    }
  }
`);

const CompareScalars = graphql(`
  query CompareScalars($taskIds: [ID!]!, $metrics: [ScalarMetricSelector!]!, $maxPoints: Int) {
    compareScalars(taskIds: $taskIds, metrics: $metrics, maxPoints: $maxPoints) {
      taskId taskName metric variant bucketWidth
      buckets { x count max last }
    }
  }
`);

const DebugImages = graphql(`
  query DebugImages($id: ID!, $metric: String, $first: Int, $before: Int) {
    task(id: $id) {
      debugImages(metric: $metric, first: $first, before: $before) {
        hasMore nextBefore
        iterations { iter images { metric variant iter url timestamp event } }
      }
    }
  }
`);

const RenameWithSeries = graphql(`
  mutation RenameWithSeries($id: ID!, $name: String!, $from: Float) {
    updateTask(input: { taskId: $id, name: $name }) {
      __typename
      ... on MutationUpdateTaskSuccess { data { id name scalarSeries(metric: "m", variant: "v", from: $from, to: 0.5) { metric } } }
    }
  }
`);

let actor: Actor;
let other: Actor;
beforeAll(async () => {
  actor = await seedActor();
  other = await seedActor();
});

describe('Task metrics fields', () => {
  it('metrics, scalarMetrics and a downsampled scalarSeries', async () => {
    const task = await seedTask(actor);
    await setLastMetrics(task.id, [{ metric: 'loss', variant: 'total', value: 1, min: 1, max: 100 }]);
    await seedScalarSeries({ companyId: actor.companyId, taskId: task.id, metric: 'loss', variant: 'total', count: 100, valueSql: '100 - i' });
    await seedScalarSeries({ companyId: actor.companyId, taskId: task.id, metric: 'loss', variant: 'val', count: 10 });
    const result = await executeAs(actor, TaskMetrics, { id: task.id, metric: 'loss', variant: 'total', maxPoints: 10 });
    expect(result.errors).toBeUndefined();
    const data = result.data!.task!;
    expect(data.metrics).toEqual([{ metric: 'loss', variant: 'total', value: 1, min: 1, max: 100 }]);
    expect(data.scalarMetrics).toEqual([{ metric: 'loss', variants: ['total', 'val'] }]);
    expect(data.scalarSeries).toMatchObject({ taskId: task.id, metric: 'loss', variant: 'total', bucketWidth: 10 });
    expect(data.scalarSeries!.buckets).toHaveLength(10);
    expect(data.scalarSeries!.buckets[0]).toEqual({ x: 0, count: 10, min: 91, max: 100, mean: 95.5, last: 91 });
    const zoomed = await executeAs(actor, TaskMetrics, { id: task.id, metric: 'loss', variant: 'total', maxPoints: 10, from: 20, to: 29 });
    expect(zoomed.data!.task!.scalarSeries!.buckets.map((b) => b.x)).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    const byTime = await executeAs(actor, TaskMetrics, { id: task.id, metric: 'loss', variant: 'total', maxPoints: 1, xAxis: 'TIMESTAMP' });
    expect(byTime.data!.task!.scalarSeries!.buckets).toEqual([expect.objectContaining({ count: 100, min: 1, max: 100, last: 1 })]);
  });

  it('maxPoints out of range ⇒ INVALID_INPUT; another company sees no task', async () => {
    const task = await seedTask(actor);
    for (const maxPoints of [0, 10_001]) {
      const result = await executeAs(actor, TaskMetrics, { id: task.id, metric: 'm', variant: 'v', maxPoints });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'maxPoints' });
    }
    // text the database cannot hold in any argument: that field alone is null, with a coded error
    const nul = await executeAs<{ task: Record<string, unknown> | null }, object>(
      actor,
      `query($id: ID!, $m: String!) { task(id: $id) { id plots(metric: $m) { metric } vectors(metric: $m, variant: "v") { iter } } }`,
      { id: task.id, m: 'a\u0000b' },
    );
    expect(nul.data?.task).toEqual({ id: task.id, plots: null, vectors: null });
    // sibling fields resolve concurrently, so their errors arrive in either order
    const nulErrors = (nul.errors ?? []).map((e) => [e.path?.join('.'), e.extensions?.code]).sort();
    expect(nulErrors).toEqual([['task.plots', 'INVALID_INPUT'], ['task.vectors', 'INVALID_INPUT']]);
    const reversed = await executeAs(actor, TaskMetrics, { id: task.id, metric: 'm', variant: 'v', from: 10, to: 1 });
    expect(reversed.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
    // the refused field alone is null: the task around it is still answered
    expect(reversed.errors?.[0]?.path).toEqual(['task', 'scalarSeries']);
    expect(reversed.data?.task).toMatchObject({ id: task.id, scalarSeries: null });
    const foreign = await executeAs(other, TaskMetrics, { id: task.id, metric: 'm', variant: 'v' });
    expect(foreign.errors).toBeUndefined();
    expect(foreign.data!.task).toBeNull();
  });
});

describe('a refused series argument inside a mutation payload', () => {
  it('nulls that field only: the applied update and the rest of its payload reach the client', async () => {
    const task = await seedTask(actor);
    const result = await executeAs(actor, RenameWithSeries, { id: task.id, name: 'renamed', from: 1e308 });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ path: ['updateTask', 'data', 'scalarSeries'], extensions: { code: 'INVALID_INPUT', field: 'from' } });
    expect(result.data?.updateTask).toEqual({ __typename: 'MutationUpdateTaskSuccess', data: { id: task.id, name: 'renamed', scalarSeries: null } });
  });
});

describe('vectors and metric names', () => {
  it('vectorMetrics, vectors by iteration, metricNames per event type', async () => {
    const task = await seedTask(actor);
    await seedEvents([
      ...[1, 0].map((iter) => ({ companyId: actor.companyId, taskId: task.id, type: 'training_stats_vector' as const, iter, metric: 'hist', variant: 'w', values: [iter, 0.5] })),
      { companyId: actor.companyId, taskId: task.id, type: 'training_debug_image', iter: 0, metric: 'samples', variant: 'v', url: 'u' },
    ]);
    const result = await executeAs(actor, OtherMetrics, { id: task.id });
    expect(result.errors).toBeUndefined();
    expect(result.data!.task).toEqual({
      vectorMetrics: [{ metric: 'hist', variants: ['w'] }],
      vectors: [{ iter: 0, values: [0, 0.5] }, { iter: 1, values: [1, 0.5] }],
      imageMetrics: ['samples'],
      scalarNames: [],
    });
  });
});

describe('compareScalars', () => {
  it('series per task × metric × variant; a public task of another company is included', async () => {
    const mine = await seedTask(actor, { name: 'mine' });
    const pub = await seedTask(other, { name: 'shared', companyId: null, companyOrigin: other.companyId });
    await seedScalarSeries({ companyId: actor.companyId, taskId: mine.id, metric: 'loss', variant: 'train', count: 50 });
    await seedScalarSeries({ companyId: other.companyId, taskId: pub.id, metric: 'loss', variant: 'train', count: 30, valueSql: 'CASE WHEN i = 7 THEN 999 ELSE 0 END' });
    await seedScalarSeries({ companyId: other.companyId, taskId: pub.id, metric: 'loss', variant: 'val', count: 5 });
    const result = await executeAs(actor, CompareScalars, { taskIds: [mine.id, pub.id], metrics: [{ metric: 'loss' }], maxPoints: 5 });
    expect(result.errors).toBeUndefined();
    expect(result.data!.compareScalars.map((s) => [s.taskName, s.variant, s.bucketWidth, s.buckets.length])).toEqual([
      ['mine', 'train', 10, 5],
      ['shared', 'train', 6, 5],
      ['shared', 'val', 1, 5],
    ]);
    expect(result.data!.compareScalars[1]!.buckets[1]).toMatchObject({ x: 6, count: 6, max: 999 });
  });

  it('invisible tasks ⇒ TASK_NOT_FOUND naming them; more than 1000 tasks or no metric ⇒ INVALID_INPUT', async () => {
    const mine = await seedTask(actor);
    const hidden = await seedTask(other);
    const missing = await executeAs(actor, CompareScalars, { taskIds: [mine.id, hidden.id], metrics: [{ metric: 'loss' }] });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'TASK_NOT_FOUND', ids: [hidden.id] });
    const tooMany = await executeAs(actor, CompareScalars, { taskIds: Array(1001).fill(mine.id), metrics: [{ metric: 'loss' }] });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'taskIds' });
    const noMetric = await executeAs(actor, CompareScalars, { taskIds: [mine.id], metrics: [] });
    expect(noMetric.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'metrics' });
  });
});

describe('Task.debugImages', () => {
  it('pages iterations newest first with nextBefore', async () => {
    const task = await seedTask(actor);
    await seedEvents([1, 2, 3].map((iter) => ({
      companyId: actor.companyId, taskId: task.id, type: 'training_debug_image' as const, iter, metric: 'samples', variant: 'v', url: `u${iter}`,
    })));
    const first = await executeAs(actor, DebugImages, { id: task.id, first: 2 });
    expect(first.errors).toBeUndefined();
    const page = first.data!.task!.debugImages!;
    expect(page.iterations.map((it) => [it.iter, it.images.map((i) => i.url)])).toEqual([[3, ['u3']], [2, ['u2']]]);
    expect(page).toMatchObject({ hasMore: true, nextBefore: 2 });
    expect(page.iterations[0]!.images[0]!.event).toMatchObject({ type: 'training_debug_image', iter: 3, url: 'u3' });
    const next = await executeAs(actor, DebugImages, { id: task.id, first: 2, before: page.nextBefore });
    expect(next.data!.task!.debugImages).toMatchObject({ hasMore: false, nextBefore: null, iterations: [{ iter: 1 }] });
    const bad = await executeAs(actor, DebugImages, { id: task.id, first: 101 });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'first' });
  });
});
