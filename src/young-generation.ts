/**
 * Keeps V8's young generation at its initial size while the server starts, then gives V8 back its own sizing.
 *
 * A start creates megabytes of objects that live as long as the process (the tool definitions' zod schemas, the
 * parsed policy and catalog, the SDK's modules). V8 reads that as a high survival rate and doubles the young
 * generation towards its maximum, which then stays committed until V8's memory reducer returns it 10–20 s later:
 * measured after the first tools/list, 16 MB committed with 3 MB in use (`v8.getHeapSpaceStatistics()`). With the
 * growth factor at 1 during start those objects are promoted as they survive instead, and the idle server is
 * ~7 MB smaller right after the first tools/list (README, Performance). `--semi-space-growth-factor` is read each
 * time the space would grow, so setting it at run time changes only that decision.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's default `--semi-space-growth-factor` (Node 20–24). */
const V8_DEFAULT_GROWTH_FACTOR = 2;

/** Holds the growth; the function returned (idempotent) restores V8's default. */
export function holdYoungGeneration(): () => void {
  setFlagsFromString('--semi-space-growth-factor=1');
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    setFlagsFromString(`--semi-space-growth-factor=${V8_DEFAULT_GROWTH_FACTOR}`);
  };
}
