// Model queries and mutations end to end through the HTTP handler, with codegen-typed documents.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { graphql } from '../gql/index.ts';
import { seedActor, seedProject, useTestDatabase } from '../helpers/db.ts';
import { executeAs } from '../helpers/graphql.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

const CreateModel = graphql(`
  mutation CreateModel($input: CreateModelInput!) {
    createModel(input: $input) {
      __typename
      ... on MutationCreateModelSuccess {
        data { id name uri ready isPublic company user labels design framework project { id name } taskId task { id name } }
      }
      ... on Error { code message }
      ... on ValidationError { field }
    }
  }
`);

const ModelQuery = graphql(`
  query ModelById($id: ID!) {
    model(id: $id) { id name ready parentId parent { id name } project { id } task { id status } uiCache }
  }
`);

const ModelsQuery = graphql(`
  query Models($filter: ModelFilter, $orderBy: [ModelOrder!], $paging: PageInput) {
    models(filter: $filter, orderBy: $orderBy, paging: $paging) { id name framework project { name } }
  }
`);

const Frameworks = graphql(`
  query ModelFrameworks($projects: [ID!]) { modelFrameworks(projects: $projects) }
`);

const EditModel = graphql(`
  mutation EditModel($input: EditModelInput!) {
    editModel(input: $input) {
      __typename
      ... on MutationEditModelSuccess { data { id name uri ready uiCache } }
      ... on Error { code }
    }
  }
`);

const UpdateForTask = graphql(`
  mutation UpdateModelForTask($input: UpdateModelForTaskInput!) {
    updateModelForTask(input: $input) {
      __typename
      ... on MutationUpdateModelForTaskSuccess { data { created model { id name ready taskId project { id } } } }
      ... on Error { code }
    }
  }
`);

const SetReady = graphql(`
  mutation SetModelReady($input: SetModelReadyInput!) {
    setModelReady(input: $input) {
      __typename
      ... on MutationSetModelReadySuccess { data { publishedTaskId model { id ready } } }
      ... on Error { code }
    }
  }
`);

const DeleteModel = graphql(`
  mutation DeleteModel($input: DeleteModelInput!) {
    deleteModel(input: $input) {
      __typename
      ... on MutationDeleteModelSuccess { data { deleted } }
      ... on Error { code message }
    }
  }
`);

const MakePublic = graphql(`
  mutation MakeModelsPublic($ids: [ID!]!) {
    makeModelsPublic(ids: $ids) { __typename ... on MutationMakeModelsPublicSuccess { data } ... on Error { code } }
  }
`);

const MakePrivate = graphql(`
  mutation MakeModelsPrivate($ids: [ID!]!) {
    makeModelsPrivate(ids: $ids) { __typename ... on MutationMakeModelsPrivateSuccess { data } ... on Error { code } }
  }
`);

const TaskModels = graphql(`
  query TaskModelRefs($id: ID!) { task(id: $id) { id inputModelId outputModelId inputModel { id } output { error } } }
`);

async function create(actor: Actor, input: Record<string, unknown> = {}) {
  const result = await executeAs(actor, CreateModel, { input: { name: 'resnet50', uri: 's3://m.pt', ...input } as never });
  const payload = result.data?.createModel;
  if (payload?.__typename !== 'MutationCreateModelSuccess') throw new Error(JSON.stringify(result));
  return payload.data;
}

