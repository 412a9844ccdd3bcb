// Legacy authentication (spec §2.1, §2.3): Basic access-key pairs, Bearer JWTs (also carried by the
// `trains_token_basic` cookie), and the tokens auth.login issues.
import { randomBytes } from 'node:crypto';
import type { Actor } from '../resolvers/context.ts';
import { identityFor, readOrCreateSetting, verifyCredentials } from '../resolvers/auth.ts';
import { MAX_API_VERSION } from './envelope.ts';
import { JwtError, signJwt, verifyJwt, type JwtPayload } from './jwt.ts';
import { ApiError } from './types.ts';

export const TOKEN_COOKIE = 'trains_token_basic';
/** Default token lifetime: 30 days. */
export const DEFAULT_TOKEN_EXPIRATION_SEC = 30 * 24 * 3600;
export const MAX_TOKEN_EXPIRATION_SEC = 365 * 24 * 3600;
export const SERVER_VERSION = '0.16.1';

let secretPromise: Promise<string> | undefined;

/**
 * The HS256 signing secret: TOKEN_SECRET, else a random secret created once in the database, so
 * every server process on that database accepts the others' tokens.
 */
export function tokenSecret(): Promise<string> {
  const fromEnv = process.env.TOKEN_SECRET;
  if (fromEnv) return Promise.resolve(fromEnv);
  secretPromise ??= readOrCreateSetting('token_secret', () => randomBytes(48).toString('base64url')).catch(
    (error: unknown) => {
      secretPromise = undefined; // retry on the next call (database briefly unavailable)
      throw error;
    },
  );
  return secretPromise;
}

/** Claims of a token for `actor` (spec §2.3); empty identity members are omitted. */
export function tokenClaims(
  actor: Actor,
  { expirationSec = DEFAULT_TOKEN_EXPIRATION_SEC, now = Date.now() } = {},
) {
  const iat = Math.floor(now / 1000);
  const identity = Object.fromEntries(
    Object.entries({
      user: actor.userId,
      company: actor.companyId,
      role: actor.role,
      user_name: actor.userName,
      company_name: actor.companyName,
    }).filter(([, value]) => value),
  );
  return {
    identity,
    auth_type: 'Bearer',
    iat,
    exp: iat + expirationSec,
    api_version: MAX_API_VERSION,
    server_version: SERVER_VERSION,
    server_build: '',
  };
}

/** A signed Bearer token for `actor` (default lifetime 30 days). */
export async function issueToken(
  actor: Actor,
  options: { expirationSec?: number; now?: number } = {},
): Promise<string> {
  return signJwt(tokenClaims(actor, options), await tokenSecret());
}

function actorFromClaims(payload: JwtPayload): Actor | null {
  const identity = payload.identity as Record<string, unknown> | undefined;
  if (typeof identity !== 'object' || identity === null) return null;
  const { user, company, role, user_name: userName, company_name: companyName } = identity;
  const present = (value: unknown): value is string => typeof value === 'string' && value !== '';
  if (!present(user) || !present(company) || !present(role)) return null;
  return {
    userId: user,
    companyId: company,
    role,
    userName: typeof userName === 'string' ? userName : '',
    ...(typeof companyName === 'string' ? { companyName } : {}),
  };
}

const invalidToken = (reason: string) =>
  new ApiError(401, 30, `Invalid token (invalid jwt token): reason=${reason}`);

/** The actor of a Bearer token (signature and expiry only; not checked against the database). */
export async function verifyToken(token: string): Promise<Actor | ApiError> {
  // Clients send the same token on every call: a verified token is remembered (bounded) until it
  // expires, so the signature check and JSON decoding run once per token, not per request.
  const known = verifiedTokens.get(token);
  if (known && known.expiresAt > Date.now()) return known.actor;
  let payload: JwtPayload;
  try {
    payload = verifyJwt(token, await tokenSecret());
  } catch (error) {
    if (error instanceof JwtError) return invalidToken(error.reason);
    throw error;
  }
  const actor = actorFromClaims(payload);
  if (!actor) return invalidToken('missing identity');
  if (verifiedTokens.size >= MAX_VERIFIED_TOKENS) verifiedTokens.clear();
  const exp = typeof payload.exp === 'number' ? payload.exp * 1000 : Date.now();
  verifiedTokens.set(token, { actor, expiresAt: Math.min(exp, Date.now() + VERIFIED_TOKEN_TTL_MS) });
  return actor;
}

const MAX_VERIFIED_TOKENS = 10_000;
const VERIFIED_TOKEN_TTL_MS = 5 * 60_000;
const verifiedTokens = new Map<string, { actor: Actor; expiresAt: number }>();

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

/** Base64 as the original accepts it (padding required); null when undecodable. */
function decodeBasic(data: string): [string, string] | null {
  const compact = data.trim();
  if (!compact || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
  const text = Buffer.from(compact, 'base64').toString('latin1');
  const colon = text.indexOf(':');
  return colon < 0 ? null : [text.slice(0, colon), text.slice(colon + 1)];
}

/**
 * The caller of a legacy request, or the 401 to answer: `Authorization: Basic` (any endpoint) or
 * `Bearer`, else the `trains_token_basic` cookie as a Bearer token. Missing ⇒ 401/20, other scheme ⇒
 * 401/10, undecodable Basic ⇒ 401/21, unknown pair ⇒ 401/22, bad or expired token ⇒ 401/30.
 */
export async function authenticate(headers: Record<string, string | undefined>): Promise<Actor | ApiError> {
  const actor = await authenticateCaller(headers);
  if (actor instanceof ApiError) return actor;
  return actingIdentity(actor, headers);
}

/**
 * Impersonation headers (spec §1.4): `X-Trains-Impersonate-As` takes the target user's identity
 * and role, `X-Trains-Act-As` the target's user and company with the caller's role. Both ⇒ 400/5;
 * a caller without the right role, or an unknown target ⇒ 400/6.
 */
async function actingIdentity(actor: Actor, headers: Record<string, string | undefined>): Promise<Actor | ApiError> {
  const impersonate = headers['x-trains-impersonate-as']?.trim();
  const actAs = headers['x-trains-act-as']?.trim();
  if (!impersonate && !actAs) return actor;
  if (impersonate && actAs) {
    return new ApiError(400, 5, 'Invalid headers (only one of X-Trains-Impersonate-As and X-Trains-Act-As is allowed)');
  }
  const target = await identityFor(actor, (impersonate ?? actAs)!, impersonate ? 'impersonate' : 'act-as');
  return target ?? new ApiError(400, 6, `Impersonation error: user=${impersonate ?? actAs}`);
}

async function authenticateCaller(headers: Record<string, string | undefined>): Promise<Actor | ApiError> {
  const authorization = headers.authorization?.trim();
  if (!authorization) {
    const token = cookieValue(headers.cookie, TOKEN_COOKIE);
    if (!token) return new ApiError(401, 20, 'Unauthorized (missing credentials)');
    return verifyToken(token);
  }
  const space = authorization.indexOf(' ');
  const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase();
  const data = space < 0 ? '' : authorization.slice(space + 1).trim();
  if (scheme === 'bearer') return verifyToken(data);
  if (scheme !== 'basic') return new ApiError(401, 10, 'Unauthorized (bad authentication header type)');
  const pair = decodeBasic(data);
  if (!pair) return new ApiError(401, 21, 'Unauthorized (malformed credentials)');
  const actor = await verifyCredentials(pair[0], pair[1]);
  return (
    actor ?? new ApiError(401, 22, 'Unauthorized (invalid credentials) (failed to locate provided credentials)')
  );
}
