// Dev-time access to Prisma's schema engine (WASM build) over an in-memory PGlite, so migrations can
// be authored and checked without the native engine (which cannot be downloaded here). Never used
// on the server's start-up path.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { migrationsDir, readMigrations } from '../src/db/migrate.ts';

const require = createRequire(import.meta.url);
export const root = fileURLToPath(new URL('..', import.meta.url));
const schemaPath = path.join(root, 'prisma/schema.prisma');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Engine = any;

/** A PGlite adapter factory whose executeScript awaits (pglite-prisma-adapter 0.7.2 does not). */
function pgliteFactory(db: PGlite) {
  const inner = new PrismaPGlite(db);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const fix = (adapter: any) => {
    adapter.executeScript = async function (script: string) {
      try {
        await this.client.exec(script);
      } catch (error) {
        this.onError(error);
      }
    };
    return adapter;
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => fix(await inner.connect()),
    connectToShadowDb: async () => fix(await inner.connectToShadowDb()),
  };
}

// The wasm module keeps global state in its JS glue: instantiate it once per process.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let gluePromise: Promise<any> | undefined;
function loadGlue() {
  gluePromise ??= (async () => {
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = await import(gluePath);
    const wasmPath =
      process.env.SCHEMA_ENGINE_WASM ?? path.join(path.dirname(gluePath), 'schema_engine_bg.wasm');
    const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasmPath)), {
      './schema_engine_bg.js': glue,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return glue;
  })();
  return gluePromise;
}

export async function openSchemaEngine(db: PGlite): Promise<Engine> {
  const glue = await loadGlue();
  return glue.SchemaEngine.new(
    { datamodels: undefined },
    () => {},
    bindMigrationAwareSqlAdapterFactory(pgliteFactory(db) as never),
  );
}

export const schemaFiles = () => ({
  files: [{ path: schemaPath, content: fs.readFileSync(schemaPath, 'utf8') }],
});

export const noFilter = { externalTables: [], externalEnums: [] };

export function migrationsList() {
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    shadowDbInitScript: '',
    lockfile: {
      path: 'migration_lock.toml',
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null,
    },
    migrationDirectories: readMigrations().map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
    })),
  };
}

/** SQL that brings the committed migrations up to schema.prisma ('' when they are in sync). */
export async function pendingSchemaSql(): Promise<string> {
  const db = await PGlite.create();
  try {
    const engine = await openSchemaEngine(db);
    const result = await engine.diff({
      from: { tag: 'migrations', ...migrationsList() },
      to: { tag: 'schemaDatamodel', ...schemaFiles() },
      script: true,
      exitCode: true,
      filters: noFilter,
    });
    return result.exitCode === 2 ? result.stdout : '';
  } finally {
    await db.close();
  }
}

/** Compares a database built by the runner with schema.prisma; '' when identical. */
export async function driftOf(db: PGlite): Promise<string> {
  const engine = await openSchemaEngine(db);
  const diff = await engine.diff({
    from: { tag: 'schemaDatasource', ...schemaFiles(), configDir: root },
    to: { tag: 'schemaDatamodel', ...schemaFiles() },
    script: false,
    exitCode: true,
    filters: noFilter,
  });
  return diff.exitCode === 0 ? '' : diff.stdout;
}
