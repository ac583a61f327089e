/**
 * What a decision reads of the policy for one tool and command, worked out once per policy and kept: which
 * entries apply (the tool's, the command's, `all_tools`), which of `all_tools`' `params.` conditions concern the
 * command at all (its catalog parameters), the resources a rule needs, the limits, and an `action:
 * require_approval`. None of it depends on the call's values, and recomputing it (filtering, the catalog lookups,
 * the arrays) was most of a decision's cost in `node --cpu-prof` of `npm run bench -- --only policy`.
 * Every `action: require_approval` that applies is kept, not the first found: the strictest approver decides
 * (strictest-approval.ts), whichever entry asks.
 * A compiled policy is immutable and replaced as a whole on reload, so a plan never outlives its policy.
 */
import { commandSpec } from '../cloudstack/catalog.js';
import type { CompiledChecks, CompiledConditionRule, CompiledLimit, CompiledPolicy, CompiledToolRule, ResourceNeeds } from './compile.js';
import { strictestApproval, type Approval, type Approver } from './strictest-approval.js';

/** One entry's conditions, as they apply to the planned command. */
export interface PlannedChecks {
  readonly denyIf: readonly CompiledConditionRule[];
  readonly denyIfResolved: readonly CompiledConditionRule[];
  readonly approveIf: readonly CompiledConditionRule[];
  readonly onDeny?: string;
  /** Who approves what this entry's approve_if asks for (all_tools has no entry of its own: the operator). */
  readonly approver: Approver;
}

export interface CallPlan {
  readonly toolRule?: CompiledToolRule;
  readonly commandRule?: CompiledToolRule;
  /** The tool's entry, then the command's. */
  readonly rules: readonly CompiledToolRule[];
  /** The rules' checks, then all_tools'. */
  readonly sets: readonly PlannedChecks[];
  /** What a rule in force reads of the call's resources; undefined when none does. */
  readonly needs?: ResourceNeeds;
  /** Every `action: require_approval` of the tool's entry and the command's. */
  readonly asking: readonly Approval[];
  /** The strictest of `asking`: the call's approval when no `approve_if` matches. */
  readonly actionApproval?: Approval;
  /**
   * The call's approval whatever its values: `actionApproval` when no entry that applies has an `approve_if`
   * (a match could make the operator decide, or add its rule to the reason); undefined otherwise.
   * gate.refuseBeforeReads answers from it, so it must equal what decide gives for every call.
   */
  readonly approval?: Approval;
  readonly limits: readonly CompiledLimit[];
  readonly onDeny?: string;
  /**
   * Whether a step between `action` and the limits reads a value of the call (a `require`, a `deny_if`, a resource
   * lookup) or a limit counts per value. When none does, the limits decide alike whatever the call's arguments
   * and parameters, and so does `approval` when set (gate.refuseBeforeReads may then decide before the reads).
   */
  readonly readsValues: boolean;
}

/** Plans kept per policy; beyond this many tool/command pairs (only the generic tool names commands) they are not kept. */
const MAX_PLANS = 4_096;
/** Per policy: the plans by tool, then by command (no key string built per decision), and how many are kept. */
interface KeptPlans {
  readonly byTool: Map<string, Map<string, CallPlan>>;
  size: number;
}
const plans = new WeakMap<CompiledPolicy, KeptPlans>();

export function callPlan(policy: CompiledPolicy, tool: string, command: string): CallPlan {
  let kept = plans.get(policy);
  if (!kept) plans.set(policy, (kept = { byTool: new Map(), size: 0 }));
  let ofTool = kept.byTool.get(tool);
  const found = ofTool?.get(command);
  if (found) return found;
  const plan = buildPlan(policy, tool, command);
  if (kept.size < MAX_PLANS) {
    if (!ofTool) kept.byTool.set(tool, (ofTool = new Map()));
    ofTool.set(command, plan);
    kept.size++;
  }
  return plan;
}

/**
 * `all_tools` conditions on `params.<name>` apply to the calls whose command has that parameter (the catalog's),
 * so `params.forced eq true` covers stop and reboot alike and `exists: false` does not refuse commands without it.
 */
function appliesTo(condition: CompiledConditionRule, command: string): boolean {
  if (condition.path.source !== 'params') return true;
  const spec = commandSpec(command);
  return spec === undefined || Object.hasOwn(spec.params, condition.path.steps[0]!);
}

function planned(checks: CompiledChecks, onDeny: string | undefined, approver: Approver, command?: string): PlannedChecks {
  const keep = (conditions: readonly CompiledConditionRule[]) => (command === undefined ? conditions : conditions.filter((condition) => appliesTo(condition, command)));
  return { denyIf: keep(checks.denyIf), denyIfResolved: keep(checks.denyIfResolved), approveIf: keep(checks.approveIf), ...(onDeny !== undefined ? { onDeny } : {}), approver };
}

function buildPlan(policy: CompiledPolicy, tool: string, command: string): CallPlan {
  const toolRule = policy.tools.get(tool);
  const commandRule = policy.commands.get(command);
  const rules = [toolRule, commandRule].filter((rule): rule is CompiledToolRule => rule !== undefined);
  const checks: CompiledChecks[] = [...rules, policy.allTools];
  // An entry's own conditions apply to whatever it names; only all_tools' params. conditions depend on the command.
  const sets = [...rules.map((rule) => planned(rule, rule.onDeny, rule.approver)), planned(policy.allTools, undefined, 'operator', command)];
  const resource = checks.find((set) => set.needs.resource)?.needs.resource;
  const target = checks.find((set) => set.needs.target)?.needs.target;
  const asking = rules
    .filter((rule) => rule.action === 'require_approval')
    .map((rule): Approval => ({ rule: rule.actionPointer, reason: rule.reason ?? rule.onDeny ?? "the operator's policy requires it", approver: rule.approver }));
  const actionApproval = strictestApproval(asking);
  const standing = sets.every((set) => set.approveIf.length === 0) ? actionApproval : undefined;
  const onDeny = rules.find((rule) => rule.onDeny !== undefined)?.onDeny;
  const limits = checks.flatMap((set) => set.limits);
  const readsValues =
    resource !== undefined ||
    target !== undefined ||
    rules.some((rule) => rule.require.length > 0) ||
    sets.some((set) => set.denyIf.length > 0 || set.denyIfResolved.length > 0) ||
    limits.some((limit) => limit.scope.kind !== 'grant' && limit.scope.kind !== 'session');
  return {
    ...(toolRule ? { toolRule } : {}),
    ...(commandRule ? { commandRule } : {}),
    rules,
    sets,
    ...(resource || target ? { needs: { ...(resource ? { resource } : {}), ...(target ? { target } : {}) } } : {}),
    asking,
    ...(actionApproval ? { actionApproval } : {}),
    ...(standing ? { approval: standing } : {}),
    limits,
    ...(onDeny !== undefined ? { onDeny } : {}),
    readsValues,
  };
}
