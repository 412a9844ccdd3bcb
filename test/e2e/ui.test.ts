// The web UI end to end: headless Chromium (Debian's /usr/bin/chromium driven by playwright-core)
// against a real server process on PostgreSQL, serving a bundle built from web/ for this run.
// Data comes in through the APIs like any client's; the tests sign in, read, filter and sort the
// table, open a task and its chart, run lifecycle actions, and watch changes made by another
// client arrive without a reload. A failing test saves a screenshot under test-results/ui/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFailed } from 'vitest';
import { DEFAULT_CREDENTIALS } from '../../src/resolvers/auth.ts';
import { graphql } from '../gql/index.ts';
import { defaultBasicAuth, startServer, type ServerProcess } from '../helpers/server-process.ts';
import { gql, seedUiProject, type ApiClient, type SeededProject } from '../helpers/ui-seed.ts';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
const screenshotDir = path.join(root, 'test-results', 'ui');

let server: ServerProcess | undefined;
let context: BrowserContext | undefined;
let page: Page;
let client: ApiClient;
let project: SeededProject;
const scratch: string[] = [];

const TaskStatus = graphql(`
  query UiTestTaskStatus($id: ID!) {
    task(id: $id) { id status }
  }
`);

/** Saves a screenshot of the page when the current test fails and prints where. */
function screenshotOnFailure(name: string) {
  onTestFailed(async () => {
    if (!page) return;
    fs.mkdirSync(screenshotDir, { recursive: true });
    const file = path.join(screenshotDir, `${name.replace(/[^\w-]+/g, '-')}-${Date.now()}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    console.error(`[ui test] screenshot of the failed test "${name}": ${file}`);
  });
}

async function legacyCall(endpoint: string, body: Record<string, unknown>) {
  const response = await fetch(`${client.url}/${endpoint}`, {
    method: 'POST',
    headers: { authorization: defaultBasicAuth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const reply = (await response.json()) as { meta: { result_code: number; result_msg: string }; data: unknown };
  expect(reply.meta.result_code, reply.meta.result_msg).toBe(200);
  return reply.data;
}

/** Polls what the page shows until it matches. The UI answers in well under a second on an idle
 * machine, but CI runs this file beside database-heavy suites, so UI-driven checks get a generous
 * limit; the push-latency checks below keep their explicit 2 s. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });
const rowOf = (taskId: string) => page.locator(`tr[data-task-id="${taskId}"]`);
const taskNamesInTable = () => page.locator('table.tasks tbody tr[data-task-id] td.name a').allTextContents();
const byIndex = (...indexes: number[]) => indexes.map((i) => project.tasks[i]!.name);

async function openTable(query: string) {
  await page.goto(`${client.url}/${query}`);
  await page.locator('table.tasks[aria-busy="false"]').waitFor();
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the UI tests need Debian's chromium package (apt-get install chromium; .ci/run installs it)`);
  }
  // The bundle under test is built from the current sources, into a folder of this run.
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-ui-dist-'));
  scratch.push(dist);
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (build.status !== 0) throw new Error(`building the web UI failed:\n${build.stdout}\n${build.stderr}`);

  server = await startServer({ DATABASE_URL: inject('databaseUrl'), SEED_DEFAULT_CREDENTIALS: '1', WEB_DIST_DIR: dist });
  client = { url: server.url, authorization: defaultBasicAuth };
  project = await seedUiProject(client, { prefix: 'resnet', count: 6, iterations: 300 });

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-ui-chromium-'));
  scratch.push(profile);
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
}, 240_000);

