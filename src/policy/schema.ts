/**
 * The policy file's shape, in zod. It reads the PolicyLayer MCP gateway format (version, default, hide,
 * all_tools.limits, tools.<name>.require / deny_if / limits) so a policy written for that gateway works here
 * unchanged, and extends it with `action`, `reason`, `on_deny`, `rate_limit`, `mode`, `commands`, `approve_if`,
 * conditions on `params.`/`resource.`/`target.` and more condition operators (CIDR-aware ones among them).
 * Every object is `.strict()`: a misspelt field is an error, never a silently ignored rule.
 */
import { RE2JS } from 're2js';
import { z } from 'zod';
import { isCidrText } from './cidr.js';

const NAMED_WINDOWS = { second: 1, minute: 60, hour: 3_600, day: 86_400 } as const;
export type NamedWindow = keyof typeof NAMED_WINDOWS;

/** Seconds in a window written as a name or a number of seconds. */
export function windowSeconds(window: NamedWindow | number): number {
  return typeof window === 'number' ? window : NAMED_WINDOWS[window];
}

const WINDOW_MESSAGE = 'must be second, minute, hour, day or a number of seconds';
const windowField = z.union(
  [z.enum(['second', 'minute', 'hour', 'day']), z.number().int('must be a whole number of seconds').positive('must be greater than 0')],
  { message: WINDOW_MESSAGE },
);

const counterName = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be 1-100 letters, digits, _ . : or -');

const scopeField = z
  .string()
  .regex(
    /^(grant|session|resource|(args|params)\.[A-Za-z0-9_.-]+)$/,
    'must be grant, session, resource, args.<argument> or params.<parameter>',
  )
  .default('grant');

const LimitSchema = z
  .object({
    counter: counterName,
    window: windowField,
    max: z.number().int('must be a whole number').positive('must be greater than 0'),
    scope: scopeField,
  })
  .strict();

/** `"rate_limit": {"max": 10, "window": 60}`: one limit on a counter of its own, for the whole server. */
const RateLimitShorthandSchema = z
  .object({
    max: z.number().int('must be a whole number').positive('must be greater than 0'),
    window: windowField,
    scope: scopeField.optional(),
  })
  .strict();

const conditionPath = z
  .string()
  .regex(
    /^(args|params|resource|target)\.[A-Za-z0-9_][A-Za-z0-9_.:/@-]*$/,
    'must be args.<argument>, params.<parameter>, resource.<field> or target.<field>',
  );
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A pattern RE2 accepts (linear time: no backreferences or lookaround); anchored at compile time. */
const regexSource = z.string().refine((source) => {
  try {
    RE2JS.compile(`(?:${source})`);
    return true;
  } catch {
    return false;
  }
}, 'is not a regular expression RE2 accepts (no backreferences or lookaround; see https://github.com/google/re2/wiki/Syntax)');

const cidrText = z.string().refine(isCidrText, 'must be a CIDR such as 10.0.0.0/8 or fd00::/8');

const breadthBound = z
  .object({
    ipv4: z.number().int().min(0).max(32, 'must be 0-32').optional(),
    ipv6: z.number().int().min(0).max(128, 'must be 0-128').optional(),
    addresses: z.number().int('must be a whole number').positive('must be greater than 0').optional(),
  })
  .strict()
  .refine(
    (bound) => bound.addresses !== undefined || (bound.ipv4 !== undefined && bound.ipv6 !== undefined),
    'give both ipv4 and ipv6 prefix lengths, or addresses, so that neither address family goes unchecked',
  );

/** A human-readable why, shown to the agent on a deny and to the human on an approval. */
const conditionReason = z.string().min(1).max(500).optional();
const condition = <Op extends z.ZodType, Value extends z.ZodType>(op: Op, value: Value) =>
  z.object({ path: conditionPath, op, value, reason: conditionReason }).strict();

const ConditionSchema = z.discriminatedUnion(
  'op',
  [
    condition(z.enum(['eq', 'neq']), scalar),
    condition(z.enum(['in', 'not_in']), z.array(scalar)),
    condition(z.enum(['lt', 'lte', 'gt', 'gte']), z.number()),
    condition(z.literal('regex'), regexSource),
    condition(z.literal('contains'), scalar),
    condition(z.literal('exists'), z.boolean().default(true)),
    condition(z.literal('cidr_outside'), z.array(cidrText).min(1, 'must name at least one network')),
    condition(z.literal('cidr_broader_than'), breadthBound),
  ],
  { message: 'op must be one of eq, neq, in, not_in, lt, lte, gt, gte, regex, contains, exists, cidr_outside, cidr_broader_than' },
);

const conditionsField = z.array(ConditionSchema).optional();
const limitsField = z.array(LimitSchema).optional();

const ToolRuleSchema = z
  .object({
    action: z.enum(['allow', 'deny', 'require_approval'], { message: 'must be allow, deny or require_approval' }).optional(),
    reason: z.string().min(1).max(500).optional(),
    /** Who approves a require_approval (or approve_if) of this entry: the operator out of band (default) or the MCP client. */
    approver: z.enum(['operator', 'client'], { message: 'must be operator or client' }).optional(),
    on_deny: z.string().min(1).max(500).optional(),
    require: z.array(z.string().regex(/^((args|params)\.)?[A-Za-z0-9_-]+$/, 'must be an argument or parameter name')).optional(),
    deny_if: conditionsField,
    approve_if: conditionsField,
    limits: limitsField,
    rate_limit: RateLimitShorthandSchema.optional(),
  })
  .strict();

export const PolicySchema = z
  .object({
    version: z.literal('1', { message: 'must be "1"' }),
    default: z.enum(['allow', 'deny'], { message: 'must be allow or deny' }),
    mode: z.enum(['enforce', 'shadow'], { message: 'must be enforce or shadow' }).optional(),
    description: z.string().optional(),
    hide: z.array(z.string().min(1)).optional(),
    all_tools: z
      .object({ limits: limitsField, rate_limit: RateLimitShorthandSchema.optional(), deny_if: conditionsField, approve_if: conditionsField })
      .strict()
      .optional(),
    tools: z.record(z.string(), ToolRuleSchema).optional(),
    /** Rules per CloudStack command (`deleteNetwork`), for every tool that sends it, the generic call tool included. */
    commands: z.record(z.string(), ToolRuleSchema).optional(),
  })
  .strict();

export type PolicyDocument = z.input<typeof PolicySchema>;
export type ParsedPolicy = z.output<typeof PolicySchema>;
export type ToolRule = z.output<typeof ToolRuleSchema>;
export type LimitRule = z.output<typeof LimitSchema>;
export type RateLimitShorthand = z.output<typeof RateLimitShorthandSchema>;
export type Condition = z.output<typeof ConditionSchema>;
export type ConditionOp = Condition['op'];
