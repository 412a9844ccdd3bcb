// GraphQL subscriptions over SSE (yoga's "distinct connections" mode) as a test client: POSTs the
// operation with `Accept: text/event-stream` to a fetch handler or a real server, parses the event
// stream, and hands out the `next` results as they arrive.
import type { TypedDocumentString } from '../gql/graphql.ts';

export interface SseResult<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface SseSubscription<T> {
  status: number;
  /** Every result received so far, in order. */
  results: SseResult<T>[];
  /** Resolves with the first result (not yet taken by waitFor) that satisfies `predicate`. */
  waitFor(predicate: (result: SseResult<T>) => boolean, timeoutMs?: number): Promise<SseResult<T>>;
  /** Resolves once the server ended the stream (`complete` event or end of body). */
  ended: Promise<void>;
  close(): Promise<void>;
}

type Fetch = (request: Request) => Promise<Response>;

export async function subscribe<TResult, TVariables>(
  fetchFn: Fetch,
  url: string,
  headers: Record<string, string>,
  document: TypedDocumentString<TResult, TVariables> | string,
  variables?: TVariables,
): Promise<SseSubscription<TResult>> {
  const abort = new AbortController();
  const response = await fetchFn(
    new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify({ query: document.toString(), variables }),
      signal: abort.signal,
    }),
  );
  const results: SseResult<TResult>[] = [];
  let taken = 0;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  let finished = false;
  const reader = response.body?.getReader();
  const ended = (async () => {
    if (!reader || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
      const text = reader ? await response.text().catch(() => '') : '';
      if (text) results.push(JSON.parse(text));
      return;
    }
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let split: number;
        while ((split = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, split);
          buffer = buffer.slice(split + 2);
          let event = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          }
          if (event === 'complete') return;
          if (event === 'next' && data) {
            results.push(JSON.parse(data));
            wake();
          }
        }
      }
    } catch {
      // aborted by close()
    } finally {
      finished = true;
      wake();
    }
  })().finally(() => {
    finished = true;
    wake();
  });

  return {
    status: response.status,
    results,
    ended,
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          while (taken < results.length) {
            const result = results[taken++]!;
            if (predicate(result)) {
              cleanup();
              resolve(result);
              return;
            }
          }
          if (finished) {
            cleanup();
            reject(new Error(`stream ended without a matching result; got ${JSON.stringify(results)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching result within ${timeoutMs} ms; got ${JSON.stringify(results)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      abort.abort();
      await reader?.cancel().catch(() => {});
      await ended;
    },
  };
}
