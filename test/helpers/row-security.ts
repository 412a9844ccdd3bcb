// Checks that tenant isolation is a property of the database session, not of the queries: the same
// cases run against PostgreSQL and the embedded engine (row-security*.test.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { db, Prisma, readSql, writeSql, type Database } from '../../src/db.ts';
import { requireTenantBinding, runAsSystem, runAsTenant } from '../../src/db/tenant.ts';
import { newId } from '../../src/resolvers/ids.ts';

export function rowSecurityCases(open: () => Promise<Database>) {
  let database: Database;
  const A = newId();
  const B = newId();
  const ids = { a: newId(), b: newId(), publicOfA: newId() };
  const all = Object.values(ids);
  const sorted = (values: string[]) => [...values].sort();

  beforeAll(async () => {
    database = await open();
    await runAsSystem(async () => {
      for (const company of [A, B]) {
        await db.company.create({ data: { id: company, name: `company ${company.slice(0, 6)}` } });
        await db.user.create({ data: { id: `u-${company}`, companyId: company, name: 'owner', role: 'user' } });
        await db.credential.create({
          data: { accessKey: `key-${company}`, secretHash: 'x', userId: `u-${company}`, companyId: company },
        });
      }
      const task = (id: string, companyId: string | null, companyOrigin: string | null) => ({
        id, companyId, companyOrigin, name: `task ${id.slice(0, 6)}`, type: 'training' as const, userId: `u-${companyOrigin ?? companyId}`,
      });
      await db.task.createMany({ data: [task(ids.a, A, null), task(ids.b, B, null), task(ids.publicOfA, null, A)] });
      const event = (taskId: string, companyId: string) => ({
        companyId, taskId, type: 'training_stats_scalar' as const, key: newId(), iter: 1, metric: 'loss', variant: 'train',
        timestamp: BigInt(Date.now()), value: 1, doc: {},
      });
      await db.event.createMany({ data: [event(ids.a, A), event(ids.b, B), event(ids.publicOfA, A)] });
    });
  });

  afterAll(async () => {
    requireTenantBinding(false);
    await database?.close();
  });

  it('a session bound to company B reads only its own and public rows, whatever the query asks for', async () => {
    await runAsTenant(B, async () => {
      const raw = await readSql<{ id: string }>(Prisma.sql`SELECT "id" FROM "task" WHERE "id" = ANY(${all}::text[])`);
      expect(sorted(raw.map((r) => r.id))).toEqual(sorted([ids.b, ids.publicOfA]));
      const viaClient = await db.task.findMany({ where: { id: { in: all } }, select: { id: true } });
      expect(sorted(viaClient.map((r) => r.id))).toEqual(sorted([ids.b, ids.publicOfA]));
      const events = await readSql<{ task: string }>(Prisma.sql`SELECT DISTINCT "task" FROM "event" WHERE "task" = ANY(${all}::text[])`);
      expect(sorted(events.map((r) => r.task))).toEqual(sorted([ids.b, ids.publicOfA]));
      const keys = await db.credential.findMany({ where: { companyId: { in: [A, B] } }, select: { companyId: true } });
      expect(keys).toEqual([{ companyId: B }]);
      expect(await db.company.count({ where: { id: { in: [A, B] } } })).toBe(1);
      expect(await db.user.count({ where: { companyId: A } })).toBe(0);
      expect(await db.serverSetting.count()).toBe(0); // the token secret is the server's alone
    });
  });

  it("company B's writes never reach company A's rows, and rows cannot be planted in A", async () => {
    await runAsTenant(B, async () => {
      const { count } = await db.task.updateMany({ where: { id: { in: all } }, data: { comment: 'B was here' } });
      expect(count).toBe(1); // its own; the public task is read-only for B
      expect(await db.$executeRaw`UPDATE "task" SET "comment" = 'B again' WHERE "id" = ${ids.a}`).toBe(0);
      expect((await db.task.deleteMany({ where: { id: ids.a } })).count).toBe(0);
      expect((await db.event.deleteMany({ where: { taskId: { in: all } } })).count).toBe(1);
      await expect(
        db.task.create({ data: { id: newId(), companyId: A, name: 'planted', type: 'training', userId: `u-${A}` } }),
      ).rejects.toThrow();
      await expect(
        db.$executeRaw`INSERT INTO "event" ("company", "task", "type", "key", "iter", "metric", "variant", "timestamp", "doc")
          VALUES (${A}, ${ids.a}, 'log', NULL, 0, '', '', 0, '{}')`,
      ).rejects.toThrow();
    });
    await runAsSystem(async () => {
      const rows = await db.task.findMany({ where: { id: { in: all } }, select: { id: true, comment: true } });
      const comments = Object.fromEntries(rows.map((r) => [r.id, r.comment]));
      expect(comments[ids.a] ?? '').not.toContain('B ');
      expect(comments[ids.publicOfA] ?? '').not.toContain('B ');
      expect(comments[ids.b]).toBe('B was here');
      expect(await db.event.count({ where: { taskId: { in: [ids.a, ids.publicOfA] } } })).toBe(2);
      expect(await db.task.count({ where: { name: 'planted' } })).toBe(0);
    });
  });

  it('the company a public row came from may still change it (to make it private again)', async () => {
    await runAsTenant(A, async () => {
      expect((await db.task.updateMany({ where: { id: ids.publicOfA }, data: { comment: 'origin' } })).count).toBe(1);
    });
  });

  it('transactions are bound to the caller too', async () => {
    const seen = await runAsTenant(B, () =>
      db.$transaction(async (tx) => (await tx.task.findMany({ where: { id: { in: all } }, select: { id: true } })).map((r) => r.id)),
    );
    expect(sorted(seen)).toEqual(sorted([ids.b, ids.publicOfA]));
  });

  it('interleaved calls of two companies on shared connections each see their own rows', async () => {
    const calls = Array.from({ length: 60 }, (_, i) => {
      const company = i % 2 ? A : B;
      const read = i % 3 === 0
        ? () => db.task.findMany({ where: { id: { in: all }, companyId: { not: null } }, select: { id: true } })
        : () => readSql<{ id: string }>(Prisma.sql`SELECT "id" FROM "task" WHERE "id" = ANY(${all}::text[]) AND "company" IS NOT NULL`);
      return runAsTenant(company, async () => ({ company, seen: (await read()).map((r) => r.id) }));
    });
    for (const { company, seen } of await Promise.all(calls)) {
      expect(seen).toEqual([company === A ? ids.a : ids.b]);
    }
  });

  it('interleaved writes of two companies, one statement text (prepared once per connection), each change their own rows', async () => {
    const calls = Array.from({ length: 60 }, (_, i) => {
      const company = i % 2 ? A : B;
      return runAsTenant(company, async () => ({
        company,
        changed: (await writeSql<{ id: string }>(Prisma.sql`
          UPDATE "task" SET "comment" = ${`written by ${company}`} WHERE "id" = ANY(${all}::text[]) AND "company" IS NOT NULL
          RETURNING "id"`)).map((r) => r.id),
      }));
    });
    for (const { company, changed } of await Promise.all(calls)) {
      expect(changed).toEqual([company === A ? ids.a : ids.b]);
    }
    await runAsSystem(async () => {
      const rows = await db.task.findMany({ where: { id: { in: [ids.a, ids.b] } }, select: { id: true, comment: true } });
      expect(Object.fromEntries(rows.map((r) => [r.id, r.comment]))).toEqual({ [ids.a]: `written by ${A}`, [ids.b]: `written by ${B}` });
    });
  });

  it('sessions cannot bypass the policies: no superuser, no BYPASSRLS', async () => {
    const [role] = await runAsTenant(B, () =>
      readSql<{ superuser: boolean; bypass: boolean }>(Prisma.sql`
        SELECT rolsuper AS "superuser", rolbypassrls AS "bypass" FROM pg_roles WHERE rolname = current_user`),
    );
    expect(role).toEqual({ superuser: false, bypass: false });
  });

  it('once the server requires a binding, code that runs unbound sees and changes nothing', async () => {
    requireTenantBinding();
    try {
      expect(await db.task.count({ where: { id: { in: all } } })).toBe(0);
      expect(await readSql(Prisma.sql`SELECT 1 FROM "task" WHERE "id" = ANY(${all}::text[])`)).toEqual([]);
      expect((await db.task.updateMany({ where: { id: { in: all } }, data: { comment: 'nobody' } })).count).toBe(0);
    } finally {
      requireTenantBinding(false);
    }
  });
}
