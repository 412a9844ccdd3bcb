// Starts the gateway: opens the database (embedded unless DATABASE_URL is set), applies migrations,
// ensures the default company/queue, and serves HTTP. Configuration comes from the environment.
import { createServer } from 'node:http';
import { createServerAdapter } from '@whatwg-node/server';
import { createApp } from './app.ts';
import { openDatabase, DatabaseStartError } from './db.ts';
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
  // Until credentials exist every request acts as the default user of the default company.
  const app = createApp({ authenticate: async () => defaultActor });
  const server = createServer(createServerAdapter(app.fetch));
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
