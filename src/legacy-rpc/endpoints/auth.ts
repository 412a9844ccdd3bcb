// Legacy auth.* endpoints (spec §2.2, neighbours B.6.5): login issues a Bearer token (and its
// cookie), logout clears the cookie; the caller's own access keys are created, listed and revoked.
import { createAccessKey, listAccessKeys, revokeAccessKey } from '../../resolvers/auth.ts';
import { DEFAULT_TOKEN_EXPIRATION_SEC, MAX_TOKEN_EXPIRATION_SEC, TOKEN_COOKIE, issueToken } from '../auth.ts';
import { legacyDate } from '../convert.ts';
import { requirePresent } from '../members.ts';
import { ApiError, type EndpointDefinition } from '../types.ts';

/** `expiration_sec`: optional integer, 0 (or absent/null) meaning the default, at most one year. */
function expirationOf(body: Record<string, unknown>): number {
  const value = body.expiration_sec;
  if (value === undefined || value === null) return DEFAULT_TOKEN_EXPIRATION_SEC;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ApiError(
      400,
      12,
      "Validation error (error for field 'expiration_sec'. expected a non-negative integer)",
    );
  }
  if (value > MAX_TOKEN_EXPIRATION_SEC) {
    throw new ApiError(
      400,
      12,
      `Validation error (error for field 'expiration_sec'. must be <= ${MAX_TOKEN_EXPIRATION_SEC})`,
    );
  }
  return value || DEFAULT_TOKEN_EXPIRATION_SEC;
}

export const authEndpoints: EndpointDefinition[] = [
  {
    name: 'auth.login',
    minVersion: '1.0',
    // Basic (normal) or Bearer (a refresh: a new token for the same identity).
    handler: async ({ actor, body }) => {
      const token = await issueToken(actor, { expirationSec: expirationOf(body) });
      return { data: { token }, setCookie: `${TOKEN_COOKIE}=${token}; HttpOnly; Max-Age=99999999999; Path=/` };
    },
  },
  {
    name: 'auth.logout',
    minVersion: '2.2',
    handler: async () => ({
      data: {},
      setCookie: `${TOKEN_COOKIE}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/`,
    }),
  },
  {
    name: 'auth.create_credentials',
    minVersion: '1.0',
    handler: async ({ actor }) => {
      const key = await createAccessKey(actor);
      return { credentials: { access_key: key.accessKey, secret_key: key.secretKey } };
    },
  },
  {
    name: 'auth.get_credentials',
    minVersion: '1.0',
    handler: async ({ actor }) => ({
      credentials: (await listAccessKeys(actor)).map((key) => ({
        access_key: key.accessKey,
        ...(key.lastUsed ? { last_used: legacyDate(key.lastUsed) } : {}),
      })),
    }),
  },
  {
    name: 'auth.revoke_credentials',
    minVersion: '1.0',
    handler: async ({ actor, body }) => {
      requirePresent(body, ['access_key']);
      if (typeof body.access_key !== 'string') {
        throw new ApiError(400, 300, 'Invalid user (invalid user or invalid access key)');
      }
      return revokeAccessKey(actor, body.access_key);
    },
  },
];
