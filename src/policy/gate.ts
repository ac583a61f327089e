/**
 * The PolicyGate: what the policy in force shows and denies, its reload listeners, and `wouldAdmit`; each call's
 * admission (decision, counters, human, audit) is admit.ts, the part of it given before the reads that complete a
 * canonical call is before-reads.ts.
 * The policy in force is one reference swapped atomically on reload; a call decides against the policy it
 * started with, while counters live outside the policy so a reload keeps their counts.
 */
import type { Logger } from '../logger.js';
import { createAdmit, NOTHING_RESOLVED } from './admit.js';
import { auditRecord, type AuditFields, type AuditSink } from './audit.js';
import { createRefuseBeforeReads } from './before-reads.js';
import { isCommandOffered, isToolDenied, needsOperatorApprover } from './approvers.js';
import type { CompiledPolicy } from './compile.js';
import { decide, isVisible, type Resolved } from './engine.js';
import { resolveResources } from './resolution.js';
import { limitSlots } from './keys.js';
import type { Limiter } from './limiter.js';
import { createLimiter } from './limits.js';
import type { ToolFacts } from './tool-facts.js';
import type { PolicyCall, PolicyGate } from './types.js';

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
  refuseBeforeReads: NonNullable<PolicyGate['refuseBeforeReads']>;
}

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
  const admit = createAdmit({ known, facts, limiter, logger, now, record });
  const refuseBeforeReads = createRefuseBeforeReads({ known, facts, limiter, logger, now, record });

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

    // admit's decision without its effects. A limit's room is asked of the store read-only (hasRoom): a probe that
    // held a slot, even between two awaits, could make a concurrent real call find its last slot taken. Shadow
    // mode does not let it through: a query the server adds on its own has no agent behaviour to observe, so only
    // what the policy would admit is sent.
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
        const slots = limitSlots(decision.limits, call, resolved);
        // It runs on every list call: as in admit.ts, no limit asks no store, and the memory store's plain answer
        // is used without an await (each would cost a microtask turn).
        if (slots.length === 0) return true;
        const room = limiter.hasRoom(slots);
        return room instanceof Promise ? await room : room;
      } catch (error) {
        logger.debug('policy state unavailable: call not admitted', { tool: call.tool, error: error instanceof Error ? error.message : String(error) });
        return false;
      }
    },

    admit: (call, askApproval) => admit(policy, call, askApproval),
    refuseBeforeReads: (call, answerWithoutAsking) => refuseBeforeReads(policy, call, answerWithoutAsking),
  };
}
