// Calls legacy tasks.* handlers directly (no HTTP), as the router would after validation.
import { expect } from 'vitest';
import { legacyCodeOf } from '../../src/legacy-rpc/error-codes.ts';
import { taskEndpoints } from '../../src/legacy-rpc/endpoints/tasks.ts';
import { ApiError, type LegacyCall } from '../../src/legacy-rpc/types.ts';
import type { Actor } from '../../src/resolvers/context.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = Record<string, any>;

const handlers = new Map(taskEndpoints.map((e) => [e.name, e.handler]));

/** Runs `tasks.<action>` and checks the reply is plain JSON (no Date, BigInt or undefined). */
export async function call(
  actor: Actor,
  action: string,
  body: Record<string, unknown>,
  version = '2.9',
  batch: Record<string, unknown>[] = [body],
): Promise<Doc> {
  const endpoint = `tasks.${action}`;
  const request: LegacyCall = { endpoint, version, actor, body, batch, headers: {} };
  const result = (await handlers.get(endpoint)!(request)) as Doc;
  expect(JSON.parse(JSON.stringify(result))).toStrictEqual(result);
  return result;
}

/** The legacy [code, subcode] a call fails with (what the router would answer), or 'ok'. */
export async function failure(promise: Promise<unknown>): Promise<readonly [number, number] | 'ok'> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof ApiError ? [error.code, error.subcode] : legacyCodeOf(error);
  }
}
