// Starts the gateway: reads the configuration, opens the database (embedded unless DATABASE_URL is
// set), applies migrations, ensures the default company/queue (and, on the embedded database, the
// SDK's default credential pair), and serves HTTP: GraphQL and the legacy RPC API, both behind the
// same credentials. Logs are JSON lines (pino). SIGTERM/SIGINT stop accepting connections, let
// in-flight requests finish (up to SHUTDOWN_GRACE_SEC; live subscription streams are completed at
// once), close the database and exit 0.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { authFailure, createApp, type Readiness } from './app.ts';
import { ConfigError, readConfig } from './config.ts';
import { openDatabase, DatabaseStartError, type Database } from './db.ts';
import { pendingMigrations, readMigrations } from './db/migrate.ts';
import { authenticate as authenticateHeaders, tokenSecret } from './legacy-rpc/auth.ts';
import { legacyEndpoints, validateLegacyRequest } from './legacy-rpc/endpoints/index.ts';
import { createServerLegacyRouter } from './legacy-rpc/router.ts';
import { ApiError } from './legacy-rpc/types.ts';
import { createLogger, flushLogs, type Logger } from './logger.ts';
import { createWebAssets } from './http/static.ts';
import { createNodeHandler } from './node-handler.ts';
import { ensureDefaultCredentials } from './resolvers/auth.ts';
import { requireTenantBinding } from './db/tenant.ts';
import { ensureDefaults } from './resolvers/bootstrap.ts';
import { closeLiveUpdates } from './resolvers/live/subscriptions.ts';

/** GraphQL takes the legacy API's credentials: Bearer token, Basic key pair, or the login cookie. */
async function authenticateGraphQL(request: Request) {
  const headers: Record<string, string | undefined> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  const actor = await authenticateHeaders(headers);
  if (!(actor instanceof ApiError)) return actor;
  const code = actor.code === 401 ? 'UNAUTHENTICATED' : 'BAD_CREDENTIALS_HEADER';
  return authFailure(actor.code, code, actor.message);
}

function readinessCheck(database: Database) {
  const migrations = readMigrations().map((m) => m.name);
  return async (): Promise<Readiness> => {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000).unref());
    try {
      const pending = await Promise.race([pendingMigrations(database.connection, migrations), timeout]);
      return { ready: pending.length === 0, database: 'ok', pendingMigrations: pending };
    } catch (error) {
      return { ready: false, database: 'unreachable', error: (error as Error).message };
    }
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE'
          ? new ConfigError(`port ${port} on ${host} is already in use: stop the other process or set PORT`)
          : error.code === 'EACCES'
            ? new ConfigError(`not allowed to listen on ${host}:${port}: choose another PORT`)
            : error,
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

async function main(logger: Logger) {
  const config = readConfig();
  // Serving traffic, every database statement must be bound to a company (or run as the system):
  // code that forgets gets no rows rather than every company's.
  requireTenantBinding();
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.poolSize,
    log: (message) => logger.info(message),
  });
  let server: Server | undefined;
  try {
    await ensureDefaults();
    // The SDK's built-in key pair is public: seed it only where that is expected (a local embedded
    // database), or when asked to. Against a shared PostgreSQL create keys with `npm run create-key`.
    if (database.kind === 'embedded' || config.seedDefaultCredentials) await ensureDefaultCredentials();
    await tokenSecret(); // configured, or created once per database; fails here rather than on the first login
    const app = createApp({
      authenticate: authenticateGraphQL,
      graphiql: config.graphiql,
      introspection: config.introspection,
      limits: config.limits,
      readiness: readinessCheck(database),
      logger,
    });
    const legacy = createServerLegacyRouter(legacyEndpoints, validateLegacyRequest, (message, error) =>
      logger.error({ err: error }, message),
    );
    const web = createWebAssets(config.webDir);
    server = createServer(createNodeHandler({
        app,
        legacy,
        logger,
        web,
        maxBodyBytes: config.legacyMaxBodyBytes,
        graphql: { authenticate: authenticateHeaders, maxBodyBytes: config.limits.maxBodyBytes },
        maxConcurrentRequests: config.maxConcurrentRequests,
      }));
    // Keep idle connections longer than clients and load balancers do (they close first), so a
    // client never reuses a socket the server is closing at that moment.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    await listen(server, config.port, config.host);
  } catch (error) {
    server?.close();
    await database.close();
    throw error;
  }
  // PORT=0 picks a free port: report the one the system gave
  const port = (server.address() as AddressInfo).port;
  const address = `http://${config.host}:${port}`;
  if (!existsSync(path.join(config.webDir, 'index.html'))) {
    logger.warn({ webDir: config.webDir }, 'the web UI is not built (run `npm run build:web`): / answers 503, the APIs work');
  }
  logger.info(
    { database: database.kind, port, host: config.host, production: config.production },
    `${database.kind} database ready; listening on ${address}; web UI at ${address}/; ${config.graphiql ? `GraphiQL at ${address}/graphql` : 'GraphiQL at /graphql is off'}`,
  );

  const running = server;
  let stopping = false;
  // While stopping, a finished response must not leave its keep-alive connection open.
  running.on('request', (_request, response) => {
    response.once('finish', () => {
      if (stopping) setImmediate(() => running.closeIdleConnections());
    });
    if (stopping && !response.headersSent) response.setHeader('connection', 'close');
  });
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    // Open subscription streams never finish by themselves: complete them now, so their
    // connections close like any finished request (the listening connection closes with the database).
    closeLiveUpdates();
    const force = setTimeout(() => {
      logger.warn({ graceSec: config.shutdownGraceSec }, 'grace period over: closing remaining connections');
      running.closeAllConnections();
    }, config.shutdownGraceSec * 1000);
    force.unref();
    running.close(async () => {
      clearTimeout(force);
      try {
        await database.close();
        logger.info('stopped');
        flushLogs();
        process.exit(0);
      } catch (error) {
        logger.error({ err: error }, 'closing the database failed');
        flushLogs();
        process.exit(1);
      }
    });
    running.closeIdleConnections();
  };
  // A repeated SIGTERM changes nothing; a second Ctrl-C (SIGINT) stops at once.
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => {
    if (!stopping) return shutdown('SIGINT');
    logger.warn('second SIGINT: exiting without waiting');
    flushLogs();
    process.exit(130);
  });
}

const logger = createLogger({ level: process.env.LOG_LEVEL?.trim() || 'info' });
main(logger).catch((error) => {
  const expected = error instanceof DatabaseStartError || error instanceof ConfigError;
  if (expected) logger.fatal(`cannot start: ${(error as Error).message}`);
  else logger.fatal({ err: error }, 'cannot start');
  flushLogs();
  // Also on stderr, plain: what an operator sees first when the process exits at once.
  console.error(`[task-gateway] cannot start: ${(error as Error).message ?? error}`);
  process.exit(1);
});
