/**
 * Fail closed on what the policy cannot look up: a call whose resolver says its resource (or target) cannot be
 * known is refused under the first rule that reads it, naming that rule and why, in enforce mode; audited as
 * would_deny in shadow mode. Rules that read no resource (or count per argument) still decide as before.
 */
import { describe, expect, it } from 'vitest';
import type { ResourceResolver } from '../../../src/policy/resources.js';
import type { PolicyCall } from '../../../src/policy/types.js';
import { TOOLS_WITH_FACTS, fakeResolver, genericCall, neverAsked, testGate } from './fixtures.js';

const tools = TOOLS_WITH_FACTS;
const WHY = 'the policy cannot look up what restoreBackup acts on';
const unknownResolver = (parts: ResourceResolver['unknown'] = { resource: WHY, target: WHY }): ResourceResolver => ({ ...fakeResolver(undefined).resolver, unknown: parts });
const restore = (resolver: ResourceResolver = unknownResolver()): PolicyCall => ({ ...genericCall('restoreBackup', { id: 'b-1' }, false), resources: resolver });

const prod = { path: 'resource.tags.env', op: 'eq', value: 'prod', reason: 'prod is the release pipeline’s' };

describe('a rule on what the policy cannot look up refuses the call', () => {
  it('all_tools deny_if resource.tags: refused, naming the rule, its condition and why; nothing is looked up', async () => {
    const { gate, records } = testGate({ version: '1', default: 'allow', all_tools: { deny_if: [prod] }, commands: { restoreBackup: {} } }, { tools });
    const resolver = unknownResolver();
    let asked = 0;
    const counting = { ...resolver, resource: () => (asked++, resolver.resource()), target: () => (asked++, resolver.target()) };
    const refused = await gate.admit(restore(counting), neverAsked);
    expect(refused.allowed).toBe(false);
    expect(refused.allowed === false && refused.refusal).toMatchObject({ decision: 'lookup_failed', rule: '/all_tools/deny_if/0' });
    expect(refused.allowed === false && refused.refusal.reason).toBe(
      `cannot check the policy's rule /all_tools/deny_if/0 (resource.tags.env eq "prod") on restoreBackup: ${WHY}, so it cannot know the resource this call acts on; ` +
        'refused rather than let the rule pass unchecked (nothing was sent); use a tool or command the policy can look up, or ask the operator',
    );
    expect(asked).toBe(0);
    expect(records.at(-1)).toMatchObject({ event: 'deny', refusal: 'lookup_failed', rule: '/all_tools/deny_if/0', command: 'restoreBackup' });
  });

  it('a target rule, an approve_if and a per-resource limit need the resource too', async () => {
    for (const [entry, rule] of [
      [{ deny_if: [{ path: 'target.hosttags', op: 'contains', value: 'gpu' }] }, '/commands/restoreBackup/deny_if/0'],
      [{ approve_if: [prod] }, '/commands/restoreBackup/approve_if/0'],
      [{ limits: [{ counter: 'per_vm', window: 'hour', max: 2, scope: 'resource' }] }, '/commands/restoreBackup/limits/0'],
    ] as const) {
      const { gate } = testGate({ version: '1', default: 'allow', commands: { restoreBackup: entry } }, { tools });
      const refused = await gate.admit(restore(), neverAsked);
      expect(refused.allowed === false && refused.refusal, JSON.stringify(entry)).toMatchObject({ decision: 'lookup_failed', rule });
    }
  });

  it('only the unknown part counts: a known resource with an unknown resource type of tag is refused, an unknown target without a target rule is not', async () => {
    const { gate } = testGate({ version: '1', default: 'allow', all_tools: { deny_if: [{ path: 'target.tags.env', op: 'eq', value: 'prod' }] }, commands: { restoreBackup: {} } }, { tools });
    expect((await gate.admit(restore(unknownResolver({ resource: WHY })), neverAsked)).allowed).toBe(true);
    expect((await gate.admit(restore(unknownResolver({ target: WHY })), neverAsked)).allowed).toBe(false);
  });

  it('rules that read no resource, and limits per parameter, decide as before', async () => {
    const { gate } = testGate(
      { version: '1', default: 'allow', commands: { restoreBackup: { limits: [{ counter: 'per_backup', window: 'hour', max: 1, scope: 'params.id' }] } } },
      { tools },
    );
    expect((await gate.admit(restore(), neverAsked)).allowed).toBe(true);
    const again = await gate.admit(restore(), neverAsked);
    expect(again.allowed === false && again.refusal.decision).toBe('rate_limited');
  });

  it('in shadow mode it is audited as would_deny and the call goes on', async () => {
    const { gate, records } = testGate({ version: '1', default: 'allow', mode: 'shadow', all_tools: { deny_if: [prod] }, commands: { restoreBackup: {} } }, { tools });
    expect((await gate.admit(restore(), neverAsked)).allowed).toBe(true);
    expect(records.map((record) => record.event)).toEqual(['would_deny', 'allow']);
  });
});
