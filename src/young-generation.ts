/**
 * Keeps V8's young generation at its initial size while the server starts, then gives V8 back its own sizing.
 *
 * A start creates megabytes of objects that live as long as the process (the tool definitions' zod schemas, the
 * parsed policy and catalog, the SDK's modules). V8 reads that as a high survival rate and doubles the young
 * generation up to its maximum (2 × 16 MB on 64-bit), which then stays committed: measured after the first
 * tools/list, new_space was 32 MB committed with 2 MB in use (`v8.getHeapSpaceStatistics()`), a third of the idle
 * server's resident memory. With the growth factor at 1 during start those objects are promoted as they survive
 * instead, and the idle server is ~12 MB smaller (`npm run bench -- --only baseline`).
 * `v8.setFlagsFromString` is documented to need care: this flag is read each time the space would grow, and
 * only that decision changes.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's default `--semi-space-growth-factor` (Node 20–24). */
const V8_DEFAULT_GROWTH_FACTOR = 2;

export function holdYoungGeneration(): () => void {
  setFlagsFromString('--semi-space-growth-factor=1');
  return () => setFlagsFromString(`--semi-space-growth-factor=${V8_DEFAULT_GROWTH_FACTOR}`);
}
