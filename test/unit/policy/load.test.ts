import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPolicyText, loadPolicyValue } from '../../../src/policy/load.js';
import { toolFacts } from '../../../src/tools/index.js';
import { TOOLS } from './fixtures.js';

const errorsOf = (policy: unknown): readonly string[] => {
  const result = loadPolicyValue(policy, TOOLS, 'h');
  return result.ok ? [] : result.errors;
};

const base = { version: '1', default: 'deny' };

describe('loading a policy', () => {
  it('accepts the PolicyLayer shape and our extensions', () => {
    const result = loadPolicyValue(
      {
        ...base,
        mode: 'shadow',
        hide: ['reset_password_virtual_machine'],
        all_tools: { limits: [{ counter: 'all', window: 'minute', max: 120, scope: 'session' }] },
        tools: {
          list_virtual_machines: {},
          migrate_virtual_machine: {
            limits: [{ counter: 'm', window: 90, max: 10 }],
            rate_limit: { max: 3, window: 60 },
            require: ['hostid', 'args.virtualmachineid'],
            deny_if: [{ path: 'args.hostid', op: 'not_in', value: ['h1'] }],
            on_deny: 'only h1',
          },
          destroy_virtual_machine: { action: 'require_approval', reason: 'needs a human' },
        },
      },
      TOOLS,
      'h',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const migrate = result.policy.tools.get('migrate_virtual_machine')!;
    expect(migrate.limits.map((limit) => [limit.pointer, limit.counter, limit.windowMs, limit.windowLabel, limit.scopeLabel])).toEqual([
      ['/tools/migrate_virtual_machine/limits/0', 'm', 90_000, '90 s', 'grant'],
      ['/tools/migrate_virtual_machine/rate_limit', 'migrate_virtual_machine_rate_limit', 60_000, 'minute', 'grant'],
    ]);
    expect(migrate.require.map((requirement) => requirement.path.field)).toEqual(['hostid', 'virtualmachineid']);
    expect(result.policy.mode).toBe('shadow');
  });

  it.each([
    ['a misspelt tool, with a suggestion', { ...base, tools: { migrate_virtual_machin: {} } }, '/tools/migrate_virtual_machin: unknown tool (did you mean migrate_virtual_machine?)'],
    ['a tool that does not exist at all', { ...base, tools: { format_all_disks: {} } }, '/tools/format_all_disks: unknown tool'],
    ['an unknown hidden tool', { ...base, hide: ['*', 'list_vms'] }, '/hide/1: unknown tool'],
    ['an unknown top-level field', { ...base, defaults: 'deny' }, '/defaults: unknown field'],
    ['an unknown field in a tool rule', { ...base, tools: { list_zones: { limit: [] } } }, '/tools/list_zones/limit: unknown field'],
    ['an unknown field in a limit', { ...base, tools: { list_zones: { limits: [{ counter: 'c', window: 'minute', max: 1, per: 'x' }] } } }, '/tools/list_zones/limits/0/per: unknown field'],
    ['a wrong version', { ...base, version: '2' }, '/version: must be "1"'],
    ['a missing default', { version: '1' }, '/default: must be allow or deny'],
    ['a bad action', { ...base, tools: { list_zones: { action: 'maybe' } } }, '/tools/list_zones/action: must be allow, deny or require_approval'],
    ['a bad approver', { ...base, tools: { list_zones: { action: 'require_approval', approver: 'agent' } } }, '/tools/list_zones/approver: must be operator or client'],
    ['a bad window', { ...base, all_tools: { limits: [{ counter: 'c', window: 'week', max: 1 }] } }, '/all_tools/limits/0/window: must be second, minute, hour, day or a number of seconds'],
    ['a zero max', { ...base, all_tools: { limits: [{ counter: 'c', window: 'hour', max: 0 }] } }, '/all_tools/limits/0/max: must be greater than 0'],
    ['a bad scope', { ...base, all_tools: { limits: [{ counter: 'c', window: 'hour', max: 1, scope: 'user' }] } }, '/all_tools/limits/0/scope: must be grant, session, resource, args.<argument> or params.<parameter>'],
    ['an invalid regex', { ...base, tools: { list_zones: { deny_if: [{ path: 'args.name', op: 'regex', value: '(' }] } } }, '/tools/list_zones/deny_if/0/value: is not a regular expression RE2 accepts (no backreferences or lookaround; see https://github.com/google/re2/wiki/Syntax)'],
    ['a path outside args, params, resource and target', { ...base, tools: { list_zones: { deny_if: [{ path: 'hostid', op: 'eq', value: 'x' }] } } }, '/tools/list_zones/deny_if/0/path: must be args.<argument>, params.<parameter>, resource.<field> or target.<field>'],
    ['an unknown operator', { ...base, tools: { list_zones: { deny_if: [{ path: 'args.x', op: 'like', value: 'x' }] } } }, '/tools/list_zones/deny_if/0/op: op must be one of eq, neq, in, not_in, lt, lte, gt, gte, regex, contains, exists, cidr_outside, cidr_broader_than'],
    ['a list operator without a list', { ...base, tools: { list_zones: { deny_if: [{ path: 'args.x', op: 'in', value: 'x' }] } } }, '/tools/list_zones/deny_if/0/value: must be a list (JSON array), not text (a JSON string)'],
  ])('rejects %s with its JSON path', (_name, policy, message) => {
    expect(errorsOf(policy)).toContain(message);
  });

  it('reports every problem in one pass: unknown tool names next to schema errors', () => {
    expect(errorsOf({ ...base, hide: ['list_hostz'], tools: { list_zone: {}, list_hosts: { limit: [] } } })).toEqual([
      '/tools/list_hosts/limit: unknown field',
      '/tools/list_zone: unknown tool (did you mean list_zones?)',
      '/hide/0: unknown tool (did you mean list_hosts?)',
    ]);
  });

  it('rejects entries sharing a counter name with different windows or scopes, but lets max differ', () => {
    const power = (window: string | number, scope: string, max = 20) => ({ limits: [{ counter: 'vm_power', window, max, scope }] });
    expect(errorsOf({ ...base, tools: { start_virtual_machine: power('minute', 'grant'), stop_virtual_machine: power('hour', 'grant') } })).toEqual([
      '/tools/stop_virtual_machine/limits/0: counter vm_power is also defined at /tools/start_virtual_machine/limits/0 with minute per grant; entries sharing a counter need the same window and scope',
    ]);
    expect(errorsOf({ ...base, tools: { start_virtual_machine: power('minute', 'grant'), stop_virtual_machine: power('minute', 'session') } })).toHaveLength(1);
    expect(errorsOf({ ...base, tools: { start_virtual_machine: power('minute', 'grant'), stop_virtual_machine: power(60, 'grant', 5) } })).toEqual([]);
  });

  it('reports a JSON syntax error at the root', () => {
    const result = loadPolicyText('{"version": "1",', TOOLS);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/^\/: not valid JSON/);
  });

  it('hashes the text, so the audit log names the exact policy that decided', () => {
    const a = loadPolicyText(JSON.stringify(base), TOOLS);
    const b = loadPolicyText(JSON.stringify({ ...base, default: 'allow' }), TOOLS);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(a.policy.hash).toMatch(/^[0-9a-f]{12}$/);
      expect(a.policy.hash).not.toBe(b.policy.hash);
    }
  });

  it('validates the shipped policy.example.json against the real tools and their facts', () => {
    const result = loadPolicyText(readFileSync(new URL('../../../policy.example.json', import.meta.url), 'utf8'), toolFacts());
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});
