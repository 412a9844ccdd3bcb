// Starts the gateway: opens the database (embedded unless DATABASE_URL is set), applies migrations,
// ensures the default company/queue (and, on the embedded database, the SDK's default credential
// pair), and serves HTTP: GraphQL and the legacy RPC API. Configuration comes from the environment.
import { createServer } from 'node:http';
import { createApp } from './app.ts';
import { openDatabase, DatabaseStartError } from './db.ts';
import { tokenSecret } from './legacy-rpc/auth.ts';
import { legacyEndpoints, validateLegacyRequest } from './legacy-rpc/endpoints/index.ts';
import { createServerLegacyRouter } from './legacy-rpc/router.ts';
import { createNodeHandler } from './node-handler.ts';
import { ensureDefaultCredentials } from './resolvers/auth.ts';
import { defaultActor, ensureDefaults } from './resolvers/bootstrap.ts';

const port = Number(process.env.PORT ?? 8008);
const host = process.env.HOST ?? '127.0.0.1';
const log = (message: string) => console.log(`[task-gateway] ${message}`);

async function main() {
  const database = await openDatabase({
    url: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR,
    poolSize: process.env.DB_POOL_SIZE ? Number(process.env.DB_POOL_SIZE) : undefined,
    log,
  });
  await ensureDefaults();
  // The SDK's built-in key pair is public: seed it only where that is expected (a local embedded
  // database), or when asked to. Against a shared PostgreSQL create keys with `npm run create-key`.
  if (database.kind === 'embedded' || process.env.SEED_DEFAULT_CREDENTIALS === '1') {
    await ensureDefaultCredentials();
  }
  await tokenSecret(); // created once per database; fails here rather than on the first login
  // GraphQL does not check credentials yet: every GraphQL request acts as the default user.
  const app = createApp({ authenticate: async () => defaultActor });
  const legacy = createServerLegacyRouter(legacyEndpoints, validateLegacyRequest);
  const server = createServer(createNodeHandler({ app, legacy }));
  server.on('error', async (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE' ? `[task-gateway] port ${port} is already in use (set PORT)` : error,
    );
    await database.close();
    process.exit(1);
  });
  server.listen(port, host, () => {
    log(`${database.kind} database ready; GraphiQL at http://${host}:${port}/graphql`);
  });
  const shutdown = () => {
    log('shutting down');
    server.close(async () => {
      await database.close();
      process.exit(0);
    });
    server.closeIdleConnections?.();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error) => {
  console.error(error instanceof DatabaseStartError ? `[task-gateway] ${error.message}` : error);
  process.exit(1);
});
