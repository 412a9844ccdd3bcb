// Expected outcomes of domain calls, each with a stable code. Transports map codes to their own
// wire form (GraphQL error types, legacy code/subcode); anything else is an unexpected failure.

export type DomainErrorCode =
  | 'TASK_NOT_FOUND'
  | 'PROJECT_NOT_FOUND'
  | 'MODEL_NOT_FOUND'
  | 'QUEUE_NOT_FOUND'
  | 'PARENT_NOT_FOUND'
  | 'INVALID_TASK_STATUS'
  | 'TASK_NOT_QUEUED'
  | 'UNSUPPORTED_STATUS'
  | 'STATUS_CONFLICT'
  | 'CONCURRENT_UPDATE'
  | 'PUBLIC_READ_ONLY'
  | 'TASK_CANNOT_BE_DELETED'
  | 'TASK_MISSING_FIELDS'
  | 'INVALID_INPUT'
  | 'MISSING_FIELD'
  | 'INVALID_FIELD_VALUE'
  | 'UNKNOWN_FIELD'
  | 'INVALID_REGEX'
  | 'CONFLICTING_FIELDS'
  | 'DATA_VALIDATION'
  | 'ALREADY_EXISTS'
  | 'NO_DEFAULT_QUEUE'
  | 'MULTIPLE_DEFAULT_QUEUES'
  | 'TASK_ALREADY_QUEUED'
  | 'TASK_NOT_IN_QUEUE'
  // --- events (write & logs) ---
  | 'EVENTS_NOT_ADDED'
  | 'EMPTY_BATCH'
  | 'INVALID_SCROLL_ID';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: DomainErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

export class NotFoundError extends DomainError {
  readonly entity: string;
  readonly ids: readonly string[];
  constructor(
    code: 'TASK_NOT_FOUND' | 'PROJECT_NOT_FOUND' | 'MODEL_NOT_FOUND' | 'QUEUE_NOT_FOUND' | 'PARENT_NOT_FOUND',
    entity: string,
    ids: readonly string[],
    extra = '',
  ) {
    super(code, `${entity} not found${extra ? ` (${extra})` : ''}: ${ids.join(', ')}`, { ids });
    this.entity = entity;
    this.ids = ids;
  }
}

export class TaskNotFoundError extends NotFoundError {
  constructor(ids: string | readonly string[], extra = '') {
    super('TASK_NOT_FOUND', 'Task', typeof ids === 'string' ? [ids] : ids, extra);
  }
}

export class InvalidStatusTransitionError extends DomainError {
  readonly taskId: string;
  readonly from: string;
  readonly to: string;
  constructor(taskId: string, from: string, to: string, reason = 'Invalid status change') {
    super('INVALID_TASK_STATUS', `${reason}: task ${taskId} cannot go from ${from} to ${to}`, {
      taskId,
      from,
      to,
      reason,
    });
    this.taskId = taskId;
    this.from = from;
    this.to = to;
  }
}

/** A compare-and-set status update matched nothing: someone changed the task first. */
export class StatusConflictError extends DomainError {
  readonly taskId: string;
  readonly from: string;
  readonly to: string;
  constructor(taskId: string, from: string, to: string) {
    super(
      'STATUS_CONFLICT',
      `task ${taskId} changed status concurrently (expected ${from} when moving to ${to})`,
      { taskId, from, to },
    );
    this.taskId = taskId;
    this.from = from;
    this.to = to;
  }
}

export class ValidationError extends DomainError {
  readonly field: string;
  constructor(
    field: string,
    message: string,
    code: 'INVALID_INPUT' | 'MISSING_FIELD' | 'INVALID_FIELD_VALUE' | 'UNKNOWN_FIELD' | 'INVALID_REGEX' | 'CONFLICTING_FIELDS' | 'DATA_VALIDATION' = 'INVALID_INPUT',
    details: Record<string, unknown> = {},
  ) {
    super(code, `${message} (field: ${field})`, { field, ...details });
    this.field = field;
  }
}

export class PublicReadOnlyError extends DomainError {
  constructor(entity: string, ids: readonly string[]) {
    super('PUBLIC_READ_ONLY', `cannot modify public ${entity}(s): ${ids.join(', ')}`, { ids });
  }
}

// --- events (write & logs) ---

/** No event of a batch was stored; `errorsInfo` counts the rejected events by reason. */
export class EventsNotAddedError extends DomainError {
  readonly errorsInfo: Readonly<Record<string, number>>;
  constructor(errorsInfo: Record<string, number>) {
    const reasons = Object.entries(errorsInfo).map(([reason, count]) => `${reason}=${count}`);
    super('EVENTS_NOT_ADDED', `Events not added: ${reasons.join(', ')}`, { errorsInfo });
    this.errorsInfo = errorsInfo;
  }
}

/** A scroll id that is unknown, expired or belongs to another company. */
export class InvalidScrollError extends DomainError {
  constructor(scrollId: string) {
    super('INVALID_SCROLL_ID', `Invalid scroll id (unknown or expired): scroll_id=${scrollId}`, { scrollId });
  }
}
