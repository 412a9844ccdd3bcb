// `npm run bench`: one complete benchmark run of the gateway against a raw node:http + pg baseline.
//
//  1. PostgreSQL: BENCH_DATABASE_URL (a server; a fresh database is created in it and dropped at the
//     end) or a throw-away cluster from /usr/lib/postgresql/*/bin on a loopback port.
//  2. Seeds 100,000 tasks over 200 projects (bench/seed.ts).
//  3. Starts the gateway (`node --import tsx src/server.ts`, NODE_ENV=production, the SDK's default
//     key pair seeded) and the raw server (bench/raw-server.ts) as child processes, both with a pool
//     of 10 connections and the same token signing secret; logs in once (legacy auth.login, Basic)
//     for the Bearer token of the legacy scenarios.
//  4. Checks that both answer every scenario correctly and identically, warms both up, then runs
//     autocannon (50 connections, BENCH_DURATION seconds) per scenario: raw, then gateway.
//  5. Prints a table and writes bench/results/latest.json and latest.md.
// Every child process, the database and the cluster are removed on exit, error, signal or timeout.
//
// Environment: BENCH_DATABASE_URL, BENCH_DURATION (15), BENCH_WARMUP (10), BENCH_CONNECTIONS (50),
// BENCH_ROUNDS (2; rounds alternate which target goes first), BENCH_SCENARIOS
// (list,get,transition,legacy-list,legacy-get),
// BENCH_TASKS (100000), BENCH_PROJECTS (200), BENCH_POOL_SIZE (10), BENCH_CPU_PROF (1: write a
// --cpu-prof profile of the gateway to bench/results/prof/), BENCH_KEEP_DB (1: keep the database).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  adminQuery, cleanup, cpuSecondsOf, createDatabase, DEFAULT_CREDENTIALS, harnessConfig, log, memoryOf, resources,
  resultsDir, root, runState, startChild, startCluster, type Child,
} from './harness.ts';
import { DEFAULT_COMPANY_ID, seed } from './seed.ts';

