/**
 * The pure part of a decision. No clock, no counters, no I/O, so it is tested with tables. The order:
 *   unknown / hidden tool → hidden command (generic tool) → access (the tool's entry or `default`; for the generic
 *   tool the command's entry) → `action: deny` of the tool and of the command → `require` → `deny_if` on
 *   arguments and parameters → (the gate resolves the resources, if a rule in force needs them) → `deny_if` on
 *   `resource.`/`target.` → `approve_if` and `action: require_approval` → the limits of all of them.
 * Tool entry, command entry and `all_tools` are all enforced: any deny refuses, every limit counts, and of every
 * approval that applies the strictest decides (an operator's over a client's, strictest-approval.ts).
 */
import type { CompiledConditionRule, CompiledLimit, CompiledPolicy, CompiledToolRule, ResourceNeeds } from './compile.js';
import { REGEX_INPUT_LIMIT, tooLongToCheck } from './conditions.js';
import { readSubject, type Subject } from './paths.js';
import { callPlan, type CallPlan } from './plan.js';
import type { ResolvedResource } from './resources.js';
import { strictestApproval, type Approval } from './strictest-approval.js';
import { GENERIC_CALL_TOOL, GENERIC_SEARCH_TOOL } from './tool-facts.js';
import type { PolicyCall, PolicyRefusal } from './types.js';

export type Decision =
  | { readonly kind: 'refuse'; readonly refusal: PolicyRefusal }
  /** A rule in force reads the call's resources: the gate looks them up and decides again with them. */
  | { readonly kind: 'resolve'; readonly needs: ResourceNeeds }
  | {
      readonly kind: 'proceed';
      /** Tool limits first, then the command's, then `all_tools`: all must have room. */
      readonly limits: readonly CompiledLimit[];
      readonly onDeny?: string;
      readonly approval?: Approval;
    };

/** The call's resources as the gate resolved them (absent: the call names none, or no rule needed them). */
export interface Resolved {
  readonly resource?: ResolvedResource;
  readonly target?: ResolvedResource;
}

