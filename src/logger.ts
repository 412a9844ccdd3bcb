// Structured JSON logs (pino) and the per-request context that ties log lines to a request id.
// The node handler runs each request inside `requestContext`, so any code below it (GraphQL error
// masking, the legacy router, domain code) can find the id without it being passed around.
import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger } from 'pino';
import { isoString } from './iso-date.ts';

export type { Logger };

export interface RequestContext {
  requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

/** The id of the request being served, if any. */
export const currentRequestId = (): string | undefined => requestContext.getStore()?.requestId;

/**
 * JSON lines on stdout, written asynchronously (buffered); call `flushLogs` before exiting.
 */
export function createLogger(options: { level?: string; stream?: NodeJS.WritableStream } = {}): Logger {
  if (!options.stream && !destination) {
    // Lines are written in batches of ~4 KiB (one write per many requests, not one per line) and
    // at least every 250 ms.
    destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
    setInterval(() => {
      try {
        destination?.flush();
      } catch {
        // a write is already in progress: the next tick flushes
      }
    }, 250).unref();
  }
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'task-gateway' },
      // pino's isoTime, printed by isoString (a line per request: toISOString is the slow part)
      timestamp: () => `,"time":"${isoString(new Date())}"`,
      formatters: { level: (label) => ({ level: label }) },
      // Every line logged while serving a request carries its id.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { reqId: requestId } : {};
      },
    },
    options.stream ?? destination,
  );
}

let destination: ReturnType<typeof pino.destination> | undefined;

/** Writes out buffered log lines synchronously (before process.exit). */
export function flushLogs(): void {
  try {
    destination?.flushSync();
  } catch {
    // not ready yet (nothing written) or stdout closed
  }
}

/** A logger that drops everything (tests and tools that do not want output). */
export const silentLogger: Logger = pino({ level: 'silent' });
