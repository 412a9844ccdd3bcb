// The node:http request listener: gives every request an id (the caller's `X-Request-Id` when it is
// sane, else a new one; echoed in the response), logs one line per request with its outcome and
// duration, then routes: legacy RPC paths (`/[v2.9/]service.action`) go to the legacy router over
// the raw node stream; GET/HEAD of the web UI's paths (`/`, client routes, `/assets/*`) to the
// static bundle; everything else (GraphQL, health) to the fetch app.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServerAdapter } from '@whatwg-node/server';
import { isLegacyPath, type LegacyRouter } from './legacy-rpc/router.ts';
import type { App } from './app.ts';
import { handlePlainGraphQL, isPlainGraphQLRequest, type PlainGraphQLOptions } from './http/graphql-plain.ts';
import { pathOf, readLegacyRequest, writeLegacyResponse } from './legacy-rpc/transport.ts';
import type { WebAssets } from './http/static.ts';
import { requestContext, silentLogger, type Logger } from './logger.ts';
import { RequestGate } from './http/request-gate.ts';
import { runRequest } from './db/tenant.ts';

export interface NodeHandlerOptions {
  app: Pick<App, 'fetch'> & Partial<Pick<App, 'executeJson'>>;
  legacy: LegacyRouter;
  /** Legacy request body limit in bytes (default 32 MiB). */
  maxBodyBytes?: number;
  /** Request log and unexpected failures (default: nothing is logged). */
  logger?: Logger;
  /** The web UI bundle (default: no UI; those paths reach the fetch app). */
  web?: WebAssets;
  /** Plain path for API clients POSTing JSON to /graphql (default: every GraphQL request through the fetch app). */
  graphql?: Omit<PlainGraphQLOptions, 'app'>;
  /**
   * API requests (plain-path GraphQL, legacy RPC) processed at once; later ones wait their turn
   * (src/http/request-gate.ts). Default: no limit.
   */
  maxConcurrentRequests?: number;
}

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function createNodeHandler(options: NodeHandlerOptions): NodeHandler {
  const adapter = createServerAdapter(options.app.fetch);
  const logger = options.logger ?? silentLogger;

  async function handleLegacy(req: IncomingMessage, res: ServerResponse) {
    let request;
    try {
      request = await readLegacyRequest(req, { maxBodyBytes: options.maxBodyBytes });
    } catch {
      res.destroy(); // the client went away mid-body
      return;
    }
    // a client that left while the call waited for its turn has nothing to wait for
    const response = await admit(() => (res.destroyed ? Promise.resolve(undefined) : options.legacy.handle(request)));
    if (!response) return;
    await writeLegacyResponse(res, response, { close: request.bodyTooLarge === true, acceptEncoding: req.headers['accept-encoding'] });
  }

  /** Answers a GET/HEAD of a UI path from the bundle; false when the path is not the UI's. */
  function serveWeb(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (!options.web || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const response = options.web.respond(path, {
      acceptEncoding: header('accept-encoding'),
      ifNoneMatch: header('if-none-match'),
    });
    if (!response) return false;
    res.writeHead(response.status, response.headers);
    res.end(req.method === 'HEAD' ? undefined : response.body);
    return true;
  }

  const executeJson = options.app.executeJson;
  const plain = options.graphql && executeJson ? { ...options.graphql, app: { fetch: options.app.fetch, executeJson } } : undefined;

  const failed = (req: IncomingMessage, res: ServerResponse, what: string) => (error: unknown) => {
    // Those paths answer every failure themselves; this is a bug or a broken socket.
    logger.error({ err: error }, `${what} request ${req.method} ${pathOf(req.url)} failed`);
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal server error');
    } else {
      res.destroy();
    }
  };

  // The execution of plain-path GraphQL requests and legacy calls waits for its turn; the web UI's
  // files, health checks, GraphiQL and event streams (the fetch app) never queue behind API load.
  const gate = options.maxConcurrentRequests === undefined ? undefined : new RequestGate(options.maxConcurrentRequests);
  const admit = <T>(work: () => Promise<T>): Promise<T> => (gate ? gate.run(work) : work());

  function route(req: IncomingMessage, res: ServerResponse) {
    const path = pathOf(req.url);
    if (plain && isPlainGraphQLRequest(req, plain.maxBodyBytes)) {
      handlePlainGraphQL(req, res, plain, admit).catch(failed(req, res, 'GraphQL'));
      return;
    }
    if (!isLegacyPath(path)) {
      if (!serveWeb(req, res, path)) void adapter.requestListener(req, res);
      return;
    }
    handleLegacy(req, res).catch(failed(req, res, 'legacy'));
  }

  return (req, res) => {
    const requestId = requestIdOf(req);
    req.headers['x-request-id'] = requestId; // seen by the fetch app as well
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    res.once('close', () => {
      if (!logger.isLevelEnabled('info')) return;
      logger.info(
        {
          reqId: requestId,
          method: req.method,
          path: pathOf(req.url),
          status: res.statusCode,
          durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      );
    });
    // unbound until the caller is authenticated (row security; see db/tenant.ts)
    requestContext.run({ requestId }, () => runRequest(() => route(req, res)));
  };
}
