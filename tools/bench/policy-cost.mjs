/**
 * Benchmark 1: what one policy decision (`gate.admit`) costs in-process, and what rate-limit counter keys cost
 * in memory. Cases run in interleaved rounds so machine noise spreads over all of them alike.
 *
 * A `resource.` rule makes the gate look the call's resource up before deciding. The two resolver cases fake that
 * lookup at what an in-process one costs: "uncached" parses and reduces a CloudStack VM answer on every call (the
 * work after the HTTP read, which is the tool pipeline's to measure), "cached" answers from an lru-cache with a
 * TTL as the real resolver does between writes.
 */
import { LRUCache } from 'lru-cache';
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
    reboot_virtual_machine: { deny_if: [{ path: 'resource.tags.env', op: 'eq', value: 'prod' }] },
  },
};

/** A VM as listVirtualMachines answers it (trimmed to the fields that matter, plus some noise), as text. */
const VM_ANSWER = JSON.stringify({
  listvirtualmachinesresponse: {
    count: 1,
    virtualmachine: [
      {
        id: '5d3c1c4e-8a3b-4f39-9e0a-4d2b1f0c9a11', name: 'web-01', displayname: 'web-01', account: 'ops', domainid: 'd1', domain: 'ROOT',
        state: 'Running', zoneid: 'z1', zonename: 'zone-a', hostid: 'h1', hostname: 'kvm-a1-01', serviceofferingid: 'so1',
        serviceofferingname: 'small', templateid: 't1', haenable: false, hypervisor: 'KVM', cpunumber: 2, memory: 2048,
        nic: [{ id: 'n1', ipaddress: '10.1.1.5', networkid: 'net1', isdefault: true }],
        tags: [{ key: 'env', value: 'dev', resourcetype: 'UserVm' }, { key: 'team', value: 'web', resourcetype: 'UserVm' }],
      },
    ],
  },
});

function lookUpVm() {
  const vm = JSON.parse(VM_ANSWER).listvirtualmachinesresponse.virtualmachine[0];
  const tags = Object.fromEntries(vm.tags.map((tag) => [tag.key, tag.value]));
  const fields = { id: vm.id.toLowerCase(), name: vm.name, state: vm.state, account: vm.account, domain: vm.domain, zoneid: vm.zoneid, zonename: vm.zonename, hostid: vm.hostid, tags };
  return { kind: 'virtualmachine', id: fields.id, fields };
}

const cache = new LRUCache({ max: 10_000, ttl: 5_000 });
const uncachedResolver = { resource: async () => lookUpVm(), target: async () => undefined };
const cachedResolver = {
  resource: async () => {
    const hit = cache.get('vm');
    if (hit) return hit;
    const found = lookUpVm();
    cache.set('vm', found);
    return found;
  },
  target: async () => undefined,
};

/** Records are built (the engine redacts and stamps them) but go nowhere: this measures the decision. */
const DISCARD_AUDIT = { write() {} };

function gate(maxCounterKeys) {
  return createPolicyGateFromValue(DECISION_POLICY, { tools: toolFacts(), logger: silentLogger, audit: DISCARD_AUDIT, maxCounterKeys });
}

const noApproval = async () => 'unsupported';
const SESSION = 'bench';

/** A canonical call as the tool pipeline hands it to the gate (parameters equal to the arguments here). */
function canonical(tool, command, args, reads = false) {
  return { tool, command, args, params: args, reads, sessionId: SESSION };
}

function decisionCases() {
  const keyed = (keys, maxCounterKeys) => {
    let next = 0;
    return {
      gate: gate(maxCounterKeys),
      // Beyond the table's size every key is live (hour window), so calls needing a new counter are refused:
      // the engine never evicts a live count. Both outcomes are decisions, and both are measured.
      expect: keys <= maxCounterKeys ? true : undefined,
      keys,
      call: () => canonical('start_virtual_machine', 'startVirtualMachine', { id: `vm-${next++ % keys}` }),
    };
  };
  return {
    'allow (no limits)': { gate: gate(10_000), expect: true, call: () => canonical('list_zones', 'listZones', {}, true) },
    'deny (tool not named)': { gate: gate(10_000), expect: false, call: () => canonical('list_hosts', 'listHosts', {}, true) },
    'deny_if (argument rule)': {
      gate: gate(10_000),
      expect: false,
      call: () => canonical('stop_virtual_machine', 'stopVirtualMachine', { id: 'vm-1', forced: true }),
    },
    'rate limit, 1 key': keyed(1, 10_000),
    'rate limit, 1 000 keys': keyed(1_000, 10_000),
    'rate limit, 100 000 keys (table 10 000)': keyed(100_000, 10_000),
    'resource rule, resolver cached': {
      gate: gate(10_000),
      expect: true,
      call: () => ({ ...canonical('reboot_virtual_machine', 'rebootVirtualMachine', { id: 'vm-1' }), resources: cachedResolver }),
    },
    'resource rule, resolver uncached': {
      gate: gate(10_000),
      expect: true,
      call: () => ({ ...canonical('reboot_virtual_machine', 'rebootVirtualMachine', { id: 'vm-1' }), resources: uncachedResolver }),
    },
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
  // Fill every key once (steady state: counters exist, the table is full) and warm the JIT.
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
    const admission = await testGate.admit(canonical('start_virtual_machine', 'startVirtualMachine', { id: `vm-${i}` }), noApproval);
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
  // The same flood without a bound worth the name: what the table's bound saves.
  if (!quick) rows.push(await counterMemory(100_000, 1_000_000, gc));
  return rows;
}
