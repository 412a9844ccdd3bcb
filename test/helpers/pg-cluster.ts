// A private PostgreSQL cluster a test can stop and start again (database restarts under load).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './server-process.ts';

export interface PgCluster {
  url: string;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  destroy(): void;
}

export async function startPgCluster(): Promise<PgCluster> {
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((v) => `/usr/lib/postgresql/${v}/bin`).find((b) => fs.existsSync(`${b}/initdb`));
  if (!bin) throw new Error('this test needs the PostgreSQL server binaries (apt install postgresql)');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-restart-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const argv = asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args;
    const r = spawnSync(asRoot ? 'runuser' : cmd, argv, { stdio: 'pipe', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed: ${r.stderr}`);
  };
  if (asRoot) execFileSync('chown', ['postgres:postgres', root]);
  const port = await freePort();
  run(`${bin}/initdb`, ['-D', `${root}/data`, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  const start = () =>
    run(`${bin}/pg_ctl`, [
      '-D', `${root}/data`, '-l', `${root}/log`, '-w', 'start',
      '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} -c fsync=off -c max_connections=100`,
    ]);
  start();
  let running = true;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop: (mode = 'fast') => {
      run(`${bin}/pg_ctl`, ['-D', `${root}/data`, '-m', mode, '-w', 'stop']);
      running = false;
    },
    start: () => {
      start();
      running = true;
    },
    destroy: () => {
      try {
        if (running) run(`${bin}/pg_ctl`, ['-D', `${root}/data`, '-m', 'immediate', 'stop']);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
