/**
 * A fresh simulator for every test of the enclosing `describe`, closed after it, so no test sees another's
 * changes to the world. Call it in the `describe` body: `const sim = simulatorPerTest({ jobMs: 0 })`.
 */
import { afterEach, beforeEach } from 'vitest';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';

/**
 * The handle stands for the current test's simulator: helpers written once in the `describe` body
 * (`const vm = (name) => sim.world.vms…`) close over it before any test has started one. Outside a test it throws.
 */
export function simulatorPerTest(options: SimulatorOptions = {}): RunningSimulator {
  let current: RunningSimulator | undefined;
  beforeEach(async () => {
    current = await startSimulator(options);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const running = (): RunningSimulator => {
    if (!current) throw new Error('simulatorPerTest: the simulator runs only during a test');
    return current;
  };
  return {
    get url() {
      return running().url;
    },
    get keys() {
      return running().keys;
    },
    get world() {
      return running().world;
    },
    get requests() {
      return running().requests;
    },
    clearRequests: () => running().clearRequests(),
    setFaults: (faults) => running().setFaults(faults),
    close: () => running().close(),
  };
}
