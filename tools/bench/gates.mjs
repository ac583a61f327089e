/**
 * The two gates compared by the benchmarks: the real policy engine over a production-like policy, and a gate
 * that admits everything without looking (the "policy off" baseline, which the server itself never offers).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAuditSink, createPolicyGateFromValue } from '../../dist/policy/index.js';
import { silentLogger } from '../../dist/logger.js';
import { toolFacts } from '../../dist/tools/index.js';

const EXAMPLE_POLICY = fileURLToPath(new URL('../../policy.example.json', import.meta.url));

/** Far above anything a benchmark run can reach, so the limits are checked on every call but never refuse. */
const UNREACHABLE_MAX = 1_000_000_000;

/**
 * policy.example.json with every limit raised out of reach: the same rules, counters and audit records as in
 * production, minus the refusals a benchmark would trip.
 */
export function benchPolicy() {
  const policy = JSON.parse(readFileSync(EXAMPLE_POLICY, 'utf8'));
  const raise = (limits) => limits?.forEach((limit) => (limit.max = UNREACHABLE_MAX));
  raise(policy.all_tools?.limits);
  for (const rule of Object.values(policy.tools ?? {})) raise(rule.limits);
  return policy;
}

/**
 * The real engine over benchPolicy(). Audit records are built in full (arguments redacted, JSON encoded) and
 * written to `auditFile`, by default /dev/null, so their cost is counted but no disk is involved.
 */
export function policyOnGate({ auditToDevNull = true, auditFile = '/dev/null' } = {}) {
  return createPolicyGateFromValue(benchPolicy(), {
    tools: toolFacts(),
    logger: silentLogger,
    // Without the write, records are still built (redacted, stamped) but dropped: the decision's cost alone.
    audit: auditToDevNull ? createAuditSink(auditFile, silentLogger) : { write() {} },
  });
}

/** "Policy off": shows every tool and admits every call, with no decision, counter or audit record. */
export function allowAllGate() {
  return {
    isVisible: () => true,
    admit: async () => ({ allowed: true, finish: () => {} }),
    onChange: () => () => {},
  };
}

/** `on-file` writes the records to the file named by BENCH_AUDIT_FILE, as the CLI does with CLOUDSTACK_MCP_AUDIT_LOG. */
export function makeGate(kind) {
  if (kind === 'on') return policyOnGate();
  if (kind === 'on-file') return policyOnGate({ auditFile: process.env.BENCH_AUDIT_FILE });
  if (kind === 'on-no-audit-write') return policyOnGate({ auditToDevNull: false });
  if (kind === 'off') return allowAllGate();
  throw new Error(`unknown gate ${kind}: use on, on-file, on-no-audit-write or off`);
}
