// Experiments for the web UI tests and for looking at the UI: a project of tasks with
// hyper-parameters, tags, statuses, scalar series, console lines and artifacts, created through
// the GraphQL API of a running server (as any client would).
import { graphql } from '../gql/index.ts';
import type { TypedDocumentString } from '../gql/graphql.ts';

export interface ApiClient {
  url: string;
  authorization: string;
}

export async function gql<TResult, TVariables>(
  client: ApiClient,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const response = await fetch(`${client.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: client.authorization },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json()) as { data?: TResult; errors?: unknown[] };
  if (!response.ok || body.errors?.length || !body.data) {
    throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

/** Throws unless a mutation answered its success type; returns that payload's data. */
function success<T extends { __typename: string }>(result: T): Extract<T, { data: unknown }>['data'] {
  if (!('data' in result)) throw new Error(`mutation failed: ${JSON.stringify(result)}`);
  return (result as Extract<T, { data: unknown }>).data;
}

const CreateProject = graphql(`
  mutation UiSeedCreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      __typename
      ... on MutationCreateProjectSuccess { data { id name } }
      ... on Error { code message }
    }
  }
`);

const CreateTask = graphql(`
  mutation UiSeedCreateTask($input: CreateTaskInput!) {
    createTask(input: $input) {
      __typename
      ... on MutationCreateTaskSuccess { data { id name status } }
      ... on Error { code message }
    }
  }
`);

const StartTask = graphql(`
  mutation UiSeedStartTask($input: TaskStatusChangeInput!) {
    startTask(input: $input) {
      __typename
      ... on MutationStartTaskSuccess { data { id status } }
      ... on Error { code message }
    }
  }
`);

const CompleteTask = graphql(`
  mutation UiSeedCompleteTask($input: TaskStatusChangeInput!) {
    markTaskCompleted(input: $input) {
      __typename
      ... on MutationMarkTaskCompletedSuccess { data { id status } }
      ... on Error { code message }
    }
  }
`);

const AddEvents = graphql(`
  mutation UiSeedAddEvents($input: AddEventsInput!) {
    addEvents(input: $input) {
      __typename
      ... on MutationAddEventsSuccess { data { added errors } }
      ... on Error { code message }
    }
  }
`);

const AddArtifacts = graphql(`
  mutation UiSeedAddArtifacts($input: AddOrUpdateTaskArtifactsInput!) {
    addOrUpdateTaskArtifacts(input: $input) {
      __typename
      ... on MutationAddOrUpdateTaskArtifactsSuccess { data { added } }
      ... on Error { code message }
    }
  }
`);

export interface SeededTask {
  id: string;
  name: string;
  lr: string;
  status: 'created' | 'in_progress' | 'completed';
}

export interface SeededProject {
  projectId: string;
  projectName: string;
  tasks: SeededTask[];
}

/** Scalar points of one task: loss (train/val) and accuracy (val) over `iterations`. */
function scalarEvents(taskId: string, seed: number, iterations: number) {
  const events: Record<string, unknown>[] = [];
  for (let iter = 0; iter < iterations; iter++) {
    const progress = iter / iterations;
    const noise = Math.sin(iter * 12.9898 + seed) * 0.5 + 0.5;
    const loss = 2.3 * Math.exp(-3 * progress * (1 + seed * 0.1)) + noise * 0.25;
    events.push({ type: 'training_stats_scalar', task: taskId, iter, metric: 'loss', variant: 'train', value: loss });
    if (iter % 10 === 0) {
      events.push({ type: 'training_stats_scalar', task: taskId, iter, metric: 'loss', variant: 'val', value: loss * 1.1 + 0.05 });
      events.push({ type: 'training_stats_scalar', task: taskId, iter, metric: 'accuracy', variant: 'val', value: Math.min(0.99, 0.1 + 0.85 * progress + noise * 0.03) });
    }
  }
  return events;
}

/**
 * A project with `count` tasks named `<prefix> lr=<lr> #<i>`: task i has hyper-parameter
 * Args/lr, Args/batch_size, tag `even`/`odd`; every third task is created, the others ran
 * (in_progress or completed) and reported `iterations` scalar points and a few log lines.
 */
export async function seedUiProject(
  client: ApiClient,
  { prefix = 'resnet', count = 6, iterations = 400 }: { prefix?: string; count?: number; iterations?: number } = {},
): Promise<SeededProject> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const project = success((await gql(client, CreateProject, { input: { name: `ui ${prefix} ${suffix}`, description: 'web UI test data' } })).createProject);
  const tasks: SeededTask[] = [];
  for (let i = 0; i < count; i++) {
    const lr = ['0.1', '0.03', '0.01', '0.003', '0.001', '0.0003'][i % 6]!;
    const name = `${prefix} lr=${lr} #${i}`;
    const created = success(
      (
        await gql(client, CreateTask, {
          input: {
            name,
            type: 'training',
            projectId: project.id,
            tags: [i % 2 === 0 ? 'even' : 'odd', ...(i === 0 ? ['baseline'] : [])],
            comment: `seeded task ${i}`,
            hyperparams: [
              { section: 'Args', name: 'lr', value: lr, type: 'float' },
              { section: 'Args', name: 'batch_size', value: String(32 * (1 + (i % 3))), type: 'int' },
              { section: 'Args', name: 'optimizer', value: i % 2 ? 'adam' : 'sgd', type: 'str' },
              { section: 'General', name: 'dataset', value: 'cifar10', type: 'str' },
            ],
            configuration: [{ name: 'config.yaml', type: 'yaml', value: `model: resnet18\nlr: ${lr}\nepochs: 10\n` }],
            script: { repository: 'https://github.com/example/vision.git', branch: 'main', entryPoint: 'train.py' },
          },
        })
      ).createTask,
    );
    let status: SeededTask['status'] = 'created';
    if (i % 3 !== 0) {
      success((await gql(client, StartTask, { input: { taskId: created.id } })).startTask);
      const events = [
        ...scalarEvents(created.id, i, iterations),
        ...[0, 1, 2].map((n) => ({ type: 'log', task: created.id, level: n === 2 ? 'warning' : 'info', msg: `epoch ${n}: training on cifar10`, timestamp: Date.now() - (3 - n) * 1000 })),
      ];
      for (let from = 0; from < events.length; from += 2000) {
        success((await gql(client, AddEvents, { input: { events: events.slice(from, from + 2000) } })).addEvents);
      }
      success(
        (
          await gql(client, AddArtifacts, {
            input: {
              taskId: created.id,
              artifacts: [
                { key: 'metrics.csv', type: 'CSV', uri: `http://files.example.com/${created.id}/metrics.csv`, contentSize: 20480, hash: 'abc123' },
                { key: 'checkpoint', type: 'pytorch', uri: `s3://bucket/${created.id}/model.pt`, contentSize: 45_000_000 },
              ],
            },
          })
        ).addOrUpdateTaskArtifacts,
      );
      status = 'in_progress';
      if (i % 3 === 2) {
        success((await gql(client, CompleteTask, { input: { taskId: created.id } })).markTaskCompleted);
        status = 'completed';
      }
    }
    tasks.push({ id: created.id, name, lr, status });
  }
  return { projectId: project.id, projectName: project.name, tasks };
}
