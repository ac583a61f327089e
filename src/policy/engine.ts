/**
 * The pure part of a decision: hidden/unknown → action → require → deny_if. No clock, no counters, no I/O,
 * so it is tested with tables. What it lets through carries the limits to reserve and whether a human must
 * approve; the gate does those two stateful steps.
 */
import type { CompiledLimit, CompiledPolicy } from './compile.js';
import { REGEX_INPUT_LIMIT, readArg, tooLongToCheck } from './conditions.js';
import type { PolicyCall, PolicyRefusal } from './types.js';

export type Decision =
  | { readonly kind: 'refuse'; readonly refusal: PolicyRefusal }
  | {
      readonly kind: 'proceed';
      /** Tool limits first, then `all_tools` limits: all must have room. */
      readonly limits: readonly CompiledLimit[];
      readonly onDeny?: string;
      readonly approval?: { readonly rule: string; readonly reason: string };
    };

/** The `hide` entry that hides a tool, if any. */
export function hiddenBy(policy: CompiledPolicy, tool: string): string | undefined {
  const explicit = policy.hidden.get(tool);
  if (explicit !== undefined || policy.tools.has(tool)) return explicit;
  if (policy.hideAllPointer !== undefined) return policy.hideAllPointer;
  // Under default deny, a tool the file does not name is not offered at all: listing tools every call of which is
  // refused costs the agent context and invites refused calls. The operator sees why in `policy check` and in the
  // start-up notice. Shadow mode refuses nothing, so there the tool stays visible and its calls audit would_deny.
  return policy.defaultAction === 'deny' && policy.mode !== 'shadow' ? '/default' : undefined;
}

export function isVisible(policy: CompiledPolicy, known: ReadonlySet<string>, tool: string): boolean {
  return known.has(tool) && hiddenBy(policy, tool) === undefined;
}

function withHint(text: string, hint: string | undefined): string {
  return hint ? `${text}. ${hint}` : text;
}

export function decide(policy: CompiledPolicy, known: ReadonlySet<string>, call: PolicyCall): Decision {
  const refuse = (refusal: PolicyRefusal): Decision => ({ kind: 'refuse', refusal });
  const { tool, args } = call;
  if (!known.has(tool)) return refuse({ decision: 'hidden', rule: '/tools', reason: `unknown tool ${tool}` });
  const hidePointer = hiddenBy(policy, tool);
  if (hidePointer !== undefined) return refuse({ decision: 'hidden', rule: hidePointer, reason: `unknown tool ${tool}` });

  const rule = policy.tools.get(tool);
  if (!rule) {
    if (policy.defaultAction === 'deny') {
      const why = policy.defaultReason ?? 'the policy denies tools it does not name';
      return refuse({ decision: 'denied', rule: '/default', reason: `${tool} is not allowed: ${why}` });
    }
    return { kind: 'proceed', limits: policy.allToolsLimits };
  }
  if (rule.action === 'deny') {
    const text = rule.reason ?? rule.onDeny;
    return refuse({ decision: 'denied', rule: rule.actionPointer, reason: text ? `${tool} is denied by policy: ${text}` : `${tool} is denied by policy` });
  }
  for (const requirement of rule.require) {
    if (readArg(args, requirement.param) === undefined) {
      return refuse({
        decision: 'missing_argument',
        rule: requirement.pointer,
        reason: withHint(`argument ${requirement.param}: required by policy for ${tool}`, rule.onDeny),
      });
    }
  }
  for (const condition of rule.denyIf) {
    if (condition.matches(args)) {
      // The value itself is never echoed: it may be a secret, and the agent knows what it sent.
      const why = tooLongToCheck(condition, readArg(args, condition.param)) ? ` (longer than ${REGEX_INPUT_LIMIT} characters, too long to check)` : '';
      return refuse({ decision: 'argument_rule', rule: condition.pointer, reason: withHint(`argument ${condition.param}: value not allowed${why}`, rule.onDeny) });
    }
  }
  return {
    kind: 'proceed',
    limits: [...rule.limits, ...policy.allToolsLimits],
    onDeny: rule.onDeny,
    approval:
      rule.action === 'require_approval'
        ? { rule: rule.actionPointer, reason: rule.reason ?? rule.onDeny ?? "the operator's policy requires it" }
        : undefined,
  };
}
