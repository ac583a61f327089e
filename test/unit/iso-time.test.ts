import { describe, expect, it } from 'vitest';
import { isoTime } from '../../src/iso-time.js';

describe('isoTime', () => {
  it('writes what Date#toISOString writes, across second, minute, day and year boundaries', () => {
    const starts = [Date.UTC(2026, 11, 31, 23, 59, 58, 990), Date.UTC(1969, 11, 31, 23, 59, 59, 0), 0, Date.UTC(2000, 1, 29, 12, 0, 0, 0)];
    for (const start of starts) {
      for (let ms = start; ms < start + 2_500; ms += 7) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
    for (const ms of [Date.UTC(2026, 0, 1, 0, 0, 0, 5), Date.UTC(2026, 0, 1, 0, 0, 0, 50), Date.UTC(2026, 0, 1, 0, 0, 0, 999)]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('truncates fractional milliseconds as Date does', () => {
    expect(isoTime(1_700_000_000_123.9)).toBe(new Date(1_700_000_000_123.9).toISOString());
  });

  it('leaves times outside four-digit years, and invalid ones, to Date', () => {
    const far = Date.UTC(12_000, 0, 1);
    expect(isoTime(far)).toBe(new Date(far).toISOString());
    expect(isoTime(Date.UTC(2026, 0, 1, 0, 0, 1))).toBe('2026-01-01T00:00:01.000Z');
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
