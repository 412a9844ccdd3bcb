// Benchmark data: 100,000 tasks of the default company/user spread over 200 projects, with realistic
// hyper-parameters, last_metrics, scripts and timestamps spread over months. Deterministic (seeded
// PRNG, ids derived from the row number), so re-running without --reset inserts nothing new.
//
//   DATABASE_URL=postgres://... npx tsx bench/seed.ts [--reset] [--tasks N] [--projects N]
//
// Migrations are applied first with the production runner. Rows go in with one
// `INSERT ... SELECT FROM jsonb_to_recordset($1)` per batch (one round trip per 2,500 rows,
// several batches in flight).
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { applyMigrations } from '../src/db/migrate.ts';

export const DEFAULT_COMPANY_ID = 'd1bd92a3b039400cbafc60a7a5b1e52b';
export const DEFAULT_USER_ID = '__tests__';

export interface SeedOptions {
  tasks?: number;
  projects?: number;
  /** Truncate task/project (and what references them) first. */
  reset?: boolean;
  batchSize?: number;
  /** Batches in flight at once (separate connections). */
  parallel?: number;
  log?: (message: string) => void;
}

export interface SeedResult {
  tasks: number;
  projects: number;
  inserted: number;
  seconds: number;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const hashCache = new Map<string, string>();
/** md5 of a metric/variant name (a handful of distinct names: cached). */
const metricHash = (name: string) => {
  let hash = hashCache.get(name);
  if (hash === undefined) hashCache.set(name, (hash = md5(name)));
  return hash;
};
export const benchTaskId = (i: number) => md5(`bench-task-${i}`);
export const benchProjectId = (i: number) => md5(`bench-project-${i}`);

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1]![0];
    },
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

const STATUSES = [
  ['completed', 44],
  ['stopped', 17],
  ['failed', 12],
  ['in_progress', 9],
  ['created', 8],
  ['queued', 4],
  ['published', 4],
  ['closed', 2],
] as const;

const TYPES = [
  ['training', 70],
  ['testing', 9],
  ['data_processing', 7],
  ['inference', 5],
  ['optimizer', 3],
  ['controller', 2],
  ['service', 2],
  ['application', 1],
  ['qc', 1],
] as const;

const MODELS = [
  'resnet50', 'resnet18', 'efficientnet_b3', 'vit_b16', 'bert-base', 'distilbert', 'gpt2-small',
  'yolov8m', 'unet', 'deeplabv3', 'xgboost', 'lightgbm', 'convnext_tiny', 'whisper-small', 't5-base',
] as const;
const DATASETS = ['imagenet-1k', 'cifar10', 'cifar100', 'coco-2017', 'squad-v2', 'glue-sst2', 'librispeech', 'internal-v3'] as const;
const OPTIMIZERS = ['adam', 'adamw', 'sgd', 'rmsprop', 'lamb'] as const;
const TAGS = ['baseline', 'ablation', 'sweep', 'prod-candidate', 'debug', 'v2', 'augment', 'fp16', 'ddp', 'best', 'regression', 'nightly'] as const;
const TEAMS = ['vision', 'nlp', 'speech', 'tabular', 'research', 'platform', 'recsys', 'robotics'] as const;
const REPOS = ['vision-models', 'nlp-lab', 'speech-asr', 'tabular-automl', 'research-sandbox', 'ml-platform'] as const;
const ENTRY_POINTS = ['train.py', 'scripts/train.py', 'tools/finetune.py', 'eval.py', 'main.py'] as const;
const WORKERS = ['gpu-node-01', 'gpu-node-02', 'gpu-node-03', 'gpu-node-07', 'a100-pool-4', 'cpu-box-2'] as const;

const param = (section: string, name: string, value: string, type: string, description?: string) => ({
  section, name, value, type, ...(description ? { description } : {}),
});

