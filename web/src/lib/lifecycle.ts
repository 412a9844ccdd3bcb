// Lifecycle actions on tasks (enqueue, stop, reset, publish, delete), one GraphQL mutation per task.
// Each answers either the changed task or a typed error (code + message) that the UI shows next to
// the action that caused it.
import { graphql } from '../gql/index.ts';
import { request, RequestError } from './client.ts';

export const ACTIONS = ['enqueue', 'stop', 'reset', 'publish', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

export const ACTION_LABELS: Record<Action, string> = {
  enqueue: 'Enqueue',
  stop: 'Stop',
  reset: 'Reset',
  publish: 'Publish',
  delete: 'Delete',
};

export const ACTION_HINTS: Record<Action, string> = {
  enqueue: 'Queue created tasks on the default queue.',
  stop: 'Stop queued or running tasks (a running task is asked to stop by its worker).',
  reset: 'Return tasks to created and remove their results (events, outputs).',
  publish: 'Publish tasks (final) and their output models.',
  delete: 'Delete tasks and their events. This cannot be undone.',
};

const Enqueue = graphql(`
  mutation EnqueueTaskAction($input: EnqueueTaskInput!) {
    enqueueTask(input: $input) {
      __typename
      ... on MutationEnqueueTaskSuccess { data { id status statusMessage lastUpdate } }
      ... on Error { code message }
    }
  }
`);
const Stop = graphql(`
  mutation StopTaskAction($input: TaskStatusChangeInput!) {
    stopTask(input: $input) {
      __typename
      ... on MutationStopTaskSuccess { data { id status statusMessage lastUpdate } }
      ... on Error { code message }
    }
  }
`);
const Reset = graphql(`
  mutation ResetTaskAction($input: ResetTaskInput!) {
    resetTask(input: $input) {
      __typename
      ... on MutationResetTaskSuccess { data { id status statusMessage lastUpdate } }
      ... on Error { code message }
    }
  }
`);
const Publish = graphql(`
  mutation PublishTaskAction($input: PublishTaskInput!) {
    publishTask(input: $input) {
      __typename
      ... on MutationPublishTaskSuccess { data { id status statusMessage lastUpdate } }
      ... on Error { code message }
    }
  }
`);
const Delete = graphql(`
  mutation DeleteTaskAction($input: DeleteTaskInput!) {
    deleteTask(input: $input) {
      __typename
      ... on MutationDeleteTaskSuccess { data { deleted } }
      ... on Error { code message }
    }
  }
`);

export interface ActionOutcome {
  taskId: string;
  /** The task's new status (undefined when deleted). */
  status?: string;
  statusMessage?: string | null;
  deleted?: boolean;
  error?: { code: string; message: string };
}

type Result =
  | { __typename: string; data?: unknown; code?: string; message?: string }
  | undefined;

function outcomeOf(taskId: string, result: Result): ActionOutcome {
  if (!result) return { taskId, error: { code: 'NO_RESULT', message: 'No answer' } };
  if ('code' in result && result.code) return { taskId, error: { code: result.code, message: result.message ?? result.code } };
  const data = result.data as { status?: string; statusMessage?: string | null; deleted?: boolean } | undefined;
  if (data && 'deleted' in data) return { taskId, deleted: data.deleted };
  return { taskId, status: data?.status, statusMessage: data?.statusMessage };
}

/** Runs `action` on one task; never throws (failures come back as `error`). */
export async function runAction(action: Action, taskId: string, force: boolean): Promise<ActionOutcome> {
  try {
    switch (action) {
      case 'enqueue':
        return outcomeOf(taskId, (await request(Enqueue, { input: { taskId } })).enqueueTask);
      case 'stop':
        return outcomeOf(taskId, (await request(Stop, { input: { taskId, force } })).stopTask);
      case 'reset':
        return outcomeOf(taskId, (await request(Reset, { input: { taskId, force } })).resetTask);
      case 'publish':
        return outcomeOf(taskId, (await request(Publish, { input: { taskId, force } })).publishTask);
      case 'delete':
        return outcomeOf(taskId, (await request(Delete, { input: { taskId, force } })).deleteTask);
    }
  } catch (error) {
    const failure = error instanceof RequestError ? error : new RequestError(String(error), 'UNKNOWN');
    return { taskId, error: { code: failure.code, message: failure.message } };
  }
}

/** Runs `action` on every task, a few at a time, reporting each outcome as it arrives. */
export async function runActionOnAll(
  action: Action,
  taskIds: readonly string[],
  force: boolean,
  onOutcome: (outcome: ActionOutcome) => void,
  concurrency = 4,
): Promise<ActionOutcome[]> {
  const outcomes: ActionOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < taskIds.length) {
      const taskId = taskIds[next++]!;
      const outcome = await runAction(action, taskId, force);
      outcomes.push(outcome);
      onOutcome(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, taskIds.length) }, worker));
  return outcomes;
}