const envNumber = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got ${raw})`);
  return value;
};

const ALL_SCENARIOS = ['list', 'get', 'transition', 'legacy-list', 'legacy-get'];

const config = {
  duration: envNumber('BENCH_DURATION', 15),
  warmup: envNumber('BENCH_WARMUP', 10),
  connections: envNumber('BENCH_CONNECTIONS', 50),
  rounds: envNumber('BENCH_ROUNDS', 2),
  tasks: envNumber('BENCH_TASKS', 100_000),
  projects: envNumber('BENCH_PROJECTS', 200),
  poolSize: envNumber('BENCH_POOL_SIZE', 10),
  scenarios: (process.env.BENCH_SCENARIOS ?? ALL_SCENARIOS.join(',')).split(',').map((s) => s.trim()).filter(Boolean),
  cpuProfile: process.env.BENCH_CPU_PROF === '1',
  keepDatabase: process.env.BENCH_KEEP_DB === '1',
};



// ---------------------------------------------------------------------------------------------
// Scenarios

const TASK_FIELDS = 'id name type status user created started completed lastUpdate lastIteration tags project { id name }';

const LIST_QUERY = `query List($project: String!) {
  tasks(first: 50, filter: { projects: { anyOf: [$project] }, statuses: { anyOf: [completed] } }, orderBy: [{ field: LAST_UPDATE, direction: DESC }]) {
    edges { node { ${TASK_FIELDS} } }
  }
}`;
const GET_QUERY = `query Get($id: ID!) { task(id: $id) { ${TASK_FIELDS} } }`;
const START_MUTATION = `mutation Start($input: TaskStatusChangeInput!) {
  startTask(input: $input) {
    __typename
    ... on MutationStartTaskSuccess { data { id status statusChanged lastUpdate } }
    ... on Error { code }
  }
}`;

// The legacy list projects the same fields as the GraphQL list (`project` is the id there: get_all
// does not join; the raw side does not join either).
const LEGACY_LIST_FIELDS = [
  'id', 'name', 'type', 'status', 'user', 'created', 'started', 'completed', 'last_update', 'last_iteration', 'tags', 'project',
];

type Target = 'raw' | 'gateway';

interface Scenario {
  name: string;
  description: string;
  target: number;
  /** The HTTP request (path + JSON body) for the i-th request of the run. */
  request: (side: Target, i: number) => { path: string; body: string };
  /** Extra request headers (the legacy scenarios' `Authorization: Bearer`). */
  headers?: Record<string, string>;
  /** Legacy RPC: HTTP status and meta.result_code must be 200; responses are envelopes. */
  legacy?: boolean;
  /** Whether the responses must be classified (mutation outcomes). */
  classify: boolean;
}

interface Fixtures {
  projectId: string;
  completedInProject: number;
  getIds: string[];
  startIds: string[];
}

function scenarios(f: Fixtures, token: string): Scenario[] {
  const gql = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
  const listGql = gql(LIST_QUERY, { project: f.projectId });
  const listRaw = JSON.stringify({ project: f.projectId, statuses: ['completed'], first: 50 });
  // Every scenario authenticates with the same Bearer token on both servers.
  const bearer = { authorization: `Bearer ${token}` };
  const legacyList = JSON.stringify({
    project: [f.projectId],
    status: ['completed'],
    order_by: ['-last_update'],
    page: 0,
    page_size: 50,
    only_fields: LEGACY_LIST_FIELDS,
  });
  const all: Scenario[] = [
    {
      name: 'list',
      description: 'tasks connection: 50 completed tasks of one project by lastUpdate desc, 11 fields + project { id name }',
      target: 0.7,
      request: (side) => (side === 'raw' ? { path: '/list', body: listRaw } : { path: '/graphql', body: listGql }),
      headers: bearer,
      classify: false,
    },
    {
      name: 'get',
      description: `task(id) with the same fields, rotating over ${f.getIds.length} ids`,
      target: 0.5,
      request: (side, i) => {
        const id = f.getIds[i % f.getIds.length]!;
        return side === 'raw' ? { path: '/task', body: JSON.stringify({ id }) } : { path: '/graphql', body: gql(GET_QUERY, { id }) };
      },
      headers: bearer,
      classify: false,
    },
    {
      name: 'transition',
      description: `startTask on in_progress tasks (same-status compare-and-set), round-robin over ${f.startIds.length} tasks`,
      target: 0.5,
      request: (side, i) => {
        const taskId = f.startIds[i % f.startIds.length]!;
        return side === 'raw'
          ? { path: '/transition', body: JSON.stringify({ taskId }) }
          : { path: '/graphql', body: gql(START_MUTATION, { input: { taskId } }) };
      },
      headers: bearer,
      classify: true,
    },
    {
      name: 'legacy-list',
      description: `POST /v2.9/tasks.get_all: the list's page (project, status completed, order_by -last_update, page 0 of 50), only_fields ${LEGACY_LIST_FIELDS.length} fields, Bearer token`,
      target: 0.5,
      request: () => ({ path: '/v2.9/tasks.get_all', body: legacyList }),
      headers: bearer,
      legacy: true,
      classify: false,
    },
    {
      name: 'legacy-get',
      description: `POST /v2.9/tasks.get_by_id {task}: the full document (raw: every column + artifacts), rotating over ${f.getIds.length} ids, Bearer token`,
      target: 0.5,
      request: (_side, i) => ({ path: '/v2.9/tasks.get_by_id', body: JSON.stringify({ task: f.getIds[i % f.getIds.length]! }) }),
      headers: bearer,
      legacy: true,
      classify: false,
    },
  ];
  const unknown = config.scenarios.filter((name) => !all.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`unknown BENCH_SCENARIOS ${unknown.join(', ')} (have ${ALL_SCENARIOS.join(', ')})`);
  return all.filter((s) => config.scenarios.includes(s.name));
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

