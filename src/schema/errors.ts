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
  // --- events (write & logs) ---
  EVENTS_NOT_ADDED: 'No event of the batch was accepted',
  EMPTY_BATCH: 'The batch contains no items',
  INVALID_SCROLL_ID: 'The scroll id is unknown or expired',
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
