// Queue queries and mutations end to end through the HTTP handler, with codegen-typed documents.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { graphql } from '../gql/index.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { executeAs } from '../helpers/graphql.ts';
import { seedQueue, seedTask } from '../helpers/tasks.ts';

useTestDatabase();

const CreateQueue = graphql(`
  mutation CreateQueue($input: CreateQueueInput!) {
    createQueue(input: $input) {
      __typename
      ... on MutationCreateQueueSuccess { data { id name tags systemTags created lastUpdate entries { added } } }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const UpdateQueue = graphql(`
  mutation UpdateQueue($input: UpdateQueueInput!) {
    updateQueue(input: $input) {
      __typename
      ... on MutationUpdateQueueSuccess { data { id name tags lastUpdate } }
      ... on Error { code }
    }
  }
`);

const DeleteQueue = graphql(`
  mutation DeleteQueue($input: DeleteQueueInput!) {
    deleteQueue(input: $input) { __typename ... on MutationDeleteQueueSuccess { data } ... on Error { code } }
  }
`);

const AddTask = graphql(`
  mutation AddTaskToQueue($input: QueueTaskInput!) {
    addTaskToQueue(input: $input) {
      __typename
      ... on MutationAddTaskToQueueSuccess { data { id entries { task { id name status } } } }
      ... on Error { code }
    }
  }
`);

const Pop = graphql(`
  mutation PopQueue($input: PopQueueInput!) {
    popQueue(input: $input) {
      __typename
      ... on MutationPopQueueSuccess { data { taskId added task { id status } } }
      ... on Error { code }
      ... on NotFoundError { entity ids }
    }
  }
`);

const Remove = graphql(`
  mutation RemoveTaskFromQueue($input: QueueTaskInput!) {
    removeTaskFromQueue(input: $input) { __typename ... on MutationRemoveTaskFromQueueSuccess { data } ... on Error { code } }
  }
`);

const Move = graphql(`
  mutation MoveQueueEntry($input: MoveQueueEntryInput!) {
    moveQueueEntry(input: $input) { __typename ... on MutationMoveQueueEntrySuccess { data { position } } ... on Error { code } }
  }
`);

const QueueById = graphql(`
  query QueueById($id: ID!) { queue(id: $id) { id name entries { task { id } } } }
`);

const Queues = graphql(`
  query Queues($filter: QueueFilterInput, $orderBy: [QueueOrder!], $paging: QueuePaging) {
    queues(filter: $filter, orderBy: $orderBy, paging: $paging) {
      __typename
      ... on QueryQueuesSuccess { data { name tags } }
      ... on Error { code }
    }
  }
`);

const DefaultQueue = graphql(`
  query DefaultQueue { defaultQueue { __typename ... on QueryDefaultQueueSuccess { data { id name } } ... on Error { code } } }
`);

const Metrics = graphql(`
  query QueueMetrics($from: DateTime!, $to: DateTime!, $interval: Int!, $queueIds: [ID!]) {
    queueMetrics(from: $from, to: $to, interval: $interval, queueIds: $queueIds) {
      __typename
      ... on QueryQueueMetricsSuccess { data { queue dates avgWaitingTimes queueLengths } }
      ... on Error { code }
      ... on ValidationError { field }
    }
  }
`);

const data = (result: { data?: unknown }, field: string) => (result.data as Record<string, any>)[field];

describe('queue GraphQL operations', () => {
  it('createQueue / updateQueue / deleteQueue with typed errors', async () => {
    const actor = await seedActor();
    const created = data(await executeAs(actor, CreateQueue, { input: { name: '  cpu queue ', tags: ['x'] } }), 'createQueue');
    expect(created).toMatchObject({ __typename: 'MutationCreateQueueSuccess', data: { name: 'cpu queue', tags: ['x'], systemTags: [], entries: [] } });
    const id = created.data.id as string;
    expect(data(await executeAs(actor, CreateQueue, { input: { name: 'cpu queue' } }), 'createQueue')).toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(data(await executeAs(actor, CreateQueue, { input: { name: 'ab' } }), 'createQueue')).toMatchObject({
      __typename: 'ValidationError', code: 'DATA_VALIDATION', field: 'name',
    });
    const updated = data(await executeAs(actor, UpdateQueue, { input: { queueId: id, name: 'renamed queue' } }), 'updateQueue');
    expect(updated.data).toMatchObject({ id, name: 'renamed queue', tags: ['x'], lastUpdate: created.data.lastUpdate });
    expect(data(await executeAs(actor, UpdateQueue, { input: { queueId: 'nope', name: 'abc' } }), 'updateQueue')).toMatchObject({ code: 'QUEUE_NOT_FOUND' });

    const task = await seedTask(actor);
    await executeAs(actor, AddTask, { input: { queueId: id, taskId: task.id } });
    expect(data(await executeAs(actor, DeleteQueue, { input: { queueId: id } }), 'deleteQueue')).toMatchObject({ code: 'QUEUE_NOT_EMPTY' });
    expect(data(await executeAs(actor, DeleteQueue, { input: { queueId: id, force: true } }), 'deleteQueue')).toEqual({
      __typename: 'MutationDeleteQueueSuccess', data: true,
    });
    expect((await executeAs(actor, QueueById, { id })).data?.queue).toBeNull();
  });

  it('addTaskToQueue / popQueue / removeTaskFromQueue / moveQueueEntry', async () => {
    const actor = await seedActor();
    const queue = await seedQueue(actor);
    const tasks = [await seedTask(actor, { name: 'one' }), await seedTask(actor, { name: 'two' }), await seedTask(actor, { name: 'three' })];
    for (const task of tasks) {
      const added = data(await executeAs(actor, AddTask, { input: { queueId: queue.id, taskId: task.id } }), 'addTaskToQueue');
      expect(added.data.entries.at(-1).task).toEqual({ id: task.id, name: task.name, status: 'created' });
    }
    expect(data(await executeAs(actor, AddTask, { input: { queueId: queue.id, taskId: tasks[0]!.id } }), 'addTaskToQueue')).toMatchObject({ code: 'TASK_ALREADY_QUEUED' });
    expect(data(await executeAs(actor, AddTask, { input: { queueId: queue.id, taskId: 'missing' } }), 'addTaskToQueue')).toMatchObject({ code: 'TASK_NOT_FOUND' });

    const moved = await executeAs(actor, Move, { input: { queueId: queue.id, taskId: tasks[2]!.id, to: 'BACKWARD', count: 5 } });
    expect(data(moved, 'moveQueueEntry')).toMatchObject({ data: { position: 2 } }); // already last: the actual index
    expect(data(await executeAs(actor, Move, { input: { queueId: queue.id, taskId: tasks[2]!.id, to: 'FRONT' } }), 'moveQueueEntry')).toMatchObject({ data: { position: 0 } });
    expect(data(await executeAs(actor, Move, { input: { queueId: queue.id, taskId: tasks[2]!.id, to: 'BACK' } }), 'moveQueueEntry')).toMatchObject({ data: { position: 2 } });
    expect(data(await executeAs(actor, Move, { input: { queueId: queue.id, taskId: tasks[1]!.id, to: 'FORWARD' } }), 'moveQueueEntry')).toMatchObject({ data: { position: 0 } });
    expect(data(await executeAs(actor, Move, { input: { queueId: queue.id, taskId: 'stranger', to: 'FRONT' } }), 'moveQueueEntry')).toMatchObject({ code: 'TASK_NOT_IN_QUEUE' });
    expect((await executeAs(actor, QueueById, { id: queue.id })).data?.queue?.entries.map((e) => e.task.id)).toEqual([tasks[1]!.id, tasks[0]!.id, tasks[2]!.id]);

    const popped = data(await executeAs(actor, Pop, { input: { queueId: queue.id } }), 'popQueue');
    expect(popped).toMatchObject({ __typename: 'MutationPopQueueSuccess', data: { taskId: tasks[1]!.id, task: { id: tasks[1]!.id, status: 'created' } } });
    expect(data(await executeAs(actor, Remove, { input: { queueId: queue.id, taskId: tasks[0]!.id } }), 'removeTaskFromQueue')).toEqual({
      __typename: 'MutationRemoveTaskFromQueueSuccess', data: 1,
    });
    expect(data(await executeAs(actor, Remove, { input: { queueId: queue.id, taskId: tasks[0]!.id } }), 'removeTaskFromQueue')).toMatchObject({ code: 'TASK_NOT_IN_QUEUE' });
    await executeAs(actor, Pop, { input: { queueId: queue.id } });
    expect(data(await executeAs(actor, Pop, { input: { queueId: queue.id } }), 'popQueue')).toBeNull();
    expect(data(await executeAs(actor, Pop, { input: { queueId: 'nope' } }), 'popQueue')).toMatchObject({
      __typename: 'NotFoundError', code: 'QUEUE_NOT_FOUND', entity: 'Queue', ids: ['nope'],
    });
    // other companies see nothing
    const other = await seedActor();
    expect((await executeAs(other, QueueById, { id: queue.id })).data?.queue).toBeNull();
    expect(data(await executeAs(other, Pop, { input: { queueId: queue.id } }), 'popQueue')).toMatchObject({ code: 'QUEUE_NOT_FOUND' });
  });

  it('queues (filter, order, paging), defaultQueue, queueMetrics', async () => {
    const actor = await seedActor();
    expect(data(await executeAs(actor, DefaultQueue), 'defaultQueue')).toMatchObject({ code: 'NO_DEFAULT_QUEUE' });
    const def = await seedQueue(actor, 'default', ['default']);
    await seedQueue(actor, 'gpu-a');
    const tagged = await seedQueue(actor, 'gpu-b');
    await db.queue.update({ where: { id: tagged.id }, data: { tags: ['big'] } });
    expect(data(await executeAs(actor, DefaultQueue), 'defaultQueue')).toEqual({ __typename: 'QueryDefaultQueueSuccess', data: { id: def.id, name: 'default' } });
    const names = async (variables: Record<string, unknown>) =>
      data(await executeAs(actor, Queues, variables), 'queues').data.map((q: { name: string }) => q.name);
    expect(await names({ orderBy: [{ field: 'NAME', direction: 'DESC' }] })).toEqual(['gpu-b', 'gpu-a', 'default']);
    expect(await names({ filter: { name: '^gpu' }, orderBy: [{ field: 'NAME' }] })).toEqual(['gpu-a', 'gpu-b']);
    expect(await names({ filter: { tags: { noneOf: ['big'] } }, orderBy: [{ field: 'NAME' }] })).toEqual(['default', 'gpu-a']);
    expect(await names({ filter: { tags: { anyOf: ['big'] } } })).toEqual(['gpu-b']);
    expect(await names({ orderBy: [{ field: 'NAME' }], paging: { page: 1, pageSize: 2 } })).toEqual(['gpu-b']);
    expect(data(await executeAs(actor, Queues, { filter: { name: '(' } }), 'queues')).toMatchObject({ code: 'INVALID_REGEX' });

    const task = await seedTask(actor);
    await executeAs(actor, AddTask, { input: { queueId: def.id, taskId: task.id } });
    await executeAs(actor, Pop, { input: { queueId: def.id } });
    const from = new Date(Date.now() - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const total = data(await executeAs(actor, Metrics, { from, to, interval: 3600 }), 'queueMetrics');
    expect(total.data).toHaveLength(1);
    expect(total.data[0]).toMatchObject({ queue: 'total', queueLengths: [expect.any(Number)] });
    const perQueue = data(await executeAs(actor, Metrics, { from, to, interval: 3600, queueIds: [def.id] }), 'queueMetrics');
    expect(perQueue.data[0].queue).toBe(def.id);
    expect(new Date(perQueue.data[0].dates[0]).getTime() % 3_600_000).toBe(0);
    expect(data(await executeAs(actor, Metrics, { from: to, to: from, interval: 60 }), 'queueMetrics')).toMatchObject({
      __typename: 'ValidationError', code: 'INVALID_FIELD_VALUE',
    });
  });
});
