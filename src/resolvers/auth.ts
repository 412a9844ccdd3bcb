// Responsible for credentials: access key / secret key pairs (secrets stored only as salted scrypt
// hashes) and the installation-wide secrets kept in `server_setting`. Talks to Prisma; knows
// nothing about HTTP or tokens.
import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { db } from '../db.ts';
import { runAsSystem } from '../db/tenant.ts';
import { DEFAULT_COMPANY, DEFAULT_USER, ensureDefaults } from './bootstrap.ts';
import type { Actor } from './context.ts';
import { DomainError, ValidationError } from './errors.ts';

/** The trains SDK's built-in credential pair (legacy spec §2.5, user `__tests__`). */
export const DEFAULT_CREDENTIALS = {
  accessKey: 'EGRTCO8JMSIGI6S39GTP43NFWXDQOW',
  secretKey: 'x!XTov_G-#vspE*Y(h$Anm&DIc5Ou-F)jsl$PdOyj5wG1&E!Z8',
} as const;

const ACCESS_KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ACCESS_KEY_LENGTH = 30;

// scrypt cost: ~50 ms and 16 MiB per hash on one core. Parameters travel with each hash, so they
// can be raised later without invalidating stored secrets.
const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32 } as const;

function scryptAsync(secret: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, keyLength, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$<salt b64>$<hash b64>` of a secret, with a fresh random salt. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Whether `secret` matches a hashSecret() value (constant-time comparison). */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// Basic auth may be sent on every call; a short-lived cache of verified pairs keeps that from
// costing one scrypt per request. Keys are a digest of the pair, never the secret itself.
const VERIFIED_TTL_MS = 60_000;
const verified = new Map<string, number>();
const pairDigest = (accessKey: string, secretKey: string) =>
  createHash('sha256').update(accessKey).update('\0').update(secretKey).digest('base64');

/**
 * The actor owning an access key / secret key pair, or null when no credential matches (unknown
 * key, wrong secret, or the user/company is gone). Records the credential's `lastUsed`.
 */
export async function verifyCredentials(accessKey: string, secretKey: string): Promise<Actor | null> {
  return runAsSystem(async () => {
    const credential = await db.credential.findFirst({
      where: { accessKey },
      select: {
        secretHash: true,
        user: { select: { id: true, name: true, role: true } },
        company: { select: { id: true, name: true } },
      },
    });
    if (!credential) return null;
    const digest = pairDigest(accessKey, secretKey);
    const cachedUntil = verified.get(digest);
    if (!(cachedUntil && cachedUntil > Date.now())) {
      if (!(await verifySecret(secretKey, credential.secretHash))) return null;
      if (verified.size > 10_000) verified.clear();
      verified.set(digest, Date.now() + VERIFIED_TTL_MS);
    }
    await db.credential.updateMany({ where: { accessKey }, data: { lastUsed: new Date() } });
    return {
      userId: credential.user.id,
      userName: credential.user.name,
      companyId: credential.company.id,
      companyName: credential.company.name,
      role: credential.user.role,
    };
  });
}

function randomAccessKey(): string {
  let key = '';
  for (let i = 0; i < ACCESS_KEY_LENGTH; i++) key += ACCESS_KEY_ALPHABET[randomInt(ACCESS_KEY_ALPHABET.length)];
  return key;
}

/**
 * Creates a new credential pair for an existing user and returns it. The secret (64 URL-safe
 * characters) is not stored and cannot be read back. Throws ValidationError for an unknown user.
 */
export async function createCredentials(userId: string): Promise<{ accessKey: string; secretKey: string }> {
  return runAsSystem(async () => {
    const user = await db.user.findFirst({ where: { id: userId }, select: { companyId: true } });
    if (!user) throw new ValidationError('user', `unknown user ${userId}`);
    const secretKey = randomBytes(48).toString('base64url');
    const accessKey = randomAccessKey();
    await db.credential.create({
      data: { accessKey, secretHash: await hashSecret(secretKey), userId, companyId: user.companyId },
    });
    return { accessKey, secretKey };
  });
}

/**
 * Seeds the SDK's built-in credential pair for the default user (creating the default company and
 * user first). Leaves an existing credential with that access key untouched.
 */
export async function ensureDefaultCredentials(): Promise<void> {
  return runAsSystem(async () => {
    await ensureDefaults();
    const existing = await db.credential.findFirst({
      where: { accessKey: DEFAULT_CREDENTIALS.accessKey },
      select: { accessKey: true },
    });
    if (existing) return;
    await db.credential.createMany({
      data: [
        {
          accessKey: DEFAULT_CREDENTIALS.accessKey,
          secretHash: await hashSecret(DEFAULT_CREDENTIALS.secretKey),
          userId: DEFAULT_USER.id,
          companyId: DEFAULT_COMPANY.id,
        },
      ],
      skipDuplicates: true,
    });
  });
}

/**
 * The value of an installation-wide setting, created with `create()` when missing. Concurrent
 * first calls from several processes agree on one value (insert-if-absent, then read).
 */
export async function readOrCreateSetting(key: string, create: () => string): Promise<string> {
  return runAsSystem(async () => {
    const existing = await db.serverSetting.findFirst({ where: { key } });
    if (existing) return existing.value;
    await db.serverSetting.createMany({ data: [{ key, value: create() }], skipDuplicates: true });
    return (await db.serverSetting.findFirstOrThrow({ where: { key } })).value;
  });
}

/** Roles allowed to act as another user (legacy impersonation headers). */
export const IMPERSONATING_ROLES: readonly string[] = ['system', 'root', 'admin'];

/**
 * The identity a caller takes on when acting for another user: `impersonate` takes the target's
 * identity and role, `act-as` the target's user and company with the caller's role. Only system,
 * root and admin may do it, and only root/system may reach users of other companies. Null when the
 * caller may not, or the user does not exist.
 */
export async function identityFor(
  caller: Actor,
  targetUserId: string,
  mode: 'impersonate' | 'act-as',
): Promise<Actor | null> {
  return runAsSystem(async () => {
    if (!IMPERSONATING_ROLES.includes(caller.role)) return null;
    const user = await db.user.findFirst({
      where: { id: targetUserId },
      select: { id: true, name: true, role: true, companyId: true, company: { select: { name: true } } },
    });
    if (!user) return null;
    if (!['system', 'root'].includes(caller.role) && user.companyId !== caller.companyId) return null;
    return {
      userId: user.id,
      userName: user.name,
      companyId: user.companyId,
      companyName: user.company.name,
      role: mode === 'impersonate' ? user.role : caller.role,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Access key management: every user manages their own keys; admins (and root/system) manage the
// keys of every user of their company. Secrets are shown once, at creation.

/** Roles that may manage the access keys of the other users of their company. */
export const KEY_ADMIN_ROLES: readonly string[] = ['admin', 'root', 'system'];

export interface AccessKeyInfo {
  accessKey: string;
  userId: string;
  created: Date;
  lastUsed: Date | null;
}

/** The user whose keys `actor` wants to manage: themselves, or (admins) a user of their company. */
async function manageableUser(actor: Actor, userId: string | undefined): Promise<string> {
  if (userId === undefined || userId === actor.userId) return actor.userId;
  if (!KEY_ADMIN_ROLES.includes(actor.role)) {
    throw new DomainError('NOT_ALLOWED', "Only admins may manage other users' access keys", { role: actor.role });
  }
  const user = await db.user.findFirst({ where: { id: userId, companyId: actor.companyId }, select: { id: true } });
  if (!user) throw new ValidationError('user', `no user ${userId} in your company`, 'INVALID_INPUT');
  return user.id;
}

/** A new key pair for the caller, or (admins) for a user of their company; the secret is shown once. */
export async function createAccessKey(
  actor: Actor,
  input: { userId?: string } = {},
): Promise<AccessKeyInfo & { secretKey: string }> {
  const userId = await manageableUser(actor, input.userId);
  const { accessKey, secretKey } = await createCredentials(userId);
  const stored = await db.credential.findFirstOrThrow({ where: { accessKey }, select: { created: true } });
  return { accessKey, secretKey, userId, created: stored.created, lastUsed: null };
}

/**
 * Access keys (never secrets) of the caller, of one user of the company (admins), or of the whole
 * company (admins, `allUsers`); oldest first.
 */
export async function listAccessKeys(
  actor: Actor,
  input: { userId?: string; allUsers?: boolean } = {},
): Promise<AccessKeyInfo[]> {
  let where: { companyId: string; userId?: string };
  if (input.allUsers) {
    if (!KEY_ADMIN_ROLES.includes(actor.role)) {
      throw new DomainError('NOT_ALLOWED', "Only admins may list other users' access keys", { role: actor.role });
    }
    where = { companyId: actor.companyId };
  } else {
    where = { companyId: actor.companyId, userId: await manageableUser(actor, input.userId) };
  }
  const rows = await db.credential.findMany({
    where,
    orderBy: [{ created: 'asc' }, { accessKey: 'asc' }],
    select: { accessKey: true, userId: true, created: true, lastUsed: true },
  });
  return rows;
}

/**
 * Revokes an access key of the caller, or (admins) of any user of their company: the pair stops
 * working at once (tokens issued before stay valid until they expire). A key the caller may not
 * manage is reported as unknown (ACCESS_KEY_NOT_FOUND), so keys of others cannot be probed.
 */
export async function revokeAccessKey(actor: Actor, accessKey: string): Promise<{ revoked: number }> {
  const admin = KEY_ADMIN_ROLES.includes(actor.role);
  const { count } = await db.credential.deleteMany({
    where: { accessKey, companyId: actor.companyId, ...(admin ? {} : { userId: actor.userId }) },
  });
  if (count === 0) {
    throw new DomainError('ACCESS_KEY_NOT_FOUND', 'Invalid user or invalid access key', { accessKey });
  }
  return { revoked: count };
}
