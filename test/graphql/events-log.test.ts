// Events in GraphQL through HTTP: addEvents (result and typed errors), deleteTaskEvents, the
// Task.log connection paged both ways with level filter, and Task.plots.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/resolvers/context.ts';
import { graphql } from '../gql/index.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { executeAs } from '../helpers/graphql.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

const AddEvents = graphql(`
  mutation AddEvents($input: AddEventsInput!) {
    addEvents(input: $input) {
      __typename
      ... on MutationAddEventsSuccess { data { added errors errorsInfo { reason count } } }
      ... on Error { code message }
      ... on EventsNotAddedError { errorsInfo { reason count } }
    }
  }
`);

const DeleteTaskEvents = graphql(`
  mutation DeleteTaskEvents($input: DeleteTaskEventsInput!) {
    deleteTaskEvents(input: $input) {
      __typename
      ... on MutationDeleteTaskEventsSuccess { data { deleted } }
      ... on Error { code }
    }
  }
`);

const TaskLog = graphql(`
  query TaskLog($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $level: String) {
    task(id: $id) {
      log(first: $first, after: $after, last: $last, before: $before, level: $level) {
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { timestamp time level msg worker event } }
      }
    }
  }
`);

const TaskPlots = graphql(`
  query TaskPlots($id: ID!, $metric: String) {
    task(id: $id) { plots(metric: $metric) { metric variant iter timestamp plot } }
  }
`);

let actor: Actor;
let other: Actor;
beforeAll(async () => {
  actor = await seedActor();
  other = await seedActor();
});

const logEvent = (task: string, timestamp: number, level = 'info') => ({ type: 'log', task, timestamp, level, msg: `line ${timestamp}` });

describe('addEvents / deleteTaskEvents', () => {
  it('stores valid events and reports the rejected ones', async () => {
    const task = await seedTask(actor);
    const result = await executeAs(actor, AddEvents, {
      input: {
        events: [{ type: 'training_stats_scalar', task: task.id, iter: 1, metric: 'loss', variant: 'total', value: 1 }, { type: 'nope', task: task.id }],
        worker: 'w',
      },
    });
    expect(result.data?.addEvents).toEqual({
      __typename: 'MutationAddEventsSuccess',
      data: { added: 1, errors: 1, errorsInfo: [{ reason: 'Invalid event type nope', count: 1 }] },
    });
  });

  it('answers typed errors: EVENTS_NOT_ADDED, EMPTY_BATCH; deletes with counts and TASK_NOT_FOUND', async () => {
    const task = await seedTask(actor);
    const foreign = await executeAs(other, AddEvents, { input: { events: [logEvent(task.id, 1)] } });
    expect(foreign.data?.addEvents).toEqual({
      __typename: 'EventsNotAddedError',
      code: 'EVENTS_NOT_ADDED',
      message: 'Events not added: Invalid task id=1',
      errorsInfo: [{ reason: 'Invalid task id', count: 1 }],
    });
    const empty = await executeAs(actor, AddEvents, { input: { events: [] } });
    expect(empty.data?.addEvents).toMatchObject({ __typename: 'OperationError', code: 'EMPTY_BATCH' });

    await executeAs(actor, AddEvents, { input: { events: [logEvent(task.id, 1), logEvent(task.id, 2)] } });
    const denied = await executeAs(other, DeleteTaskEvents, { input: { taskId: task.id } });
    expect(denied.data?.deleteTaskEvents).toMatchObject({ __typename: 'NotFoundError', code: 'TASK_NOT_FOUND' });
    const deleted = await executeAs(actor, DeleteTaskEvents, { input: { taskId: task.id } });
    expect(deleted.data?.deleteTaskEvents).toEqual({ __typename: 'MutationDeleteTaskEventsSuccess', data: { deleted: 2 } });
  });
});

describe('Task.log', () => {
  it('pages forwards and backwards with cursors and filters by level', async () => {
    const task = await seedTask(actor);
    await executeAs(actor, AddEvents, {
      input: { events: [5, 1, 3, 2, 4].map((ts) => logEvent(task.id, ts, ts % 2 ? 'info' : 'error')), worker: 'gpu' },
    });
    const page = async (variables: { first?: number; after?: string | null; last?: number; before?: string | null; level?: string }) => {
      const result = await executeAs(actor, TaskLog, { id: task.id, ...variables });
      expect(result.errors).toBeUndefined();
      return result.data!.task!.log!;
    };
    const first = await page({ first: 2 });
    expect(first.edges.map((e) => e.node.timestamp)).toEqual([1, 2]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.edges[0]!.node).toMatchObject({ level: 'info', msg: 'line 1', worker: 'gpu', time: new Date(1).toISOString() });
    expect(first.edges[0]!.node.event).toMatchObject({ type: 'log', task: task.id });
    const second = await page({ first: 2, after: first.pageInfo.endCursor });
    expect(second.edges.map((e) => e.node.timestamp)).toEqual([3, 4]);
    const third = await page({ first: 2, after: second.pageInfo.endCursor });
    expect(third.edges.map((e) => e.node.timestamp)).toEqual([5]);
    expect(third.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    const tail = await page({ last: 2 });
    expect(tail.edges.map((e) => e.node.timestamp)).toEqual([4, 5]);
    expect(tail.pageInfo.hasPreviousPage).toBe(true);
    const before = await page({ last: 2, before: tail.pageInfo.startCursor });
    expect(before.edges.map((e) => e.node.timestamp)).toEqual([2, 3]);
    const start = await page({ last: 2, before: before.pageInfo.startCursor });
    expect(start.edges.map((e) => e.node.timestamp)).toEqual([1]);
    expect(start.pageInfo.hasPreviousPage).toBe(false);

    const errors = await page({ first: 10, level: 'error' });
    expect(errors.edges.map((e) => e.node.timestamp)).toEqual([2, 4]);
  });

  it('rejects malformed cursors with a coded error', async () => {
    const task = await seedTask(actor);
    const result = await executeAs(actor, TaskLog, { id: task.id, first: 1, after: 'garbage' });
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_INPUT');
  });
});

describe('Task.plots', () => {
  it('returns the latest plot of each series', async () => {
    const task = await seedTask(actor);
    const plot = (iter: number, metric: string, variant: string) => ({ type: 'plot', task: task.id, iter, metric, variant, plot_str: JSON.stringify({ iter }) });
    await executeAs(actor, AddEvents, { input: { events: [plot(1, 'a', 'x'), plot(3, 'a', 'x'), plot(2, 'a', 'y'), plot(9, 'b', 'x')] } });
    const result = await executeAs(actor, TaskPlots, { id: task.id });
    expect(result.data?.task?.plots?.map((p) => [p.metric, p.variant, p.iter, p.plot])).toEqual([
      ['a', 'x', 3, { iter: 3 }],
      ['a', 'y', 2, { iter: 2 }],
      ['b', 'x', 9, { iter: 9 }],
    ]);
    const onlyB = await executeAs(actor, TaskPlots, { id: task.id, metric: 'b' });
    expect(onlyB.data?.task?.plots).toHaveLength(1);
  });
});
