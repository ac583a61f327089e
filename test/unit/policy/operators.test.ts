/**
 * Every operator on scalars and on lists, on each of the four things a condition can read. A list matches when
 * any element matches; `not_in`/`neq` when any element is outside; an empty list or an absent value never
 * (except `exists`).
 */
import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../src/policy/conditions.js';
import type { Subject } from '../../../src/policy/paths.js';
import type { Condition } from '../../../src/policy/schema.js';

const on = (value: unknown): Subject => ({ args: { v: value }, params: { v: value } });

// [operator, value in the rule, scalar that matches, scalar that does not, list that matches, list that does not]
const table: Array<[Condition['op'], unknown, unknown, unknown, unknown[], unknown[]]> = [
  ['eq', '0.0.0.0/0', '0.0.0.0/0', '10.0.0.0/8', ['10.0.0.0/8', '0.0.0.0/0'], ['10.0.0.0/8', '192.168.0.0/16']],
  ['neq', 'a', 'b', 'a', ['a', 'b'], ['a', 'a']],
  ['in', ['h1', 'h2'], 'h2', 'h3', ['h3', 'h1'], ['h3', 'h4']],
  ['not_in', ['vol-1', 'vol-2'], 'vol-9', 'vol-1', ['vol-1', 'vol-9'], ['vol-1', 'vol-2']],
  ['lt', 10, 9, 10, [12, 3], [10, 11]],
  ['lte', 10, 10, 11, [11, 10], [11, 12]],
  ['gt', 10, '11', 10, [1, 11], [1, 10]],
  ['gte', 10, 10, 9.5, [1, 10], [1, 9]],
  ['regex', 'prod-.*', 'prod-db', 'my-prod-db', ['dev-1', 'prod-2'], ['dev-1', 'my-prod-2']],
  ['contains', 'prod', 'my-prod-db', 'dev', ['dev', 'prod-db'], ['dev', 'test']],
  ['cidr_outside', ['10.0.0.0/8', '192.168.0.0/16'], '203.0.113.0/24', '10.1.0.0/16', ['10.0.0.0/24', '8.8.8.0/24'], ['10.0.0.0/24', '192.168.1.0/24']],
  ['cidr_broader_than', { ipv4: 16, ipv6: 48 }, '0.0.0.0/0', '203.0.113.0/24', ['203.0.113.0/24', '10.0.0.0/8'], ['203.0.113.0/24', '2001:db8::/64']],
];

describe.each(['args', 'params'] as const)('operators on %s.', (source) => {
  describe.each(table)('%s %j', (op, value, yes, no, listYes, listNo) => {
    const rule = compileCondition({ path: `${source}.v`, op, value } as Condition);
    it('matches a scalar that satisfies it, and not one that does not', () => {
      expect(rule.matches(on(yes))).toBe(true);
      expect(rule.matches(on(no))).toBe(false);
    });
    it('matches a list when any element satisfies it, and not when none does', () => {
      expect(rule.matches(on(listYes))).toBe(true);
      expect(rule.matches(on(listNo))).toBe(false);
    });
    it('never matches an absent value or an empty list', () => {
      expect(rule.matches({ args: {}, params: {} })).toBe(false);
      expect(rule.matches(on([]))).toBe(false);
    });
  });

  it('exists looks at presence only', () => {
    const present = compileCondition({ path: `${source}.v`, op: 'exists', value: true });
    const absent = compileCondition({ path: `${source}.v`, op: 'exists', value: false });
    expect([present.matches(on('x')), present.matches(on([])), present.matches({ args: {}, params: {} })]).toEqual([true, true, false]);
    expect(absent.matches({ args: {}, params: {} })).toBe(true);
  });
});

describe('what a path reads', () => {
  it('args. and params. read their own side of the canonical call', () => {
    const subject: Subject = { args: { id: 'VM-1' }, params: { id: 'vm-1' } };
    expect(compileCondition({ path: 'params.id', op: 'eq', value: 'vm-1' }).matches(subject)).toBe(true);
    expect(compileCondition({ path: 'args.id', op: 'eq', value: 'vm-1' }).matches(subject)).toBe(false);
  });

  it('a path through a map parameter (a list of flat objects) reads every entry', () => {
    const subject: Subject = { args: {}, params: { details: [{ cpuNumber: '2' }, { cpuNumber: '32' }] } };
    expect(compileCondition({ path: 'params.details.cpuNumber', op: 'gt', value: 16 }).matches(subject)).toBe(true);
    expect(compileCondition({ path: 'params.details.memory', op: 'exists', value: true }).matches(subject)).toBe(false);
  });

  it('resource. and target. read the resolved resources; a tag key may hold dots', () => {
    const vm = { kind: 'virtualmachine' as const, id: 'vm-1', fields: { state: 'Running', tags: { env: 'prod', 'app.kubernetes.io/name': 'db' } } };
    const host = { kind: 'host' as const, id: 'h-1', fields: { name: 'kvm-old-01', resourcestate: 'Enabled' } };
    const subject: Subject = { args: {}, params: {}, resource: vm, target: host };
    expect(compileCondition({ path: 'resource.tags.env', op: 'eq', value: 'prod' }).matches(subject)).toBe(true);
    expect(compileCondition({ path: 'resource.tags.app.kubernetes.io/name', op: 'eq', value: 'db' }).matches(subject)).toBe(true);
    expect(compileCondition({ path: 'resource.state', op: 'eq', value: 'Stopped' }).matches(subject)).toBe(false);
    expect(compileCondition({ path: 'target.name', op: 'regex', value: 'kvm-old-.*' }).matches(subject)).toBe(true);
    // no resource resolved: the condition sees nothing, and only `exists: false` matches
    expect(compileCondition({ path: 'resource.tags.env', op: 'eq', value: 'prod' }).matches({ args: {}, params: {} })).toBe(false);
    expect(compileCondition({ path: 'target.name', op: 'exists', value: false }).matches({ args: {}, params: {} })).toBe(true);
  });
});

describe('failing closed', () => {
  it.each([
    ['a non-number against lt', { path: 'args.v', op: 'lt', value: 10 }, 'huge'],
    ['a non-CIDR against cidr_outside', { path: 'args.v', op: 'cidr_outside', value: ['10.0.0.0/8'] }, 'anywhere'],
    ['an inet_aton spelling against cidr_broader_than', { path: 'args.v', op: 'cidr_broader_than', value: { ipv4: 8, ipv6: 32 } }, '10.1/16'],
    ['an object in a list against not_in', { path: 'args.v', op: 'not_in', value: ['a'] }, [{ a: 1 }]],
  ] as Array<[string, Condition, unknown]>)('%s matches (the call is refused)', (_name, condition, value) => {
    expect(compileCondition(condition).matches(on(value))).toBe(true);
  });
});
