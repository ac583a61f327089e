import { describe, expect, it, vi } from 'vitest';
import { RE2JS } from 're2js';
import { REGEX_INPUT_LIMIT, compileCondition } from '../../../src/policy/conditions.js';
import { readPath } from '../../../src/policy/paths.js';
import type { Condition } from '../../../src/policy/schema.js';

const cases: Array<[Condition, Record<string, unknown>, boolean]> = [
  [{ path: 'args.zone', op: 'eq', value: 'z1' }, { zone: 'z1' }, true],
  [{ path: 'args.zone', op: 'eq', value: 'z1' }, { zone: 'z2' }, false],
  [{ path: 'args.size', op: 'eq', value: 10 }, { size: '10' }, true],
  [{ path: 'args.forced', op: 'eq', value: true }, { forced: 'true' }, true],
  [{ path: 'args.zone', op: 'neq', value: 'z1' }, { zone: 'z2' }, true],
  [{ path: 'args.zone', op: 'neq', value: 'z1' }, { zone: 'z1' }, false],
  [{ path: 'args.host', op: 'in', value: ['h1', 'h2'] }, { host: 'h2' }, true],
  [{ path: 'args.host', op: 'in', value: ['h1', 'h2'] }, { host: 'h3' }, false],
  [{ path: 'args.host', op: 'not_in', value: ['h1', 'h2'] }, { host: 'h3' }, true],
  [{ path: 'args.host', op: 'not_in', value: ['h1', 'h2'] }, { host: 'h1' }, false],
  [{ path: 'args.size', op: 'lt', value: 10 }, { size: 9 }, true],
  [{ path: 'args.size', op: 'lt', value: 10 }, { size: 10 }, false],
  [{ path: 'args.size', op: 'lte', value: 10 }, { size: 10 }, true],
  [{ path: 'args.size', op: 'lte', value: 10 }, { size: 11 }, false],
  [{ path: 'args.size', op: 'gt', value: 10 }, { size: '11' }, true],
  [{ path: 'args.size', op: 'gt', value: 10 }, { size: 10 }, false],
  [{ path: 'args.size', op: 'gte', value: 10 }, { size: 10 }, true],
  [{ path: 'args.size', op: 'gte', value: 10 }, { size: 9.5 }, false],
  // A present value that is not a number fails numeric rules closed.
  [{ path: 'args.size', op: 'lt', value: 10 }, { size: 'huge' }, true],
  [{ path: 'args.name', op: 'regex', value: 'prod-.*' }, { name: 'prod-db' }, true],
  // Anchored: a match inside the value is not enough, and alternation is grouped.
  [{ path: 'args.name', op: 'regex', value: 'prod-.*' }, { name: 'my-prod-db' }, false],
  [{ path: 'args.name', op: 'regex', value: 'a|b' }, { name: 'xa' }, false],
  [{ path: 'args.cidr', op: 'contains', value: '0.0.0.0/0' }, { cidr: '10.0.0.0/8,0.0.0.0/0' }, true],
  [{ path: 'args.cidr', op: 'contains', value: '0.0.0.0/0' }, { cidr: ['10.0.0.0/8', '0.0.0.0/0'] }, true],
  [{ path: 'args.cidr', op: 'contains', value: '0.0.0.0/0' }, { cidr: '10.0.0.0/8' }, false],
  [{ path: 'args.hostid', op: 'exists', value: true }, { hostid: 'h' }, true],
  [{ path: 'args.hostid', op: 'exists', value: true }, {}, false],
  [{ path: 'args.hostid', op: 'exists', value: false }, {}, true],
  [{ path: 'args.details.cpu', op: 'gt', value: 8 }, { details: { cpu: 16 } }, true],
  // Absent arguments never match (presence is `require`'s job).
  [{ path: 'args.host', op: 'not_in', value: ['h1'] }, {}, false],
  [{ path: 'args.size', op: 'lt', value: 10 }, {}, false],
];

describe('deny_if operators', () => {
  it.each(cases)('%j on %j matches: %s', (condition, args, expected) => {
    expect(compileCondition(condition).matches({ args, params: {} })).toBe(expected);
  });

  it('runs a regex only on values up to the input limit; a longer value fails closed without being matched', () => {
    const rule = compileCondition({ path: 'args.name', op: 'regex', value: 'prod-[a-z]+' });
    const test = vi.spyOn(RE2JS.prototype, 'testExact');
    try {
      expect(rule.matches({ params: {}, args: { name: `prod-${'a'.repeat(REGEX_INPUT_LIMIT - 5)}` } })).toBe(true);
      expect(rule.matches({ params: {}, args: { name: `dev-${'a'.repeat(REGEX_INPUT_LIMIT - 4)}` } })).toBe(false);
      expect(test).toHaveBeenCalledTimes(2);
      // one character more: refused unchecked, so a backtracking-prone pattern never sees a huge agent value
      expect(rule.matches({ params: {}, args: { name: `dev-${'a'.repeat(REGEX_INPUT_LIMIT - 3)}` } })).toBe(true);
      expect(test).toHaveBeenCalledTimes(2);
    } finally {
      test.mockRestore();
    }
  });

  it('reads nested parameters and only own properties', () => {
    expect(readPath({ a: { b: 1 } }, 'a.b')).toBe(1);
    expect(readPath({}, 'constructor')).toBeUndefined();
    expect(readPath({ a: 'text' }, 'a.length')).toBeUndefined();
  });
});
