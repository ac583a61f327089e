/**
 * A command rule that reads what the policy cannot look up would refuse every call of that command (fail closed,
 * unresolved.ts): load refuses it, at its pointer, saying why and what to write instead. Rules the policy can
 * check, and all_tools (whose rules apply to every command), load as before.
 */
import { describe, expect, it } from 'vitest';
import { loadPolicyValue } from '../../../src/policy/load.js';
import { toolFacts } from '../../../src/tools/all.js';

const errorsOf = (policy: unknown): readonly string[] => {
  const result = loadPolicyValue(policy, toolFacts(), 'h');
  return result.ok ? [] : result.errors;
};
const prod = { path: 'resource.tags.env', op: 'eq', value: 'prod' };
const withCommand = (name: string, entry: Record<string, unknown>) => ({ version: '1', default: 'allow', commands: { [name]: entry } });

describe('command rules on what the policy cannot look up', () => {
  it('a resource. or target. condition, or a count per resource, under restoreBackup is a load error naming why', () => {
    const why = 'the policy cannot look up what restoreBackup acts on';
    expect(errorsOf(withCommand('restoreBackup', { deny_if: [prod], approve_if: [{ path: 'target.name', op: 'eq', value: 'h' }] }))).toEqual([
      `/commands/restoreBackup/deny_if/0/path: ${why}, so resource.tags.env can never be checked and every call of restoreBackup would be refused; remove the rule, or refuse restoreBackup outright with "action": "deny"`,
      `/commands/restoreBackup/approve_if/0/path: ${why}, so target.name can never be checked and every call of restoreBackup would be refused; remove the rule, or refuse restoreBackup outright with "action": "deny"`,
    ]);
    expect(errorsOf(withCommand('restoreBackup', { limits: [{ counter: 'c', window: 'hour', max: 1, scope: 'resource' }] }))).toEqual([
      `/commands/restoreBackup/limits/0/scope: ${why}, so a count per resource can never be checked and every call of restoreBackup would be refused; remove the rule, or refuse restoreBackup outright with "action": "deny"`,
    ]);
  });

  it('commands the policy can look up, argument rules on any command, and all_tools load', () => {
    expect(errorsOf(withCommand('unmanageVirtualMachine', { deny_if: [prod] }))).toEqual([]);
    expect(errorsOf(withCommand('deleteVMSnapshot', { deny_if: [prod] }))).toEqual([]);
    expect(errorsOf(withCommand('restoreBackup', { deny_if: [{ path: 'params.id', op: 'eq', value: 'x' }], limits: [{ counter: 'c', window: 'hour', max: 1, scope: 'params.id' }] }))).toEqual([]);
    expect(errorsOf({ version: '1', default: 'allow', all_tools: { deny_if: [prod] }, commands: { restoreBackup: {} } })).toEqual([]);
  });
});
