/**
 * What a setting of `cloudstack-mcp` declares: its rule, default, help line and README meaning, and the groups
 * `.env.example` shows them in. The settings themselves are in cloudstack-env.ts and server-env.ts, gathered by
 * schema.ts.
 */
import type { z } from 'zod';

/** Groups of `.env.example`, in order, each with the comment that opens it. */
export const SECTIONS = {
  cloudstack: 'The CloudStack management server API endpoint and the keys of the user the agent acts as.\nCreate keys in the CloudStack UI: Accounts > (account) > Users > (user) > Generate keys.',
  timeouts: 'Talking to CloudStack.',
  tls: 'TLS: keep verification on. For a private or self-signed certificate, trust its CA rather than turning verification off.',
  policy: 'Policy, audit and approvals.',
  redis: 'Shared policy state: rate-limit counts kept in Redis, shared by every process using it (README "Shared state in Redis").',
  http: 'HTTP mode (--http).',
  logging: 'Logging.',
} as const;

export interface EnvSetting {
  /** Applied to the raw text; to the default's text when the variable is unset (then it never sees undefined). */
  readonly rule: z.ZodType;
  /** As an operator writes it; parsed by the rule. */
  readonly default?: string;
  /** What applies when unset and there is no default text (e.g. "stderr"). */
  readonly otherwise?: string;
  /** Removed of surrounding whitespace before the rule (keys and tokens never contain any), and never echoed. */
  readonly credential?: boolean;
  /** One line for --help (the default is appended). */
  readonly help: string;
  /** The README meaning (markdown); also the comment above the variable in .env.example. */
  readonly doc: string;
  /** The value written in .env.example when it is not the default. */
  readonly example?: string;
  readonly section: keyof typeof SECTIONS;
}
