/**
 * Operator approval through the real policy gate, before it is wired into the registry: the real canonical call
 * and resolver against the simulator, the real gate over a `require_approval` policy, the real store, and
 * createOperatorAsk as the gate's askApproval. What the registry will do with an admission (send the call) is
 * done here by hand, and the simulator's request log shows what reached CloudStack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorAsk } from '../../src/approvals/operator-approval.js';
import { createMemoryApprovalStore } from '../../src/approvals/store.js';
import type { ApprovalStore } from '../../src/approvals/types.js';
import type { CloudStackApi } from '../../src/cloudstack/api.js';
import { createCloudStackClient } from '../../src/cloudstack/index.js';
import { silentLogger } from '../../src/logger.js';
import { createPolicyGateFromValue, type AuditRecord, type ManagedPolicyGate } from '../../src/policy/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { findTool, toolFacts } from '../../src/tools/all.js';
import { buildCanonicalCall } from '../../src/tools/canonical.js';
import { createResolver, createResourceCache } from '../../src/tools/resolve.js';
import { validateArguments } from '../../src/tools/validate.js';

const PAGE = 'http://127.0.0.1:3000/approvals';
let simulator: RunningSimulator;
let api: CloudStackApi;
let gate: ManagedPolicyGate;
let store: ApprovalStore;
const gateAudit: AuditRecord[] = [];

async function vmId(name: string): Promise<string> {
  const page = await api.list('listVirtualMachines', { name, listall: true });
  return String(page.items[0]!.id);
}

/** One agent call of destroy_virtual_machine, as the registry makes it (validate → canonical call → admit → send). */
async function destroy(id: string, session: string) {
  const tool = findTool('destroy_virtual_machine')!;
  const validation = validateArguments(tool, { id, expunge: true });
  if (!validation.ok) throw new Error('invalid arguments');
  const canonical = buildCanonicalCall(tool, validation.args);
  const call = { ...canonical, sessionId: session, resources: createResolver(api, canonical, createResourceCache()) };
  const operator = createOperatorAsk({ store, pageUrl: PAGE }, call);
  const admission = await gate.admit(call, operator.ask);
  if (!admission.allowed) return { ran: false, notice: operator.notice(), refusal: admission.refusal };
  const job = await api.callAsync('destroyVirtualMachine', canonical.params);
  admission.finish({ ok: true, jobId: job.jobId });
  return { ran: true, notice: operator.notice() };
}

const destroysSent = () => simulator.requests.filter((request) => request.command === 'destroyVirtualMachine').length;

beforeAll(async () => {
  simulator = await startSimulator({ jobMs: 0 });
  api = createCloudStackClient({ apiUrl: simulator.url, ...simulator.keys.admin, timeoutMs: 5_000, asyncTimeoutMs: 5_000, retry: { maxAttempts: 1 }, poll: { initialDelayMs: 5, maxDelayMs: 20 } });
  gate = createPolicyGateFromValue(
    {
      version: '1',
      default: 'deny',
      tools: {
        destroy_virtual_machine: {
          action: 'require_approval',
          reason: 'Destroying a VM deletes its data; a human confirms every destroy',
          limits: [{ counter: 'destroys', window: 'hour', max: 5, scope: 'grant' }],
        },
      },
    },
    { tools: toolFacts(), logger: silentLogger, audit: { write: (record) => void gateAudit.push(record) } },
  );
  store = createMemoryApprovalStore();
});

afterAll(async () => {
  await gate?.close();
  await simulator?.close();
});

describe('operator approval through the policy gate', () => {
  it('pending at once, still pending, approved → runs exactly once, then told it was used, then asks anew', async () => {
    const id = await vmId('dev-01');
    const first = await destroy(id, 's1');
    expect(first).toMatchObject({ ran: false, notice: { status: 'pending', created: true, approval: { tool: 'destroy_virtual_machine', resource: { fields: { name: 'dev-01' } } } } });
    const approvalId = first.notice!.approval.id;
    expect(await destroy(id, 's1')).toMatchObject({ ran: false, notice: { status: 'pending', created: false, approval: { id: approvalId } } });
    expect(destroysSent()).toBe(0);

    await store.approve(approvalId, 'alice (web)');
    // Another session may not use it: it gets its own pending approval.
    expect(await destroy(id, 's2')).toMatchObject({ ran: false, notice: { status: 'pending', created: true } });
    expect(destroysSent()).toBe(0);

    expect(await destroy(id, 's1')).toMatchObject({ ran: true, notice: undefined });
    expect(destroysSent()).toBe(1);
    expect(await destroy(id, 's1')).toMatchObject({ ran: false, notice: { status: 'used', approval: { id: approvalId } } });
    const renewed = await destroy(id, 's1');
    expect(renewed).toMatchObject({ ran: false, notice: { status: 'pending', created: true } });
    expect(renewed.notice!.approval.id).not.toBe(approvalId);
    expect(destroysSent()).toBe(1);
    // The gate audited one allow and one execution for the call that ran.
    expect(gateAudit.filter((record) => record.event === 'executed')).toHaveLength(1);
  });

  it('a denial reaches the agent with the operator and reason, and nothing is sent', async () => {
    const id = await vmId('app-03');
    const first = await destroy(id, 's3');
    await store.deny(first.notice!.approval.id, 'bob (cli)', 'app-03 holds the test fixtures');
    expect(await destroy(id, 's3')).toMatchObject({
      ran: false,
      notice: { status: 'denied', approval: { decidedBy: 'bob (cli)', decisionReason: 'app-03 holds the test fixtures' } },
      refusal: { decision: 'approval_declined' },
    });
    expect(simulator.requests.filter((request) => request.command === 'destroyVirtualMachine' && request.params.id === id)).toHaveLength(0);
  });

  it('binds the approval to the exact parameters: the same VM with other arguments is another approval', async () => {
    const id = await vmId('web-01');
    const first = await destroy(id, 's4');
    await store.approve(first.notice!.approval.id, 'alice (web)');
    // Same VM, upper-case id: the canonical call lower-cases ids, so it is the same call.
    expect(await destroy(id.toUpperCase(), 's4')).toMatchObject({ ran: true });
  });
});
