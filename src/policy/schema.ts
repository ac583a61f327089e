/**
 * The policy file's shape, in zod. It reads the PolicyLayer MCP gateway format (version, default, hide,
 * all_tools.limits, tools.<name>.require / deny_if / limits) so a policy written for that gateway works here
 * unchanged, and extends it with `action`, `reason`, `on_deny`, `rate_limit`, `mode` and more condition operators.
 * Every object is `.strict()`: a misspelt field is an error, never a silently ignored rule.
 */
import { z } from 'zod';

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
  .regex(/^(grant|session|args\.[A-Za-z0-9_.-]+)$/, 'must be grant, session or args.<parameter>')
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

const argPath = z.string().regex(/^args\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be args.<parameter>');
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A regex that compiles; anchoring (`^(?:...)$`) is added at compile time so the whole value must match. */
const regexSource = z.string().refine((source) => {
  try {
    new RegExp(`^(?:${source})$`, 'u');
    return true;
  } catch {
    return false;
  }
}, 'is not a valid regular expression');

const ConditionSchema = z.discriminatedUnion(
  'op',
  [
    z.object({ path: argPath, op: z.enum(['eq', 'neq']), value: scalar }).strict(),
    z.object({ path: argPath, op: z.enum(['in', 'not_in']), value: z.array(scalar) }).strict(),
    z.object({ path: argPath, op: z.enum(['lt', 'lte', 'gt', 'gte']), value: z.number() }).strict(),
    z.object({ path: argPath, op: z.literal('regex'), value: regexSource }).strict(),
    z.object({ path: argPath, op: z.literal('contains'), value: scalar }).strict(),
    z.object({ path: argPath, op: z.literal('exists'), value: z.boolean().default(true) }).strict(),
  ],
  { message: 'op must be one of eq, neq, in, not_in, lt, lte, gt, gte, regex, contains, exists' },
);

const limitsField = z.array(LimitSchema).optional();

const ToolRuleSchema = z
  .object({
    action: z.enum(['allow', 'deny', 'require_approval'], { message: 'must be allow, deny or require_approval' }).optional(),
    reason: z.string().min(1).max(500).optional(),
    on_deny: z.string().min(1).max(500).optional(),
    require: z.array(z.string().regex(/^(args\.)?[A-Za-z0-9_-]+$/, 'must be a parameter name')).optional(),
    deny_if: z.array(ConditionSchema).optional(),
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
    all_tools: z.object({ limits: limitsField, rate_limit: RateLimitShorthandSchema.optional() }).strict().optional(),
    tools: z.record(z.string(), ToolRuleSchema).optional(),
  })
  .strict();

export type PolicyDocument = z.input<typeof PolicySchema>;
export type ParsedPolicy = z.output<typeof PolicySchema>;
export type ToolRule = z.output<typeof ToolRuleSchema>;
export type LimitRule = z.output<typeof LimitSchema>;
export type RateLimitShorthand = z.output<typeof RateLimitShorthandSchema>;
export type Condition = z.output<typeof ConditionSchema>;
export type ConditionOp = Condition['op'];
