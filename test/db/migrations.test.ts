// The committed migrations, applied by the production runner, build exactly schema.prisma; and
// the runner's bookkeeping is what Prisma's engine expects.
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { applyMigrations, readMigrations } from '../../src/db/migrate.ts';
import { driftOf, migrationsList, noFilter, openSchemaEngine } from '../../scripts/schema-engine.ts';

const conn = (db: PGlite) => ({ query: (s: string, p?: unknown[]) => db.query(s, p) as never, exec: (s: string) => db.exec(s) });

describe('migrations', () => {
  it('build a database identical to schema.prisma, recorded as Prisma would', async () => {
    const db = await PGlite.create();
    try {
      const applied = await applyMigrations(conn(db));
      expect(applied).toEqual(readMigrations().map((m) => m.name));
      expect(await driftOf(db)).toBe('');
      const engine = await openSchemaEngine(db);
      const history = await engine.diagnoseMigrationHistory({
        migrationsList: migrationsList(),
        optInToShadowDatabase: false,
        filters: noFilter,
      });
      expect([history.history, history.failedMigrationNames, history.editedMigrationNames]).toEqual([null, [], []]);
      expect(await applyMigrations(conn(db))).toEqual([]); // idempotent
    } finally {
      await db.close();
    }
  });

  it('detects drift: a column missing from the database is reported', async () => {
    const db = await PGlite.create();
    try {
      await applyMigrations(conn(db));
      await db.exec('ALTER TABLE "task" DROP COLUMN "comment"');
      expect(await driftOf(db)).toMatch(/comment/);
    } finally {
      await db.close();
    }
  });

  it('a failing migration leaves nothing half-applied and blocks later runs', async () => {
    const db = await PGlite.create();
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-'));
    try {
      fs.mkdirSync(path.join(dir, '20990101000000_bad'));
      fs.writeFileSync(path.join(dir, '20990101000000_bad', 'migration.sql'), 'CREATE TABLE half (id int);\nSELECT no_such_function();');
      await expect(applyMigrations(conn(db), { dir })).rejects.toThrow(/20990101000000_bad/);
      const tables = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half'`);
      expect(tables.rows).toHaveLength(0);
      await expect(applyMigrations(conn(db), { dir })).rejects.toThrow(/resolve/);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
