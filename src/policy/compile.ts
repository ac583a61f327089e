/**
 * Turns a validated policy document into the form the engine reads on every call: per-tool and per-command rules
 * with their JSON pointers (so a refusal names the exact rule), limits with windows in milliseconds, compiled
 * conditions split by whether they need the call's resources resolved, and what each rule set needs looked up.
 */
import { compileCondition, type CompiledCondition } from './conditions.js';
import { compilePath, type CompiledPath } from './paths.js';
import { windowSeconds, type Condition, type LimitRule, type ParsedPolicy, type RateLimitShorthand, type ToolRule } from './schema.js';

export type LimitScope =
  | { readonly kind: 'grant' }
  | { readonly kind: 'session' }
  /** The resolved resource's id: one count per VM, volume ... however the call named it. */
  | { readonly kind: 'resource' }
  | { readonly kind: 'arg'; readonly param: string }
  | { readonly kind: 'param'; readonly param: string };

export interface CompiledLimit {
  /** JSON pointer of the rule, e.g. `/tools/migrate_virtual_machine/limits/0`. */
  readonly pointer: string;
  readonly counter: string;
  readonly windowMs: number;
  /** `minute`, or `90 s`, for messages. */
  readonly windowLabel: string;
  readonly max: number;
  readonly scope: LimitScope;
  /** The scope as written (`grant`, `session`, `args.virtualmachineid`). */
  readonly scopeLabel: string;
}

export interface CompiledRequirement {
  readonly pointer: string;
  readonly path: CompiledPath;
}

export interface CompiledConditionRule extends CompiledCondition {
  readonly pointer: string;
}

export type ToolAction = 'allow' | 'deny' | 'require_approval';

/** What a rule set needs resolved before it can decide: only then does the gate look the resources up. */
export interface ResourceNeeds {
  /** A `resource.` condition, a `resource` limit scope, or an `args.`/`params.` scope (flood protection). */
  readonly resource?: string;
  /** A `target.` condition. Each holds the pointer of the first rule that asks. */
  readonly target?: string;
}

/** The conditions and limits of a rule set, split once so a call pays only for what applies to it. */
export interface CompiledChecks {
  /** deny_if conditions on args./params.: checked before any lookup. */
  readonly denyIf: readonly CompiledConditionRule[];
  /** deny_if conditions on resource./target.: checked once the resources are resolved. */
  readonly denyIfResolved: readonly CompiledConditionRule[];
  readonly approveIf: readonly CompiledConditionRule[];
  readonly limits: readonly CompiledLimit[];
  readonly needs: ResourceNeeds;
}

/** A `tools.<name>` or `commands.<name>` entry. */
export interface CompiledToolRule extends CompiledChecks {
  /** `/tools/<name>` or `/commands/<name>`. */
  readonly base: string;
  readonly action: ToolAction;
  readonly actionPointer: string;
  readonly reason?: string;
  readonly onDeny?: string;
  readonly approver: 'operator' | 'client';
  readonly require: readonly CompiledRequirement[];
}

export interface CompiledPolicy {
  /** Short sha256 of the policy text: which policy decided, in every audit record. */
  readonly hash: string;
  readonly mode: 'enforce' | 'shadow';
  readonly defaultAction: 'allow' | 'deny';
  /** What an agent is told when `default: deny` refuses a tool (the built-in policy explains how to enable more). */
  readonly defaultReason?: string;
  /** Hidden tool or command → pointer of the `hide` entry that hides it. */
  readonly hidden: ReadonlyMap<string, string>;
  /** Pointer of a `"*"` entry in `hide`: hides every tool not named under `tools`. */
  readonly hideAllPointer?: string;
  readonly tools: ReadonlyMap<string, CompiledToolRule>;
  /** Rules per CloudStack command, enforced on every tool that sends it. */
  readonly commands: ReadonlyMap<string, CompiledToolRule>;
  /** `all_tools`: conditions and limits for every call. */
  readonly allTools: CompiledChecks;
  readonly allToolsLimits: readonly CompiledLimit[];
  readonly source: ParsedPolicy;
}

