/**
 * A tool whose canonical call may be another command than its usual one (destroy_virtual_machine with expunge=true on
 * a VM already Destroyed is expungeVirtualMachine {id}) declares it (`alsoSends`). A tool rule's `params.` path on a
 * parameter only some of those commands have would silently not apply to the others' calls (fail open), so it is a
 * load error naming the pointer, why, and what to write; `policy check` names the tool under each command it may send.
 * The real tool facts of the server (toolFacts()) against the real catalog.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPolicyCheck } from '../../../src/policy/check.js';
import { loadPolicyFile, loadPolicyValue } from '../../../src/policy/load.js';
import type { ToolFacts } from '../../../src/policy/tool-facts.js';
import { defineTools, DISRUPT } from '../../../src/tools/define.js';
import { toolFacts } from '../../../src/tools/index.js';
import { destroyVirtualMachineInput } from '../../../src/tools/workflows/destroy-vm.js';

const TOOLS = toolFacts();
const errorsOf = (policy: unknown, tools: readonly ToolFacts[] = TOOLS): readonly string[] => {
  const result = loadPolicyValue(policy, tools, 'h');
  return result.ok ? [] : result.errors;
};
const destroyRule = (rule: Record<string, unknown>) => ({ version: '1', default: 'allow', tools: { destroy_virtual_machine: rule } });
const expungeAsked = { path: 'params.expunge', op: 'eq', value: true };
const WHY = 'params.expunge is not sent when destroy_virtual_machine expunges a VM that is already Destroyed (expungeVirtualMachine has no expunge)';
const FIX = 'write args.expunge (what the agent asked) or add a rule under commands.expungeVirtualMachine';

describe('a tool declares every command it may send', () => {
  it('destroy_virtual_machine may send destroyVirtualMachine and expungeVirtualMachine', () => {
    const destroy = TOOLS.find((tool) => tool.name === 'destroy_virtual_machine')!;
    expect(destroy.command).toBe('destroyVirtualMachine');
    expect(destroy.alsoSends).toEqual([{ command: 'expungeVirtualMachine', when: 'expunges a VM that is already Destroyed' }]);
  });

  it('a declared command that is not in the catalog fails at definition, like a misspelt command', () => {
    const declare = (command: string) =>
      defineTools('vm', [
        {
          name: 'x_tool',
          title: 'x',
          description: 'x',
          command: 'destroyVirtualMachine',
          input: destroyVirtualMachineInput,
          hints: DISRUPT,
          result: { kind: 'object' },
          alsoSends: [{ command, when: 'does x' }],
        },
      ]);
    expect(() => declare('expungeVirtualMachin')).toThrow('tool x_tool: alsoSends command expungeVirtualMachin is not in the catalog');
    expect(declare('expungeVirtualMachine')[0]!.alsoSends).toEqual([{ command: 'expungeVirtualMachine', when: 'does x' }]);
  });
});

describe('load-time check of a tool rule against every command the tool may send', () => {
  it('params.expunge in approve_if is an error at its pointer that says why and what to write', () => {
    const policy = destroyRule({ approve_if: [{ path: 'resource.state', op: 'eq', value: 'Running' }, expungeAsked] });
    expect(errorsOf(policy)).toEqual([`/tools/destroy_virtual_machine/approve_if/1/path: ${WHY}; the rule would not apply then: ${FIX}`]);
  });

  it('so is a deny_if, a require and a limit scope on it, each saying what it would do then', () => {
    expect(errorsOf(destroyRule({ deny_if: [expungeAsked] }))).toEqual([`/tools/destroy_virtual_machine/deny_if/0/path: ${WHY}; the rule would not apply then: ${FIX}`]);
    expect(errorsOf(destroyRule({ require: ['params.expunge'] }))).toEqual([
      `/tools/destroy_virtual_machine/require/0: ${WHY}; the requirement would refuse every such call then: ${FIX}`,
    ]);
    const limit = { counter: 'destroys', window: 'hour', max: 5, scope: 'params.expunge' };
    expect(errorsOf(destroyRule({ limits: [limit] }))).toEqual([
      `/tools/destroy_virtual_machine/limits/0/scope: ${WHY}; every such call would count in one shared counter then: ${FIX}`,
    ]);
  });

  it('args.expunge, a parameter both commands have (params.id) and resource paths load', () => {
    const policy = destroyRule({
      approve_if: [{ path: 'args.expunge', op: 'eq', value: true }, { path: 'resource.state', op: 'eq', value: 'Running' }],
      deny_if: [{ path: 'params.id', op: 'eq', value: '00000000-0000-0000-0000-000000000000' }],
      limits: [{ counter: 'destroys', window: 'hour', max: 5, scope: 'params.id' }],
    });
    expect(errorsOf(policy)).toEqual([]);
  });

  it('a parameter neither command has keeps its usual error, naming both commands', () => {
    expect(errorsOf(destroyRule({ deny_if: [{ path: 'params.expung', op: 'eq', value: true }] }))).toEqual([
      '/tools/destroy_virtual_machine/deny_if/0/path: params.expung is no parameter of destroyVirtualMachine or expungeVirtualMachine (did you mean params.expunge?)',
    ]);
  });

  it('a parameter only the other command has names the usual command, and offers args only when the tool has that argument', () => {
    // A made-up tool: its usual command lacks `forced`, the one it sometimes sends has it.
    const tools: ToolFacts[] = [
      ...TOOLS,
      {
        name: 'stop_or_reboot',
        readOnly: false,
        command: 'startVirtualMachine',
        args: ['id'],
        resourceKind: 'virtualmachine',
        alsoSends: [{ command: 'stopVirtualMachine', when: 'finds the VM Running' }],
      },
    ];
    const policy = { version: '1', default: 'allow', tools: { stop_or_reboot: { deny_if: [{ path: 'params.forced', op: 'eq', value: true }] } } };
    expect(errorsOf(policy, tools)).toEqual([
      '/tools/stop_or_reboot/deny_if/0/path: params.forced is not sent when stop_or_reboot sends startVirtualMachine (startVirtualMachine has no forced); ' +
        'the rule would not apply then: add a rule under commands.startVirtualMachine',
    ]);
  });

  it('a command rule on expungeVirtualMachine may read the arguments of destroy_virtual_machine, which sends it too', () => {
    const policy = { version: '1', default: 'allow', commands: { expungeVirtualMachine: { approve_if: [{ path: 'args.expunge', op: 'eq', value: true }] } } };
    expect(errorsOf(policy)).toEqual([]);
    expect(errorsOf({ ...policy, commands: { expungeVirtualMachine: { approve_if: [{ path: 'args.expunj', op: 'eq', value: true }] } } })[0]).toContain(
      'args.expunj is no parameter of expungeVirtualMachine (did you mean args.expunge?)',
    );
  });

  it('the shipped policy.example.json loads with the real tools', () => {
    const loaded = loadPolicyFile(join(import.meta.dirname, '../../../policy.example.json'), TOOLS);
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
  });
});

describe('policy check names every tool that may send a command', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'multi-command-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('commands.expungeVirtualMachine is sent by expunge_virtual_machine and destroy_virtual_machine, whose row shows that rule and when', () => {
    const file = join(dir, 'policy.json');
    const limit = { counter: 'expunges', window: 'hour', max: 2, scope: 'grant' };
    writeFileSync(file, JSON.stringify({ version: '1', default: 'allow', commands: { expungeVirtualMachine: { action: 'require_approval', limits: [limit] } } }));
    const { exitCode, output } = runPolicyCheck(file, TOOLS);
    expect(exitCode, output).toBe(0);
    const line = output.split('\n').find((row) => row.startsWith('expungeVirtualMachine '))!;
    expect(line.split(/\s{2,}/)).toEqual(['expungeVirtualMachine', 'approval', '2/hour expunges', 'destroy_virtual_machine, expunge_virtual_machine, call_cloudstack_api']);
    const destroy = output.split('\n').find((row) => row.startsWith('destroy_virtual_machine '))!;
    // Not "approval" for every destroy: only the calls that expunge a Destroyed VM are that command.
    expect(destroy.split(/\s{2,}/)).toEqual(['destroy_virtual_machine', 'allowed (default)', 'expungeVirtualMachine (when it expunges a VM that is already Destroyed): approval, 2/hour expunges']);
  });
});
