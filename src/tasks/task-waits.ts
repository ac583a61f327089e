/**
 * The job waits of task-run calls in this process, across its sessions: a local tasks/cancel stops one at once
 * (another process's cancel is seen between polls, in the store), and shutdown stops them all and waits until
 * each has recorded its outcome (task failed naming the job, audit), so no job is lost when the server stops.
 */
export interface TaskWaits {
  readonly active: number;
  /** A task's wait: aborting `controller` stops it; `done` settles once its outcome is recorded. */
  add(taskId: string, controller: AbortController, done: Promise<unknown>): void;
  /** Stops one task's wait; false when this process runs no wait for it. */
  abort(taskId: string, reason: string): boolean;
  /** Stops every wait and resolves once each has recorded its outcome (or `timeoutMs` passed). */
  abortAll(reason: string, timeoutMs: number): Promise<void>;
}

export function createTaskWaits(): TaskWaits {
  const waits = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  return {
    get active() {
      return waits.size;
    },
    add(taskId, controller, done) {
      waits.set(taskId, { controller, done });
      void done.finally(() => {
        if (waits.get(taskId)?.controller === controller) waits.delete(taskId);
      });
    },
    abort(taskId, reason) {
      const wait = waits.get(taskId);
      if (!wait) return false;
      wait.controller.abort(reason);
      return true;
    },
    async abortAll(reason, timeoutMs) {
      const running = [...waits.values()];
      for (const wait of running) wait.controller.abort(reason);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.allSettled(running.map((wait) => wait.done)), late]);
      clearTimeout(timer);
    },
  };
}
