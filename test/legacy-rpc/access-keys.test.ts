// Key management (issue: one identity for both APIs): users create, list and revoke their own access
// keys through the legacy auth.* calls and GraphQL; admins manage their company's keys; secrets are
// shown once and stored only hashed; a revoked pair stops working at once.
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { executeAs } from '../helpers/graphql.ts';
import { callLegacy, credentialsFor, useLegacyServer } from '../helpers/legacy.ts';

useTestDatabase();
useLegacyServer();

describe('legacy auth.*_credentials', () => {
  it('creates a pair shown once, lists keys without secrets, revokes a key so it stops working', async () => {
    const actor = await seedActor({ userName: 'keyholder' });
    const first = await credentialsFor(actor);
    const created = await callLegacy('/v2.9/auth.create_credentials', { auth: { basic: first }, body: {} });
    expect(created.status).toBe(200);
    const { access_key: accessKey, secret_key: secretKey } = created.json.data.credentials;
    expect(accessKey).toMatch(/^[A-Z0-9]{20,}$/);
    expect(secretKey.length).toBeGreaterThanOrEqual(40);
    // stored hashed only
    const row = await db.credential.findUniqueOrThrow({ where: { accessKey } });
    expect(row.secretHash).not.toContain(secretKey);
    expect(row.secretHash).toMatch(/^scrypt\$/);
    // the new pair works (and gets a last_used stamp)
    const login = await callLegacy('/auth.login', { auth: { basic: [accessKey, secretKey] } });
    expect(login.status).toBe(200);

    const listed = await callLegacy('/v2.9/auth.get_credentials', { auth: { basic: first }, body: {} });
    expect(listed.status).toBe(200);
    const keys = listed.json.data.credentials as { access_key: string; last_used?: string }[];
    expect(keys.map((k) => k.access_key).sort()).toEqual([first[0], accessKey].sort());
    expect(keys.find((k) => k.access_key === accessKey)!.last_used).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.stringify(listed.json.data)).not.toContain(secretKey);

    const revoked = await callLegacy('/v2.9/auth.revoke_credentials', { auth: { basic: first }, body: { access_key: accessKey } });
    expect(revoked.json.data).toEqual({ revoked: 1 });
    const refused = await callLegacy('/auth.login', { auth: { basic: [accessKey, secretKey] } });
    expect(refused.status).toBe(401);
    expect(refused.json.meta.result_subcode).toBe(22);
  });

  it('reports unknown keys and keys of others as invalid (400/300), and a missing key as 400/11', async () => {
    const alice = await seedActor({ userName: 'alice' });
    const bob = await seedActor({ userName: 'bob' }); // another company
    const alicePair = await credentialsFor(alice);
    const bobPair = await credentialsFor(bob);
    for (const key of ['NOSUCHKEY', bobPair[0]]) {
      const result = await callLegacy('/auth.revoke_credentials', { auth: { basic: alicePair }, body: { access_key: key } });
      expect(result.status).toBe(400);
      expect(result.json.meta.result_subcode).toBe(300);
    }
    // bob's key still works
    expect((await callLegacy('/auth.login', { auth: { basic: bobPair } })).status).toBe(200);
    const missing = await callLegacy('/auth.revoke_credentials', { auth: { basic: alicePair }, body: {} });
    expect([missing.status, missing.json.meta.result_subcode]).toEqual([400, 11]);
  });
});

const KEYS = `query($userId: ID, $all: Boolean) {
  accessKeys(userId: $userId, allUsers: $all) {
    ... on QueryAccessKeysSuccess { data { accessKey userId lastUsed } }
    ... on Error { code message }
  }
}`;
const CREATE = `mutation($userId: ID) {
  createAccessKey(userId: $userId) {
    ... on MutationCreateAccessKeySuccess { data { accessKey secretKey userId } }
    ... on Error { code }
  }
}`;
const REVOKE = `mutation($key: String!) {
  revokeAccessKey(accessKey: $key) { ... on MutationRevokeAccessKeySuccess { data } ... on Error { code } }
}`;

describe('GraphQL access keys', () => {
  it('lets users manage their own keys and admins their company keys, nobody else', async () => {
    const admin = await seedActor({ userName: 'admin', role: 'admin' });
    const member = await seedActor({ companyId: admin.companyId, userName: 'member' });
    const outsider = await seedActor({ userName: 'outsider', role: 'admin' });

    const own = await executeAs<any, any>(member, CREATE, {});
    expect(own.data.createAccessKey.data.userId).toBe(member.userId);
    const forMember = await executeAs<any, any>(admin, CREATE, { userId: member.userId });
    expect(forMember.data.createAccessKey.data).toMatchObject({ userId: member.userId });

    const memberKeys = await executeAs<any, any>(member, KEYS, {});
    expect(memberKeys.data.accessKeys.data.map((k: any) => k.accessKey).sort()).toEqual(
      [own.data.createAccessKey.data.accessKey, forMember.data.createAccessKey.data.accessKey].sort(),
    );
    expect(JSON.stringify(memberKeys.data)).not.toContain(own.data.createAccessKey.data.secretKey);

    // a member may not manage others; an admin of another company cannot see this company's users
    expect((await executeAs<any, any>(member, CREATE, { userId: admin.userId })).data.createAccessKey.code).toBe('NOT_ALLOWED');
    expect((await executeAs<any, any>(member, KEYS, { all: true })).data.accessKeys.code).toBe('NOT_ALLOWED');
    expect((await executeAs<any, any>(outsider, CREATE, { userId: member.userId })).data.createAccessKey.code).toBe('INVALID_INPUT');
    expect((await executeAs<any, any>(outsider, REVOKE, { key: own.data.createAccessKey.data.accessKey })).data.revokeAccessKey.code).toBe(
      'ACCESS_KEY_NOT_FOUND',
    );

    const all = await executeAs<any, any>(admin, KEYS, { all: true });
    expect(all.data.accessKeys.data.filter((k: any) => k.userId === member.userId)).toHaveLength(2);

    // the admin revokes the member's key; the member revokes their own
    expect((await executeAs<any, any>(admin, REVOKE, { key: forMember.data.createAccessKey.data.accessKey })).data.revokeAccessKey.data).toBe(true);
    expect((await executeAs<any, any>(member, REVOKE, { key: own.data.createAccessKey.data.accessKey })).data.revokeAccessKey.data).toBe(true);
    expect((await executeAs<any, any>(member, KEYS, {})).data.accessKeys.data).toEqual([]);
    const pair = [own.data.createAccessKey.data.accessKey, own.data.createAccessKey.data.secretKey] as const;
    expect((await callLegacy('/auth.login', { auth: { basic: pair } })).status).toBe(401);
  });
});
