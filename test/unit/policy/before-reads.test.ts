/**
 * gate.refuseBeforeReads: before the reads that complete a canonical call (deploy's default network, destroy's
 * choice of command), the refusal admit would give whatever those reads find. Each case asks it with the call as
 * far as it is built, then admit with the call completed, on the same gate: the refusal and the audit records must
 * be admit's (the reads only add parameters), and where the decision depends on what the reads find, it says
 * nothing, writes nothing and counts nothing.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import type { AuditRecord } from '../../../src/policy/audit.js';
import { createGateCore } from '../../../src/policy/gate.js';
import type { AnswerWithoutAsking, ApprovalAnswer, PolicyCall } from '../../../src/policy/types.js';
import { toolFacts } from '../../../src/tools/all.js';
import { approver, compiled, testGate } from './fixtures.js';

const TOOLS = toolFacts();
const ZONE = 'a1b2c3d4-0000-4000-8000-000000000001';
const NET = 'a1b2c3d4-0000-4000-8000-0000000000aa';
const VM = 'a1b2c3d4-0000-4000-8000-0000000000f1';

const deployArgs = { serviceofferingid: ZONE, templateid: ZONE, zoneid: ZONE };
/** What canonicalize has built before deploy's reads, and the call they complete (the default network chosen). */
const partialDeploy = (sessionId = 's1'): PolicyCall => ({
  tool: 'deploy_virtual_machine',
  command: 'deployVirtualMachine',
  args: deployArgs,
  params: { ...deployArgs, startvm: true },
  reads: false,
  sessionId,
});
const completeDeploy = (sessionId = 's1', networkid = NET): PolicyCall => {
  const partial = partialDeploy(sessionId);
  return { ...partial, params: { ...partial.params, networkids: [networkid] } };
};
/** destroy expunge=true before its read of the VM, and the expunge it becomes when the VM is already Destroyed. */
const partialDestroy: PolicyCall = {
  tool: 'destroy_virtual_machine',
  command: 'destroyVirtualMachine',
  args: { id: VM, expunge: true },
  params: { id: VM, expunge: true },
  reads: false,
  sessionId: 's1',
};
const expunge: PolicyCall = { ...partialDestroy, command: 'expungeVirtualMachine', params: { id: VM } };

const noOperator: AnswerWithoutAsking = (approver) => (approver === 'operator' ? 'no_operator' : undefined);
const nobodyKnown: AnswerWithoutAsking = () => undefined;

/** An audit record without what differs between two decisions of one call: its id, its time, the parameters the reads add. */
const comparable = ({ call: _call, time: _time, params: _params, ...rest }: AuditRecord) => rest;
/** ...and the command, where the reads would have made the call another one (destroy → expunge). */
const comparableButCommand = (record: AuditRecord) => ({ ...comparable(record), command: undefined });

function gateFor(policy: object) {
  return testGate({ version: '1', ...policy }, { tools: TOOLS });
}

/** Refused before the reads, then the complete call admitted on the same gate: the same refusal, the same records. */
async function expectAdmitsRefusal(
  policy: object,
  options: { partial?: PolicyCall; complete?: PolicyCall; prime?: PolicyCall[]; answer?: ApprovalAnswer; otherCommand?: true } = {},
) {
  const { gate, records } = gateFor(policy);
  for (const call of options.prime ?? []) expect((await gate.admit(call, approver('accept').ask)).allowed).toBe(true);
  records.length = 0;
  const early = await gate.refuseBeforeReads(options.partial ?? partialDeploy(), noOperator);
  const earlyRecords = records.splice(0);
  const full = await gate.admit(options.complete ?? completeDeploy(), approver(options.answer ?? 'accept').ask);
  expect(early).toBeDefined();
  expect(full).toEqual({ allowed: false, refusal: early });
  const compared = options.otherCommand ? comparableButCommand : comparable;
  expect(earlyRecords.map(compared)).toEqual(records.map(compared));
  expect(earlyRecords[0]?.params).toEqual((options.partial ?? partialDeploy()).params);
  return { early: early!, records: earlyRecords };
}