interface GqlResponse {
  data?: Record<string, unknown>;
  errors?: unknown[];
  /** Legacy envelopes. */
  meta?: Record<string, unknown>;
}

/** A Bearer token from the gateway's legacy auth.login (Basic with the default key pair). */
async function login(gatewayUrl: string): Promise<string> {
  const basic = Buffer.from(`${DEFAULT_CREDENTIALS.accessKey}:${DEFAULT_CREDENTIALS.secretKey}`, 'latin1').toString('base64');
  const reply = (await post(`${gatewayUrl}/v2.9/auth.login`, '{}', { authorization: `Basic ${basic}` })) as GqlResponse;
  const token = reply.data?.token;
  if (typeof token !== 'string') throw new Error(`auth.login: no token in ${JSON.stringify(reply).slice(0, 500)}`);
  return token;
}

/**
 * The comparable part of a legacy envelope: meta without the per-call id/trx (checked for shape
 * here), which must be a 200.
 */
function legacyMeta(name: string, side: Target, reply: GqlResponse): Record<string, unknown> {
  const { id, trx, ...meta } = reply.meta ?? {};
  if (typeof id !== 'string' || !/^[0-9a-f]{32}$/.test(id) || trx !== id) {
    throw new Error(`${name}/${side}: meta.id/trx ${JSON.stringify({ id, trx })} are not a call id`);
  }
  if (meta.result_code !== 200) throw new Error(`${name}/${side}: result ${JSON.stringify(reply.meta).slice(0, 500)}`);
  return meta;
}

/** Both servers must answer each scenario without errors and with the same data. */
async function verify(scenario: Scenario, urls: Record<Target, string>, fixtures: Fixtures) {
  const fetchBoth = async (i: number) => {
    const out = {} as Record<Target, GqlResponse>;
    for (const side of ['raw', 'gateway'] as const) {
      const { path: p, body } = scenario.request(side, i);
      out[side] = (await post(`${urls[side]}${p}`, body, scenario.headers)) as GqlResponse;
      if (out[side].errors) throw new Error(`${scenario.name}/${side}: errors ${JSON.stringify(out[side].errors).slice(0, 500)}`);
    }
    if (scenario.legacy) {
      const meta = { raw: legacyMeta(scenario.name, 'raw', out.raw), gateway: legacyMeta(scenario.name, 'gateway', out.gateway) };
      if (!isDeepStrictEqual(meta.gateway, meta.raw)) {
        throw new Error(`${scenario.name}: meta differs: gateway ${JSON.stringify(meta.gateway)}, raw ${JSON.stringify(meta.raw)}`);
      }
    }
    return out;
  };
  const differs = (what: string, gateway: unknown, raw: unknown) =>
    new Error(`${what}: gateway and raw server return different data:\n  gateway ${JSON.stringify(gateway).slice(0, 1500)}\n  raw     ${JSON.stringify(raw).slice(0, 1500)}`);
  if (scenario.name === 'list') {
    const { raw, gateway } = await fetchBoth(0);
    const edges = (r: GqlResponse) => (r.data?.tasks as { edges: unknown[] } | undefined)?.edges ?? [];
    if (edges(gateway).length !== 50) throw new Error(`list: the gateway returned ${edges(gateway).length} edges, expected 50`);
    if (!isDeepStrictEqual(gateway.data, raw.data)) throw new Error('list: gateway and raw server return different data');
  } else if (scenario.name === 'get') {
    for (const i of [0, 1, 2]) {
      const { raw, gateway } = await fetchBoth(i);
      if (!gateway.data?.task) throw new Error(`get: the gateway found no task ${fixtures.getIds[i]}`);
      if (!isDeepStrictEqual(gateway.data, raw.data)) throw new Error('get: gateway and raw server return different data');
    }
  } else if (scenario.name === 'legacy-list') {
    const { raw, gateway } = await fetchBoth(0);
    const tasks = (r: GqlResponse) => (r.data?.tasks as Record<string, unknown>[] | undefined) ?? [];
    if (tasks(gateway).length !== 50) throw new Error(`legacy-list: the gateway returned ${tasks(gateway).length} tasks, expected 50`);
    const extra = tasks(gateway).flatMap((t) => Object.keys(t)).filter((k) => !LEGACY_LIST_FIELDS.includes(k));
    if (extra.length > 0) throw new Error(`legacy-list: fields outside only_fields: ${[...new Set(extra)].join(', ')}`);
    if (!isDeepStrictEqual(gateway.data, raw.data)) throw differs('legacy-list', gateway.data, raw.data);
  } else if (scenario.name === 'legacy-get') {
    for (const i of [0, 1, 2]) {
      const { raw, gateway } = await fetchBoth(i);
      const task = gateway.data?.task as Record<string, unknown> | undefined;
      if (task?.id !== fixtures.getIds[i]) throw new Error(`legacy-get: the gateway did not return task ${fixtures.getIds[i]}`);
      if (!isDeepStrictEqual(gateway.data, raw.data)) throw differs('legacy-get', gateway.data, raw.data);
    }
  } else if (scenario.name === 'transition') {
    // Use ids from the end of the pool; both sides leave the task in_progress.
    const { raw, gateway } = await fetchBoth(fixtures.startIds.length - 1);
    for (const [side, r] of [['raw', raw], ['gateway', gateway]] as const) {
      const result = r.data?.startTask as { __typename?: string; data?: { status?: string } } | undefined;
      if (result?.__typename !== 'MutationStartTaskSuccess' || result.data?.status !== 'in_progress') {
        throw new Error(`transition/${side}: unexpected result ${JSON.stringify(r).slice(0, 500)}`);
      }
    }
  }
}

