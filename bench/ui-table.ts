// `npm run bench:ui`: how fast the web UI's experiments table is with 100,000 tasks in ONE project.
//
//  1. PostgreSQL: BENCH_DATABASE_URL (a fresh database is created in it and dropped at the end) or a
//     throw-away cluster (bench/harness.ts); seeds BENCH_TASKS (100,000) tasks into a single project
//     (bench/seed.ts with one project: hyper-parameters, last metrics, tags as in `npm run bench`).
//  2. Builds the UI bundle from web/ into a temporary folder and starts the gateway on it
//     (NODE_ENV=production, the SDK's default key pair seeded for the sign-in).
//  3. Headless Chromium (/usr/bin/chromium via playwright-core) signs in once, then per view and
//     run: navigates to the table URL and measures, in the page, the time from navigation start to
//     the first 50 rows rendered, then (once the total is shown) scrolls to the bottom and measures
//     the time until the next 50 rows are rendered (keyset paging). The first navigation (cold caches) is reported apart;
//     the rest give the median.
//  4. The same GraphQL requests alone (the UI's TaskTable query, first page and the page after its
//     cursor; the TaskCount query), from Node with the same Bearer token, for comparison.
//  5. Prints a table and writes bench/results/ui-table.{json,md}.
//
// Environment: BENCH_DATABASE_URL, BENCH_TASKS (100000), BENCH_UI_RUNS (7 per view), BENCH_KEEP_DB,
// BENCH_UI_DATABASE (an existing database URL to reuse, seeded if needed and never dropped).
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { TaskCountDocument, TaskTableDocument, type TaskTableQueryVariables } from '../web/src/gql/graphql.ts';
import {
  cleanup, createDatabase, DEFAULT_CREDENTIALS, log, resources, resultsDir, root, runState, startChild, startCluster,
} from './harness.ts';
import { benchProjectId, seed } from './seed.ts';

