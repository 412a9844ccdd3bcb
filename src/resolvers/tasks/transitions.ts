// The task status state machine (legacy spec §5.1) as data. No I/O.
import type { TaskStatus } from '../../generated/prisma/enums.ts';

export const taskStatuses = [
  'created',
  'queued',
  'in_progress',
  'stopped',
  'publishing',
  'published',
  'closed',
  'failed',
  'completed',
  'unknown',
] as const satisfies readonly TaskStatus[];

// Targets reachable without `force`, per current status. `unknown` has no row: any non-forced
// change from it is refused as unsupported. A same-status change is always allowed (see canTransition).
const allowed: Record<Exclude<TaskStatus, 'unknown'>, readonly TaskStatus[]> = {
  created: ['queued', 'in_progress'],
  queued: ['created', 'in_progress'],
  in_progress: ['created', 'stopped', 'failed', 'completed'],
  stopped: ['created', 'in_progress', 'closed', 'failed', 'publishing', 'published', 'completed'],
  closed: ['created', 'stopped', 'failed', 'publishing', 'published'],
  failed: ['created', 'stopped', 'published'],
  publishing: ['published'],
  published: [],
  completed: ['created', 'in_progress', 'published'],
};

export type TransitionVerdict = 'allowed' | 'forbidden' | 'unsupported';

/** Whether `from -> to` is allowed without force. Same-status changes are allowed. */
export function checkTransition(from: TaskStatus, to: TaskStatus): TransitionVerdict {
  if (from === 'unknown') return 'unsupported';
  if (from === to) return 'allowed';
  return allowed[from].includes(to) ? 'allowed' : 'forbidden';
}

export const canTransition = (from: TaskStatus, to: TaskStatus) => checkTransition(from, to) === 'allowed';
