// Compact JWS (JWT) with HS256 only, on node:crypto: what the legacy API's Bearer tokens are.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type JwtPayload = Record<string, unknown>;

/** Why a token was refused; `reason` ends up in the 401/30 message. */
export class JwtError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`invalid jwt token: ${reason}`);
    this.name = 'JwtError';
    this.reason = reason;
  }
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

const signature = (signingInput: string, secret: string | Buffer) =>
  createHmac('sha256', secret).update(signingInput).digest();

/** Signs `payload` as an HS256 JWT. */
export function signJwt(payload: JwtPayload, secret: string | Buffer): string {
  const body = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${signature(body, secret).toString('base64url')}`;
}

/** Decodes a JWT segment (base64url JSON object) or throws JwtError. */
function decodeSegment(segment: string, what: string): JwtPayload {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) throw new JwtError(`malformed ${what}`);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError(`malformed ${what}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new JwtError(`malformed ${what}`);
  return value as JwtPayload;
}

/**
 * The payload of a valid HS256 token. Throws JwtError when the token is malformed, uses another
 * algorithm, has a bad signature (compared in constant time), is expired (`exp` ≤ now) or not yet
 * valid (`nbf` > now). A token without `exp` does not expire.
 */
export function verifyJwt(token: string, secret: string | Buffer, now = Date.now()): JwtPayload {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('not enough segments');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeSegment(headerPart, 'header');
  if (header.alg !== 'HS256') throw new JwtError('unsupported algorithm');
  if (!/^[A-Za-z0-9_-]+$/.test(signaturePart)) throw new JwtError('signature verification failed');
  const expected = signature(`${headerPart}.${payloadPart}`, secret);
  const actual = Buffer.from(signaturePart, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new JwtError('signature verification failed');
  }
  const payload = decodeSegment(payloadPart, 'payload');
  const seconds = now / 1000;
  if (payload.exp !== undefined) {
    if (typeof payload.exp !== 'number') throw new JwtError('expiration time claim must be a number');
    if (payload.exp <= seconds) throw new JwtError('signature has expired');
  }
  if (payload.nbf !== undefined) {
    if (typeof payload.nbf !== 'number') throw new JwtError('not before claim must be a number');
    if (payload.nbf > seconds) throw new JwtError('the token is not yet valid');
  }
  return payload;
}

/** The payload of a token without any verification (what the SDK does to read `api_version`). */
export function decodeJwtUnverified(token: string): JwtPayload {
  const payload = token.split('.')[1];
  if (payload === undefined) throw new JwtError('not enough segments');
  return decodeSegment(payload, 'payload');
}
