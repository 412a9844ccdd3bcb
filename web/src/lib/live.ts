// Live updates over GraphQL subscriptions (SSE): task changes for the table and the task page, new
// console lines and new scalar points. Each hook keeps one stream open while its inputs stay the
// same and reports whether it is connected.
import { useEffect, useRef, useState } from 'react';
import { graphql } from '../gql/index.ts';
import type {
  LogLineFieldsFragment, ScalarTailSubscription, TaskChangedSubscription, TaskFilter, TaskOverviewFragment, TaskRowFragment,
} from '../gql/graphql.ts';
import { subscribe, type RequestError } from './client.ts';

export type LiveState = 'connecting' | 'live' | 'offline';

const TaskChanged = graphql(`
  subscription TaskChanged($filter: TaskFilter, $withParams: Boolean!, $withMetrics: Boolean!) {
    taskChanged(filter: $filter) {
      kind
      id
      task { ...TaskRow }
    }
  }
`);

const TaskPageChanged = graphql(`
  subscription TaskPageChanged($filter: TaskFilter) {
    taskChanged(filter: $filter) {
      kind
      id
      task { ...TaskOverview }
    }
  }
`);

const TaskLogTail = graphql(`
  subscription TaskLogTail($task: ID!) {
    taskLog(task: $task) {
      task
      lines { ...LogLineFields }
    }
  }
`);

const ScalarTail = graphql(`
  subscription ScalarTail($task: ID!, $metrics: [String!]) {
    scalarAppended(task: $task, metrics: $metrics) {
      task
      points { metric variant iteration value timestamp }
    }
  }
`);

export type ScalarPoints = ScalarTailSubscription['scalarAppended']['points'];

/** Opens `open()` while `key` stays the same; returns the connection state. */
function useStream(key: string | undefined, open: (setState: (state: LiveState) => void) => { close(): void }): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const openRef = useRef(open);
  openRef.current = open;
  useEffect(() => {
    if (key === undefined) return;
    setState('connecting');
    const subscription = openRef.current(setState);
    return () => subscription.close();
  }, [key]);
  return state;
}

function handlersFor<T>(setState: (state: LiveState) => void, next: (data: T) => void, reconnected?: () => void) {
  let connectedOnce = false;
  return {
    next,
    connected: () => {
      setState('live');
      if (connectedOnce) reconnected?.();
      connectedOnce = true;
    },
    error: (_error: RequestError) => setState('offline'),
  };
}

export interface TaskChangeHandlers<T> {
  upsert(task: T): void;
  removed(id: string): void;
  /** The stream came back after a break: changes in between were missed. */
  reconnected?(): void;
}

/** Changes of the tasks matching `filter`, with the table's row fields. */
export function useTaskChanges(
  filter: TaskFilter,
  withParams: boolean,
  withMetrics: boolean,
  handlers: TaskChangeHandlers<TaskRowFragment>,
): LiveState {
  const ref = useRef(handlers);
  ref.current = handlers;
  const variables = { filter, withParams, withMetrics };
  return useStream(JSON.stringify(variables), (setState) =>
    subscribe(
      TaskChanged,
      variables,
      handlersFor<TaskChangedSubscription>(
        setState,
        ({ taskChanged: change }) => {
          if (change.kind === 'REMOVED' || !change.task) ref.current.removed(change.id);
          else ref.current.upsert(change.task);
        },
        () => ref.current.reconnected?.(),
      ),
    ),
  );
}

/** Changes of one task, with the task page's overview fields. */
export function useTaskPageChanges(id: string, handlers: TaskChangeHandlers<TaskOverviewFragment>): LiveState {
  const ref = useRef(handlers);
  ref.current = handlers;
  return useStream(id, (setState) =>
    subscribe(
      TaskPageChanged,
      { filter: { ids: [id] } },
      handlersFor(
        setState,
        ({ taskChanged: change }) => {
          if (change.kind === 'REMOVED' || !change.task) ref.current.removed(change.id);
          else ref.current.upsert(change.task);
        },
        () => ref.current.reconnected?.(),
      ),
    ),
  );
}

/** New console lines of a task (`enabled` false: no stream). */
export function useLogTail(id: string, enabled: boolean, onLines: (lines: LogLineFieldsFragment[]) => void, reconnected: () => void): LiveState {
  const ref = useRef({ onLines, reconnected });
  ref.current = { onLines, reconnected };
  return useStream(enabled ? id : undefined, (setState) =>
    subscribe(TaskLogTail, { task: id }, handlersFor(setState, (data) => ref.current.onLines(data.taskLog.lines), () => ref.current.reconnected())),
  );
}

/** New scalar points of a task, optionally only of `metrics`. */
export function useScalarTail(
  id: string,
  metrics: readonly string[] | undefined,
  onPoints: (points: ScalarPoints) => void,
  reconnected: () => void,
): LiveState {
  const ref = useRef({ onPoints, reconnected });
  ref.current = { onPoints, reconnected };
  const key = metrics === undefined ? undefined : JSON.stringify([id, metrics]);
  return useStream(key, (setState) =>
    subscribe(
      ScalarTail,
      { task: id, metrics: metrics && metrics.length ? [...metrics] : null },
      handlersFor(setState, (data) => ref.current.onPoints(data.scalarAppended.points), () => ref.current.reconnected()),
    ),
  );
}
