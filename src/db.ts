// The one PrismaClient. With DATABASE_URL it talks to PostgreSQL through @prisma/adapter-pg; without
// it, to an embedded PGlite database persisted under the data dir (guarded by a lock file so two
// processes never open it). Migrations are applied before the client is handed out.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { Prisma, PrismaClient } from './generated/prisma/client.ts';
import { applyMigrations, type SqlConnection } from './db/migrate.ts';
import {
  currentTenant, ROLE_CHECK_SQL, SET_LOCAL_TENANT_SQL, SET_ROLE_AND_TENANT_SQL, SET_ROLE_SQL, SET_TENANT_SQL, SYSTEM_TENANT,
  TENANT_ROLE_SETUP_SQL,
} from './db/tenant.ts';
import { DEFAULT_POOL_SIZE } from './config.ts';
import { readTypes } from './db/pg-types.ts';
import { embeddedNotificationFeed, postgresNotificationFeed, type NotificationFeed } from './db/notifications.ts';

export { Prisma } from './generated/prisma/client.ts';
export type { PrismaClient } from './generated/prisma/client.ts';

/** The shared client; set by openDatabase(). Domain modules import this binding. */
export let db!: PrismaClient;

/**
 * Runs one read-only SQL statement straight on the driver (pg pool or PGlite), skipping the
 * client's per-value conversions: the hot listing path. Rows come back as the driver parses them
 * (timestamptz → Date, jsonb → objects, text[] → arrays, int8 → string). Never for writes: it is
 * outside Prisma transactions (on PGlite it waits for them to finish).
 */
export let readSql!: <T = Record<string, unknown>>(query: Prisma.Sql) => Promise<T[]>;

/**
 * readSql with each row as an array of its column values in SELECT order: no row objects keyed by
 * column name are built (for listings that map rows into their own objects anyway).
 */
export let readArrays!: (query: Prisma.Sql) => Promise<unknown[][]>;

/**
 * Runs ONE statement in a transaction of its own (autocommit) straight on the driver, with the
 * read path's value parsing: for single-statement writes outside Prisma transactions (a status
 * compare-and-set), which need no more than that and otherwise pay the client's per-query work.
 */
export let writeSql!: <T = Record<string, unknown>>(query: Prisma.Sql) => Promise<T[]>;

/** The database's change notifications (live updates); set by openDatabase(). */
export let notifications!: NotificationFeed;

export interface DatabaseOptions {
  /** postgres:// URL; absent means the embedded database. */
  url?: string;
  /** Directory of the embedded database (default ./data). */
  dataDir?: string;
  poolSize?: number;
  log?: (message: string) => void;
  /** Called with every SQL statement the client sends (query-count checks, diagnostics). */
  onQuery?: (sql: string) => void;
}

export interface Database {
  kind: 'postgres' | 'embedded';
  prisma: PrismaClient;
  read: typeof readSql;
  readArrays: typeof readArrays;
  write: typeof writeSql;
  /** Raw SQL access for migrations/readiness; never used by domain code. */
  connection: Pick<SqlConnection, 'query'>;
  /** LISTEN/NOTIFY feed of task and event changes (its connection opens on first use). */
  notifications: NotificationFeed;
  close(): Promise<void>;
}

export class DatabaseStartError extends Error {}

/**
 * Under load a transaction may wait for a pooled connection: let it queue (up to 20 s) instead of
 * failing after Prisma's default 2 s, and give it 30 s to finish (default 5 s).
 */
const TRANSACTION_OPTIONS = { maxWait: 20_000, timeout: 30_000 } as const;

