/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me { id name role company { id name } }\n  }\n": typeof types.MeDocument,
    "\n  query MetricSeries($taskIds: [ID!]!, $metric: String!, $maxPoints: Int!, $from: Float, $to: Float) {\n    compareScalars(taskIds: $taskIds, metrics: [{ metric: $metric }], maxPoints: $maxPoints, from: $from, to: $to) {\n      taskId\n      taskName\n      metric\n      variant\n      bucketWidth\n      buckets { x min max mean last count }\n    }\n  }\n": typeof types.MetricSeriesDocument,
    "\n  mutation EnqueueTaskAction($input: EnqueueTaskInput!) {\n    enqueueTask(input: $input) {\n      __typename\n      ... on MutationEnqueueTaskSuccess { data { id status statusMessage lastUpdate } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.EnqueueTaskActionDocument,
    "\n  mutation StopTaskAction($input: TaskStatusChangeInput!) {\n    stopTask(input: $input) {\n      __typename\n      ... on MutationStopTaskSuccess { data { id status statusMessage lastUpdate } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.StopTaskActionDocument,
    "\n  mutation ResetTaskAction($input: ResetTaskInput!) {\n    resetTask(input: $input) {\n      __typename\n      ... on MutationResetTaskSuccess { data { id status statusMessage lastUpdate } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.ResetTaskActionDocument,
    "\n  mutation PublishTaskAction($input: PublishTaskInput!) {\n    publishTask(input: $input) {\n      __typename\n      ... on MutationPublishTaskSuccess { data { id status statusMessage lastUpdate } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.PublishTaskActionDocument,
    "\n  mutation DeleteTaskAction($input: DeleteTaskInput!) {\n    deleteTask(input: $input) {\n      __typename\n      ... on MutationDeleteTaskSuccess { data { deleted } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.DeleteTaskActionDocument,
    "\n  subscription TaskChanged($filter: TaskFilter, $withParams: Boolean!, $withMetrics: Boolean!) {\n    taskChanged(filter: $filter) {\n      kind\n      id\n      task { ...TaskRow }\n    }\n  }\n": typeof types.TaskChangedDocument,
    "\n  subscription TaskPageChanged($filter: TaskFilter) {\n    taskChanged(filter: $filter) {\n      kind\n      id\n      task { ...TaskOverview }\n    }\n  }\n": typeof types.TaskPageChangedDocument,
    "\n  subscription TaskLogTail($task: ID!) {\n    taskLog(task: $task) {\n      task\n      lines { ...LogLineFields }\n    }\n  }\n": typeof types.TaskLogTailDocument,
    "\n  subscription ScalarTail($task: ID!, $metrics: [String!]) {\n    scalarAppended(task: $task, metrics: $metrics) {\n      task\n      points { metric variant iteration value timestamp }\n    }\n  }\n": typeof types.ScalarTailDocument,
    "\n  query CompareTasks($ids: [ID!]!) {\n    tasks(filter: { ids: $ids }, first: 100) {\n      edges {\n        node {\n          id\n          name\n          status\n          hyperParamList { section name value }\n          lastMetrics { metric variant value min max }\n          scalarMetrics { metric variants }\n        }\n      }\n    }\n  }\n": typeof types.CompareTasksDocument,
    "\n  fragment TaskRow on Task {\n    id\n    name\n    type\n    status\n    statusMessage\n    created\n    started\n    lastUpdate\n    lastIteration\n    duration\n    tags\n    project { id name }\n    hyperparams @include(if: $withParams)\n    lastMetrics @include(if: $withMetrics) { metric variant value min max }\n  }\n": typeof types.TaskRowFragmentDoc,
    "\n  query TaskTable(\n    $filter: TaskFilter\n    $orderBy: [TaskOrder!]\n    $first: Int!\n    $after: String\n    $withParams: Boolean!\n    $withMetrics: Boolean!\n  ) {\n    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      edges { node { ...TaskRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.TaskTableDocument,
    "\n  query TaskCount($filter: TaskFilter) {\n    tasks(filter: $filter, first: 1) { totalCount }\n  }\n": typeof types.TaskCountDocument,
    "\n  query ProjectList {\n    projects(first: 1000, orderBy: [{ field: NAME }]) { edges { node { id name } } }\n  }\n": typeof types.ProjectListDocument,
    "\n  query ProjectColumnOptions($id: ID!) {\n    project(id: $id) {\n      id\n      hyperParameters(pageSize: 500) { total parameters { section name } }\n      metricVariants { metric variant }\n    }\n  }\n": typeof types.ProjectColumnOptionsDocument,
    "\n  query ProjectTags($id: ID!) {\n    project(id: $id) { id taskTags { tags } }\n  }\n": typeof types.ProjectTagsDocument,
    "\n  query OrganizationTags {\n    organizationTags { tags }\n  }\n": typeof types.OrganizationTagsDocument,
    "\n  fragment TaskOverview on Task {\n    id\n    name\n    type\n    status\n    statusReason\n    statusMessage\n    statusChanged\n    created\n    started\n    completed\n    published\n    lastUpdate\n    lastIteration\n    duration\n    user\n    lastWorker\n    lastWorkerReport\n    tags\n    systemTags\n    parentId\n    parent { id name }\n    queue { id name }\n    project { id name }\n    lastMetrics { metric variant value min max }\n  }\n": typeof types.TaskOverviewFragmentDoc,
    "\n  fragment LogLineFields on LogLine {\n    time\n    timestamp\n    level\n    msg\n    worker\n  }\n": typeof types.LogLineFieldsFragmentDoc,
    "\n  query TaskPage($id: ID!) {\n    task(id: $id) {\n      ...TaskOverview\n      comment\n      hyperParamList { section name value type description }\n      configuration { name type description value }\n      artifacts { key type mode uri contentSize contentType hash timestamp preview }\n      script { repository branch entryPoint workingDir versionNum }\n      outputModel { id name uri }\n      inputModel { id name uri }\n    }\n  }\n": typeof types.TaskPageDocument,
    "\n  query TaskScalarMetrics($id: ID!) {\n    task(id: $id) { id scalarMetrics { metric variants } }\n  }\n": typeof types.TaskScalarMetricsDocument,
    "\n  query TaskLog($id: ID!, $before: String) {\n    task(id: $id) {\n      id\n      log(last: 200, before: $before) {\n        edges { node { ...LogLineFields } }\n        pageInfo { hasPreviousPage startCursor }\n      }\n    }\n  }\n": typeof types.TaskLogDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me { id name role company { id name } }\n  }\n": types.MeDocument,
    "\n  query MetricSeries($taskIds: [ID!]!, $metric: String!, $maxPoints: Int!, $from: Float, $to: Float) {\n    compareScalars(taskIds: $taskIds, metrics: [{ metric: $metric }], maxPoints: $maxPoints, from: $from, to: $to) {\n      taskId\n      taskName\n      metric\n      variant\n      bucketWidth\n      buckets { x min max mean last count }\n    }\n  }\n": types.MetricSeriesDocument,
    "\n  mutation EnqueueTaskAction($input: EnqueueTaskInput!) {\n    enqueueTask(input: $input) {\n      __typename\n      ... on MutationEnqueueTaskSuccess { data { id status statusMessage lastUpdate } }\n      ... on Error { code message }\n    }\n  }\n": types.EnqueueTaskActionDocument,
    "\n  mutation StopTaskAction($input: TaskStatusChangeInput!) {\n    stopTask(input: $input) {\n      __typename\n      ... on MutationStopTaskSuccess { data { id status statusMessage lastUpdate } }\n      ... on Error { code message }\n    }\n  }\n": types.StopTaskActionDocument,
    "\n  mutation ResetTaskAction($input: ResetTaskInput!) {\n    resetTask(input: $input) {\n      __typename\n      ... on MutationResetTaskSuccess { data { id status statusMessage lastUpdate } }\n      ... on Error { code message }\n    }\n  }\n": types.ResetTaskActionDocument,
    "\n  mutation PublishTaskAction($input: PublishTaskInput!) {\n    publishTask(input: $input) {\n      __typename\n      ... on MutationPublishTaskSuccess { data { id status statusMessage lastUpdate } }\n      ... on Error { code message }\n    }\n  }\n": types.PublishTaskActionDocument,
    "\n  mutation DeleteTaskAction($input: DeleteTaskInput!) {\n    deleteTask(input: $input) {\n      __typename\n      ... on MutationDeleteTaskSuccess { data { deleted } }\n      ... on Error { code message }\n    }\n  }\n": types.DeleteTaskActionDocument,
    "\n  subscription TaskChanged($filter: TaskFilter, $withParams: Boolean!, $withMetrics: Boolean!) {\n    taskChanged(filter: $filter) {\n      kind\n      id\n      task { ...TaskRow }\n    }\n  }\n": types.TaskChangedDocument,
    "\n  subscription TaskPageChanged($filter: TaskFilter) {\n    taskChanged(filter: $filter) {\n      kind\n      id\n      task { ...TaskOverview }\n    }\n  }\n": types.TaskPageChangedDocument,
    "\n  subscription TaskLogTail($task: ID!) {\n    taskLog(task: $task) {\n      task\n      lines { ...LogLineFields }\n    }\n  }\n": types.TaskLogTailDocument,
    "\n  subscription ScalarTail($task: ID!, $metrics: [String!]) {\n    scalarAppended(task: $task, metrics: $metrics) {\n      task\n      points { metric variant iteration value timestamp }\n    }\n  }\n": types.ScalarTailDocument,
    "\n  query CompareTasks($ids: [ID!]!) {\n    tasks(filter: { ids: $ids }, first: 100) {\n      edges {\n        node {\n          id\n          name\n          status\n          hyperParamList { section name value }\n          lastMetrics { metric variant value min max }\n          scalarMetrics { metric variants }\n        }\n      }\n    }\n  }\n": types.CompareTasksDocument,
    "\n  fragment TaskRow on Task {\n    id\n    name\n    type\n    status\n    statusMessage\n    created\n    started\n    lastUpdate\n    lastIteration\n    duration\n    tags\n    project { id name }\n    hyperparams @include(if: $withParams)\n    lastMetrics @include(if: $withMetrics) { metric variant value min max }\n  }\n": types.TaskRowFragmentDoc,
    "\n  query TaskTable(\n    $filter: TaskFilter\n    $orderBy: [TaskOrder!]\n    $first: Int!\n    $after: String\n    $withParams: Boolean!\n    $withMetrics: Boolean!\n  ) {\n    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      edges { node { ...TaskRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.TaskTableDocument,
    "\n  query TaskCount($filter: TaskFilter) {\n    tasks(filter: $filter, first: 1) { totalCount }\n  }\n": types.TaskCountDocument,
    "\n  query ProjectList {\n    projects(first: 1000, orderBy: [{ field: NAME }]) { edges { node { id name } } }\n  }\n": types.ProjectListDocument,
    "\n  query ProjectColumnOptions($id: ID!) {\n    project(id: $id) {\n      id\n      hyperParameters(pageSize: 500) { total parameters { section name } }\n      metricVariants { metric variant }\n    }\n  }\n": types.ProjectColumnOptionsDocument,
    "\n  query ProjectTags($id: ID!) {\n    project(id: $id) { id taskTags { tags } }\n  }\n": types.ProjectTagsDocument,
    "\n  query OrganizationTags {\n    organizationTags { tags }\n  }\n": types.OrganizationTagsDocument,
    "\n  fragment TaskOverview on Task {\n    id\n    name\n    type\n    status\n    statusReason\n    statusMessage\n    statusChanged\n    created\n    started\n    completed\n    published\n    lastUpdate\n    lastIteration\n    duration\n    user\n    lastWorker\n    lastWorkerReport\n    tags\n    systemTags\n    parentId\n    parent { id name }\n    queue { id name }\n    project { id name }\n    lastMetrics { metric variant value min max }\n  }\n": types.TaskOverviewFragmentDoc,
    "\n  fragment LogLineFields on LogLine {\n    time\n    timestamp\n    level\n    msg\n    worker\n  }\n": types.LogLineFieldsFragmentDoc,
    "\n  query TaskPage($id: ID!) {\n    task(id: $id) {\n      ...TaskOverview\n      comment\n      hyperParamList { section name value type description }\n      configuration { name type description value }\n      artifacts { key type mode uri contentSize contentType hash timestamp preview }\n      script { repository branch entryPoint workingDir versionNum }\n      outputModel { id name uri }\n      inputModel { id name uri }\n    }\n  }\n": types.TaskPageDocument,
    "\n  query TaskScalarMetrics($id: ID!) {\n    task(id: $id) { id scalarMetrics { metric variants } }\n  }\n": types.TaskScalarMetricsDocument,
    "\n  query TaskLog($id: ID!, $before: String) {\n    task(id: $id) {\n      id\n      log(last: 200, before: $before) {\n        edges { node { ...LogLineFields } }\n        pageInfo { hasPreviousPage startCursor }\n      }\n    }\n  }\n": types.TaskLogDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me { id name role company { id name } }\n  }\n"): typeof import('./graphql.js').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MetricSeries($taskIds: [ID!]!, $metric: String!, $maxPoints: Int!, $from: Float, $to: Float) {\n    compareScalars(taskIds: $taskIds, metrics: [{ metric: $metric }], maxPoints: $maxPoints, from: $from, to: $to) {\n      taskId\n      taskName\n      metric\n      variant\n      bucketWidth\n      buckets { x min max mean last count }\n    }\n  }\n"): typeof import('./graphql.js').MetricSeriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnqueueTaskAction($input: EnqueueTaskInput!) {\n    enqueueTask(input: $input) {\n      __typename\n      ... on MutationEnqueueTaskSuccess { data { id status statusMessage lastUpdate } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').EnqueueTaskActionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StopTaskAction($input: TaskStatusChangeInput!) {\n    stopTask(input: $input) {\n      __typename\n      ... on MutationStopTaskSuccess { data { id status statusMessage lastUpdate } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').StopTaskActionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetTaskAction($input: ResetTaskInput!) {\n    resetTask(input: $input) {\n      __typename\n      ... on MutationResetTaskSuccess { data { id status statusMessage lastUpdate } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').ResetTaskActionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishTaskAction($input: PublishTaskInput!) {\n    publishTask(input: $input) {\n      __typename\n      ... on MutationPublishTaskSuccess { data { id status statusMessage lastUpdate } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').PublishTaskActionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTaskAction($input: DeleteTaskInput!) {\n    deleteTask(input: $input) {\n      __typename\n      ... on MutationDeleteTaskSuccess { data { deleted } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').DeleteTaskActionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TaskChanged($filter: TaskFilter, $withParams: Boolean!, $withMetrics: Boolean!) {\n    taskChanged(filter: $filter) {\n      kind\n      id\n      task { ...TaskRow }\n    }\n  }\n"): typeof import('./graphql.js').TaskChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TaskPageChanged($filter: TaskFilter) {\n    taskChanged(filter: $filter) {\n      kind\n      id\n      task { ...TaskOverview }\n    }\n  }\n"): typeof import('./graphql.js').TaskPageChangedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TaskLogTail($task: ID!) {\n    taskLog(task: $task) {\n      task\n      lines { ...LogLineFields }\n    }\n  }\n"): typeof import('./graphql.js').TaskLogTailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ScalarTail($task: ID!, $metrics: [String!]) {\n    scalarAppended(task: $task, metrics: $metrics) {\n      task\n      points { metric variant iteration value timestamp }\n    }\n  }\n"): typeof import('./graphql.js').ScalarTailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompareTasks($ids: [ID!]!) {\n    tasks(filter: { ids: $ids }, first: 100) {\n      edges {\n        node {\n          id\n          name\n          status\n          hyperParamList { section name value }\n          lastMetrics { metric variant value min max }\n          scalarMetrics { metric variants }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').CompareTasksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TaskRow on Task {\n    id\n    name\n    type\n    status\n    statusMessage\n    created\n    started\n    lastUpdate\n    lastIteration\n    duration\n    tags\n    project { id name }\n    hyperparams @include(if: $withParams)\n    lastMetrics @include(if: $withMetrics) { metric variant value min max }\n  }\n"): typeof import('./graphql.js').TaskRowFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskTable(\n    $filter: TaskFilter\n    $orderBy: [TaskOrder!]\n    $first: Int!\n    $after: String\n    $withParams: Boolean!\n    $withMetrics: Boolean!\n  ) {\n    tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      edges { node { ...TaskRow } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): typeof import('./graphql.js').TaskTableDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskCount($filter: TaskFilter) {\n    tasks(filter: $filter, first: 1) { totalCount }\n  }\n"): typeof import('./graphql.js').TaskCountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectList {\n    projects(first: 1000, orderBy: [{ field: NAME }]) { edges { node { id name } } }\n  }\n"): typeof import('./graphql.js').ProjectListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectColumnOptions($id: ID!) {\n    project(id: $id) {\n      id\n      hyperParameters(pageSize: 500) { total parameters { section name } }\n      metricVariants { metric variant }\n    }\n  }\n"): typeof import('./graphql.js').ProjectColumnOptionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProjectTags($id: ID!) {\n    project(id: $id) { id taskTags { tags } }\n  }\n"): typeof import('./graphql.js').ProjectTagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrganizationTags {\n    organizationTags { tags }\n  }\n"): typeof import('./graphql.js').OrganizationTagsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TaskOverview on Task {\n    id\n    name\n    type\n    status\n    statusReason\n    statusMessage\n    statusChanged\n    created\n    started\n    completed\n    published\n    lastUpdate\n    lastIteration\n    duration\n    user\n    lastWorker\n    lastWorkerReport\n    tags\n    systemTags\n    parentId\n    parent { id name }\n    queue { id name }\n    project { id name }\n    lastMetrics { metric variant value min max }\n  }\n"): typeof import('./graphql.js').TaskOverviewFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LogLineFields on LogLine {\n    time\n    timestamp\n    level\n    msg\n    worker\n  }\n"): typeof import('./graphql.js').LogLineFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskPage($id: ID!) {\n    task(id: $id) {\n      ...TaskOverview\n      comment\n      hyperParamList { section name value type description }\n      configuration { name type description value }\n      artifacts { key type mode uri contentSize contentType hash timestamp preview }\n      script { repository branch entryPoint workingDir versionNum }\n      outputModel { id name uri }\n      inputModel { id name uri }\n    }\n  }\n"): typeof import('./graphql.js').TaskPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskScalarMetrics($id: ID!) {\n    task(id: $id) { id scalarMetrics { metric variants } }\n  }\n"): typeof import('./graphql.js').TaskScalarMetricsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TaskLog($id: ID!, $before: String) {\n    task(id: $id) {\n      id\n      log(last: 200, before: $before) {\n        edges { node { ...LogLineFields } }\n        pageInfo { hasPreviousPage startCursor }\n      }\n    }\n  }\n"): typeof import('./graphql.js').TaskLogDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
