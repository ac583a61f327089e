/**
 * When several rules ask for an approval of one call, the strictest decides: any operator approval (the default
 * approver, and always `all_tools`') sends the call to the operator, and the client is asked only when every
 * approval that applies is the client's. Every combination of where the approvals come from (the tool's entry,
 * the command's, `all_tools`), how they ask (`approve_if`, `action: require_approval`) and who approves, in every
 * order of the policy's sections: the answer, and the rule it names, must not depend on which is listed first.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPolicyCheck } from '../../../src/policy/check.js';
import { decide } from '../../../src/policy/engine.js';
import { strictestApproval } from '../../../src/policy/strictest-approval.js';
import type { AnswerWithoutAsking } from '../../../src/policy/types.js';
import { TOOLS_WITH_FACTS, approver, call, compiled, testGate } from './fixtures.js';

const known = new Set(TOOLS_WITH_FACTS.map((tool) => tool.name));
const TOOL = 'destroy_virtual_machine';
const COMMAND = 'destroyVirtualMachine';
const destroy = (expunge: boolean) => call(TOOL, { id: 'vm1', expunge }, 's1', COMMAND);

type Approver = 'operator' | 'client';
type How = 'approve_if' | 'require_approval' | 'both';
/** What one entry asks: how, and who approves (an `approver` field of `undefined` is the default, the operator). */
interface Ask {
  readonly how: How;
  readonly approver: Approver | undefined;
}

function entry(ask: Ask, path: string): Record<string, unknown> {
  return {
    ...(ask.how !== 'approve_if' ? { action: 'require_approval', reason: `action of ${path}` } : {}),
    ...(ask.how !== 'require_approval' ? { approve_if: [{ path, op: 'eq', value: true, reason: `${path} asked` }] } : {}),
    ...(ask.approver ? { approver: ask.approver } : {}),
  };
}

/** The pointers of the rules an entry's ask names, for a call that expunges. */
function pointers(base: string, ask: Ask): string[] {
  return [...(ask.how !== 'approve_if' ? [`${base}/action`] : []), ...(ask.how !== 'require_approval' ? [`${base}/approve_if/0`] : [])];
}

const ASKS: readonly (Ask | undefined)[] = [
  undefined,
  ...(['approve_if', 'require_approval', 'both'] as const).flatMap((how) => (['operator', 'client', undefined] as const).map((who) => ({ how, approver: who }))),
];
const SECTION_ORDERS = [
  ['all_tools', 'tools', 'commands'],
  ['all_tools', 'commands', 'tools'],
  ['tools', 'all_tools', 'commands'],
  ['tools', 'commands', 'all_tools'],
  ['commands', 'all_tools', 'tools'],
  ['commands', 'tools', 'all_tools'],
] as const;

interface Case {
  readonly tool?: Ask;
  readonly command?: Ask;
  readonly allTools: boolean;
}

const cases: Case[] = ASKS.flatMap((tool) => ASKS.flatMap((command) => [false, true].map((allTools) => ({ ...(tool ? { tool } : {}), ...(command ? { command } : {}), allTools }))));

function policyOf(c: Case, order: (typeof SECTION_ORDERS)[number]) {
  const sections: Record<string, unknown> = {
    all_tools: c.allTools ? { approve_if: [{ path: 'params.expunge', op: 'eq', value: true, reason: 'all_tools asked' }] } : {},
    tools: c.tool ? { [TOOL]: entry(c.tool, 'args.expunge') } : {},
    commands: c.command ? { [COMMAND]: entry(c.command, 'params.expunge') } : {},
  };
  return compiled({ version: '1', default: 'allow', ...Object.fromEntries(order.map((name) => [name, sections[name]])) }, TOOLS_WITH_FACTS);
}

/** Every rule that asks, with its approver; the expected approval is the operator's if any is, named by the least pointer of the strictest. */
function expected(c: Case) {
  const asking = [
    ...(c.tool ? pointers(`/tools/${TOOL}`, c.tool).map((rule) => ({ rule, approver: c.tool!.approver ?? 'operator' })) : []),
    ...(c.command ? pointers(`/commands/${COMMAND}`, c.command).map((rule) => ({ rule, approver: c.command!.approver ?? 'operator' })) : []),
    ...(c.allTools ? [{ rule: '/all_tools/approve_if/0', approver: 'operator' as const }] : []),
  ];
  const approver: Approver = asking.some((ask) => ask.approver === 'operator') ? 'operator' : 'client';
  const rule = asking.filter((ask) => ask.approver === approver).map((ask) => ask.rule).sort()[0];
  return { asking, approver, rule };
}

