// Per test file: open the run's migrated database through the production code path, and seed
// isolated tenants (fresh company, user, project) so files and tests can run in parallel.
import { afterAll, beforeAll, inject } from 'vitest';
import { db, openDatabase, type Database } from '../../src/db.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { newId } from '../../src/resolvers/ids.ts';

let database: Database | undefined;

/** SQL statements sent by the shared client since the file's database was opened. */
export const sqlLog: string[] = [];

/** Opens the test database for this file (call at the top level of a test file). */
export function useTestDatabase() {
  beforeAll(async () => {
    database = await openDatabase({ url: inject('databaseUrl'), poolSize: 30, onQuery: (sql) => sqlLog.push(sql) });
  });
  afterAll(async () => {
    await database?.close();
  });
}

export async function seedActor(overrides: Partial<Actor> = {}): Promise<Actor> {
  const companyId = overrides.companyId ?? newId();
  const userId = overrides.userId ?? newId();
  await db.company.upsert({ where: { id: companyId }, create: { id: companyId, name: `company ${companyId.slice(0, 6)}` }, update: {} });
  await db.user.create({ data: { id: userId, companyId, name: overrides.userName ?? 'tester', role: overrides.role ?? 'user' } });
  return { userId, companyId, userName: overrides.userName ?? 'tester', role: overrides.role ?? 'user' };
}

export async function seedProject(actor: Actor, name = `project ${newId().slice(0, 8)}`) {
  return db.project.create({ data: { id: newId(), companyId: actor.companyId, userId: actor.userId, name } });
}
