// Removing a task's events (neighbours spec B.5.3): events.delete_for_task, and the part of
// tasks.reset that drops the task's results. Task statistics are left as they are.
import { db } from '../../db.ts';
import type { Actor } from '../context.ts';
import { TaskNotFoundError } from '../errors.ts';
import { checkId, type Tx } from '../tasks/access.ts';

export interface DeleteTaskEventsOptions {
  /** Also delete the events of a publishing/published task. */
  allowLocked?: boolean;
}

/**
 * Deletes every event (all types) of one of the caller's own tasks and returns how many were
 * removed. Throws TaskNotFoundError for unknown, foreign and public tasks, and for
 * publishing/published tasks unless `allowLocked`.
 */
export async function deleteTaskEvents(actor: Actor, taskId: string, options: DeleteTaskEventsOptions = {}): Promise<number> {
  return db.$transaction(async (tx) => {
    checkId('task', taskId);
    // Public tasks count as missing here (400/101), not as read-only.
    const task = await tx.task.findFirst({ where: { id: taskId, companyId: actor.companyId }, select: { id: true, status: true } });
    if (!task) throw new TaskNotFoundError(taskId);
    if (!options.allowLocked && (task.status === 'published' || task.status === 'publishing')) {
      throw new TaskNotFoundError(taskId, 'or task published');
    }
    return deleteEventsOfTask(tx, task.id);
  }, { timeout: 120_000 });
}

/** Deletes all events of a task the caller already checked (inside its transaction). */
export async function deleteEventsOfTask(client: Tx, taskId: string): Promise<number> {
  return (await client.event.deleteMany({ where: { taskId } })).count;
}