const label = (c: Case) =>
  [c.tool && `tool ${c.tool.how}/${c.tool.approver ?? 'default'}`, c.command && `command ${c.command.how}/${c.command.approver ?? 'default'}`, c.allTools && 'all_tools approve_if']
    .filter(Boolean)
    .join(' + ') || 'nothing';

describe('the strictest approval decides', () => {
  it.each(cases.map((c) => [label(c), c] as const))('%s', (_label, c) => {
    const want = expected(c);
    const answers = SECTION_ORDERS.map((order) => decide(policyOf(c, order), known, destroy(true), {}));
    for (const decision of answers) {
      expect(decision.kind).toBe('proceed');
      if (decision.kind !== 'proceed') return;
      if (want.asking.length === 0) {
        expect(decision.approval).toBeUndefined();
        continue;
      }
      expect(decision.approval).toMatchObject({ approver: want.approver, rule: want.rule });
      // The reason names every other rule that asked, so the human sees all of them.
      for (const { rule } of want.asking) if (rule !== want.rule) expect(decision.approval!.reason).toContain(rule);
    }
    // The same approval whichever section is listed first.
    expect(new Set(answers.map((decision) => JSON.stringify(decision.kind === 'proceed' ? decision.approval : decision)))).toHaveProperty('size', 1);
  });

  it('asks nothing of a rule whose condition does not match: only the actions remain', () => {
    const policy = policyOf({ tool: { how: 'require_approval', approver: 'client' }, command: { how: 'approve_if', approver: 'operator' }, allTools: true }, SECTION_ORDERS[0]);
    const decision = decide(policy, known, destroy(false), {});
    expect(decision.kind === 'proceed' && decision.approval).toEqual({ rule: `/tools/${TOOL}/action`, reason: `action of args.expunge`, approver: 'client' });
  });

  it('gathers every matching approve_if of one entry, not only the first', () => {
    const policy = compiled(
      {
        version: '1',
        default: 'allow',
        tools: { [TOOL]: { approver: 'client', approve_if: [{ path: 'args.expunge', op: 'eq', value: true, reason: 'expunge' }, { path: 'args.id', op: 'eq', value: 'vm1', reason: 'vm1' }] } },
      },
      TOOLS_WITH_FACTS,
    );
    const decision = decide(policy, known, destroy(true), {});
    expect(decision.kind === 'proceed' && decision.approval).toEqual({
      rule: `/tools/${TOOL}/approve_if/0`,
      reason: `expunge; also asked: vm1 (/tools/${TOOL}/approve_if/1, approver client)`,
      approver: 'client',
    });
  });
});

describe('strictestApproval', () => {
  it('fails closed: an approver that is not exactly client is the operator', () => {
    const odd = { rule: '/tools/x/action', reason: 'odd', approver: 'Client' as never };
    expect(strictestApproval([{ rule: '/a', reason: 'a', approver: 'client' }, odd])).toMatchObject({ rule: '/tools/x/action', approver: 'operator' });
  });

  it('is undefined when nothing asks, and names a rule once when it asked twice', () => {
    expect(strictestApproval([])).toBeUndefined();
    const once = { rule: '/tools/x/action', reason: 'r', approver: 'operator' as const };
    expect(strictestApproval([once, once])).toEqual(once);
  });
});

