/**
 * Task end-to-end wiring: the simulator on 127.0.0.1, the real CloudStack client, real servers (createServer) on
 * one process-wide task store, and SDK clients over the in-memory link or Streamable HTTP (startHttpServer).
 * Time is scaled as in test/e2e/jobs: a "75 s migration" against the 50 s MAX_WAIT is a 2.5 s job against 1 s.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import { CallToolResultSchema, CreateTaskResultSchema, type CallToolResult, type Task } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'vitest';
import type { CloudStackApi } from '../../../src/cloudstack/api.js';
import { createCloudStackClient } from '../../../src/cloudstack/index.js';
import { startHttpServer } from '../../../src/http.js';
import { silentLogger } from '../../../src/logger.js';
import type { OperatorApprovals } from '../../../src/approvals/operator-approval.js';
import type { PolicyGate } from '../../../src/policy/types.js';
import { createServer } from '../../../src/server.js';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { createMemoryTaskStore } from '../../../src/tasks/memory-store.js';
import { createTaskWaits, type TaskWaits } from '../../../src/tasks/task-waits.js';
import { allowAllPolicy, type RecordingPolicy } from '../../helpers/allow-all-policy.js';
import { linkClient } from '../../helpers/link.js';

/** MAX_WAIT scaled down: 50 s → 300 ms. */
export const MAX_WAIT_MS = 1_000;
/** The "75 s" migration. */
export const JOB_MS = 2_500;
const FAST_POLL = { initialDelayMs: 10, maxDelayMs: 40, factor: 1.5 };

export interface TaskWorld {
  readonly simulator: RunningSimulator;
  readonly api: CloudStackApi;
  readonly store: TaskStore;
  /** Another process's waits (a second TaskWaits on the same store) when a test asks for `otherProcess`. */
  readonly waits: TaskWaits;
  readonly policy: PolicyGate;
  /** An in-memory client on its own session of this "process". */
  connect(sessionId: string, options?: { waits?: TaskWaits }): Promise<Client>;
  /** Streamable HTTP on 127.0.0.1: each client is its own HTTP session of one server process. */
  http(): Promise<{ connect(): Promise<Client> }>;
  close(): Promise<void>;
}

export interface TaskWorldOptions {
  readonly policy?: PolicyGate;
  readonly asyncTimeoutMs?: number;
  readonly jobMs?: number;
  readonly taskTtlMs?: number;
  /** Operator approval (store + page URL), for a policy that asks the operator. */
  readonly approvals?: OperatorApprovals;
}

export async function startTaskWorld(options: TaskWorldOptions = {}): Promise<TaskWorld & { readonly recorded: RecordingPolicy }> {
  const simulator = await startSimulator({ jobMs: options.jobMs ?? JOB_MS });
  const api = createCloudStackClient({ apiUrl: simulator.url, ...simulator.keys.admin, timeoutMs: 5_000, asyncTimeoutMs: 10_000, poll: FAST_POLL, retry: { maxAttempts: 1 }, logger: silentLogger });
  const recorded = allowAllPolicy();
  const policy = options.policy ?? recorded;
  const store = createMemoryTaskStore({ maxTtlMs: options.taskTtlMs ?? 3_600_000 });
  const waits = createTaskWaits();
  const closers: Array<() => Promise<void>> = [];
  const serverFor = (sessionId: string, sessionWaits = waits) =>
    createServer({
      api,
      policy,
      logger: silentLogger,
      readOnly: false,
      sessionId,
      maxWaitMs: MAX_WAIT_MS,
      asyncTimeoutMs: options.asyncTimeoutMs ?? 10_000,
      taskStore: store,
      taskWaits: sessionWaits,
      taskPollIntervalMs: 50,
      ...(options.approvals ? { approvals: options.approvals } : {}),
    });
  return {
    simulator,
    api,
    store,
    waits,
    policy,
    recorded,
    async connect(sessionId, connectOptions) {
      const { client, close } = await linkClient(serverFor(sessionId, connectOptions?.waits), { name: 'tasks-e2e' });
      closers.push(close);
      // Listing makes the client know which tools take tasks and check results against their output schemas.
      await client.listTools();
      return client;
    },
    async http() {
      const server = await startHttpServer({ host: '127.0.0.1', port: 0, logger: silentLogger, createSessionServer: (sessionId) => serverFor(sessionId) });
      closers.push(() => server.close());
      return {
        async connect() {
          const client = new Client({ name: 'tasks-http', version: '0.0.0' });
          await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
          closers.push(() => client.close());
          await client.listTools();
          return client;
        },
      };
    },
    async close() {
      await waits.abortAll('the test ended', 2_000);
      for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
      await simulator.close();
    },
  };
}

/** web-02 and a host it can move to, found with the tools (as test/e2e/jobs does). */
export async function migration(client: Client, simulator: RunningSimulator): Promise<{ vmId: string; hostId: string }> {
  const vm = simulator.world.vms.find((candidate) => candidate.name === 'web-02')!;
  const found = (await client.callTool({ name: 'find_hosts_for_migration', arguments: { virtualmachineid: vm.id } })) as CallToolResult;
  expect(found.isError, textOf(found)).toBeFalsy();
  const items = (found.structuredContent as { items: Array<{ id: string; suitableformigration?: boolean }> }).items;
  const host = items.find((item) => item.suitableformigration && item.id !== vm.hostid);
  expect(host, 'a suitable host').toBeDefined();
  return { vmId: vm.id, hostId: host!.id };
}

/** A task-augmented tools/call through the request API: the answer is the CreateTaskResult. */
export async function callAsTask(client: Client, name: string, args: Record<string, unknown>, ttl = 60_000): Promise<Task> {
  const created = await client.request({ method: 'tools/call', params: { name, arguments: args, task: { ttl } } }, CreateTaskResultSchema);
  return created.task;
}

/** tasks/get until `until` holds for the task (each poll at most 20 ms apart; 10 s at most). */
export async function pollTask(client: Client, taskId: string, until: (task: Task) => boolean): Promise<Task> {
  for (let round = 0; round < 500; round++) {
    const task = await client.experimental.tasks.getTask(taskId);
    if (until(task)) return task;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`task ${taskId} never reached the expected state`);
}

export async function taskResult(client: Client, taskId: string): Promise<CallToolResult> {
  return (await client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema)) as CallToolResult;
}

export const textOf = (result: CallToolResult): string => result.content.map((part) => ('text' in part ? part.text : '')).join('\n');
export const sent = (simulator: RunningSimulator, command: string) => simulator.requests.filter((request) => request.command === command);
