import { describe, expect, it } from 'vitest';
import type { ApprovalAnswer } from '../../../src/policy/types.js';
import { approver, call, compiled, neverAsked, testGate } from './fixtures.js';

const migratePolicy = {
  version: '1',
  default: 'deny',
  tools: {
    migrate_virtual_machine: {
      limits: [
        { counter: 'migrate_virtual_machine_rate', window: 'minute', max: 10, scope: 'grant' },
        { counter: 'migrations_per_vm', window: 'hour', max: 2, scope: 'args.virtualmachineid' },
      ],
    },
    destroy_virtual_machine: {
      action: 'require_approval',
      reason: 'Destroying a VM needs a human',
      limits: [{ counter: 'destroys', window: 'hour', max: 1 }],
    },
    deploy_virtual_machine: {},
  },
};

const migrate = (vm: string) => call('migrate_virtual_machine', { virtualmachineid: vm, hostid: 'h1' });

describe('the gate', () => {
  it('lets exactly max of 200 concurrent calls through', async () => {
    const { gate } = testGate(migratePolicy);
    const admissions = await Promise.all(Array.from({ length: 200 }, (_, index) => gate.admit(migrate(`vm-${index}`), neverAsked)));
    expect(admissions.filter((admission) => admission.allowed)).toHaveLength(10);
  });

  it('refuses over a limit with the rule, the numbers and when to retry', async () => {
    const { gate, clock } = testGate(migratePolicy);
    for (let index = 0; index < 10; index++) expect((await gate.admit(migrate(`vm-${index}`), neverAsked)).allowed).toBe(true);
    clock.advance(37_000);
    const refused = await gate.admit(migrate('vm-x'), neverAsked);
    expect(refused).toEqual({
      allowed: false,
      refusal: {
        decision: 'rate_limited',
        rule: '/tools/migrate_virtual_machine/limits/0',
        reason: 'rate limit: 10 per minute on migrate_virtual_machine_rate, retry in 23 s',
        limit: 10,
        remaining: 0,
        retryAfterSeconds: 23,
      },
    });
  });

  it('counts args. scopes per value', async () => {
    const { gate } = testGate(migratePolicy);
    expect((await gate.admit(migrate('vm-a'), neverAsked)).allowed).toBe(true);
    expect((await gate.admit(migrate('vm-a'), neverAsked)).allowed).toBe(true);
    const third = await gate.admit(migrate('vm-a'), neverAsked);
    expect(third.allowed === false && third.refusal).toMatchObject({
      rule: '/tools/migrate_virtual_machine/limits/1',
      reason: expect.stringMatching(/^rate limit: 2 per hour on migrations_per_vm per virtualmachineid, retry in 3600 s$/),
    });
    expect((await gate.admit(migrate('vm-b'), neverAsked)).allowed).toBe(true);
  });

  it('refused calls consume no quota', async () => {
    const { gate } = testGate(migratePolicy);
    await gate.admit(migrate('vm-a'), neverAsked);
    await gate.admit(migrate('vm-a'), neverAsked);
    // 20 refusals on the per-VM limit must not eat the grant-wide limit of 10
    for (let index = 0; index < 20; index++) expect((await gate.admit(migrate('vm-a'), neverAsked)).allowed).toBe(false);
    for (let index = 0; index < 8; index++) expect((await gate.admit(migrate(`vm-${index}`), neverAsked)).allowed).toBe(true);
  });

  it('an admitted call counts whatever its outcome at CloudStack', async () => {
    const { gate } = testGate(migratePolicy);
    for (const outcome of [{ ok: false, error: '431 parameter error' }, { ok: true, jobId: 'j1' }]) {
      const admission = await gate.admit(migrate('vm-a'), neverAsked);
      if (!admission.allowed) throw new Error('expected admission');
      admission.finish(outcome);
    }
    const third = await gate.admit(migrate('vm-a'), neverAsked);
    expect(third.allowed === false && third.refusal.rule).toBe('/tools/migrate_virtual_machine/limits/1');
  });

  const answers: Array<[ApprovalAnswer, RegExp]> = [
    ['decline', /was declined$/],
    ['cancel', /was cancelled$/],
    ['timeout', /no answer came before the approval timeout$/],
    ['unsupported', /cannot ask a human/],
  ];

  it.each(answers)('approval answered %s refuses, releases the reserved quota, and is audited', async (answer, wording) => {
    const { gate, records } = testGate(migratePolicy);
    const human = approver(answer);
    const refused = await gate.admit(call('destroy_virtual_machine', { id: 'vm1', expunge: true }), human.ask);
    expect(human.asked).toEqual([
      {
        tool: 'destroy_virtual_machine',
        command: 'destroy_virtual_machine',
        args: { id: 'vm1', expunge: true },
        reason: 'Destroying a VM needs a human',
        rule: '/tools/destroy_virtual_machine/action',
        approver: 'operator',
      },
    ]);
    expect(refused.allowed === false && refused.refusal).toMatchObject({
      decision: 'approval_declined',
      rule: '/tools/destroy_virtual_machine/action',
      reason: expect.stringMatching(/^approval required: destroy_virtual_machine needs a human's approval \(Destroying a VM needs a human\), and /),
    });
    expect(refused.allowed === false && refused.refusal.reason).toMatch(wording);
    expect(records.map((record) => record.event)).toEqual(['approval_requested', 'approval_declined']);
    // the one destroy per hour was given back
    expect((await gate.admit(call('destroy_virtual_machine', { id: 'vm1' }), approver('accept').ask)).allowed).toBe(true);
  });

  it('proceeds on accept, auditing proposal, decision and execution separately', async () => {
    const { gate, records, clock } = testGate(migratePolicy);
    const admission = await gate.admit(call('destroy_virtual_machine', { id: 'vm1' }), approver('accept').ask);
    expect(admission.allowed).toBe(true);
    clock.advance(1_500);
    if (admission.allowed) {
      admission.finish({ ok: true, jobId: 'job-1' });
      admission.finish({ ok: false }); // a second finish is ignored
    }
    expect(records.map((record) => record.event)).toEqual(['approval_requested', 'approval_granted', 'allow', 'executed']);
    expect(new Set(records.map((record) => record.call)).size).toBe(1);
    expect(records[3]).toMatchObject({ durationMs: 1_500, outcome: { ok: true, jobId: 'job-1' }, policy: 'test-hash', session: 's1' });
  });

  it('treats a failing approval request as cancelled', async () => {
    const { gate } = testGate(migratePolicy);
    const refused = await gate.admit(call('destroy_virtual_machine', { id: 'vm1' }), neverAsked);
    expect(refused.allowed === false && refused.refusal.reason).toMatch(/cancelled$/);
  });

  it('checks limits before bothering a human', async () => {
    const { gate } = testGate(migratePolicy);
    expect((await gate.admit(call('destroy_virtual_machine', { id: 'vm1' }), approver('accept').ask)).allowed).toBe(true);
    const human = approver('accept');
    const refused = await gate.admit(call('destroy_virtual_machine', { id: 'vm2' }), human.ask);
    expect(refused.allowed === false && refused.refusal.decision).toBe('rate_limited');
    expect(human.asked).toHaveLength(0);
  });

  it('never writes secret arguments to the audit log', async () => {
    const { gate, records } = testGate(migratePolicy);
    const admission = await gate.admit(call('deploy_virtual_machine', { name: 'web', userdata: 'c2VjcmV0', password: 'hunter2' }), neverAsked);
    if (admission.allowed) admission.finish({ ok: false, error: 'failed: password=hunter2' });
    const text = JSON.stringify(records);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('c2VjcmV0');
    expect(records[0]!.args).toEqual({ name: 'web', userdata: '[REDACTED]', password: '[REDACTED]' });
  });

  it('audits refusals with the rule and the reason', async () => {
    const { gate, records } = testGate(migratePolicy);
    await gate.admit(call('stop_virtual_machine', { id: 'vm1' }), neverAsked);
    expect(records).toEqual([expect.objectContaining({ event: 'deny', tool: 'stop_virtual_machine', rule: '/default', refusal: 'hidden' })]);
  });
});

describe('shadow mode', () => {
  it('refuses nothing and audits every would-be refusal', async () => {
    const { gate, records } = testGate({ ...migratePolicy, mode: 'shadow' });
    const human = approver('decline');
    const results = [
      await gate.admit(call('stop_virtual_machine', { id: 'vm1' }), human.ask),
      await gate.admit(call('destroy_virtual_machine', { id: 'vm1' }), human.ask),
      ...(await Promise.all(Array.from({ length: 3 }, () => gate.admit(migrate('vm-a'), human.ask)))),
    ];
    expect(results.every((result) => result.allowed)).toBe(true);
    expect(human.asked).toHaveLength(0);
    const wouldDeny = records.filter((record) => record.event === 'would_deny');
    expect(wouldDeny.map((record) => [record.tool, record.rule])).toEqual([
      ['stop_virtual_machine', '/default'],
      ['destroy_virtual_machine', '/tools/destroy_virtual_machine/action'],
      ['migrate_virtual_machine', '/tools/migrate_virtual_machine/limits/1'],
    ]);
    expect(records.filter((record) => record.event === 'deny')).toHaveLength(0);
  });
});

describe('policy changes', () => {
  it('swaps the policy, tells listeners, and keeps the counts of unchanged counters', async () => {
    const { gate } = testGate(migratePolicy);
    let changes = 0;
    const unsubscribe = gate.onChange(() => changes++);
    await gate.admit(migrate('vm-a'), neverAsked);
    await gate.admit(migrate('vm-a'), neverAsked);
    expect(gate.isVisible('deploy_virtual_machine')).toBe(true);
    gate.replace(compiled({ ...migratePolicy, hide: ['deploy_virtual_machine'] }));
    expect(changes).toBe(1);
    expect(gate.isVisible('deploy_virtual_machine')).toBe(false);
    expect((await gate.admit(migrate('vm-a'), neverAsked)).allowed).toBe(false); // the per-VM count survived
    unsubscribe();
    gate.replace(compiled(migratePolicy));
    expect(changes).toBe(1);
  });
});