function hyperparamsFor(rng: Rng, model: string, lr: string, batchSize: number, epochs: number, optimizer: string) {
  const args: Record<string, ReturnType<typeof param>> = {
    lr: param('Args', 'lr', lr, 'float', 'initial learning rate'),
    batch_size: param('Args', 'batch_size', String(batchSize), 'int'),
    epochs: param('Args', 'epochs', String(epochs), 'int'),
    optimizer: param('Args', 'optimizer', optimizer, 'str'),
    model: param('Args', 'model', model, 'str'),
  };
  const optional: [string, () => ReturnType<typeof param>][] = [
    ['weight_decay', () => param('Args', 'weight_decay', rng.pick(['0', '1e-5', '1e-4', '5e-4', '0.01']), 'float')],
    ['momentum', () => param('Args', 'momentum', rng.pick(['0.9', '0.95', '0.99']), 'float')],
    ['dropout', () => param('Args', 'dropout', rng.pick(['0.0', '0.1', '0.2', '0.3', '0.5']), 'float')],
    ['seed', () => param('Args', 'seed', String(rng.int(0, 9999)), 'int')],
    ['warmup_steps', () => param('Args', 'warmup_steps', String(rng.pick([0, 500, 1000, 2000])), 'int')],
    ['scheduler', () => param('Args', 'scheduler', rng.pick(['cosine', 'step', 'linear', 'onecycle']), 'str')],
    ['grad_clip', () => param('Args', 'grad_clip', rng.pick(['0.5', '1.0', '5.0']), 'float')],
  ];
  for (const [name, make] of optional) if (rng.chance(0.6)) args[name] = make();
  const general: Record<string, ReturnType<typeof param>> = {
    dataset: param('General', 'dataset', rng.pick(DATASETS), 'str'),
    num_workers: param('General', 'num_workers', String(rng.pick([2, 4, 8, 16])), 'int'),
  };
  if (rng.chance(0.5)) general.image_size = param('General', 'image_size', String(rng.pick([224, 256, 384, 512])), 'int');
  if (rng.chance(0.4)) general.mixed_precision = param('General', 'mixed_precision', rng.pick(['true', 'false']), 'bool');
  if (rng.chance(0.3)) general.checkpoint_every = param('General', 'checkpoint_every', String(rng.pick([1, 5, 10])), 'int');
  const result: Record<string, Record<string, ReturnType<typeof param>>> = { Args: args, General: general };
  if (rng.chance(0.3)) {
    result.properties = { version: param('properties', 'version', `${rng.int(1, 4)}.${rng.int(0, 20)}`, 'str') };
  }
  return result;
}

