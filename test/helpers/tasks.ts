// Seeding tasks in a given state, straight through Prisma (the thing under test is the domain).
import { db } from '../../src/db.ts';
import type { Prisma, TaskStatus } from '../../src/generated/prisma/client.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';

export async function seedTask(actor: Actor, data: Partial<Prisma.TaskUncheckedCreateInput> = {}) {
  return db.task.create({
    data: { id: newId(), companyId: actor.companyId, userId: actor.userId, name: 'seeded task', type: 'training', ...data },
  });
}

export async function seedQueue(actor: Actor, name = `queue ${newId().slice(0, 6)}`, systemTags: string[] = []) {
  return db.queue.create({ data: { id: newId(), companyId: actor.companyId, name, systemTags } });
}

/** A task in `status`; a queued task really sits in `queueId`'s queue. */
export async function seedTaskInStatus(actor: Actor, status: TaskStatus, queueId: string, extra: Partial<Prisma.TaskUncheckedCreateInput> = {}) {
  const task = await seedTask(actor, {
    status,
    started: ['created', 'queued'].includes(status) ? null : new Date(Date.now() - 60_000),
    queueId: status === 'queued' ? queueId : null,
    ...extra,
  });
  if (status === 'queued') await db.queueEntry.create({ data: { queueId, taskId: task.id, rank: Date.now() } });
  return task;
}
