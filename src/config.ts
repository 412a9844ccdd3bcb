// Server configuration from the environment, read and checked once at start-up. Every setting has a
// default that makes `npm start` work on a fresh machine; production mode (NODE_ENV=production)
// switches the defaults to the safe side (no GraphiQL, no introspection) and requires a configured
// token secret when the database is shared.
import { fileURLToPath } from 'node:url';

/** Where `npm run build:web` writes the UI bundle. */
const DEFAULT_WEB_DIR = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface GraphQLLimits {
  /** Deepest selection nesting an operation may have. */
  maxDepth: number;
  /** Estimated cost an operation may have (src/graphql-cost.ts: lists multiply by their page size). */
  maxComplexity: number;
  /** Total number of field selections in an operation. */
  maxBreadth: number;
  /** Aliased fields in one operation (alias bombs). */
  maxAliases: number;
  /** Largest `first`/`last` (and similar page-size arguments) a field accepts. */
  maxPageSize: number;
  /** Request body limit of /graphql in bytes. */
  maxBodyBytes: number;
  /** Lexical tokens a document may have (parsing stops there). */
  maxTokens: number;
}

export interface ServerConfig {
  production: boolean;
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir?: string;
  poolSize?: number;
  /** API requests processed at once (the rest wait their turn): src/http/request-gate.ts. */
  maxConcurrentRequests: number;
  /** Token signing secret; undefined ⇒ generated once and stored in the database. */
  tokenSecret?: string;
  seedDefaultCredentials: boolean;
  graphiql: boolean;
  introspection: boolean;
  limits: GraphQLLimits;
  /** Legacy RPC body limit in bytes. */
  legacyMaxBodyBytes: number;
  /** Seconds SIGTERM waits for in-flight requests before closing their connections. */
  shutdownGraceSec: number;
  /** The built web UI (index.html and assets/) served at `/`. */
  webDir: string;
}

/** Database connections per server process when DB_POOL_SIZE is not set (src/db.ts). */
export const DEFAULT_POOL_SIZE = 10;

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${env[name]}")`);
}

function integer(env: Env, name: string, fallback: number, min = 1): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer >= ${min} (got "${raw}")`);
  return value;
}

const MIN_TOKEN_SECRET_LENGTH = 32;

/** Reads the configuration; throws ConfigError with an operator-readable message. */
export function readConfig(env: Env = process.env): ServerConfig {
  const production = env.NODE_ENV === 'production';
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const tokenSecret = env.TOKEN_SECRET || undefined;
  if (tokenSecret !== undefined && tokenSecret.length < MIN_TOKEN_SECRET_LENGTH) {
    throw new ConfigError(`TOKEN_SECRET must be at least ${MIN_TOKEN_SECRET_LENGTH} characters long`);
  }
  if (production && databaseUrl && !tokenSecret) {
    throw new ConfigError(
      'TOKEN_SECRET is required in production (NODE_ENV=production) with DATABASE_URL: set it to a random ' +
        'string of at least 32 characters, the same for every server process (e.g. `openssl rand -base64 48`)',
    );
  }
  const poolSize = env.DB_POOL_SIZE ? integer(env, 'DB_POOL_SIZE', DEFAULT_POOL_SIZE) : undefined;
  return {
    production,
    port: integer(env, 'PORT', 8008, 0),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    dataDir: env.DATA_DIR || undefined,
    poolSize,
    // A few more than the database connections, so the next requests are parsed and planned while
    // the current ones wait for their queries; the embedded database runs one statement at a time.
    maxConcurrentRequests: integer(env, 'MAX_CONCURRENT_REQUESTS', databaseUrl ? (poolSize ?? DEFAULT_POOL_SIZE) + 4 : 8),
    tokenSecret,
    seedDefaultCredentials: flag(env, 'SEED_DEFAULT_CREDENTIALS', false),
    graphiql: flag(env, 'GRAPHIQL', !production),
    introspection: flag(env, 'GRAPHQL_INTROSPECTION', !production),
    limits: {
      maxDepth: integer(env, 'GRAPHQL_MAX_DEPTH', 12),
      maxComplexity: integer(env, 'GRAPHQL_MAX_COMPLEXITY', 200_000),
      maxBreadth: integer(env, 'GRAPHQL_MAX_BREADTH', 1_000),
      maxAliases: integer(env, 'GRAPHQL_MAX_ALIASES', 30),
      maxPageSize: integer(env, 'GRAPHQL_MAX_PAGE_SIZE', 1_000),
      maxBodyBytes: integer(env, 'GRAPHQL_MAX_BODY_BYTES', 1024 * 1024),
      maxTokens: integer(env, 'GRAPHQL_MAX_TOKENS', 20_000),
    },
    legacyMaxBodyBytes: integer(env, 'LEGACY_MAX_BODY_BYTES', 32 * 1024 * 1024),
    shutdownGraceSec: integer(env, 'SHUTDOWN_GRACE_SEC', 20, 0),
    webDir: env.WEB_DIST_DIR?.trim() || DEFAULT_WEB_DIR,
  };
}
