// `npm run bench:series`: GraphQL `task(id) { scalarSeries(maxPoints: 1000) }` over a 1,000,000-point
// series, against a raw node:http + pg server running the same bucketing aggregate, in one run.
//
//  1. PostgreSQL: BENCH_DATABASE_URL (a fresh database is created in it and dropped at the end) or a
//     throw-away cluster (bench/harness.ts).
//  2. Seeds, set-based: one task of the default company with SERIES_POINTS scalar points (loss/total,
//     a single spike), noise (two more variants, and 20 other tasks with 10,000 points each), then
//     VACUUM ANALYZE so both sides read the index only.
//  3. Starts the gateway (`node --import tsx src/server.ts`, NODE_ENV=production) and
//     bench/raw-series-server.ts as child processes with the same pool size.
//  4. Checks that both return identical buckets (≤ maxPoints, spike kept), then runs autocannon
//     (BENCH_CONNECTIONS clients) on raw, then gateway: BENCH_REQUESTS requests per side when set
//     (each request scans the whole series, so a loaded machine may finish few in a short window),
//     else BENCH_DURATION seconds. Throughput = completed requests / wall time.
//  5. Writes bench/results/events-series.json and .md (req/s ratio, target ≥ 0.5, p50/p99, peak RSS).
//
// Environment: BENCH_DATABASE_URL, BENCH_REQUESTS, BENCH_DURATION (10), BENCH_WARMUP (2), BENCH_CONNECTIONS (4),
// BENCH_POINTS (1000000), BENCH_MAX_POINTS (1000), BENCH_POOL_SIZE (10), BENCH_KEEP_DB.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { applyMigrations } from '../src/db/migrate.ts';
import {
  adminQuery, cleanup, createDatabase, DEFAULT_CREDENTIALS, log, memoryOf, resultsDir, runState, startChild, startCluster, type Child,
} from './harness.ts';

const envNumber = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got ${raw})`);
  return value;
};

const config = {
  requests: process.env.BENCH_REQUESTS ? envNumber('BENCH_REQUESTS', 0) : null,
  duration: envNumber('BENCH_DURATION', 10),
  warmup: envNumber('BENCH_WARMUP', 2),
  connections: envNumber('BENCH_CONNECTIONS', 4),
  points: envNumber('BENCH_POINTS', 1_000_000),
  maxPoints: envNumber('BENCH_MAX_POINTS', 1000),
  poolSize: envNumber('BENCH_POOL_SIZE', 10),
};
const TARGET = 0.5;

const COMPANY = 'd1bd92a3b039400cbafc60a7a5b1e52b';
const USER = '__tests__';
const TASK = 'bench0series0task0000000000000000';
const METRIC = 'loss';
const VARIANT = 'total';
const SPIKE_AT = Math.floor(config.points * 0.654321);

const QUERY = `query Series($id: ID!, $metric: String!, $variant: String!, $maxPoints: Int!) {
  task(id: $id) { scalarSeries(metric: $metric, variant: $variant, maxPoints: $maxPoints) { bucketWidth buckets { x count min max mean last } } }
}`;

type Target = 'raw' | 'gateway';

const requestOf = (side: Target) => {
  const variables = { id: TASK, metric: METRIC, variant: VARIANT, maxPoints: config.maxPoints };
  return side === 'raw'
    ? { path: '/series', body: JSON.stringify(variables) }
    : { path: '/graphql', body: JSON.stringify({ query: QUERY, variables }) };
};

async function seed(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await applyMigrations({ query: (s, p) => client.query(s, p), exec: (s) => client.query(s) });
    await client.query(`INSERT INTO company (id, name) VALUES ($1, 'trains') ON CONFLICT DO NOTHING`, [COMPANY]);
    await client.query(
      `INSERT INTO "user" (id, company, name, role) VALUES ($1, $2, 'Default User', 'user') ON CONFLICT DO NOTHING`,
      [USER, COMPANY],
    );
    const insertTask = (id: string, name: string) =>
      client.query(`INSERT INTO task (id, company, "user", name, type) VALUES ($1, $2, $3, $4, 'training')`, [id, COMPANY, USER, name]);
    const insertSeries = (task: string, variant: string, count: number, value: string) =>
      client.query(
        `INSERT INTO event (company, task, type, key, iter, metric, variant, timestamp, value, doc)
         SELECT $1, $2, 'training_stats_scalar', md5($2 || '-' || i || '-' || $3 || '-' || $4), i, $3, $4, ts, v,
           jsonb_build_object('type', 'training_stats_scalar', 'task', $2::text, 'iter', i, 'metric', $3::text,
             'variant', $4::text, 'value', v, 'timestamp', ts, 'worker', 'bench')
         FROM generate_series(0, $5::int - 1) AS i,
           LATERAL (SELECT 1600000000000::int8 + i * 100 AS ts, (${value})::float8 AS v) x`,
        [COMPANY, task, METRIC, variant, count],
      );
    const started = Date.now();
    await insertTask(TASK, 'series benchmark');
    await insertSeries(TASK, VARIANT, config.points, `CASE WHEN i = ${SPIKE_AT} THEN 1000 ELSE 0.5 + 0.4 * sin(i / 1000.0) END`);
    await insertSeries(TASK, 'val', 50_000, 'random()');
    await insertSeries(TASK, 'lr', 50_000, '0.001');
    for (let i = 0; i < 20; i++) {
      const id = `bench0series0noise${String(i).padStart(15, '0')}`;
      await insertTask(id, `noise ${i}`);
      await insertSeries(id, VARIANT, 10_000, 'random()');
    }
    await client.query('VACUUM ANALYZE event');
    log(`seeded ${config.points.toLocaleString('en')} points (+ 300,000 noise) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  } finally {
    await client.end();
  }
}

