// `npm run bench:ingest`: event ingestion throughput of the gateway against a raw pg baseline.
//
//  1. PostgreSQL: BENCH_DATABASE_URL (a fresh database is created in it and dropped at the end) or a
//     throw-away cluster (bench/harness.ts).
//  2. Starts the gateway (`node --import tsx src/server.ts`, NODE_ENV=production, the SDK's default
//     key pair seeded), logs in (legacy auth.login, Basic) and creates one task per client and phase
//     with tasks.create.
//  3. raw phase: BENCH_CLIENTS concurrent clients, each with its own pg connection, insert the same
//     rows the gateway stores (company, task, type, md5 key, iter, metric, variant, timestamp, value,
//     url, doc) with plain multi-row INSERT ... VALUES statements (two of 5,000 rows: PostgreSQL's
//     65,535-parameter limit) in one transaction per request of BENCH_EVENTS (10,000) events.
//  4. gateway phase: the same number of clients POST the same kind of request as json-lines to
//     /v2.9/events.add_batch with the Bearer token, for the same duration.
//  5. After each phase the stored row counts must equal the events acknowledged; the gateway's task
//     statistics must show the last iteration sent.
//  6. Prints events/s, the ratio (target >= 0.5), p50/p99 per request and the gateway's peak RSS,
//     and writes bench/results/events-ingest.json and events-ingest.md.
//
// Environment: BENCH_DATABASE_URL, BENCH_DURATION (15 s per phase), BENCH_CLIENTS (4),
// BENCH_EVENTS (10000 per request), BENCH_POOL_SIZE (10), BENCH_KEEP_DB.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  adminQuery, cleanup, createDatabase, DEFAULT_CREDENTIALS, log, memoryOf, resultsDir, root, runState, startChild, startCluster,
} from './harness.ts';

