/**
 * The admission of one call: the pure decision (with the call's resources looked up first when a rule in force
 * reads them), then the counters, then the human, with every step audited. It runs on every tool call, so its
 * dependencies are bound once, when the gate is built, and a call pays only for the steps it needs.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { AuditFields } from './audit.js';
import type { CompiledPolicy } from './compile.js';
import { decide, type Resolved } from './engine.js';
import { limitSlots } from './keys.js';
import { NO_SLOTS, type Limiter, type Reservation } from './limiter.js';
import { approvalDeclined, approvalNeeded, rateLimitRefusal } from './refusal-words.js';
import { resolveResources, summaries } from './resolution.js';
import { PolicyStateError } from './state/errors.js';
import { unresolvedLookup } from './unresolved.js';
import type { ToolFacts } from './tool-facts.js';
import type { Admission, ApprovalAnswer, AskApproval, PolicyCall, PolicyRefusal } from './types.js';

/** What admitting a call needs from the gate that owns it. */
export interface AdmitContext {
  /** The tools the server offers, and their facts by name. */
  readonly known: ReadonlySet<string>;
  readonly facts: ReadonlyMap<string, ToolFacts>;
  readonly limiter: Limiter;
  readonly logger: Logger;
  readonly now: () => number;
  /** Writes one audit record, the call's own fields and the event's apart; a failed write is logged, never thrown. */
  readonly record: (fields: AuditFields, event?: Partial<AuditFields>) => void;
}

/** Admits one call against `inForce`, the policy in force when the call started: a reload meanwhile does not change it. */
export type Admit = (inForce: CompiledPolicy, call: PolicyCall, askApproval: AskApproval) => Promise<Admission>;

export const NOTHING_RESOLVED: Resolved = Object.freeze({});

/** The fields every audit record of one call carries: a fresh call id, the call as decided on, the policy's hash. */
export function callFields(inForce: CompiledPolicy, call: PolicyCall): AuditFields {
  return { call: randomUUID(), session: call.sessionId, tool: call.tool, command: call.command, policy: inForce.hash, args: call.args, params: call.params };
}

