// Shared pieces of the fuzz tests: a tenant with a little of everything, a pool of interesting
// values (real ids of this tenant and of another one, malformed ids, edge-case strings and
// numbers), and a checksum of everything a tenant owns, to prove rejected calls change nothing.
import fc from 'fast-check';
import { db, Prisma, readSql } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';
import { seedActor, seedProject } from './db.ts';
import { seedQueue, seedTask, seedTaskInStatus } from './tasks.ts';

export interface FuzzTenant {
  actor: Actor;
  ids: string[];
}

/** A company with a project, a queue, a model and tasks in several statuses. */
export async function seedFuzzTenant(name: string): Promise<FuzzTenant> {
  const actor = await seedActor({ userName: name });
  const project = await seedProject(actor);
  const queue = await seedQueue(actor, `${name} queue`, ['default']);
  const model = await db.model.create({
    data: { id: newId(), companyId: actor.companyId, userId: actor.userId, name: `${name} model`, uri: 's3://m', projectId: project.id },
  });
  const tasks = [];
  for (const status of ['created', 'queued', 'in_progress', 'stopped', 'published', 'failed', 'completed'] as const) {
    tasks.push(
      await seedTaskInStatus(actor, status, queue.id, {
        projectId: project.id,
        tags: ['a', 'b'],
        hyperparams: { Args: { lr: { section: 'Args', name: 'lr', value: '0.1' } } },
        lastMetrics: {},
      }),
    );
  }
  const child = await seedTask(actor, { parentId: tasks[0]!.id, projectId: project.id, inputModelId: model.id });
  return { actor, ids: [project.id, queue.id, model.id, child.id, ...tasks.map((t) => t.id)] };
}

/** Values that tend to find bugs, mixed with this tenant's and another tenant's real ids. */
export function interestingStrings(...tenants: FuzzTenant[]): fc.Arbitrary<string> {
  const ids = tenants.flatMap((t) => t.ids);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ids) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '', ' ', '__$not', '__$all', '__$any', '-', '-a', 'a', 'created', 'in_progress', 'published', 'training',
        'Args', 'Args.lr', 'hyperparams.Args.lr', 'last_metrics', '-last_update', 'name', 'id', '*', '.*', '(', '[',
        '\\', '%', '%2E', '$where', '{}', '[]', 'null', 'true', '0', '-1', '1e309', 'NaN', '\u0000', 'é', '😀',
        '00000000000000000000000000000000', 'x'.repeat(300), '2020-01-01T00:00:00Z', '>2020-01-01', 'FFFF',
      ),
    },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  );
}

/** Any JSON value, biased towards interesting strings and numbers, bounded in size. */
export function jsonValue(strings: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      strings,
      fc.integer({ min: -5, max: 20 }),
      fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, 0.5, -0.0),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(strings, tie('value'), { maxKeys: 4 }),
    ),
  }));
  return value;
}

/**
 * A fingerprint of every row a company owns (and of the rows hanging off its tasks and queues):
 * equal before and after a call ⇔ the call wrote nothing for that company.
 */
export async function tenantChecksum(companyId: string): Promise<string> {
  const owned: [string, Prisma.Sql][] = [
    ['task', Prisma.sql`SELECT * FROM "task" WHERE "company" = ${companyId} OR "company_origin" = ${companyId}`],
    ['project', Prisma.sql`SELECT * FROM "project" WHERE "company" = ${companyId} OR "company_origin" = ${companyId}`],
    ['model', Prisma.sql`SELECT * FROM "model" WHERE "company" = ${companyId} OR "company_origin" = ${companyId}`],
    ['queue', Prisma.sql`SELECT * FROM "queue" WHERE "company" = ${companyId}`],
    ['queue_entry', Prisma.sql`SELECT e.* FROM "queue_entry" e JOIN "queue" q ON q.id = e.queue WHERE q.company = ${companyId}`],
    ['task_artifact', Prisma.sql`SELECT a.* FROM "task_artifact" a JOIN "task" t ON t.id = a.task WHERE t.company = ${companyId}`],
    ['event', Prisma.sql`SELECT * FROM "event" WHERE "company" = ${companyId}`],
    ['user', Prisma.sql`SELECT * FROM "user" WHERE "company" = ${companyId}`],
  ];
  const parts = await Promise.all(
    owned.map(async ([name, query]) => {
      const [row] = await readSql<{ digest: string; n: number }>(
        Prisma.sql`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest, count(*)::int AS n FROM (${query}) x`,
      );
      return `${name}:${row!.n}:${row!.digest}`;
    }),
  );
  return parts.join(' ');
}

/** Number of runs per property: FUZZ_RUNS, else the default. */
export const fuzzRuns = (fallback: number) => Number(process.env.FUZZ_RUNS ?? fallback);
