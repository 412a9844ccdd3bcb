// X-Trains-Impersonate-As / X-Trains-Act-As (legacy spec §1.4): who may act for whom, and the
// 400/5 and 400/6 answers.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/resolvers/context.ts';
import type { EndpointDefinition } from '../../src/legacy-rpc/types.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { callLegacy, credentialsFor, useLegacyServer } from '../helpers/legacy.ts';

const whoami: EndpointDefinition = {
  name: 'tests.whoami',
  minVersion: '1.0',
  handler: async ({ actor }) => ({ ...actor }),
};

useTestDatabase();
useLegacyServer({ endpoints: [whoami] });

let admin: Actor;
let user: Actor;
let plain: Actor;
let stranger: Actor;

beforeAll(async () => {
  admin = await seedActor({ role: 'admin', userName: 'the admin' });
  user = await seedActor({ companyId: admin.companyId, role: 'user', userName: 'bob' });
  plain = await seedActor({ companyId: admin.companyId, role: 'user', userName: 'carol' });
  stranger = await seedActor({ role: 'user' });
});

const as = async (caller: Actor, headers: Record<string, string>) =>
  callLegacy('/tests.whoami', { body: {}, headers, auth: { basic: await credentialsFor(caller) } });

describe('impersonation headers', () => {
  it('an admin impersonating a user of its company takes that identity and role', async () => {
    const { json } = await as(admin, { 'X-Trains-Impersonate-As': user.userId });
    expect(json.meta.result_code).toBe(200);
    expect(json.data).toMatchObject({ userId: user.userId, companyId: user.companyId, role: 'user', userName: 'bob' });
  });

  it('act-as keeps the caller role', async () => {
    const { json } = await as(admin, { 'X-Trains-Act-As': user.userId });
    expect(json.data).toMatchObject({ userId: user.userId, role: 'admin' });
  });

  it.each([
    ['both headers', () => ({ 'X-Trains-Impersonate-As': user.userId, 'X-Trains-Act-As': user.userId }), () => admin, [400, 5]],
    ['a plain user impersonating', () => ({ 'X-Trains-Impersonate-As': user.userId }), () => plain, [400, 6]],
    ['an unknown user', () => ({ 'X-Trains-Act-As': 'nobody-here' }), () => admin, [400, 6]],
    ["an admin reaching another company's user", () => ({ 'X-Trains-Impersonate-As': stranger.userId }), () => admin, [400, 6]],
  ] as const)('%s ⇒ %j', async (_name, headers, caller, expected) => {
    const { status, json } = await as(caller(), headers());
    expect([json.meta.result_code, json.meta.result_subcode]).toEqual(expected);
    expect(status).toBe(expected[0]);
  });
});
