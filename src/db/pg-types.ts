// Value parsers for the read path (readSql on PostgreSQL): the same results as pg's defaults
// (postgres-date for timestamps, postgres-array for text[]), computed without regular
// expressions or per-character string building for the shapes PostgreSQL actually sends in
// its ISO output, and handed back to the defaults for anything else (BC years, years below
// 1000 or above 9999, infinity, quoted array elements). A listing page parses hundreds of these;
// the defaults allocate a match array and substrings for each.
import pg from 'pg';

const TIMESTAMPTZ = 1184;
const TEXT_ARRAY = 1009;

type Parser = (value: string) => unknown;
const defaultParser = pg.types.getTypeParser as (oid: number, format?: 'text' | 'binary') => Parser;
const defaultTimestamptz = defaultParser(TIMESTAMPTZ, 'text');
const defaultTextArray = defaultParser(TEXT_ARRAY, 'text');

const ZERO = 48;
const digit = (value: string, at: number) => value.charCodeAt(at) - ZERO;
const isDigit = (value: string, at: number) => {
  const code = value.charCodeAt(at);
  return code >= ZERO && code <= ZERO + 9;
};
const two = (value: string, at: number) => digit(value, at) * 10 + digit(value, at + 1);

/** Whether `value[from, to)` is all ASCII digits. */
function digitsBetween(value: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigit(value, i)) return false;
  return true;
}

/**
 * `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM[:SS]]` (DateStyle ISO, any session time zone) → Date,
 * exactly as postgres-date computes it (the fraction as 1000 × its decimal value, truncated to
 * whole milliseconds by Date.UTC); other shapes go to postgres-date.
 */
export function parseTimestamptz(value: string): unknown {
  const length = value.length;
  if (
    length < 22 ||
    value.charCodeAt(4) !== 45 || // -
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 32 || // space
    value.charCodeAt(13) !== 58 || // :
    value.charCodeAt(16) !== 58 ||
    !digitsBetween(value, 0, 4) ||
    !digitsBetween(value, 5, 7) ||
    !digitsBetween(value, 8, 10) ||
    !digitsBetween(value, 11, 13) ||
    !digitsBetween(value, 14, 16) ||
    !digitsBetween(value, 17, 19) ||
    value.charCodeAt(0) === ZERO // years below 1000: postgres-date's 0–99 handling
  ) {
    return defaultTimestamptz(value);
  }
  let at = 19;
  let ms = 0;
  if (value.charCodeAt(at) === 46) {
    // .fraction: the integer of its digits over 10^digits is the same double parseFloat gives
    let fraction = 0;
    let scale = 1;
    at++;
    while (at < length && isDigit(value, at) && scale < 1e9) {
      fraction = fraction * 10 + digit(value, at);
      scale *= 10;
      at++;
    }
    if (scale === 1) return defaultTimestamptz(value);
    ms = 1000 * (fraction / scale);
  }
  const sign = value.charCodeAt(at);
  if ((sign !== 43 && sign !== 45) || !digitsBetween(value, at + 1, at + 3)) return defaultTimestamptz(value);
  let offset = two(value, at + 1) * 3600;
  let end = at + 3;
  if (end < length) {
    if (value.charCodeAt(end) !== 58 || !digitsBetween(value, end + 1, end + 3)) return defaultTimestamptz(value);
    offset += two(value, end + 1) * 60;
    end += 3;
    if (end < length) {
      if (value.charCodeAt(end) !== 58 || !digitsBetween(value, end + 1, end + 3)) return defaultTimestamptz(value);
      offset += two(value, end + 1);
      end += 3;
    }
  }
  if (end !== length) return defaultTimestamptz(value);
  const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + two(value, 2);
  const time = Date.UTC(year, two(value, 5) - 1, two(value, 8), two(value, 11), two(value, 14), two(value, 17), ms);
  return new Date(sign === 45 ? time + offset * 1000 : time - offset * 1000);
}

/**
 * A text[] in PostgreSQL's output syntax (`{a,b,c}`) → string[], as postgres-array parses it;
 * arrays with quoted or escaped elements or nested arrays go to postgres-array.
 */
export function parseTextArray(value: string): unknown {
  const length = value.length;
  if (length === 2 && value === '{}') return [];
  if (
    length < 2 ||
    value.charCodeAt(0) !== 123 || // {
    value.charCodeAt(length - 1) !== 125 || // }
    value.includes('"') ||
    value.includes('\\') ||
    value.indexOf('{', 1) !== -1
  ) {
    return defaultTextArray(value);
  }
  const items: (string | null)[] = [];
  let start = 1;
  for (;;) {
    let end = value.indexOf(',', start);
    if (end === -1) end = length - 1;
    const item = value.slice(start, end);
    // unquoted NULL is a null element (a "NULL" string is always quoted, so never reaches here)
    items.push(item === 'NULL' ? null : item);
    if (end === length - 1) return items;
    start = end + 1;
  }
}

/** Text-format parsers by type oid, looked up once per oid (pg asks for every column of every result). */
const textParsers = new Map<number, Parser>([
  [TIMESTAMPTZ, parseTimestamptz],
  [TEXT_ARRAY, parseTextArray],
]);

/** The type parsers of the read path: the fast ones above, pg's defaults for every other type. */
export const readTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format === 'binary') return defaultParser(oid, format);
    let parser = textParsers.get(oid);
    if (!parser) textParsers.set(oid, (parser = defaultParser(oid, 'text')));
    return parser;
  },
};