const envNumber = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got ${raw})`);
  return value;
};

const config = {
  duration: envNumber('BENCH_DURATION', 15),
  clients: envNumber('BENCH_CLIENTS', 4),
  eventsPerRequest: envNumber('BENCH_EVENTS', 10_000),
  poolSize: envNumber('BENCH_POOL_SIZE', 10),
};
const TARGET_RATIO = 0.5;
/** Rows per INSERT of the raw baseline: 11 parameters each, below PostgreSQL's 65,535. */
const RAW_ROWS_PER_STATEMENT = 5000;

async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: any }> {
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(120_000) });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) };
}

async function login(gatewayUrl: string): Promise<string> {
  const basic = Buffer.from(`${DEFAULT_CREDENTIALS.accessKey}:${DEFAULT_CREDENTIALS.secretKey}`, 'latin1').toString('base64');
  const reply = await post(`${gatewayUrl}/v2.9/auth.login`, '{}', { 'content-type': 'application/json', authorization: `Basic ${basic}` });
  const token = reply.json?.data?.token;
  if (typeof token !== 'string') throw new Error(`auth.login failed: ${JSON.stringify(reply.json).slice(0, 500)}`);
  return token;
}

async function createTask(gatewayUrl: string, token: string, name: string): Promise<string> {
  const reply = await post(`${gatewayUrl}/v2.9/tasks.create`, JSON.stringify({ name, type: 'training' }), {
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
  });
  const id = reply.json?.data?.id;
  if (reply.status !== 200 || typeof id !== 'string') throw new Error(`tasks.create failed: ${JSON.stringify(reply.json).slice(0, 500)}`);
  return id;
}

/** The events of request `r` of one client: scalars with distinct iterations. */
function scalarEvents(task: string, r: number) {
  const now = Date.now();
  const base = r * config.eventsPerRequest;
  return Array.from({ length: config.eventsPerRequest }, (_, i) => ({
    type: 'training_stats_scalar',
    task,
    iter: base + i,
    metric: 'loss',
    variant: `v${i % 4}`,
    value: Math.sin(base + i),
    timestamp: now,
  }));
}

interface Phase {
  name: 'raw' | 'gateway';
  requests: number;
  failures: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
}

const percentile = (sorted: number[], p: number) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Runs `clients` loops of `request` for `duration` seconds; counts acknowledged events. */
async function runPhase(name: Phase['name'], tasks: string[], request: (client: number, task: string, r: number) => Promise<number>): Promise<Phase> {
  const latencies: number[] = [];
  let events = 0;
  let failures = 0;
  let requests = 0;
  const started = performance.now();
  const deadline = started + config.duration * 1000;
  await Promise.all(tasks.map(async (task, client) => {
    for (let r = 0; performance.now() < deadline && !runState.stopping; r++) {
      const t0 = performance.now();
      try {
        const stored = await request(client, task, r); // not `events += await`: that reads `events` first
        events += stored;
        latencies.push(performance.now() - t0);
        requests++;
      } catch (error) {
        failures++;
        log(`${name} client ${client}: ${(error as Error).message.slice(0, 300)}`);
      }
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests,
    failures,
    events,
    seconds: round1(seconds),
    eventsPerSecond: Math.round(events / seconds),
    latencyMs: { p50: round1(percentile(latencies, 50)), p99: round1(percentile(latencies, 99)), max: round1(latencies.at(-1) ?? 0) },
  };
}

/** The row the gateway stores for a scalar event (document as normalised by the ingest path). */
function rawRow(companyId: string, event: ReturnType<typeof scalarEvents>[number], writeTime: string): unknown[] {
  const doc = { ...event, worker: '<unknown>', '@timestamp': writeTime };
  const key = createHash('md5').update(`${event.task}-${event.iter}-${event.metric}-${event.variant}`).digest('hex');
  return [companyId, event.task, event.type, key, event.iter, event.metric, event.variant, event.timestamp, event.value, null, JSON.stringify(doc)];
}

async function rawInsert(client: pg.Client, companyId: string, events: ReturnType<typeof scalarEvents>): Promise<void> {
  const writeTime = new Date().toISOString();
  await client.query('BEGIN');
  try {
    for (let offset = 0; offset < events.length; offset += RAW_ROWS_PER_STATEMENT) {
      const chunk = events.slice(offset, offset + RAW_ROWS_PER_STATEMENT);
      const params: unknown[] = [];
      const tuples: string[] = [];
      for (const event of chunk) {
        const p = params.length;
        tuples.push(`($${p + 1},$${p + 2},$${p + 3}::"EventType",$${p + 4},$${p + 5},$${p + 6},$${p + 7},$${p + 8},$${p + 9},$${p + 10},$${p + 11}::jsonb)`);
        params.push(...rawRow(companyId, event, writeTime));
      }
      await client.query(
        `INSERT INTO "event" ("company","task","type","key","iter","metric","variant","timestamp","value","url","doc") VALUES ${tuples.join(',')}`,
        params,
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function countEvents(databaseUrl: string, tasks: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM "event" WHERE "task" = ANY($1::text[])', [tasks]);
    return rows[0].n as number;
  } finally {
    await client.end();
  }
}

async function main() {
  fs.mkdirSync(resultsDir, { recursive: true });
  const startedAt = new Date();
  const watchdog = setTimeout(() => {
    runState.stopping = true;
    console.error('[bench] watchdog: no result in time, stopping');
    void cleanup().finally(() => process.exit(1));
  }, (600 + 4 * config.duration) * 1000);
  watchdog.unref();

  const serverUrl = process.env.BENCH_DATABASE_URL || (await startCluster());
  const databaseUrl = await createDatabase(serverUrl);
  const postgresVersion = String((await adminQuery(serverUrl, 'SHOW server_version')).rows[0]?.server_version);
  const gateway = await startChild('gateway-ingest', ['--import', 'tsx', 'src/server.ts'], {
    DATABASE_URL: databaseUrl,
    DB_POOL_SIZE: String(config.poolSize),
    NODE_ENV: 'production',
    TOKEN_SECRET: randomBytes(32).toString('base64url'),
    SEED_DEFAULT_CREDENTIALS: '1',
  });
  log(`gateway ${gateway.url} (pid ${gateway.process.pid}), database ${new URL(databaseUrl).pathname.slice(1)}`);
  const token = await login(gateway.url);
  const clients = Array.from({ length: config.clients }, (_, i) => i);
  const rawTasks = await Promise.all(clients.map((i) => createTask(gateway.url, token, `ingest raw ${i}`)));
  const gatewayTasks = await Promise.all(clients.map((i) => createTask(gateway.url, token, `ingest gateway ${i}`)));
  const companyId = String((await adminQuery(databaseUrl, `SELECT "company" FROM "task" WHERE "id" = '${rawTasks[0]}'`)).rows[0]?.company);
  const loadBefore = os.loadavg();

  // Raw baseline: one pg connection per client.
  const connections = await Promise.all(clients.map(async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    return client;
  }));
  log(`raw: ${config.clients} clients x ${config.duration}s, ${config.eventsPerRequest} events per request`);
  const raw = await runPhase('raw', rawTasks, async (client, task, r) => {
    const events = scalarEvents(task, r);
    await rawInsert(connections[client]!, companyId, events);
    return events.length;
  });
  await Promise.all(connections.map((c) => c.end()));
  const rawStored = await countEvents(databaseUrl, rawTasks);
  if (rawStored !== raw.events) throw new Error(`raw: ${raw.events} events acknowledged but ${rawStored} stored`);
  log(`raw: ${raw.eventsPerSecond} events/s, p50 ${raw.latencyMs.p50} ms, p99 ${raw.latencyMs.p99} ms (${rawStored} rows verified)`);

  log(`gateway: ${config.clients} clients x ${config.duration}s, POST /v2.9/events.add_batch (json-lines)`);
  const headers = { 'content-type': 'application/json-lines', authorization: `Bearer ${token}` };
  const lastIter = new Map<string, number>();
  const gw = await runPhase('gateway', gatewayTasks, async (_client, task, r) => {
    const events = scalarEvents(task, r);
    const body = events.map((e) => JSON.stringify(e)).join('\n');
    const reply = await post(`${gateway.url}/v2.9/events.add_batch`, body, headers);
    const data = reply.json?.data;
    if (reply.status !== 200 || data?.added !== events.length || data?.errors !== 0) {
      throw new Error(`events.add_batch: HTTP ${reply.status} ${JSON.stringify(reply.json?.meta ?? reply.json).slice(0, 300)}`);
    }
    lastIter.set(task, events.at(-1)!.iter);
    return events.length;
  });
  const gatewayStored = await countEvents(databaseUrl, gatewayTasks);
  if (gatewayStored !== gw.events) throw new Error(`gateway: ${gw.events} events acknowledged but ${gatewayStored} stored`);
  for (const [task, iter] of lastIter) {
    const stored = (await adminQuery(databaseUrl, `SELECT "last_iteration" FROM "task" WHERE "id" = '${task}'`)).rows[0]?.last_iteration;
    if (stored !== iter) throw new Error(`gateway: task ${task} last_iteration ${stored}, expected ${iter}`);
  }
  log(`gateway: ${gw.eventsPerSecond} events/s, p50 ${gw.latencyMs.p50} ms, p99 ${gw.latencyMs.p99} ms (${gatewayStored} rows and task statistics verified)`);
  const memory = memoryOf(gateway.process.pid);
  const loadAfter = os.loadavg();

  const ratio = raw.eventsPerSecond > 0 ? gw.eventsPerSecond / raw.eventsPerSecond : 0;
  const pass = ratio >= TARGET_RATIO && raw.failures === 0 && gw.failures === 0;
  const summary = { rawEventsPerSecond: raw.eventsPerSecond, gatewayEventsPerSecond: gw.eventsPerSecond, ratio: Math.round(ratio * 1000) / 1000, target: TARGET_RATIO, pass };
  console.log(
    `\nraw ${raw.eventsPerSecond} events/s, gateway ${gw.eventsPerSecond} events/s, ratio ${summary.ratio} (target >= ${TARGET_RATIO}: ${pass ? 'PASS' : 'FAIL'})\n` +
      `per request p50/p99: raw ${raw.latencyMs.p50}/${raw.latencyMs.p99} ms, gateway ${gw.latencyMs.p50}/${gw.latencyMs.p99} ms; ` +
      `gateway peak RSS ${memory ? `${memory.peakRssMiB} MiB` : 'n/a'}; load ${loadBefore[0]!.toFixed(2)} -> ${loadAfter[0]!.toFixed(2)}\n`,
  );
  const environment = {
    node: process.version,
    postgres: postgresVersion,
    cpus: os.cpus().length,
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadAfter,
    database: process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'throw-away cluster',
  };
  const report = { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), config, environment, summary, phases: [raw, gw], gatewayMemory: memory };
  fs.writeFileSync(path.join(resultsDir, 'events-ingest.json'), `${JSON.stringify(report, null, 2)}\n`);
  const md = [
    `### Event ingest benchmark (${startedAt.toISOString()})`,
    '',
    `${config.clients} clients, ${config.eventsPerRequest} scalar events per request, ${config.duration}s per phase; ` +
      `Node ${environment.node}, PostgreSQL ${postgresVersion}, ${environment.cpus} CPUs (load ${loadBefore[0]!.toFixed(2)} -> ${loadAfter[0]!.toFixed(2)}).`,
    '',
    '| phase | requests | events/s | p50 / p99 per request (ms) | failures |',
    '|---|---:|---:|---:|---:|',
    ...[raw, gw].map((p) => `| ${p.name} | ${p.requests} | ${p.eventsPerSecond} | ${p.latencyMs.p50} / ${p.latencyMs.p99} | ${p.failures} |`),
    '',
    `Ratio gateway / raw: **${summary.ratio}** (target >= ${TARGET_RATIO}: ${pass ? 'PASS' : 'FAIL'}). ` +
      `Gateway peak RSS: ${memory ? `${memory.peakRssMiB} MiB` : 'n/a'}.`,
    '',
    'raw = multi-row INSERT ... VALUES (2 statements of 5,000 rows, one transaction) over pg; gateway = POST ' +
      '/v2.9/events.add_batch with json-lines (validation, normalisation, one upsert + task statistics per request).',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(resultsDir, 'events-ingest.md'), md);
  log(`wrote ${path.relative(root, path.join(resultsDir, 'events-ingest.json'))} and events-ingest.md`);
  await cleanup();
  clearTimeout(watchdog);
  if (!pass) process.exitCode = raw.failures || gw.failures ? 1 : 0;
}

main().catch(async (error) => {
  if (runState.stopping) return;
  console.error('[bench] failed:', error instanceof Error ? error.message : error);
  await cleanup();
  process.exit(1);
});
