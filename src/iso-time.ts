/**
 * `new Date(ms).toISOString()`, for the timestamps of every log line and audit record. V8's own takes about 3 µs
 * on our 2-core machine (a runtime call), twice per tool call in the audit trail alone: a sixth of a policy
 * decision (`node --cpu-prof` of `npm run bench -- --only policy`). The text up to the second is kept and only
 * the milliseconds are written per call; any time outside the four-digit years is left to V8.
 */
let cachedSecond = Number.NaN;
let cachedPrefix = '';

export function isoTime(ms: number): string {
  const whole = Math.floor(ms);
  const second = Math.floor(whole / 1000);
  if (second !== cachedSecond) {
    if (!Number.isFinite(whole)) return new Date(ms).toISOString();
    const text = new Date(second * 1000).toISOString();
    // `2026-12-02T01:33:00.000Z`: 24 characters for years 0000-9999 (others are written ±YYYYYY-...).
    if (text.length !== 24) return new Date(ms).toISOString();
    cachedSecond = second;
    cachedPrefix = text.slice(0, 20);
  }
  const milli = whole - second * 1000;
  return `${cachedPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
