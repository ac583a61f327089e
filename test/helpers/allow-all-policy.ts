/**
 * A policy gate that shows every tool and admits every call, recording what it was asked and told.
 * For tests of the tools themselves; the real engine (src/policy) has its own end-to-end tests.
 */
import type { CallOutcome, PolicyCall, PolicyGate } from '../../src/policy/types.js';

export interface RecordingPolicy extends PolicyGate {
  readonly calls: PolicyCall[];
  readonly outcomes: CallOutcome[];
}

export function allowAllPolicy(): RecordingPolicy {
  const calls: PolicyCall[] = [];
  const outcomes: CallOutcome[] = [];
  return {
    calls,
    outcomes,
    isVisible: () => true,
    admit: async (call) => {
      calls.push(call);
      return { allowed: true, finish: (outcome) => outcomes.push(outcome) };
    },
    // The server's own queries (the listall hint) are admitted too, and not recorded as the agent's calls.
    wouldAdmit: async () => true,
    onChange: () => () => {},
  };
}