/** The `hide` entry that hides a tool, if any. */
export function hiddenBy(policy: CompiledPolicy, tool: string): string | undefined {
  const explicit = policy.hidden.get(tool);
  if (explicit !== undefined || policy.tools.has(tool)) return explicit;
  if (policy.hideAllPointer !== undefined) return policy.hideAllPointer;
  // Under default deny the generic tool is offered when the policy names commands it may send.
  // search_cloudstack_api comes with it: without it the agent cannot look up those commands' parameters.
  if ((tool === GENERIC_CALL_TOOL || tool === GENERIC_SEARCH_TOOL) && policy.commands.size > 0) return undefined;
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

/** The line an operator adds to let the generic tool send a command. */
export function commandLine(command: string): string {
  return `"commands": {${JSON.stringify(command)}: {}}`;
}

/** What the steps before `require` look at: the tool, the command and whether it reads, never a value. */
export type CallIdentity = Pick<PolicyCall, 'tool' | 'command' | 'reads'>;

/** Who may send the call at all: the tool's entry, or for the generic tool the command's; else `default`. */
function accessRefusal(policy: CompiledPolicy, call: CallIdentity, toolRule: CompiledToolRule | undefined, commandRule: CompiledToolRule | undefined): PolicyRefusal | undefined {
  const { tool, command } = call;
  if (tool === GENERIC_CALL_TOOL) {
    if (commandRule) return undefined;
    if (policy.defaultAction === 'deny') {
      return { decision: 'denied', rule: '/default', reason: `${tool} may not send ${command}: the policy names no such command; to allow it, add ${commandLine(command)}` };
    }
    if (!call.reads) {
      return {
        decision: 'denied',
        rule: '/default',
        reason: `${tool} may not send ${command}: it changes the cloud, and state-changing commands need an entry in the policy's commands section; to allow it, add ${commandLine(command)}`,
      };
    }
    return undefined;
  }
  // Offered with the generic call tool when commands are named (hiddenBy): a read that lists only those commands.
  const searchOffered = tool === GENERIC_SEARCH_TOOL && policy.commands.size > 0;
  if (!toolRule && policy.defaultAction === 'deny' && !searchOffered) {
    const why = policy.defaultReason ?? 'the policy denies tools it does not name';
    return { decision: 'denied', rule: '/default', reason: `${tool} is not allowed: ${why}` };
  }
  return undefined;
}

function actionRefusal(rule: CompiledToolRule, name: string): PolicyRefusal | undefined {
  if (rule.action !== 'deny') return undefined;
  const text = rule.reason ?? rule.onDeny;
  return { decision: 'denied', rule: rule.actionPointer, reason: text ? `${name} is denied by policy: ${text}` : `${name} is denied by policy` };
}

/** Words for the value a condition looked at; the value itself is never echoed (it may be a secret). */
function conditionSubject(condition: CompiledConditionRule, call: PolicyCall, subject: Subject): string {
  const { source, field } = condition.path;
  if (source === 'args') return `argument ${field}`;
  if (source === 'params') return `parameter ${field} of ${call.command}`;
  const resolved = subject[source];
  const name = resolved ? ` (${resolved.kind} ${typeof resolved.fields.name === 'string' ? `${resolved.fields.name}, ` : ''}${resolved.id})` : '';
  return `${source}.${field}${name}`;
}

function conditionRefusal(condition: CompiledConditionRule, call: PolicyCall, subject: Subject, onDeny: string | undefined): PolicyRefusal {
  const onResources = condition.path.source === 'resource' || condition.path.source === 'target';
  const tooLong = tooLongToCheck(condition, readSubject(subject, condition.path)) ? ` (longer than ${REGEX_INPUT_LIMIT} characters, too long to check)` : '';
  const own = condition.reason ? `: ${condition.reason}` : '';
  return {
    decision: onResources ? 'resource_rule' : 'argument_rule',
    rule: condition.pointer,
    reason: withHint(`${conditionSubject(condition, call, subject)}: value not allowed${tooLong}${own}`, onDeny),
  };
}

function firstMatch(conditions: readonly CompiledConditionRule[], subject: Subject): CompiledConditionRule | undefined {
  for (const condition of conditions) if (condition.matches(subject)) return condition;
  return undefined;
}

function approvalReason(condition: CompiledConditionRule): string {
  return condition.reason ?? `the operator's policy requires it when ${condition.text}`;
}

/**
 * The steps that read no value of the call (unknown or hidden tool, hidden command, access, `action: deny`), then
 * the plan the rest of the decision follows. Typed on the call's identity alone, so a refusal from here stands
 * whatever parameters the call ends up with: gate.refuseBeforeReads gives it before the canonical call is complete.
 */
export function standing(policy: CompiledPolicy, known: ReadonlySet<string>, call: CallIdentity): { readonly refusal: PolicyRefusal } | { readonly plan: CallPlan } {
  const { tool, command } = call;
  if (!known.has(tool)) return { refusal: { decision: 'hidden', rule: '/tools', reason: `unknown tool ${tool}` } };
  const hidePointer = hiddenBy(policy, tool);
  if (hidePointer !== undefined) return { refusal: { decision: 'hidden', rule: hidePointer, reason: `unknown tool ${tool}` } };
  if (tool === GENERIC_CALL_TOOL) {
    const hiddenCommand = policy.hidden.get(command);
    if (hiddenCommand !== undefined) return { refusal: { decision: 'hidden', rule: hiddenCommand, reason: `unknown command ${command}` } };
  }

  // Which entries and conditions apply to this tool and command: worked out once per policy (plan.ts).
  const plan = callPlan(policy, tool, command);
  const access = accessRefusal(policy, call, plan.toolRule, plan.commandRule);
  if (access) return { refusal: access };
  for (const rule of plan.rules) {
    const denied = actionRefusal(rule, rule === plan.toolRule ? tool : command);
    if (denied) return { refusal: denied };
  }
  return { plan };
}

export function decide(policy: CompiledPolicy, known: ReadonlySet<string>, call: PolicyCall, resolved?: Resolved): Decision {
  const refuse = (refusal: PolicyRefusal): Decision => ({ kind: 'refuse', refusal });
  const first = standing(policy, known, call);
  if ('refusal' in first) return refuse(first.refusal);
  const { plan } = first;
  const { toolRule, rules, sets } = plan;
  const { tool, command } = call;
  const subject: Subject = resolved === undefined ? { args: call.args, params: call.params } : { args: call.args, params: call.params, ...resolved };
  for (const rule of rules) {
    for (const requirement of rule.require) {
      if (readSubject(subject, requirement.path) === undefined) {
        const what = requirement.path.source === 'args' ? `argument ${requirement.path.field}` : `parameter ${requirement.path.field}`;
        return refuse({
          decision: 'missing_argument',
          rule: requirement.pointer,
          reason: withHint(`${what}: required by policy for ${rule === toolRule ? tool : command}`, rule.onDeny),
        });
      }
    }
  }
  for (const set of sets) {
    const matched = firstMatch(set.denyIf, subject);
    if (matched) return refuse(conditionRefusal(matched, call, subject, set.onDeny));
  }

  if (resolved === undefined && plan.needs) return { kind: 'resolve', needs: plan.needs };
  for (const set of sets) {
    const matched = firstMatch(set.denyIfResolved, subject);
    if (matched) return refuse(conditionRefusal(matched, call, subject, set.onDeny));
  }

  // Every approve_if that matches, of every entry, with the actions' approvals: none may be skipped, or a client
  // approval found first would answer for an operator's.
  let matched: Approval[] | undefined;
  for (const set of sets) {
    for (const condition of set.approveIf) {
      if (condition.matches(subject)) (matched ??= []).push({ rule: condition.pointer, reason: approvalReason(condition), approver: set.approver });
    }
  }
  const approval = matched ? strictestApproval([...plan.asking, ...matched]) : plan.actionApproval;
  return { kind: 'proceed', limits: plan.limits, onDeny: plan.onDeny, ...(approval ? { approval } : {}) };
}
