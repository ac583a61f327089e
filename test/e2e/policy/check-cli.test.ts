/**
 * `cloudstack-mcp policy check FILE` through the built CLI, as an operator runs it before shipping a policy:
 * the table on stdout and exit 0 when valid; every problem with its JSON path on stderr and a non-zero exit when not.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolFacts } from '../../../src/tools/index.js';
import { REPO, runCli, scratchDir } from '../../helpers/cli.js';

function policyFile(content: unknown): string {
  const file = join(scratchDir(), 'policy.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const rowOf = (stdout: string, tool: string): string[] | undefined =>
  stdout
    .split('\n')
    .find((line) => line.startsWith(`${tool} `))
    ?.split(/\s{2,}/);

describe('cloudstack-mcp policy check', () => {
  it('prints the effective table of every tool for the shipped policy.example.json', async () => {
    const { code, stdout, stderr } = await runCli(['policy', 'check', join(REPO, 'policy.example.json')]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/policy\.example\.json: valid\npolicy [0-9a-f]{12}: version 1, default deny, mode enforce\n/);
    for (const tool of toolFacts()) expect(rowOf(stdout, tool.name), tool.name).toBeDefined();
    // what the demo and the operator rely on
    expect(rowOf(stdout, 'create_ssh_key_pair')).toEqual(['create_ssh_key_pair', 'denied']);
    expect(rowOf(stdout, 'destroy_virtual_machine')).toEqual([
      'destroy_virtual_machine',
      'allowed',
      '5/hour destroys',
      'approval if resource.state eq "Running"; approval if args.expunge eq true',
    ]);
    // Forced power-off is refused for every command by one all_tools rule, not per tool.
    expect(rowOf(stdout, 'stop_virtual_machine')?.slice(1)).toEqual(['allowed', '20/minute vm_power; 3/hour stops_per_vm per resource']);
    expect(rowOf(stdout, 'migrate_virtual_machine')?.[2]).toContain('2/hour migrations_per_vm per resource');
  });

  it('fails with every problem and its JSON path on stderr, and nothing on stdout', async () => {
    const file = policyFile({ version: '1', default: 'deny', hide: ['list_hostz'], tools: { migrate_virtual_machin: {}, list_zones: { limit: [] } } });
    const { code, stdout, stderr } = await runCli(['policy', 'check', file]);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${file}: invalid policy`);
    expect(stderr).toContain('/tools/list_zones/limit: unknown field');
    expect(stderr).toContain('/tools/migrate_virtual_machin: unknown tool (did you mean migrate_virtual_machine?)');
    expect(stderr).toContain('/hide/0: unknown tool (did you mean list_hosts?)');
  });

  it('refuses a destroy rule on params.expunge (not sent when it expunges a Destroyed VM) and names destroy_virtual_machine as a sender of expungeVirtualMachine', async () => {
    const approveIf = [{ path: 'resource.state', op: 'eq', value: 'Running' }, { path: 'params.expunge', op: 'eq', value: true }];
    const commands = { expungeVirtualMachine: { action: 'require_approval' } };
    const refused = await runCli(['policy', 'check', policyFile({ version: '1', default: 'allow', tools: { destroy_virtual_machine: { approve_if: approveIf } }, commands })]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(
      '/tools/destroy_virtual_machine/approve_if/1/path: params.expunge is not sent when destroy_virtual_machine expunges a VM that is already Destroyed ' +
        '(expungeVirtualMachine has no expunge); the rule would not apply then: write args.expunge (what the agent asked) or add a rule under commands.expungeVirtualMachine',
    );
    approveIf[1]!.path = 'args.expunge';
    const { code, stdout, stderr } = await runCli(['policy', 'check', policyFile({ version: '1', default: 'allow', tools: { destroy_virtual_machine: { approve_if: approveIf } }, commands })]);
    expect(code, stderr).toBe(0);
    expect(rowOf(stdout, 'expungeVirtualMachine')).toEqual(['expungeVirtualMachine', 'approval', 'destroy_virtual_machine, expunge_virtual_machine, call_cloudstack_api']);
    // Allowed, not "approval": only the calls that expunge a Destroyed VM are that command, and the row says when.
    expect(rowOf(stdout, 'destroy_virtual_machine')?.slice(1)).toEqual([
      'allowed',
      'approval if resource.state eq "Running"; approval if args.expunge eq true; expungeVirtualMachine (when it expunges a VM that is already Destroyed): approval',
    ]);
  });

  it('names a file it cannot read, and broken JSON', async () => {
    const missing = await runCli(['policy', 'check', join(scratchDir(), 'nope.json')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/\/: cannot read .*nope\.json \(ENOENT\)/);
    const broken = await runCli(['policy', 'check', policyFile('{"version": "1",')]);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toContain('/: not valid JSON');
  });

  it('accepts a policy written for the PolicyLayer gateway unchanged', async () => {
    const file = policyFile({
      version: '1',
      default: 'deny',
      hide: ['create_ssh_key_pair'],
      all_tools: { limits: [] },
      tools: {
        list_virtual_machines: {},
        create_volume: { require: [], deny_if: [], limits: [{ counter: 'create_volume_per_hour', window: 'hour', max: 30, scope: 'grant' }] },
      },
    });
    const { code, stdout, stderr } = await runCli(['policy', 'check', file]);
    expect(code, stderr).toBe(0);
    expect(rowOf(stdout, 'create_volume')).toEqual(['create_volume', 'allowed', '30/hour create_volume_per_hour']);
    expect(rowOf(stdout, 'create_ssh_key_pair')).toEqual(['create_ssh_key_pair', 'hidden']);
  });
});