// GraphQL needs credentials: the SDK's default key pair, seeded in the benchmark's own database.
// (The raw baseline ignores the header; Basic pairs are verified once, then cached by the gateway.)
const HEADERS = {
  'content-type': 'application/json',
  authorization: `Basic ${Buffer.from(`${DEFAULT_CREDENTIALS.accessKey}:${DEFAULT_CREDENTIALS.secretKey}`).toString('base64')}`,
};

async function post(url: string, body: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: HEADERS,
    body,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as { data?: { task?: { scalarSeries?: { bucketWidth: number; buckets: { max: number; x: number }[] } } }; errors?: unknown };
}

/**
 * Deep equality where numbers may differ in their last bits: a mean is a floating-point sum, whose
 * rounding depends on the order the rows were read in (plans differ between the two statements).
 */
function sameAnswer(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameAnswer(item, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    return isDeepStrictEqual(keys, Object.keys(b)) && keys.every((key) => sameAnswer((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return isDeepStrictEqual(a, b);
}

async function verify(urls: Record<Target, string>) {
  const answers = {} as Record<Target, Awaited<ReturnType<typeof post>>>;
  for (const side of ['raw', 'gateway'] as const) {
    const { path: p, body } = requestOf(side);
    answers[side] = await post(`${urls[side]}${p}`, body);
    if (answers[side].errors) throw new Error(`${side}: errors ${JSON.stringify(answers[side].errors).slice(0, 500)}`);
  }
  const series = answers.gateway.data?.task?.scalarSeries;
  if (!series) throw new Error('gateway: no series');
  if (series.buckets.length > config.maxPoints || series.buckets.length < config.maxPoints * 0.9) {
    throw new Error(`gateway: ${series.buckets.length} buckets for maxPoints ${config.maxPoints}`);
  }
  const spike = series.buckets.find((b) => b.x <= SPIKE_AT && SPIKE_AT < b.x + series.bucketWidth);
  if (spike?.max !== 1000) throw new Error('gateway: the spike is not the max of its bucket');
  if (!sameAnswer(answers.gateway.data, answers.raw.data)) {
    throw new Error(`raw and gateway answers differ:\n  gateway ${JSON.stringify(answers.gateway.data).slice(0, 800)}\n  raw ${JSON.stringify(answers.raw.data).slice(0, 800)}`);
  }
  return series.buckets.length;
}

interface Measurement {
  target: Target;
  rps: number;
  requests: number;
  latencyMs: { p50: number; p99: number; avg: number; max: number };
  errors: number;
  non2xx: number;
  peakRssMiB: number | null;
}

async function load(side: Target, server: Child, run: { seconds: number } | { amount: number }): Promise<Measurement> {
  const { path: p, body } = requestOf(side);
  const started = performance.now();
  const result = await autocannon({
    url: `${server.url}${p}`,
    method: 'POST',
    headers: HEADERS,
    body,
    connections: config.connections,
    ...('amount' in run ? { amount: run.amount } : { duration: run.seconds }),
    timeout: 120,
  });
  const seconds = (performance.now() - started) / 1000;
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    target: side,
    rps: round2(result['2xx'] / seconds),
    requests: result.requests.total,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, avg: round2(result.latency.average), max: result.latency.max },
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    peakRssMiB: memoryOf(server.process.pid)?.peakRssMiB ?? null,
  };
}

async function main() {
  fs.mkdirSync(resultsDir, { recursive: true });
  const watchdog = setTimeout(() => {
    runState.stopping = true;
    console.error('[bench] watchdog: stopping');
    void cleanup().finally(() => process.exit(1));
  }, (1800 + 2 * (config.duration + config.warmup)) * 1000);
  watchdog.unref();

  const serverUrl = process.env.BENCH_DATABASE_URL || (await startCluster());
  const databaseUrl = await createDatabase(serverUrl);
  await seed(databaseUrl);
  const postgresVersion = String((await adminQuery(databaseUrl, 'SHOW server_version')).rows[0]?.server_version);
  const env = {
    DATABASE_URL: databaseUrl,
    DB_POOL_SIZE: String(config.poolSize),
    NODE_ENV: 'production',
    TOKEN_SECRET: randomBytes(32).toString('base64url'),
  };
  const gateway = await startChild('gateway-series', ['--import', 'tsx', 'src/server.ts'], { ...env, SEED_DEFAULT_CREDENTIALS: '1' });
  const raw = await startChild('raw-series-server', ['--import', 'tsx', 'bench/raw-series-server.ts'], env);
  const servers: Record<Target, Child> = { raw, gateway };
  const buckets = await verify({ raw: raw.url, gateway: gateway.url });
  log(`both servers return the same ${buckets} buckets (spike kept)`);

  const loadBefore = os.loadavg();
  const measurements: Measurement[] = [];
  for (const side of ['raw', 'gateway'] as const) {
    const run = config.requests ? { amount: config.requests } : { seconds: config.duration };
    log(`${side}: warm-up, then ${'amount' in run ? `${run.amount} requests` : `${run.seconds}s`} with ${config.connections} clients`);
    await load(side, servers[side], config.requests ? { amount: config.connections } : { seconds: config.warmup });
    measurements.push(await load(side, servers[side], run));
    if (runState.stopping) return;
  }
  await verify({ raw: raw.url, gateway: gateway.url });
  const [rawM, gatewayM] = measurements as [Measurement, Measurement];
  const ratio = rawM.rps > 0 ? Math.round((gatewayM.rps / rawM.rps) * 1000) / 1000 : 0;
  const summary = {
    scenario: `scalarSeries(maxPoints: ${config.maxPoints}) over ${config.points.toLocaleString('en')} points`,
    ratio,
    target: TARGET,
    pass: ratio >= TARGET,
    raw: rawM,
    gateway: gatewayM,
    buckets,
    config,
    environment: {
      date: new Date().toISOString(),
      node: process.version,
      postgres: postgresVersion,
      cpus: os.cpus().length,
      loadAverageBefore: loadBefore.map((n) => Math.round(n * 100) / 100),
      loadAverageAfter: os.loadavg().map((n) => Math.round(n * 100) / 100),
    },
  };
  fs.writeFileSync(path.join(resultsDir, 'events-series.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const md = [
    `# Series benchmark (${summary.environment.date})`,
    '',
    `${summary.scenario}, ${config.connections} clients, ${config.requests ? `${config.requests} requests` : `${config.duration}s`} per side, pool ${config.poolSize}; ` +
      `node ${process.version}, PostgreSQL ${postgresVersion}, ${os.cpus().length} CPUs, load average before/after ` +
      `${summary.environment.loadAverageBefore.join(' ')} / ${summary.environment.loadAverageAfter.join(' ')}.`,
    '',
    '| side | req/s | p50 ms | p99 ms | requests | errors | peak RSS MiB |',
    '|---|---|---|---|---|---|---|',
    ...measurements.map((m) => `| ${m.target} | ${m.rps} | ${m.latencyMs.p50} | ${m.latencyMs.p99} | ${m.requests} | ${m.errors + m.non2xx} | ${m.peakRssMiB ?? '–'} |`),
    '',
    `Gateway / raw throughput: **${ratio}** (target ≥ ${TARGET}: ${summary.pass ? 'pass' : 'FAIL'}). Both answers identical (${buckets} buckets, spike kept).`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(resultsDir, 'events-series.md'), md);
  console.log(md);
}

main()
  .catch((error) => {
    if (!runState.stopping) console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
