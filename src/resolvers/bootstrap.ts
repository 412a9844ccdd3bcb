// Objects every installation starts with: the default company and user of the legacy server
// (legacy spec §2.5) and that company's default queue.
import { db } from '../db.ts';
import type { Actor } from './context.ts';
import { newId } from './ids.ts';

export const DEFAULT_COMPANY = { id: 'd1bd92a3b039400cbafc60a7a5b1e52b', name: 'trains' } as const;
export const DEFAULT_USER = { id: '__tests__', name: 'Default User', role: 'user' } as const;

export const defaultActor: Actor = {
  userId: DEFAULT_USER.id,
  userName: DEFAULT_USER.name,
  companyId: DEFAULT_COMPANY.id,
  companyName: DEFAULT_COMPANY.name,
  role: DEFAULT_USER.role,
};

/** Creates the default company, user and (if the company has no queue at all) queue `default`. */
export async function ensureDefaults(): Promise<void> {
  await db.company.upsert({ where: { id: DEFAULT_COMPANY.id }, create: { ...DEFAULT_COMPANY }, update: {} });
  await db.user.upsert({
    where: { id: DEFAULT_USER.id },
    create: { ...DEFAULT_USER, companyId: DEFAULT_COMPANY.id, email: 'tests@example.com' },
    update: {},
  });
  await ensureDefaultQueue(DEFAULT_COMPANY.id);
}

/** A queue named `default` tagged `default`, created only when the company has no queue. */
export async function ensureDefaultQueue(companyId: string): Promise<void> {
  const any = await db.queue.findFirst({ where: { companyId }, select: { id: true } });
  if (any) return;
  await db.queue.createMany({
    data: [{ id: newId(), companyId, name: 'default', systemTags: ['default'] }],
    skipDuplicates: true,
  });
}
