/* eslint-disable */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar. */
  DateTime: { input: string; output: string; }
  /** The `JSON` scalar type represents JSON values as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSON: { input: unknown; output: unknown; }
  /** The `JSONObject` scalar type represents JSON objects as specified by [ECMA-404](http://www.ecma-international.org/publications/files/ECMA-ST/ECMA-404.pdf). */
  JSONObject: { input: Record<string, unknown>; output: Record<string, unknown>; }
};

/** An access key (its secret is never shown again after creation). */
export type AccessKey = {
  __typename?: 'AccessKey';
  accessKey: Scalars['String']['output'];
  created: Scalars['DateTime']['output'];
  lastUsed?: Maybe<Scalars['DateTime']['output']>;
  userId: Scalars['ID']['output'];
};

/** A batch of events in the legacy event shape (see the events.add_batch documentation). */
export type AddEventsInput = {
  /** Also write to publishing/published tasks (default false) */
  allowLocked?: InputMaybe<Scalars['Boolean']['input']>;
  /** Events as JSON objects: `type` (training_stats_scalar, training_stats_vector, training_debug_image, plot, log), `task`, optional `timestamp` (epoch ms), `iter`, `metric`, `variant`, and per type `value`, `values`, `url`, `key`, `plot_str`, `msg`, `level`; other members are stored as sent. */
  events: Array<Scalars['JSONObject']['input']>;
  /** Default `worker` of events that have none (default `<unknown>`) */
  worker?: InputMaybe<Scalars['String']['input']>;
};

export type AddEventsPayload = {
  __typename?: 'AddEventsPayload';
  /** Events stored (events with the same identity overwrite each other) */
  added: Scalars['Int']['output'];
  /** Events refused */
  errors: Scalars['Int']['output'];
  errorsInfo: Array<EventRejection>;
};

export type AddOrUpdateArtifactsPayload = {
  __typename?: 'AddOrUpdateArtifactsPayload';
  /** Keys of appended artifacts */
  added: Array<Scalars['String']['output']>;
  /** Keys of replaced artifacts */
  updated: Array<Scalars['String']['output']>;
};

export type AddOrUpdateTaskArtifactsInput = {
  artifacts: Array<ArtifactInput>;
  taskId: Scalars['ID']['input'];
};

export type Artifact = {
  __typename?: 'Artifact';
  /** Size in bytes */
  contentSize?: Maybe<Scalars['Float']['output']>;
  contentType?: Maybe<Scalars['String']['output']>;
  dataHash?: Maybe<Scalars['String']['output']>;
  displayData?: Maybe<Scalars['JSON']['output']>;
  hash?: Maybe<Scalars['String']['output']>;
  key: Scalars['String']['output'];
  mode: ArtifactModeInput;
  preview?: Maybe<Scalars['String']['output']>;
  /** Epoch time as the client sent it (the SDK sends seconds) */
  timestamp?: Maybe<Scalars['Float']['output']>;
  type: Scalars['String']['output'];
  uri?: Maybe<Scalars['String']['output']>;
};

export type ArtifactInput = {
  contentSize?: InputMaybe<Scalars['Float']['input']>;
  contentType?: InputMaybe<Scalars['String']['input']>;
  dataHash?: InputMaybe<Scalars['String']['input']>;
  displayData?: InputMaybe<Scalars['JSON']['input']>;
  hash?: InputMaybe<Scalars['String']['input']>;
  key: Scalars['String']['input'];
  mode?: InputMaybe<ArtifactModeInput>;
  preview?: InputMaybe<Scalars['String']['input']>;
  timestamp?: InputMaybe<Scalars['Float']['input']>;
  type: Scalars['String']['input'];
  uri?: InputMaybe<Scalars['String']['input']>;
};

export type ArtifactMode =
  | 'input'
  | 'output';

export type ArtifactModeInput =
  | 'INPUT'
  | 'OUTPUT';

export type CloneTaskInput = {
  comment?: InputMaybe<Scalars['String']['input']>;
  configuration?: InputMaybe<Array<ConfigurationItemInput>>;
  /** Deep-merged into the copied execution */
  executionOverrides?: InputMaybe<ExecutionInput>;
  hyperparams?: InputMaybe<Array<HyperParamInput>>;
  name?: InputMaybe<Scalars['String']['input']>;
  parentId?: InputMaybe<Scalars['ID']['input']>;
  projectId?: InputMaybe<Scalars['ID']['input']>;
  systemTags?: InputMaybe<Array<Scalars['String']['input']>>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  taskId: Scalars['ID']['input'];
  validateReferences?: InputMaybe<Scalars['Boolean']['input']>;
};

export type Company = {
  __typename?: 'Company';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

export type ConfigurationItem = {
  __typename?: 'ConfigurationItem';
  description?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  type?: Maybe<Scalars['String']['output']>;
  value: Scalars['String']['output'];
};

export type ConfigurationItemInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  type?: InputMaybe<Scalars['String']['input']>;
  value: Scalars['String']['input'];
};

export type CreateModelInput = {
  comment?: InputMaybe<Scalars['String']['input']>;
  design?: InputMaybe<Scalars['JSONObject']['input']>;
  framework?: InputMaybe<Scalars['String']['input']>;
  /** Label name → unique integer id */
  labels?: InputMaybe<Scalars['JSONObject']['input']>;
  /** At least 3 characters (trimmed) */
  name: Scalars['String']['input'];
  parentId?: InputMaybe<Scalars['ID']['input']>;
  projectId?: InputMaybe<Scalars['ID']['input']>;
  /** Create a public model (readable by everyone, writable by no one) */
  public?: InputMaybe<Scalars['Boolean']['input']>;
  /** Default true */
  ready?: InputMaybe<Scalars['Boolean']['input']>;
  systemTags?: InputMaybe<Array<Scalars['String']['input']>>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** The creating task */
  taskId?: InputMaybe<Scalars['ID']['input']>;
  uiCache?: InputMaybe<Scalars['JSONObject']['input']>;
  uri: Scalars['String']['input'];
};