describe('refuseBeforeReads: what no read can change is refused as admit refuses it', () => {
  it('the tool denied', async () => {
    const { early, records } = await expectAdmitsRefusal({ default: 'allow', tools: { deploy_virtual_machine: { action: 'deny', reason: 'no new VMs' } } });
    expect(early).toEqual({ decision: 'denied', rule: '/tools/deploy_virtual_machine/action', reason: 'deploy_virtual_machine is denied by policy: no new VMs' });
    expect(records).toMatchObject([{ event: 'deny', tool: 'deploy_virtual_machine', command: 'deployVirtualMachine', refusal: 'denied' }]);
  });

  it("the tool's command denied", async () => {
    const { early } = await expectAdmitsRefusal({ default: 'allow', commands: { deployVirtualMachine: { action: 'deny' } } });
    expect(early.rule).toBe('/commands/deployVirtualMachine/action');
  });

  it('a grant limit with no room, with the on_deny hint and the wait admit gives', async () => {
    const policy = { default: 'allow', tools: { deploy_virtual_machine: { on_deny: 'Ask ops.', limits: [{ counter: 'deploys', window: 'hour', max: 1 }] } } };
    const { early } = await expectAdmitsRefusal(policy, { prime: [completeDeploy()] });
    expect(early).toMatchObject({ decision: 'rate_limited', reason: 'rate limit: 1 per hour on deploys, retry in 3600 s. Ask ops.', remaining: 0 });
  });

  it("a session limit with no room in this session (another session's deploy is not refused)", async () => {
    const policy = { default: 'allow', all_tools: { limits: [{ counter: 'writes', window: 'minute', max: 1, scope: 'session' }] } };
    const { early } = await expectAdmitsRefusal(policy, { prime: [completeDeploy('s1')] });
    expect(early.rule).toBe('/all_tools/limits/0');
    const { gate, records } = gateFor(policy);
    expect((await gate.admit(completeDeploy('s1'), approver('accept').ask)).allowed).toBe(true);
    records.length = 0;
    expect(await gate.refuseBeforeReads(partialDeploy('s2'), noOperator)).toBeUndefined();
    expect(records).toEqual([]);
  });

  it('an operator approval on a server without operator approval: both records admit writes', async () => {
    const policy = { default: 'allow', tools: { deploy_virtual_machine: { action: 'require_approval', reason: 'new VMs cost money' } } };
    const { early, records } = await expectAdmitsRefusal(policy, { answer: 'no_operator' });
    expect(early).toMatchObject({ decision: 'approval_declined', reason: expect.stringMatching(/^approval required: deploy_virtual_machine needs a human's approval \(new VMs cost money\), and operator approval is not configured/) });
    expect(records.map((record) => record.event)).toEqual(['approval_requested', 'approval_declined']);
  });

  it('a limit with no room comes before an approval nobody can give, as in admit', async () => {
    const policy = { default: 'allow', tools: { deploy_virtual_machine: { action: 'require_approval', limits: [{ counter: 'deploys', window: 'hour', max: 1 }] } } };
    const { early } = await expectAdmitsRefusal(policy, { prime: [completeDeploy()], answer: 'no_operator' });
    expect(early.decision).toBe('rate_limited');
  });

  it('destroy denied as a tool is refused whichever command the read of the VM makes it', async () => {
    const denied = { default: 'allow', tools: { destroy_virtual_machine: { action: 'deny' } } };
    // A VM not Destroyed: the call stays destroyVirtualMachine, and the records are admit's.
    await expectAdmitsRefusal(denied, { partial: partialDestroy, complete: partialDestroy });
    // A Destroyed VM: admit would decide expungeVirtualMachine; the same refusal, and the early record names the
    // call as it was before the read (destroyVirtualMachine with expunge=true), since the read never happened.
    const { records } = await expectAdmitsRefusal(denied, { partial: partialDestroy, complete: expunge, otherCommand: true });
    expect(records[0]?.command).toBe('destroyVirtualMachine');
    const limited = { default: 'allow', tools: { destroy_virtual_machine: { limits: [{ counter: 'destroys', window: 'hour', max: 1 }] } } };
    await expectAdmitsRefusal(limited, { partial: partialDestroy, complete: expunge, prime: [partialDestroy], otherCommand: true });
  });
});

describe('refuseBeforeReads: what the reads could change is left to admit, with nothing written or counted', () => {
  /** Nothing said, nothing written, and a limit of one still has its slot for the complete call. */
  async function expectUndecided(policy: object, options: { partial?: PolicyCall; answer?: AnswerWithoutAsking; prime?: PolicyCall[] } = {}) {
    const { gate, records } = gateFor(policy);
    for (const call of options.prime ?? []) await gate.admit(call, approver('accept').ask);
    records.length = 0;
    expect(await gate.refuseBeforeReads(options.partial ?? partialDeploy(), options.answer ?? noOperator)).toBeUndefined();
    expect(records).toEqual([]);
    return gate;
  }

  it('an allowed deploy: nothing refused, nothing counted (the one slot is the complete call’s)', async () => {
    const gate = await expectUndecided({ default: 'allow', tools: { deploy_virtual_machine: { limits: [{ counter: 'deploys', window: 'hour', max: 1 }] } } });
    expect((await gate.admit(completeDeploy(), approver('accept').ask)).allowed).toBe(true);
  });

  it.each<[string, object]>([
    ['a deny_if on the parameter the reads fill in', { deny_if: [{ path: 'params.networkids', op: 'contains', value: NET }] }],
    ['a require of it', { require: ['params.networkids'] }],
    ['a limit counted per value', { limits: [{ counter: 'per_zone', window: 'hour', max: 1, scope: 'args.zoneid' }] }],
    ['a rule on the target (the host)', { deny_if: [{ path: 'target.state', op: 'eq', value: 'Maintenance' }] }],
  ])('with a full grant limit too, %s: its refusal would come first, and depends on the call', async (_label, rule) => {
    const grant = { counter: 'deploys', window: 'hour', max: 1 };
    const policy = { default: 'allow', tools: { deploy_virtual_machine: { ...rule, limits: [...((rule as { limits?: object[] }).limits ?? []), grant] } } };
    await expectUndecided(policy, { prime: [completeDeploy('s1', 'a1b2c3d4-0000-4000-8000-0000000000bb')] });
  });

  it('a deny_if on the filled-in network: admit refuses the complete call on it, which no early answer could say', async () => {
    const policy = { default: 'allow', tools: { deploy_virtual_machine: { deny_if: [{ path: 'params.networkids', op: 'contains', value: NET }] } } };
    const gate = await expectUndecided(policy);
    const full = await gate.admit(completeDeploy(), approver('accept').ask);
    expect(full.allowed === false && full.refusal.decision).toBe('argument_rule');
  });

  it('an approval a human may give: a client approver, or an operator on a server that has one', async () => {
    await expectUndecided({ default: 'allow', tools: { deploy_virtual_machine: { action: 'require_approval', approver: 'client' } } });
    await expectUndecided({ default: 'allow', tools: { deploy_virtual_machine: { action: 'require_approval' } } }, { answer: nobodyKnown });
  });

  it('a limit store that cannot answer: nothing said here; admit asks it again and refuses if it still cannot', async () => {
    const records: AuditRecord[] = [];
    const down = () => Promise.reject(new Error('policy state unavailable: Redis did not answer'));
    const gate = createGateCore({
      policy: compiled({ version: '1', default: 'allow', tools: { deploy_virtual_machine: { limits: [{ counter: 'deploys', window: 'hour', max: 1 }] } } }, TOOLS),
      tools: TOOLS,
      logger: silentLogger,
      audit: { write: (record) => records.push(record) },
      now: () => 0,
      maxCounterKeys: 10,
      limiter: { reserve: down, hasRoom: down, room: down, size: () => 0 },
    });
    expect(await gate.refuseBeforeReads(partialDeploy(), noOperator)).toBeUndefined();
    expect(records).toEqual([]);
    const full = await gate.admit(completeDeploy(), approver('accept').ask);
    expect(full.allowed === false && full.refusal.decision).toBe('state_unavailable');
  });

  it('shadow mode: admit refuses nothing, so nothing is refused early', async () => {
    await expectUndecided({ mode: 'shadow', default: 'allow', tools: { deploy_virtual_machine: { action: 'deny' } } });
  });

  it('destroy: a rule on one of its commands only (the read of the VM tells which is sent)', async () => {
    await expectUndecided({ default: 'allow', commands: { expungeVirtualMachine: { action: 'deny' } } }, { partial: partialDestroy });
    await expectUndecided({ default: 'allow', commands: { destroyVirtualMachine: { action: 'deny' } } }, { partial: partialDestroy });
    // Both denied, but each by its own rule: which one admit names depends on the read.
    await expectUndecided({ default: 'allow', commands: { destroyVirtualMachine: { action: 'deny' }, expungeVirtualMachine: { action: 'deny' } } }, { partial: partialDestroy });
  });
});