interface Outcomes {
  success: number;
  conflict: number;
  other: number;
}

interface Measurement {
  scenario: string;
  target: Target;
  round: number;
  rps: number;
  requests: number;
  durationSec: number;
  latencyMs: { avg: number; p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  outcomes?: Outcomes;
  /** CPU time of the server process per request, and its share of one core during the run. */
  serverCpu?: { msPerRequest: number; coreUtilisation: number };
}

async function load(scenario: Scenario, side: Target, server: Child, seconds: number, round: number): Promise<Measurement> {
  let counter = 0;
  const outcomes: Outcomes = { success: 0, conflict: 0, other: 0 };
  const request: autocannon.Request = {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...scenario.headers },
    setupRequest: (req) => ({ ...req, ...scenario.request(side, counter++) }),
  };
  if (scenario.classify) {
    request.onResponse = (status, body) => {
      if (status === 200 && body.includes('"MutationStartTaskSuccess"') && !body.includes('"errors"')) outcomes.success++;
      else if (body.includes('STATUS_CONFLICT')) outcomes.conflict++;
      else outcomes.other++;
    };
  }
  const cpuBefore = cpuSecondsOf(server.process.pid);
  const result = await autocannon({
    url: server.url,
    connections: config.connections,
    duration: seconds,
    timeout: 10,
    requests: [request],
  });
  const cpuAfter = cpuSecondsOf(server.process.pid);
  const cpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  return {
    scenario: scenario.name,
    target: side,
    round,
    rps: round2(result.requests.average),
    requests: result.requests.total,
    durationSec: result.duration,
    latencyMs: {
      avg: round2(result.latency.average),
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    ...(scenario.classify ? { outcomes } : {}),
    ...(cpu !== null && result.requests.total > 0
      ? {
          serverCpu: {
            msPerRequest: round2((cpu * 1000) / result.requests.total),
            coreUtilisation: round2(cpu / result.duration),
          },
        }
      : {}),
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

// ---------------------------------------------------------------------------------------------
// Main

async function loadFixtures(url: string): Promise<Fixtures> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const project = await client.query<{ project: string; n: number }>(
      `SELECT project, count(*)::int AS n FROM task WHERE company = $1 AND status = 'completed' AND project IS NOT NULL
       GROUP BY project ORDER BY n DESC, project LIMIT 1`,
      [DEFAULT_COMPANY_ID],
    );
    const top = project.rows[0];
    if (!top || top.n < 50) throw new Error('no project has 50 completed tasks: seed more tasks');
    const getIds = await client.query<{ id: string }>(`SELECT id FROM task ORDER BY md5(id || 'get') LIMIT 1000`);
    const startIds = await client.query<{ id: string }>(
      `SELECT id FROM task WHERE company = $1 AND status = 'in_progress' ORDER BY md5(id || 'start') LIMIT 5000`,
      [DEFAULT_COMPANY_ID],
    );
    if (startIds.rows.length < 500) throw new Error(`only ${startIds.rows.length} in_progress tasks: seed more tasks`);
    return {
      projectId: top.project,
      completedInProject: top.n,
      getIds: getIds.rows.map((r) => r.id),
      startIds: startIds.rows.map((r) => r.id),
    };
  } finally {
    await client.end();
  }
}

interface Summary {
  scenario: string;
  description: string;
  rawRps: number;
  gatewayRps: number;
  ratio: number;
  target: number;
  pass: boolean;
  rawP50: number;
  rawP99: number;
  gatewayP50: number;
  gatewayP99: number;
  failures: number;
  conflicts: number;
  rawCpuMsPerRequest: number | null;
  gatewayCpuMsPerRequest: number | null;
}

function summarise(scenario: Scenario, measurements: Measurement[]): Summary {
  const of = (side: Target) => measurements.filter((m) => m.scenario === scenario.name && m.target === side);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const raw = of('raw');
  const gateway = of('gateway');
  const rawRps = round2(mean(raw.map((m) => m.rps)));
  const gatewayRps = round2(mean(gateway.map((m) => m.rps)));
  const ratio = rawRps > 0 ? Math.round((gatewayRps / rawRps) * 1000) / 1000 : 0;
  const both = [...raw, ...gateway];
  return {
    scenario: scenario.name,
    description: scenario.description,
    rawRps,
    gatewayRps,
    ratio,
    target: scenario.target,
    pass: ratio >= scenario.target,
    // With several rounds: median of p50s, worst p99.
    rawP50: median(raw.map((m) => m.latencyMs.p50)),
    rawP99: Math.max(...raw.map((m) => m.latencyMs.p99)),
    gatewayP50: median(gateway.map((m) => m.latencyMs.p50)),
    gatewayP99: Math.max(...gateway.map((m) => m.latencyMs.p99)),
    failures: both.reduce((n, m) => n + m.errors + m.timeouts + m.non2xx + (m.outcomes?.other ?? 0), 0),
    conflicts: both.reduce((n, m) => n + (m.outcomes?.conflict ?? 0), 0),
    rawCpuMsPerRequest: cpuPerRequest(raw),
    gatewayCpuMsPerRequest: cpuPerRequest(gateway),
  };
}

function cpuPerRequest(ms: Measurement[]): number | null {
  const known = ms.filter((m) => m.serverCpu);
  if (known.length === 0) return null;
  return round2(known.reduce((n, m) => n + m.serverCpu!.msPerRequest, 0) / known.length);
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
};

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')).join('\n');
}

