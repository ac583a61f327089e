/**
 * The PolicyGate: the pure decision (with the call's resources looked up first when a rule in force reads them),
 * then the counters, then the human, with every step audited.
 * The policy in force is one reference swapped atomically on reload; a call decides against the policy it
 * started with, while counters live outside the policy so a reload keeps their counts.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import { auditRecord, type AuditFields, type AuditSink } from './audit.js';
import { isCommandOffered, isToolDenied, needsOperatorApprover } from './approvers.js';
import type { CompiledPolicy } from './compile.js';
import { decide, isVisible, type Resolved } from './engine.js';
import { ANSWER_WORDS, rateLimitRefusal } from './refusal-words.js';
import { resolveResources, summaries } from './resolution.js';
import { limitSlots } from './keys.js';
import { NO_SLOTS, type Limiter, type Reservation } from './limiter.js';
import { createLimiter } from './limits.js';
import { PolicyStateError } from './state/errors.js';
import type { Admission, ApprovalAnswer, AskApproval, PolicyCall, PolicyGate, PolicyRefusal, ToolFacts } from './types.js';

export interface GateCoreOptions {
  readonly policy: CompiledPolicy;
  readonly tools: readonly ToolFacts[];
  readonly logger: Logger;
  readonly audit: AuditSink;
  readonly now: () => number;
  readonly maxCounterKeys: number;
  /** The rate-limit store; in memory (bounded by maxCounterKeys) unless given, e.g. Redis shared by processes. */
  readonly limiter?: Limiter;
}

export interface GateCore extends PolicyGate {
  /** The policy in force. */
  current(): CompiledPolicy;
  /** Swaps a new policy in and tells the `onChange` listeners. */
  replace(policy: CompiledPolicy): void;
  /** Counter keys held (bounded by maxCounterKeys). */
  counterKeys(): number;
  wouldAdmit(call: PolicyCall): Promise<boolean>;
}

const NOTHING_RESOLVED: Resolved = Object.freeze({});

export function createGateCore(options: GateCoreOptions): GateCore {
  const { logger, audit, now } = options;
  const known = new Set(options.tools.map((tool) => tool.name));
  const facts = new Map(options.tools.map((tool) => [tool.name, tool]));
  const limiter = options.limiter ?? createLimiter({ now, maxKeys: options.maxCounterKeys });
  const listeners = new Set<() => void>();
  let policy = options.policy;

  // A call's own fields and the event's apart, not spread into one object per record (audit.ts).
  const record = (fields: AuditFields, event?: Partial<AuditFields>): void => {
    try {
      audit.write(auditRecord(fields, now(), event));
    } catch (error) {
      logger.error('audit record not written', { error: error instanceof Error ? error.message : String(error) });
    }
  };

  return {
    current: () => policy,
    counterKeys: () => limiter.size(),
    replace(next) {
      policy = next;
      for (const listener of listeners) {
        try {
          listener();
        } catch (error) {
          logger.warn('policy change listener failed', { error: error instanceof Error ? error.message : String(error) });
        }
      }
    },
    isVisible: (tool) => isVisible(policy, known, tool),
    isCommandVisible: (command) => isCommandOffered(policy, command),
    needsOperatorApprover: () => needsOperatorApprover(policy),
    isDenied: (tool) => isToolDenied(policy, known, tool),
    recordApproval: ({ event, approval, tool, session, rule, by, reason }) =>
      record({ event, approval, session, tool, policy: policy.hash, rule, ...(by ? { by } : {}), ...(reason ? { reason } : {}) }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    // admit's decision without its effects. A limit's room is tested by holding one slot and giving it straight
    // back (the stores' own atomic check; nothing is counted). Shadow mode does not let it through: a query the
    // server adds on its own has no agent behaviour to observe, so only what the policy would admit is sent.
    async wouldAdmit(call: PolicyCall): Promise<boolean> {
      const inForce = policy;
      let decision = decide(inForce, known, call, call.resources ? undefined : NOTHING_RESOLVED);
      let resolved: Resolved = NOTHING_RESOLVED;
      if (decision.kind === 'resolve') {
        const lookup = await resolveResources(call, decision.needs, facts.get(call.tool));
        if (!lookup.ok) return false;
        resolved = lookup.resolved;
        decision = decide(inForce, known, call, resolved);
      }
      if (decision.kind !== 'proceed' || decision.approval) return false;
      try {
        const reserved = await limiter.reserve(limitSlots(decision.limits, call, resolved));
        if (!reserved.ok) return false;
        await reserved.release();
        return true;
      } catch (error) {
        logger.debug('policy state unavailable: call not admitted', { tool: call.tool, error: error instanceof Error ? error.message : String(error) });
        return false;
      }
    },

    // The store checks and holds every slot in one atomic step (one synchronous call in memory, one script in
    // Redis), so awaiting it cannot let two calls take the last slot.
    async admit(call: PolicyCall, askApproval: AskApproval): Promise<Admission> {
      const inForce = policy;
      const shadow = inForce.mode === 'shadow';
      const started = now();
      let base: AuditFields = {
        call: randomUUID(),
        session: call.sessionId,
        tool: call.tool,
        command: call.command,
        policy: inForce.hash,
        args: call.args,
        params: call.params,
      };

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
        const lookup = await resolveResources(call, decision.needs, facts.get(call.tool));
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
          const needed = `approval required: ${call.tool} needs a human's approval (${approval.reason})`;
          if (shadow) {
            refuse({ decision: 'approval_declined', rule: approval.rule, reason: `${needed}; not asked in shadow mode` });
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
              const reason = `${needed}, and ${ANSWER_WORDS[answer]}`;
              record(base, { event: 'approval_declined', rule: approval.rule, reason, answer });
              logger.info('approval not given', { tool: call.tool, session: call.sessionId, answer });
              return { allowed: false, refusal: { decision: 'approval_declined', rule: approval.rule, reason } };
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
    },
  };
}
