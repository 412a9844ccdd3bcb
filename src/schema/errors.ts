// GraphQL shapes of the domain errors: an `Error` interface ({ code, message }) implemented by one
// object type per error class. Mutations list them in their result unions.
import {
  DomainError,
  type DomainErrorCode,
  InvalidStatusTransitionError,
  NotFoundError,
  PublicReadOnlyError,
  StatusConflictError,
  ValidationError,
} from '../resolvers/errors.ts';
import { builder } from './builder.ts';

const errorCodes: Record<DomainErrorCode, string> = {
  TASK_NOT_FOUND: 'No task with this id is visible to the caller',
  PROJECT_NOT_FOUND: 'No project with this id is visible to the caller',
  MODEL_NOT_FOUND: 'No model with this id is visible to the caller',
  QUEUE_NOT_FOUND: 'No queue with this id in the caller company',
  PARENT_NOT_FOUND: 'The parent task is not visible to the caller',
  INVALID_TASK_STATUS: 'The task status does not allow this action',
  TASK_NOT_QUEUED: 'The task is not queued',
  UNSUPPORTED_STATUS: 'The task is in a status the state machine does not support',
  STATUS_CONFLICT: 'Someone changed the task status concurrently',
  CONCURRENT_UPDATE: 'Someone changed the object concurrently',
  PUBLIC_READ_ONLY: 'Public objects are read-only',
  TASK_CANNOT_BE_DELETED: 'The task cannot be deleted or reset without force',
  TASK_MISSING_FIELDS: 'The task lacks fields this action needs',
  INVALID_INPUT: 'An argument is invalid',
  MISSING_FIELD: 'A required argument is missing',
  INVALID_FIELD_VALUE: 'A field value is not acceptable',
  UNKNOWN_FIELD: 'A field name is unknown',
  INVALID_REGEX: 'A regular expression is malformed',
  CONFLICTING_FIELDS: 'Arguments contradict each other',
  DATA_VALIDATION: 'The resulting object would be invalid',
  ALREADY_EXISTS: 'An object with these values already exists',
  NO_DEFAULT_QUEUE: 'No queue is tagged as the default queue',
  MULTIPLE_DEFAULT_QUEUES: 'More than one queue is tagged as the default queue',
  TASK_ALREADY_QUEUED: 'The task is already in the queue',
  TASK_NOT_IN_QUEUE: 'The task is not in its queue',
  // --- access keys (lead) ---
  ACCESS_KEY_NOT_FOUND: 'No access key with this id that the caller may manage',
  NOT_ALLOWED: 'The caller role does not allow this action',
  // --- models ---
  MODEL_ALREADY_READY: 'The model is already ready (published)',
  MODEL_IN_USE: 'Tasks use the model as their input model (use force)',
  MODEL_TASK_PUBLISHED: 'The published task that created the model still exists (use force)',
  // --- projects & organization ---
  PROJECT_HAS_TASKS: 'The project still has non-archived tasks (delete with force)',
  PROJECT_HAS_MODELS: 'The project still has non-archived models (delete with force)',
  USER_NOT_FOUND: 'No user with this id in the caller company',
  INVALID_USER: 'The caller has no user record',
  // --- queues & workers ---
  QUEUE_NOT_EMPTY: 'The queue still holds tasks (delete with force)',
  QUEUE_ENTRY_MOVED: 'The queue entry was removed while it was being moved',
  WORKER_INVALID_TIMEOUT: 'The worker registration timeout must be positive',
  WORKER_NOT_REGISTERED: 'No worker with this id is registered by the caller',
  WORKER_REGISTRATION_FAILED: 'The worker could not be registered',
  WORKER_USER_NOT_FOUND: 'The caller has no user record',
  NO_WORKER_STATS: 'No worker statistics were recorded',
  // --- events (metrics & series) ---
  SCROLL_STATE_MISMATCH: 'The navigation state was made for other task metrics',
  // --- events (write & logs) ---
  EVENTS_NOT_ADDED: 'No event of the batch was accepted',
  EMPTY_BATCH: 'The batch contains no items',
  INVALID_SCROLL_ID: 'The scroll id is unknown or expired',
  // --- live updates ---
  RESYNC_REQUIRED: 'Live updates were interrupted; query again, then subscribe again',
  SUBSCRIBER_TOO_SLOW: 'Too many live updates were waiting for the subscriber; query again, then subscribe again',
  SHUTTING_DOWN: 'The server is shutting down; subscribe again later',
};

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'Stable machine-readable error codes, shared with the legacy API mapping.',
  values: Object.fromEntries(
    Object.entries(errorCodes).map(([code, description]) => [code, { value: code, description }]),
  ) as Record<DomainErrorCode, { value: DomainErrorCode; description: string }>,
});

export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'An expected failure of an operation.',
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (e) => e.code }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof NotFoundError,
  fields: (t) => ({
    entity: t.exposeString('entity'),
    ids: t.exposeStringList('ids'),
  }),
});

builder.objectType(InvalidStatusTransitionError, {
  name: 'InvalidStatusTransitionError',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof InvalidStatusTransitionError,
  fields: (t) => ({
    taskId: t.exposeString('taskId'),
    from: t.exposeString('from', { description: 'Current status' }),
    to: t.exposeString('to', { description: 'Requested status' }),
  }),
});

builder.objectType(StatusConflictError, {
  name: 'StatusConflictError',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof StatusConflictError,
  fields: (t) => ({
    taskId: t.exposeString('taskId'),
    from: t.exposeString('from', { description: 'The status the change was conditioned on' }),
    to: t.exposeString('to'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof ValidationError,
  fields: (t) => ({ field: t.exposeString('field') }),
});

builder.objectType(PublicReadOnlyError, {
  name: 'PublicReadOnlyError',
  interfaces: [ErrorInterface],
  isTypeOf: (e) => e instanceof PublicReadOnlyError,
  fields: () => ({}),
});

builder.objectType(DomainError, {
  name: 'OperationError',
  description: 'Any other expected failure; `code` tells which.',
  interfaces: [ErrorInterface],
  isTypeOf: (e) =>
    e instanceof DomainError &&
    !(e instanceof NotFoundError || e instanceof InvalidStatusTransitionError ||
      e instanceof StatusConflictError || e instanceof ValidationError || e instanceof PublicReadOnlyError),
  fields: () => ({}),
});

/** Error types every task mutation can return (the most specific class matches first). */
export const taskMutationErrors = [
  NotFoundError,
  InvalidStatusTransitionError,
  StatusConflictError,
  ValidationError,
  PublicReadOnlyError,
  DomainError,
];
