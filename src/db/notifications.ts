// The database's change notifications (LISTEN/NOTIFY), one feed per process. On PostgreSQL a
// dedicated pg.Client listens (opened on first use, reconnected with backoff after the database
// restarts, followed by a resync because notifications sent meanwhile are lost); on the embedded
// database PGlite's own listen() API delivers them. The triggers that send them are in the
// `live_notify` migration.
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** The channels the triggers notify on. */
export const LIVE_CHANNELS = ['task_changed', 'task_events'] as const;
export type LiveChannel = (typeof LIVE_CHANNELS)[number];

export interface NotificationHandler {
  /** A notification of `channel`, its payload as sent by the trigger. */
  notify(channel: LiveChannel, payload: string): void;
  /** Notifications may have been lost (the listening connection was re-established). */
  resync(): void;
}

export interface NotificationFeed {
  /**
   * Registers a handler; resolves once the feed is listening, so that every change committed after
   * that reaches the handler. The returned function unregisters it.
   */
  listen(handler: NotificationHandler): Promise<() => void>;
  /** Stops listening and closes the connection (idempotent). */
  close(): Promise<void>;
}

class HandlerSet {
  readonly handlers = new Set<NotificationHandler>();
  notify(channel: LiveChannel, payload: string) {
    for (const handler of this.handlers) handler.notify(channel, payload);
  }
  resync() {
    for (const handler of this.handlers) handler.resync();
  }
}

const isLiveChannel = (channel: string): channel is LiveChannel => (LIVE_CHANNELS as readonly string[]).includes(channel);

/** How the listening connection shows in pg_stat_activity (one per server process). */
export const LISTENER_APPLICATION_NAME = `task-gateway live updates (pid ${process.pid})`;

/** Reconnect delays after the listening connection is lost (the last one repeats). */
const RECONNECT_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];

export function postgresNotificationFeed(url: string, log: (message: string) => void = () => {}): NotificationFeed {
  const handlers = new HandlerSet();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let closed = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: LISTENER_APPLICATION_NAME });
    next.on('notification', (message) => {
      if (isLiveChannel(message.channel)) handlers.notify(message.channel, message.payload ?? '');
    });
    // Errors and ends of an established connection: drop it and reconnect.
    next.on('error', (error) => lost(next, error.message));
    next.on('end', () => lost(next, 'connection ended'));
    try {
      await next.connect();
      await next.query(LIVE_CHANNELS.map((channel) => `LISTEN "${channel}"`).join('; '));
    } catch (error) {
      next.removeAllListeners('end');
      next.on('error', () => {});
      await next.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
  }

  function lost(which: pg.Client, reason: string) {
    if (closed || client !== which) return;
    client = undefined;
    which.removeAllListeners('end');
    which.on('error', () => {});
    log(`live updates: listening connection lost (${reason}); reconnecting`);
    scheduleReconnect();
  }

  function scheduleReconnect() {
    if (closed || retry) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]!;
    attempt++;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => {
          if (closed) return;
          attempt = 0;
          log('live updates: listening again; subscribers resynchronise');
          handlers.resync();
        },
        (error: Error) => {
          log(`live updates: cannot listen yet (${error.message})`);
          scheduleReconnect();
        },
      );
    }, delay);
    retry.unref();
  }

  async function ensureListening() {
    if (client) return;
    if (retry) return; // a reconnect is under way; the handler gets a resync when it succeeds
    connecting ??= connect().finally(() => (connecting = undefined));
    await connecting;
  }

  return {
    async listen(handler) {
      if (closed) throw new Error('the notification feed is closed');
      handlers.handlers.add(handler);
      try {
        await ensureListening();
      } catch (error) {
        handlers.handlers.delete(handler);
        throw error;
      }
      return () => handlers.handlers.delete(handler);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      retry = undefined;
      handlers.handlers.clear();
      await connecting?.catch(() => {});
      const current = client;
      client = undefined;
      if (current) {
        current.removeAllListeners('end');
        current.on('error', () => {});
        await current.end().catch(() => {});
      }
    },
  };
}

export function embeddedNotificationFeed(pglite: PGlite): NotificationFeed {
  const handlers = new HandlerSet();
  let started: Promise<(() => Promise<void>)[]> | undefined;
  let closed = false;
  return {
    async listen(handler) {
      if (closed) throw new Error('the notification feed is closed');
      handlers.handlers.add(handler);
      started ??= Promise.all(
        LIVE_CHANNELS.map((channel) => pglite.listen(channel, (payload) => handlers.notify(channel, payload))),
      );
      await started;
      return () => handlers.handlers.delete(handler);
    },
    async close() {
      closed = true;
      handlers.handlers.clear();
      const unlisten = await started?.catch(() => []);
      // The instance is closed right after; unlistening a closing instance may fail harmlessly.
      await Promise.all((unlisten ?? []).map((stop) => stop().catch(() => {})));
    },
  };
}
