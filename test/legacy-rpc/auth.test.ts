// Legacy authentication (spec §2, conformance item 3): Basic pairs, Bearer tokens, the token
// cookie, auth.login / auth.logout, and how credentials are stored.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_TOKEN_EXPIRATION_SEC, tokenClaims, tokenSecret } from '../../src/legacy-rpc/auth.ts';
import { decodeJwtUnverified, signJwt, verifyJwt } from '../../src/legacy-rpc/jwt.ts';
import type { EndpointDefinition } from '../../src/legacy-rpc/types.ts';
import { db } from '../../src/db.ts';
import { DEFAULT_CREDENTIALS, ensureDefaultCredentials, verifyCredentials } from '../../src/resolvers/auth.ts';
import { DEFAULT_COMPANY, DEFAULT_USER } from '../../src/resolvers/bootstrap.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { basicAuthorization, callLegacy, credentialsFor, useLegacyServer } from '../helpers/legacy.ts';
import { startServer } from '../helpers/server-process.ts';

const whoami: EndpointDefinition = {
  name: 'tests.whoami',
  minVersion: '1.0',
  handler: async ({ actor }) => ({ actor }),
};

useTestDatabase();
useLegacyServer({ endpoints: [whoami] });

const defaultPair = [DEFAULT_CREDENTIALS.accessKey, DEFAULT_CREDENTIALS.secretKey] as const;
let actor: Actor;
let pair: readonly [string, string];
beforeAll(async () => {
  await ensureDefaultCredentials();
  actor = await seedActor({ userName: 'alice' });
  pair = await credentialsFor(actor);
});

const codes = (json: { meta: { result_code: number; result_subcode: number } }) => [
  json.meta.result_code,
  json.meta.result_subcode,
];

describe('failures (item 3)', () => {
  it('no Authorization header and no cookie ⇒ 401/20', async () => {
    const { status, json } = await callLegacy('/auth.login');
    expect(status).toBe(401);
    expect(codes(json)).toEqual([401, 20]);
    expect(json.meta.result_msg).toBe('Unauthorized (missing credentials)');
  });

  it('another scheme ⇒ 401/10', async () => {
    const { json } = await callLegacy('/tests.whoami', { headers: { authorization: 'Token x' } });
    expect(codes(json)).toEqual([401, 10]);
  });

  it('a wrong secret or an unknown key ⇒ 401/22', async () => {
    const wrongSecret = await callLegacy('/auth.login', { auth: { basic: [pair[0], `${pair[1]}x`] } });
    expect(codes(wrongSecret.json)).toEqual([401, 22]);
    const unknownKey = await callLegacy('/auth.login', { auth: { basic: ['NOSUCHKEY', pair[1]] } });
    expect(codes(unknownKey.json)).toEqual([401, 22]);
  });

  it('undecodable Basic data ⇒ 401/21', async () => {
    for (const authorization of ['Basic !!!not-base64', 'Basic abc', `Basic ${Buffer.from('no-colon').toString('base64')}`]) {
      const { json } = await callLegacy('/tests.whoami', { headers: { authorization } });
      expect(codes(json), authorization).toEqual([401, 21]);
    }
  });

  it('a garbage, tampered, foreign, unsigned or expired Bearer token ⇒ 401/30', async () => {
    const secret = await tokenSecret();
    const valid = signJwt(tokenClaims(actor), secret);
    const [header, payload, signature] = valid.split('.') as [string, string, string];
    const otherPayload = Buffer.from(JSON.stringify({ ...tokenClaims(actor), identity: { user: 'x', company: 'y', role: 'root' } })).toString('base64url');
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    const expired = signJwt(tokenClaims(actor, { now: Date.now() - 3_600_000, expirationSec: 60 }), secret);
    const noIdentity = signJwt({ exp: Math.floor(Date.now() / 1000) + 60 }, secret);
    for (const token of [
      'garbage',
      `${header}.${otherPayload}.${signature}`,
      signJwt(tokenClaims(actor), 'another secret'),
      unsigned,
      expired,
      noIdentity,
    ]) {
      const { status, json } = await callLegacy('/tests.whoami', { auth: { bearer: token } });
      expect(status).toBe(401);
      expect(codes(json)).toEqual([401, 30]);
      expect(json.meta.result_msg).toMatch(/^Invalid token \(invalid jwt token\): reason=/);
    }
    const { json } = await callLegacy('/tests.whoami', { auth: { bearer: expired } });
    expect(json.meta.result_msg).toMatch(/expired/);
  });
});

