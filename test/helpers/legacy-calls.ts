// Short forms for legacy calls as a given actor over the test server of useLegacyServer():
// the envelope, the data of a successful call, or the code/subcode of a failing one.
import { expect } from 'vitest';
import type { Actor } from '../../src/resolvers/context.ts';
import { callLegacy } from './legacy.ts';

export async function callAs(actor: Actor | null, endpoint: string, body: Record<string, unknown> = {}, version = '2.9') {
  const path = version ? `/v${version}/${endpoint}` : `/${endpoint}`;
  const { json } = await callLegacy(path, { method: 'POST', body, ...(actor ? { auth: { actor } } : {}) });
  return json;
}

/** The `data` of a call that must succeed. */
export async function okAs(actor: Actor | null, endpoint: string, body: Record<string, unknown> = {}, version = '2.9') {
  const json = await callAs(actor, endpoint, body, version);
  expect(json.meta.result_code, `${endpoint}: ${json.meta.result_msg}`).toBe(200);
  return json.data;
}

/** Asserts a call fails with `code`/`subcode`; returns the message. */
export async function expectLegacyError(
  actor: Actor | null,
  endpoint: string,
  body: Record<string, unknown>,
  code: number,
  subcode: number,
  version = '2.9',
) {
  const { meta } = await callAs(actor, endpoint, body, version);
  expect([meta.result_code, meta.result_subcode], meta.result_msg).toEqual([code, subcode]);
  return meta.result_msg;
}
