/**
 * The part of a call's admission that no parameter can change, given before the server reads CloudStack only to
 * complete the canonical call (deploy's default network, destroy's choice of command). A call the policy refuses
 * whatever those reads would find gets the refusal, and the audit record, that admit would give it, and nothing
 * is sent; every other call goes on to the reads and to admit, which decides on the canonical call as it is sent.
 *
 * What stands before the reads (admit's order, engine.ts):
 *   - the tool or command hidden, access, `action: deny`: these read no value (engine.standing);
 *   - when no step before the limits reads a value (no `require`, no `deny_if`, no resource lookup, no count per
 *     value: plan.readsValues), a limit with no room, as the store reports it without holding anything;
 *   - then, with room in every limit, an `action: require_approval` nobody can be asked for (no operator approval
 *     on this server): declined as admit's ask would be.
 * Anything else — a rule on a value, an approval a human may give — depends on what the reads find: not decided here.
 * It can only refuse, never admit: admit still decides every call that goes on.
 */
import { isReadCommand } from '../cloudstack/catalog.js';
import { callFields, type AdmitContext } from './admit.js';
import type { CompiledPolicy } from './compile.js';
import { standing } from './engine.js';
import { limitSlots } from './keys.js';
import type { LimitSlot, Room } from './limiter.js';
import { approvalDeclined, rateLimitRefusal } from './refusal-words.js';
import type { AnswerWithoutAsking, ApprovalAnswer, PolicyCall, PolicyRefusal } from './types.js';

export type RefuseBeforeReads = (inForce: CompiledPolicy, call: PolicyCall, answerWithoutAsking: AnswerWithoutAsking) => Promise<PolicyRefusal | undefined>;

/** A refusal that stands whatever the reads find; `approval` when it is an approval nobody could give. */
interface Standing {
  readonly refusal: PolicyRefusal;
  readonly approval?: { readonly rule: string; readonly reason: string; readonly answer: Exclude<ApprovalAnswer, 'accept'> };
}

export function createRefuseBeforeReads({ known, facts, limiter, logger, record }: AdmitContext): RefuseBeforeReads {
  return async function refuseBeforeReads(inForce, call, answerWithoutAsking) {
    // Shadow mode lets every call go on (admit audits would_deny after the reads): nothing to refuse early.
    if (inForce.mode === 'shadow') return undefined;
    // The reads may make the call another command the tool sends (destroy → expungeVirtualMachine): the refusal
    // must be the same for each, or it is not known yet. Each probe of one set of slots is asked once.
    const rooms = new Map<string, Promise<Room>>();
    const roomOf = (slots: readonly LimitSlot[]): Promise<Room> => {
      const key = slots.map((slot) => slot.key).join('\n');
      let room = rooms.get(key);
      if (!room) rooms.set(key, (room = Promise.resolve(limiter.room(slots))));
      return room;
    };
    const others = (facts.get(call.tool)?.alsoSends ?? []).map((sent) => sent.command).filter((command) => command !== call.command);
    let found: Standing | undefined;
    for (const command of [call.command, ...others]) {
      const candidate = command === call.command ? call : { ...call, command, reads: isReadCommand(command) };
      let standing: Standing | undefined;
      try {
        standing = await standingRefusal(inForce, candidate, roomOf, answerWithoutAsking);
      } catch (error) {
        // The store could not answer: not known here. admit asks it again and refuses if it still cannot (fail closed).
        logger.debug('policy state unavailable: decided after the reads', { tool: call.tool, error: error instanceof Error ? error.message : String(error) });
        return undefined;
      }
      if (!standing || (found && !sameStanding(found, standing))) return undefined;
      found = standing;
    }
    if (!found) return undefined;

    // The records admit writes for this refusal, of the call as far as it is built (the reads would have added to it).
    const base = callFields(inForce, call);
    const { refusal, approval } = found;
    if (approval) {
      record(base, { event: 'approval_requested', rule: approval.rule, reason: approval.reason });
      record(base, { event: 'approval_declined', rule: approval.rule, reason: refusal.reason, answer: approval.answer });
      logger.info('approval not given', { tool: call.tool, session: call.sessionId, answer: approval.answer });
    } else {
      record(base, { event: 'deny', rule: refusal.rule, reason: refusal.reason, refusal: refusal.decision });
      logger.info('policy denied', { tool: call.tool, session: call.sessionId, rule: refusal.rule, reason: refusal.reason });
    }
    return refusal;
  };

  async function standingRefusal(
    inForce: CompiledPolicy,
    call: PolicyCall,
    roomOf: (slots: readonly LimitSlot[]) => Promise<Room>,
    answerWithoutAsking: AnswerWithoutAsking,
  ): Promise<Standing | undefined> {
    const first = standing(inForce, known, call);
    if ('refusal' in first) return { refusal: first.refusal };
    const { plan } = first;
    // A step before the limits reads a value: its refusal, if any, would come first, and it needs the whole call.
    if (plan.readsValues) return undefined;
    // Every limit counts per grant or session here, so its key is the one admit will ask for.
    const slots = limitSlots(plan.limits, call);
    if (slots.length > 0) {
      const room = await roomOf(slots);
      if (!room.ok) return { refusal: rateLimitRefusal(room, plan.onDeny) };
    }
    // Admitted, or approved by a human who sees the call the reads complete: admit decides, after them.
    const approval = plan.approval;
    const answer = approval ? answerWithoutAsking(approval.approver) : undefined;
    if (!approval || !answer) return undefined;
    return { refusal: approvalDeclined(call.tool, approval, answer), approval: { rule: approval.rule, reason: approval.reason, answer } };
  }
}

/** The same answer to the agent and the same audit records, whichever command the reads would have made the call. */
function sameStanding(a: Standing, b: Standing): boolean {
  const fields = ['decision', 'rule', 'reason', 'limit', 'remaining', 'retryAfterSeconds'] as const;
  return fields.every((field) => a.refusal[field] === b.refusal[field]) && a.approval?.answer === b.approval?.answer;
}
