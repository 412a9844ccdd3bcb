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
  // --- access keys (lead) ---
  | 'ACCESS_KEY_NOT_FOUND'
  | 'NOT_ALLOWED'
  // --- models ---
  | 'MODEL_ALREADY_READY'
  | 'MODEL_IN_USE'
  | 'MODEL_TASK_PUBLISHED'
  // --- projects & organization ---
  | 'PROJECT_HAS_TASKS'
  | 'PROJECT_HAS_MODELS'
  | 'USER_NOT_FOUND'
  | 'INVALID_USER'
  // --- queues & workers ---
  | 'QUEUE_NOT_EMPTY'
  | 'QUEUE_ENTRY_MOVED'
  | 'WORKER_INVALID_TIMEOUT'
  | 'WORKER_NOT_REGISTERED'
  | 'WORKER_REGISTRATION_FAILED'
  | 'WORKER_USER_NOT_FOUND'
  | 'NO_WORKER_STATS'
  // --- events (metrics & series) ---
  | 'SCROLL_STATE_MISMATCH'
  // --- events (write & logs) ---
  | 'EVENTS_NOT_ADDED'
  | 'EMPTY_BATCH'
  | 'INVALID_SCROLL_ID'
  // --- live updates ---
  | 'RESYNC_REQUIRED'
  | 'SUBSCRIBER_TOO_SLOW'
  | 'SHUTTING_DOWN';

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

// --- database input errors (lead) ---

/** The SQLSTATE of a database error, from any path (pg, PGlite, Prisma driver adapters). */
export function sqlStateOf(error: unknown): string | undefined {
  const prisma = (error as Error)?.name?.startsWith('PrismaClient') ?? false; // its `code` is Pxxxx
  const candidates = [
    prisma ? undefined : (error as { code?: unknown })?.code,
    (error as { meta?: { code?: unknown } })?.meta?.code,
    (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } })?.meta?.driverAdapterError?.cause?.originalCode,
    (error as { cause?: { code?: unknown } })?.cause?.code,
  ];
  return candidates.find((c): c is string => typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c));
}

/**
 * A value the database refused as data (SQLSTATE class 22: a NUL character in text, a number out
 * of its column's range, a malformed date...) is the caller's bad input, not a server failure:
 * it becomes a ValidationError (INVALID_INPUT). The statement failed, so nothing was written.
 * Anything else is returned unchanged.
 */
export function asInputError(error: unknown): unknown {
  // A date built from a client's number beyond what Date can represent
  if (error instanceof RangeError && error.message === 'Invalid time value') {
    return new ValidationError('input', 'a date or time value is out of range', 'INVALID_INPUT');
  }
  const state = sqlStateOf(error);
  if (!state?.startsWith('22')) return error;
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalMessage?: unknown } } } })?.meta?.driverAdapterError?.cause;
  const detail = typeof cause?.originalMessage === 'string' ? cause.originalMessage : (error as Error).message;
  const reason = state === '22021' || state === '22P05' ? 'text contains a character the database cannot store (e.g. NUL)' : (detail ?? 'invalid value').split('\n')[0]!.slice(0, 200);
  return new ValidationError('input', reason, 'INVALID_INPUT');
}

const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNABORTED']);
// Prisma: can't reach the server, timed out, connection closed, pool timeout
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/**
 * Whether a failure means the database cannot be reached right now (down, restarting, refusing
 * connections), as opposed to a bug or bad input: callers should retry later (HTTP 503).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_NODE_CODES.has(code) || UNAVAILABLE_PRISMA_CODES.has(code))) return true;
    const message = (e as Error).message ?? '';
    if (/Connection terminated|connection (is )?closed|Client has encountered a connection error|timeout exceeded when trying to connect|the database system is (shutting down|starting up|in recovery mode)|terminating connection due to administrator command|Can't reach database server/i.test(message)) {
      return true;
    }
  }
  const state = sqlStateOf(error);
  return state !== undefined && (state.startsWith('08') || ['57P01', '57P02', '57P03'].includes(state));
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

// --- live updates ---

/**
 * A live subscription ended because changes may have been missed (the server's listening
 * connection to the database was re-established) or the subscriber fell too far behind
 * (SUBSCRIBER_TOO_SLOW), or because the server is stopping (SHUTTING_DOWN): query again, then
 * subscribe again.
 */
export class SubscriptionEndedError extends DomainError {
  constructor(code: 'RESYNC_REQUIRED' | 'SUBSCRIBER_TOO_SLOW' | 'SHUTTING_DOWN', message: string) {
    super(code, message);
  }
}