describe('the gate with several approvals', () => {
  const mixed = {
    version: '1',
    default: 'allow',
    all_tools: { approve_if: [{ path: 'params.expunge', op: 'eq', value: true, reason: 'prod needs the operator' }] },
    tools: { [TOOL]: { approver: 'client', approve_if: [{ path: 'args.expunge', op: 'eq', value: true, reason: 'expunge: confirm' }] } },
  };

  it('asks the operator, not the client, and audits the operator rule with the client rule in the reason', async () => {
    const { gate, records } = testGate(mixed, { tools: TOOLS_WITH_FACTS });
    const human = approver('pending');
    const admission = await gate.admit(destroy(true), human.ask);
    expect(admission.allowed).toBe(false);
    expect(human.asked).toHaveLength(1);
    expect(human.asked[0]).toMatchObject({ approver: 'operator', rule: '/all_tools/approve_if/0' });
    expect(human.asked[0]!.reason).toContain(`/tools/${TOOL}/approve_if/0`);
    const requested = records.find((record) => record.event === 'approval_requested');
    expect(requested).toMatchObject({ rule: '/all_tools/approve_if/0' });
    expect(records.some((record) => record.event === 'approval_granted')).toBe(false);
  });

  it('does not refuse before the reads with the client answer when an approve_if may send the call to the operator', async () => {
    const policy = { version: '1', default: 'allow', all_tools: mixed.all_tools, tools: { [TOOL]: { action: 'require_approval', approver: 'client' } } };
    const { gate } = testGate(policy, { tools: TOOLS_WITH_FACTS });
    const clientCannot: AnswerWithoutAsking = (who) => (who === 'client' ? 'unsupported' : undefined);
    expect(await gate.refuseBeforeReads(destroy(true), clientCannot)).toBeUndefined();
    const human = approver('pending');
    await gate.admit(destroy(true), human.ask);
    expect(human.asked[0]).toMatchObject({ approver: 'operator', rule: '/all_tools/approve_if/0' });
  });

  it('refuses before the reads when only the actions ask, with the strictest of them', async () => {
    const policy = { version: '1', default: 'allow', tools: { [TOOL]: { action: 'require_approval', approver: 'client' } }, commands: { [COMMAND]: { action: 'require_approval' } } };
    const { gate } = testGate(policy, { tools: TOOLS_WITH_FACTS });
    const noOperator: AnswerWithoutAsking = (who) => (who === 'operator' ? 'no_operator' : undefined);
    expect(await gate.refuseBeforeReads(destroy(true), noOperator)).toMatchObject({ decision: 'approval_declined', rule: `/commands/${COMMAND}/action` });
  });
});

describe('policy check with client approvals', () => {
  const check = (policy: unknown) => {
    const dir = mkdtempSync(join(tmpdir(), 'strictest-check-'));
    try {
      const file = join(dir, 'policy.json');
      writeFileSync(file, JSON.stringify(policy));
      return runPolicyCheck(file, TOOLS_WITH_FACTS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('marks the client approvals and notes which operator approvals override them', () => {
    const { exitCode, output } = check({
      version: '1',
      default: 'allow',
      all_tools: { approve_if: [{ path: 'resource.tags.env', op: 'eq', value: 'prod' }] },
      tools: {
        [TOOL]: { approver: 'client', approve_if: [{ path: 'args.expunge', op: 'eq', value: true }] },
        stop_virtual_machine: { action: 'require_approval', approver: 'client' },
      },
      commands: { stopVirtualMachine: { action: 'require_approval' } },
    });
    expect(exitCode).toBe(0);
    const row = (tool: string) => output.split('\n').find((line) => line.startsWith(`${tool} `))!.split(/\s{2,}/);
    expect(row(TOOL)).toEqual([TOOL, 'allowed', 'approval (client) if args.expunge eq true']);
    // The command's operator approval applies to every stop: the tool's client approval never decides alone.
    expect(row('stop_virtual_machine')).toEqual(['stop_virtual_machine', 'approval']);
    expect(output).toContain(
      [
        'approvals: when several apply to one call, any operator approval sends it to the operator',
        `  tools.${TOOL} (approver client): the operator decides instead when all_tools approve_if also asks`,
        '  tools.stop_virtual_machine (approver client): the operator decides instead when all_tools approve_if or commands.stopVirtualMachine also asks',
      ].join('\n'),
    );
  });

  it('says nothing more when no operator approval can meet a client one', () => {
    const { output } = check({ version: '1', default: 'allow', tools: { [TOOL]: { action: 'require_approval', approver: 'client' } } });
    expect(output.split('\n').find((line) => line.startsWith(`${TOOL} `))!.split(/\s{2,}/)).toEqual([TOOL, 'approval (client)']);
    expect(output).not.toContain('approvals:');
  });
});
