// Shared plumbing of the benchmark scripts: a throw-away PostgreSQL cluster (or BENCH_DATABASE_URL),
// a fresh database per run, child processes that are always stopped on exit, error or signal, and
// /proc readings of memory and CPU.
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const resultsDir = path.join(root, 'bench', 'results');

export const log = (message: string) => console.log(`[bench] ${message}`);

/** Options the harness reads from the environment (BENCH_KEEP_DB, BENCH_CPU_PROF). */
export const harnessConfig = {
  keepDatabase: process.env.BENCH_KEEP_DB === '1',
  cpuProfile: process.env.BENCH_CPU_PROF === '1',
};

/** Set on a signal or a watchdog: what fails afterwards is a consequence, not news. */
export const runState = { stopping: false };

/**
 * The trains SDK's built-in key pair (legacy spec §2.5; DEFAULT_CREDENTIALS of
 * src/resolvers/auth.ts, not imported here because that module opens the database client). The
 * gateway seeds it with SEED_DEFAULT_CREDENTIALS=1, in the benchmark's own database only.
 */
export const DEFAULT_CREDENTIALS = {
  accessKey: 'EGRTCO8JMSIGI6S39GTP43NFWXDQOW',
  secretKey: 'x!XTov_G-#vspE*Y(h$Anm&DIc5Ou-F)jsl$PdOyj5wG1&E!Z8',
} as const;

// ---------------------------------------------------------------------------------------------
// Cleanup: every resource registers an async stop and a synchronous last-resort kill.

export interface Resource {
  name: string;
  stop: () => Promise<void>;
  kill: () => void;
}

export const resources: Resource[] = [];
let cleaning: Promise<void> | undefined;

export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const resource of resources.splice(0).reverse()) {
      try {
        await resource.stop();
      } catch (error) {
        console.error(`[bench] stopping ${resource.name} failed: ${(error as Error).message}`);
        try {
          resource.kill();
        } catch {
          // already gone
        }
      }
    }
  })();
  return cleaning;
}

process.on('exit', () => {
  for (const resource of resources.splice(0).reverse()) {
    try {
      resource.kill();
    } catch {
      // already gone
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    runState.stopping = true;
    console.error(`[bench] ${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A throw-away cluster as in test/helpers/global-setup.ts (fsync off, loopback only). */
export async function startCluster(): Promise<string> {
  const versions = fs.existsSync('/usr/lib/postgresql')
    ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
    : [];
  const bin = versions.map((v) => `/usr/lib/postgresql/${v}/bin`).find((b) => fs.existsSync(`${b}/initdb`));
  if (!bin) {
    throw new Error('the benchmark needs PostgreSQL: set BENCH_DATABASE_URL=postgres://... or install postgresql');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-bench-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const argv = asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args;
    const r = spawnSync(asRoot ? 'runuser' : cmd, argv, { stdio: 'pipe', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed: ${r.stderr || r.error}`);
  };
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const stop = () => {
    try {
      if (fs.existsSync(`${dir}/data/postmaster.pid`)) run(`${bin}/pg_ctl`, ['-D', `${dir}/data`, '-m', 'immediate', 'stop']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  resources.push({ name: 'postgres cluster', stop: async () => stop(), kill: stop });
  const port = await freePort();
  run(`${bin}/initdb`, ['-D', `${dir}/data`, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  run(`${bin}/pg_ctl`, [
    '-D', `${dir}/data`, '-l', `${dir}/log`, '-w', 'start',
    '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=100 -c shared_buffers=256MB`,
  ]);
  log(`started a throw-away PostgreSQL cluster (${bin}) on 127.0.0.1:${port}`);
  return `postgresql://postgres@127.0.0.1:${port}/postgres`;
}

export async function adminQuery(serverUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createDatabase(serverUrl: string): Promise<string> {
  const name = `bench_${process.pid}_${Date.now()}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  if (!harnessConfig.keepDatabase) {
    resources.push({
      name: `database ${name}`,
      stop: async () => {
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
      kill: () => {},
    });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

// ---------------------------------------------------------------------------------------------
// Child processes

export interface Child {
  name: string;
  process: ChildProcess;
  url: string;
  logFile: string;
}

export async function startChild(name: string, args: string[], env: Record<string, string>, timeoutMs = 90_000): Promise<Child> {
  const port = await freePort();
  const logFile = path.join(resultsDir, `${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  resources.push({
    name,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // A profiled gateway needs time to write its profile on the way out.
      const grace = setTimeout(() => child.kill('SIGKILL'), harnessConfig.cpuProfile ? 20_000 : 5_000);
      await exited;
      clearTimeout(grace);
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) during start-up:\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return { name, process: child, url, logFile };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} did not become ready within ${timeoutMs / 1000}s:\n${tail(logFile)}`);
}

export const tail = (file: string) => fs.readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');

/** Peak and current resident set size (MiB) from /proc, or null where /proc is unavailable. */
export function memoryOf(pid: number | undefined): { peakRssMiB: number; rssMiB: number } | null {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakRssMiB: Math.round(kib('VmHWM') / 102.4) / 10, rssMiB: Math.round(kib('VmRSS') / 102.4) / 10 };
  } catch {
    return null;
  }
}

/** User+system CPU seconds a process has used so far (Linux /proc), or null. */
export function cpuSecondsOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
