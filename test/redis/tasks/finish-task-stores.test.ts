/**
 * finishTask, the one write both task stores add to the SDK's TaskStore (task-records.ts): status, message and
 * result together, refused whole once the task is terminal — the same contract in memory and on a real Redis
 * (the suite's, CLOUDSTACK_MCP_TEST_REDIS_URL, or one of this test's own: ../redis-server.ts), where a second
 * store on its own connection is another process.
 */
import type { Request } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { connectRedis, type RedisConnection } from '../../../src/policy/state/index.js';
import { createMemoryTaskStore } from '../../../src/tasks/memory-store.js';
import { createRedisTaskStore } from '../../../src/tasks/redis-store.js';
import type { FinishingTaskStore } from '../../../src/tasks/task-records.js';
import { sharedRedis, type SharedRedis } from '../redis-server.js';

const HOUR = 3_600_000;
const stop: Request = { method: 'tools/call', params: { name: 'stop_virtual_machine', arguments: { id: 'vm-1' } } };
const stopped = { content: [{ type: 'text', text: 'Virtual machine web-01 (vm-1) is Stopped.\nJob 1 finished.' }], structuredContent: { virtualmachine: { id: 'vm-1', state: 'Stopped' } } };

let redis: SharedRedis;
const connections: RedisConnection[] = [];
let prefixes = 0;

beforeAll(async () => {
  redis = await sharedRedis();
});
afterAll(async () => {
  for (const connection of connections.splice(0)) await connection.close();
  await redis?.close();
});

/** Two processes' stores on one set of records: in memory the same store, on Redis two connections on one prefix. */
async function twoProcesses(kind: 'memory' | 'redis'): Promise<[FinishingTaskStore, FinishingTaskStore]> {
  if (kind === 'memory') {
    const store = createMemoryTaskStore({ maxTtlMs: HOUR });
    return [store, store];
  }
  const prefix = `${redis.prefix}finish-${(prefixes += 1)}:`;
  const open = async () => {
    const connection = await connectRedis({ url: redis.url, timeoutMs: 2_000, logger: silentLogger });
    connections.push(connection);
    return createRedisTaskStore({ connection, prefix, maxTtlMs: HOUR });
  };
  return [await open(), await open()];
}

describe.each(['memory', 'redis'] as const)('finishTask (%s)', (kind) => {
  it('ends a working task with its status, message and result, read so on the other process', async () => {
    const [a, b] = await twoProcesses(kind);
    const task = await a.createTask({}, 1, stop, 's1');
    await a.updateTaskStatus(task.taskId, 'working', 'stopVirtualMachine job 1: running in CloudStack after 1.0 s (3 checks).');
    await a.finishTask(task.taskId, 'completed', stopped, 'Virtual machine web-01 (vm-1) is Stopped.', 's1');
    expect(await b.getTask(task.taskId)).toMatchObject({ status: 'completed', statusMessage: 'Virtual machine web-01 (vm-1) is Stopped.' });
    expect(await b.getTaskResult(task.taskId)).toEqual(stopped);
    // Final: neither a second finish nor a cancel changes it.
    await expect(b.updateTaskStatus(task.taskId, 'cancelled', 'Cancelled')).rejects.toThrow(`Task ${task.taskId} is already completed; it cannot become cancelled`);
    await expect(b.finishTask(task.taskId, 'failed', { content: [], isError: true }, 'x')).rejects.toThrow('is already completed; it cannot become failed');
    expect(await a.getTaskResult(task.taskId)).toEqual(stopped);
  });

  it('is refused whole once another process cancelled the task: cancelled, its message kept, no result', async () => {
    const [a, b] = await twoProcesses(kind);
    const task = await a.createTask({}, 1, stop, 's1');
    await b.updateTaskStatus(task.taskId, 'cancelled', 'Cancelled: this server stopped waiting for stopVirtualMachine job 1.');
    await expect(a.finishTask(task.taskId, 'completed', stopped, 'Virtual machine web-01 (vm-1) is Stopped.')).rejects.toThrow(
      `Task ${task.taskId} is already cancelled; it cannot become completed`,
    );
    expect(await a.getTask(task.taskId)).toMatchObject({ status: 'cancelled', statusMessage: 'Cancelled: this server stopped waiting for stopVirtualMachine job 1.' });
    await expect(a.getTaskResult(task.taskId)).rejects.toThrow(`Task ${task.taskId} has no result (cancelled)`);
    await expect(a.finishTask('0'.repeat(32), 'completed', stopped, 'x')).rejects.toThrow('not found');
  });
});
