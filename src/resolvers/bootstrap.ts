// Objects every installation starts with: the default company and user of the legacy server
// (legacy spec §2.5) and that company's default queue; users created by the key tool.
import { db } from '../db.ts';
import { runAsSystem } from '../db/tenant.ts';
import type { Actor } from './context.ts';
import { ValidationError } from './errors.ts';
import { newId } from './ids.ts';

export const DEFAULT_COMPANY = { id: 'd1bd92a3b039400cbafc60a7a5b1e52b', name: 'trains' } as const;
export const DEFAULT_USER = { id: '__tests__', name: 'Default User', role: 'user' } as const;

/** Given and family name of a user named `name`: split at the first space (legacy fixed users). */
export function nameParts(name: string): { givenName: string; familyName: string } {
  const trimmed = name.trim();
  const space = trimmed.indexOf(' ');
  return space < 0
    ? { givenName: trimmed, familyName: '' }
    : { givenName: trimmed.slice(0, space), familyName: trimmed.slice(space + 1).trim() };
}

export const defaultActor: Actor = {
  userId: DEFAULT_USER.id,
  userName: DEFAULT_USER.name,
  companyId: DEFAULT_COMPANY.id,
  companyName: DEFAULT_COMPANY.name,
  role: DEFAULT_USER.role,
};

/** Creates the default company, user and (if the company has no queue at all) queue `default`. */
export async function ensureDefaults(): Promise<void> {
  return runAsSystem(async () => {
    // INSERT … ON CONFLICT DO NOTHING: several processes may start at once on one database
    await db.company.createMany({ data: [{ ...DEFAULT_COMPANY }], skipDuplicates: true });
    const names = nameParts(DEFAULT_USER.name);
    await db.user.createMany({
      data: [{ ...DEFAULT_USER, ...names, companyId: DEFAULT_COMPANY.id, email: 'tests@example.com' }],
      skipDuplicates: true,
    });
    // Records created before users had name parts get them once (later edits are kept).
    await db.user.updateMany({
      where: { id: DEFAULT_USER.id, givenName: null, familyName: null },
      data: names,
    });
    await ensureDefaultQueue(DEFAULT_COMPANY.id);
  });
}

/** A queue named `default` tagged `default`, created only when the company has no queue. */
export async function ensureDefaultQueue(companyId: string): Promise<void> {
  return runAsSystem(async () => {
    const any = await db.queue.findFirst({ where: { companyId }, select: { id: true } });
    if (any) return;
    await db.queue.createMany({
      data: [{ id: newId(), companyId, name: 'default', systemTags: ['default'] }],
      skipDuplicates: true,
    });
  });
}

export interface EnsureUserInput {
  userId: string;
  /** Default: the default company (created when missing). */
  companyId?: string;
  /** Name of the user when it is created (default: its id). */
  name?: string;
  role?: string;
}

/**
 * The user `userId`, created (with its company, named after its id) when missing. Throws
 * ValidationError when the user exists in another company than `companyId`.
 */
export async function ensureUser(
  input: EnsureUserInput,
): Promise<{ userId: string; companyId: string; created: boolean }> {
  return runAsSystem(async () => {
    const existing = await db.user.findFirst({ where: { id: input.userId }, select: { companyId: true } });
    if (existing) {
      if (input.companyId && existing.companyId !== input.companyId) {
        throw new ValidationError('company', `user ${input.userId} belongs to company ${existing.companyId}`);
      }
      return { userId: input.userId, companyId: existing.companyId, created: false };
    }
    const companyId = input.companyId ?? DEFAULT_COMPANY.id;
    const companyName = companyId === DEFAULT_COMPANY.id ? DEFAULT_COMPANY.name : companyId;
    await db.company.upsert({
      where: { id: companyId },
      create: { id: companyId, name: companyName },
      update: {},
    });
    const name = input.name ?? input.userId;
    await db.user.create({
      data: { id: input.userId, companyId, name, ...nameParts(name), role: input.role ?? 'user' },
    });
    return { userId: input.userId, companyId, created: true };
  });
}