describe('auth.login', () => {
  it('with the SDK default pair: a token carrying identity and api_version "2.9", and its cookie', async () => {
    const { status, headers, json } = await callLegacy('/auth.login', { auth: { basic: defaultPair }, body: {} });
    expect(status).toBe(200);
    expect(json.meta.endpoint).toEqual({ name: 'auth.login', requested_version: '2.9', actual_version: '1.0' });
    const token = json.data.token as string;
    const claims = decodeJwtUnverified(token);
    expect(claims).toMatchObject({
      identity: {
        user: DEFAULT_USER.id,
        company: DEFAULT_COMPANY.id,
        role: 'user',
        user_name: DEFAULT_USER.name,
        company_name: DEFAULT_COMPANY.name,
      },
      auth_type: 'Bearer',
      api_version: '2.9',
      server_version: '0.16.1',
      server_build: '',
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(DEFAULT_TOKEN_EXPIRATION_SEC);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(headers['set-cookie']).toEqual([`trains_token_basic=${token}; HttpOnly; Max-Age=99999999999; Path=/`]);
  });

  it('the token authenticates later calls as the same actor', async () => {
    const login = await callLegacy('/auth.login', { auth: { basic: pair } });
    const { json } = await callLegacy('/v2.9/tests.whoami', { auth: { bearer: login.json.data.token } });
    expect(json.data.actor).toEqual({ ...actor, companyName: expect.any(String) });
  });

  it('expiration_sec sets the lifetime (also from the query string); above one year ⇒ 400/12', async () => {
    const short = await callLegacy('/auth.login', { auth: { basic: pair }, body: { expiration_sec: 3600 } });
    const claims = decodeJwtUnverified(short.json.data.token);
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
    const fromQuery = await callLegacy('/auth.login?expiration_sec=60', { auth: { basic: pair } });
    const queryClaims = decodeJwtUnverified(fromQuery.json.data.token);
    expect((queryClaims.exp as number) - (queryClaims.iat as number)).toBe(60);
    for (const expiration_sec of [31536001, 'soon', -1]) {
      const { status, json } = await callLegacy('/auth.login', { auth: { basic: pair }, body: { expiration_sec } });
      expect(status, String(expiration_sec)).toBe(400);
      expect(codes(json)).toEqual([400, 12]);
    }
    const max = await callLegacy('/auth.login', { auth: { basic: pair }, body: { expiration_sec: 31536000 } });
    expect(max.status).toBe(200);
  });

  it('with a Bearer token it refreshes: a new token for the same identity', async () => {
    const first = await callLegacy('/auth.login', { auth: { basic: pair }, body: { expiration_sec: 60 } });
    const refreshed = await callLegacy('/auth.login', { auth: { bearer: first.json.data.token } });
    const claims = decodeJwtUnverified(refreshed.json.data.token);
    expect(claims.identity).toMatchObject({ user: actor.userId, company: actor.companyId, user_name: 'alice' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(DEFAULT_TOKEN_EXPIRATION_SEC);
  });
});

describe('carriers', () => {
  it('the trains_token_basic cookie alone authenticates', async () => {
    const login = await callLegacy('/auth.login', { auth: { basic: pair } });
    const cookie = `other=1; trains_token_basic=${login.json.data.token}`;
    const { status, json } = await callLegacy('/tests.whoami', { headers: { cookie } });
    expect(status).toBe(200);
    expect(json.data.actor.userId).toBe(actor.userId);
  });

  it('an Authorization header overrides the cookie', async () => {
    const login = await callLegacy('/auth.login', { auth: { basic: pair } });
    const { json } = await callLegacy('/tests.whoami', {
      headers: { cookie: `trains_token_basic=${login.json.data.token}`, authorization: 'Bearer garbage' },
    });
    expect(codes(json)).toEqual([401, 30]);
  });

  it('Basic is accepted on any endpoint, and records last use', async () => {
    const before = await db.credential.findUniqueOrThrow({ where: { accessKey: pair[0] } });
    const { json } = await callLegacy('/v2.9/tests.whoami', { auth: { basic: pair } });
    expect(json.data.actor).toMatchObject({ userId: actor.userId, companyId: actor.companyId, userName: 'alice' });
    const after = await db.credential.findUniqueOrThrow({ where: { accessKey: pair[0] } });
    expect(after.lastUsed).not.toBeNull();
    expect(after.lastUsed!.getTime()).toBeGreaterThanOrEqual(before.lastUsed?.getTime() ?? 0);
  });

  it('the scheme name is case-insensitive and Basic data is latin-1', async () => {
    const { json } = await callLegacy('/tests.whoami', { headers: { authorization: basicAuthorization(...pair).replace('Basic', 'basic') } });
    expect(json.data.actor.userId).toBe(actor.userId);
  });
});

describe('auth.logout', () => {
  it('clears the cookie and returns {}', async () => {
    const { status, headers, json } = await callLegacy('/v2.2/auth.logout', { auth: { actor } });
    expect(status).toBe(200);
    expect(json.data).toEqual({});
    expect(headers['set-cookie']?.[0]).toMatch(/^trains_token_basic=; .*Max-Age=0/);
  });
});

describe('credential storage', () => {
  it('stores only a salted scrypt hash: the secret is nowhere in the table', async () => {
    const other = await seedActor();
    const [accessKey, secretKey] = await credentialsFor(other);
    expect(accessKey).toMatch(/^[A-Z0-9]{30}$/);
    expect(secretKey.length).toBeGreaterThanOrEqual(50);
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM credential');
    expect(JSON.stringify(rows)).not.toContain(secretKey);
    const row = await db.credential.findUniqueOrThrow({ where: { accessKey } });
    expect(row.secretHash).toMatch(/^scrypt\$/);
    expect(row).toMatchObject({ userId: other.userId, companyId: other.companyId });
    const defaultRow = await db.credential.findUniqueOrThrow({ where: { accessKey: DEFAULT_CREDENTIALS.accessKey } });
    expect(defaultRow.secretHash).not.toContain(DEFAULT_CREDENTIALS.secretKey);
    // Same secret, different salt ⇒ different hashes.
    const [key2] = await credentialsFor(other);
    expect((await db.credential.findUniqueOrThrow({ where: { accessKey: key2 } })).secretHash).not.toBe(row.secretHash);
  });

  it('verifyCredentials returns the actor with names, or null', async () => {
    expect(await verifyCredentials(pair[0], pair[1])).toMatchObject({ ...actor, companyName: expect.any(String) });
    expect(await verifyCredentials(pair[0], 'wrong')).toBeNull();
    expect(await verifyCredentials('UNKNOWN', pair[1])).toBeNull();
  });

  it('ensureDefaultCredentials is idempotent', async () => {
    await ensureDefaultCredentials();
    await ensureDefaultCredentials();
    expect(await db.credential.count({ where: { accessKey: DEFAULT_CREDENTIALS.accessKey } })).toBe(1);
  });

  it('the token secret is created once in the database; TOKEN_SECRET overrides it', async () => {
    const secret = await tokenSecret();
    const row = await db.serverSetting.findUniqueOrThrow({ where: { key: 'token_secret' } });
    expect(row.value).toBe(secret);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    process.env.TOKEN_SECRET = 'from-env';
    try {
      expect(await tokenSecret()).toBe('from-env');
    } finally {
      delete process.env.TOKEN_SECRET;
    }
  });
});

describe('jwt', () => {
  it('round-trips and refuses tampering', () => {
    const token = signJwt({ a: 1, exp: Math.floor(Date.now() / 1000) + 10 }, 's');
    expect(verifyJwt(token, 's')).toMatchObject({ a: 1 });
    expect(() => verifyJwt(token, 't')).toThrow(/signature/);
    expect(() => verifyJwt(token, 's', Date.now() + 20_000)).toThrow(/expired/);
    expect(() => verifyJwt('a.b', 's')).toThrow(/segments/);
  });
});

describe('npm run create-key', () => {
  it('creates the user and a working pair, printing the secret once', async () => {
    const userId = `key-user-${Date.now()}`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/create-key.ts', '--user', userId, '--name', 'Key User'],
      { env: { ...process.env, DATABASE_URL: inject('databaseUrl') } },
    );
    const accessKey = /access_key: (\S+)/.exec(stdout)![1]!;
    const secretKey = /secret_key: (\S+)/.exec(stdout)![1]!;
    const { json } = await callLegacy('/tests.whoami', { auth: { basic: [accessKey, secretKey] } });
    expect(json.data.actor).toMatchObject({ userId, userName: 'Key User', companyId: DEFAULT_COMPANY.id });
  });
});

describe('the server (src/server.ts)', () => {
  it('serves the legacy API next to GraphQL: SDK-style login, then a Bearer call', async () => {
    const server = await startServer({ DATABASE_URL: inject('databaseUrl'), SEED_DEFAULT_CREDENTIALS: '1' });
    try {
      const login = await callLegacy('/auth.login', { baseUrl: server.url, auth: { basic: defaultPair }, body: {} });
      expect(login.status).toBe(200);
      expect(decodeJwtUnverified(login.json.data.token).api_version).toBe('2.9');
      const logout = await callLegacy('/v2.9/auth.logout', { baseUrl: server.url, auth: { bearer: login.json.data.token } });
      expect(logout.status).toBe(200);
      // Another process on the same database accepts the token: the secret lives in the database.
      const elsewhere = await callLegacy('/tests.whoami', { auth: { bearer: login.json.data.token } });
      expect(elsewhere.json.data.actor).toMatchObject({ userId: DEFAULT_USER.id, companyId: DEFAULT_COMPANY.id });
      const missing = await callLegacy('/v2.9/tasks.nope', { baseUrl: server.url });
      expect(missing.status).toBe(404);
      // GraphQL takes the same credentials: the token, the key pair; nothing ⇒ 401.
      const graphql = (headers: Record<string, string>) =>
        fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: '{ __typename }' }),
        });
      const withToken = await graphql({ authorization: `Bearer ${login.json.data.token}` });
      expect(await withToken.json()).toEqual({ data: { __typename: 'Query' } });
      const basic = Buffer.from(`${defaultPair[0]}:${defaultPair[1]}`).toString('base64');
      expect(await (await graphql({ authorization: `Basic ${basic}` })).json()).toEqual({ data: { __typename: 'Query' } });
      const anonymous = await graphql({});
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
      const forged = await graphql({ authorization: `Bearer ${login.json.data.token.slice(0, -4)}AAAA` });
      expect(forged.status).toBe(401);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