async function main() {
  fs.mkdirSync(resultsDir, { recursive: true });
  const startedAt = new Date();
  const budgetSec = 600 + config.scenarios.length * config.rounds * 2 * (config.duration + config.warmup + 20);
  const watchdog = setTimeout(() => {
    runState.stopping = true;
    console.error(`[bench] watchdog: no result after ${budgetSec}s, stopping`);
    void cleanup().finally(() => process.exit(1));
  }, budgetSec * 1000);
  watchdog.unref();

  const serverUrl = process.env.BENCH_DATABASE_URL || (await startCluster());
  const databaseUrl = await createDatabase(serverUrl);
  log(`database ${new URL(databaseUrl).pathname.slice(1)}; seeding ${config.tasks} tasks over ${config.projects} projects`);
  const seeded = await seed(databaseUrl, { tasks: config.tasks, projects: config.projects, log: (m) => log(`seed: ${m}`) });
  const fixtures = await loadFixtures(databaseUrl);
  log(`list project ${fixtures.projectId} (${fixtures.completedInProject} completed tasks); ` +
    `${fixtures.getIds.length} ids for get, ${fixtures.startIds.length} in_progress tasks for transitions`);
  const postgresVersion = String((await adminQuery(databaseUrl, 'SHOW server_version')).rows[0]?.server_version);

  // One signing secret for both: the gateway issues the token, both verify it.
  const childEnv = {
    DATABASE_URL: databaseUrl,
    DB_POOL_SIZE: String(config.poolSize),
    NODE_ENV: 'production',
    TOKEN_SECRET: randomBytes(32).toString('base64url'),
  };
  const profDir = path.join(resultsDir, 'prof');
  if (config.cpuProfile) {
    fs.rmSync(profDir, { recursive: true, force: true });
    fs.mkdirSync(profDir, { recursive: true });
  }
  const gateway = await startChild(
    'gateway',
    [...(config.cpuProfile ? ['--cpu-prof', '--cpu-prof-dir', profDir] : []), '--import', 'tsx', 'src/server.ts'],
    { ...childEnv, SEED_DEFAULT_CREDENTIALS: '1' },
  );
  const raw = await startChild('raw-server', ['--import', 'tsx', 'bench/raw-server.ts'], childEnv);
  const servers: Record<Target, Child> = { raw, gateway };
  const urls: Record<Target, string> = { raw: raw.url, gateway: gateway.url };
  log(`gateway ${gateway.url} (pid ${gateway.process.pid}), raw server ${raw.url} (pid ${raw.process.pid})`);

  const token = await login(gateway.url);
  const plan = scenarios(fixtures, token);
  for (const scenario of plan) await verify(scenario, urls, fixtures);
  log('both servers answer every scenario identically');

  const loadAverageBefore = os.loadavg();
  const measurements: Measurement[] = [];
  for (const scenario of plan) {
    log(`${scenario.name}: warm-up ${config.warmup}s per target`);
    for (const side of ['raw', 'gateway'] as const) await load(scenario, side, servers[side], config.warmup, 0);
    for (let round = 1; round <= config.rounds; round++) {
      const order: Target[] = round % 2 === 1 ? ['raw', 'gateway'] : ['gateway', 'raw'];
      for (const side of order) {
        const m = await load(scenario, side, servers[side], config.duration, round);
        if (runState.stopping) return;
        measurements.push(m);
        const outcome = m.outcomes ? `, ok ${m.outcomes.success} conflict ${m.outcomes.conflict} other ${m.outcomes.other}` : '';
        const cpu = m.serverCpu ? `, server CPU ${m.serverCpu.msPerRequest} ms/req (${Math.round(m.serverCpu.coreUtilisation * 100)}% of a core)` : '';
        log(
          `${scenario.name}/${side}${config.rounds > 1 ? ` round ${round}` : ''}: ${m.rps} req/s, ` +
            `p50 ${m.latencyMs.p50} ms, p99 ${m.latencyMs.p99} ms, errors ${m.errors + m.timeouts}, non-2xx ${m.non2xx}${outcome}${cpu}`,
        );
      }
    }
    // The servers must still answer correctly after the load.
    await verify(scenario, urls, fixtures);
  }
  const loadAverageAfter = os.loadavg();

  const memory = { gateway: memoryOf(gateway.process.pid), raw: memoryOf(raw.process.pid) };
  const summaries = plan.map((s) => summarise(s, measurements));
  const failures = summaries.reduce((n, s) => n + s.failures, 0);

  const header = ['scenario', 'raw req/s', 'gateway req/s', 'ratio', 'target', '', 'raw p50/p99 ms', 'gateway p50/p99 ms', 'CPU ms/req raw/gw', 'failures', 'conflicts'];
  const rows = summaries.map((s) => [
    s.scenario,
    s.rawRps.toFixed(1),
    s.gatewayRps.toFixed(1),
    s.ratio.toFixed(3),
    `>= ${s.target}`,
    s.pass ? 'PASS' : 'FAIL',
    `${s.rawP50} / ${s.rawP99}`,
    `${s.gatewayP50} / ${s.gatewayP99}`,
    `${s.rawCpuMsPerRequest ?? '-'} / ${s.gatewayCpuMsPerRequest ?? '-'}`,
    String(s.failures),
    String(s.conflicts),
  ]);
  const mem = (m: ReturnType<typeof memoryOf>) => (m ? `${m.peakRssMiB} MiB peak (${m.rssMiB} MiB now)` : 'n/a');
  console.log(`\n${table([header, ...rows])}\n`);
  console.log(`gateway RSS ${mem(memory.gateway)}; raw server RSS ${mem(memory.raw)}`);
  console.log(
    `${config.connections} connections, ${config.duration}s per run x ${config.rounds} round(s); ` +
      `${os.cpus().length} CPUs, load average ${loadAverageBefore[0]!.toFixed(2)} -> ${loadAverageAfter[0]!.toFixed(2)}\n`,
  );

  const environment = {
    node: process.version,
    postgres: postgresVersion,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadAverageBefore,
    loadAverageAfter,
    database: process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL' : 'throw-away cluster',
  };
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    config,
    environment,
    seed: seeded,
    fixtures: { projectId: fixtures.projectId, completedInProject: fixtures.completedInProject, getIds: fixtures.getIds.length, startIds: fixtures.startIds.length },
    summary: summaries,
    memory,
    measurements,
  };
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  const md = [
    `### Gateway benchmark (${startedAt.toISOString()})`,
    '',
    `${config.connections} connections, ${config.duration}s per run, ${config.rounds} round(s); ${seeded.tasks} tasks / ${seeded.projects} projects; ` +
      `Node ${environment.node}, PostgreSQL ${environment.postgres}, ${environment.cpus} CPUs (load ${loadAverageBefore[0]!.toFixed(2)}).`,
    '',
    '| scenario | raw req/s | gateway req/s | ratio | target | raw p50 / p99 (ms) | gateway p50 / p99 (ms) | server CPU ms/req raw / gateway | failures |',
    '|---|---:|---:|---:|---|---:|---:|---:|---:|',
    ...summaries.map(
      (s) =>
        `| ${s.scenario} | ${s.rawRps.toFixed(1)} | ${s.gatewayRps.toFixed(1)} | ${s.ratio.toFixed(3)} | >= ${s.target} ${s.pass ? 'PASS' : 'FAIL'} | ` +
        `${s.rawP50} / ${s.rawP99} | ${s.gatewayP50} / ${s.gatewayP99} | ` +
        `${s.rawCpuMsPerRequest ?? '-'} / ${s.gatewayCpuMsPerRequest ?? '-'} | ${s.failures} |`,
    ),
    '',
    `Gateway peak RSS: ${memory.gateway ? `${memory.gateway.peakRssMiB} MiB` : 'n/a'} (raw server: ${memory.raw ? `${memory.raw.peakRssMiB} MiB` : 'n/a'}).`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(resultsDir, 'latest.md'), md);
  log(`wrote ${path.relative(root, path.join(resultsDir, 'latest.json'))} and latest.md`);

  await cleanup();
  if (config.cpuProfile) log(`gateway CPU profile(s) in ${path.relative(root, profDir)}`);
  clearTimeout(watchdog);
  if (failures > 0) {
    console.error(`[bench] ${failures} failed requests (errors, timeouts, non-2xx or failed mutations): results are not valid`);
    process.exitCode = 1;
  }
}

main().catch(async (error) => {
  if (runState.stopping) return;
  console.error('[bench] failed:', error instanceof Error ? error.message : error);
  await cleanup();
  process.exit(1);
});