export type CreateProjectInput = {
  defaultOutputDestination?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  /** Trimmed; at least 3 characters; unique in your company */
  name: Scalars['String']['input'];
  systemTags?: InputMaybe<Array<Scalars['String']['input']>>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type CreateQueueInput = {
  /** Trimmed; at least 3 characters; unique in your company */
  name: Scalars['String']['input'];
  systemTags?: InputMaybe<Array<Scalars['String']['input']>>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type CreateTaskInput = {
  comment?: InputMaybe<Scalars['String']['input']>;
  configuration?: InputMaybe<Array<ConfigurationItemInput>>;
  execution?: InputMaybe<ExecutionInput>;
  hyperparams?: InputMaybe<Array<HyperParamInput>>;
  name: Scalars['String']['input'];
  outputDestination?: InputMaybe<Scalars['String']['input']>;
  parentId?: InputMaybe<Scalars['ID']['input']>;
  projectId?: InputMaybe<Scalars['ID']['input']>;
  script?: InputMaybe<ScriptInput>;
  systemTags?: InputMaybe<Array<Scalars['String']['input']>>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  type: TaskType;
};

/** The caller: its user record, company and role. */
export type CurrentUser = {
  __typename?: 'CurrentUser';
  company: Company;
  familyName?: Maybe<Scalars['String']['output']>;
  givenName?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** Stored UI preferences */
  preferences: Scalars['JSONObject']['output'];
  /** Role of the credentials in use */
  role: Scalars['String']['output'];
};

export type DateRange = {
  /** Strictly after */
  after?: InputMaybe<Scalars['DateTime']['input']>;
  /** Strictly before */
  before?: InputMaybe<Scalars['DateTime']['input']>;
  /** At or after */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** At or before */
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

/** One debug image (or media) event. */
export type DebugImage = {
  __typename?: 'DebugImage';
  /** The event as reported */
  event: Scalars['JSONObject']['output'];
  iter: Scalars['Int']['output'];
  metric: Scalars['String']['output'];
  /** Event time in epoch milliseconds */
  timestamp: Scalars['Float']['output'];
  url: Scalars['String']['output'];
  variant: Scalars['String']['output'];
};

export type DebugImageIteration = {
  __typename?: 'DebugImageIteration';
  images: Array<DebugImage>;
  iter: Scalars['Int']['output'];
};

/** Iterations of debug images, newest first. */
export type DebugImagePage = {
  __typename?: 'DebugImagePage';
  /** Whether earlier iterations exist */
  hasMore: Scalars['Boolean']['output'];
  iterations: Array<DebugImageIteration>;
  /** Pass as `before` for the next (earlier) page; null on the last page */
  nextBefore?: Maybe<Scalars['Int']['output']>;
};

export type DeleteModelInput = {
  /** Also delete a model used as input model or created by a published task */
  force?: InputMaybe<Scalars['Boolean']['input']>;
  modelId: Scalars['ID']['input'];
};

export type DeleteModelPayload = {
  __typename?: 'DeleteModelPayload';
  deleted: Scalars['Boolean']['output'];
};

export type DeleteProjectInput = {
  /** Delete even with non-archived tasks or models (they keep existing) */
  force?: InputMaybe<Scalars['Boolean']['input']>;
  projectId: Scalars['ID']['input'];
};

export type DeleteProjectPayload = {
  __typename?: 'DeleteProjectPayload';
  deleted: Scalars['Boolean']['output'];
  /** Non-archived models that were detached from the project */
  disassociatedModels: Scalars['Int']['output'];
};

export type DeleteQueueInput = {
  /** Delete even when tasks are waiting (they stay queued) */
  force?: InputMaybe<Scalars['Boolean']['input']>;
  queueId: Scalars['ID']['input'];
};

export type DeleteTaskConfigurationInput = {
  names: Array<Scalars['String']['input']>;
  taskId: Scalars['ID']['input'];
};

export type DeleteTaskEventsInput = {
  /** Also delete the events of a publishing/published task */
  allowLocked?: InputMaybe<Scalars['Boolean']['input']>;
  taskId: Scalars['ID']['input'];
};

export type DeleteTaskEventsPayload = {
  __typename?: 'DeleteTaskEventsPayload';
  /** Number of events removed */
  deleted: Scalars['Int']['output'];
};

export type DeleteTaskHyperParamsInput = {
  items: Array<HyperParamKeyInput>;
  taskId: Scalars['ID']['input'];
};

export type DeleteTaskInput = {
  /** Delete a task that is not CREATED */
  force?: InputMaybe<Scalars['Boolean']['input']>;
  taskId: Scalars['ID']['input'];
};

export type DeleteTaskPayload = {
  __typename?: 'DeleteTaskPayload';
  deleted: Scalars['Boolean']['output'];
  /** Draft models of the task that were removed */
  deletedModels: Scalars['Int']['output'];
  /** Children whose parent became __DELETED__<id> */
  updatedChildren: Scalars['Int']['output'];
  updatedModels: Scalars['Int']['output'];
};

export type EditModelInput = {
  comment?: InputMaybe<Scalars['String']['input']>;
  design?: InputMaybe<Scalars['JSONObject']['input']>;
  framework?: InputMaybe<Scalars['String']['input']>;
  /** Raises the task's lastIteration to at least this value */
  iteration?: InputMaybe<Scalars['Int']['input']>;
  labels?: InputMaybe<Scalars['JSONObject']['input']>;
  modelId: Scalars['ID']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
  parentId?: InputMaybe<Scalars['ID']['input']>;
  projectId?: InputMaybe<Scalars['ID']['input']>;
  /** false un-publishes the model */
  ready?: InputMaybe<Scalars['Boolean']['input']>;
  systemTags?: InputMaybe<Array<Scalars['String']['input']>>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  taskId?: InputMaybe<Scalars['ID']['input']>;
  /** A new uri also clears uiCache */
  uri?: InputMaybe<Scalars['String']['input']>;
};

export type EditTaskConfigurationInput = {
  items: Array<ConfigurationItemInput>;
  /** Replace the whole configuration */
  replace?: InputMaybe<Scalars['Boolean']['input']>;
  taskId: Scalars['ID']['input'];
};

export type EditTaskHyperParamsInput = {
  items: Array<HyperParamInput>;
  /** What the given items replace */
  replace?: InputMaybe<HyperParamReplaceMode>;
  taskId: Scalars['ID']['input'];
};

export type EditTaskInput = {
  comment?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the whole configuration */
  configuration?: InputMaybe<Array<ConfigurationItemInput>>;
  /** Given members replace stored ones */
  execution?: InputMaybe<ExecutionInput>;
  /** Edit a task that is not in status CREATED */
  force?: InputMaybe<Scalars['Boolean']['input']>;
  /** Replaces all hyper-parameters */
  hyperparams?: InputMaybe<Array<HyperParamInput>>;
  name?: InputMaybe<Scalars['String']['input']>;
  outputDestination?: InputMaybe<Scalars['String']['input']>;
  parentId?: InputMaybe<Scalars['ID']['input']>;
  projectId?: InputMaybe<Scalars['ID']['input']>;
  /** Given members replace stored ones */
  script?: InputMaybe<ScriptInput>;
  systemTags?: InputMaybe<Array<Scalars['String']['input']>>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  taskId: Scalars['ID']['input'];
  type?: InputMaybe<TaskType>;
};

export type EnqueueTaskInput = {
  expectedStatus?: InputMaybe<TaskStatus>;
  /** Defaults to the queue tagged "default" */
  queueId?: InputMaybe<Scalars['ID']['input']>;
  statusMessage?: InputMaybe<Scalars['String']['input']>;
  statusReason?: InputMaybe<Scalars['String']['input']>;
  taskId: Scalars['ID']['input'];
};

/** An expected failure of an operation. */
export type Error = {
  code: ErrorCode;
  message: Scalars['String']['output'];
};

/** Stable machine-readable error codes, shared with the legacy API mapping. */
export type ErrorCode =
  /** No access key with this id that the caller may manage */
  | 'ACCESS_KEY_NOT_FOUND'
  /** An object with these values already exists */
  | 'ALREADY_EXISTS'
  /** Someone changed the object concurrently */
  | 'CONCURRENT_UPDATE'
  /** Arguments contradict each other */
  | 'CONFLICTING_FIELDS'
  /** The resulting object would be invalid */
  | 'DATA_VALIDATION'
  /** The batch contains no items */
  | 'EMPTY_BATCH'
  /** No event of the batch was accepted */
  | 'EVENTS_NOT_ADDED'
  /** A field value is not acceptable */
  | 'INVALID_FIELD_VALUE'
  /** An argument is invalid */
  | 'INVALID_INPUT'
  /** A regular expression is malformed */
  | 'INVALID_REGEX'
  /** The scroll id is unknown or expired */
  | 'INVALID_SCROLL_ID'
  /** The task status does not allow this action */
  | 'INVALID_TASK_STATUS'
  /** The caller has no user record */
  | 'INVALID_USER'
  /** A required argument is missing */
  | 'MISSING_FIELD'
  /** The model is already ready (published) */
  | 'MODEL_ALREADY_READY'
  /** Tasks use the model as their input model (use force) */
  | 'MODEL_IN_USE'
  /** No model with this id is visible to the caller */
  | 'MODEL_NOT_FOUND'
  /** The published task that created the model still exists (use force) */
  | 'MODEL_TASK_PUBLISHED'
  /** More than one queue is tagged as the default queue */
  | 'MULTIPLE_DEFAULT_QUEUES'
  /** The caller role does not allow this action */
  | 'NOT_ALLOWED'
  /** No queue is tagged as the default queue */
  | 'NO_DEFAULT_QUEUE'
  /** No worker statistics were recorded */
  | 'NO_WORKER_STATS'
  /** The parent task is not visible to the caller */
  | 'PARENT_NOT_FOUND'
  /** The project still has non-archived models (delete with force) */
  | 'PROJECT_HAS_MODELS'
  /** The project still has non-archived tasks (delete with force) */
  | 'PROJECT_HAS_TASKS'
  /** No project with this id is visible to the caller */
  | 'PROJECT_NOT_FOUND'
  /** Public objects are read-only */
  | 'PUBLIC_READ_ONLY'
  /** The queue entry was removed while it was being moved */
  | 'QUEUE_ENTRY_MOVED'
  /** The queue still holds tasks (delete with force) */
  | 'QUEUE_NOT_EMPTY'
  /** No queue with this id in the caller company */
  | 'QUEUE_NOT_FOUND'
  /** Live updates were interrupted; query again, then subscribe again */
  | 'RESYNC_REQUIRED'
  /** The navigation state was made for other task metrics */
  | 'SCROLL_STATE_MISMATCH'
  /** The server is shutting down; subscribe again later */
  | 'SHUTTING_DOWN'
  /** Someone changed the task status concurrently */
  | 'STATUS_CONFLICT'
  /** Too many live updates were waiting for the subscriber; query again, then subscribe again */
  | 'SUBSCRIBER_TOO_SLOW'
  /** The task is already in the queue */
  | 'TASK_ALREADY_QUEUED'
  /** The task cannot be deleted or reset without force */
  | 'TASK_CANNOT_BE_DELETED'
  /** The task lacks fields this action needs */
  | 'TASK_MISSING_FIELDS'
  /** No task with this id is visible to the caller */
  | 'TASK_NOT_FOUND'
  /** The task is not in its queue */
  | 'TASK_NOT_IN_QUEUE'
  /** The task is not queued */
  | 'TASK_NOT_QUEUED'
  /** A field name is unknown */
  | 'UNKNOWN_FIELD'
  /** The task is in a status the state machine does not support */
  | 'UNSUPPORTED_STATUS'
  /** No user with this id in the caller company */
  | 'USER_NOT_FOUND'
  /** The worker registration timeout must be positive */
  | 'WORKER_INVALID_TIMEOUT'
  /** No worker with this id is registered by the caller */
  | 'WORKER_NOT_REGISTERED'
  /** The worker could not be registered */
  | 'WORKER_REGISTRATION_FAILED'
  /** The caller has no user record */
  | 'WORKER_USER_NOT_FOUND';

/** How many events of a batch were refused for one reason. */
export type EventRejection = {
  __typename?: 'EventRejection';
  count: Scalars['Int']['output'];
  /** e.g. `Invalid task id`, `Event must have a 'type' field` */
  reason: Scalars['String']['output'];
};

/** No event of the batch was valid; errorsInfo says why. */
export type EventsNotAddedError = Error & {
  __typename?: 'EventsNotAddedError';
  code: ErrorCode;
  errorsInfo: Array<EventRejection>;
  message: Scalars['String']['output'];
};

export type ExecutionInput = {
  /** Replaces the whole artifact list */
  artifacts?: InputMaybe<Array<ArtifactInput>>;
  dockerCmd?: InputMaybe<Scalars['String']['input']>;
  framework?: InputMaybe<Scalars['String']['input']>;
  modelDesc?: InputMaybe<Scalars['JSONObject']['input']>;
  /** Input model id */
  modelId?: InputMaybe<Scalars['ID']['input']>;
  /** label → integer id (unique) */
  modelLabels?: InputMaybe<Scalars['JSONObject']['input']>;
  testSplit?: InputMaybe<Scalars['Int']['input']>;
};

export type FieldPatternFilter = {
  /** Task field paths, e.g. name, comment, script.repository */
  fields: Array<Scalars['String']['input']>;
  /** Case-insensitive regular expression */
  pattern: Scalars['String']['input'];
};

/** One hyper-parameter: values are strings, as clients send them. */
export type HyperParam = {
  __typename?: 'HyperParam';
  description?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  section: Scalars['String']['output'];
  type?: Maybe<Scalars['String']['output']>;
  value: Scalars['String']['output'];
};

export type HyperParamInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  section: Scalars['String']['input'];
  type?: InputMaybe<Scalars['String']['input']>;
  value: Scalars['String']['input'];
};

export type HyperParamKeyInput = {
  /** Omit to delete the whole section */
  name?: InputMaybe<Scalars['String']['input']>;
  section: Scalars['String']['input'];
};

export type HyperParamOrderKey = {
  name: Scalars['String']['input'];
  section: Scalars['String']['input'];
};

export type HyperParamReplaceMode =
  | 'ALL'
  | 'NONE'
  | 'SECTION';

export type HyperParameterKey = {
  __typename?: 'HyperParameterKey';
  name: Scalars['String']['output'];
  section: Scalars['String']['output'];
};

export type HyperParameterKeys = {
  __typename?: 'HyperParameterKeys';
  parameters: Array<HyperParameterKey>;
  /** Pairs after this page */
  remaining: Scalars['Int']['output'];
  /** Distinct (section, name) pairs in all */
  total: Scalars['Int']['output'];
};

export type InvalidStatusTransitionError = Error & {
  __typename?: 'InvalidStatusTransitionError';
  code: ErrorCode;
  /** Current status */
  from: Scalars['String']['output'];
  message: Scalars['String']['output'];
  taskId: Scalars['String']['output'];
  /** Requested status */
  to: Scalars['String']['output'];
};

/** Last reported value of a scalar series, with its running minimum and maximum. */
export type LastMetric = {
  __typename?: 'LastMetric';
  max?: Maybe<Scalars['Float']['output']>;
  metric: Scalars['String']['output'];
  metricHash: Scalars['String']['output'];
  min?: Maybe<Scalars['Float']['output']>;
  value?: Maybe<Scalars['Float']['output']>;
  variant: Scalars['String']['output'];
  variantHash: Scalars['String']['output'];
};

/** One log event of a task. */
export type LogLine = {
  __typename?: 'LogLine';
  /** The whole stored event */
  event: Scalars['JSONObject']['output'];
  level?: Maybe<Scalars['String']['output']>;
  msg?: Maybe<Scalars['String']['output']>;
  time: Scalars['DateTime']['output'];
  /** Epoch milliseconds the client reported */
  timestamp: Scalars['Float']['output'];
  worker?: Maybe<Scalars['String']['output']>;
};

/** The kinds of events a task reports. */
export type MetricEventType =
  | 'DEBUG_IMAGE'
  | 'LOG'
  | 'PLOT'
  | 'SCALAR'
  | 'VECTOR';

export type MetricOrderKey = {
  metric: Scalars['String']['input'];
  value?: InputMaybe<MetricValue>;
  variant: Scalars['String']['input'];
};

export type MetricValue =
  | 'LAST'
  | 'MAX'
  | 'MIN';

export type MetricVariant = {
  __typename?: 'MetricVariant';
  metric: Scalars['String']['output'];
  /** md5 of the metric name (last_metrics key) */
  metricHash: Scalars['String']['output'];
  variant: Scalars['String']['output'];
  variantHash: Scalars['String']['output'];
};

/** A metric (graph) and its variants (series). */
export type MetricVariants = {
  __typename?: 'MetricVariants';
  metric: Scalars['String']['output'];
  variants: Array<Scalars['String']['output']>;
};

/** A trained model: weights at `uri`, the task that created it and its labels. */
export type Model = {
  __typename?: 'Model';
  comment?: Maybe<Scalars['String']['output']>;
  /** Owning company; null for public models */
  company?: Maybe<Scalars['String']['output']>;
  created: Scalars['DateTime']['output'];
  design: Scalars['JSONObject']['output'];
  framework?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  isPublic: Scalars['Boolean']['output'];
  /** Label name → integer id */
  labels: Scalars['JSONObject']['output'];
  lastUpdate: Scalars['DateTime']['output'];
  name: Scalars['String']['output'];
  /** The parent model, when it still exists and is visible */
  parent?: Maybe<Model>;
  /** The model this one was trained from */
  parentId?: Maybe<Scalars['String']['output']>;
  project?: Maybe<Project>;
  /** Published */
  ready: Scalars['Boolean']['output'];
  systemTags: Array<Scalars['String']['output']>;
  tags: Array<Scalars['String']['output']>;
  /** The creating task, when it still exists and is visible */
  task?: Maybe<Task>;
  /** The creating task; `__DELETED__<id>` once that task was deleted or reset with force */
  taskId?: Maybe<Scalars['String']['output']>;
  uiCache: Scalars['JSONObject']['output'];
  uri: Scalars['String']['output'];
  /** Id of the user who created the model */
  user: Scalars['String']['output'];
};

export type ModelFilter = {
  /** Case-sensitive regular expression matched anywhere in the comment */
  comment?: InputMaybe<Scalars['String']['input']>;
  frameworks?: InputMaybe<StringListFilter>;
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Case-sensitive regular expression matched anywhere in the name */
  name?: InputMaybe<Scalars['String']['input']>;
  parents?: InputMaybe<StringListFilter>;
  /** Project ids; orEmpty for models without project */
  projects?: InputMaybe<StringListFilter>;
  ready?: InputMaybe<Scalars['Boolean']['input']>;
  /** Words (OR-ed), "quoted phrases" and -excluded words */
  search?: InputMaybe<Scalars['String']['input']>;
  systemTags?: InputMaybe<StringListFilter>;
  tags?: InputMaybe<StringListFilter>;
  /** Creating task ids */
  tasks?: InputMaybe<StringListFilter>;
  uris?: InputMaybe<StringListFilter>;
  users?: InputMaybe<StringListFilter>;
};

/** One sort key; empty values sort last in both directions. */
export type ModelOrder = {
  direction?: InputMaybe<OrderDirection>;
  field: ModelOrderField;
};

export type ModelOrderField =
  | 'COMMENT'
  | 'CREATED'
  | 'FRAMEWORK'
  | 'ID'
  | 'LAST_UPDATE'
  | 'NAME'
  | 'PARENT'
  | 'PROJECT'
  | 'READY'
  /** Relevance to filter.search */
  | 'SEARCH_SCORE'
  | 'TAGS'
  | 'TASK'
  | 'URI'
  | 'USER';

export type MoveQueueEntryInput = {
  /** Positions to move FORWARD/BACKWARD (default 1) */
  count?: InputMaybe<Scalars['Int']['input']>;
  queueId: Scalars['ID']['input'];
  taskId: Scalars['ID']['input'];
  to: QueueMove;
};

export type MovedQueueEntry = {
  __typename?: 'MovedQueueEntry';
  /** The entry's 0-based position after the move */
  position: Scalars['Int']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Reports events of your own tasks. Invalid events are counted in errorsInfo and skipped; when none is valid the result is an EventsNotAddedError (an OperationError with code EMPTY_BATCH for an empty list). */
  addEvents: MutationAddEventsResult;
  addOrUpdateTaskArtifacts: MutationAddOrUpdateTaskArtifactsResult;
  /** Appends a task to a queue without changing the task (use enqueueTask for that). */
  addTaskToQueue: MutationAddTaskToQueueResult;
  cloneTask: MutationCloneTaskResult;
  /** Closes a stopped task (CLOSED). */
  closeTask: MutationCloseTaskResult;
  /** Creates a key pair for you, or (admins) for a user of your company. */
  createAccessKey: MutationCreateAccessKeyResult;
  createModel: MutationCreateModelResult;
  createProject: MutationCreateProjectResult;
  /** Creates a queue of your company. */
  createQueue: MutationCreateQueueResult;
  createTask: MutationCreateTaskResult;
  deleteModel: MutationDeleteModelResult;
  /** Deletes one of your projects; without force non-archived tasks or models block it. */
  deleteProject: MutationDeleteProjectResult;
  /** Deletes a queue; one that still holds tasks needs `force` (QUEUE_NOT_EMPTY). */
  deleteQueue: MutationDeleteQueueResult;
  deleteTask: MutationDeleteTaskResult;
  deleteTaskConfiguration: MutationDeleteTaskConfigurationResult;
  /** Deletes all events of one of your tasks; the task statistics are kept. */
  deleteTaskEvents: MutationDeleteTaskEventsResult;
  deleteTaskHyperParams: MutationDeleteTaskHyperParamsResult;
  /** Takes a queued task off its queue (CREATED). */
  dequeueTask: MutationDequeueTaskResult;
  /** Edits a model of your company (public models cannot be changed). */
  editModel: MutationEditModelResult;
  editTask: MutationEditTaskResult;
  editTaskConfiguration: MutationEditTaskConfigurationResult;
  /** Sets hyper-parameters. Needs a CREATED task, unless every item is in section "properties". */
  editTaskHyperParams: MutationEditTaskHyperParamsResult;
  /** Queues a created task (QUEUED) and appends it to the queue. */
  enqueueTask: MutationEnqueueTaskResult;
  /** Takes back models this company made public. Returns the count. */
  makeModelsPrivate: MutationMakeModelsPrivateResult;
  /** Makes own models readable by every company (and writable by none). Returns the count. */
  makeModelsPublic: MutationMakeModelsPublicResult;
  /** Takes back projects your company made public. */
  makeProjectsPrivate: MutationMakeProjectsPrivateResult;
  /** Makes your projects readable by every company (and writable by none). */
  makeProjectsPublic: MutationMakeProjectsPublicResult;
  /** Takes back tasks this company made public. Returns the count. */
  makeTasksPrivate: MutationMakeTasksPrivateResult;
  /** Makes own tasks readable by every company (and writable by none). Returns the count. */
  makeTasksPublic: MutationMakeTasksPublicResult;
  /** Records that the run completed (COMPLETED). */
  markTaskCompleted: MutationMarkTaskCompletedResult;
  /** Records that the run failed (FAILED). */
  markTaskFailed: MutationMarkTaskFailedResult;
  /** Records that the run stopped (STOPPED). */
  markTaskStopped: MutationMarkTaskStoppedResult;
  /** Repositions the task's entry: to the front or back, or `count` places forward/backward (clamped). */
  moveQueueEntry: MutationMoveQueueEntryResult;
  /** Keep-alive from a running task: bumps lastUpdate (unknown ids are ignored). */
  pingTask: Scalars['Boolean']['output'];
  /** Atomically takes the head entry off the queue (each entry is served once, whatever the concurrency); null when the queue is empty. The task is not changed. */
  popQueue?: Maybe<MutationPopQueueResult>;
  /** Publishes the task (PUBLISHED, final) and by default its output model. */
  publishTask: MutationPublishTaskResult;
  /** (Re)registers a worker of yours, listening on `queueIds`. */
  registerWorker: MutationRegisterWorkerResult;
  /** Removes the task's entries from the queue (the task is not changed); answers how many. */
  removeTaskFromQueue: MutationRemoveTaskFromQueueResult;
  /** Returns the task to CREATED and removes its results. */
  resetTask: MutationResetTaskResult;
  /** Revokes one of your keys (admins: any key of the company); it stops working at once. */
  revokeAccessKey: MutationRevokeAccessKeyResult;
  /** Marks a model ready (published), publishing its creating task first by default. */
  setModelReady: MutationSetModelReadyResult;
  /** Sets each top-level member into your preferences. Keys may not start with '$' or contain '.'. */
  setPreferences: MutationSetPreferencesResult;
  setTaskRequirements: MutationSetTaskRequirementsResult;
  /** Marks the task as running (IN_PROGRESS). */
  startTask: MutationStartTaskResult;
  /** Stops the task now, or asks its worker to stop it (status message "stopping"). */
  stopTask: MutationStopTaskResult;
  /** Removes a worker of yours (WORKER_NOT_REGISTERED when there is none). */
  unregisterWorker: MutationUnregisterWorkerResult;
  /** Changes your own names. */
  updateMe: MutationUpdateMeResult;
  /** Registers the output model of a CREATED or IN_PROGRESS task. */
  updateModelForTask: MutationUpdateModelForTaskResult;
  /** Updates one of your projects; lastUpdate is always set. */
  updateProject: MutationUpdateProjectResult;
  /** Renames or re-tags a queue; only the given members change (lastUpdate does not). */
  updateQueue: MutationUpdateQueueResult;
  /** Updates descriptive fields (any status). */
  updateTask: MutationUpdateTaskResult;
  /** Updates many tasks in one transaction; returns how many were updated. */
  updateTasks: MutationUpdateTasksResult;
  /** Runs every check of createTask without creating anything. */
  validateTask: MutationValidateTaskResult;
  /** A worker's periodic report; registers unknown workers and stamps the task being run. */
  workerStatusReport: MutationWorkerStatusReportResult;
};


export type MutationAddEventsArgs = {
  input: AddEventsInput;
};


export type MutationAddOrUpdateTaskArtifactsArgs = {
  input: AddOrUpdateTaskArtifactsInput;
};


export type MutationAddTaskToQueueArgs = {
  input: QueueTaskInput;
};


export type MutationCloneTaskArgs = {
  input: CloneTaskInput;
};


export type MutationCloseTaskArgs = {
  input: TaskStatusChangeInput;
};


export type MutationCreateAccessKeyArgs = {
  userId?: InputMaybe<Scalars['ID']['input']>;
};


export type MutationCreateModelArgs = {
  input: CreateModelInput;
};


export type MutationCreateProjectArgs = {
  input: CreateProjectInput;
};


export type MutationCreateQueueArgs = {
  input: CreateQueueInput;
};


export type MutationCreateTaskArgs = {
  input: CreateTaskInput;
};


export type MutationDeleteModelArgs = {
  input: DeleteModelInput;
};


export type MutationDeleteProjectArgs = {
  input: DeleteProjectInput;
};


export type MutationDeleteQueueArgs = {
  input: DeleteQueueInput;
};


export type MutationDeleteTaskArgs = {
  input: DeleteTaskInput;
};


export type MutationDeleteTaskConfigurationArgs = {
  input: DeleteTaskConfigurationInput;
};


export type MutationDeleteTaskEventsArgs = {
  input: DeleteTaskEventsInput;
};


export type MutationDeleteTaskHyperParamsArgs = {
  input: DeleteTaskHyperParamsInput;
};


export type MutationDequeueTaskArgs = {
  input: TaskStatusChangeInput;
};


export type MutationEditModelArgs = {
  input: EditModelInput;
};


export type MutationEditTaskArgs = {
  input: EditTaskInput;
};


export type MutationEditTaskConfigurationArgs = {
  input: EditTaskConfigurationInput;
};


export type MutationEditTaskHyperParamsArgs = {
  input: EditTaskHyperParamsInput;
};


export type MutationEnqueueTaskArgs = {
  input: EnqueueTaskInput;
};


export type MutationMakeModelsPrivateArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type MutationMakeModelsPublicArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type MutationMakeProjectsPrivateArgs = {
  input: ProjectIdsInput;
};


export type MutationMakeProjectsPublicArgs = {
  input: ProjectIdsInput;
};


export type MutationMakeTasksPrivateArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type MutationMakeTasksPublicArgs = {
  ids: Array<Scalars['ID']['input']>;
};


export type MutationMarkTaskCompletedArgs = {
  input: TaskStatusChangeInput;
};


export type MutationMarkTaskFailedArgs = {
  input: TaskStatusChangeInput;
};


export type MutationMarkTaskStoppedArgs = {
  input: TaskStatusChangeInput;
};


export type MutationMoveQueueEntryArgs = {
  input: MoveQueueEntryInput;
};


export type MutationPingTaskArgs = {
  taskId: Scalars['ID']['input'];
};


export type MutationPopQueueArgs = {
  input: PopQueueInput;
};


export type MutationPublishTaskArgs = {
  input: PublishTaskInput;
};


export type MutationRegisterWorkerArgs = {
  input: RegisterWorkerInput;
};


export type MutationRemoveTaskFromQueueArgs = {
  input: QueueTaskInput;
};


export type MutationResetTaskArgs = {
  input: ResetTaskInput;
};


export type MutationRevokeAccessKeyArgs = {
  accessKey: Scalars['String']['input'];
};


export type MutationSetModelReadyArgs = {
  input: SetModelReadyInput;
};


export type MutationSetPreferencesArgs = {
  input: SetPreferencesInput;
};


export type MutationSetTaskRequirementsArgs = {
  input: SetTaskRequirementsInput;
};


export type MutationStartTaskArgs = {
  input: TaskStatusChangeInput;
};


export type MutationStopTaskArgs = {
  input: TaskStatusChangeInput;
};


export type MutationUnregisterWorkerArgs = {
  input: UnregisterWorkerInput;
};


export type MutationUpdateMeArgs = {
  input: UpdateMeInput;
};


export type MutationUpdateModelForTaskArgs = {
  input: UpdateModelForTaskInput;
};


export type MutationUpdateProjectArgs = {
  input: UpdateProjectInput;
};


export type MutationUpdateQueueArgs = {
  input: UpdateQueueInput;
};


export type MutationUpdateTaskArgs = {
  input: UpdateTaskInput;
};


export type MutationUpdateTasksArgs = {
  input: Array<UpdateTaskInput>;
};


export type MutationValidateTaskArgs = {
  input: CreateTaskInput;
};


export type MutationWorkerStatusReportArgs = {
  input: WorkerStatusReportInput;
};

export type MutationAddEventsResult = EventsNotAddedError | MutationAddEventsSuccess | OperationError | ValidationError;

export type MutationAddEventsSuccess = {
  __typename?: 'MutationAddEventsSuccess';
  data: AddEventsPayload;
};

export type MutationAddOrUpdateTaskArtifactsResult = InvalidStatusTransitionError | MutationAddOrUpdateTaskArtifactsSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationAddOrUpdateTaskArtifactsSuccess = {
  __typename?: 'MutationAddOrUpdateTaskArtifactsSuccess';
  data: AddOrUpdateArtifactsPayload;
};

export type MutationAddTaskToQueueResult = MutationAddTaskToQueueSuccess | NotFoundError | OperationError | ValidationError;

export type MutationAddTaskToQueueSuccess = {
  __typename?: 'MutationAddTaskToQueueSuccess';
  data: Queue;
};

export type MutationCloneTaskResult = InvalidStatusTransitionError | MutationCloneTaskSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationCloneTaskSuccess = {
  __typename?: 'MutationCloneTaskSuccess';
  data: Task;
};

export type MutationCloseTaskResult = InvalidStatusTransitionError | MutationCloseTaskSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationCloseTaskSuccess = {
  __typename?: 'MutationCloseTaskSuccess';
  data: Task;
};

export type MutationCreateAccessKeyResult = MutationCreateAccessKeySuccess | OperationError | ValidationError;

export type MutationCreateAccessKeySuccess = {
  __typename?: 'MutationCreateAccessKeySuccess';
  data: NewAccessKey;
};

export type MutationCreateModelResult = InvalidStatusTransitionError | MutationCreateModelSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationCreateModelSuccess = {
  __typename?: 'MutationCreateModelSuccess';
  data: Model;
};

export type MutationCreateProjectResult = MutationCreateProjectSuccess | NotFoundError | OperationError | PublicReadOnlyError | ValidationError;

export type MutationCreateProjectSuccess = {
  __typename?: 'MutationCreateProjectSuccess';
  data: Project;
};

export type MutationCreateQueueResult = MutationCreateQueueSuccess | NotFoundError | OperationError | ValidationError;

export type MutationCreateQueueSuccess = {
  __typename?: 'MutationCreateQueueSuccess';
  data: Queue;
};

export type MutationCreateTaskResult = InvalidStatusTransitionError | MutationCreateTaskSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationCreateTaskSuccess = {
  __typename?: 'MutationCreateTaskSuccess';
  data: Task;
};

export type MutationDeleteModelResult = InvalidStatusTransitionError | MutationDeleteModelSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationDeleteModelSuccess = {
  __typename?: 'MutationDeleteModelSuccess';
  data: DeleteModelPayload;
};

export type MutationDeleteProjectResult = MutationDeleteProjectSuccess | NotFoundError | OperationError | PublicReadOnlyError | ValidationError;

export type MutationDeleteProjectSuccess = {
  __typename?: 'MutationDeleteProjectSuccess';
  data: DeleteProjectPayload;
};

export type MutationDeleteQueueResult = MutationDeleteQueueSuccess | NotFoundError | OperationError | ValidationError;

export type MutationDeleteQueueSuccess = {
  __typename?: 'MutationDeleteQueueSuccess';
  data: Scalars['Boolean']['output'];
};

export type MutationDeleteTaskConfigurationResult = InvalidStatusTransitionError | MutationDeleteTaskConfigurationSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationDeleteTaskConfigurationSuccess = {
  __typename?: 'MutationDeleteTaskConfigurationSuccess';
  data: Task;
};

export type MutationDeleteTaskEventsResult = MutationDeleteTaskEventsSuccess | NotFoundError | OperationError | PublicReadOnlyError | ValidationError;

export type MutationDeleteTaskEventsSuccess = {
  __typename?: 'MutationDeleteTaskEventsSuccess';
  data: DeleteTaskEventsPayload;
};

export type MutationDeleteTaskHyperParamsResult = InvalidStatusTransitionError | MutationDeleteTaskHyperParamsSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationDeleteTaskHyperParamsSuccess = {
  __typename?: 'MutationDeleteTaskHyperParamsSuccess';
  data: Task;
};

export type MutationDeleteTaskResult = InvalidStatusTransitionError | MutationDeleteTaskSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationDeleteTaskSuccess = {
  __typename?: 'MutationDeleteTaskSuccess';
  data: DeleteTaskPayload;
};

export type MutationDequeueTaskResult = InvalidStatusTransitionError | MutationDequeueTaskSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationDequeueTaskSuccess = {
  __typename?: 'MutationDequeueTaskSuccess';
  data: Task;
};

export type MutationEditModelResult = InvalidStatusTransitionError | MutationEditModelSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationEditModelSuccess = {
  __typename?: 'MutationEditModelSuccess';
  data: Model;
};

export type MutationEditTaskConfigurationResult = InvalidStatusTransitionError | MutationEditTaskConfigurationSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationEditTaskConfigurationSuccess = {
  __typename?: 'MutationEditTaskConfigurationSuccess';
  data: Task;
};

export type MutationEditTaskHyperParamsResult = InvalidStatusTransitionError | MutationEditTaskHyperParamsSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationEditTaskHyperParamsSuccess = {
  __typename?: 'MutationEditTaskHyperParamsSuccess';
  data: Task;
};

export type MutationEditTaskResult = InvalidStatusTransitionError | MutationEditTaskSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationEditTaskSuccess = {
  __typename?: 'MutationEditTaskSuccess';
  data: Task;
};

export type MutationEnqueueTaskResult = InvalidStatusTransitionError | MutationEnqueueTaskSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationEnqueueTaskSuccess = {
  __typename?: 'MutationEnqueueTaskSuccess';
  data: Task;
};

export type MutationMakeModelsPrivateResult = InvalidStatusTransitionError | MutationMakeModelsPrivateSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationMakeModelsPrivateSuccess = {
  __typename?: 'MutationMakeModelsPrivateSuccess';
  data: Scalars['Int']['output'];
};

export type MutationMakeModelsPublicResult = InvalidStatusTransitionError | MutationMakeModelsPublicSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationMakeModelsPublicSuccess = {
  __typename?: 'MutationMakeModelsPublicSuccess';
  data: Scalars['Int']['output'];
};

export type MutationMakeProjectsPrivateResult = MutationMakeProjectsPrivateSuccess | NotFoundError | OperationError | PublicReadOnlyError | ValidationError;

export type MutationMakeProjectsPrivateSuccess = {
  __typename?: 'MutationMakeProjectsPrivateSuccess';
  data: UpdatedCountPayload;
};

export type MutationMakeProjectsPublicResult = MutationMakeProjectsPublicSuccess | NotFoundError | OperationError | PublicReadOnlyError | ValidationError;

export type MutationMakeProjectsPublicSuccess = {
  __typename?: 'MutationMakeProjectsPublicSuccess';
  data: UpdatedCountPayload;
};

export type MutationMakeTasksPrivateResult = InvalidStatusTransitionError | MutationMakeTasksPrivateSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationMakeTasksPrivateSuccess = {
  __typename?: 'MutationMakeTasksPrivateSuccess';
  data: Scalars['Int']['output'];
};

export type MutationMakeTasksPublicResult = InvalidStatusTransitionError | MutationMakeTasksPublicSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationMakeTasksPublicSuccess = {
  __typename?: 'MutationMakeTasksPublicSuccess';
  data: Scalars['Int']['output'];
};

export type MutationMarkTaskCompletedResult = InvalidStatusTransitionError | MutationMarkTaskCompletedSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationMarkTaskCompletedSuccess = {
  __typename?: 'MutationMarkTaskCompletedSuccess';
  data: Task;
};

export type MutationMarkTaskFailedResult = InvalidStatusTransitionError | MutationMarkTaskFailedSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationMarkTaskFailedSuccess = {
  __typename?: 'MutationMarkTaskFailedSuccess';
  data: Task;
};

export type MutationMarkTaskStoppedResult = InvalidStatusTransitionError | MutationMarkTaskStoppedSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationMarkTaskStoppedSuccess = {
  __typename?: 'MutationMarkTaskStoppedSuccess';
  data: Task;
};

export type MutationMoveQueueEntryResult = MutationMoveQueueEntrySuccess | NotFoundError | OperationError | ValidationError;

export type MutationMoveQueueEntrySuccess = {
  __typename?: 'MutationMoveQueueEntrySuccess';
  data: MovedQueueEntry;
};

export type MutationPopQueueResult = MutationPopQueueSuccess | NotFoundError | OperationError | ValidationError;

export type MutationPopQueueSuccess = {
  __typename?: 'MutationPopQueueSuccess';
  data: PoppedQueueEntry;
};

export type MutationPublishTaskResult = InvalidStatusTransitionError | MutationPublishTaskSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationPublishTaskSuccess = {
  __typename?: 'MutationPublishTaskSuccess';
  data: Task;
};

export type MutationRegisterWorkerResult = MutationRegisterWorkerSuccess | NotFoundError | OperationError | ValidationError;

export type MutationRegisterWorkerSuccess = {
  __typename?: 'MutationRegisterWorkerSuccess';
  data: Worker;
};

export type MutationRemoveTaskFromQueueResult = MutationRemoveTaskFromQueueSuccess | NotFoundError | OperationError | ValidationError;

export type MutationRemoveTaskFromQueueSuccess = {
  __typename?: 'MutationRemoveTaskFromQueueSuccess';
  data: Scalars['Int']['output'];
};

export type MutationResetTaskResult = InvalidStatusTransitionError | MutationResetTaskSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationResetTaskSuccess = {
  __typename?: 'MutationResetTaskSuccess';
  data: Task;
};

export type MutationRevokeAccessKeyResult = MutationRevokeAccessKeySuccess | OperationError | ValidationError;

export type MutationRevokeAccessKeySuccess = {
  __typename?: 'MutationRevokeAccessKeySuccess';
  data: Scalars['Boolean']['output'];
};

export type MutationSetModelReadyResult = InvalidStatusTransitionError | MutationSetModelReadySuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationSetModelReadySuccess = {
  __typename?: 'MutationSetModelReadySuccess';
  data: SetModelReadyPayload;
};

export type MutationSetPreferencesResult = MutationSetPreferencesSuccess | OperationError | ValidationError;

export type MutationSetPreferencesSuccess = {
  __typename?: 'MutationSetPreferencesSuccess';
  data: SetPreferencesPayload;
};

export type MutationSetTaskRequirementsResult = InvalidStatusTransitionError | MutationSetTaskRequirementsSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationSetTaskRequirementsSuccess = {
  __typename?: 'MutationSetTaskRequirementsSuccess';
  data: Task;
};

export type MutationStartTaskResult = InvalidStatusTransitionError | MutationStartTaskSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationStartTaskSuccess = {
  __typename?: 'MutationStartTaskSuccess';
  data: Task;
};

export type MutationStopTaskResult = InvalidStatusTransitionError | MutationStopTaskSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationStopTaskSuccess = {
  __typename?: 'MutationStopTaskSuccess';
  data: Task;
};

export type MutationUnregisterWorkerResult = MutationUnregisterWorkerSuccess | NotFoundError | OperationError | ValidationError;

export type MutationUnregisterWorkerSuccess = {
  __typename?: 'MutationUnregisterWorkerSuccess';
  data: Scalars['Boolean']['output'];
};

export type MutationUpdateMeResult = MutationUpdateMeSuccess | OperationError | ValidationError;

export type MutationUpdateMeSuccess = {
  __typename?: 'MutationUpdateMeSuccess';
  data: CurrentUser;
};

export type MutationUpdateModelForTaskResult = InvalidStatusTransitionError | MutationUpdateModelForTaskSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationUpdateModelForTaskSuccess = {
  __typename?: 'MutationUpdateModelForTaskSuccess';
  data: UpdateModelForTaskPayload;
};

export type MutationUpdateProjectResult = MutationUpdateProjectSuccess | NotFoundError | OperationError | PublicReadOnlyError | ValidationError;

export type MutationUpdateProjectSuccess = {
  __typename?: 'MutationUpdateProjectSuccess';
  data: Project;
};

export type MutationUpdateQueueResult = MutationUpdateQueueSuccess | NotFoundError | OperationError | ValidationError;

export type MutationUpdateQueueSuccess = {
  __typename?: 'MutationUpdateQueueSuccess';
  data: Queue;
};

export type MutationUpdateTaskResult = InvalidStatusTransitionError | MutationUpdateTaskSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationUpdateTaskSuccess = {
  __typename?: 'MutationUpdateTaskSuccess';
  data: Task;
};

export type MutationUpdateTasksResult = InvalidStatusTransitionError | MutationUpdateTasksSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationUpdateTasksSuccess = {
  __typename?: 'MutationUpdateTasksSuccess';
  data: Scalars['Int']['output'];
};

export type MutationValidateTaskResult = InvalidStatusTransitionError | MutationValidateTaskSuccess | NotFoundError | OperationError | PublicReadOnlyError | StatusConflictError | ValidationError;

export type MutationValidateTaskSuccess = {
  __typename?: 'MutationValidateTaskSuccess';
  data: Scalars['Boolean']['output'];
};

export type MutationWorkerStatusReportResult = MutationWorkerStatusReportSuccess | NotFoundError | OperationError | ValidationError;

export type MutationWorkerStatusReportSuccess = {
  __typename?: 'MutationWorkerStatusReportSuccess';
  data: Worker;
};

/** Id and name of a referenced object. */
export type NamedReference = {
  __typename?: 'NamedReference';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

/** A freshly created key pair: store the secret now, it cannot be read back. */
export type NewAccessKey = {
  __typename?: 'NewAccessKey';
  accessKey: Scalars['String']['output'];
  created: Scalars['DateTime']['output'];
  secretKey: Scalars['String']['output'];
  userId: Scalars['ID']['output'];
};

export type NotFoundError = Error & {
  __typename?: 'NotFoundError';
  code: ErrorCode;
  entity: Scalars['String']['output'];
  ids: Array<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

/** Any other expected failure; `code` tells which. */
export type OperationError = Error & {
  __typename?: 'OperationError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type OrderDirection =
  | 'ASC'
  | 'DESC';

export type OutputResult =
  | 'failure'
  | 'success';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type PageInput = {
  /** Zero-based page number */
  page: Scalars['Int']['input'];
  pageSize: Scalars['Int']['input'];
};

export type PopQueueInput = {
  queueId: Scalars['ID']['input'];
};

/** An entry taken off the head of a queue. */
export type PoppedQueueEntry = {
  __typename?: 'PoppedQueueEntry';
  added: Scalars['DateTime']['output'];
  /** The task (still QUEUED: the worker starts it) */
  task?: Maybe<Task>;
  taskId: Scalars['ID']['output'];
};

export type Project = {
  __typename?: 'Project';
  /** Owning company; null when public */
  company?: Maybe<Scalars['String']['output']>;
  created: Scalars['DateTime']['output'];
  defaultOutputDestination?: Maybe<Scalars['String']['output']>;
  description: Scalars['String']['output'];
  /** UI ordering (lower first) */
  featured: Scalars['Int']['output'];
  /** Distinct hyper-parameter keys of your company's tasks in the project, paged */
  hyperParameters: HyperParameterKeys;
  id: Scalars['ID']['output'];
  lastUpdate: Scalars['DateTime']['output'];
  /** Distinct (metric, variant) pairs reported by your company's tasks in the project */
  metricVariants: Array<MetricVariant>;
  /** Tags of your company's models in the project */
  modelTags?: Maybe<TagList>;
  name: Scalars['String']['output'];
  /** Task statistics (own and public tasks); loaded for all projects of a result at once */
  stats: ProjectTaskStats;
  systemTags: Array<Scalars['String']['output']>;
  tags: Array<Scalars['String']['output']>;
  /** Tasks (own and public) in the project */
  taskCount: Scalars['Int']['output'];
  /** Tags of your company's tasks in the project */
  taskTags?: Maybe<TagList>;
  user: Scalars['String']['output'];
};


export type ProjectHyperParametersArgs = {
  page?: InputMaybe<Scalars['Int']['input']>;
  pageSize?: InputMaybe<Scalars['Int']['input']>;
};


export type ProjectModelTagsArgs = {
  filter?: InputMaybe<TagSourceFilter>;
  includeSystem?: InputMaybe<Scalars['Boolean']['input']>;
};


export type ProjectStatsArgs = {
  state?: InputMaybe<ProjectTaskState>;
};


export type ProjectTaskTagsArgs = {
  filter?: InputMaybe<TagSourceFilter>;
  includeSystem?: InputMaybe<Scalars['Boolean']['input']>;
};

export type ProjectConnection = {
  __typename?: 'ProjectConnection';
  edges: Array<ProjectConnectionEdge>;
  pageInfo: PageInfo;
  /** All projects matching the filter (computed only when asked for) */
  totalCount: Scalars['Int']['output'];
};

export type ProjectConnectionEdge = {
  __typename?: 'ProjectConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Project;
};

export type ProjectFilter = {
  /** Case-sensitive regular expression matched anywhere in the description */
  description?: InputMaybe<Scalars['String']['input']>;
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Case-sensitive regular expression matched anywhere in the name */
  name?: InputMaybe<Scalars['String']['input']>;
  /** Leave public projects out */
  ownOnly?: InputMaybe<Scalars['Boolean']['input']>;
  systemTags?: InputMaybe<StringListFilter>;
  tags?: InputMaybe<StringListFilter>;
};

export type ProjectIdsInput = {
  ids: Array<Scalars['ID']['input']>;
};

/** One sort key; empty values sort last in both directions. */
export type ProjectOrder = {
  direction?: InputMaybe<OrderDirection>;
  field: ProjectOrderField;
};

export type ProjectOrderField =
  | 'CREATED'
  | 'DESCRIPTION'
  | 'FEATURED'
  | 'ID'
  | 'LAST_UPDATE'
  | 'NAME'
  | 'USER';

/** Which tasks statistics count: ARCHIVED tasks carry the system tag "archived". */
export type ProjectTaskState =
  | 'ACTIVE'
  | 'ALL'
  | 'ARCHIVED';

export type ProjectTaskStats = {
  __typename?: 'ProjectTaskStats';
  /** Every task status with the number of tasks in it (0 included) */
  statusCounts: Array<TaskStatusCount>;
  /** Seconds: sum over training/testing tasks of floor(completed - started) */
  totalRuntime: Scalars['Int']['output'];
};

export type PublicReadOnlyError = Error & {
  __typename?: 'PublicReadOnlyError';
  code: ErrorCode;
  message: Scalars['String']['output'];
};

export type PublishTaskInput = {
  expectedStatus?: InputMaybe<TaskStatus>;
  force?: InputMaybe<Scalars['Boolean']['input']>;
  /** Also mark the output model ready (default true) */
  publishModel?: InputMaybe<Scalars['Boolean']['input']>;
  statusMessage?: InputMaybe<Scalars['String']['input']>;
  statusReason?: InputMaybe<Scalars['String']['input']>;
  taskId: Scalars['ID']['input'];
};

export type Query = {
  __typename?: 'Query';
  /** Your access keys; admins may ask for one user's (userId) or the whole company's (allUsers). */
  accessKeys: QueryAccessKeysResult;
  /** The same downsampled scalar series of many tasks (own or public, up to 1000): one series per task × metric × variant that has points, by task, selector and variant. */
  compareScalars: Array<ScalarSeries>;
  /** The single queue of your company tagged `default` (tasks are enqueued there by default). */
  defaultQueue: QueryDefaultQueueResult;
  /** The caller (INVALID_USER for identities without a user record). */
  me: CurrentUser;
  /** A model of your company or a public one; null when there is none with this id. */
  model?: Maybe<Model>;
  /** Distinct frameworks of your and public models (within `projects` when given), sorted. */
  modelFrameworks: Array<Scalars['String']['output']>;
  /** Models of your company and public ones matching `filter`, in `orderBy` order (then by id). */
  models: Array<Model>;
  /** Tags of your company's tasks and models (public ones excluded), sorted. */
  organizationTags: TagList;
  /** A project of your company or a public one; null when there is none with this id. */
  project?: Maybe<Project>;
  /** Projects of your company and public ones matching `filter`, in `orderBy` order (then by id). */
  projects: ProjectConnection;
  /** A queue of your company; null when there is none with this id. */
  queue?: Maybe<Queue>;
  /** Queue length and waiting time per bucket of `interval` seconds: one series per queue of `queueIds` that has data, or one `total` series over all your queues (queues missing from a bucket count with their latest values). */
  queueMetrics: QueryQueueMetricsResult;
  /** Queues of your company matching `filter`, in `orderBy` order (then by creation). */
  queues: QueryQueuesResult;
  serverInfo: ServerInfo;
  /** A task of your company or a public one; null when there is none with this id. */
  task?: Maybe<Task>;
  /** Task types in use by your company and public tasks, optionally within projects. */
  taskTypes: Array<TaskType>;
  /** Tasks matching `filter`, in `orderBy` order (then by id), with stable keyset cursors. */
  tasks: TaskConnection;
  /** A user of your company; null when there is none with this id. */
  user?: Maybe<User>;
  /** Users of your company matching `filter`, in `orderBy` order (then by id). */
  users: UserConnection;
  /** Number of reporting workers per bucket of `interval` seconds, from the first to the last active bucket. */
  workerActivity: QueryWorkerActivityResult;
  /** Statistics categories and metric names your workers reported (NO_WORKER_STATS when none). */
  workerMetricKeys: QueryWorkerMetricKeysResult;
  /** avg/min/max of worker statistics per epoch-aligned bucket of `interval` seconds. */
  workerStats: QueryWorkerStatsResult;
  /** Live workers of your company active within the last `lastSeen` seconds (default 3600; 0: any). */
  workers: Array<Worker>;
};


export type QueryAccessKeysArgs = {
  allUsers?: InputMaybe<Scalars['Boolean']['input']>;
  userId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryCompareScalarsArgs = {
  from?: InputMaybe<Scalars['Float']['input']>;
  maxPoints?: InputMaybe<Scalars['Int']['input']>;
  metrics: Array<ScalarMetricSelector>;
  taskIds: Array<Scalars['ID']['input']>;
  to?: InputMaybe<Scalars['Float']['input']>;
  xAxis?: InputMaybe<ScalarAxis>;
};


export type QueryModelArgs = {
  id: Scalars['ID']['input'];
};


export type QueryModelFrameworksArgs = {
  projects?: InputMaybe<Array<Scalars['ID']['input']>>;
};


export type QueryModelsArgs = {
  filter?: InputMaybe<ModelFilter>;
  orderBy?: InputMaybe<Array<ModelOrder>>;
  paging?: InputMaybe<PageInput>;
};


export type QueryOrganizationTagsArgs = {
  filter?: InputMaybe<TagSourceFilter>;
  includeSystem?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryProjectArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProjectsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ProjectFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<ProjectOrder>>;
};


export type QueryQueueArgs = {
  id: Scalars['ID']['input'];
};


export type QueryQueueMetricsArgs = {
  from: Scalars['DateTime']['input'];
  interval: Scalars['Int']['input'];
  queueIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  to: Scalars['DateTime']['input'];
};


export type QueryQueuesArgs = {
  filter?: InputMaybe<QueueFilterInput>;
  orderBy?: InputMaybe<Array<QueueOrder>>;
  paging?: InputMaybe<QueuePaging>;
};


export type QueryTaskArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTaskTypesArgs = {
  projects?: InputMaybe<Array<Scalars['ID']['input']>>;
};


export type QueryTasksArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TaskFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<TaskOrder>>;
};


export type QueryUserArgs = {
  id: Scalars['ID']['input'];
};


export type QueryUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<UserFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<UserOrder>>;
};


export type QueryWorkerActivityArgs = {
  from: Scalars['DateTime']['input'];
  interval: Scalars['Int']['input'];
  to: Scalars['DateTime']['input'];
};


export type QueryWorkerMetricKeysArgs = {
  workerIds?: InputMaybe<Array<Scalars['String']['input']>>;
};


export type QueryWorkerStatsArgs = {
  input: WorkerStatsInput;
};


export type QueryWorkersArgs = {
  lastSeen?: InputMaybe<Scalars['Int']['input']>;
};

export type QueryAccessKeysResult = OperationError | QueryAccessKeysSuccess | ValidationError;

export type QueryAccessKeysSuccess = {
  __typename?: 'QueryAccessKeysSuccess';
  data: Array<AccessKey>;
};

export type QueryDefaultQueueResult = NotFoundError | OperationError | QueryDefaultQueueSuccess | ValidationError;

export type QueryDefaultQueueSuccess = {
  __typename?: 'QueryDefaultQueueSuccess';
  data: Queue;
};

export type QueryQueueMetricsResult = NotFoundError | OperationError | QueryQueueMetricsSuccess | ValidationError;

export type QueryQueueMetricsSuccess = {
  __typename?: 'QueryQueueMetricsSuccess';
  data: Array<QueueMetricsSeries>;
};

export type QueryQueuesResult = NotFoundError | OperationError | QueryQueuesSuccess | ValidationError;

export type QueryQueuesSuccess = {
  __typename?: 'QueryQueuesSuccess';
  data: Array<Queue>;
};

export type QueryWorkerActivityResult = NotFoundError | OperationError | QueryWorkerActivitySuccess | ValidationError;

export type QueryWorkerActivitySuccess = {
  __typename?: 'QueryWorkerActivitySuccess';
  data: WorkerActivity;
};

export type QueryWorkerMetricKeysResult = NotFoundError | OperationError | QueryWorkerMetricKeysSuccess | ValidationError;

export type QueryWorkerMetricKeysSuccess = {
  __typename?: 'QueryWorkerMetricKeysSuccess';
  data: Array<WorkerMetricCategory>;
};

export type QueryWorkerStatsResult = NotFoundError | OperationError | QueryWorkerStatsSuccess | ValidationError;

export type QueryWorkerStatsSuccess = {
  __typename?: 'QueryWorkerStatsSuccess';
  data: Array<WorkerStats>;
};

/** A company-private FIFO queue of tasks waiting for a worker. */
export type Queue = {
  __typename?: 'Queue';
  created: Scalars['DateTime']['output'];
  /** Waiting tasks, the next one to be served first */
  entries: Array<QueueEntry>;
  id: Scalars['ID']['output'];
  /** Last change of the entries */
  lastUpdate: Scalars['DateTime']['output'];
  name: Scalars['String']['output'];
  /** `default` marks the default queue */
  systemTags: Array<Scalars['String']['output']>;
  tags: Array<Scalars['String']['output']>;
};

export type QueueEntry = {
  __typename?: 'QueueEntry';
  added: Scalars['DateTime']['output'];
  task: Task;
};

export type QueueFilterInput = {
  ids?: InputMaybe<QueueListFilterInput>;
  /** Case-sensitive regular expression matched anywhere in the name */
  name?: InputMaybe<Scalars['String']['input']>;
  systemTags?: InputMaybe<QueueListFilterInput>;
  tags?: InputMaybe<QueueListFilterInput>;
};

/** Matches when the value is in `anyOf` (or empty when `orEmpty`) and in none of `noneOf`. */
export type QueueListFilterInput = {
  anyOf?: InputMaybe<Array<Scalars['String']['input']>>;
  noneOf?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Also match queues without any value */
  orEmpty?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Per epoch-aligned bucket: the sample with the longest average wait (per queue), or the company total. */
export type QueueMetricsSeries = {
  __typename?: 'QueueMetricsSeries';
  /** Seconds */
  avgWaitingTimes: Array<Scalars['Float']['output']>;
  /** Bucket starts */
  dates: Array<Scalars['DateTime']['output']>;
  /** Queue id, or `total` */
  queue: Scalars['String']['output'];
  queueLengths: Array<Scalars['Int']['output']>;
};

export type QueueMove =
  | 'BACK'
  | 'BACKWARD'
  | 'FORWARD'
  | 'FRONT';

/** Empty values sort last in both directions. */
export type QueueOrder = {
  direction?: InputMaybe<QueueOrderDirection>;
  field: QueueOrderField;
};

export type QueueOrderDirection =
  | 'ASC'
  | 'DESC';

export type QueueOrderField =
  | 'CREATED'
  | 'ID'
  | 'LAST_UPDATE'
  | 'NAME';

export type QueuePaging = {
  /** 0-based page number */
  page: Scalars['Int']['input'];
  pageSize: Scalars['Int']['input'];
};

export type QueueTaskInput = {
  queueId: Scalars['ID']['input'];
  taskId: Scalars['ID']['input'];
};

export type RegisterWorkerInput = {
  queueIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Seconds without a report before the worker is dropped (default 600) */
  timeout?: InputMaybe<Scalars['Int']['input']>;
  workerId: Scalars['String']['input'];
};

export type ResetTaskInput = {
  /** Also clear execution and script */
  clearAll?: InputMaybe<Scalars['Boolean']['input']>;
  expectedStatus?: InputMaybe<TaskStatus>;
  /** Reset a published task or one with published outputs */
  force?: InputMaybe<Scalars['Boolean']['input']>;
  taskId: Scalars['ID']['input'];
};

export type ScalarAppend = {
  __typename?: 'ScalarAppend';
  points: Array<ScalarPoint>;
  task: Scalars['ID']['output'];
};

/** What the x axis of a scalar series follows. */
export type ScalarAxis =
  /** The iteration number */
  | 'ITER'
  /** The event time in epoch milliseconds */
  | 'TIMESTAMP';

/** The points of a scalar series within one bucket of x values. */
export type ScalarBucket = {
  __typename?: 'ScalarBucket';
  /** Points in the bucket */
  count: Scalars['Int']['output'];
  /** Value of the point with the greatest x in the bucket */
  last: Scalars['Float']['output'];
  /** Largest value: a single spike survives downsampling here */
  max: Scalars['Float']['output'];
  mean: Scalars['Float']['output'];
  min: Scalars['Float']['output'];
  /** Start of the bucket: an iteration or epoch milliseconds */
  x: Scalars['Float']['output'];
};

/** A metric to compare; without variant every variant of the metric. */
export type ScalarMetricSelector = {
  metric: Scalars['String']['input'];
  variant?: InputMaybe<Scalars['String']['input']>;
};

/** One stored scalar value. */
export type ScalarPoint = {
  __typename?: 'ScalarPoint';
  iteration: Scalars['Int']['output'];
  metric: Scalars['String']['output'];
  timestamp: Scalars['DateTime']['output'];
  value: Scalars['Float']['output'];
  variant: Scalars['String']['output'];
};

/** A scalar series (task, metric, variant) downsampled to at most maxPoints buckets. */
export type ScalarSeries = {
  __typename?: 'ScalarSeries';
  /** Width of every bucket in x units; null when no point is in range */
  bucketWidth?: Maybe<Scalars['Float']['output']>;
  /** Non-empty buckets by x */
  buckets: Array<ScalarBucket>;
  metric: Scalars['String']['output'];
  taskId: Scalars['ID']['output'];
  taskName: Scalars['String']['output'];
  variant: Scalars['String']['output'];
};

export type ScriptInput = {
  binary?: InputMaybe<Scalars['String']['input']>;
  branch?: InputMaybe<Scalars['String']['input']>;
  diff?: InputMaybe<Scalars['String']['input']>;
  entryPoint?: InputMaybe<Scalars['String']['input']>;
  repository?: InputMaybe<Scalars['String']['input']>;
  requirements?: InputMaybe<Scalars['JSONObject']['input']>;
  tag?: InputMaybe<Scalars['String']['input']>;
  versionNum?: InputMaybe<Scalars['String']['input']>;
  workingDir?: InputMaybe<Scalars['String']['input']>;
};

export type ServerInfo = {
  __typename?: 'ServerInfo';
  build: Scalars['String']['output'];
  commit: Scalars['String']['output'];
  /** Whether anonymous usage statistics can be reported (never, here) */
  statsReportingSupported: Scalars['Boolean']['output'];
  /** Random id of this installation */
  uid: Scalars['String']['output'];
  /** The legacy server version this gateway emulates */
  version: Scalars['String']['output'];
};

export type SetModelReadyInput = {
  /** Publish the creating task whatever its status (default false) */
  forcePublishTask?: InputMaybe<Scalars['Boolean']['input']>;
  modelId: Scalars['ID']['input'];
  /** Publish the creating task first when it is not published (default true) */
  publishTask?: InputMaybe<Scalars['Boolean']['input']>;
};

export type SetModelReadyPayload = {
  __typename?: 'SetModelReadyPayload';
  model: Model;
  /** The task published on the way */
  publishedTaskId?: Maybe<Scalars['ID']['output']>;
};

export type SetPreferencesInput = {
  /** Members to set */
  preferences: Scalars['JSONObject']['input'];
};

export type SetPreferencesPayload = {
  __typename?: 'SetPreferencesPayload';
  /** All your preferences after the change */
  preferences: Scalars['JSONObject']['output'];
  /** false when nothing changed */
  updated: Scalars['Boolean']['output'];
};

export type SetTaskRequirementsInput = {
  /** e.g. {"pip": "torch==2.1\n"} */
  requirements: Scalars['JSONObject']['input'];
  taskId: Scalars['ID']['input'];
};

export type StatAggregation =
  | 'AVG'
  | 'MAX'
  | 'MIN';

export type StatusConflictError = Error & {
  __typename?: 'StatusConflictError';
  code: ErrorCode;
  /** The status the change was conditioned on */
  from: Scalars['String']['output'];
  message: Scalars['String']['output'];
  taskId: Scalars['String']['output'];
  to: Scalars['String']['output'];
};

/** Matches when the value (or, for lists, any element) is in anyOf and none is in noneOf. */
export type StringListFilter = {
  anyOf?: InputMaybe<Array<Scalars['String']['input']>>;
  noneOf?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Also match when the value is missing or empty */
  orEmpty?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Live updates, pushed as they are committed (through any server process). Transport: GraphQL over SSE at /graphql (`Accept: text/event-stream`), with the usual credentials. A stream that cannot go on ends with an error whose code says why: TASK_NOT_FOUND, RESYNC_REQUIRED (updates may have been missed: query again, then subscribe again), SUBSCRIBER_TOO_SLOW, SHUTTING_DOWN. */
export type Subscription = {
  __typename?: 'Subscription';
  /** New scalar points of one task, optionally only the given metrics. */
  scalarAppended: ScalarAppend;
  /** Current state of each task matching the filter (same TaskFilter as the tasks connection, caller's company) whenever it changes: created, status, last_update, last metrics, tags... A task that is deleted or stops matching arrives once as REMOVED. */
  taskChanged: TaskChange;
  /** New console lines of one task, in order, as they are stored. */
  taskLog: TaskLogAppend;
};


/** Live updates, pushed as they are committed (through any server process). Transport: GraphQL over SSE at /graphql (`Accept: text/event-stream`), with the usual credentials. A stream that cannot go on ends with an error whose code says why: TASK_NOT_FOUND, RESYNC_REQUIRED (updates may have been missed: query again, then subscribe again), SUBSCRIBER_TOO_SLOW, SHUTTING_DOWN. */
export type SubscriptionScalarAppendedArgs = {
  metrics?: InputMaybe<Array<Scalars['String']['input']>>;
  task: Scalars['ID']['input'];
};


/** Live updates, pushed as they are committed (through any server process). Transport: GraphQL over SSE at /graphql (`Accept: text/event-stream`), with the usual credentials. A stream that cannot go on ends with an error whose code says why: TASK_NOT_FOUND, RESYNC_REQUIRED (updates may have been missed: query again, then subscribe again), SUBSCRIBER_TOO_SLOW, SHUTTING_DOWN. */
export type SubscriptionTaskChangedArgs = {
  filter?: InputMaybe<TaskFilter>;
};


/** Live updates, pushed as they are committed (through any server process). Transport: GraphQL over SSE at /graphql (`Accept: text/event-stream`), with the usual credentials. A stream that cannot go on ends with an error whose code says why: TASK_NOT_FOUND, RESYNC_REQUIRED (updates may have been missed: query again, then subscribe again), SUBSCRIBER_TOO_SLOW, SHUTTING_DOWN. */
export type SubscriptionTaskLogArgs = {
  task: Scalars['ID']['input'];
};

export type TagList = {
  __typename?: 'TagList';
  /** Only when includeSystem is set */
  systemTags?: Maybe<Array<Scalars['String']['output']>>;
  tags: Array<Scalars['String']['output']>;
};

/** Which objects contribute their tags. */
export type TagSourceFilter = {
  systemTags?: InputMaybe<StringListFilter>;
  tags?: InputMaybe<StringListFilter>;
};

/** An experiment: its definition, lifecycle status and results. */
export type Task = {
  __typename?: 'Task';
  artifacts: Array<Artifact>;
  children: Array<Task>;
  comment?: Maybe<Scalars['String']['output']>;
  /** Owning company; null for public tasks */
  company?: Maybe<Scalars['String']['output']>;
  completed?: Maybe<Scalars['DateTime']['output']>;
  /** Configuration items sorted by name */
  configuration: Array<ConfigurationItem>;
  created: Scalars['DateTime']['output'];
  /** Debug images by iteration, newest first; images of recycled file names are left out */
  debugImages?: Maybe<DebugImagePage>;
  /** Run time in seconds */
  duration?: Maybe<Scalars['Int']['output']>;
  execution: TaskExecution;
  /** All hyper-parameters, sorted by section and name */
  hyperParamList: Array<HyperParam>;
  /** section → name → {section, name, value, type, description} */
  hyperparams: Scalars['JSONObject']['output'];
  id: Scalars['ID']['output'];
  /** execution.model */
  inputModel?: Maybe<Model>;
  /** Input model id (execution.model); `__DELETED__<id>` when the model was deleted with force */
  inputModelId?: Maybe<Scalars['String']['output']>;
  isPublic: Scalars['Boolean']['output'];
  lastIteration: Scalars['Int']['output'];
  /** Last value, min and max of every scalar series the task reported */
  lastMetrics: Array<LastMetric>;
  lastUpdate: Scalars['DateTime']['output'];
  lastWorker?: Maybe<Scalars['String']['output']>;
  lastWorkerReport?: Maybe<Scalars['DateTime']['output']>;
  /** Console log lines ordered by time (oldest first), paged with cursors in both directions. */
  log?: Maybe<TaskLogConnection>;
  /** Metrics that reported events of a kind, most reported first (≤ 100) */
  metricNames: Array<Scalars['String']['output']>;
  metricStats: Scalars['JSONObject']['output'];
  /** Last value, minimum and maximum of every scalar series, by metric and variant */
  metrics: Array<TaskMetricValue>;
  name: Scalars['String']['output'];
  output: TaskOutput;
  /** output.model */
  outputModel?: Maybe<Model>;
  /** Output model id (output.model); `__DELETED__<id>` when the model was deleted with force */
  outputModelId?: Maybe<Scalars['String']['output']>;
  parent?: Maybe<Task>;
  /** Parent task id; `__DELETED__<id>` when the parent was deleted or reset */
  parentId?: Maybe<Scalars['String']['output']>;
  /** The latest plot of each (metric, variant), ordered by metric and variant. */
  plots?: Maybe<Array<TaskPlot>>;
  project?: Maybe<Project>;
  published?: Maybe<Scalars['DateTime']['output']>;
  /** The queue the task waits in (execution.queue) */
  queue?: Maybe<Queue>;
  runtime: Scalars['JSONObject']['output'];
  /** Scalar metrics with their variants, most reported first (≤ 100 × 100) */
  scalarMetrics: Array<MetricVariants>;
  /** One scalar series downsampled to at most maxPoints (1…10000) buckets, optionally within [from, to] */
  scalarSeries?: Maybe<ScalarSeries>;
  script: TaskScript;
  started?: Maybe<Scalars['DateTime']['output']>;
  status: TaskStatus;
  statusChanged?: Maybe<Scalars['DateTime']['output']>;
  statusMessage?: Maybe<Scalars['String']['output']>;
  statusReason?: Maybe<Scalars['String']['output']>;
  systemTags: Array<Scalars['String']['output']>;
  tags: Array<Scalars['String']['output']>;
  type: TaskType;
  /** Id of the user who created the task */
  user: Scalars['String']['output'];
  /** Vector metrics with their variants, most reported first (≤ 100 × 100) */
  vectorMetrics: Array<MetricVariants>;
  /** The vectors of one metric and variant by iteration (≤ 10,000) */
  vectors?: Maybe<Array<VectorPoint>>;
};


/** An experiment: its definition, lifecycle status and results. */
export type TaskDebugImagesArgs = {
  before?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  metric?: InputMaybe<Scalars['String']['input']>;
};


/** An experiment: its definition, lifecycle status and results. */
export type TaskLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  level?: InputMaybe<Scalars['String']['input']>;
};


/** An experiment: its definition, lifecycle status and results. */
export type TaskMetricNamesArgs = {
  eventType: MetricEventType;
};


/** An experiment: its definition, lifecycle status and results. */
export type TaskPlotsArgs = {
  metric?: InputMaybe<Scalars['String']['input']>;
};


/** An experiment: its definition, lifecycle status and results. */
export type TaskScalarSeriesArgs = {
  from?: InputMaybe<Scalars['Float']['input']>;
  maxPoints?: InputMaybe<Scalars['Int']['input']>;
  metric: Scalars['String']['input'];
  to?: InputMaybe<Scalars['Float']['input']>;
  variant: Scalars['String']['input'];
  xAxis?: InputMaybe<ScalarAxis>;
};


/** An experiment: its definition, lifecycle status and results. */
export type TaskVectorsArgs = {
  metric: Scalars['String']['input'];
  variant: Scalars['String']['input'];
};

export type TaskChange = {
  __typename?: 'TaskChange';
  id: Scalars['ID']['output'];
  kind: TaskChangeKind;
  /** Null when REMOVED */
  task?: Maybe<Task>;
};

export type TaskChangeKind =
  /** The task was deleted or no longer matches the filter */
  | 'REMOVED'
  /** The task matches the filter; `task` is its current state */
  | 'UPSERT';

export type TaskConnection = {
  __typename?: 'TaskConnection';
  edges: Array<TaskConnectionEdge>;
  pageInfo: PageInfo;
  /** All tasks matching the filter (computed only when asked for) */
  totalCount: Scalars['Int']['output'];
};

export type TaskConnectionEdge = {
  __typename?: 'TaskConnectionEdge';
  cursor: Scalars['String']['output'];
  node: Task;
};

/** How a task runs. The input model, queue and artifacts are fields of Task. */
export type TaskExecution = {
  __typename?: 'TaskExecution';
  dockerCmd?: Maybe<Scalars['String']['output']>;
  framework?: Maybe<Scalars['String']['output']>;
  modelDesc: Scalars['JSONObject']['output'];
  modelLabels: Scalars['JSONObject']['output'];
  /** Legacy flat parameters (API < 2.9 clients); prefer Task.hyperparams. */
  parameters: Scalars['JSONObject']['output'];
  testSplit: Scalars['Int']['output'];
};

export type TaskFilter = {
  /** All of the fields match */
  allFields?: InputMaybe<FieldPatternFilter>;
  /** At least one of the fields matches */
  anyField?: InputMaybe<FieldPatternFilter>;
  /** Case-sensitive regular expression matched anywhere in the comment */
  comment?: InputMaybe<Scalars['String']['input']>;
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Case-sensitive regular expression matched anywhere in the name */
  name?: InputMaybe<Scalars['String']['input']>;
  parentId?: InputMaybe<Scalars['ID']['input']>;
  /** Project ids; orEmpty for tasks without project */
  projects?: InputMaybe<StringListFilter>;
  /** Words (OR-ed), "quoted phrases" and -excluded words */
  search?: InputMaybe<Scalars['String']['input']>;
  statusChanged?: InputMaybe<DateRange>;
  statuses?: InputMaybe<TaskStatusFilter>;
  systemTags?: InputMaybe<StringListFilter>;
  tags?: InputMaybe<StringListFilter>;
  types?: InputMaybe<TaskTypeFilter>;
  users?: InputMaybe<StringListFilter>;
};

export type TaskLogAppend = {
  __typename?: 'TaskLogAppend';
  lines: Array<LogLine>;
  task: Scalars['ID']['output'];
};

export type TaskLogConnection = {
  __typename?: 'TaskLogConnection';
  edges: Array<TaskLogEdge>;
  pageInfo: PageInfo;
};

export type TaskLogEdge = {
  __typename?: 'TaskLogEdge';
  cursor: Scalars['String']['output'];
  node: LogLine;
};

/** The last reported value of a scalar series with its running minimum and maximum. */
export type TaskMetricValue = {
  __typename?: 'TaskMetricValue';
  max?: Maybe<Scalars['Float']['output']>;
  metric: Scalars['String']['output'];
  min?: Maybe<Scalars['Float']['output']>;
  value?: Maybe<Scalars['Float']['output']>;
  variant: Scalars['String']['output'];
};

/** One sort key: exactly one of field, hyperParam (numeric-aware), configuration or metric. Empty values sort last in both directions. */
export type TaskOrder = {
  configuration?: InputMaybe<Scalars['String']['input']>;
  direction?: InputMaybe<OrderDirection>;
  field?: InputMaybe<TaskOrderField>;
  hyperParam?: InputMaybe<HyperParamOrderKey>;
  metric?: InputMaybe<MetricOrderKey>;
};

export type TaskOrderField =
  | 'COMMENT'
  | 'COMPLETED'
  | 'CREATED'
  | 'DURATION'
  | 'ID'
  | 'LAST_ITERATION'
  | 'LAST_UPDATE'
  | 'NAME'
  | 'PROJECT'
  | 'PUBLISHED'
  /** Relevance to filter.search */
  | 'SEARCH_SCORE'
  | 'STARTED'
  | 'STATUS'
  | 'STATUS_CHANGED'
  | 'TAGS'
  | 'TYPE'
  | 'USER';

export type TaskOutput = {
  __typename?: 'TaskOutput';
  destination?: Maybe<Scalars['String']['output']>;
  error?: Maybe<Scalars['String']['output']>;
  result?: Maybe<OutputResult>;
};

/** The latest plot of one (metric, variant) series. */
export type TaskPlot = {
  __typename?: 'TaskPlot';
  /** The whole stored event */
  event: Scalars['JSONObject']['output'];
  iter?: Maybe<Scalars['Int']['output']>;
  metric: Scalars['String']['output'];
  /** The figure (`plot_str` parsed) */
  plot?: Maybe<Scalars['JSON']['output']>;
  /** Epoch milliseconds */
  timestamp: Scalars['Float']['output'];
  variant: Scalars['String']['output'];
};

/** Where the code of a task comes from and what it needs. */
export type TaskScript = {
  __typename?: 'TaskScript';
  binary: Scalars['String']['output'];
  branch?: Maybe<Scalars['String']['output']>;
  diff?: Maybe<Scalars['String']['output']>;
  entryPoint: Scalars['String']['output'];
  repository: Scalars['String']['output'];
  requirements: Scalars['JSONObject']['output'];
  tag?: Maybe<Scalars['String']['output']>;
  versionNum?: Maybe<Scalars['String']['output']>;
  workingDir?: Maybe<Scalars['String']['output']>;
};

/** Lifecycle status of a task. */
export type TaskStatus =
  | 'closed'
  | 'completed'
  | 'created'
  | 'failed'
  | 'in_progress'
  | 'published'
  | 'publishing'
  | 'queued'
  | 'stopped'
  | 'unknown';

export type TaskStatusChangeInput = {
  /** Apply only if the task is still in this status, else STATUS_CONFLICT */
  expectedStatus?: InputMaybe<TaskStatus>;
  /** Skip the state-machine check (the compare-and-set still applies) */
  force?: InputMaybe<Scalars['Boolean']['input']>;
  statusMessage?: InputMaybe<Scalars['String']['input']>;
  statusReason?: InputMaybe<Scalars['String']['input']>;
  taskId: Scalars['ID']['input'];
};

export type TaskStatusCount = {
  __typename?: 'TaskStatusCount';
  count: Scalars['Int']['output'];
  status: TaskStatus;
};

export type TaskStatusFilter = {
  anyOf?: InputMaybe<Array<TaskStatus>>;
  noneOf?: InputMaybe<Array<TaskStatus>>;
};

export type TaskType =
  | 'application'
  | 'controller'
  | 'custom'
  | 'data_processing'
  | 'inference'
  | 'monitor'
  | 'optimizer'
  | 'qc'
  | 'service'
  | 'testing'
  | 'training';

export type TaskTypeFilter = {
  anyOf?: InputMaybe<Array<TaskType>>;
  noneOf?: InputMaybe<Array<TaskType>>;
};

export type UnregisterWorkerInput = {
  workerId: Scalars['String']['input'];
};

/** Members left out stay as they are; null clears a name part (the name is required). */
export type UpdateMeInput = {
  familyName?: InputMaybe<Scalars['String']['input']>;
  givenName?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
};

/** Exactly one of uri (create or update the output model) and overrideModelId (attach a model). */
export type UpdateModelForTaskInput = {
  /** Default: "Created by task `<name>` (<id>)" */
  comment?: InputMaybe<Scalars['String']['input']>;
  /** Raises the task's lastIteration to at least this value */
  iteration?: InputMaybe<Scalars['Int']['input']>;
  /** Default: the task's name */
  name?: InputMaybe<Scalars['String']['input']>;
  overrideModelId?: InputMaybe<Scalars['ID']['input']>;
  systemTags?: InputMaybe<Array<Scalars['String']['input']>>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  taskId: Scalars['ID']['input'];
  uri?: InputMaybe<Scalars['String']['input']>;
};

export type UpdateModelForTaskPayload = {
  __typename?: 'UpdateModelForTaskPayload';
  /** A model was created or attached (false: updated) */
  created: Scalars['Boolean']['output'];
  model: Model;
};

/** Members left out stay as they are; an explicit null clears a member (not the name). */
export type UpdateProjectInput = {
  defaultOutputDestination?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  projectId: Scalars['ID']['input'];
  systemTags?: InputMaybe<Array<Scalars['String']['input']>>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type UpdateQueueInput = {
  name?: InputMaybe<Scalars['String']['input']>;
  queueId: Scalars['ID']['input'];
  systemTags?: InputMaybe<Array<Scalars['String']['input']>>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type UpdateTaskInput = {
  comment?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  outputError?: InputMaybe<Scalars['String']['input']>;
  projectId?: InputMaybe<Scalars['ID']['input']>;
  systemTags?: InputMaybe<Array<Scalars['String']['input']>>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  taskId: Scalars['ID']['input'];
};

export type UpdatedCountPayload = {
  __typename?: 'UpdatedCountPayload';
  updated: Scalars['Int']['output'];
};

/** A user of your company. */
export type User = {
  __typename?: 'User';
  company: Scalars['String']['output'];
  created: Scalars['DateTime']['output'];
  familyName?: Maybe<Scalars['String']['output']>;
  givenName?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
};

export type UserConnection = {
  __typename?: 'UserConnection';
  edges: Array<UserConnectionEdge>;
  pageInfo: PageInfo;
  /** All users matching the filter (computed only when asked for) */
  totalCount: Scalars['Int']['output'];
};

export type UserConnectionEdge = {
  __typename?: 'UserConnectionEdge';
  cursor: Scalars['String']['output'];
  node: User;
};

export type UserFilter = {
  /** Only users who created tasks or models in these projects (empty list: in any project) */
  activeInProjects?: InputMaybe<Array<Scalars['ID']['input']>>;
  ids?: InputMaybe<StringListFilter>;
  /** Case-sensitive regular expression matched anywhere in the name */
  name?: InputMaybe<Scalars['String']['input']>;
};

export type UserOrder = {
  direction?: InputMaybe<OrderDirection>;
  field: UserOrderField;
};

export type UserOrderField =
  | 'CREATED'
  | 'FAMILY_NAME'
  | 'GIVEN_NAME'
  | 'ID'
  | 'NAME';

export type ValidationError = Error & {
  __typename?: 'ValidationError';
  code: ErrorCode;
  field: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

/** The vector a task reported for one iteration. */
export type VectorPoint = {
  __typename?: 'VectorPoint';
  iter?: Maybe<Scalars['Int']['output']>;
  /** The reported values (usually numbers) */
  values: Scalars['JSON']['output'];
};

/** A registered worker; it disappears `registerTimeout` seconds after its last report. */
export type Worker = {
  __typename?: 'Worker';
  company: NamedReference;
  /** The name the worker registered with */
  id: Scalars['ID']['output'];
  ip?: Maybe<Scalars['String']['output']>;
  lastActivityTime: Scalars['DateTime']['output'];
  lastReportTime?: Maybe<Scalars['DateTime']['output']>;
  project?: Maybe<NamedReference>;
  /** Queue the current task came from (only when the worker listens on it) */
  queue?: Maybe<WorkerQueue>;
  queues: Array<WorkerQueue>;
  registerTime: Scalars['DateTime']['output'];
  /** Seconds */
  registerTimeout: Scalars['Int']['output'];
  tags: Array<Scalars['String']['output']>;
  task?: Maybe<WorkerTask>;
  user: NamedReference;
};

export type WorkerActivity = {
  __typename?: 'WorkerActivity';
  /** Workers that reported while running a task */
  active: WorkerActivitySeries;
  /** Workers that reported */
  total: WorkerActivitySeries;
};

export type WorkerActivitySeries = {
  __typename?: 'WorkerActivitySeries';
  counts: Array<Scalars['Int']['output']>;
  dates: Array<Scalars['DateTime']['output']>;
};

export type WorkerMetricCategory = {
  __typename?: 'WorkerMetricCategory';
  metricKeys: Array<Scalars['String']['output']>;
  name: Scalars['String']['output'];
};

export type WorkerMetricStats = {
  __typename?: 'WorkerMetricStats';
  /** Bucket starts */
  dates: Array<Scalars['DateTime']['output']>;
  metric: Scalars['String']['output'];
  stats: Array<WorkerStatValues>;
  /** Device index or `total`, when split by variant */
  variant?: Maybe<Scalars['String']['output']>;
};

export type WorkerQueue = {
  __typename?: 'WorkerQueue';
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  nextTask?: Maybe<NamedReference>;
  /** Entries waiting in the queue */
  numTasks: Scalars['Int']['output'];
};

export type WorkerStatItemInput = {
  /** Default AVG */
  aggregation?: InputMaybe<StatAggregation>;
  /** Metric name, e.g. cpu_usage */
  key: Scalars['String']['input'];
};

export type WorkerStatValues = {
  __typename?: 'WorkerStatValues';
  aggregation: StatAggregation;
  values: Array<Scalars['Float']['output']>;
};

export type WorkerStats = {
  __typename?: 'WorkerStats';
  metrics: Array<WorkerMetricStats>;
  worker: Scalars['String']['output'];
};

export type WorkerStatsInput = {
  from: Scalars['DateTime']['input'];
  /** Bucket width in seconds */
  interval: Scalars['Int']['input'];
  items: Array<WorkerStatItemInput>;
  splitByVariant?: InputMaybe<Scalars['Boolean']['input']>;
  to: Scalars['DateTime']['input'];
  workerIds?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type WorkerStatusReportInput = {
  /** e.g. {cpu_usage: [10, 20], memory_used: 1024} */
  machineStats?: InputMaybe<Scalars['JSONObject']['input']>;
  /** Queue the task came from */
  queueId?: InputMaybe<Scalars['ID']['input']>;
  /** Replaces the listened queues when non-empty */
  queueIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Task being run: it gets lastWorker / lastWorkerReport */
  taskId?: InputMaybe<Scalars['ID']['input']>;
  /** Time of the statistics (default now) */
  timestamp?: InputMaybe<Scalars['DateTime']['input']>;
  workerId: Scalars['String']['input'];
};

export type WorkerTask = {
  __typename?: 'WorkerTask';
  id: Scalars['ID']['output'];
  lastIteration: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  /** Milliseconds since the task started (0 if it never did) */
  runningTimeMs: Scalars['Float']['output'];
};

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { __typename?: 'Query', me: { __typename?: 'CurrentUser', id: string, name: string, role: string, company: { __typename?: 'Company', id: string, name: string } } };

export type MetricSeriesQueryVariables = Exact<{
  taskIds: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
  metric: Scalars['String']['input'];
  maxPoints: Scalars['Int']['input'];
  from?: InputMaybe<Scalars['Float']['input']>;
  to?: InputMaybe<Scalars['Float']['input']>;
}>;


export type MetricSeriesQuery = { __typename?: 'Query', compareScalars: Array<{ __typename?: 'ScalarSeries', taskId: string, taskName: string, metric: string, variant: string, bucketWidth?: number | null, buckets: Array<{ __typename?: 'ScalarBucket', x: number, min: number, max: number, mean: number, last: number, count: number }> }> };

export type EnqueueTaskActionMutationVariables = Exact<{
  input: EnqueueTaskInput;
}>;


export type EnqueueTaskActionMutation = { __typename?: 'Mutation', enqueueTask:
    | { __typename: 'InvalidStatusTransitionError', code: ErrorCode, message: string }
    | { __typename: 'MutationEnqueueTaskSuccess', data: { __typename?: 'Task', id: string, status: TaskStatus, statusMessage?: string | null, lastUpdate: string } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'OperationError', code: ErrorCode, message: string }
    | { __typename: 'PublicReadOnlyError', code: ErrorCode, message: string }
    | { __typename: 'StatusConflictError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type StopTaskActionMutationVariables = Exact<{
  input: TaskStatusChangeInput;
}>;


export type StopTaskActionMutation = { __typename?: 'Mutation', stopTask:
    | { __typename: 'InvalidStatusTransitionError', code: ErrorCode, message: string }
    | { __typename: 'MutationStopTaskSuccess', data: { __typename?: 'Task', id: string, status: TaskStatus, statusMessage?: string | null, lastUpdate: string } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'OperationError', code: ErrorCode, message: string }
    | { __typename: 'PublicReadOnlyError', code: ErrorCode, message: string }
    | { __typename: 'StatusConflictError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type ResetTaskActionMutationVariables = Exact<{
  input: ResetTaskInput;
}>;


export type ResetTaskActionMutation = { __typename?: 'Mutation', resetTask:
    | { __typename: 'InvalidStatusTransitionError', code: ErrorCode, message: string }
    | { __typename: 'MutationResetTaskSuccess', data: { __typename?: 'Task', id: string, status: TaskStatus, statusMessage?: string | null, lastUpdate: string } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'OperationError', code: ErrorCode, message: string }
    | { __typename: 'PublicReadOnlyError', code: ErrorCode, message: string }
    | { __typename: 'StatusConflictError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type PublishTaskActionMutationVariables = Exact<{
  input: PublishTaskInput;
}>;


export type PublishTaskActionMutation = { __typename?: 'Mutation', publishTask:
    | { __typename: 'InvalidStatusTransitionError', code: ErrorCode, message: string }
    | { __typename: 'MutationPublishTaskSuccess', data: { __typename?: 'Task', id: string, status: TaskStatus, statusMessage?: string | null, lastUpdate: string } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'OperationError', code: ErrorCode, message: string }
    | { __typename: 'PublicReadOnlyError', code: ErrorCode, message: string }
    | { __typename: 'StatusConflictError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type DeleteTaskActionMutationVariables = Exact<{
  input: DeleteTaskInput;
}>;


export type DeleteTaskActionMutation = { __typename?: 'Mutation', deleteTask:
    | { __typename: 'InvalidStatusTransitionError', code: ErrorCode, message: string }
    | { __typename: 'MutationDeleteTaskSuccess', data: { __typename?: 'DeleteTaskPayload', deleted: boolean } }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'OperationError', code: ErrorCode, message: string }
    | { __typename: 'PublicReadOnlyError', code: ErrorCode, message: string }
    | { __typename: 'StatusConflictError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string }
   };

export type TaskChangedSubscriptionVariables = Exact<{
  filter?: InputMaybe<TaskFilter>;
  withParams: Scalars['Boolean']['input'];
  withMetrics: Scalars['Boolean']['input'];
}>;


export type TaskChangedSubscription = { __typename?: 'Subscription', taskChanged: { __typename?: 'TaskChange', kind: TaskChangeKind, id: string, task?: { __typename?: 'Task', id: string, name: string, type: TaskType, status: TaskStatus, statusMessage?: string | null, created: string, started?: string | null, lastUpdate: string, lastIteration: number, duration?: number | null, tags: Array<string>, hyperparams?: Record<string, unknown>, project?: { __typename?: 'Project', id: string, name: string } | null, lastMetrics?: Array<{ __typename?: 'LastMetric', metric: string, variant: string, value?: number | null, min?: number | null, max?: number | null }> } | null } };

export type TaskPageChangedSubscriptionVariables = Exact<{
  filter?: InputMaybe<TaskFilter>;
}>;


export type TaskPageChangedSubscription = { __typename?: 'Subscription', taskChanged: { __typename?: 'TaskChange', kind: TaskChangeKind, id: string, task?: { __typename?: 'Task', id: string, name: string, type: TaskType, status: TaskStatus, statusReason?: string | null, statusMessage?: string | null, statusChanged?: string | null, created: string, started?: string | null, completed?: string | null, published?: string | null, lastUpdate: string, lastIteration: number, duration?: number | null, user: string, lastWorker?: string | null, lastWorkerReport?: string | null, tags: Array<string>, systemTags: Array<string>, parentId?: string | null, parent?: { __typename?: 'Task', id: string, name: string } | null, queue?: { __typename?: 'Queue', id: string, name: string } | null, project?: { __typename?: 'Project', id: string, name: string } | null, lastMetrics: Array<{ __typename?: 'LastMetric', metric: string, variant: string, value?: number | null, min?: number | null, max?: number | null }> } | null } };

export type TaskLogTailSubscriptionVariables = Exact<{
  task: Scalars['ID']['input'];
}>;


export type TaskLogTailSubscription = { __typename?: 'Subscription', taskLog: { __typename?: 'TaskLogAppend', task: string, lines: Array<{ __typename?: 'LogLine', time: string, timestamp: number, level?: string | null, msg?: string | null, worker?: string | null }> } };

export type ScalarTailSubscriptionVariables = Exact<{
  task: Scalars['ID']['input'];
  metrics?: InputMaybe<Array<Scalars['String']['input']> | Scalars['String']['input']>;
}>;


export type ScalarTailSubscription = { __typename?: 'Subscription', scalarAppended: { __typename?: 'ScalarAppend', task: string, points: Array<{ __typename?: 'ScalarPoint', metric: string, variant: string, iteration: number, value: number, timestamp: string }> } };

export type CompareTasksQueryVariables = Exact<{
  ids: Array<Scalars['ID']['input']> | Scalars['ID']['input'];
}>;


export type CompareTasksQuery = { __typename?: 'Query', tasks: { __typename?: 'TaskConnection', edges: Array<{ __typename?: 'TaskConnectionEdge', node: { __typename?: 'Task', id: string, name: string, status: TaskStatus, hyperParamList: Array<{ __typename?: 'HyperParam', section: string, name: string, value: string }>, lastMetrics: Array<{ __typename?: 'LastMetric', metric: string, variant: string, value?: number | null, min?: number | null, max?: number | null }>, scalarMetrics: Array<{ __typename?: 'MetricVariants', metric: string, variants: Array<string> }> } }> } };

export type TaskRowFragment = { __typename?: 'Task', id: string, name: string, type: TaskType, status: TaskStatus, statusMessage?: string | null, created: string, started?: string | null, lastUpdate: string, lastIteration: number, duration?: number | null, tags: Array<string>, hyperparams?: Record<string, unknown>, project?: { __typename?: 'Project', id: string, name: string } | null, lastMetrics?: Array<{ __typename?: 'LastMetric', metric: string, variant: string, value?: number | null, min?: number | null, max?: number | null }> };

export type TaskTableQueryVariables = Exact<{
  filter?: InputMaybe<TaskFilter>;
  orderBy?: InputMaybe<Array<TaskOrder> | TaskOrder>;
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
  withParams: Scalars['Boolean']['input'];
  withMetrics: Scalars['Boolean']['input'];
}>;


export type TaskTableQuery = { __typename?: 'Query', tasks: { __typename?: 'TaskConnection', edges: Array<{ __typename?: 'TaskConnectionEdge', node: { __typename?: 'Task', id: string, name: string, type: TaskType, status: TaskStatus, statusMessage?: string | null, created: string, started?: string | null, lastUpdate: string, lastIteration: number, duration?: number | null, tags: Array<string>, hyperparams?: Record<string, unknown>, project?: { __typename?: 'Project', id: string, name: string } | null, lastMetrics?: Array<{ __typename?: 'LastMetric', metric: string, variant: string, value?: number | null, min?: number | null, max?: number | null }> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type TaskCountQueryVariables = Exact<{
  filter?: InputMaybe<TaskFilter>;
}>;


export type TaskCountQuery = { __typename?: 'Query', tasks: { __typename?: 'TaskConnection', totalCount: number } };

export type ProjectListQueryVariables = Exact<{ [key: string]: never; }>;


export type ProjectListQuery = { __typename?: 'Query', projects: { __typename?: 'ProjectConnection', edges: Array<{ __typename?: 'ProjectConnectionEdge', node: { __typename?: 'Project', id: string, name: string } }> } };

export type ProjectColumnOptionsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ProjectColumnOptionsQuery = { __typename?: 'Query', project?: { __typename?: 'Project', id: string, hyperParameters: { __typename?: 'HyperParameterKeys', total: number, parameters: Array<{ __typename?: 'HyperParameterKey', section: string, name: string }> }, metricVariants: Array<{ __typename?: 'MetricVariant', metric: string, variant: string }> } | null };

export type ProjectTagsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ProjectTagsQuery = { __typename?: 'Query', project?: { __typename?: 'Project', id: string, taskTags?: { __typename?: 'TagList', tags: Array<string> } | null } | null };

export type OrganizationTagsQueryVariables = Exact<{ [key: string]: never; }>;


export type OrganizationTagsQuery = { __typename?: 'Query', organizationTags: { __typename?: 'TagList', tags: Array<string> } };

export type TaskOverviewFragment = { __typename?: 'Task', id: string, name: string, type: TaskType, status: TaskStatus, statusReason?: string | null, statusMessage?: string | null, statusChanged?: string | null, created: string, started?: string | null, completed?: string | null, published?: string | null, lastUpdate: string, lastIteration: number, duration?: number | null, user: string, lastWorker?: string | null, lastWorkerReport?: string | null, tags: Array<string>, systemTags: Array<string>, parentId?: string | null, parent?: { __typename?: 'Task', id: string, name: string } | null, queue?: { __typename?: 'Queue', id: string, name: string } | null, project?: { __typename?: 'Project', id: string, name: string } | null, lastMetrics: Array<{ __typename?: 'LastMetric', metric: string, variant: string, value?: number | null, min?: number | null, max?: number | null }> };

export type LogLineFieldsFragment = { __typename?: 'LogLine', time: string, timestamp: number, level?: string | null, msg?: string | null, worker?: string | null };

export type TaskPageQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type TaskPageQuery = { __typename?: 'Query', task?: { __typename?: 'Task', comment?: string | null, id: string, name: string, type: TaskType, status: TaskStatus, statusReason?: string | null, statusMessage?: string | null, statusChanged?: string | null, created: string, started?: string | null, completed?: string | null, published?: string | null, lastUpdate: string, lastIteration: number, duration?: number | null, user: string, lastWorker?: string | null, lastWorkerReport?: string | null, tags: Array<string>, systemTags: Array<string>, parentId?: string | null, hyperParamList: Array<{ __typename?: 'HyperParam', section: string, name: string, value: string, type?: string | null, description?: string | null }>, configuration: Array<{ __typename?: 'ConfigurationItem', name: string, type?: string | null, description?: string | null, value: string }>, artifacts: Array<{ __typename?: 'Artifact', key: string, type: string, mode: ArtifactModeInput, uri?: string | null, contentSize?: number | null, contentType?: string | null, hash?: string | null, timestamp?: number | null, preview?: string | null }>, script: { __typename?: 'TaskScript', repository: string, branch?: string | null, entryPoint: string, workingDir?: string | null, versionNum?: string | null }, outputModel?: { __typename?: 'Model', id: string, name: string, uri: string } | null, inputModel?: { __typename?: 'Model', id: string, name: string, uri: string } | null, parent?: { __typename?: 'Task', id: string, name: string } | null, queue?: { __typename?: 'Queue', id: string, name: string } | null, project?: { __typename?: 'Project', id: string, name: string } | null, lastMetrics: Array<{ __typename?: 'LastMetric', metric: string, variant: string, value?: number | null, min?: number | null, max?: number | null }> } | null };

export type TaskScalarMetricsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type TaskScalarMetricsQuery = { __typename?: 'Query', task?: { __typename?: 'Task', id: string, scalarMetrics: Array<{ __typename?: 'MetricVariants', metric: string, variants: Array<string> }> } | null };

export type TaskLogQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  before?: InputMaybe<Scalars['String']['input']>;
}>;


export type TaskLogQuery = { __typename?: 'Query', task?: { __typename?: 'Task', id: string, log?: { __typename?: 'TaskLogConnection', edges: Array<{ __typename?: 'TaskLogEdge', node: { __typename?: 'LogLine', time: string, timestamp: number, level?: string | null, msg?: string | null, worker?: string | null } }>, pageInfo: { __typename?: 'PageInfo', hasPreviousPage: boolean, startCursor?: string | null } } | null } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const TaskRowFragmentDoc = new TypedDocumentString(`
    fragment TaskRow on Task {
  id
  name
  type
  status
  statusMessage
  created
  started
  lastUpdate
  lastIteration
  duration
  tags
  project {
    id
    name
  }
  hyperparams @include(if: $withParams)
  lastMetrics @include(if: $withMetrics) {
    metric
    variant
    value
    min
    max
  }
}
    `, {"fragmentName":"TaskRow"}) as unknown as TypedDocumentString<TaskRowFragment, unknown>;
export const TaskOverviewFragmentDoc = new TypedDocumentString(`
    fragment TaskOverview on Task {
  id
  name
  type
  status
  statusReason
  statusMessage
  statusChanged
  created
  started
  completed
  published
  lastUpdate
  lastIteration
  duration
  user
  lastWorker
  lastWorkerReport
  tags
  systemTags
  parentId
  parent {
    id
    name
  }
  queue {
    id
    name
  }
  project {
    id
    name
  }
  lastMetrics {
    metric
    variant
    value
    min
    max
  }
}
    `, {"fragmentName":"TaskOverview"}) as unknown as TypedDocumentString<TaskOverviewFragment, unknown>;
export const LogLineFieldsFragmentDoc = new TypedDocumentString(`
    fragment LogLineFields on LogLine {
  time
  timestamp
  level
  msg
  worker
}
    `, {"fragmentName":"LogLineFields"}) as unknown as TypedDocumentString<LogLineFieldsFragment, unknown>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    id
    name
    role
    company {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const MetricSeriesDocument = new TypedDocumentString(`
    query MetricSeries($taskIds: [ID!]!, $metric: String!, $maxPoints: Int!, $from: Float, $to: Float) {
  compareScalars(
    taskIds: $taskIds
    metrics: [{metric: $metric}]
    maxPoints: $maxPoints
    from: $from
    to: $to
  ) {
    taskId
    taskName
    metric
    variant
    bucketWidth
    buckets {
      x
      min
      max
      mean
      last
      count
    }
  }
}
    `) as unknown as TypedDocumentString<MetricSeriesQuery, MetricSeriesQueryVariables>;
export const EnqueueTaskActionDocument = new TypedDocumentString(`
    mutation EnqueueTaskAction($input: EnqueueTaskInput!) {
  enqueueTask(input: $input) {
    __typename
    ... on MutationEnqueueTaskSuccess {
      data {
        id
        status
        statusMessage
        lastUpdate
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<EnqueueTaskActionMutation, EnqueueTaskActionMutationVariables>;
export const StopTaskActionDocument = new TypedDocumentString(`
    mutation StopTaskAction($input: TaskStatusChangeInput!) {
  stopTask(input: $input) {
    __typename
    ... on MutationStopTaskSuccess {
      data {
        id
        status
        statusMessage
        lastUpdate
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<StopTaskActionMutation, StopTaskActionMutationVariables>;
export const ResetTaskActionDocument = new TypedDocumentString(`
    mutation ResetTaskAction($input: ResetTaskInput!) {
  resetTask(input: $input) {
    __typename
    ... on MutationResetTaskSuccess {
      data {
        id
        status
        statusMessage
        lastUpdate
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ResetTaskActionMutation, ResetTaskActionMutationVariables>;
export const PublishTaskActionDocument = new TypedDocumentString(`
    mutation PublishTaskAction($input: PublishTaskInput!) {
  publishTask(input: $input) {
    __typename
    ... on MutationPublishTaskSuccess {
      data {
        id
        status
        statusMessage
        lastUpdate
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<PublishTaskActionMutation, PublishTaskActionMutationVariables>;
export const DeleteTaskActionDocument = new TypedDocumentString(`
    mutation DeleteTaskAction($input: DeleteTaskInput!) {
  deleteTask(input: $input) {
    __typename
    ... on MutationDeleteTaskSuccess {
      data {
        deleted
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteTaskActionMutation, DeleteTaskActionMutationVariables>;
export const TaskChangedDocument = new TypedDocumentString(`
    subscription TaskChanged($filter: TaskFilter, $withParams: Boolean!, $withMetrics: Boolean!) {
  taskChanged(filter: $filter) {
    kind
    id
    task {
      ...TaskRow
    }
  }
}
    fragment TaskRow on Task {
  id
  name
  type
  status
  statusMessage
  created
  started
  lastUpdate
  lastIteration
  duration
  tags
  project {
    id
    name
  }
  hyperparams @include(if: $withParams)
  lastMetrics @include(if: $withMetrics) {
    metric
    variant
    value
    min
    max
  }
}`) as unknown as TypedDocumentString<TaskChangedSubscription, TaskChangedSubscriptionVariables>;
export const TaskPageChangedDocument = new TypedDocumentString(`
    subscription TaskPageChanged($filter: TaskFilter) {
  taskChanged(filter: $filter) {
    kind
    id
    task {
      ...TaskOverview
    }
  }
}
    fragment TaskOverview on Task {
  id
  name
  type
  status
  statusReason
  statusMessage
  statusChanged
  created
  started
  completed
  published
  lastUpdate
  lastIteration
  duration
  user
  lastWorker
  lastWorkerReport
  tags
  systemTags
  parentId
  parent {
    id
    name
  }
  queue {
    id
    name
  }
  project {
    id
    name
  }
  lastMetrics {
    metric
    variant
    value
    min
    max
  }
}`) as unknown as TypedDocumentString<TaskPageChangedSubscription, TaskPageChangedSubscriptionVariables>;
export const TaskLogTailDocument = new TypedDocumentString(`
    subscription TaskLogTail($task: ID!) {
  taskLog(task: $task) {
    task
    lines {
      ...LogLineFields
    }
  }
}
    fragment LogLineFields on LogLine {
  time
  timestamp
  level
  msg
  worker
}`) as unknown as TypedDocumentString<TaskLogTailSubscription, TaskLogTailSubscriptionVariables>;
export const ScalarTailDocument = new TypedDocumentString(`
    subscription ScalarTail($task: ID!, $metrics: [String!]) {
  scalarAppended(task: $task, metrics: $metrics) {
    task
    points {
      metric
      variant
      iteration
      value
      timestamp
    }
  }
}
    `) as unknown as TypedDocumentString<ScalarTailSubscription, ScalarTailSubscriptionVariables>;
export const CompareTasksDocument = new TypedDocumentString(`
    query CompareTasks($ids: [ID!]!) {
  tasks(filter: {ids: $ids}, first: 100) {
    edges {
      node {
        id
        name
        status
        hyperParamList {
          section
          name
          value
        }
        lastMetrics {
          metric
          variant
          value
          min
          max
        }
        scalarMetrics {
          metric
          variants
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CompareTasksQuery, CompareTasksQueryVariables>;
export const TaskTableDocument = new TypedDocumentString(`
    query TaskTable($filter: TaskFilter, $orderBy: [TaskOrder!], $first: Int!, $after: String, $withParams: Boolean!, $withMetrics: Boolean!) {
  tasks(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    edges {
      node {
        ...TaskRow
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment TaskRow on Task {
  id
  name
  type
  status
  statusMessage
  created
  started
  lastUpdate
  lastIteration
  duration
  tags
  project {
    id
    name
  }
  hyperparams @include(if: $withParams)
  lastMetrics @include(if: $withMetrics) {
    metric
    variant
    value
    min
    max
  }
}`) as unknown as TypedDocumentString<TaskTableQuery, TaskTableQueryVariables>;
export const TaskCountDocument = new TypedDocumentString(`
    query TaskCount($filter: TaskFilter) {
  tasks(filter: $filter, first: 1) {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<TaskCountQuery, TaskCountQueryVariables>;
export const ProjectListDocument = new TypedDocumentString(`
    query ProjectList {
  projects(first: 1000, orderBy: [{field: NAME}]) {
    edges {
      node {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ProjectListQuery, ProjectListQueryVariables>;
export const ProjectColumnOptionsDocument = new TypedDocumentString(`
    query ProjectColumnOptions($id: ID!) {
  project(id: $id) {
    id
    hyperParameters(pageSize: 500) {
      total
      parameters {
        section
        name
      }
    }
    metricVariants {
      metric
      variant
    }
  }
}
    `) as unknown as TypedDocumentString<ProjectColumnOptionsQuery, ProjectColumnOptionsQueryVariables>;
export const ProjectTagsDocument = new TypedDocumentString(`
    query ProjectTags($id: ID!) {
  project(id: $id) {
    id
    taskTags {
      tags
    }
  }
}
    `) as unknown as TypedDocumentString<ProjectTagsQuery, ProjectTagsQueryVariables>;
export const OrganizationTagsDocument = new TypedDocumentString(`
    query OrganizationTags {
  organizationTags {
    tags
  }
}
    `) as unknown as TypedDocumentString<OrganizationTagsQuery, OrganizationTagsQueryVariables>;
export const TaskPageDocument = new TypedDocumentString(`
    query TaskPage($id: ID!) {
  task(id: $id) {
    ...TaskOverview
    comment
    hyperParamList {
      section
      name
      value
      type
      description
    }
    configuration {
      name
      type
      description
      value
    }
    artifacts {
      key
      type
      mode
      uri
      contentSize
      contentType
      hash
      timestamp
      preview
    }
    script {
      repository
      branch
      entryPoint
      workingDir
      versionNum
    }
    outputModel {
      id
      name
      uri
    }
    inputModel {
      id
      name
      uri
    }
  }
}
    fragment TaskOverview on Task {
  id
  name
  type
  status
  statusReason
  statusMessage
  statusChanged
  created
  started
  completed
  published
  lastUpdate
  lastIteration
  duration
  user
  lastWorker
  lastWorkerReport
  tags
  systemTags
  parentId
  parent {
    id
    name
  }
  queue {
    id
    name
  }
  project {
    id
    name
  }
  lastMetrics {
    metric
    variant
    value
    min
    max
  }
}`) as unknown as TypedDocumentString<TaskPageQuery, TaskPageQueryVariables>;
export const TaskScalarMetricsDocument = new TypedDocumentString(`
    query TaskScalarMetrics($id: ID!) {
  task(id: $id) {
    id
    scalarMetrics {
      metric
      variants
    }
  }
}
    `) as unknown as TypedDocumentString<TaskScalarMetricsQuery, TaskScalarMetricsQueryVariables>;
export const TaskLogDocument = new TypedDocumentString(`
    query TaskLog($id: ID!, $before: String) {
  task(id: $id) {
    id
    log(last: 200, before: $before) {
      edges {
        node {
          ...LogLineFields
        }
      }
      pageInfo {
        hasPreviousPage
        startCursor
      }
    }
  }
}
    fragment LogLineFields on LogLine {
  time
  timestamp
  level
  msg
  worker
}`) as unknown as TypedDocumentString<TaskLogQuery, TaskLogQueryVariables>;