// Starts the real server (src/server.ts) as a child process and waits until it listens.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CREDENTIALS } from '../../src/resolvers/auth.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** `Authorization` with the SDK's default key pair (seeded on the embedded database, or with SEED_DEFAULT_CREDENTIALS=1). */
export const defaultBasicAuth = `Basic ${Buffer.from(`${DEFAULT_CREDENTIALS.accessKey}:${DEFAULT_CREDENTIALS.secretKey}`).toString('base64')}`;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** stdout and stderr as they arrived */
  output: () => string;
  /** stdout alone: the JSON log lines, never split by a chunk of stderr */
  logs: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

export async function startServer(env: Record<string, string>, { timeoutMs = 90_000 } = {}): Promise<ServerProcess> {
  // without a PORT the server picks a free one itself (PORT=0) and logs it: no window in which
  // another test's server could take a port found free here
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', ...env, PORT: env.PORT ?? '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let logs = '';
  child.stdout!.on('data', (d) => {
    output += d;
    logs += d;
  });
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), timeoutMs);
    const check = () => {
      const listening = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited with ${code}:\n${output}`), { output }));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    logs: () => logs,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Starts a server expected to fail; resolves with its exit code and output. */
export async function startFailingServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', ...env, PORT: env.PORT ?? '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}
