/**
 * Summary statistics for noisy machines: medians and high percentiles over many samples, never one timing.
 */

/** The q-quantile (0..1) of the samples, nearest-rank on a sorted copy. */
export function quantile(samples, q) {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export const median = (samples) => quantile(samples, 0.5);
export const p99 = (samples) => quantile(samples, 0.99);

/** Rounds for display: 3 significant digits, enough for figures that wobble by percents. */
export function round(value, digits = 3) {
  if (!Number.isFinite(value)) return value;
  if (value === 0) return 0;
  return Number(value.toPrecision(digits));
}

/** Prints rows (objects with the same keys) as an aligned text table. */
export function formatTable(title, rows) {
  if (rows.length === 0) return `${title}\n  (no rows)\n`;
  const columns = Object.keys(rows[0]);
  const cells = rows.map((row) => columns.map((column) => String(row[column] ?? '')));
  const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((line) => line[index].length)));
  const line = (values) => `  ${values.map((value, index) => value.padEnd(widths[index])).join('  ')}`;
  return [title, line(columns), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line), ''].join('\n');
}

/** Nanoseconds since an arbitrary origin, as a Number (fine for deltas under 104 days). */
export const nowNs = () => Number(process.hrtime.bigint());

/** Milliseconds, with sub-millisecond resolution. */
export const nowMs = () => performance.now();

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
