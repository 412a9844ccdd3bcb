// Response compression of the legacy API over a real socket: the SDK (requests) sends
// `Accept-Encoding: gzip, deflate` and inflates transparently, so a big get_all page travels
// gzipped; small answers, and clients that do not ask (or refuse with q=0), get identity.
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { acceptsEncoding, MIN_COMPRESSED_BYTES } from '../../src/http/compress.ts';
import type { Actor } from '../../src/resolvers/context.ts';
import { seedActor, useTestDatabase } from '../helpers/db.ts';
import { callLegacy, useLegacyServer } from '../helpers/legacy.ts';
import { seedTask } from '../helpers/tasks.ts';

useTestDatabase();
useLegacyServer();

let actor: Actor;
beforeAll(async () => {
  actor = await seedActor();
  for (let i = 0; i < 40; i++) await seedTask(actor, { name: `compressed listing ${i}`, comment: 'x'.repeat(50) });
});

const getAll = (acceptEncoding?: string) =>
  callLegacy('/tasks.get_all', {
    method: 'POST',
    body: { name: '^compressed listing', only_fields: ['id', 'name', 'comment', 'status'], order_by: ['name'] },
    auth: { actor },
    headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
  });

describe('legacy response compression', () => {
  it('gzips a large answer for a client that accepts gzip; the inflated body equals the identity one', async () => {
    const plain = await getAll();
    const zipped = await getAll('gzip, deflate');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json.data.tasks).toHaveLength(40);
    expect(plain.wire.length).toBeGreaterThan(MIN_COMPRESSED_BYTES);

    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(zipped.headers['content-length'])).toBe(zipped.wire.length);
    expect(zipped.wire.length).toBeLessThan(plain.wire.length / 3);
    const inflated = JSON.parse(gunzipSync(zipped.wire).toString('utf8'));
    expect(inflated.data).toEqual(plain.json.data);
    expect(inflated.meta.result_code).toBe(200);
  });

  it('sends identity when gzip is refused, not offered, or the answer is small', async () => {
    for (const header of ['gzip;q=0', 'br', 'identity', 'gzip;q=0, *;q=1']) {
      const response = await getAll(header);
      expect(response.headers['content-encoding'], header).toBeUndefined();
      expect(response.json.data.tasks, header).toHaveLength(40);
    }
    const wildcard = await getAll('*');
    expect(wildcard.headers['content-encoding']).toBe('gzip');
    const small = await callLegacy('/debug.ping', { auth: { actor }, headers: { 'accept-encoding': 'gzip' } });
    expect(small.status).toBe(200);
    expect(small.wire.length).toBeLessThan(MIN_COMPRESSED_BYTES);
    expect(small.headers['content-encoding']).toBeUndefined();
    // an error envelope is compressed by the same rule: small, so identity, code intact
    const missing = await callLegacy('/tasks.get_by_id', { method: 'POST', body: {}, auth: { actor }, headers: { 'accept-encoding': 'gzip' } });
    expect(missing.status).toBe(400);
    expect(missing.json.meta.result_subcode).toBe(12);
  });
});

describe('acceptsEncoding', () => {
  it.each([
    ['gzip', true],
    ['GZIP', true],
    ['deflate, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['br;q=1, *;q=0.1', true],
    ['*;q=0', false],
    ['gzip;q=0, *', false],
    ['x-gzip', false],
    ['', false],
  ] as const)('%j accepts gzip: %s', (header, expected) => {
    expect(acceptsEncoding(header, 'gzip')).toBe(expected);
  });
});
