/**
 * Load-time checks of every path a policy uses (tool and command names are names.ts's): condition paths, `require` entries and
 * limit scopes, and values whose type cannot match the parameter. A misspelt path would otherwise be a rule
 * that never matches (a forced stop let through) and a misspelt scope one global counter. Each error names its
 * JSON pointer and the closest valid name. Facts a tool does not declare yet (`ToolFacts.args`, `.command`,
 * `.resourceKind`) skip their check rather than fail a valid policy. A tool that may send another command
 * (`ToolFacts.alsoSends`) gets its `params.` paths checked against every command it sends: a parameter only some
 * of them have is absent from the others' calls, where the rule would silently not apply (fail open).
 */
import { commandSpec, type ParamType } from '../cloudstack/catalog.js';
import { isCidrText } from './cidr.js';
import { pointerSegment } from './compile.js';
import { allToolsScope, commandScope, toolScope, union, type Scope } from './reference-scopes.js';
import { RESOURCE_FIELDS, isResourceField } from './resource-fields.js';
import type { ResourceKind } from './resources.js';
import type { Condition, ParsedPolicy, ToolRule } from './schema.js';
import type { SentCommand } from './sent-commands.js';
import { didYouMean } from './suggest.js';
import type { ToolFacts } from './tool-facts.js';

/** What a `params.` path on a parameter only some of the tool's commands have would do on the others' calls. */
const NOT_APPLIED = 'the rule would not apply then';

function fieldError(source: 'resource' | 'target', field: string, kindsInScope: readonly ResourceKind[]): string | undefined {
  if (kindsInScope.some((kind) => isResourceField(kind, field))) return undefined;
  const fields = union(kindsInScope.map((kind) => RESOURCE_FIELDS[kind]))!;
  const what = kindsInScope.length === 1 ? `a ${kindsInScope[0]}` : `any of ${kindsInScope.join(', ')}`;
  return `${source}.${field} is no field of ${what}${didYouMean(field.split('.')[0]!, fields, `${source}.`)}`;
}

/** A rule on what the policy cannot look up would refuse every call (unresolved.ts): say so at load instead. */
function unresolvableError(what: string, scope: Scope): string {
  return `${scope.unresolvable}, so ${what} can never be checked and every call of ${scope.owner} would be refused; remove the rule, or refuse ${scope.owner} outright with "action": "deny"`;
}

/** `params.expunge is not sent when destroy_virtual_machine expunges …`: which call lacks it and what to write. */
function partialParamError(name: string, scope: Scope, without: SentCommand, effect: string): string {
  const instead = scope.args?.has(name) ? `write args.${name} (what the agent asked) or ` : '';
  return `params.${name} is not sent when ${scope.owner} ${without.when} (${without.command} has no ${name}); ${effect}: ${instead}add a rule under commands.${without.command}`;
}

/** The problem with a path (`args.forcd`), or undefined; `effect` says what a parameter only some sent commands have would do. */
function pathError(path: string, scope: Scope, effect = NOT_APPLIED): string | undefined {
  const dot = path.indexOf('.');
  const source = path.slice(0, dot);
  const field = path.slice(dot + 1);
  const name = field.split('.')[0]!;
  if (source === 'args' && scope.args && !scope.args.has(name)) {
    return `args.${name} is no parameter of ${scope.owner}${didYouMean(name, scope.args, 'args.')}`;
  }
  if (source === 'params' && scope.params && !scope.params.has(name)) {
    return `params.${name} is no parameter of ${scope.command ?? 'any CloudStack command'}${didYouMean(name, scope.params.keys(), 'params.')}`;
  }
  const without = source === 'params' ? scope.sent?.find((sent) => !sent.params.has(name)) : undefined;
  if (without) return partialParamError(name, scope, without, effect);
  if ((source === 'resource' || source === 'target') && scope.unresolvable !== undefined) return unresolvableError(path, scope);
  if ((source === 'resource' || source === 'target') && scope[source === 'resource' ? 'resourceKinds' : 'targetKinds']) {
    return fieldError(source, field, scope[source === 'resource' ? 'resourceKinds' : 'targetKinds']!);
  }
  if ((source === 'resource' || source === 'target') && scope.declaresKinds) {
    // The tool declares its facts and acts on no resource of that role: the rule could never match.
    return `${scope.owner} acts on no ${source === 'resource' ? 'resource' : 'target'} the policy can look up, so ${path} never has a value`;
  }
  return undefined;
}

const NUMERIC = new Set(['integer', 'long', 'number', 'short']);

/** The catalog type of the parameter a path reads (args mirror the command's parameters of the same name). */
function typeOf(path: string, scope: Scope): ParamType | undefined {
  const [source, name, ...rest] = path.split('.');
  if (rest.length > 0 || (source !== 'args' && source !== 'params')) return undefined;
  return scope.params?.get(name!);
}

