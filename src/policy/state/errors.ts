/**
 * The one error a shared-state store throws when it cannot decide: Redis unreachable, too slow, or refusing the
 * script. The gate turns it into a refusal; its message is that refusal's text, so it says nothing was sent.
 */
export class PolicyStateError extends Error {
  constructor(
    /** What went wrong, e.g. `Redis did not answer within 500 ms (CLOUDSTACK_MCP_REDIS_TIMEOUT)`. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`policy state unavailable: ${reason}; nothing was sent`, options);
    this.name = 'PolicyStateError';
  }
}
