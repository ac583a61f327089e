/**
 * The default task store: one per process, shared by every session of it (an HTTP server's sessions, a stdio
 * connection), behind the SDK's TaskStore interface so a shared store (Redis, src/tasks/redis-store.ts) can
 * replace it.
 *
 * Why not the SDK's InMemoryTaskStore: it keeps a task without a TTL forever and hides a task from every session
 * but its creator. Our binding (README "Tasks"): a task record names the session that created it; `listTasks`
 * lists that session's tasks only; get / result / status find a task by id from any session (the id is 128
 * random bits, and every session acts with the same CloudStack credential, which can read the job anyway).
 * Memory is bounded twice: every task lives at most `maxTtlMs` from creation (what the client asks is capped),
 * and at most `maxTasks` are kept (the oldest finished ones make room; a store full of running tasks refuses).
 */
import { randomBytes } from 'node:crypto';
import type { CreateTaskOptions } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import type { Request, RequestId, Result, Task } from '@modelcontextprotocol/sdk/types.js';
import {
  DEFAULT_TASK_POLL_INTERVAL_MS,
  grantedTtl,
  invalidTaskCursor,
  isTerminalStatus,
  noTaskResult,
  TASK_PAGE_SIZE,
  taskIsFinal,
  taskNotFound,
  type FinishingTaskStore,
} from './task-records.js';

export interface MemoryTaskStoreOptions {
  /** The longest a task record lives, from creation (CLOUDSTACK_MCP_TASK_TTL); a client's ttl is capped to it. */
  readonly maxTtlMs: number;
  /** How many task records are kept at most. */
  readonly maxTasks?: number;
  /** What `pollInterval` clients are told (ms) when createTask is given none. */
  readonly pollIntervalMs?: number;
  readonly now?: () => number;
}

interface StoredTask {
  task: Task;
  readonly sessionId: string | undefined;
  readonly expiresAt: number;
  result?: Result;
}

const DEFAULT_MAX_TASKS = 10_000;

export function createMemoryTaskStore(options: MemoryTaskStoreOptions): FinishingTaskStore {
  const now = options.now ?? Date.now;
  const maxTasks = options.maxTasks ?? DEFAULT_MAX_TASKS;
  // Insertion order is creation order: listing and eviction both rely on it.
  const tasks = new Map<string, StoredTask>();

  const sweep = (): void => {
    const at = now();
    for (const [id, stored] of tasks) if (stored.expiresAt <= at) tasks.delete(id);
  };
  const find = (taskId: string): StoredTask | undefined => {
    const stored = tasks.get(taskId);
    if (stored && stored.expiresAt <= now()) {
      tasks.delete(taskId);
      return undefined;
    }
    return stored;
  };
  const required = (taskId: string): StoredTask => {
    const stored = find(taskId);
    if (!stored) throw taskNotFound(taskId);
    return stored;
  };
  const makeRoom = (): void => {
    if (tasks.size < maxTasks) return;
    sweep();
    for (const [id, stored] of tasks) {
      if (tasks.size < maxTasks) return;
      if (isTerminalStatus(stored.task.status)) tasks.delete(id);
    }
    if (tasks.size >= maxTasks) throw new Error(`Too many tasks in progress (${maxTasks}); try again when some have finished`);
  };
  const touch = (stored: StoredTask, change: Partial<Task>): void => {
    stored.task = { ...stored.task, ...change, lastUpdatedAt: new Date(now()).toISOString() };
  };
  const refuseTerminal = (taskId: string, stored: StoredTask, wanted: string): void => {
    if (isTerminalStatus(stored.task.status)) throw taskIsFinal(taskId, stored.task.status, wanted);
  };
  /** Check and change without an await between them: nothing (a cancel) can run in the middle. */
  const finish = (taskId: string, status: 'completed' | 'failed', result: Result, statusMessage?: string): void => {
    const stored = required(taskId);
    refuseTerminal(taskId, stored, status);
    stored.result = result;
    touch(stored, { status, ...(statusMessage ? { statusMessage } : {}) });
  };

  return {
    async createTask(taskParams: CreateTaskOptions, _requestId: RequestId, _request: Request, sessionId?: string): Promise<Task> {
      makeRoom();
      // 128 random bits: a task id is a capability (see the binding above).
      const taskId = randomBytes(16).toString('hex');
      const createdAt = now();
      const ttl = grantedTtl(taskParams.ttl, options.maxTtlMs);
      const at = new Date(createdAt).toISOString();
      const task: Task = { taskId, status: 'working', ttl, createdAt: at, lastUpdatedAt: at, pollInterval: taskParams.pollInterval ?? options.pollIntervalMs ?? DEFAULT_TASK_POLL_INTERVAL_MS };
      // The request is not kept: nothing here needs it, and a record without arguments cannot leak one.
      tasks.set(taskId, { task, sessionId, expiresAt: createdAt + ttl });
      return { ...task };
    },
    async getTask(taskId) {
      const stored = find(taskId);
      return stored ? { ...stored.task } : null;
    },
    async storeTaskResult(taskId, status, result) {
      finish(taskId, status, result);
    },
    async finishTask(taskId, status, result, statusMessage) {
      finish(taskId, status, result, statusMessage);
    },
    async getTaskResult(taskId) {
      const stored = required(taskId);
      if (stored.result) return stored.result;
      throw noTaskResult(taskId, stored.task.status, stored.task.statusMessage);
    },
    async updateTaskStatus(taskId, status, statusMessage) {
      const stored = required(taskId);
      refuseTerminal(taskId, stored, status);
      touch(stored, { status, ...(statusMessage ? { statusMessage } : {}) });
    },
    async listTasks(cursor, sessionId) {
      sweep();
      const mine = [...tasks.entries()].filter(([, stored]) => stored.sessionId === sessionId);
      let start = 0;
      if (cursor !== undefined) {
        const index = mine.findIndex(([id]) => id === cursor);
        if (index < 0) throw invalidTaskCursor();
        start = index + 1;
      }
      const page = mine.slice(start, start + TASK_PAGE_SIZE);
      const more = start + TASK_PAGE_SIZE < mine.length;
      return { tasks: page.map(([, stored]) => ({ ...stored.task })), ...(more ? { nextCursor: page.at(-1)![0] } : {}) };
    },
  };
}
