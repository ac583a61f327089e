/**
 * `deny_if` / `approve_if` conditions, compiled once at load into predicates over a call's subject (its canonical
 * arguments and parameters, and the resources it acts on once resolved).
 *
 * One meaning on lists: a list value (a canonical list parameter, a `map` parameter's entries, a path through
 * them) matches when **any element** matches the operator, so `eq "0.0.0.0/0"` catches `["10.0.0.0/8",
 * "0.0.0.0/0"]` and `not_in [...]` catches a list with any element outside. An empty list matches nothing.
 * A condition on an absent value never matches (except `exists`): presence is `require`'s job, so a rule such
 * as `hostid not_in [...]` does not refuse a migration that lets CloudStack pick the host unless the policy also
 * requires hostid.
 */
import { RE2JS } from 're2js';
import { broaderThan, cidrInside, parseCidr, type Cidr } from './cidr.js';
import { compilePath, readSubject, type CompiledPath, type Subject } from './paths.js';
import type { Condition } from './schema.js';

export interface CompiledCondition {
  readonly path: CompiledPath;
  readonly op: Condition['op'];
  /** The condition's own words, if the operator gave some. */
  readonly reason?: string;
  /** `resource.state eq "Running"`: the condition as written, for messages and `policy check`. */
  readonly text: string;
  matches(subject: Subject): boolean;
}

/**
 * Values arrive as JSON numbers, booleans or strings ("10", "true") depending on the client and the field, so
 * scalars compare by their text: a policy saying `eq 10` must catch "10" too.
 */
function sameScalar(actual: unknown, expected: string | number | boolean): boolean {
  if (actual === null || typeof actual === 'object') return false;
  return String(actual) === String(expected);
}

/** A value that is present but not a number fails numeric comparisons closed: it matches, so the call is refused. */
function compareNumber(actual: unknown, test: (value: number) => boolean): boolean {
  const value = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : NaN;
  return Number.isFinite(value) ? test(value) : true;
}

/**
 * Longest value a `regex` rule is run on. RE2 runs in linear time, so no pattern can freeze the server; the
 * bound keeps a huge agent value (megabytes of user data) from costing a visible pause per rule. A longer value
 * fails closed (it matches, so the call is refused), since what it holds was never checked.
 */
export const REGEX_INPUT_LIMIT = 4_096;

/** Whether a rule could not check `actual` and refused it for that reason alone. */
export function tooLongToCheck(condition: { readonly op: Condition['op'] }, actual: unknown): boolean {
  const values = Array.isArray(actual) ? actual : [actual];
  return condition.op === 'regex' && values.some((value) => value !== null && typeof value !== 'object' && String(value).length > REGEX_INPUT_LIMIT);
}

/** A CIDR in the value, or `undefined` when the element cannot be read as one (the CIDR operators then refuse). */
function cidrOf(actual: unknown): Cidr | undefined {
  return typeof actual === 'string' ? parseCidr(actual) : undefined;
}

/** The operator on one scalar element. */
function elementPredicate(condition: Exclude<Condition, { op: 'exists' }>): (actual: unknown) => boolean {
  switch (condition.op) {
    case 'eq':
      return (actual) => sameScalar(actual, condition.value);
    case 'neq':
      return (actual) => !sameScalar(actual, condition.value);
    case 'in':
      return (actual) => condition.value.some((item) => sameScalar(actual, item));
    case 'not_in':
      return (actual) => !condition.value.some((item) => sameScalar(actual, item));
    case 'lt':
      return (actual) => compareNumber(actual, (value) => value < condition.value);
    case 'lte':
      return (actual) => compareNumber(actual, (value) => value <= condition.value);
    case 'gt':
      return (actual) => compareNumber(actual, (value) => value > condition.value);
    case 'gte':
      return (actual) => compareNumber(actual, (value) => value >= condition.value);
    case 'regex': {
      // Anchored: the whole value must match, so `^` and `$` in the policy are optional and `a|b` cannot match "xa".
      const pattern = RE2JS.compile(`(?:${condition.value})`);
      return (actual) =>
        actual !== null && typeof actual !== 'object' && (String(actual).length > REGEX_INPUT_LIMIT || pattern.testExact(String(actual)));
    }
    case 'contains':
      return (actual) => actual !== null && typeof actual !== 'object' && String(actual).includes(String(condition.value));
    case 'cidr_outside': {
      const networks = condition.value.map((text) => parseCidr(text)!);
      return (actual) => {
        const cidr = cidrOf(actual);
        return cidr === undefined || !networks.some((network) => cidrInside(cidr, network));
      };
    }
    case 'cidr_broader_than':
      return (actual) => {
        const cidr = cidrOf(actual);
        return cidr === undefined || broaderThan(cidr, condition.value);
      };
  }
}

export function compileCondition(condition: Condition): CompiledCondition {
  const path = compilePath(condition.path);
  const text = `${condition.path} ${condition.op} ${JSON.stringify(condition.value)}`;
  const base = { path, op: condition.op, text, ...(condition.reason !== undefined ? { reason: condition.reason } : {}) };
  if (condition.op === 'exists') {
    const wantPresent = condition.value;
    return { ...base, matches: (subject) => (readSubject(subject, path) !== undefined) === wantPresent };
  }
  const test = elementPredicate(condition);
  return {
    ...base,
    matches: (subject) => {
      const actual = readSubject(subject, path);
      if (actual === undefined) return false;
      return Array.isArray(actual) ? actual.some(test) : test(actual);
    },
  };
}
