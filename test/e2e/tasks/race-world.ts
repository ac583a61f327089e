/**
 * Races between tasks/cancel and a task's own writes, end to end: two real servers (createServer) as two processes
 * on one task store — the in-memory one (a second TaskWaits stands for the other process, as in support.ts) or a
 * real Redis, each process with its own connection — the real CloudStack client and the simulator on 127.0.0.1,
 * SDK clients over the in-memory link. The owner process's store is wrapped by the test (holdCreate, cancelAfter)
 * to stop at the one moment a race needs: what a slow shared store, or a cancel from anywhere, does in production.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import type { Task } from '@modelcontextprotocol/sdk/types.js';
import { createCloudStackClient } from '../../../src/cloudstack/index.js';
import { silentLogger } from '../../../src/logger.js';
import { connectRedis, type RedisConnection } from '../../../src/policy/state/index.js';
import { createServer } from '../../../src/server.js';
import type { RunningSimulator } from '../../../src/simulator/index.js';
import { createMemoryTaskStore } from '../../../src/tasks/memory-store.js';
import { createRedisTaskStore } from '../../../src/tasks/redis-store.js';
import { createTaskWaits, type TaskWaits } from '../../../src/tasks/task-waits.js';
import { allowAllPolicy, type RecordingPolicy } from '../../helpers/allow-all-policy.js';
import { linkClient } from '../../helpers/link.js';
import type { SharedRedis } from '../../redis/redis-server.js';

export type Backend = { readonly kind: 'memory' } | { readonly kind: 'redis'; readonly redis: () => SharedRedis };

export interface RaceWorld {
  /** The task's owner: a client of the process that runs the task, through the wrapped store. */
  readonly owner: Client;
  /** A client of the other process (its own waits; on Redis its own connection and store). */
  readonly other: Client;
  /** The owner process's policy: its outcomes are the audit's. */
  readonly policy: RecordingPolicy;
  /** The owner process's job waits. */
  readonly waits: TaskWaits;
  close(): Promise<void>;
}

const FAST_POLL = { initialDelayMs: 10, maxDelayMs: 40, factor: 1.5 };
let prefixes = 0;

export async function startRaceWorld(simulator: RunningSimulator, backend: Backend, wrapOwnerStore: (store: TaskStore) => TaskStore): Promise<RaceWorld> {
  const closers: Array<() => Promise<void>> = [];
  const connections: RedisConnection[] = [];
  const storeOfAProcess = await storesFor(backend, connections);
  const api = createCloudStackClient({ apiUrl: simulator.url, ...simulator.keys.admin, timeoutMs: 5_000, asyncTimeoutMs: 10_000, poll: FAST_POLL, retry: { maxAttempts: 1 }, logger: silentLogger });
  const policy = allowAllPolicy();
  const waits = createTaskWaits();
  const connect = async (sessionId: string, store: TaskStore, processWaits: TaskWaits, processPolicy: RecordingPolicy): Promise<Client> => {
    const server = createServer({ api, policy: processPolicy, logger: silentLogger, readOnly: false, sessionId, maxWaitMs: 5_000, asyncTimeoutMs: 10_000, taskStore: store, taskWaits: processWaits, taskPollIntervalMs: 50 });
    const { client, close } = await linkClient(server, { name: 'tasks-races' });
    closers.push(close);
    await client.listTools();
    return client;
  };
  const owner = await connect('owner', wrapOwnerStore(storeOfAProcess()), waits, policy);
  const other = await connect('other', storeOfAProcess(), createTaskWaits(), allowAllPolicy());
  return {
    owner,
    other,
    policy,
    waits,
    async close() {
      await waits.abortAll('the test ended', 2_000);
      for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
      for (const connection of connections) await connection.close();
    },
  };
}

/** Each call gives one process's store: in memory the same store (one process's memory), on Redis a new connection's. */
async function storesFor(backend: Backend, connections: RedisConnection[]): Promise<() => TaskStore> {
  if (backend.kind === 'memory') {
    const store = createMemoryTaskStore({ maxTtlMs: 3_600_000 });
    return () => store;
  }
  const { url, prefix } = backend.redis();
  const shared = `${prefix}races-${(prefixes += 1)}:`;
  const opened = [await connectRedis({ url, timeoutMs: 2_000, logger: silentLogger }), await connectRedis({ url, timeoutMs: 2_000, logger: silentLogger })];
  connections.push(...opened);
  return () => createRedisTaskStore({ connection: opened.shift()!, prefix: shared, maxTtlMs: 3_600_000 });
}

/** The store's writes of a task's state (finishTask: the one our stores add, if present). */
const WRITES = new Set(['updateTaskStatus', 'storeTaskResult', 'finishTask']);

/** Every method of `inner`, its writes passed through `around` (given the task id and the write itself). */
function wrapWrites(inner: TaskStore, around: (taskId: string, write: () => Promise<void>) => Promise<void>): TaskStore {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(inner) as Array<[string, (...args: unknown[]) => Promise<unknown>]>) {
    wrapped[name] = WRITES.has(name)
      ? (...args: unknown[]) => around(String(args[0]), () => method.apply(inner, args) as Promise<void>)
      : (...args: unknown[]) => method.apply(inner, args);
  }
  return wrapped as unknown as TaskStore;
}

/**
 * createTask writes the record, then holds its reply until `release()`: a shared store's answer still on its way
 * back while the task is already in the store (listed, found by id, cancellable from anywhere).
 */
export function holdCreate() {
  let written: (task: Task) => void = () => {};
  let release: () => void = () => {};
  const recorded = new Promise<Task>((resolve) => (written = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    /** The task as written, before createTask has answered. */
    written: recorded,
    release: () => release(),
    wrap: (inner: TaskStore): TaskStore => ({
      ...wrapWrites(inner, (_taskId, write) => write()),
      async createTask(...args: Parameters<TaskStore['createTask']>) {
        const task = await inner.createTask(...args);
        written(task);
        await released;
        return task;
      },
    }),
  };
}

export type CancelOutcome = { readonly cancelled: Task } | { readonly refused: string };

/**
 * Once `when()` holds as a write starts, a tasks/cancel of that task (sent by `cancel`) lands as soon as the write is
 * done, before the writer goes on; once only (the cancel's own write passes). `fired` is the cancel's outcome.
 */
export function cancelAfter(when: () => boolean, cancel: (taskId: string) => Promise<Task>) {
  let armed = false;
  let fired: Promise<CancelOutcome> | undefined;
  return {
    get fired() {
      return fired;
    },
    wrap: (inner: TaskStore): TaskStore =>
      wrapWrites(inner, async (taskId, write) => {
        const mine = !armed && when();
        armed ||= mine;
        await write();
        if (!mine) return;
        fired = cancel(taskId).then(
          (cancelled): CancelOutcome => ({ cancelled }),
          (error: unknown): CancelOutcome => ({ refused: String(error) }),
        );
        await fired;
      }),
  };
}
