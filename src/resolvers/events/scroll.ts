// Scroll ids of the event reads (neighbours spec B.5.11): an opaque id naming a server-side state
// row in `event_scroll` (the state is any JSON the reader needs to fetch its next page, usually a
// keyset position), valid for one hour after its last use and bound to the caller's company.
import { randomUUID } from 'node:crypto';
import { db, Prisma } from '../../db.ts';
import type { Actor } from '../context.ts';
import { InvalidScrollError } from '../errors.ts';

/** What a scroll id becomes once a page came back empty (and what callers may send back). */
export const EXHAUSTED_SCROLL_ID = 'FFFF';

/** A scroll state lives this long after its last use. */
export const SCROLL_TTL_MS = 60 * 60 * 1000;

const expiry = () => new Date(Date.now() + SCROLL_TTL_MS);

/** Stores a new scroll state for the caller's company and returns its id; drops expired states. */
export async function createScroll(actor: Actor, state: Prisma.InputJsonValue): Promise<string> {
  const id = randomUUID().replaceAll('-', '');
  await db.$transaction([
    db.eventScroll.deleteMany({ where: { expires: { lt: new Date() } } }),
    db.eventScroll.create({ data: { id, companyId: actor.companyId, state, expires: expiry() } }),
  ]);
  return id;
}

/**
 * The state of a scroll id of the caller's company, refreshing its expiry. Throws
 * InvalidScrollError (legacy 500/100) for an unknown, expired or foreign id.
 */
export async function loadScroll<T>(actor: Actor, scrollId: string): Promise<T> {
  const [row] = await db.$queryRaw<{ state: T }[]>`
    UPDATE "event_scroll" SET "expires" = ${expiry()}
    WHERE "id" = ${scrollId} AND "company" = ${actor.companyId} AND "expires" > now()
    RETURNING "state"`;
  if (!row) throw new InvalidScrollError(scrollId);
  return row.state;
}

/** Replaces the state of a scroll id (after a page was served) and refreshes its expiry. */
export async function saveScroll(actor: Actor, scrollId: string, state: Prisma.InputJsonValue): Promise<void> {
  await db.eventScroll.updateMany({
    where: { id: scrollId, companyId: actor.companyId },
    data: { state, expires: expiry() },
  });
}

/** Forgets a scroll id (its last page was empty). */
export async function releaseScroll(actor: Actor, scrollId: string): Promise<void> {
  await db.eventScroll.deleteMany({ where: { id: scrollId, companyId: actor.companyId } });
}

export interface ScrollPage<T> {
  items: T[];
  total: number;
  /** null: the company has no data of the queried kind; "FFFF": nothing more to read. */
  scrollId: string | null;
}

/** A keyset reader: fetches the page after `state.position` and returns the next position. */
export interface ScrollReader<S extends { total: number }, T> {
  /** The state of a fresh query (its total and start position), or null when there is no data at all. */
  start(): Promise<S | null>;
  /** One page from the state's position, and the state to continue from. */
  next(state: S): Promise<{ items: T[]; state: S }>;
}

/**
 * Serves one page of a scrolled read (B.5.11). Without `scrollId` the query starts and its first
 * page is returned with a new id; with one, the stored query continues (other request members are
 * ignored). An empty page releases the state and answers "FFFF"; an incoming "FFFF" answers an
 * empty page with total 0.
 */
export async function scrollPage<S extends { total: number }, T>(
  actor: Actor,
  scrollId: string | null | undefined,
  reader: ScrollReader<S, T>,
): Promise<ScrollPage<T>> {
  if (scrollId === EXHAUSTED_SCROLL_ID) return { items: [], total: 0, scrollId: EXHAUSTED_SCROLL_ID };
  let state: S | null;
  let id: string | undefined;
  if (scrollId) {
    id = scrollId;
    state = await loadScroll<S>(actor, scrollId);
  } else {
    state = await reader.start();
    if (state === null) return { items: [], total: 0, scrollId: null };
  }
  const page = await reader.next(state);
  if (page.items.length === 0) {
    if (id) await releaseScroll(actor, id);
    return { items: [], total: state.total, scrollId: EXHAUSTED_SCROLL_ID };
  }
  const json = page.state as unknown as Prisma.InputJsonValue;
  if (id) await saveScroll(actor, id, json);
  else id = await createScroll(actor, json);
  return { items: page.items, total: state.total, scrollId: id };
}
