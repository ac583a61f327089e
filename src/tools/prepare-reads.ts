/**
 * A tool's `prepare` may read CloudStack to complete its canonical call (deploy's default network, destroy's choice
 * of command), before the policy decides. Those reads go to CloudStack even for a call the policy refuses whatever
 * they find (the tool denied, a limit with no room), so the API a preparer is given asks the policy first
 * (gate.refuseBeforeReads), before its first request: a refusal stops the call with nothing sent. A preparer that
 * reads nothing (a get tool's listall) asks nothing. The early answer only refuses; the decision on the complete
 * call is still admit's (pipeline.decide).
 */
import type { CloudStackApi } from '../cloudstack/api.js';
import type { AnswerWithoutAsking, PolicyRefusal } from '../policy/types.js';
import type { CanonicalCall } from './canonical.js';
import type { ToolRuntime } from './types.js';

/** Thrown from the preparer's first read: the policy refuses the call whatever the read would find. */
export class RefusedBeforeReads extends Error {
  constructor(readonly refusal: PolicyRefusal) {
    super(`refused by the policy before any read: ${refusal.reason}`);
    this.name = 'RefusedBeforeReads';
  }
}

/**
 * The policy's early answer for a call as far as `canonicalize` built it; undefined (the reads go on) from a gate
 * that cannot give one. A gate that fails throws, and the call fails as a failing decision does.
 */
export function refusalBeforeReads(runtime: ToolRuntime, call: CanonicalCall): Promise<PolicyRefusal | undefined> {
  if (!runtime.policy.refuseBeforeReads) return Promise.resolve(undefined);
  return runtime.policy.refuseBeforeReads({ ...call, sessionId: runtime.sessionId }, answerWithoutAsking(runtime));
}

/**
 * What pipeline.decide's ask answers without asking anyone: an operator approval on a server without operator
 * approval is `no_operator`. A client approval asks the MCP client, whose answer is not known beforehand.
 */
export function answerWithoutAsking(runtime: ToolRuntime): AnswerWithoutAsking {
  return (approver) => (approver === 'operator' && !runtime.approvals ? 'no_operator' : undefined);
}

/** `api` whose every request first waits for `check` (asked once): a refusal throws RefusedBeforeReads, nothing is sent. */
export function readsAfter(api: CloudStackApi, check: () => Promise<PolicyRefusal | undefined>): CloudStackApi {
  let answer: Promise<PolicyRefusal | undefined> | undefined;
  const cleared = async (): Promise<void> => {
    const refusal = await (answer ??= check());
    if (refusal) throw new RefusedBeforeReads(refusal);
  };
  return {
    call: async (command, params, options) => (await cleared(), api.call(command, params, options)),
    list: async (command, params, options) => (await cleared(), api.list(command, params, options)),
    listAll: async (command, params, options) => (await cleared(), api.listAll(command, params, options)),
    callAsync: async (command, params, options) => (await cleared(), api.callAsync(command, params, options)),
    waitForJob: async (jobId, options) => (await cleared(), api.waitForJob(jobId, options)),
  };
}
