/**
 * Fail closed on what the policy cannot look up. A `resource.`/`target.` rule means "judge this call by what it
 * acts on"; a call whose resource the resolver cannot know (a command it has no lookup for, a tag on a resource
 * type it does not look up) would otherwise find no value, so the rule would not match and the call would pass:
 * `deny_if resource.tags.env eq prod` on all_tools defeated by picking such a command. Such a call is refused
 * under the first rule that needed the resource, with why the resource could not be known.
 */
import type { CompiledPolicy } from './compile.js';
import { callPlan, type CallPlan } from './plan.js';
import type { Lookup } from './resolution.js';
import type { PolicyCall } from './types.js';

type Which = 'resource' | 'target';

/** The first condition on `which` (a deny_if or an approve_if), or, for the resource, a limit counted per resource. */
function firstRuleOn(plan: CallPlan, which: Which): { readonly pointer: string; readonly text: string } | undefined {
  for (const set of plan.sets) {
    const condition = [...set.denyIfResolved, ...set.approveIf].find((candidate) => candidate.path.source === which);
    if (condition) return { pointer: condition.pointer, text: condition.text };
  }
  if (which === 'target') return undefined;
  const limit = plan.limits.find((candidate) => candidate.scope.kind === 'resource');
  return limit ? { pointer: limit.pointer, text: `a limit of ${limit.max} per ${limit.windowLabel} per resource (${limit.counter})` } : undefined;
}

/**
 * The refusal of a call a rule in force cannot be checked on, or undefined when every rule that reads its
 * resources can be (limits per argument or parameter need no resource: they count the value).
 */
export function unresolvedLookup(policy: CompiledPolicy, call: PolicyCall): Extract<Lookup, { ok: false }> | undefined {
  const unknown = call.resources?.unknown;
  if (!unknown) return undefined;
  const plan = callPlan(policy, call.tool, call.command);
  for (const which of ['resource', 'target'] as const) {
    const why = unknown[which];
    const rule = why === undefined ? undefined : firstRuleOn(plan, which);
    if (!rule) continue;
    return {
      ok: false,
      refusal: {
        decision: 'lookup_failed',
        rule: rule.pointer,
        reason:
          `cannot check the policy's rule ${rule.pointer} (${rule.text}) on ${call.command}: ${why}, so it cannot know the ${which} this call acts on; ` +
          'refused rather than let the rule pass unchecked (nothing was sent); use a tool or command the policy can look up, or ask the operator',
      },
    };
  }
  return undefined;
}