/** A value whose type cannot match the parameter: the rule would never fire, or fire always. */
function valueError(condition: Condition, scope: Scope): string | undefined {
  const type = typeOf(condition.path, scope)?.toLowerCase();
  if (type === undefined) return undefined;
  const name = condition.path.slice(condition.path.indexOf('.') + 1);
  const values = condition.op === 'in' || condition.op === 'not_in' ? condition.value : [condition.value];
  if (type === 'boolean') {
    if (['lt', 'lte', 'gt', 'gte', 'cidr_outside', 'cidr_broader_than'].includes(condition.op)) return `${condition.op} cannot apply to ${name}, a boolean`;
    if (['eq', 'neq', 'in', 'not_in'].includes(condition.op)) {
      const wrong = values.find((value) => typeof value !== 'boolean');
      if (wrong !== undefined) return `${JSON.stringify(wrong)} can never equal ${name}, a boolean: write ${String(wrong).toLowerCase() === 'false' ? 'false' : 'true'} without quotes`;
    }
  }
  if (NUMERIC.has(type)) {
    if (condition.op === 'cidr_outside' || condition.op === 'cidr_broader_than') return `${condition.op} cannot apply to ${name}, a number`;
    if (['eq', 'neq', 'in', 'not_in'].includes(condition.op)) {
      const wrong = values.find((value) => typeof value === 'boolean' || (typeof value === 'string' && !/^-?\d+(\.\d+)?$/.test(value.trim())));
      if (wrong !== undefined) return `${JSON.stringify(wrong)} can never equal ${name}, a number`;
    }
  }
  if ((condition.op === 'eq' || condition.op === 'neq' || condition.op === 'contains') && /cidr/.test(name) && typeof condition.value === 'string' && condition.value.includes('/') && !isCidrText(condition.value)) {
    return `${JSON.stringify(condition.value)} is not a CIDR, so it can never equal a CIDR of ${name} in its canonical form`;
  }
  return undefined;
}

function checkRule(rule: ToolRule | NonNullable<ParsedPolicy['all_tools']>, base: string, scope: Scope, defaultSource: 'args' | 'params'): string[] {
  const errors: string[] = [];
  for (const key of ['deny_if', 'approve_if'] as const) {
    (rule[key] ?? []).forEach((condition, index) => {
      const at = `${base}/${key}/${index}`;
      const problem = pathError(condition.path, scope);
      if (problem) errors.push(`${at}/path: ${problem}`);
      else {
        const wrongValue = valueError(condition, scope);
        if (wrongValue) errors.push(`${at}/value: ${wrongValue}`);
      }
    });
  }
  if ('require' in rule) {
    (rule.require ?? []).forEach((name, index) => {
      const problem = pathError(/^(args|params)\./.test(name) ? name : `${defaultSource}.${name}`, scope, 'the requirement would refuse every such call then');
      if (problem) errors.push(`${base}/require/${index}: ${problem}`);
    });
  }
  const limits: (readonly [string, string])[] = (rule.limits ?? []).map((limit, index) => [limit.scope, `${base}/limits/${index}/scope`]);
  if (rule.rate_limit?.scope) limits.push([rule.rate_limit.scope, `${base}/rate_limit/scope`]);
  for (const [scopeLabel, at] of limits) {
    if (scopeLabel === 'resource') {
      if (scope.unresolvable !== undefined) errors.push(`${at}: ${unresolvableError('a count per resource', scope)}`);
      else if (scope.declaresKinds && !scope.resourceKinds) errors.push(`${at}: ${scope.owner} acts on no resource the policy can look up, so a resource scope has no value`);
    } else if (scopeLabel.startsWith('args.') || scopeLabel.startsWith('params.')) {
      const problem = pathError(scopeLabel, scope, 'every such call would count in one shared counter then');
      if (problem) errors.push(`${at}: ${problem}`);
    }
  }
  return errors;
}

/** Every path, scope and value of a schema-valid policy against the tools and the catalog. */
export function checkReferences(policy: ParsedPolicy, tools: readonly ToolFacts[]): string[] {
  const errors: string[] = [];
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  for (const [name, rule] of Object.entries(policy.tools ?? {})) {
    const facts = byName.get(name);
    if (facts) errors.push(...checkRule(rule, `/tools/${pointerSegment(name)}`, toolScope(facts), 'args'));
  }
  for (const [name, rule] of Object.entries(policy.commands ?? {})) {
    if (commandSpec(name)) errors.push(...checkRule(rule, `/commands/${pointerSegment(name)}`, commandScope(name, tools), 'params'));
  }
  if (policy.all_tools) errors.push(...checkRule(policy.all_tools, '/all_tools', allToolsScope(tools), 'args'));
  return errors;
}