afterAll(async () => {
  await context?.close();
  await server?.stop();
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

describe('web UI', () => {
  it('signs in with an access key and shows the project\'s tasks', async () => {
    screenshotOnFailure('sign-in');
    await page.goto(`${client.url}/?project=${project.projectId}`);
    await page.getByLabel('Access key').fill(DEFAULT_CREDENTIALS.accessKey);
    await page.getByLabel('Secret key').fill('wrong secret');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => page.getByRole('alert').textContent()).toMatch(/wrong secret|Unknown access key/i);

    await page.getByLabel('Secret key').fill(DEFAULT_CREDENTIALS.secretKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('table.tasks[aria-busy="false"]').waitFor();
    expect(new URL(page.url()).searchParams.get('project')).toBe(project.projectId);
    expect((await taskNamesInTable()).sort()).toEqual(project.tasks.map((t) => t.name).sort());
    await eventually(() => page.getByTestId('task-total').textContent()).toBe('6 tasks');
    // The token stays in this tab's sessionStorage; no cookie is kept.
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);
    expect(await context!.cookies()).toEqual([]);
  });

  it('filters by status and type and keeps the view in the URL', async () => {
    screenshotOnFailure('filter');
    await openTable(`?project=${project.projectId}`);
    await page.getByTestId('status-filter').getByRole('button').click();
    await page.getByTestId('status-filter').getByLabel('completed').check();
    await eventually(async () => (await taskNamesInTable()).sort()).toEqual(byIndex(2, 5).sort());
    expect(new URL(page.url()).searchParams.getAll('status')).toEqual(['completed']);

    await page.reload();
    await page.locator('table.tasks[aria-busy="false"]').waitFor();
    expect((await taskNamesInTable()).sort()).toEqual(byIndex(2, 5).sort());

    await openTable(`?project=${project.projectId}&status=created&status=in_progress&type=testing`);
    await eventually(() => taskNamesInTable()).toEqual([]);
    await eventually(() => page.getByText('No tasks match.').count()).toBe(1);
  });

  it('searches across projects', async () => {
    screenshotOnFailure('search');
    const other = await seedUiProject(client, { prefix: 'mobilenetsearch', count: 2, iterations: 10 });
    await openTable('');
    await page.getByRole('searchbox', { name: 'Search' }).fill('mobilenetsearch');
    await eventually(async () => (await taskNamesInTable()).sort()).toEqual(other.tasks.map((t) => t.name).sort());
    await eventually(() => new URL(page.url()).searchParams.get('q')).toBe('mobilenetsearch');
  });

  it('sorts by a column header and by a chosen hyper-parameter column', async () => {
    screenshotOnFailure('sort');
    await openTable(`?project=${project.projectId}`);
    await page.locator('th[data-column="name"] button.sort').click();
    await eventually(() => taskNamesInTable()).toEqual(byIndex(5, 4, 3, 2, 1, 0));
    expect(new URL(page.url()).searchParams.get('sort')).toBe('name');
    expect(new URL(page.url()).searchParams.get('dir')).toBe('asc');

    // Add Args/lr from the column picker and sort by it (numeric order, not text order).
    await page.getByTestId('column-picker').getByRole('button').click();
    await page.getByTestId('column-picker').getByLabel('parameter Args/lr').check();
    await page.keyboard.press('Escape');
    await eventually(() => page.getByTestId('column-picker').locator('.dropdown').count()).toBe(0);
    const lrHeader = page.locator('th[data-column="p:Args/lr"] button.sort');
    await lrHeader.click();
    await eventually(() => taskNamesInTable()).toEqual(byIndex(5, 4, 3, 2, 1, 0));
    await eventually(() => page.locator('table.tasks tbody tr[data-task-id] td:last-child').allTextContents())
      .toEqual(['0.0003', '0.001', '0.003', '0.01', '0.03', '0.1']);
    await lrHeader.click();
    await eventually(() => taskNamesInTable()).toEqual(byIndex(0, 1, 2, 3, 4, 5));
    const url = new URL(page.url());
    expect(url.searchParams.getAll('col')).toEqual(['p:Args/lr']);
    expect([url.searchParams.get('sort'), url.searchParams.get('dir')]).toEqual(['p:Args/lr', 'desc']);

    // By the last value of a metric: loss/train, lowest first; tasks without it sort last.
    await openTable(`?project=${project.projectId}&col=${encodeURIComponent('m:loss/train')}&sort=${encodeURIComponent('m:loss/train')}&dir=asc`);
    const values = (await page.locator('table.tasks tbody tr[data-task-id] td:last-child').allTextContents()).map((v) => (v === '' ? Infinity : Number(v)));
    expect(values.filter(Number.isFinite)).toHaveLength(4);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });

  it('opens a task and draws its scalar charts; zooming re-queries finer buckets for the range', async () => {
    screenshotOnFailure('task-chart');
    const task = project.tasks[1]!;
    await openTable(`?project=${project.projectId}`);
    await rowOf(task.id).getByRole('link', { name: task.name }).click();
    await page.waitForURL(`**/tasks/${task.id}`);
    await eventually(() => page.locator('h1').textContent()).toContain(task.name);
    await eventually(() => page.locator('.overview').textContent()).toContain(project.projectName);

    await page.getByRole('tab', { name: 'Scalars' }).click();
    const lossChart = page.locator('[data-testid="scalar-chart"][data-chart="loss"]');
    await lossChart.locator('canvas').waitFor();
    await eventually(() => page.locator('[data-testid="scalar-chart"]').count()).toBe(2);
    // The canvas holds drawn series: pixels in the color of the first series (#2f6fde).
    const drawn = await lossChart.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let blue = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 110 && data[i + 2]! > 180 && data[i + 3]! > 200) blue++;
      return blue;
    });
    expect(drawn).toBeGreaterThan(200);

    const zoomQuery = page.waitForRequest((request) => {
      const body = request.postData() ?? '';
      if (!body.includes('MetricSeries')) return false;
      const { variables } = JSON.parse(body) as { variables: { metric: string; from: number | null; to: number | null } };
      return variables.metric === 'loss' && variables.from !== null && variables.to !== null && variables.to - variables.from < 200;
    });
    const box = (await lossChart.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await zoomQuery;
    await eventually(() => lossChart.getByRole('button', { name: 'reset zoom' }).count()).toBe(1);
  });

  it('runs lifecycle actions from the table; a refused one shows its error on the row', async () => {
    screenshotOnFailure('lifecycle');
    const task = project.tasks[0]!; // created
    await openTable(`?project=${project.projectId}`);
    await rowOf(task.id).getByRole('checkbox').check();
    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('dialog').getByTestId('confirm').click();
    await eventually(() => rowOf(task.id).locator('.row-error').textContent()).toMatch(/Publish failed: INVALID_TASK_STATUS/);
    await eventually(() => page.getByTestId('bulk-summary').textContent()).toMatch(/0 done, 1 failed/);
    expect((await gql(client, TaskStatus, { id: task.id })).task?.status).toBe('created');

    await page.getByTestId('bulk-bar').getByRole('button', { name: 'Enqueue' }).click();
    await page.getByRole('dialog').getByTestId('confirm').click();
    await eventually(() => rowOf(task.id).locator('[data-status]').getAttribute('data-status')).toBe('queued');
    await eventually(() => rowOf(task.id).locator('.row-error').count()).toBe(0);
    expect((await gql(client, TaskStatus, { id: task.id })).task?.status).toBe('queued');
  });

  it('shows a status change made by another client within 2 s, without a reload', async () => {
    screenshotOnFailure('live-status');
    const task = project.tasks[3]!; // created
    await openTable(`?project=${project.projectId}`);
    await expect.poll(() => page.getByTestId('live-state').textContent(), { timeout: 10_000 }).toBe('live');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    expect(await rowOf(task.id).locator('[data-status]').getAttribute('data-status')).toBe('created');

    // The push latency counts from the change being committed (the call answered), not the call's
    // own duration: the first legacy call of the server (credential check, validators) is slow on CI.
    await legacyCall('tasks.enqueue', { task: task.id });
    const started = Date.now();
    await rowOf(task.id).locator('[data-status="queued"]').waitFor({ timeout: 2000 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(2000);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

    // The task page follows too, and its console tails new lines.
    await rowOf(task.id).getByRole('link').click();
    await page.getByRole('tab', { name: 'Console' }).click();
    await expect.poll(() => page.locator('.console .live-dot').textContent(), { timeout: 10_000 }).toBe('live tail');
    await legacyCall('tasks.dequeue', { task: task.id });
    await page.locator('h1 [data-status="created"]').waitFor({ timeout: 2000 });
    await legacyCall('events.add', { type: 'log', task: task.id, level: 'info', msg: 'hello from another client', timestamp: Date.now() });
    await page.getByTestId('console-log').getByText('hello from another client').waitFor({ timeout: 2000 });
  });
});
