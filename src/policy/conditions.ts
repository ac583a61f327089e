/**
 * `deny_if` conditions, compiled once at load into predicates over a call's arguments.
 * A condition on an absent argument never matches (except `exists`): presence is `require`'s job, so a rule such
 * as `hostid not_in [...]` does not refuse a migration that lets CloudStack pick the host unless the policy
 * also requires hostid.
 */
import type { Condition } from './schema.js';

export interface CompiledCondition {
  /** The parameter path after `args.`, e.g. `hostid` or `details.cpuNumber`. */
  readonly param: string;
  readonly op: Condition['op'];
  matches(args: Readonly<Record<string, unknown>>): boolean;
}

/** Reads `a.b.c` out of the arguments; undefined when any step is missing. */
export function readArg(args: Readonly<Record<string, unknown>>, param: string): unknown {
  let current: unknown = args;
  for (const step of param.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/**
 * CloudStack arguments arrive as JSON numbers, booleans or strings ("10", "true") depending on the client,
 * so scalars compare by their text: a policy saying `eq 10` must catch "10" too.
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
 * Longest value a `regex` rule is run on. The pattern is the operator's, but the value is the agent's: a bound
 * keeps a backtracking-prone pattern from stalling the server on a huge argument. A longer value fails closed
 * (it matches, so the call is refused), since what it holds was never checked.
 */
export const REGEX_INPUT_LIMIT = 4_096;

/** Whether a rule could not check `actual` and refused it for that reason alone. */
export function tooLongToCheck(condition: { readonly op: Condition['op'] }, actual: unknown): boolean {
  return condition.op === 'regex' && actual !== null && typeof actual !== 'object' && String(actual).length > REGEX_INPUT_LIMIT;
}

function predicate(condition: Condition): (actual: unknown) => boolean {
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
      const pattern = new RegExp(`^(?:${condition.value})$`, 'u');
      return (actual) => actual !== null && typeof actual !== 'object' && (tooLongToCheck(condition, actual) || pattern.test(String(actual)));
    }
    case 'contains':
      return (actual) =>
        Array.isArray(actual)
          ? actual.some((item) => sameScalar(item, condition.value))
          : typeof actual === 'string' && actual.includes(String(condition.value));
    case 'exists':
      // Handled in compileCondition: it is the one operator that looks at absence.
      return () => condition.value;
  }
}

export function compileCondition(condition: Condition): CompiledCondition {
  const param = condition.path.slice('args.'.length);
  const test = predicate(condition);
  if (condition.op === 'exists') {
    const wantPresent = condition.value;
    return { param, op: condition.op, matches: (args) => (readArg(args, param) !== undefined) === wantPresent };
  }
  return {
    param,
    op: condition.op,
    matches: (args) => {
      const actual = readArg(args, param);
      return actual !== undefined && test(actual);
    },
  };
}
