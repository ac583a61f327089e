/**
 * What both approval stores (memory, Redis) make the same way: a new approval's fields from the call it is asked
 * for, and the audit entry of each step. The stores differ only in where they keep them.
 */
import type { Logger } from '../logger.js';
import { redact, redactParams } from '../redact.js';
import type { ApprovalAuditEntry, ApprovalAuditEvent, ApprovalRecord, ApprovalRequestInput } from './types.js';

/** A new approval's fields but its id and status; `createdAt` from the store's clock. */
export function newApprovalFields({ call, session, rule, reason }: ApprovalRequestInput, createdAt: number, ttlMs: number) {
  return {
    tool: call.tool,
    command: call.command,
    // Kept redacted: no store ever holds a secret, so neither the page, the API nor a dump can show one. Under the
    // command's rules: the generic tool sends addSwift, whose `key` is the Swift account key (redact.ts).
    params: redactParams(call.command, call.params),
    ...(call.resource ? { resource: { kind: call.resource.kind, id: call.resource.id, fields: redact({ ...call.resource.fields }) } } : {}),
    session,
    rule,
    reason,
    createdAt,
    expiresAt: createdAt + ttlMs,
  };
}

/** What both stores are configured with (the Redis store adds its connection and key prefix). */
export interface ApprovalStoreOptions {
  readonly now?: () => number;
  readonly ttlMs?: number;
  readonly audit?: (entry: ApprovalAuditEntry) => void;
  /** At most this many undecided approvals (default 1000), and the newest `recentLimit` decided ones (200). */
  readonly maxPending?: number;
  readonly recentLimit?: number;
  readonly logger?: Logger;
}

export type ApprovalAuditor = (event: ApprovalAuditEvent, record: ApprovalRecord, extra?: { by?: string; reason?: string }) => void;

/** The audit trail of a store's steps: a record that cannot be written is logged, never thrown into the call. */
export function approvalAuditor(now: () => number, audit: ((entry: ApprovalAuditEntry) => void) | undefined, logger: Logger | undefined): ApprovalAuditor {
  return (event, record, extra = {}) => {
    const entry: ApprovalAuditEntry = { event, time: new Date(now()).toISOString(), approval: record.id, tool: record.tool, session: record.session, rule: record.rule, ...extra };
    try {
      audit?.(entry);
    } catch (error) {
      logger?.error('approval audit record not written', { event, error: error instanceof Error ? error.message : String(error) });
    }
  };
}
