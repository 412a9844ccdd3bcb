// Every task mutation end to end through the HTTP handler, with codegen-typed documents.
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { graphql } from '../gql/index.ts';
import { seedActor, seedProject, useTestDatabase } from '../helpers/db.ts';
import { executeAs } from '../helpers/graphql.ts';
import { seedQueue, seedTask, seedTaskInStatus } from '../helpers/tasks.ts';

useTestDatabase();

const CreateTask = graphql(`
  mutation CreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      __typename
      ... on MutationCreateTaskSuccess {
        data {
          id name type status tags systemTags comment user
          project { id name }
          script { repository entryPoint requirements }
          execution { testSplit framework }
          hyperParamList { section name value type }
          configuration { name value }
          artifacts { key mode type uri contentSize }
        }
      }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const StatusChange = graphql(`
  mutation StatusChanges($input: TaskStatusChangeInput!) {
    startTask(input: $input) { __typename ... on MutationStartTaskSuccess { data { id status started } } ... on Error { code } }
  }
`);

const Lifecycle = {
  stopTask: graphql(`mutation Stop($input: TaskStatusChangeInput!) { stopTask(input: $input) { __typename ... on MutationStopTaskSuccess { data { status statusMessage } } ... on Error { code } } }`),
  markTaskStopped: graphql(`mutation Stopped($input: TaskStatusChangeInput!) { markTaskStopped(input: $input) { __typename ... on MutationMarkTaskStoppedSuccess { data { status completed duration } } ... on Error { code } } }`),
  markTaskFailed: graphql(`mutation Failed($input: TaskStatusChangeInput!) { markTaskFailed(input: $input) { __typename ... on MutationMarkTaskFailedSuccess { data { status } } ... on Error { code } } }`),
  markTaskCompleted: graphql(`mutation Completed($input: TaskStatusChangeInput!) { markTaskCompleted(input: $input) { __typename ... on MutationMarkTaskCompletedSuccess { data { status } } ... on Error { code } } }`),
  closeTask: graphql(`mutation Close($input: TaskStatusChangeInput!) { closeTask(input: $input) { __typename ... on MutationCloseTaskSuccess { data { status } } ... on Error { code } } }`),
  dequeueTask: graphql(`mutation Dequeue($input: TaskStatusChangeInput!) { dequeueTask(input: $input) { __typename ... on MutationDequeueTaskSuccess { data { status queue { id } } } ... on Error { code } } }`),
};

const EnqueueTask = graphql(`
  mutation Enqueue($input: EnqueueTaskInput!) {
    enqueueTask(input: $input) {
      __typename
      ... on MutationEnqueueTaskSuccess { data { status systemTags queue { id name entries { task { id } } } } }
      ... on InvalidStatusTransitionError { code from to }
      ... on Error { code }
    }
  }
`);

const PublishTask = graphql(`mutation Publish($input: PublishTaskInput!) { publishTask(input: $input) { __typename ... on MutationPublishTaskSuccess { data { status published } } ... on Error { code } } }`);
const ResetTask = graphql(`mutation Reset($input: ResetTaskInput!) { resetTask(input: $input) { __typename ... on MutationResetTaskSuccess { data { status lastIteration statusReason } } ... on Error { code } } }`);
const DeleteTask = graphql(`mutation Delete($input: DeleteTaskInput!) { deleteTask(input: $input) { __typename ... on MutationDeleteTaskSuccess { data { deleted updatedChildren } } ... on Error { code } } }`);
const EditTask = graphql(`mutation Edit($input: EditTaskInput!) { editTask(input: $input) { __typename ... on MutationEditTaskSuccess { data { name comment script { repository branch entryPoint } execution { framework testSplit } hyperParamList { section name value } } } ... on InvalidStatusTransitionError { code from to } ... on Error { code } } }`);
const UpdateTask = graphql(`mutation Update($input: UpdateTaskInput!) { updateTask(input: $input) { __typename ... on MutationUpdateTaskSuccess { data { name tags output { error } } } ... on Error { code } } }`);
const UpdateTasks = graphql(`mutation UpdateMany($input: [UpdateTaskInput!]!) { updateTasks(input: $input) { __typename ... on MutationUpdateTasksSuccess { data } ... on NotFoundError { code ids } ... on Error { code } } }`);
const CloneTask = graphql(`mutation Clone($input: CloneTaskInput!) { cloneTask(input: $input) { __typename ... on MutationCloneTaskSuccess { data { id name status type tags hyperParamList { name value } artifacts { key mode } } } ... on Error { code } } }`);
const ValidateTask = graphql(`mutation Validate($input: CreateTaskInput!) { validateTask(input: $input) { __typename ... on MutationValidateTaskSuccess { data } ... on Error { code } } }`);
const PingTask = graphql(`mutation Ping($taskId: ID!) { pingTask(taskId: $taskId) }`);
const SetRequirements = graphql(`mutation Req($input: SetTaskRequirementsInput!) { setTaskRequirements(input: $input) { __typename ... on MutationSetTaskRequirementsSuccess { data { script { requirements } } } ... on Error { code } } }`);
const AddArtifacts = graphql(`mutation Art($input: AddOrUpdateTaskArtifactsInput!) { addOrUpdateTaskArtifacts(input: $input) { __typename ... on MutationAddOrUpdateTaskArtifactsSuccess { data { added updated } } ... on Error { code } } }`);
const EditHyperParams = graphql(`mutation EditHp($input: EditTaskHyperParamsInput!) { editTaskHyperParams(input: $input) { __typename ... on MutationEditTaskHyperParamsSuccess { data { hyperParamList { section name value } } } ... on Error { code } } }`);
const DeleteHyperParams = graphql(`mutation DelHp($input: DeleteTaskHyperParamsInput!) { deleteTaskHyperParams(input: $input) { __typename ... on MutationDeleteTaskHyperParamsSuccess { data { hyperParamList { section name } } } ... on Error { code } } }`);
const EditConfiguration = graphql(`mutation EditCfg($input: EditTaskConfigurationInput!) { editTaskConfiguration(input: $input) { __typename ... on MutationEditTaskConfigurationSuccess { data { configuration { name value } } } ... on Error { code } } }`);
const DeleteConfiguration = graphql(`mutation DelCfg($input: DeleteTaskConfigurationInput!) { deleteTaskConfiguration(input: $input) { __typename ... on MutationDeleteTaskConfigurationSuccess { data { configuration { name } } } ... on Error { code } } }`);
const MakePublic = graphql(`mutation Pub($ids: [ID!]!) { makeTasksPublic(ids: $ids) { __typename ... on MutationMakeTasksPublicSuccess { data } ... on Error { code } } }`);
const MakePrivate = graphql(`mutation Priv($ids: [ID!]!) { makeTasksPrivate(ids: $ids) { __typename ... on MutationMakeTasksPrivateSuccess { data } ... on Error { code } } }`);

let actor: Actor;
let queueId: string;

beforeAll(async () => {
  actor = await seedActor({ userName: 'bob' });
  queueId = (await seedQueue(actor, 'default', ['default'])).id;
});

const dataOf = <T>(result: { data?: T; errors?: unknown }) => {
  expect(result.errors).toBeUndefined();
  return result.data!;
};

describe('createTask', () => {
  it('creates a task with its definition and returns it with relations', async () => {
    const project = await seedProject(actor);
    const result = await executeAs(actor, CreateTask, {
      input: {
        name: '  resnet run ',
        type: 'training',
        tags: ['b', 'a'],
        systemTags: ['development'],
        projectId: project.id,
        comment: 'first',
        script: { repository: 'https://example.com/r.git', entryPoint: 'train.py', requirements: { pip: 'torch' } },
        execution: { testSplit: 10, framework: 'pytorch', artifacts: [{ key: 'data', type: 'csv', uri: 's3://x', contentSize: 12 }] },
        hyperparams: [{ section: 'Args', name: 'lr', value: '0.1', type: 'float' }],
        configuration: [{ name: 'General', value: '{}' }],
      },
    });
    const payload = dataOf(result).createTask;
    expect(payload.__typename).toBe('MutationCreateTaskSuccess');
    if (payload.__typename !== 'MutationCreateTaskSuccess') return;
    expect(payload.data).toMatchObject({
      name: 'resnet run',
      type: 'training',
      status: 'created',
      tags: ['a', 'b'],
      user: actor.userId,
      project: { id: project.id, name: project.name },
      script: { repository: 'https://example.com/r.git', entryPoint: 'train.py', requirements: { pip: 'torch' } },
      execution: { testSplit: 10, framework: 'pytorch' },
      hyperParamList: [{ section: 'Args', name: 'lr', value: '0.1', type: 'float' }],
      configuration: [{ name: 'General', value: '{}' }],
      artifacts: [{ key: 'data', mode: 'OUTPUT', type: 'csv', uri: 's3://x', contentSize: 12 }],
    });
  });

  it.each([
    [{ name: 'ab', type: 'training' }, 'DATA_VALIDATION', 'name'],
    [{ name: 'good name', type: 'training', tags: ['__$all'] }, 'INVALID_FIELD_VALUE', 'tags'],
    [{ name: 'good name', type: 'training', projectId: 'no-such-project' }, 'PROJECT_NOT_FOUND', undefined],
    [{ name: 'good name', type: 'training', parentId: 'no-such-task' }, 'INVALID_FIELD_VALUE', 'parent'],
    [{ name: 'good name', type: 'training', execution: { modelId: 'nope' } }, 'MODEL_NOT_FOUND', undefined],
  ] as const)('refuses %j with %s and creates nothing', async (input, code, field) => {
    const before = await db.task.count({ where: { companyId: actor.companyId } });
    const payload = dataOf(await executeAs(actor, CreateTask, { input: input as never })).createTask;
    expect(payload).toMatchObject({ code, ...(field ? { field } : {}) });
    expect(await db.task.count({ where: { companyId: actor.companyId } })).toBe(before);
  });

  it('rejects a wrong enum value with a GraphQL validation error, not a 500', async () => {
    const result = await executeAs(actor, CreateTask, { input: { name: 'x task', type: 'nonsense' as never } });
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.[0]?.message).toMatch(/TaskType/);
  });

  it('validateTask runs the checks without creating', async () => {
    const before = await db.task.count({ where: { companyId: actor.companyId } });
    expect(dataOf(await executeAs(actor, ValidateTask, { input: { name: 'valid one', type: 'testing' } })).validateTask).toMatchObject({ data: true });
    expect(dataOf(await executeAs(actor, ValidateTask, { input: { name: 'no', type: 'testing' } })).validateTask).toMatchObject({ code: 'DATA_VALIDATION' });
    expect(await db.task.count({ where: { companyId: actor.companyId } })).toBe(before);
  });
});

describe('lifecycle mutations', () => {
  it('startTask moves a created task to IN_PROGRESS; unknown and malformed ids give typed errors', async () => {
    const task = await seedTask(actor);
    expect(dataOf(await executeAs(actor, StatusChange, { input: { taskId: task.id } })).startTask).toMatchObject({
      data: { id: task.id, status: 'in_progress' },
    });
    expect(dataOf(await executeAs(actor, StatusChange, { input: { taskId: 'deadbeef' } })).startTask).toMatchObject({ code: 'TASK_NOT_FOUND' });
    expect(dataOf(await executeAs(actor, StatusChange, { input: { taskId: 'bad id!' } })).startTask).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('expectedStatus makes a stale change a STATUS_CONFLICT', async () => {
    const task = await seedTask(actor, { status: 'in_progress' });
    const result = await executeAs(actor, StatusChange, { input: { taskId: task.id, expectedStatus: 'created' } });
    expect(dataOf(result).startTask).toMatchObject({ __typename: 'StatusConflictError', code: 'STATUS_CONFLICT' });
  });

  it.each([
    ['stopTask', 'in_progress', 'stopped'],
    ['markTaskStopped', 'in_progress', 'stopped'],
    ['markTaskFailed', 'in_progress', 'failed'],
    ['markTaskCompleted', 'in_progress', 'completed'],
    ['closeTask', 'stopped', 'closed'],
    ['dequeueTask', 'queued', 'created'],
  ] as const)('%s from %s gives %s, and refuses a published task', async (name, from, to) => {
    const task = await seedTaskInStatus(actor, from, queueId);
    const ok = dataOf(await executeAs(actor, Lifecycle[name] as never, { input: { taskId: task.id } })) as Record<string, { data?: { status: string } }>;
    expect(ok[name]!.data!.status).toBe(to);
    const published = await seedTaskInStatus(actor, 'published', queueId);
    const refused = dataOf(await executeAs(actor, Lifecycle[name] as never, { input: { taskId: published.id } })) as Record<string, { code?: string }>;
    expect(refused[name]!.code).toBe(name === 'dequeueTask' ? 'TASK_NOT_QUEUED' : 'INVALID_TASK_STATUS');
    expect((await db.task.findUniqueOrThrow({ where: { id: published.id } })).status).toBe('published');
  });

  it('enqueueTask queues into the default queue; twice gives from/to details', async () => {
    const task = await seedTask(actor, { systemTags: ['development'] });
    const first = dataOf(await executeAs(actor, EnqueueTask, { input: { taskId: task.id } })).enqueueTask;
    expect(first).toMatchObject({ data: { status: 'queued', systemTags: [], queue: { id: queueId, name: 'default' } } });
    if (first.__typename === 'MutationEnqueueTaskSuccess') {
      expect(first.data.queue!.entries.map((e) => e.task.id)).toContain(task.id);
    }
    const second = dataOf(await executeAs(actor, EnqueueTask, { input: { taskId: task.id } })).enqueueTask;
    expect(second).toMatchObject({ __typename: 'InvalidStatusTransitionError', code: 'INVALID_TASK_STATUS', from: 'queued', to: 'queued' });
  });

  it('publishTask, resetTask (force for published) and deleteTask', async () => {
    const task = await seedTaskInStatus(actor, 'stopped', queueId, { lastIteration: 5 });
    expect(dataOf(await executeAs(actor, PublishTask, { input: { taskId: task.id } })).publishTask).toMatchObject({ data: { status: 'published' } });
    expect(dataOf(await executeAs(actor, ResetTask, { input: { taskId: task.id } })).resetTask).toMatchObject({ code: 'INVALID_TASK_STATUS' });
    expect(dataOf(await executeAs(actor, DeleteTask, { input: { taskId: task.id } })).deleteTask).toMatchObject({ code: 'TASK_CANNOT_BE_DELETED' });
    expect(dataOf(await executeAs(actor, ResetTask, { input: { taskId: task.id, force: true } })).resetTask).toMatchObject({
      data: { status: 'created', lastIteration: 0, statusReason: 'reset' },
    });
    expect(dataOf(await executeAs(actor, DeleteTask, { input: { taskId: task.id } })).deleteTask).toMatchObject({ data: { deleted: true } });
    expect(await db.task.findUnique({ where: { id: task.id } })).toBeNull();
  });
});

describe('edit mutations', () => {
  it('editTask merges script/execution shallowly and needs force outside CREATED', async () => {
    const task = await seedTask(actor, { scriptRepository: 'repo', scriptEntryPoint: 'main.py', framework: 'keras' });
    const edited = dataOf(await executeAs(actor, EditTask, {
      input: { taskId: task.id, comment: 'c', script: { branch: 'dev' }, execution: { testSplit: 3 }, hyperparams: [{ section: 'S', name: 'n', value: '1' }] },
    })).editTask;
    expect(edited).toMatchObject({
      data: { comment: 'c', script: { repository: 'repo', branch: 'dev', entryPoint: 'main.py' }, execution: { framework: 'keras', testSplit: 3 }, hyperParamList: [{ section: 'S', name: 'n', value: '1' }] },
    });
    await db.task.update({ where: { id: task.id }, data: { status: 'in_progress' } });
    expect(dataOf(await executeAs(actor, EditTask, { input: { taskId: task.id, name: 'renamed' } })).editTask).toMatchObject({
      __typename: 'InvalidStatusTransitionError', from: 'in_progress',
    });
    expect(dataOf(await executeAs(actor, EditTask, { input: { taskId: task.id, name: 'renamed', force: true } })).editTask).toMatchObject({ data: { name: 'renamed' } });
  });

  it('updateTask works in any status; updateTasks is all-or-nothing', async () => {
    const a = await seedTask(actor, { status: 'published' });
    const b = await seedTask(actor);
    expect(dataOf(await executeAs(actor, UpdateTask, { input: { taskId: a.id, name: 'new name', tags: ['t'], outputError: 'oops' } })).updateTask).toMatchObject({
      data: { name: 'new name', tags: ['t'], output: { error: 'oops' } },
    });
    const bad = dataOf(await executeAs(actor, UpdateTasks, { input: [{ taskId: b.id, comment: 'x' }, { taskId: 'missing1' }] })).updateTasks;
    expect(bad).toMatchObject({ code: 'TASK_NOT_FOUND', ids: ['missing1'] });
    expect((await db.task.findUniqueOrThrow({ where: { id: b.id } })).comment).toBeNull();
    expect(dataOf(await executeAs(actor, UpdateTasks, { input: [{ taskId: a.id, comment: 'x' }, { taskId: b.id, comment: 'y' }] })).updateTasks).toMatchObject({ data: 2 });
  });

  it('cloneTask copies the definition, drops output artifacts, resets results', async () => {
    const source = await seedTask(actor, { status: 'completed', lastIteration: 7, tags: ['x'], hyperparams: { Args: { lr: { section: 'Args', name: 'lr', value: '1' } } } });
    await db.taskArtifact.createMany({ data: [{ taskId: source.id, key: 'in', mode: 'input', type: 't', position: 0 }, { taskId: source.id, key: 'out', mode: 'output', type: 't', position: 1 }] });
    const clone = dataOf(await executeAs(actor, CloneTask, { input: { taskId: source.id, name: 'the clone' } })).cloneTask;
    expect(clone).toMatchObject({ data: { name: 'the clone', status: 'created', type: 'training', tags: ['x'], hyperParamList: [{ name: 'lr', value: '1' }], artifacts: [{ key: 'in', mode: 'INPUT' }] } });
  });

  it('pingTask, setTaskRequirements and addOrUpdateTaskArtifacts', async () => {
    const task = await seedTask(actor, { lastUpdate: new Date(0) });
    expect(dataOf(await executeAs(actor, PingTask, { taskId: task.id })).pingTask).toBe(true);
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).lastUpdate.getTime()).toBeGreaterThan(0);
    expect(dataOf(await executeAs(actor, SetRequirements, { input: { taskId: task.id, requirements: { pip: 'numpy' } } })).setTaskRequirements).toMatchObject({
      data: { script: { requirements: { pip: 'numpy' } } },
    });
    const art = { taskId: task.id, artifacts: [{ key: 'k', type: 'csv' }] };
    expect(dataOf(await executeAs(actor, AddArtifacts, { input: art })).addOrUpdateTaskArtifacts).toMatchObject({ data: { added: ['k'], updated: [] } });
    expect(dataOf(await executeAs(actor, AddArtifacts, { input: art })).addOrUpdateTaskArtifacts).toMatchObject({ data: { added: [], updated: ['k'] } });
  });

  it('hyper-parameter and configuration edits', async () => {
    const task = await seedTask(actor);
    const hp = dataOf(await executeAs(actor, EditHyperParams, { input: { taskId: task.id, items: [{ section: 'A', name: 'x', value: '1' }, { section: 'B', name: 'y', value: '2' }] } })).editTaskHyperParams;
    expect(hp).toMatchObject({ data: { hyperParamList: [{ section: 'A', name: 'x', value: '1' }, { section: 'B', name: 'y', value: '2' }] } });
    expect(dataOf(await executeAs(actor, DeleteHyperParams, { input: { taskId: task.id, items: [{ section: 'A' }] } })).deleteTaskHyperParams).toMatchObject({
      data: { hyperParamList: [{ section: 'B', name: 'y' }] },
    });
    expect(dataOf(await executeAs(actor, EditConfiguration, { input: { taskId: task.id, items: [{ name: 'cfg', value: 'v' }] } })).editTaskConfiguration).toMatchObject({
      data: { configuration: [{ name: 'cfg', value: 'v' }] },
    });
    expect(dataOf(await executeAs(actor, DeleteConfiguration, { input: { taskId: task.id, names: ['cfg'] } })).deleteTaskConfiguration).toMatchObject({ data: { configuration: [] } });
    await db.task.update({ where: { id: task.id }, data: { status: 'in_progress' } });
    expect(dataOf(await executeAs(actor, EditHyperParams, { input: { taskId: task.id, items: [{ section: 'A', name: 'x', value: '1' }] } })).editTaskHyperParams).toMatchObject({ code: 'INVALID_TASK_STATUS' });
  });

  it('makeTasksPublic / makeTasksPrivate: public tasks are readable but read-only for others', async () => {
    const task = await seedTask(actor);
    expect(dataOf(await executeAs(actor, MakePublic, { ids: [task.id] })).makeTasksPublic).toMatchObject({ data: 1 });
    const other = await seedActor();
    expect(dataOf(await executeAs(other, StatusChange, { input: { taskId: task.id } })).startTask).toMatchObject({ code: 'PUBLIC_READ_ONLY' });
    expect(dataOf(await executeAs(other, MakePrivate, { ids: [task.id] })).makeTasksPrivate).toMatchObject({ code: 'TASK_NOT_FOUND' });
    expect(dataOf(await executeAs(actor, MakePrivate, { ids: [task.id] })).makeTasksPrivate).toMatchObject({ data: 1 });
  });
});
