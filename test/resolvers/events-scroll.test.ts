// Scroll ids of the event reads (B.5.11) at the domain level: lifetime and refresh, company
// binding, release after an empty page, and the keyset paging staying exact under concurrent writes.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { addEvents } from '../../src/resolvers/events/ingest.ts';
import { getTaskLog } from '../../src/resolvers/events/log.ts';
import {
  EXHAUSTED_SCROLL_ID,
  SCROLL_TTL_MS,
  createScroll,
  loadScroll,
  saveScroll,
} from '../../src/resolvers/events/scroll.ts';
import { getTaskEvents } from '../../src/resolvers/events/task-events.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('scroll state', () => {
  it('is bound to the company, refreshed on use and invalid once expired', async () => {
    const actor = await seedActor();
    const other = await seedActor();
    const id = await createScroll(actor, { position: 1 });
    expect(await loadScroll(actor, id)).toEqual({ position: 1 });
    expect(await codeOf(loadScroll(other, id))).toBe('INVALID_SCROLL_ID');
    await saveScroll(actor, id, { position: 2 });
    await db.eventScroll.update({ where: { id }, data: { expires: new Date(Date.now() + 60_000) } }); // still valid however slow the next call
    expect(await loadScroll(actor, id)).toEqual({ position: 2 });
    const row = await db.eventScroll.findUniqueOrThrow({ where: { id } });
    expect(row.expires.getTime()).toBeGreaterThan(Date.now() + SCROLL_TTL_MS - 60_000);
    await db.eventScroll.update({ where: { id }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await codeOf(loadScroll(actor, id))).toBe('INVALID_SCROLL_ID');
    // Expired states are dropped when new ones are made.
    await createScroll(actor, {});
    expect(await db.eventScroll.findUnique({ where: { id } })).toBeNull();
  });

  it('pages stay exact while events are added between pages, and the id is released at the end', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await addEvents(actor, Array.from({ length: 10 }, (_, i) => ({ type: 'log', task: task.id, msg: String(i), timestamp: 1000 + i })));
    const first = await getTaskEvents(actor, { taskId: task.id, batchSize: 4 });
    expect(first.items.map((e) => e.msg)).toEqual(['0', '1', '2', '3']);
    // A late event with an earlier timestamp does not shift the pages already defined by the keyset.
    await addEvents(actor, [{ type: 'log', task: task.id, msg: 'late', timestamp: 1 }]);
    const second = await getTaskEvents(actor, { taskId: task.id, scrollId: first.scrollId });
    expect(second.items.map((e) => e.msg)).toEqual(['4', '5', '6', '7']);
    const third = await getTaskEvents(actor, { taskId: task.id, scrollId: first.scrollId });
    expect(third.items.map((e) => e.msg)).toEqual(['8', '9']);
    const end = await getTaskEvents(actor, { taskId: task.id, scrollId: first.scrollId });
    expect(end).toEqual({ items: [], total: 10, scrollId: EXHAUSTED_SCROLL_ID });
    expect(await db.eventScroll.findUnique({ where: { id: first.scrollId! } })).toBeNull();
  });
});

describe('getTaskLog', () => {
  it('completes the last timestamp even beyond batch_size and counts all log events', async () => {
    const actor = await seedActor();
    const task = await seedTask(actor);
    await addEvents(actor, [
      ...Array.from({ length: 4 }, (_, i) => ({ type: 'log', task: task.id, msg: `same ${i}`, timestamp: 7 })),
      { type: 'log', task: task.id, msg: 'older', timestamp: 6 },
      { type: 'training_stats_scalar', task: task.id, iter: 1, metric: 'm', variant: 'v', value: 1, timestamp: 9 },
    ]);
    const page = await getTaskLog(actor, { taskId: task.id, batchSize: 1 });
    expect(page.events).toHaveLength(4);
    expect(page.total).toBe(5);
    expect(new Set(page.events.map((e) => e.timestamp))).toEqual(new Set([7]));
    const next = await getTaskLog(actor, { taskId: task.id, batchSize: 1, fromTimestamp: 7 });
    expect(next.events.map((e) => e.msg)).toEqual(['older']);
    const other = await seedActor();
    expect(await codeOf(getTaskLog(other, { taskId: task.id }))).toBe('TASK_NOT_FOUND');
  });
});