/** JSON pointer escaping (RFC 6901): `~` and `/` inside a key. */
export function pointerSegment(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

const WINDOW_NAMES: Record<number, string> = { 1: 'second', 60: 'minute', 3_600: 'hour', 86_400: 'day' };

function compileLimit(rule: LimitRule | (RateLimitShorthand & { counter: string }), pointer: string): CompiledLimit {
  const seconds = windowSeconds(rule.window);
  const scopeLabel = rule.scope ?? 'grant';
  return { pointer, counter: rule.counter, windowMs: seconds * 1_000, windowLabel: WINDOW_NAMES[seconds] ?? `${seconds} s`, max: rule.max, scope: scopeOf(scopeLabel), scopeLabel };
}

function scopeOf(label: string): LimitScope {
  if (label === 'grant' || label === 'session' || label === 'resource') return { kind: label };
  if (label.startsWith('params.')) return { kind: 'param', param: label.slice('params.'.length) };
  return { kind: 'arg', param: label.slice('args.'.length) };
}

function compileLimits(
  limits: readonly LimitRule[] | undefined,
  shorthand: RateLimitShorthand | undefined,
  base: string,
  shorthandCounter: string,
): CompiledLimit[] {
  const compiled = (limits ?? []).map((limit, index) => compileLimit(limit, `${base}/limits/${index}`));
  if (shorthand) compiled.push(compileLimit({ ...shorthand, counter: shorthandCounter }, `${base}/rate_limit`));
  return compiled;
}

function compileConditions(conditions: readonly Condition[] | undefined, base: string): CompiledConditionRule[] {
  return (conditions ?? []).map((condition, index) => ({ ...compileCondition(condition), pointer: `${base}/${index}` }));
}

const readsResolved = (condition: CompiledConditionRule): boolean => condition.path.source === 'resource' || condition.path.source === 'target';

function compileChecks(
  rule: { deny_if?: Condition[]; approve_if?: Condition[] },
  limits: CompiledLimit[],
  base: string,
): CompiledChecks {
  const denyIf = compileConditions(rule.deny_if, `${base}/deny_if`);
  const approveIf = compileConditions(rule.approve_if, `${base}/approve_if`);
  const all = [...denyIf, ...approveIf];
  const resource =
    all.find((condition) => condition.path.source === 'resource')?.pointer ??
    // Any per-value count resolves the resource first, so made-up ids are refused before they can take a key.
    limits.find((limit) => limit.scope.kind !== 'grant' && limit.scope.kind !== 'session')?.pointer;
  const target = all.find((condition) => condition.path.source === 'target')?.pointer;
  return {
    denyIf: denyIf.filter((condition) => !readsResolved(condition)),
    denyIfResolved: denyIf.filter(readsResolved),
    approveIf,
    limits,
    needs: { ...(resource ? { resource } : {}), ...(target ? { target } : {}) },
  };
}

function compileRule(rule: ToolRule, base: string, counterName: string, defaultSource: 'args' | 'params'): CompiledToolRule {
  return {
    base,
    action: rule.action ?? 'allow',
    actionPointer: rule.action ? `${base}/action` : base,
    reason: rule.reason,
    onDeny: rule.on_deny,
    approver: rule.approver ?? 'operator',
    require: (rule.require ?? []).map((name, index) => ({
      pointer: `${base}/require/${index}`,
      path: compilePath(/^(args|params)\./.test(name) ? name : `${defaultSource}.${name}`),
    })),
    ...compileChecks(rule, compileLimits(rule.limits, rule.rate_limit, base, counterName), base),
  };
}

export function compilePolicy(policy: ParsedPolicy, hash: string, options: { defaultReason?: string } = {}): CompiledPolicy {
  const tools = new Map<string, CompiledToolRule>();
  for (const [name, rule] of Object.entries(policy.tools ?? {})) {
    tools.set(name, compileRule(rule, `/tools/${pointerSegment(name)}`, `${name}_rate_limit`, 'args'));
  }
  const commands = new Map<string, CompiledToolRule>();
  for (const [name, rule] of Object.entries(policy.commands ?? {})) {
    commands.set(name, compileRule(rule, `/commands/${pointerSegment(name)}`, `${name}_rate_limit`, 'params'));
  }
  const hidden = new Map<string, string>();
  let hideAllPointer: string | undefined;
  (policy.hide ?? []).forEach((name, index) => {
    if (name === '*') hideAllPointer ??= `/hide/${index}`;
    else if (!hidden.has(name)) hidden.set(name, `/hide/${index}`);
  });
  const allToolsLimits = compileLimits(policy.all_tools?.limits, policy.all_tools?.rate_limit, '/all_tools', 'all_tools_rate_limit');
  return {
    hash,
    mode: policy.mode ?? 'enforce',
    defaultAction: policy.default,
    defaultReason: options.defaultReason,
    hidden,
    hideAllPointer,
    tools,
    commands,
    allTools: compileChecks(policy.all_tools ?? {}, allToolsLimits, '/all_tools'),
    allToolsLimits,
    source: policy,
  };
}
