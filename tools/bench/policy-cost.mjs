/**
 * Benchmark 1: what one policy decision (`gate.admit`) costs in-process, and what rate-limit counter keys cost
 * in memory. Cases run in interleaved rounds so machine noise spreads over all of them alike.
 */
import { createPolicyGateFromValue } from '../../dist/policy/index.js';
import { silentLogger } from '../../dist/logger.js';
import { toolFacts } from '../../dist/tools/index.js';
import { median, nowNs, p99, round } from './stats.mjs';

const HUGE = 1_000_000_000;

/** One rule per decision path under test; limits out of reach so the rate-limit case measures the check. */
const DECISION_POLICY = {
  version: '1',
  default: 'deny',
  tools: {
    list_zones: {},
    stop_virtual_machine: { deny_if: [{ path: 'args.forced', op: 'eq', value: true }] },
    start_virtual_machine: { limits: [{ counter: 'starts_per_vm', window: 'hour', max: HUGE, scope: 'args.id' }] },
  },
};

/** Records are built (the engine redacts and stamps them) but go nowhere: this measures the decision. */
const DISCARD_AUDIT = { write() {} };

function gate(maxCounterKeys) {
  return createPolicyGateFromValue(DECISION_POLICY, { tools: toolFacts(), logger: silentLogger, audit: DISCARD_AUDIT, maxCounterKeys });
}

const noApproval = async () => 'unsupported';
const SESSION = 'bench';

function decisionCases() {
  const keyed = (keys, maxCounterKeys) => {
    let next = 0;
    return {
      gate: gate(maxCounterKeys),
      // Beyond the table's size every key is live (hour window), so calls needing a new counter are refused:
      // the engine never evicts a live count. Both outcomes are decisions, and both are measured.
      expect: keys <= maxCounterKeys ? true : undefined,
      keys,
      call: () => ({ tool: 'start_virtual_machine', args: { id: `vm-${next++ % keys}` }, sessionId: SESSION }),
    };
  };
  return {
    'allow (no limits)': { gate: gate(10_000), expect: true, call: () => ({ tool: 'list_zones', args: {}, sessionId: SESSION }) },
    'deny (tool not named)': { gate: gate(10_000), expect: false, call: () => ({ tool: 'list_hosts', args: {}, sessionId: SESSION }) },
    'deny_if (argument rule)': {
      gate: gate(10_000),
      expect: false,
      call: () => ({ tool: 'stop_virtual_machine', args: { id: 'vm-1', forced: true }, sessionId: SESSION }),
    },
    'rate limit, 1 key': keyed(1, 10_000),
    'rate limit, 1 000 keys': keyed(1_000, 10_000),
    'rate limit, 100 000 keys (table 10 000)': keyed(100_000, 10_000),
  };
}

async function admitChecked(testCase) {
  const admission = await testCase.gate.admit(testCase.call(), noApproval);
  if (testCase.expect !== undefined && admission.allowed !== testCase.expect) throw new Error(`unexpected decision: ${JSON.stringify(admission)}`);
  if (admission.allowed) admission.finish({ ok: true });
}

export async function runDecisionCost({ quick }) {
  const samplesPerCase = quick ? 6_000 : 30_000;
  const rounds = 6;
  const cases = Object.entries(decisionCases());
  // Fill every key once (steady state: counters exist, the LRU is full) and warm the JIT.
  for (const [, testCase] of cases) for (let i = 0; i < Math.max(2_000, testCase.keys ?? 0); i++) await admitChecked(testCase);
  const samples = new Map(cases.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const [name, testCase] of order) {
      const into = samples.get(name);
      for (let i = 0; i < samplesPerCase / rounds; i++) {
        const started = nowNs();
        await admitChecked(testCase);
        into.push(nowNs() - started);
      }
    }
  }
  return cases.map(([name, testCase]) => ({
    case: name,
    samples: samples.get(name).length,
    'median µs': round(median(samples.get(name)) / 1_000),
    'p99 µs': round(p99(samples.get(name)) / 1_000),
    'counter keys held': testCase.gate.counterKeys(),
  }));
}

/** Heap taken by `distinctKeys` counter keys under a bound of `maxCounterKeys`, measured after full GCs. */
async function counterMemory(distinctKeys, maxCounterKeys, gc) {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const testGate = gate(maxCounterKeys);
  let refused = 0;
  for (let i = 0; i < distinctKeys; i++) {
    const admission = await testGate.admit({ tool: 'start_virtual_machine', args: { id: `vm-${i}` }, sessionId: SESSION }, noApproval);
    if (admission.allowed) admission.finish({ ok: true });
    else if (distinctKeys <= maxCounterKeys) throw new Error('a counter refused under an unreachable limit');
    else refused += 1;
  }
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  const held = testGate.counterKeys();
  const deltaBytes = after - before;
  return {
    'distinct keys': distinctKeys,
    maxCounterKeys,
    'keys held': held,
    'calls refused (table full of live counts)': refused,
    'heap delta MB': round(deltaBytes / 1e6),
    'bytes per held key': held > 0 ? Math.round(deltaBytes / held) : 0,
  };
}

export async function runCounterMemory({ quick, gc }) {
  if (!gc) return [{ note: 'global.gc unavailable: run node with --expose-gc (tools/bench.mjs does)' }];
  const rows = [];
  rows.push(await counterMemory(1_000, 10_000, gc));
  rows.push(await counterMemory(100_000, 10_000, gc));
  // The same flood without a bound worth the name: what the LRU saves.
  if (!quick) rows.push(await counterMemory(100_000, 1_000_000, gc));
  return rows;
}
