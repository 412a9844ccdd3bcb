// Live scalar points of one task, shared by every subscriber of that task in one company: told that
// scalars were stored, it reads the points stored (or overwritten) after the last one it published,
// in (timestamp, id) order over the (task, type, timestamp, id) index, once for all of them.
// Talks to Postgres (or PGlite) through readSql only.
import { Prisma, readSql } from '../../db.ts';
import type { Actor } from '../context.ts';
import { getReadableEventTask } from '../events/read-scope.ts';
import { SharedSource } from './stream.ts';

export interface ScalarPoint {
  metric: string;
  variant: string;
  iteration: number;
  value: number;
  /** Epoch milliseconds of the event. */
  timestamp: number;
}

export interface ScalarAppend {
  task: string;
  points: ScalarPoint[];
}

/** Keyset position of a stored scalar event. */
interface EventPosition {
  timestamp: string;
  id: string;
}

/** Points read per statement (and published per item). */
export const SCALAR_PAGE = 1000;

/** The newest scalar event of a readable task (TaskNotFoundError otherwise); null when none. */
async function lastScalarPosition(actor: Actor, taskId: string): Promise<EventPosition | null> {
  const task = await getReadableEventTask(actor, taskId);
  const [row] = await readSql<EventPosition>(Prisma.sql`
    SELECT "timestamp"::text AS "timestamp", "id"::text AS "id" FROM "event"
    WHERE "task" = ${task.id} AND "type" = 'training_stats_scalar'
    ORDER BY "timestamp" DESC, "id" DESC LIMIT 1`);
  return row ?? null;
}

/**
 * Scalar points of a readable task stored after `after` (all when null), oldest first, at most
 * SCALAR_PAGE, with the position of the last row read. Events without a finite value are skipped.
 */
async function listScalarPointsAfter(actor: Actor, taskId: string, after: EventPosition | null) {
  const task = await getReadableEventTask(actor, taskId);
  const bound = after
    ? Prisma.sql`AND ("timestamp", "id") > (${after.timestamp}::int8, ${after.id}::int8)`
    : Prisma.empty;
  const rows = await readSql<EventPosition & { metric: string; variant: string; iter: number | null; value: number | null }>(Prisma.sql`
    SELECT "timestamp"::text AS "timestamp", "id"::text AS "id", "metric", "variant", "iter", "value" FROM "event"
    WHERE "task" = ${task.id} AND "type" = 'training_stats_scalar' ${bound}
    ORDER BY "timestamp", "id" LIMIT ${SCALAR_PAGE}`);
  const points: ScalarPoint[] = rows
    .filter((row) => row.value !== null && Number.isFinite(row.value)) // GraphQL Float has no NaN/±Infinity
    .map((row) => ({
      metric: row.metric,
      variant: row.variant,
      iteration: row.iter ?? 0,
      value: row.value!,
      timestamp: Number(row.timestamp),
    }));
  const last = rows.at(-1);
  return { points, position: last ? { timestamp: last.timestamp, id: last.id } : after, more: rows.length === SCALAR_PAGE };
}

export class ScalarPointsSource extends SharedSource<ScalarAppend> {
  readonly actor: Actor;
  readonly taskId: string;
  readonly ready: Promise<void>;
  private position: EventPosition | null = null;

  constructor(actor: Actor, taskId: string) {
    super();
    this.actor = actor;
    this.taskId = taskId;
    this.ready = lastScalarPosition(actor, taskId).then((position) => {
      this.position = position;
    });
    this.ready.catch(() => {});
  }

  protected async flush() {
    await this.ready;
    for (;;) {
      const page = await listScalarPointsAfter(this.actor, this.taskId, this.position);
      this.position = page.position;
      if (page.points.length > 0) this.publish({ task: this.taskId, points: page.points });
      if (!page.more) return;
    }
  }
}