function lastMetricsFor(rng: Rng, lr: number, iterations: number, started: boolean) {
  if (!started) return {};
  const metrics: Record<string, Record<string, { metric: string; variant: string; value: number; min_value: number; max_value: number }>> = {};
  const add = (metric: string, variant: string, value: number, min: number, max: number) => {
    const m = (metrics[metricHash(metric)] ??= {});
    m[metricHash(variant)] = { metric, variant, value: round(value), min_value: round(min), max_value: round(max) };
  };
  const progress = Math.min(1, iterations / 20000);
  const loss = 2.3 * Math.exp(-3 * progress) + rng.next() * 0.3;
  add('loss', 'total', loss, loss * (0.85 + rng.next() * 0.1), 2.3 + rng.next());
  add('loss', 'val', loss * (1.05 + rng.next() * 0.2), loss * 0.95, 2.5 + rng.next());
  const accuracy = Math.min(0.99, 0.1 + 0.85 * progress * (0.8 + rng.next() * 0.2));
  add('accuracy', 'val', accuracy, 0.1, accuracy + rng.next() * 0.02);
  add('accuracy', 'train', Math.min(0.999, accuracy + 0.03), 0.1, Math.min(0.999, accuracy + 0.05));
  add('lr', 'lr', lr * (1 - progress * 0.9), lr * 0.1, lr);
  if (rng.chance(0.6)) {
    const util = 40 + rng.next() * 60;
    add(':monitor:gpu', 'gpu_0_utilization', util, 0, 100);
    add(':monitor:gpu', 'gpu_0_mem_usage', 20 + rng.next() * 75, 0, 100);
  }
  if (rng.chance(0.3)) add('f1', 'macro', accuracy * 0.95, 0, accuracy);
  return metrics;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

interface ProjectRow {
  id: string;
  name: string;
  created: Date;
}

function projectRows(count: number, now: number): ProjectRow[] {
  const rng = prng(7);
  return Array.from({ length: count }, (_, i) => ({
    id: benchProjectId(i),
    name: `${rng.pick(TEAMS)}/${rng.pick(MODELS)}-experiments-${String(i).padStart(3, '0')}`,
    created: new Date(now - (300 - (i % 60)) * 86400_000),
  }));
}

/** Columns of the insert: [column, SQL type in the jsonb_to_recordset record]. */
const TASK_COLUMNS = [
  ['id', 'text'], ['company', 'text'], ['user', 'text'], ['name', 'text'], ['type', '"TaskType"'],
  ['status', '"TaskStatus"'], ['status_reason', 'text'], ['status_message', 'text'], ['status_changed', 'timestamptz'],
  ['comment', 'text'], ['created', 'timestamptz'], ['started', 'timestamptz'], ['completed', 'timestamptz'],
  ['published', 'timestamptz'], ['duration', 'int4'], ['project', 'text'], ['tags', 'jsonb'], ['system_tags', 'jsonb'],
  ['output_destination', 'text'], ['parameters', 'jsonb'], ['framework', 'text'], ['script_repository', 'text'],
  ['script_branch', 'text'], ['script_version_num', 'text'], ['script_entry_point', 'text'],
  ['script_working_dir', 'text'], ['script_requirements', 'jsonb'], ['hyperparams', 'jsonb'],
  ['configuration', 'jsonb'], ['runtime', 'jsonb'], ['last_worker', 'text'], ['last_worker_report', 'timestamptz'],
  ['last_update', 'timestamptz'], ['last_iteration', 'int4'], ['last_metrics', 'jsonb'],
] as const;

// One batch = one jsonb array parameter expanded by jsonb_to_recordset (a single text parameter is far
// cheaper for the driver than 35 typed arrays). text[] columns arrive as JSON arrays.
const INSERT_TASKS = (() => {
  const cols = TASK_COLUMNS.map(([c]) => `"${c}"`).join(', ');
  const select = TASK_COLUMNS.map(([c]) =>
    c === 'tags' || c === 'system_tags' ? `ARRAY(SELECT jsonb_array_elements_text(r."${c}"))` : `r."${c}"`,
  ).join(', ');
  const record = TASK_COLUMNS.map(([c, type]) => `"${c}" ${type}`).join(', ');
  return `INSERT INTO "task" (${cols}) SELECT ${select} FROM jsonb_to_recordset($1::jsonb) AS r(${record})
    ON CONFLICT ("id") DO NOTHING`;
})();

/** One task row, deterministic in `i`. */
function taskRow(i: number, projects: ProjectRow[], projectWeights: number[], now: number) {
  const rng = prng(1_000_003 * (i + 1));
  // Mildly skewed project sizes (largest ~3x the smallest).
  const r = rng.next() * projectWeights[projectWeights.length - 1]!;
  let p = 0;
  while (projectWeights[p]! < r) p++;
  const project = projects[p]!;
  const status = rng.weighted(STATUSES);
  const type = rng.weighted(TYPES);
  const model = rng.pick(MODELS);
  const lr = rng.pick(['0.1', '0.05', '0.01', '0.005', '0.001', '0.0005', '0.0003', '0.0001', '3e-5', '1e-5']);
  const batchSize = rng.pick([8, 16, 32, 64, 128, 256, 512]);
  const epochs = rng.pick([5, 10, 20, 30, 50, 90, 100, 300]);
  const optimizer = rng.pick(OPTIMIZERS);

  // Created over the last ~9 months, never before its project. Start (up to 2 h after creation), end
  // of run (up to 3 days later) and publication (up to 3 days after that) all lie in the past.
  const ran = !['created', 'queued'].includes(status);
  const ended = ['completed', 'stopped', 'failed', 'published', 'closed'].includes(status);
  const durationSec = ended ? rng.int(60, 3 * 86400) : null;
  const startDelaySec = rng.int(5, 7200);
  const publishDelaySec = rng.int(600, 3 * 86400);
  const latest = now - 60_000 - (ended ? (startDelaySec + durationSec! + publishDelaySec) * 1000 : 86400_000);
  // Running tasks are recent (a few days), everything else spreads over ~9 months.
  const age = Math.floor(rng.next() ** 1.3 * (status === 'in_progress' ? 3 : 270) * 86400_000);
  const created = new Date(Math.max(project.created.getTime() + 3600_000, Math.min(latest, now - age)));
  const started = ran ? new Date(created.getTime() + startDelaySec * 1000) : null;
  const completed = ended && status !== 'failed' ? new Date(started!.getTime() + durationSec! * 1000) : null;
  const published = status === 'published' ? new Date(completed!.getTime() + publishDelaySec * 1000) : null;
  const runningFor = status === 'in_progress' ? rng.int(60, 86400) * 1000 : 0;
  const lastUpdate =
    published ??
    completed ??
    (status === 'failed' && started ? new Date(started.getTime() + durationSec! * 1000) : null) ??
    (started ? new Date(Math.min(now - 1000, started.getTime() + runningFor)) : new Date(created.getTime() + rng.int(1, 600) * 1000));
  const statusChanged = status === 'created' ? created : lastUpdate;
  const iterations = ran ? rng.int(1, epochs * 400) : 0;

  const tags: string[] = [];
  for (let k = rng.int(0, 3); k > 0; k--) {
    const tag = rng.pick(TAGS);
    if (!tags.includes(tag)) tags.push(tag);
  }
  const systemTags: string[] = [];
  if (rng.chance(0.15)) systemTags.push('development');
  if (rng.chance(0.05)) systemTags.push('archived');
  if (type === 'controller' || rng.chance(0.03)) systemTags.push('pipeline');
  const repo = rng.pick(REPOS);
  const hyperparams = hyperparamsFor(rng, model, lr, batchSize, epochs, optimizer);
  const parameters = Object.fromEntries(Object.values(hyperparams.Args ?? {}).map((h) => [`Args/${h.name}`, h.value]));
  const runningWorker = status === 'in_progress' || ended;
  const worker = runningWorker ? `${rng.pick(WORKERS)}:gpu${rng.int(0, 7)}` : null;
  const statusReason = status === 'failed' ? 'worker exited with code 1' : status === 'stopped' ? 'stopped by user' : status === 'queued' ? 'enqueued' : '';
  const id = benchTaskId(i);
  // Keys in TASK_COLUMNS order; dates serialise as ISO strings, jsonb members stay objects.
  return {
    id,
    company: DEFAULT_COMPANY_ID,
    user: DEFAULT_USER_ID,
    name: `${model} lr=${lr} bs=${batchSize} #${i}`,
    type,
    status,
    status_reason: statusReason,
    status_message: status === 'stopped' ? 'Stopped by Default User' : '',
    status_changed: statusChanged,
    comment: rng.chance(0.3) ? `Auto-generated at ${created.toISOString()} by __tests__@${rng.pick(WORKERS)}` : null,
    created,
    started,
    completed,
    published,
    duration: durationSec,
    project: project.id,
    tags,
    system_tags: systemTags,
    output_destination: `s3://ml-artifacts/${project.name.split('/')[0]}/${id.slice(0, 8)}`,
    parameters,
    framework: type === 'training' || type === 'testing' ? rng.pick(['pytorch', 'pytorch', 'tensorflow', 'jax', 'scikit-learn']) : null,
    script_repository: `https://github.com/acme/${repo}.git`,
    script_branch: rng.pick(['main', 'main', 'develop', `exp/${model}`]),
    script_version_num: commitOf(repo, i),
    script_entry_point: rng.pick(ENTRY_POINTS),
    script_working_dir: '.',
    script_requirements: {
      pip: `torch==2.1.${rng.int(0, 2)}\ntorchvision==0.16.0\nnumpy==1.26.${rng.int(0, 4)}\nclearml==1.14.${rng.int(0, 4)}\n`,
    },
    hyperparams,
    configuration: rng.chance(0.5)
      ? { General: { name: 'General', type: 'dictionary', value: JSON.stringify({ augment: rng.chance(0.5), crop: 224 }) } }
      : {},
    runtime: ran ? { gpu_count: rng.pick([1, 2, 4, 8]), cpu_cores: rng.pick([8, 16, 32]), gpu_type: rng.pick(['A100', 'V100', 'T4', 'L4']) } : {},
    last_worker: worker,
    last_worker_report: worker ? lastUpdate : null,
    last_update: lastUpdate,
    last_iteration: iterations,
    last_metrics: lastMetricsFor(rng, Number(lr), iterations, ran),
  } satisfies Record<(typeof TASK_COLUMNS)[number][0], unknown>;
}

/** A fake git commit: 40 hex chars, shared by ~1/97 of a repository's tasks. */
const commitOf = (repo: string, i: number) => metricHash(`${repo}-${i % 97}`) + metricHash(String(i % 13)).slice(0, 8);

/** Applies migrations, ensures the default company/user, and inserts projects and tasks. */
export async function seed(url: string, options: SeedOptions = {}): Promise<SeedResult> {
  const taskCount = options.tasks ?? 100_000;
  const projectCount = options.projects ?? 200;
  const batchSize = options.batchSize ?? 2_500;
  const parallel = options.parallel ?? 3;
  const log = options.log ?? (() => {});
  const t0 = performance.now();
  const pool = new pg.Pool({ connectionString: url, max: parallel });
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    try {
      await applyMigrations({ query: (s, p) => client.query(s, p), exec: (s) => client.query(s) }, { log });
      await client.query(`INSERT INTO "company" (id, name) VALUES ($1, 'trains') ON CONFLICT DO NOTHING`, [DEFAULT_COMPANY_ID]);
      await client.query(
        `INSERT INTO "user" (id, company, name, email, role) VALUES ($1, $2, 'Default User', 'tests@example.com', 'user')
         ON CONFLICT DO NOTHING`,
        [DEFAULT_USER_ID, DEFAULT_COMPANY_ID],
      );
      if (options.reset) {
        log('truncating task and project');
        await client.query('TRUNCATE "task", "project" CASCADE');
      }
    } finally {
      client.release();
    }

    const now = Date.now();
    const projects = projectRows(projectCount, now);
    await pool.query(
      `INSERT INTO "project" (id, company, "user", name, description, created, last_update, tags)
       SELECT u.id, $1, $2, u.name, 'Benchmark project', u.created, now(), ARRAY['bench']
       FROM unnest($3::text[], $4::text[], $5::timestamptz[]) AS u(id, name, created)
       ON CONFLICT DO NOTHING`,
      [DEFAULT_COMPANY_ID, DEFAULT_USER_ID, projects.map((p) => p.id), projects.map((p) => p.name), projects.map((p) => p.created)],
    );
    const weights: number[] = [];
    let acc = 0;
    for (let p = 0; p < projectCount; p++) weights.push((acc += 1 / (1 + p / 100)));

    let inserted = 0;
    let nextBatch = 0;
    const batches = Math.ceil(taskCount / batchSize);
    const worker = async () => {
      for (let b = nextBatch++; b < batches; b = nextBatch++) {
        const from = b * batchSize;
        const to = Math.min(taskCount, from + batchSize);
        const rows = [];
        for (let i = from; i < to; i++) rows.push(taskRow(i, projects, weights, now));
        const result = await pool.query(INSERT_TASKS, [JSON.stringify(rows)]);
        inserted += result.rowCount ?? 0;
        if ((b + 1) % 10 === 0) log(`  ${Math.min(taskCount, (b + 1) * batchSize)} / ${taskCount} tasks`);
      }
    };
    await Promise.all(Array.from({ length: parallel }, worker));
    await pool.query('ANALYZE "task"; ANALYZE "project"');
    const seconds = (performance.now() - t0) / 1000;
    log(`seeded ${inserted} new tasks (${taskCount} requested) over ${projectCount} projects in ${seconds.toFixed(1)}s`);
    return { tasks: taskCount, projects: projectCount, inserted, seconds };
  } finally {
    await pool.end();
  }
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('set DATABASE_URL=postgres://user@host:port/db');
    process.exit(2);
  }
  seed(url, {
    reset: process.argv.includes('--reset'),
    tasks: argValue('--tasks') ? Number(argValue('--tasks')) : undefined,
    projects: argValue('--projects') ? Number(argValue('--projects')) : undefined,
    log: (m) => console.log(`[seed] ${m}`),
  }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