const envNumber = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer (got ${raw})`);
  return value;
};

const config = { tasks: envNumber('BENCH_TASKS', 100_000), runs: envNumber('BENCH_UI_RUNS', 7) };
const CHROMIUM = '/usr/bin/chromium';
const PAGE_SIZE = 50;

interface View {
  name: string;
  /** Query string of the table URL (the project is added). */
  query: string;
  /** The TaskTable variables the UI sends for it (for the API-only comparison). */
  variables: Omit<TaskTableQueryVariables, 'after' | 'first'>;
}

const project = benchProjectId(0);
const notArchived = { systemTags: { noneOf: ['archived'] } };
const VIEWS: View[] = [
  {
    name: 'default (created ↓)',
    query: '',
    variables: { filter: { projects: { anyOf: [project] }, ...notArchived }, orderBy: [{ field: 'CREATED', direction: 'DESC' }], withParams: false, withMetrics: false },
  },
  {
    name: 'status=completed, last update ↓',
    query: 'status=completed&sort=lastUpdate&dir=desc',
    variables: {
      filter: { projects: { anyOf: [project] }, statuses: { anyOf: ['completed'] }, ...notArchived },
      orderBy: [{ field: 'LAST_UPDATE', direction: 'DESC' }],
      withParams: false,
      withMetrics: false,
    },
  },
  {
    name: 'by hyper-parameter Args/lr ↑ (+ column)',
    query: `col=${encodeURIComponent('p:Args/lr')}&sort=${encodeURIComponent('p:Args/lr')}&dir=asc`,
    variables: {
      filter: { projects: { anyOf: [project] }, ...notArchived },
      orderBy: [{ hyperParam: { section: 'Args', name: 'lr' }, direction: 'ASC' }],
      withParams: true,
      withMetrics: false,
    },
  },
  {
    name: 'by metric loss/val last ↑ (+ column)',
    query: `col=${encodeURIComponent('m:loss/val')}&sort=${encodeURIComponent('m:loss/val')}&dir=asc`,
    variables: {
      filter: { projects: { anyOf: [project] }, ...notArchived },
      orderBy: [{ metric: { metric: 'loss', variant: 'val', value: 'LAST' }, direction: 'ASC' }],
      withParams: false,
      withMetrics: true,
    },
  },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round1 = (n: number) => Math.round(n * 10) / 10;

interface BrowserRun {
  firstRowsMs: number;
  nextPageMs: number;
}

/** One navigation to the table: ms from navigation start to 50 rows, then from scroll to 100 rows. */
async function measureTable(page: Page, url: string): Promise<BrowserRun> {
  await page.goto(url, { waitUntil: 'commit' });
  const firstRowsMs = (await (
    await page.waitForFunction(
      `document.querySelectorAll('table.tasks tbody tr[data-task-id]').length >= ${PAGE_SIZE} ? performance.now() : false`,
      undefined,
      { polling: 'raf', timeout: 60_000 },
    )
  ).jsonValue()) as number;
  // Scroll once the view's secondary request (the total) is answered, as a reading user would.
  await page.waitForFunction(`(document.querySelector('[data-testid="task-total"]')?.textContent ?? '') !== ''`, undefined, { polling: 'raf', timeout: 60_000 });
  // A string, not a function: the page must not see the helpers tsx adds to compiled functions.
  const nextPageMs = (await page.evaluate(`new Promise((resolve, reject) => {
    const started = performance.now();
    const wrap = document.querySelector('.table-wrap');
    wrap.scrollTop = wrap.scrollHeight;
    const timer = setTimeout(() => reject(new Error('next page not rendered in 60 s')), 60000);
    const check = () => {
      if (document.querySelectorAll('table.tasks tbody tr[data-task-id]').length >= ${2 * PAGE_SIZE}) {
        clearTimeout(timer);
        resolve(performance.now() - started);
      } else requestAnimationFrame(check);
    };
    check();
  })`)) as number;
  return { firstRowsMs: round1(firstRowsMs), nextPageMs: round1(nextPageMs) };
}

async function graphqlTime(url: string, token: string, query: string, variables: unknown): Promise<{ ms: number; data: any }> {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  const ms = performance.now() - started;
  if (!response.ok || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors ?? response.status)}`);
  return { ms: round1(ms), data: body.data };
}

