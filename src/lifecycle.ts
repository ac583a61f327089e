/**
 * Clean shutdown: tool calls in flight are counted across every session, so SIGINT/SIGTERM can stop taking new
 * calls, let the running ones finish within a grace period (a migration half-waited is worth finishing: the agent
 * gets its result), and only then close the transports.
 */
export interface CallTracker {
  /** False once shutdown began: new calls are refused with a clear message. */
  readonly accepting: boolean;
  readonly active: number;
  /** Marks a call as running; the returned function marks it done (call it exactly once). */
  begin(): () => void;
  stopAccepting(): void;
  /** Resolves true when no call is running, or false when `timeoutMs` passed first. */
  drained(timeoutMs: number): Promise<boolean>;
}

export function createCallTracker(): CallTracker {
  let active = 0;
  let accepting = true;
  let waiters: Array<() => void> = [];
  const notify = () => {
    if (active > 0) return;
    for (const wake of waiters) wake();
    waiters = [];
  };
  return {
    get accepting() {
      return accepting;
    },
    get active() {
      return active;
    },
    begin() {
      active += 1;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        active -= 1;
        notify();
      };
    },
    stopAccepting() {
      accepting = false;
    },
    drained(timeoutMs) {
      if (active === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
