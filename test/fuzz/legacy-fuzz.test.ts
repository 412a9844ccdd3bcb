// Property-based robustness of the legacy API: for every registered endpoint, random and mutated
// request bodies (members named in its schema with values of any type, unknown members, non-object
// bodies, broken JSON), any method and version. The server must never answer 5xx, and a call it
// rejects must leave the caller's data exactly as it was; another company's data never changes.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { legacyEndpoints } from '../../src/legacy-rpc/endpoints/index.ts';
import { loadLegacySchemas, type LoadedLegacySchemas } from '../../src/legacy-rpc/schemas.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { fuzzRuns, interestingStrings, jsonValue, seedFuzzTenant, tenantChecksum, type FuzzTenant } from '../helpers/fuzz.ts';
import { callLegacy, useLegacyServer } from '../helpers/legacy.ts';

useTestDatabase();
useLegacyServer();

let schemas: LoadedLegacySchemas;
let tenant: FuzzTenant;
let other: FuzzTenant;
beforeAll(async () => {
  schemas = await loadLegacySchemas();
  tenant = await seedFuzzTenant('fuzzer');
  other = await seedFuzzTenant('bystander');
}, 60_000);

const endpointNames = [...new Set(legacyEndpoints.map((e) => e.name))].sort();

type PropertySchema = { type?: string | string[]; items?: PropertySchema; properties?: Record<string, PropertySchema>; enum?: unknown[] };

/** Values for one schema member: mostly of its declared type (so calls get past validation), sometimes anything. */
function memberArbitrary(schema: PropertySchema | undefined, strings: fc.Arbitrary<string>, any: fc.Arbitrary<unknown>, depth = 0): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema?.type) ? schema!.type[0] : schema?.type;
  let typed: fc.Arbitrary<unknown> | undefined;
  if (schema?.enum?.length) typed = fc.constantFrom(...schema.enum);
  else if (type === 'string') typed = strings;
  else if (type === 'integer') typed = fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constantFrom(0, 100, 10_000, 2 ** 31));
  else if (type === 'number') typed = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 100 }));
  else if (type === 'boolean') typed = fc.boolean();
  else if (type === 'array') typed = fc.array(memberArbitrary(schema?.items ?? { type: 'string' }, strings, any, depth + 1), { maxLength: 4 });
  else if (type === 'object' && schema?.properties && depth < 2) {
    const entries = Object.entries(schema.properties).map(([k, v]) => [k, memberArbitrary(v, strings, any, depth + 1)] as const);
    typed = fc.record(Object.fromEntries(entries), { requiredKeys: [] });
  }
  return typed ? fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: any }) : any;
}

function bodyArbitrary(endpoint: string): fc.Arbitrary<{ body: unknown; raw?: string }> {
  const strings = interestingStrings(tenant, other);
  const value = jsonValue(strings);
  const schema = schemas.requestSchema(endpoint) as { properties?: Record<string, PropertySchema>; required?: string[] } | undefined;
  const properties = schema?.properties ?? { task: { type: 'string' }, id: { type: 'string' } };
  const members = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, memberArbitrary(v, strings, value)]));
  const known = fc.record(members, { requiredKeys: [] });
  const complete = fc.record(members, { requiredKeys: Object.keys(properties).filter((k) => /^(task|tasks|id|ids|queue|model|project|worker|name)$/.test(k) || schema?.required?.includes(k)) });
  const withStray = fc.tuple(known, fc.dictionary(strings, value, { maxKeys: 2 })).map(([a, b]) => ({ ...b, ...a }));
  return fc.oneof(
    { weight: 5, arbitrary: complete.map((body) => ({ body })) },
    { weight: 3, arbitrary: known.map((body) => ({ body })) },
    { weight: 1, arbitrary: withStray.map((body) => ({ body })) },
    { weight: 1, arbitrary: value.map((body) => ({ body })) }, // arrays, strings, null...
    {
      weight: 1,
      arbitrary: fc.constantFrom('{', '{"task": }', '[1,', 'null', '"x"', '{"a":1}\n{"b":', '\u0000', '{"only_fields": [""]}').map((raw) => ({
        body: undefined,
        raw,
      })),
    },
  );
}

/** Replies per status code over the whole run: the fuzzing must reach success paths too. */
const statuses = new Map<number, number>();

const versions = fc.constantFrom('', '/v1.0', '/v2.1', '/v2.4', '/v2.8', '/v2.9', '/v2.13', '/v999.0');
const methods = fc.constantFrom('POST', 'GET', 'PUT');

describe('legacy API under random input', () => {
  it('has endpoints to fuzz', () => {
    expect(endpointNames.length).toBeGreaterThan(40);
  });

  it.each(endpointNames)('%s: no 5xx, rejected calls change nothing', async (endpoint) => {
    const auth = { actor: tenant.actor };
    const bystander = await tenantChecksum(other.actor.companyId);
    await fc.assert(
      fc.asyncProperty(bodyArbitrary(endpoint), versions, methods, async ({ body, raw }, version, method) => {
        const before = await tenantChecksum(tenant.actor.companyId);
        const reply = await callLegacy(`${version}/${endpoint}`, {
          method,
          auth,
          body: raw ?? body,
          headers: raw !== undefined ? { 'content-type': 'application/json' } : {},
        });
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        expect(reply.status, `${method} ${version}/${endpoint} ${raw ?? JSON.stringify(body)} → ${reply.text.slice(0, 400)}`).toBeLessThan(500);
        if (reply.status !== 200) {
          expect(await tenantChecksum(tenant.actor.companyId), `rejected ${endpoint} ${raw ?? JSON.stringify(body)} wrote data`).toBe(before);
        }
      }),
      { numRuns: fuzzRuns(25), endOnFailure: true },
    );
    expect(await tenantChecksum(other.actor.companyId)).toBe(bystander);
  }, 300_000);

  it('reached success paths as well as rejections', () => {
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(endpointNames.length * Math.min(fuzzRuns(25), 10));
    expect(statuses.get(200) ?? 0).toBeGreaterThan(total * 0.05);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(total * 0.2);
  });
});
