// The node:http request listener: legacy RPC paths (`/[v2.9/]service.action`) go to the legacy
// router over the raw node stream; everything else (GraphQL, health) to the fetch app.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServerAdapter } from '@whatwg-node/server';
import { isLegacyPath, type LegacyRouter } from './legacy-rpc/router.ts';
import { pathOf, readLegacyRequest, writeLegacyResponse } from './legacy-rpc/transport.ts';

export interface NodeHandlerOptions {
  app: { fetch: (request: Request) => Promise<Response> };
  legacy: LegacyRouter;
  /** Legacy request body limit in bytes (default 32 MiB). */
  maxBodyBytes?: number;
  logError?: (message: string, error: unknown) => void;
}

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createNodeHandler(options: NodeHandlerOptions): NodeHandler {
  const adapter = createServerAdapter(options.app.fetch);
  const logError = options.logError ?? ((message, error) => console.error(`[task-gateway] ${message}`, error));

  async function handleLegacy(req: IncomingMessage, res: ServerResponse) {
    let request;
    try {
      request = await readLegacyRequest(req, { maxBodyBytes: options.maxBodyBytes });
    } catch {
      res.destroy(); // the client went away mid-body
      return;
    }
    const response = await options.legacy.handle(request);
    writeLegacyResponse(res, response, { close: request.bodyTooLarge === true });
  }

  return (req, res) => {
    if (!isLegacyPath(pathOf(req.url))) {
      void adapter.requestListener(req, res);
      return;
    }
    handleLegacy(req, res).catch((error: unknown) => {
      // The router answers every failure with an envelope; this is a bug or a broken socket.
      logError(`legacy request ${req.method} ${req.url} failed`, error);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Internal server error');
      } else {
        res.destroy();
      }
    });
  };
}
