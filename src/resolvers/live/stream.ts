// Building blocks of live updates: a subscriber's bounded queue read as an async iterator, and a
// shared source that many subscribers with the same key read from, run one flush at a time after
// a short coalescing delay, and torn down when the last subscriber leaves. No I/O here.
import { DomainError, SubscriptionEndedError } from '../errors.ts';
import { runAsTenant } from '../../db/tenant.ts';
import type { Actor } from '../context.ts';

/** Items a subscriber may have waiting before it is dropped as too slow. */
export const MAX_PENDING_ITEMS = 10_000;

/** Changes arriving within this window are read with one query. */
export const COALESCE_MS = 75;

/**
 * What one subscriber reads: the items published to it, then, when the stream ends with an
 * error, that error as the last item (the transport turns it into a GraphQL error), then the end.
 */
export class Subscriber<T> implements AsyncIterableIterator<T | DomainError> {
  private readonly queue: (T | DomainError)[] = [];
  private waiting: ((result: IteratorResult<T | DomainError>) => void) | undefined;
  private finished = false;
  private readonly onLeave: (subscriber: Subscriber<T>) => void;

  constructor(onLeave: (subscriber: Subscriber<T>) => void) {
    this.onLeave = onLeave;
  }

  get closed() {
    return this.finished;
  }

  push(item: T) {
    if (this.finished) return;
    if (this.queue.length >= MAX_PENDING_ITEMS) {
      this.fail(new SubscriptionEndedError('SUBSCRIBER_TOO_SLOW', 'Too many updates waiting for this subscriber; query again and subscribe again'));
      return;
    }
    this.deliver(item);
  }

  /** Ends the stream with `error` as its last item (queued items are dropped: they are stale now). */
  fail(error: DomainError) {
    if (this.finished) return;
    this.queue.length = 0;
    this.deliver(error);
    this.end();
  }

  /** Ends the stream after the queued items. */
  end() {
    if (this.finished) return;
    this.finished = true;
    this.onLeave(this);
    if (this.waiting && this.queue.length === 0) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  private deliver(item: T | DomainError) {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
    } else {
      this.queue.push(item);
    }
  }

  next(): Promise<IteratorResult<T | DomainError>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** The client went away (or the transport stopped reading). */
  return(): Promise<IteratorResult<T | DomainError>> {
    this.queue.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

/**
 * Items shared by every subscriber of one key. `flush` does the reading; `request` asks for a flush
 * after the coalescing window; flushes never overlap, and a request made during a flush gets one
 * more flush after it. A failed flush is retried with a growing delay while subscribers remain.
 */
export abstract class SharedSource<T> {
  readonly subscribers = new Set<Subscriber<T>>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private requested = false;
  private failures = 0;
  protected stopped = false;

  /** Called once the last subscriber has left. */
  onEmpty: () => void = () => {};

  /** Reads what changed since the last flush and publishes it. */
  protected abstract flush(): Promise<void>;

  /** Whose data the source reads: its reads run bound to this caller's company (row security). */
  abstract readonly actor: Actor;

  subscribe(): Subscriber<T> {
    const subscriber = new Subscriber<T>((leaving) => {
      this.subscribers.delete(leaving);
      if (this.subscribers.size === 0) this.stop();
    });
    this.subscribers.add(subscriber);
    return subscriber;
  }

  protected publish(item: T) {
    for (const subscriber of this.subscribers) subscriber.push(item);
  }

  /** Ends every subscriber's stream with `error`. */
  failAll(error: DomainError) {
    for (const subscriber of [...this.subscribers]) subscriber.fail(error);
  }

  /** Completes every subscriber's stream. */
  endAll() {
    for (const subscriber of [...this.subscribers]) subscriber.end();
  }

  request(delayMs = COALESCE_MS) {
    if (this.stopped) return;
    this.requested = true;
    if (this.running || this.timer) return;
    this.timer = setTimeout(() => void this.run(), delayMs);
    this.timer.unref();
  }

  private async run() {
    this.timer = undefined;
    if (this.stopped) return;
    this.running = true;
    this.requested = false;
    try {
      // Flushes start from notifications and timers, outside any request: bind them to the
      // subscribers' company explicitly.
      await runAsTenant(this.actor.companyId, () => this.flush());
      this.failures = 0;
    } catch (error) {
      if (error instanceof DomainError) {
        this.failAll(error); // e.g. the task was deleted or the filter is refused
      } else {
        this.failures++;
        this.requested = true; // transient (database unreachable): read again later
      }
    } finally {
      this.running = false;
    }
    if (this.requested) this.request(this.failures ? Math.min(5000, 250 * 2 ** this.failures) : COALESCE_MS);
  }

  private stop() {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.onEmpty();
  }
}

/**
 * Shared sources by key, indexed by a routing key (a company, a task) so a notification reaches
 * only the sources it concerns. A source leaves the registry when its last subscriber leaves.
 */
export class SourceRegistry<S extends { onEmpty: () => void; readonly subscribers: { readonly size: number } }> {
  private readonly byKey = new Map<string, S>();
  private readonly byRoute = new Map<string, Set<S>>();

  /** The source of `key`, created (and routed under `route`) when there is none. */
  acquire(key: string, route: string, create: () => S): S {
    const existing = this.byKey.get(key);
    if (existing) return existing;
    const source = create();
    this.byKey.set(key, source);
    const routed = this.byRoute.get(route) ?? new Set<S>();
    routed.add(source);
    this.byRoute.set(route, routed);
    source.onEmpty = () => {
      if (this.byKey.get(key) === source) this.byKey.delete(key);
      routed.delete(source);
      if (routed.size === 0 && this.byRoute.get(route) === routed) this.byRoute.delete(route);
    };
    return source;
  }

  routed(route: string): Iterable<S> {
    return this.byRoute.get(route) ?? [];
  }

  all(): S[] {
    return [...this.byKey.values()];
  }

  get size() {
    return this.byKey.size;
  }
}
