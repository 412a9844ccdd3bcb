// Once per test run: a fresh PostgreSQL database, migrated by the production runner. Uses
// TEST_DATABASE_URL (a server the caller started, as .ci/run does); without it, starts a throw-away
// cluster from the machine's PostgreSQL binaries on a loopback port.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../src/db/migrate.ts';

let cleanup: (() => Promise<void>) | undefined;

export default async function setup(project: TestProject) {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopCluster = async () => {};
  if (!serverUrl) ({ url: serverUrl, stop: stopCluster } = startThrowAwayCluster());
  const dbName = `tg_test_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await applyMigrations({ query: (s, p) => client.query(s, p), exec: (s) => client.query(s) });
  await client.end();
  project.provide('databaseUrl', url.toString());
  project.provide('serverUrl', serverUrl);
  cleanup = async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
    await stopCluster();
  };
}

export async function teardown() {
  await cleanup?.();
}

function startThrowAwayCluster() {
  const bins = fs.existsSync('/usr/lib/postgresql')
    ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  const bin = bins.map((v) => `/usr/lib/postgresql/${v}/bin`).find((b) => fs.existsSync(`${b}/initdb`));
  if (!bin) {
    throw new Error(
      'Tests need PostgreSQL: set TEST_DATABASE_URL=postgres://... or install the postgresql package ' +
        '(bash .ci/run does both).',
    );
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const argv = asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args;
    const r = spawnSync(asRoot ? 'runuser' : cmd, argv, { stdio: 'pipe' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  };
  if (asRoot) execFileSync('chown', ['postgres:postgres', root]);
  const port = 56000 + (process.pid % 4000);
  run(`${bin}/initdb`, ['-D', `${root}/data`, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  run(`${bin}/pg_ctl`, [
    '-D', `${root}/data`, '-l', `${root}/log`, '-w', 'start',
    '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} -c fsync=off -c max_connections=300`,
  ]);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      run(`${bin}/pg_ctl`, ['-D', `${root}/data`, '-m', 'immediate', 'stop']);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    serverUrl: string;
  }
}
