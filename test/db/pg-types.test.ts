// The read path's value parsers give exactly what pg's default parsers give: every timestamp
// fraction and time-zone shape PostgreSQL prints, text arrays of every quoting case, checked
// against the defaults and against values round-tripped through a real PostgreSQL server.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseTextArray, parseTimestamptz, readTypes } from '../../src/db/pg-types.ts';

const defaultParser = pg.types.getTypeParser as (oid: number, format: 'text') => (value: string) => unknown;
const defaultTimestamptz = defaultParser(1184, 'text');
const defaultTextArray = defaultParser(1009, 'text');

const asTime = (value: unknown) => (value instanceof Date ? value.getTime() : value);

describe('parseTimestamptz', () => {
  it('matches postgres-date for every microsecond fraction', () => {
    const mismatches: string[] = [];
    for (let micros = 0; micros < 1_000_000; micros++) {
      const fraction = String(micros).padStart(6, '0').replace(/0+$/, '');
      const text = `2026-11-27 07:08:09${fraction ? `.${fraction}` : ''}+00`;
      if (asTime(parseTimestamptz(text)) !== asTime(defaultTimestamptz(text))) mismatches.push(text);
    }
    expect(mismatches).toEqual([]);
  });

  it('matches postgres-date for time zones, odd years, infinity and malformed text', () => {
    const samples = [
      '2026-01-31 23:59:59.999999+00',
      '2026-01-31 23:59:59+05:30',
      '2026-01-31 23:59:59.5-08',
      '2026-06-01 00:00:00.123-03:30',
      '1901-12-13 20:45:52+00:19:32',
      '2024-02-29 12:00:00.000001+14',
      '1000-01-01 00:00:00+00',
      '0099-01-01 00:00:00+00',
      '0001-01-01 00:00:00+00 BC',
      '12345-01-01 00:00:00+00',
      'infinity',
      '-infinity',
      '2026-11-27',
      '2026-11-27 07:08:09',
      '2026-11-27 07:08:09.+00',
      '2026-11-27 07:08:09.12+0',
      '2026-11-27 07:08:09.12+00:3',
      '2026-11-27 07:08:09.12+00:30x',
      'garbage',
    ];
    for (const text of samples) expect(asTime(parseTimestamptz(text)), text).toEqual(asTime(defaultTimestamptz(text)));
  });
});

describe('parseTextArray', () => {
  it('matches postgres-array for plain, empty, null, quoted, escaped and nested arrays', () => {
    const samples = [
      '{}',
      '{a}',
      '{a,b,c}',
      '{NULL}',
      '{a,NULL,b}',
      '{"NULL"}',
      '{"",a}',
      '{"a b","c,d"}',
      '{"quote \\" inside","back\\\\slash"}',
      '{{a,b},{c,d}}',
      '{ünïcødé,日本語}',
      '{x-y:z,1.5e3}',
    ];
    for (const text of samples) expect(parseTextArray(text), text).toEqual(defaultTextArray(text));
  });
});

describe('readTypes', () => {
  it('hands pg the fast parsers for timestamptz and text[], and pg\'s own for everything else', () => {
    expect(readTypes.getTypeParser(1184, 'text')).toBe(parseTimestamptz);
    expect(readTypes.getTypeParser(1009)).toBe(parseTextArray);
    for (const oid of [16, 20, 23, 25, 114, 700, 1082, 1114, 3802, 99_999]) {
      expect(readTypes.getTypeParser(oid, 'text'), `oid ${oid}`).toBe(pg.types.getTypeParser(oid, 'text'));
      expect(readTypes.getTypeParser(oid, 'text'), `oid ${oid}, again`).toBe(pg.types.getTypeParser(oid, 'text'));
    }
    expect(readTypes.getTypeParser(1184, 'binary')).toBe(pg.types.getTypeParser(1184, 'binary'));
  });
});

describe('read path types on PostgreSQL', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
  });
  afterAll(() => pool.end());

  it('parse what the server sends as the defaults do, in several session time zones', async () => {
    const sql = `SELECT
        ARRAY['2026-11-27 07:08:09.123456+00', '2026-03-29 01:30:00.000001+00', '1999-12-31 23:59:59.9995+00', '0044-03-15 12:00:00+00',
              '4713-01-01 00:00:00+00 BC', 'infinity', '-infinity']::timestamptz[] AS stamps,
        '2026-07-01 22:45:01.000999+00'::timestamptz AS now,
        '2026-03-29 01:30:00.654321+00'::timestamptz AS fractional,
        ARRAY['plain', '', NULL, 'NULL', 'with space', 'com,ma', 'quo"te', 'back\\slash', '{brace}']::text[] AS tags,
        ARRAY[]::text[] AS none`;
    for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Europe/Amsterdam']) {
      const client = await pool.connect();
      try {
        await client.query(`SET TIME ZONE '${zone}'`);
        const fast = (await client.query({ text: sql, types: readTypes })).rows[0];
        const slow = (await client.query({ text: sql })).rows[0];
        const text = (await client.query({ text: `SELECT now::text AS now, fractional::text AS fractional FROM (${sql}) s` })).rows[0];
        expect(text.fractional, zone).toMatch(/\.654321[+-]/); // the server sends microseconds
        expect(fast.now).toBeInstanceOf(Date);
        if (zone !== 'UTC') expect(text.now, zone).not.toMatch(/\+00$/); // printed in the session's zone

        expect(fast.now.getTime(), zone).toBe(slow.now.getTime());
        expect(fast.fractional.getTime(), zone).toBe(Date.UTC(2026, 2, 29, 1, 30, 0, 654));
        expect(fast.tags, zone).toEqual(slow.tags);
        expect(fast.tags).toEqual(['plain', '', null, 'NULL', 'with space', 'com,ma', 'quo"te', 'back\\slash', '{brace}']);
        expect(fast.none).toEqual([]);
        // the timestamp array (oid 1185) keeps pg's own parser
        expect(fast.stamps.map(asTime), zone).toEqual(slow.stamps.map(asTime));
      } finally {
        client.release();
      }
    }
  });
});
