/**
 * PolicyLayer's MCP gateway format loads here unchanged. The documents below are the examples of
 * https://policylayer.com/docs/writing-policies and of its per-server policy pages, with only the tool names
 * swapped for ours (the format names tools, so theirs would be unknown tools here).
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/policy/engine.js';
import { loadPolicyText } from '../../../src/policy/load.js';
import { TOOLS, TOOL_NAMES, call } from './fixtures.js';

const known = new Set<string>(TOOL_NAMES);

function load(text: string) {
  const result = loadPolicyText(text, TOOLS);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.policy;
}

describe('a PolicyLayer gateway policy', () => {
  it('the documented policy shape, empty lists included', () => {
    const policy = load(`{
      "version": "1",
      "default": "deny",
      "hide": ["destroy_virtual_machine"],
      "all_tools": {
        "limits": []
      },
      "tools": {
        "deploy_virtual_machine": {
          "require": [],
          "deny_if": [],
          "limits": []
        }
      }
    }`);
    expect(decide(policy, known, call('deploy_virtual_machine', { name: 'web' })).kind).toBe('proceed');
    expect(decide(policy, known, call('destroy_virtual_machine', { id: 'vm1' }))).toMatchObject({ kind: 'refuse', refusal: { decision: 'hidden', rule: '/hide/0' } });
    expect(decide(policy, known, call('list_zones'))).toMatchObject({ kind: 'refuse', refusal: { rule: '/default' } });
  });

  it('"default: deny" with a tool listed as {} to allow it', () => {
    const policy = load('{ "version": "1", "default": "deny", "tools": { "list_virtual_machines": {} } }');
    expect(decide(policy, known, call('list_virtual_machines')).kind).toBe('proceed');
  });

  it('the suggested per-tool limits: counter, named window, max and grant scope', () => {
    const policy = load(`{
      "version": "1",
      "default": "allow",
      "tools": {
        "create_volume": {
          "limits": [{ "counter": "create_volume_per_hour", "window": "hour", "max": 30, "scope": "grant" }]
        },
        "list_volumes": {
          "limits": [{ "counter": "list_volumes_per_minute", "window": "minute", "max": 60, "scope": "grant" }]
        }
      }
    }`);
    const limits = policy.tools.get('create_volume')!.limits;
    expect(limits.map((limit) => [limit.counter, limit.windowMs, limit.max, limit.scopeLabel])).toEqual([['create_volume_per_hour', 3_600_000, 30, 'grant']]);
  });

  it('the wildcard "*" in hide, and require written as args.<name>', () => {
    const policy = load('{ "version": "1", "default": "allow", "hide": ["*"], "tools": { "stop_virtual_machine": { "require": ["args.id"] } } }');
    expect(decide(policy, known, call('list_zones'))).toMatchObject({ kind: 'refuse', refusal: { decision: 'hidden' } });
    expect(decide(policy, known, call('stop_virtual_machine'))).toMatchObject({
      kind: 'refuse',
      refusal: { decision: 'missing_argument', rule: '/tools/stop_virtual_machine/require/0' },
    });
    expect(decide(policy, known, call('stop_virtual_machine', { id: 'vm1' })).kind).toBe('proceed');
  });
});