describe('model queries', () => {
  it('model(id) with project, task and parent; null for foreign models', async () => {
    const actor = await seedActor();
    const stranger = await seedActor();
    const project = await seedProject(actor, 'gql project');
    const task = await seedTask(actor, { name: 'creator task' });
    const parent = await create(actor, { name: 'parent model' });
    const created = await create(actor, {
      projectId: project.id, taskId: task.id, parentId: parent.id, labels: { cat: 1 }, framework: 'PyTorch',
    });
    expect(created).toMatchObject({
      name: 'resnet50', ready: true, isPublic: false, company: actor.companyId, labels: { cat: 1 },
      project: { id: project.id, name: 'gql project' }, taskId: task.id, task: { id: task.id, name: 'creator task' },
    });
    const read = await executeAs(actor, ModelQuery, { id: created.id });
    expect(read.data?.model).toMatchObject({
      id: created.id, parentId: parent.id, parent: { id: parent.id, name: 'parent model' }, task: { status: 'created' }, uiCache: {},
    });
    expect((await executeAs(stranger, ModelQuery, { id: created.id })).data?.model).toBeNull();
  });

  it('models(filter, orderBy, paging) and modelFrameworks', async () => {
    const actor = await seedActor();
    const project = await seedProject(actor, 'listed');
    await create(actor, { name: 'gql a', framework: 'Keras', projectId: project.id });
    await create(actor, { name: 'gql b', framework: 'PyTorch' });
    await create(actor, { name: 'gql c' });
    // public models of other tests are visible too: stay within this actor's models
    const mine = { users: { anyOf: [actor.userId] } };
    const all = await executeAs(actor, ModelsQuery, { filter: mine, orderBy: [{ field: 'NAME', direction: 'DESC' }] });
    expect(all.data?.models.map((m) => m.name)).toEqual(['gql c', 'gql b', 'gql a']);
    const filtered = await executeAs(actor, ModelsQuery, {
      filter: { ...mine, frameworks: { noneOf: ['PyTorch'] }, name: '^gql' },
      orderBy: [{ field: 'FRAMEWORK' }],
    });
    expect(filtered.data?.models).toEqual([
      { id: expect.any(String), name: 'gql a', framework: 'Keras', project: { name: 'listed' } },
      { id: expect.any(String), name: 'gql c', framework: null, project: null },
    ]);
    const paged = await executeAs(actor, ModelsQuery, { filter: mine, orderBy: [{ field: 'NAME' }], paging: { page: 1, pageSize: 2 } });
    expect(paged.data?.models.map((m) => m.name)).toEqual(['gql c']);
    const bad = await executeAs(actor, ModelsQuery, { filter: { name: '(' } });
    expect(bad.errors?.[0]?.message).toBeDefined();
    expect((await executeAs(actor, Frameworks, {})).data?.modelFrameworks).toEqual(expect.arrayContaining(['Keras', 'PyTorch']));
    expect((await executeAs(actor, Frameworks, { projects: [project.id] })).data?.modelFrameworks).toEqual(['Keras']);
  });
});