async function main() {
  fs.mkdirSync(resultsDir, { recursive: true });
  const watchdog = setTimeout(() => {
    runState.stopping = true;
    console.error('[bench] watchdog: stopping');
    void cleanup().finally(() => process.exit(1));
  }, 1800_000);
  watchdog.unref();
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);

  // BENCH_UI_DATABASE: an existing database to use as is (seeded when needed, kept): for re-runs.
  const databaseUrl =
    process.env.BENCH_UI_DATABASE || (await createDatabase(process.env.BENCH_DATABASE_URL || (await startCluster())));
  await seed(databaseUrl, { tasks: config.tasks, projects: 1, log });

  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-bench-ui-'));
  resources.push({ name: 'ui bundle', stop: async () => fs.rmSync(dist, { recursive: true, force: true }), kill: () => fs.rmSync(dist, { recursive: true, force: true }) });
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building the UI failed:\n${build.stderr}`);
  const bundleBytes = fs.readdirSync(path.join(dist, 'assets')).reduce((sum, f) => sum + fs.statSync(path.join(dist, 'assets', f)).size, 0);

  const gateway = await startChild('gateway-ui', ['--import', 'tsx', 'src/server.ts'], {
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    TOKEN_SECRET: randomBytes(32).toString('base64url'),
    SEED_DEFAULT_CREDENTIALS: '1',
    WEB_DIST_DIR: dist,
  });

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    bypassCSP: true, // the measuring snippets are strings (the page's CSP forbids eval)
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  resources.push({
    name: 'chromium',
    stop: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
    kill: () => fs.rmSync(profile, { recursive: true, force: true }),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${gateway.url}/`);
  await page.getByLabel('Access key').fill(DEFAULT_CREDENTIALS.accessKey);
  await page.getByLabel('Secret key').fill(DEFAULT_CREDENTIALS.secretKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('table.tasks').waitFor();
  const token = (await page.evaluate(() => sessionStorage.getItem('task-gateway.token')))!;

  const results = [];
  for (const view of VIEWS) {
    const url = `${gateway.url}/?project=${project}${view.query ? `&${view.query}` : ''}`;
    const runs: BrowserRun[] = [];
    for (let i = 0; i < config.runs + 1; i++) runs.push(await measureTable(page, url));
    const [cold, ...warm] = runs;
    // The same requests without the browser.
    const first: number[] = [];
    const next: number[] = [];
    const count: number[] = [];
    for (let i = 0; i < config.runs; i++) {
      const one = await graphqlTime(gateway.url, token, TaskTableDocument.toString(), { ...view.variables, first: PAGE_SIZE, after: null });
      first.push(one.ms);
      const cursor = one.data.tasks.pageInfo.endCursor as string;
      next.push((await graphqlTime(gateway.url, token, TaskTableDocument.toString(), { ...view.variables, first: PAGE_SIZE, after: cursor })).ms);
      count.push((await graphqlTime(gateway.url, token, TaskCountDocument.toString(), { filter: view.variables.filter })).ms);
    }
    const result = {
      view: view.name,
      url: url.replace(gateway.url, ''),
      browser: {
        coldFirstRowsMs: cold!.firstRowsMs,
        firstRowsMedianMs: round1(median(warm.map((r) => r.firstRowsMs))),
        nextPageMedianMs: round1(median(warm.map((r) => r.nextPageMs))),
        runs: warm,
      },
      graphql: {
        firstPageMedianMs: round1(median(first)),
        nextPageMedianMs: round1(median(next)),
        totalCountMedianMs: round1(median(count)),
      },
    };
    log(`${view.name}: first rows ${result.browser.firstRowsMedianMs} ms (cold ${cold!.firstRowsMs}), next page ${result.browser.nextPageMedianMs} ms; GraphQL alone ${result.graphql.firstPageMedianMs} / ${result.graphql.nextPageMedianMs} ms, totalCount ${result.graphql.totalCountMedianMs} ms`);
    results.push(result);
  }

  const summary = {
    date: new Date().toISOString(),
    tasksInProject: config.tasks,
    runsPerView: config.runs,
    bundleBytes,
    cpus: os.cpus().length,
    loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 10) / 10),
    results,
  };
  fs.writeFileSync(path.join(resultsDir, 'ui-table.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const lines = [
    `# Web UI table with ${config.tasks.toLocaleString('en')} tasks in one project`,
    '',
    `Median of ${config.runs} navigations per view (after one cold navigation), headless Chromium, ${os.cpus().length} CPUs (load average at the end ${summary.loadAverageAtEnd.join(' / ')}); bundle ${Math.round(bundleBytes / 1024)} KiB (uncompressed).`,
    'Browser: navigation start → 50 rows rendered; scroll to the bottom → next 50 rows rendered. GraphQL: the same TaskTable request from Node.',
    '',
    '| view | first rows (cold) | first rows | next page | GraphQL first page | GraphQL next page | totalCount query |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.view} | ${r.browser.coldFirstRowsMs} ms | ${r.browser.firstRowsMedianMs} ms | ${r.browser.nextPageMedianMs} ms | ${r.graphql.firstPageMedianMs} ms | ${r.graphql.nextPageMedianMs} ms | ${r.graphql.totalCountMedianMs} ms |`,
    ),
    '',
  ];
  fs.writeFileSync(path.join(resultsDir, 'ui-table.md'), lines.join('\n'));
  console.log(`\n${lines.join('\n')}`);
}

main()
  .catch((error) => {
    if (!runState.stopping) console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
