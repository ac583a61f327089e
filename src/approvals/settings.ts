/**
 * The operator-approval variables, as a zod fragment config.ts spreads into its schema (one source of truth for
 * names, defaults and rules), plus the cross-check that the operator credential is not the agent's.
 */
import { z } from 'zod';
import { DEFAULT_APPROVAL_TTL_MS } from './store.js';

const UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** A duration as config.ts reads them (`15m`, `900s`, or a bare number of milliseconds), between 1 s and 24 h. */
const approvalDuration = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return fallback;
      const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value);
      if (!match) {
        context.addIssue({ code: 'custom', message: 'must be a duration such as 15m, 900s or 900000 (a bare number is milliseconds)' });
        return z.NEVER;
      }
      return Math.round(Number(match[1]) * UNITS_MS[(match[2]?.toLowerCase() ?? 'ms') as keyof typeof UNITS_MS]);
    })
    .refine((value) => value >= 1_000 && value <= 24 * 3_600_000, 'must be between 1s and 24h');

export const APPROVAL_ENV = {
  /** The operator credential for the approvals page and CLI; without it, operator-approved calls are refused. */
  CLOUDSTACK_MCP_APPROVER_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** How long a pending (or approved, unused) approval lives; default 15 minutes. */
  CLOUDSTACK_MCP_APPROVAL_TTL: approvalDuration(DEFAULT_APPROVAL_TTL_MS),
  /** stdio mode: the loopback port of the approvals page (0 or unset: any free port, logged at start-up). */
  CLOUDSTACK_MCP_APPROVAL_PORT: z
    .string()
    .regex(/^\d+$/, 'must be a port number 0-65535')
    .optional()
    .transform((value) => (value === undefined ? undefined : Number(value)))
    .refine((value) => value === undefined || value <= 65535, 'must be a port number 0-65535'),
  /** The page's address as operators reach it (behind a TLS proxy: https://…/approvals); links and cookies follow it. */
  CLOUDSTACK_MCP_APPROVAL_URL: z
    .string()
    .url('must be a URL such as https://mcp.example.com/approvals')
    .refine((value) => /^https?:\/\//.test(value), 'must be http:// or https://')
    .optional(),
} as const;

export interface ApprovalSettings {
  readonly CLOUDSTACK_MCP_APPROVER_TOKEN?: string | undefined;
  readonly CLOUDSTACK_MCP_APPROVAL_TTL: number;
  readonly CLOUDSTACK_MCP_APPROVAL_PORT?: number | undefined;
  readonly CLOUDSTACK_MCP_APPROVAL_URL?: string | undefined;
}

/** For config.ts's superRefine: [variable, rule] when the operator credential is the agent's own token. */
export function approverTokenProblem(settings: ApprovalSettings, mcpToken: string | undefined): [string, string] | undefined {
  if (settings.CLOUDSTACK_MCP_APPROVER_TOKEN !== undefined && settings.CLOUDSTACK_MCP_APPROVER_TOKEN === mcpToken) {
    return ['CLOUDSTACK_MCP_APPROVER_TOKEN', 'must differ from CLOUDSTACK_MCP_TOKEN: the agent holds the MCP token, the operator this one'];
  }
  return undefined;
}

/** The one start-up line when the policy asks an operator but no operator credential is set. */
export const NO_OPERATOR_NOTICE =
  'the policy requires operator approval for some tools, but CLOUDSTACK_MCP_APPROVER_TOKEN is not set: those calls are refused until it is';

/** The refusal an operator-approved call gets then (the gate's answer text). */
export const NO_OPERATOR_REFUSAL = 'operator approval is not configured on this server: set CLOUDSTACK_MCP_APPROVER_TOKEN (and restart) to enable it';
