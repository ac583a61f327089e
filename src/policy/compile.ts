/**
 * Turns a validated policy document into the form the engine reads on every call: per-tool rules with their
 * JSON pointers (so a refusal names the exact rule), limits with windows in milliseconds, compiled conditions.
 */
import { compileCondition, type CompiledCondition } from './conditions.js';
import { windowSeconds, type LimitRule, type ParsedPolicy, type RateLimitShorthand } from './schema.js';

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
  readonly param: string;
}

export interface CompiledConditionRule extends CompiledCondition {
  readonly pointer: string;
}

export type ToolAction = 'allow' | 'deny' | 'require_approval';

export interface CompiledToolRule {
  readonly action: ToolAction;
  readonly actionPointer: string;
  readonly reason?: string;
  readonly onDeny?: string;
  readonly require: readonly CompiledRequirement[];
  readonly denyIf: readonly CompiledConditionRule[];
  readonly limits: readonly CompiledLimit[];
}

export interface CompiledPolicy {
  /** Short sha256 of the policy text: which policy decided, in every audit record. */
  readonly hash: string;
  readonly mode: 'enforce' | 'shadow';
  readonly defaultAction: 'allow' | 'deny';
  /** What an agent is told when `default: deny` refuses a tool (the built-in policy explains how to enable more). */
  readonly defaultReason?: string;
  /** Hidden tool → pointer of the `hide` entry that hides it. */
  readonly hidden: ReadonlyMap<string, string>;
  /** Pointer of a `"*"` entry in `hide`: hides every tool not named under `tools`. */
  readonly hideAllPointer?: string;
  readonly tools: ReadonlyMap<string, CompiledToolRule>;
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

export function compilePolicy(policy: ParsedPolicy, hash: string, options: { defaultReason?: string } = {}): CompiledPolicy {
  const tools = new Map<string, CompiledToolRule>();
  for (const [name, rule] of Object.entries(policy.tools ?? {})) {
    const base = `/tools/${pointerSegment(name)}`;
    tools.set(name, {
      action: rule.action ?? 'allow',
      actionPointer: rule.action ? `${base}/action` : base,
      reason: rule.reason,
      onDeny: rule.on_deny,
      require: (rule.require ?? []).map((param, index) => ({ pointer: `${base}/require/${index}`, param: param.replace(/^args\./, '') })),
      denyIf: (rule.deny_if ?? []).map((condition, index) => ({ ...compileCondition(condition), pointer: `${base}/deny_if/${index}` })),
      limits: compileLimits(rule.limits, rule.rate_limit, base, `${name}_rate_limit`),
    });
  }
  const hidden = new Map<string, string>();
  let hideAllPointer: string | undefined;
  (policy.hide ?? []).forEach((name, index) => {
    if (name === '*') hideAllPointer ??= `/hide/${index}`;
    else if (!hidden.has(name)) hidden.set(name, `/hide/${index}`);
  });
  return {
    hash,
    mode: policy.mode ?? 'enforce',
    defaultAction: policy.default,
    defaultReason: options.defaultReason,
    hidden,
    hideAllPointer,
    tools,
    allToolsLimits: compileLimits(policy.all_tools?.limits, policy.all_tools?.rate_limit, '/all_tools', 'all_tools_rate_limit'),
    source: policy,
  };
}
