// isoString prints exactly what Date.prototype.toISOString prints: checked at every boundary where
// a digit carries (day, month, year, leap days, centuries), on random instants over the whole
// fast range, across the day cache (alternating days), and outside the fast range.
import { describe, expect, it } from 'vitest';
import { isoString } from '../src/iso-date.ts';

const same = (time: number) => {
  const date = new Date(time);
  expect(isoString(date), `${time}`).toBe(date.toISOString());
};

describe('isoString', () => {
  it('matches toISOString around every day boundary from 1970 to 2100 and at the end of 9999', () => {
    const DAY = 86_400_000;
    let mismatches = 0;
    for (let day = 0; day < 47_482; day++) {
      for (const time of [day * DAY, day * DAY + 1, day * DAY + DAY - 1, day * DAY + 43_199_999]) {
        if (isoString(new Date(time)) !== new Date(time).toISOString()) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    for (const year of [1972, 2000, 2024, 2100, 2400, 9996, 9999]) {
      same(Date.UTC(year, 1, 28, 23, 59, 59, 999));
      same(Date.UTC(year, 1, 29, 0, 0, 0, 0)); // Feb 29, or Mar 1 when not a leap year
      same(Date.UTC(year, 11, 31, 23, 59, 59, 999));
    }
    same(253_402_300_799_999); // 9999-12-31T23:59:59.999Z, the last instant of the fast range
  });

  it('matches toISOString on random instants, alternating between days', () => {
    let mismatches = 0;
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200_000; i++) {
      const time = Math.floor(random() * 253_402_300_800_000);
      const date = new Date(time);
      if (isoString(date) !== date.toISOString()) mismatches++;
    }
    expect(mismatches).toBe(0);
    for (const time of [1_795_000_000_000, 0, 1_795_000_000_000, 1_795_086_400_123, 1_795_000_000_001]) same(time);
  });

  it('hands dates outside the fast range to toISOString, and refuses invalid dates as it does', () => {
    for (const time of [-1, -86_400_000, Date.UTC(-1, 0, 1), 253_402_300_800_000, 8.64e15, -8.64e15]) same(time);
    expect(isoString(new Date(-1))).toBe('1969-12-31T23:59:59.999Z');
    expect(isoString(new Date(253_402_300_800_000))).toBe('+010000-01-01T00:00:00.000Z');
    expect(() => isoString(new Date(Number.NaN))).toThrow(RangeError);
  });
});
