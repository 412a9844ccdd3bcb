// Applies the committed prisma/migrations/*/migration.sql files, recording them in Prisma's own
// `_prisma_migrations` table so `prisma migrate deploy/status` (where the native engine exists)
// agrees with what ran here. Works over one pg session or a PGlite instance.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SqlConnection {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  exec(script: string): Promise<unknown>;
}

export const migrationsDir = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

// Prisma's schema engine takes the same advisory lock, so the two never interleave.
const MIGRATION_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
);`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/** The committed migrations in order (`<timestamp>_<name>` sorts chronologically). */
export function readMigrations(dir = migrationsDir): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export class MigrationError extends Error {}

/**
 * Applies every migration not yet recorded as finished. Each file runs as one simple-query call, so
 * Postgres wraps it in one implicit transaction: a failing file leaves nothing half-applied, and is
 * recorded with its error (Prisma then reports P3009 until it is resolved).
 */
export async function applyMigrations(
  conn: SqlConnection,
  { dir = migrationsDir, log = (_: string) => {} }: { dir?: string; log?: (m: string) => void } = {},
): Promise<string[]> {
  await conn.exec(CREATE_MIGRATIONS_TABLE);
  await conn.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  const applied: string[] = [];
  try {
    const { rows } = await conn.query(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
    );
    const failed = rows.filter((r) => r.finished_at == null && r.rolled_back_at == null);
    if (failed.length > 0) {
      throw new MigrationError(
        `failed migration(s) ${failed.map((r) => r.migration_name).join(', ')}: fix and resolve them first`,
      );
    }
    const done = new Map(rows.filter((r) => r.finished_at != null).map((r) => [r.migration_name, r.checksum]));
    for (const migration of readMigrations(dir)) {
      if (done.has(migration.name)) {
        if (done.get(migration.name) !== migration.checksum) {
          log(`warning: migration ${migration.name} was edited after it was applied`);
        }
        continue;
      }
      const id = randomUUID();
      await conn.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), 0)`,
        [id, migration.checksum, migration.name],
      );
      try {
        await conn.exec(migration.sql);
      } catch (error) {
        await conn.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, String(error)]);
        throw new MigrationError(`migration ${migration.name} failed: ${String(error)}`);
      }
      await conn.query(
        'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
        [id],
      );
      applied.push(migration.name);
      log(`applied migration ${migration.name}`);
    }
  } finally {
    await conn.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
  return applied;
}

/** Names of the migration files not recorded as applied (the readiness check). */
export async function pendingMigrations(
  conn: Pick<SqlConnection, 'query'>,
  names: readonly string[] = readMigrations().map((m) => m.name),
): Promise<string[]> {
  const { rows } = await conn.query(
    'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const done = new Set(rows.map((r) => r.migration_name as string));
  return names.filter((name) => !done.has(name));
}
