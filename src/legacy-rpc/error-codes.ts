// Legacy wire codes (legacy spec §3.2) of the domain error codes: [result_code, result_subcode].
// A new domain code does not compile until it is mapped here.
import type { DomainErrorCode } from '../resolvers/errors.ts';

export const legacyErrorCodes: Record<DomainErrorCode, readonly [number, number]> = {
  TASK_NOT_FOUND: [400, 101],
  PARENT_NOT_FOUND: [400, 101], // "Invalid task id (invalid parent)"
  TASK_NOT_QUEUED: [400, 101], // dequeue of a non-queued task: the original's quirk
  PROJECT_NOT_FOUND: [400, 401],
  MODEL_NOT_FOUND: [400, 201],
  QUEUE_NOT_FOUND: [400, 701],
  INVALID_TASK_STATUS: [400, 110],
  STATUS_CONFLICT: [400, 121],
  TASK_MISSING_FIELDS: [400, 122],
  TASK_CANNOT_BE_DELETED: [400, 123],
  UNSUPPORTED_STATUS: [500, 1],
  CONCURRENT_UPDATE: [500, 110],
  PUBLIC_READ_ONLY: [403, 21],
  MISSING_FIELD: [400, 11],
  INVALID_INPUT: [400, 12],
  UNKNOWN_FIELD: [400, 14],
  CONFLICTING_FIELDS: [400, 15],
  INVALID_FIELD_VALUE: [400, 16],
  INVALID_REGEX: [400, 21],
  DATA_VALIDATION: [400, 800],
  ALREADY_EXISTS: [400, 801],
  TASK_NOT_IN_QUEUE: [400, 703],
  TASK_ALREADY_QUEUED: [400, 706],
  NO_DEFAULT_QUEUE: [400, 707],
  MULTIPLE_DEFAULT_QUEUES: [400, 708],
  // --- access keys (lead) ---
  ACCESS_KEY_NOT_FOUND: [400, 300], // "Invalid user (invalid user or invalid access key)"
  NOT_ALLOWED: [403, 20],
  // --- models ---
  MODEL_ALREADY_READY: [400, 203],
  MODEL_IN_USE: [400, 205],
  MODEL_TASK_PUBLISHED: [400, 206],
  // --- projects & organization ---
  PROJECT_HAS_TASKS: [400, 402],
  PROJECT_HAS_MODELS: [400, 405],
  INVALID_USER: [400, 300],
  USER_NOT_FOUND: [400, 301],
  // --- queues & workers ---
  QUEUE_NOT_EMPTY: [400, 702],
  QUEUE_ENTRY_MOVED: [400, 704],
  WORKER_INVALID_TIMEOUT: [400, 1002],
  WORKER_NOT_REGISTERED: [400, 1004],
  WORKER_REGISTRATION_FAILED: [400, 1001],
  WORKER_USER_NOT_FOUND: [400, 301],
  NO_WORKER_STATS: [400, 1005],
  // --- events (metrics & series) ---
  SCROLL_STATE_MISMATCH: [400, 1104], // debug_images navigation state made for other task metrics
  // --- events (write & logs) ---
  EVENTS_NOT_ADDED: [400, 131],
  EMPTY_BATCH: [400, 17],
  INVALID_SCROLL_ID: [400, 12], // the original answers 500/100; a bad scroll id is the caller's input (no 5xx)
  // --- live updates --- (GraphQL subscriptions only; no legacy call raises them)
  RESYNC_REQUIRED: [500, 0],
  SUBSCRIBER_TOO_SLOW: [500, 0],
  SHUTTING_DOWN: [500, 0],
};

/** Code and subcode of any thrown value: unexpected failures are 500/0. */
export function legacyCodeOf(error: unknown): readonly [number, number] {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code in legacyErrorCodes ? legacyErrorCodes[code as DomainErrorCode] : [500, 0];
}