export function createAdmit({ known, facts, limiter, logger, now, record }: AdmitContext): Admit {
  // The store checks and holds every slot in one atomic step (one synchronous call in memory, one script in
  // Redis), so awaiting it cannot let two calls take the last slot.
  return async function admit(inForce: CompiledPolicy, call: PolicyCall, askApproval: AskApproval): Promise<Admission> {
    const shadow = inForce.mode === 'shadow';
    const started = now();
    let base = callFields(inForce, call);

    /** Refuses, or in shadow mode notes what would have been refused and lets the call go on. */
    const refuse = (refusal: PolicyRefusal): { allowed: false; refusal: PolicyRefusal } | undefined => {
      const event = shadow ? 'would_deny' : 'deny';
      record(base, { event, rule: refusal.rule, reason: refusal.reason, refusal: refusal.decision });
      const fields = { tool: call.tool, session: call.sessionId, rule: refusal.rule, reason: refusal.reason };
      if (shadow) logger.warn('policy would deny (shadow mode)', fields);
      else logger.info('policy denied', fields);
      return shadow ? undefined : { allowed: false, refusal };
    };

    /**
     * The store could not decide (shared state unreachable, too slow): refused even in shadow mode, because
     * the counts are what the store is for, and a silent fallback would let every process count alone.
     */
    const unavailable = (error: unknown, rule: string): { allowed: false; refusal: PolicyRefusal } => {
      const message = error instanceof Error ? error.message : String(error);
      const reason = message.startsWith('policy state unavailable:') ? message : `policy state unavailable: ${message}; nothing was sent`;
      record(base, { event: 'deny', rule, reason, refusal: 'state_unavailable' });
      logger.warn('policy state unavailable: call refused', { tool: call.tool, session: call.sessionId, reason });
      return { allowed: false, refusal: { decision: 'state_unavailable', rule, reason } };
    };

    // A call without a resolver acts on no resource: it is decided without one in a single pass.
    let decision = decide(inForce, known, call, call.resources ? undefined : NOTHING_RESOLVED);
    let resolved: Resolved = NOTHING_RESOLVED;
    if (decision.kind === 'resolve') {
      // Only now, because a rule in force reads the resources: every other call pays no lookup.
      // A rule that needs what the policy cannot look up refuses the call (fail closed, unresolved.ts).
      const lookup = unresolvedLookup(inForce, call) ?? (await resolveResources(call, decision.needs, facts.get(call.tool)));
      if (!lookup.ok) {
        const refused = refuse(lookup.refusal);
        if (refused) return refused;
      } else {
        resolved = lookup.resolved;
        base = { ...base, ...summaries(resolved) };
      }
      decision = decide(inForce, known, call, resolved);
    }
    if (decision.kind === 'resolve') throw new Error('policy engine asked twice for the resources of one call');

    let reservation: Extract<Reservation, { ok: true }> | undefined;
    if (decision.kind === 'refuse') {
      const refused = refuse(decision.refusal);
      if (refused) return refused;
    } else {
      let reserved: Reservation;
      try {
        // Without a human to wait for, the slot counts from now: one step (one Redis round trip) for the decision.
        const immediate = !decision.approval || shadow;
        const slots = limitSlots(decision.limits, call, resolved);
        // No limit applies: nothing to hold, and no store to ask (no Redis round trip). The memory store answers
        // synchronously, and awaiting its plain value would still cost a turn of the microtask queue.
        const pending = slots.length === 0 ? NO_SLOTS : limiter.reserve(slots, { immediate });
        reserved = pending instanceof Promise ? await pending : pending;
      } catch (error) {
        return unavailable(error, decision.limits[0]?.pointer ?? '/');
      }
      if (reserved.ok) reservation = reserved;
      else {
        const refused = refuse(rateLimitRefusal(reserved, decision.onDeny));
        if (refused) return refused;
      }
      const approval = decision.approval;
      if (approval) {
        if (shadow) {
          refuse({ decision: 'approval_declined', rule: approval.rule, reason: `${approvalNeeded(call.tool, approval.reason)}; not asked in shadow mode` });
        } else {
          record(base, { event: 'approval_requested', rule: approval.rule, reason: approval.reason });
          let answer: ApprovalAnswer;
          try {
            answer = await askApproval({
              tool: call.tool,
              command: call.command,
              args: call.args,
              reason: approval.reason,
              rule: approval.rule,
              approver: approval.approver,
              ...summaries(resolved),
            });
          } catch (error) {
            // The shared approval store (Redis) could not answer: refused with the same clear error as the counts.
            if (error instanceof PolicyStateError) {
              await reservation?.release();
              return unavailable(error, approval.rule);
            }
            logger.warn('approval request failed', { tool: call.tool, error: error instanceof Error ? error.message : String(error) });
            answer = 'cancel';
          }
          if (answer !== 'accept') {
            // Never went to CloudStack: the held slot goes back.
            await reservation?.release();
            const refusal = approvalDeclined(call.tool, approval, answer);
            record(base, { event: 'approval_declined', rule: approval.rule, reason: refusal.reason, answer });
            logger.info('approval not given', { tool: call.tool, session: call.sessionId, answer });
            return { allowed: false, refusal };
          }
          record(base, { event: 'approval_granted', rule: approval.rule, answer });
        }
      }
    }

    // From here the call goes to CloudStack: it counts from now, whatever its outcome, and is never released.
    try {
      const committing = reservation?.commit();
      if (committing) await committing;
    } catch (error) {
      // Not counted, so not sent: a call never goes on without its decision recorded.
      return unavailable(error, decision.kind === 'refuse' ? decision.refusal.rule : (decision.limits[0]?.pointer ?? '/'));
    }
    record(base, { event: 'allow' });
    let finished = false;
    return {
      allowed: true,
      finish(outcome) {
        if (finished) return;
        finished = true;
        record(base, { event: 'executed', durationMs: now() - started, outcome });
      },
    };
  };
}
