// Operating the real server process: health and readiness, JSON request logs with request ids,
// graceful SIGTERM (in-flight requests finish, new ones are refused, exit 0), and clear start-up
// errors (port in use, production without a token secret).
import http from 'node:http';
import net from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations, pendingMigrations, readMigrations } from '../../src/db/migrate.ts';
import { freePort, startFailingServer, startServer, type ServerProcess, defaultBasicAuth } from '../helpers/server-process.ts';

const env = () => ({ DATABASE_URL: inject('databaseUrl'), SEED_DEFAULT_CREDENTIALS: '1', SHUTDOWN_GRACE_SEC: '30' });

const logLines = (server: ServerProcess) =>
  server
    .logs()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, any>);

describe('a running server', () => {
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('answers /healthz and /readyz, and logs each request as JSON with its id and duration', async () => {
    server = await startServer(env());
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', ready: true, database: 'ok', pendingMigrations: [] });

    const reply = await fetch(`${server.url}/tasks.get_all`, {
      method: 'POST',
      headers: { authorization: defaultBasicAuth, 'content-type': 'application/json', 'x-request-id': 'op-test-42' },
      body: JSON.stringify({ page: 0, page_size: 1 }),
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-request-id')).toBe('op-test-42');
    // the log is written asynchronously, in batches (at least every 250 ms)
    const requestLine = () => logLines(server!).find((l) => l.reqId === 'op-test-42' && l.msg === 'request');
    await expect.poll(requestLine, { timeout: 5_000 }).toBeDefined();
    const line = requestLine();
    expect(line).toMatchObject({ level: 'info', method: 'POST', path: '/tasks.get_all', status: 200, service: 'task-gateway' });
    expect(line!.durationMs).toBeGreaterThan(0);
    expect(line!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Math.abs(Date.parse(line!.time as string) - Date.now())).toBeLessThan(60_000);
  }, 120_000);

  it('on SIGTERM finishes the request in flight, refuses new connections and exits 0', async () => {
    server ??= await startServer(env());
    const { port } = new URL(server.url);
    const body = Buffer.from(JSON.stringify({ page: 0, page_size: 2, only_fields: ['id', 'name'] }));
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port: Number(port), method: 'POST', path: '/tasks.get_all', agent: false,
          headers: { authorization: defaultBasicAuth, 'content-type': 'application/json', 'content-length': body.length } },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      request.on('error', reject);
      request.write(body.subarray(0, 10)); // the request is in flight: headers and part of the body
      setTimeout(() => {
        server!.child.kill('SIGTERM');
        setTimeout(async () => {
          // The listening socket is closed: a new connection is refused (polled: a loaded machine
          // may take a while to deliver the signal; the grace period is 30 s).
          const connectRefused = () =>
            new Promise<boolean>((done) => {
              const socket = net.connect(Number(port), '127.0.0.1');
              socket.once('connect', () => {
                socket.destroy();
                done(false);
              });
              socket.once('error', () => done(true));
            });
          let refused = await connectRefused();
          for (const deadline = Date.now() + 10_000; !refused && Date.now() < deadline; refused = await connectRefused()) {
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          expect(refused).toBe(true);
          request.end(body.subarray(10));
        }, 500);
      }, 300);
    });
    const result = await response;
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text).meta.result_code).toBe(200);
    expect(await server.stop()).toBe(0);
    const messages = logLines(server).map((l) => l.msg);
    expect(messages).toContain('shutting down: finishing in-flight requests');
    expect(messages.at(-1)).toBe('stopped');
    server = undefined;
  }, 120_000);
});

describe('start-up errors', () => {
  it('says so when the port is taken', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const result = await startFailingServer({ ...env(), PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.output).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    } finally {
      blocker.close();
    }
  }, 120_000);

  it('refuses production mode on a shared database without a token secret, and short secrets', async () => {
    const missing = await startFailingServer({ ...env(), NODE_ENV: 'production' });
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/TOKEN_SECRET is required in production/);
    const short = await startFailingServer({ ...env(), TOKEN_SECRET: 'too-short' });
    expect(short.code).toBe(1);
    expect(short.output).toMatch(/TOKEN_SECRET must be at least 32 characters/);
  }, 120_000);
});

describe('readiness', () => {
  const name = `tg_ready_${process.pid}_${Date.now()}`;
  const admin = () => new pg.Client({ connectionString: inject('serverUrl') });
  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  it('reports migrations that are not applied', async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = new URL(inject('serverUrl'));
    url.pathname = `/${name}`;
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    try {
      await applyMigrations({ query: (s, p) => db.query(s, p), exec: (s) => db.query(s) });
      expect(await pendingMigrations(db)).toEqual([]);
      const last = readMigrations().at(-1)!.name;
      await db.query('DELETE FROM "_prisma_migrations" WHERE migration_name = $1', [last]);
      expect(await pendingMigrations(db)).toEqual([last]);
    } finally {
      await db.end();
    }
  });
});