/** Distinct statement texts the read path prepares per connection; later ones run unprepared. */
const MAX_PREPARED_STATEMENTS = 500;

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const database = options.url ? await openPostgres(options.url, options) : await openEmbedded(options);
  db = database.prisma;
  readSql = database.read;
  readArrays = database.readArrays;
  writeSql = database.write;
  notifications = database.notifications;
  return database;
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseStartError('DATABASE_URL is not a valid URL (expected postgres://user@host:port/db)');
  }
  if (!['postgres:', 'postgresql:'].includes(parsed.protocol)) {
    throw new DatabaseStartError(`DATABASE_URL must start with postgres:// (got ${parsed.protocol}//)`);
  }
  // A connection attempt gives up after 5 s, so requests fail cleanly (503) while the database is
  // unreachable instead of piling up; the pool reconnects by itself once it is back.
  const pool = new TenantPool({ connectionString: url, max: options.poolSize ?? DEFAULT_POOL_SIZE, connectionTimeoutMillis: 5000 });
  // An idle client losing its server (database restart) must not crash the process.
  pool.on('error', (error) => options.log?.(`database pool error: ${error.message}`));
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseStartError(
      `cannot connect to DATABASE_URL (${parsed.host}${parsed.pathname}): ${(error as Error).message}`,
    );
  }
  try {
    const connection: SqlConnection = { query: (sql, params) => client.query(sql, params), exec: (sql) => client.query(sql) };
    await client.query(SET_TENANT_SQL, [SYSTEM_TENANT]); // data steps of migrations see every row
    await applyMigrations(connection, { log: options.log });
    pool.enableTenancy(await prepareTenantRole(connection));
  } finally {
    client.release();
  }
  const prisma = withQueryEvents(new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: TRANSACTION_OPTIONS, ...queryLog(options) }), options);
  // Named (prepared) statements: PostgreSQL parses and plans a statement once per connection
  // instead of on every call. That matters for wide, generated SELECTs, and for the small hot
  // writes (a status compare-and-set), whose planning under the row-security policies costs more
  // than running them. Bounded, because statement texts vary with the shape of a request.
  const statementNames = new Map<string, string>();
  const namedConfig = (query: Prisma.Sql) => {
    const { text, values } = statementOf(query, options);
    let name = statementNames.get(text);
    if (!name && statementNames.size < MAX_PREPARED_STATEMENTS) {
      name = `s${statementNames.size}`;
      statementNames.set(text, name);
    }
    return name ? { name, text, values, types: readTypes } : { text, values, types: readTypes };
  };
  const read = async <T>(query: Prisma.Sql) => (await pool.query(namedConfig(query))).rows as T[];
  const readArrays = async (query: Prisma.Sql) => (await pool.query<unknown[]>({ ...namedConfig(query), rowMode: 'array' })).rows;
  const write = async <T>(query: Prisma.Sql) => (await pool.query(namedConfig(query))).rows as T[];
  const feed = postgresNotificationFeed(url, options.log);
  return {
    kind: 'postgres',
    read,
    readArrays,
    write,
    prisma,
    connection: { query: (sql, params) => pool.query(sql, params) },
    notifications: feed,
    close: async () => {
      await feed.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * A statement's text (read once: Prisma.Sql's `text` getter concatenates it anew on every access)
 * and values, reported to `onQuery`.
 */
function statementOf(query: Prisma.Sql, options: DatabaseOptions): { text: string; values: unknown[] } {
  const text = query.text;
  options.onQuery?.(text);
  return { text, values: query.values as unknown[] };
}

async function openEmbedded(options: DatabaseOptions): Promise<Database> {
  const dataDir = path.resolve(options.dataDir ?? 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDir(path.join(dataDir, 'pglite.lock'));
  try {
    const raw = await PGlite.create(path.join(dataDir, 'pglite'));
    const rawConnection: SqlConnection = { query: (sql, params) => raw.query(sql, params), exec: (sql) => raw.exec(sql) };
    await raw.query(SET_TENANT_SQL, [SYSTEM_TENANT]);
    await applyMigrations(rawConnection, { log: options.log });
    if (await prepareTenantRole(rawConnection)) await raw.query(SET_ROLE_SQL);
    const pglite = tenantBoundPGlite(raw);
    const prisma = withQueryEvents(new PrismaClient({ adapter: new PrismaPGlite(pglite), transactionOptions: TRANSACTION_OPTIONS, ...queryLog(options) }), options);
    const run = async <T>(query: Prisma.Sql, rowMode?: 'array') => {
      const { text, values } = statementOf(query, options);
      return (await pglite.query<T>(text, values, rowMode && { rowMode })).rows;
    };
    const read = <T>(query: Prisma.Sql) => run<T>(query);
    const readArrays = (query: Prisma.Sql) => run<unknown[]>(query, 'array');
    const feed = embeddedNotificationFeed(pglite);
    return {
      kind: 'embedded',
      read,
      readArrays,
      write: read, // one statement on PGlite's single session, after any running transaction
      prisma,
      connection: { query: (sql, params) => pglite.query(sql, params) as never },
      notifications: feed,
      close: async () => {
        await feed.close();
        await prisma.$disconnect();
        await raw.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * Makes sure row-level security applies to the sessions of this connection's user. A superuser
 * (or BYPASSRLS role) skips policies, so the tenant role is created and granted, under the
 * migration lock (several servers may start at once), and true is returned: sessions must switch
 * to it. Any other user is subject to the policies already (FORCE ROW LEVEL SECURITY).
 */
async function prepareTenantRole(connection: SqlConnection): Promise<boolean> {
  const [role] = (await connection.query(ROLE_CHECK_SQL)).rows as { bypasses: boolean }[];
  if (!role?.bypasses) return false;
  await connection.query('SELECT pg_advisory_lock($1)', [TENANT_SETUP_LOCK]);
  try {
    await connection.exec(TENANT_ROLE_SETUP_SQL);
  } finally {
    await connection.query('SELECT pg_advisory_unlock($1)', [TENANT_SETUP_LOCK]);
  }
  return true;
}

const TENANT_SETUP_LOCK = 72707370;

type TenantClient = pg.PoolClient & { gatewayTenant?: string };
type ConnectCallback = (error: Error | undefined, client: pg.PoolClient | undefined, release: (error?: Error) => void) => void;

/**
 * A pg pool whose connections are bound to the tenant of the call that checks them out (before
 * enableTenancy: unbound, for migrations). The binding statement is sent only when a connection
 * changes hands between companies, so a single-company server pays nothing per query.
 */
class TenantPool extends pg.Pool {
  private switchRole: boolean | undefined;

  enableTenancy(switchRole: boolean) {
    this.switchRole = switchRole;
  }

  // pg.Pool.query() checks its connection out through this method (callback form), Prisma's
  // transactions and readSql through the promise form; both bind.
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (this.switchRole === undefined) return callback ? super.connect(callback) : super.connect();
    const bound = super.connect().then((client) => this.bind(client as TenantClient, currentTenant()));
    if (!callback) return bound;
    bound.then(
      (client) => callback(undefined, client, (error) => client.release(error)),
      (error: Error) => callback(error, undefined, () => {}),
    );
  }

  private async bind(client: TenantClient, tenant: string): Promise<pg.PoolClient> {
    if (client.gatewayTenant === tenant) return client;
    try {
      if (client.gatewayTenant === undefined && this.switchRole) {
        await client.query(SET_ROLE_AND_TENANT_SQL, [tenant]);
      } else {
        await client.query(SET_TENANT_SQL, [tenant]);
      }
      client.gatewayTenant = tenant;
      return client;
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
  }
}

/**
 * The embedded database has one session: each statement outside a transaction runs after binding
 * it to the caller's tenant (serialized, so no other call's statement slips in between), and each
 * transaction binds itself locally first.
 */
function tenantBoundPGlite(pglite: PGlite): PGlite {
  let session: string | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  const bound = <T>(tenant: string, run: () => Promise<T>): Promise<T> => {
    const next = tail.then(async () => {
      if (session !== tenant) {
        await pglite.query(SET_TENANT_SQL, [tenant]);
        session = tenant;
      }
      return run();
    });
    tail = next.catch(() => {});
    return next;
  };
  return new Proxy(pglite, {
    get(target, property) {
      switch (property) {
        case 'query':
          return (...args: Parameters<PGlite['query']>) => bound(currentTenant(), () => target.query(...args));
        case 'exec':
          return (...args: Parameters<PGlite['exec']>) => bound(currentTenant(), () => target.exec(...args));
        case 'transaction':
          return <T>(fn: Parameters<PGlite['transaction']>[0]) => {
            const tenant = currentTenant();
            return target.transaction(async (tx) => {
              await tx.query(SET_LOCAL_TENANT_SQL, [tenant]);
              return fn(tx) as T;
            });
          };
        default: {
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        }
      }
    },
  });
}

const queryLog = (options: DatabaseOptions) =>
  options.onQuery ? { log: [{ emit: 'event' as const, level: 'query' as const }] } : {};

function withQueryEvents(prisma: PrismaClient, options: DatabaseOptions): PrismaClient {
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (prisma as unknown as PrismaClient<'query'>).$on('query', (event) => onQuery(event.query));
  }
  return prisma;
}

/**
 * Takes an exclusive pid-file lock; a lock whose process is gone is replaced. PGlite has no
 * cross-process lock of its own, and two writers silently lose data.
 */
export function lockDir(lockFile: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseStartError(
          `the embedded database in ${path.dirname(lockFile)} is in use by process ${owner}; ` +
            'stop it first or set DATA_DIR to another directory',
        );
      }
      fs.rmSync(lockFile, { force: true }); // stale lock of a dead process
    }
  }
  throw new DatabaseStartError(`cannot lock ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