describe('model mutations', () => {
  it('createModel errors are typed', async () => {
    const actor = await seedActor();
    const short = await executeAs(actor, CreateModel, { input: { name: 'ab', uri: 'x' } });
    expect(short.data?.createModel).toMatchObject({ __typename: 'ValidationError', code: 'DATA_VALIDATION', field: 'name' });
    const other = await seedActor();
    const foreign = await seedProject(other);
    const badProject = await executeAs(actor, CreateModel, { input: { name: 'abc', uri: 'x', projectId: foreign.id } });
    expect(badProject.data?.createModel).toMatchObject({ code: 'INVALID_INPUT', field: 'project' });
    const publicTask = await seedTask(other, { companyId: null });
    const onPublic = await executeAs(actor, CreateModel, { input: { name: 'abc', uri: 'x', taskId: publicTask.id } });
    expect(onPublic.data?.createModel).toMatchObject({ __typename: 'PublicReadOnlyError', code: 'PUBLIC_READ_ONLY' });
  });

  it('editModel writes and returns the model; public models are not found', async () => {
    const actor = await seedActor();
    const model = await create(actor, { uiCache: { a: 1 } });
    const edited = await executeAs(actor, EditModel, { input: { modelId: model.id, name: 'edited', uri: 's3://new', ready: false } });
    expect(edited.data?.editModel).toEqual({
      __typename: 'MutationEditModelSuccess',
      data: { id: model.id, name: 'edited', uri: 's3://new', ready: false, uiCache: {} },
    });
    const publicModel = await create(actor, { public: true });
    const refused = await executeAs(actor, EditModel, { input: { modelId: publicModel.id, name: 'nope' } });
    expect(refused.data?.editModel).toMatchObject({ __typename: 'NotFoundError', code: 'MODEL_NOT_FOUND' });
  });

  it('updateModelForTask, setModelReady (publishing the task), MODEL_ALREADY_READY', async () => {
    const actor = await seedActor();
    const project = await seedProject(actor);
    const task = await seedTask(actor, { name: 'gql creator', projectId: project.id });
    const first = await executeAs(actor, UpdateForTask, { input: { taskId: task.id, uri: 's3://out' } });
    const payload = first.data?.updateModelForTask;
    expect(payload).toMatchObject({
      __typename: 'MutationUpdateModelForTaskSuccess',
      data: { created: true, model: { name: 'gql creator', ready: false, taskId: task.id, project: { id: project.id } } },
    });
    const modelId = (payload as { data: { model: { id: string } } }).data.model.id;
    const second = await executeAs(actor, UpdateForTask, { input: { taskId: task.id, uri: 's3://out2', name: 'renamed' } });
    expect(second.data?.updateModelForTask).toMatchObject({ data: { created: false, model: { id: modelId, name: 'renamed' } } });
    const both = await executeAs(actor, UpdateForTask, { input: { taskId: task.id, uri: 'x', overrideModelId: modelId } });
    expect(both.data?.updateModelForTask).toMatchObject({ code: 'MISSING_FIELD' });

    const inProgress = await executeAs(actor, SetReady, { input: { modelId } });
    expect(inProgress.data?.setModelReady).toMatchObject({ code: 'INVALID_TASK_STATUS' }); // created → published refused
    const forced = await executeAs(actor, SetReady, { input: { modelId, forcePublishTask: true } });
    expect(forced.data?.setModelReady).toEqual({
      __typename: 'MutationSetModelReadySuccess',
      data: { publishedTaskId: task.id, model: { id: modelId, ready: true } },
    });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('published');
    const again = await executeAs(actor, SetReady, { input: { modelId, publishTask: false } });
    expect(again.data?.setModelReady).toMatchObject({ __typename: 'OperationError', code: 'MODEL_ALREADY_READY' });
    const stopped = await seedTask(actor, { status: 'stopped' });
    const refused = await executeAs(actor, UpdateForTask, { input: { taskId: stopped.id, uri: 's3://x' } });
    expect(refused.data?.updateModelForTask).toMatchObject({ code: 'INVALID_TASK_STATUS' });
  });

  it('deleteModel: MODEL_IN_USE / MODEL_TASK_PUBLISHED without force; Task shows __DELETED__<id>', async () => {
    const actor = await seedActor();
    const model = await create(actor);
    const user = await seedTask(actor, { inputModelId: model.id });
    const inUse = await executeAs(actor, DeleteModel, { input: { modelId: model.id } });
    expect(inUse.data?.deleteModel).toMatchObject({ code: 'MODEL_IN_USE' });
    const forced = await executeAs(actor, DeleteModel, { input: { modelId: model.id, force: true } });
    expect(forced.data?.deleteModel).toEqual({ __typename: 'MutationDeleteModelSuccess', data: { deleted: true } });
    const task = await executeAs(actor, TaskModels, { id: user.id });
    expect(task.data?.task).toMatchObject({ inputModelId: `__DELETED__${model.id}`, inputModel: null });

    const creator = await seedTask(actor, { status: 'published' });
    const output = await create(actor, { taskId: creator.id });
    await db.task.update({ where: { id: creator.id }, data: { outputModelId: output.id } });
    const published = await executeAs(actor, DeleteModel, { input: { modelId: output.id } });
    expect(published.data?.deleteModel).toMatchObject({ code: 'MODEL_TASK_PUBLISHED' });
    await executeAs(actor, DeleteModel, { input: { modelId: output.id, force: true } });
    const after = await executeAs(actor, TaskModels, { id: creator.id });
    expect(after.data?.task?.outputModelId).toBe(`__DELETED__${output.id}`);
    expect(after.data?.task?.output.error).toMatch(/^model deleted on /);
    const missing = await executeAs(actor, DeleteModel, { input: { modelId: newId() } });
    expect(missing.data?.deleteModel).toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('makeModelsPublic / makeModelsPrivate', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const model = await create(actor);
    expect((await executeAs(actor, MakePublic, { ids: [model.id] })).data?.makeModelsPublic).toMatchObject({ data: 1 });
    expect((await executeAs(other, ModelQuery, { id: model.id })).data?.model).toMatchObject({ id: model.id });
    expect((await executeAs(other, MakePrivate, { ids: [model.id] })).data?.makeModelsPrivate).toMatchObject({ code: 'MODEL_NOT_FOUND' });
    expect((await executeAs(actor, MakePrivate, { ids: [model.id] })).data?.makeModelsPrivate).toMatchObject({ data: 1 });
    expect((await executeAs(other, ModelQuery, { id: model.id })).data?.model).toBeNull();
    expect((await executeAs(actor, MakePublic, { ids: [] })).data?.makeModelsPublic).toMatchObject({ code: 'INVALID_INPUT' });
  });
});
