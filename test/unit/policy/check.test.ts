import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runPolicyCheck } from '../../../src/policy/check.js';
import { TOOLS, TOOLS_WITH_FACTS } from './fixtures.js';

describe('policy check', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-check-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const check = (policy: unknown, tools = TOOLS) => {
    const file = join(dir, 'policy.json');
    writeFileSync(file, typeof policy === 'string' ? policy : JSON.stringify(policy));
    return { file, ...runPolicyCheck(file, tools) };
  };

  it('prints the effective access, limits and conditions of every tool in an aligned table', () => {
    const { exitCode, output } = check({
      version: '1',
      default: 'deny',
      hide: ['reset_password_virtual_machine'],
      all_tools: { limits: [{ counter: 'all_calls', window: 'minute', max: 120, scope: 'session' }] },
      tools: {
        list_virtual_machines: {},
        migrate_virtual_machine: {
          limits: [{ counter: 'migrations_per_vm', window: 'hour', max: 2, scope: 'args.virtualmachineid' }],
          require: ['hostid'],
          deny_if: [{ path: 'args.hostid', op: 'not_in', value: ['h1', 'h2'] }],
        },
        destroy_virtual_machine: { action: 'require_approval' },
        stop_virtual_machine: { action: 'deny' },
      },
    });
    expect(exitCode).toBe(0);
    const lines = output.split('\n');
    expect(lines[1]).toMatch(/^policy [0-9a-f]{12}: version 1, default deny, mode enforce$/);
    expect(lines[2]).toBe('all tools: 120/minute all_calls per session');
    const row = (tool: string) => lines.find((line) => line.startsWith(`${tool} `))!.split(/\s{2,}/);
    expect(row('list_virtual_machines')).toEqual(['list_virtual_machines', 'allowed']);
    expect(row('migrate_virtual_machine')).toEqual([
      'migrate_virtual_machine',
      'allowed',
      '2/hour migrations_per_vm per args.virtualmachineid',
      'require hostid; deny if args.hostid not_in ["h1","h2"]',
    ]);
    expect(row('destroy_virtual_machine')).toEqual(['destroy_virtual_machine', 'approval']);
    expect(row('stop_virtual_machine')).toEqual(['stop_virtual_machine', 'denied']);
    expect(row('create_volume')).toEqual(['create_volume', 'hidden (default deny)']);
    expect(row('reset_password_virtual_machine')).toEqual(['reset_password_virtual_machine', 'hidden']);
    // aligned: the ACCESS column starts at the same offset on every row
    const header = lines.find((line) => line.startsWith('TOOL'))!;
    const offset = header.indexOf('ACCESS');
    for (const tool of TOOLS) expect(lines.find((line) => line.startsWith(`${tool.name} `))!.slice(offset, offset + 1)).toMatch(/[adh]/);
  });

  it('exits non-zero with the JSON path and the problem', () => {
    const { exitCode, output, file } = check({ version: '1', default: 'deny', tools: { migrate_virtual_machin: {} } });
    expect(exitCode).toBe(1);
    expect(output).toBe(`${file}: invalid policy\n  /tools/migrate_virtual_machin: unknown tool (did you mean migrate_virtual_machine?)`);
  });

  it('reports a missing file and broken JSON', () => {
    expect(runPolicyCheck(join(dir, 'nope.json'), TOOLS)).toMatchObject({ exitCode: 1, output: expect.stringContaining('/: cannot read') });
    expect(check('{"version":').output).toContain('/: not valid JSON');
  });

  it('groups tools by toolset and shows command rules next to the tools that send them', () => {
    const { exitCode, output } = check(
      {
        version: '1',
        default: 'allow',
        all_tools: { deny_if: [{ path: 'resource.tags.env', op: 'eq', value: 'prod' }] },
        commands: {
          stopVirtualMachine: { deny_if: [{ path: 'params.forced', op: 'eq', value: true }] },
          deleteNetwork: { action: 'deny' },
          createTags: { limits: [{ counter: 'tags', window: 'minute', max: 5 }] },
        },
        hide: ['listUsers'],
      },
      TOOLS_WITH_FACTS,
    );
    expect(exitCode).toBe(0);
    const lines = output.split('\n');
    expect(lines).toContain('all tools: deny if resource.tags.env eq "prod"');
    const vmHeading = lines.indexOf('[toolset vm]');
    expect(vmHeading).toBeGreaterThan(0);
    expect(lines[vmHeading + 1]!.split(/\s{2,}/)).toEqual(['stop_virtual_machine', 'allowed (default)', 'stopVirtualMachine: deny if params.forced eq true']);
    const command = (name: string) => lines.find((line) => line.startsWith(`${name} `))!.split(/\s{2,}/);
    expect(command('deleteNetwork')).toEqual(['deleteNetwork', 'denied', 'call_cloudstack_api']);
    expect(command('stopVirtualMachine')).toEqual(['stopVirtualMachine', 'allowed', 'deny if params.forced eq true', 'stop_virtual_machine, call_cloudstack_api']);
    expect(command('createTags')).toEqual(['createTags', 'allowed', '5/minute tags', 'call_cloudstack_api']);
    expect(lines.at(-1)).toBe(
      'call_cloudstack_api may send every reading command, and the state-changing commands named under commands: stopVirtualMachine (allowed), deleteNetwork (denied), createTags (allowed); hidden: listUsers',
    );
  });

  it('says when the generic tool sends nothing, or only the commands named under default deny', () => {
    expect(check({ version: '1', default: 'deny' }, TOOLS_WITH_FACTS).output.split('\n').at(-1)).toBe('call_cloudstack_api: hidden (sends nothing)');
    expect(check({ version: '1', default: 'deny', commands: { listVirtualMachines: {} } }, TOOLS_WITH_FACTS).output.split('\n').at(-1)).toBe(
      'call_cloudstack_api may send only the commands named under commands: listVirtualMachines (allowed)',
    );
  });

  it('says when shadow mode is on', () => {
    expect(check({ version: '1', default: 'allow', mode: 'shadow' }).output).toContain('shadow mode: nothing is refused');
  });
});
