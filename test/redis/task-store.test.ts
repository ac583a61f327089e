/**
 * The Redis TaskStore against a real Redis: two stores on one Redis and prefix are two server processes sharing
 * the task records (a task created on one is read, finished and cancelled on the other).
 */
import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Request } from '@modelcontextprotocol/sdk/types.js';
import { silentLogger } from '../../src/logger.js';
import { connectRedis, type RedisConnection } from '../../src/policy/state/index.js';
import { createMemoryTaskStore } from '../../src/tasks/memory-store.js';
import { createRedisTaskStore } from '../../src/tasks/redis-store.js';
import { sharedRedis, type SharedRedis } from './redis-server.js';

const HOUR = 3_600_000;
const migrate: Request = {
  method: 'tools/call',
  params: { name: 'migrate_virtual_machine', arguments: { id: 'vm-1', hostid: 'h-2' }, task: { ttl: 60_000 }, _meta: { progressToken: 7 } },
};

let redis: SharedRedis;
let connections: RedisConnection[] = [];
let stores = 0;

async function connect(): Promise<RedisConnection> {
  const connection = await connectRedis({ url: redis.url, timeoutMs: 2_000, logger: silentLogger });
  connections.push(connection);
  return connection;
}

/** Two "processes" (own connections) on one prefix. */
async function pair(maxTtlMs = HOUR, pageSize = 10) {
  const prefix = `${redis.prefix}${(stores += 1)}:`;
  const a = createRedisTaskStore({ connection: await connect(), prefix, maxTtlMs, pageSize });
  const b = createRedisTaskStore({ connection: await connect(), prefix, maxTtlMs, pageSize });
  return { a, b, prefix };
}

beforeAll(async () => {
  redis = await sharedRedis();
});
afterAll(async () => {
  for (const connection of connections) await connection.close();
  connections = [];
  await redis?.close();
});

describe('Redis task store', () => {
  it('creates working tasks with unique 128-bit ids and capped ttls, kept in Redis as long as the ttl', async () => {
    const { a, prefix } = await pair(HOUR);
    const tasks = await Promise.all(Array.from({ length: 50 }, () => a.createTask({ ttl: 60_000, pollInterval: 500 }, 1, migrate, 's1')));
    expect(new Set(tasks.map((task) => task.taskId)).size).toBe(50);
    for (const task of tasks) expect(task.taskId).toMatch(/^[0-9a-f]{32}$/);
    const [first] = tasks;
    expect(first).toMatchObject({ status: 'working', ttl: 60_000, pollInterval: 500 });
    expect(first!.createdAt).toBe(first!.lastUpdatedAt);
    expect(new Date(first!.createdAt).toISOString()).toBe(first!.createdAt);
    expect(await a.getTask(first!.taskId)).toEqual(first);
    // A client asking for more than the cap, or for no limit at all, gets the cap: Redis memory stays bounded.
    expect((await a.createTask({ ttl: 10 * HOUR }, 2, migrate, 's1')).ttl).toBe(HOUR);
    expect((await a.createTask({ ttl: null }, 3, migrate, 's1')).ttl).toBe(HOUR);
    expect((await a.createTask({}, 4, migrate, 's1')).ttl).toBe(HOUR);

    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const left = await client.pTTL(`${prefix}task:${first!.taskId}`);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(60_000);
    } finally {
      await client.close();
    }
  });

  it('shares a task between processes: created on one, followed, finished and read on the other, from any session', async () => {
    const { a, b } = await pair();
    const task = await a.createTask({ ttl: 60_000 }, 'r1', migrate, 'session-on-a');
    expect(await b.getTask(task.taskId, 'another-session-on-b')).toMatchObject({ taskId: task.taskId, status: 'working' });
    await b.updateTaskStatus(task.taskId, 'working', 'job 5f2e…: 40% (migrating)');
    expect(await a.getTask(task.taskId)).toMatchObject({ status: 'working', statusMessage: 'job 5f2e…: 40% (migrating)' });
    const result = { content: [{ type: 'text', text: 'migrated web-1 to h-2' }], structuredContent: { virtualmachine: { id: 'vm-1', hostid: 'h-2' } } };
    await b.storeTaskResult(task.taskId, 'completed', result);
    expect(await a.getTask(task.taskId)).toMatchObject({ status: 'completed', statusMessage: 'job 5f2e…: 40% (migrating)' });
    expect(await a.getTaskResult(task.taskId, 'yet-another-session')).toEqual(result);
  });

  it('keeps terminal states final, checked and changed in one step', async () => {
    const { a, b } = await pair();
    const done = await a.createTask({}, 1, migrate, 's1');
    await a.storeTaskResult(done.taskId, 'failed', { content: [{ type: 'text', text: 'CloudStack error 530' }], isError: true });
    await expect(b.updateTaskStatus(done.taskId, 'working')).rejects.toThrow(/is already failed; it cannot become/);
    await expect(b.storeTaskResult(done.taskId, 'completed', { content: [] })).rejects.toThrow(/is already failed; it cannot become/);
    expect(await a.getTask(done.taskId)).toMatchObject({ status: 'failed' });

    // Cancelled on one process while the other is waiting on the job: its result can no longer be stored.
    const running = await a.createTask({}, 2, migrate, 's1');
    await b.updateTaskStatus(running.taskId, 'cancelled', 'Client cancelled task execution.');
    expect(await a.getTask(running.taskId)).toMatchObject({ status: 'cancelled', statusMessage: 'Client cancelled task execution.' });
    await expect(a.storeTaskResult(running.taskId, 'completed', { content: [] })).rejects.toThrow(/is already cancelled; it cannot become/);
    await expect(a.getTaskResult(running.taskId)).rejects.toThrow(/has no result \(cancelled\): Client cancelled task execution/);

    // Racing finishers on two processes: exactly one wins.
    const raced = await a.createTask({}, 3, migrate, 's1');
    const outcomes = await Promise.allSettled([a.storeTaskResult(raced.taskId, 'completed', { content: [] }), b.updateTaskStatus(raced.taskId, 'cancelled')]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  });

  it('answers an unknown task as not found', async () => {
    const { a } = await pair();
    const unknown = '0'.repeat(32);
    expect(await a.getTask(unknown)).toBeNull();
    await expect(a.getTaskResult(unknown)).rejects.toThrow(/not found/);
    await expect(a.updateTaskStatus(unknown, 'cancelled')).rejects.toThrow(/not found/);
    await expect(a.storeTaskResult(unknown, 'completed', { content: [] })).rejects.toThrow(/not found/);
  });

  it("lists the asking session's tasks only, oldest first, in pages with a cursor", async () => {
    const { a, b } = await pair();
    const mine: string[] = [];
    for (let i = 0; i < 23; i++) {
      mine.push((await (i % 2 === 0 ? a : b).createTask({}, i, migrate, 'alice')).taskId);
      await a.createTask({}, i, migrate, 'bob');
    }
    const listed: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await b.listTasks(cursor, 'alice');
      listed.push(...page.tasks.map((task) => task.taskId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(listed).toEqual(mine);
    await expect(a.listTasks('not-a-task-id', 'alice')).rejects.toThrow(/Invalid cursor/);
    expect((await a.listTasks(undefined, 'carol')).tasks).toEqual([]);
  });

  it('lists a call without a session as its own process\'s, never another\'s', async () => {
    const { a, b } = await pair();
    const own = await a.createTask({}, 1, migrate);
    expect((await a.listTasks()).tasks.map((task) => task.taskId)).toEqual([own.taskId]);
    expect((await b.listTasks()).tasks).toEqual([]);
    // Still found by id anywhere.
    expect(await b.getTask(own.taskId)).toMatchObject({ taskId: own.taskId });
  });

  it('forgets a task once its ttl has passed, and lists it no more', async () => {
    const { a } = await pair(100);
    const task = await a.createTask({}, 1, migrate, 'short');
    expect(task.ttl).toBe(100);
    const deadline = Date.now() + 10_000;
    while ((await a.getTask(task.taskId)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await a.getTask(task.taskId)).toBeNull();
    expect((await a.listTasks(undefined, 'short')).tasks).toEqual([]);
  });

  it("keeps a session's list bounded without tasks/list: a new task drops the ids of expired ones", async () => {
    // Tasks created one after another keep the session's list alive (each extends it); its expired ids must go.
    const { a, prefix } = await pair(1_000);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const first = await a.createTask({}, 1, migrate, 'never-lists');
    await sleep(600);
    const second = await a.createTask({}, 2, migrate, 'never-lists');
    await sleep(600);
    const third = await a.createTask({}, 3, migrate, 'never-lists');
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const digest = createHash('sha256').update('never-lists').digest('base64url').slice(0, 22);
      expect(await client.zRange(`${prefix}tasks:session:${digest}`, 0, -1)).toEqual([second.taskId, third.taskId]);
      expect(await client.exists(`${prefix}task:${first.taskId}`)).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('stores no secret: the request is kept with its arguments redacted and without _meta', async () => {
    const { a, prefix } = await pair();
    const secretCall: Request = { method: 'tools/call', params: { name: 'deploy_virtual_machine', arguments: { name: 'web-9', userdata: 'c2VjcmV0LWJvb3Q=', password: 'hunter2' } } };
    const task = await a.createTask({}, 9, secretCall, 's1');
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const stored = await client.hGetAll(`${prefix}task:${task.taskId}`);
      expect(JSON.parse(stored.request!)).toEqual({ method: 'tools/call', name: 'deploy_virtual_machine', arguments: { name: 'web-9', userdata: '[REDACTED]', password: '[REDACTED]' } });
      const everything: string[] = [];
      for await (const keys of client.scanIterator({ MATCH: `${prefix}*` })) {
        for (const key of keys) everything.push(JSON.stringify(await client.type(key) === 'hash' ? await client.hGetAll(key) : await client.zRange(key, 0, -1)));
      }
      expect(everything.join('\n')).not.toMatch(/hunter2|c2VjcmV0LWJvb3Q=/);
    } finally {
      await client.close();
    }
  });
});

/**
 * One contract for both task stores: the in-memory default (src/tasks/memory-store.ts, one per process) and the
 * Redis one answer the same way, so a deployment that adds Redis changes where tasks live, not how they behave.
 */
describe.each([
  { name: 'memory', open: async (maxTtlMs: number) => createMemoryTaskStore({ maxTtlMs }) },
  { name: 'redis', open: async (maxTtlMs: number) => createRedisTaskStore({ connection: await connect(), prefix: `${redis.prefix}${(stores += 1)}:`, maxTtlMs }) },
])('task store contract ($name)', ({ open }) => {
  it('caps the ttl, keeps terminal states final, and says so in the same words', async () => {
    const store = await open(HOUR);
    expect((await store.createTask({ ttl: 10 * HOUR }, 1, migrate, 's1')).ttl).toBe(HOUR);
    expect((await store.createTask({ ttl: null }, 2, migrate, 's1')).ttl).toBe(HOUR);
    const task = await store.createTask({ ttl: 60_000, pollInterval: 250 }, 3, migrate, 's1');
    expect(task).toMatchObject({ status: 'working', ttl: 60_000, pollInterval: 250, createdAt: task.lastUpdatedAt });
    await expect(store.getTaskResult(task.taskId)).rejects.toThrow(`Task ${task.taskId} has no result (working)`);
    await store.updateTaskStatus(task.taskId, 'working', 'job 1: 50%');
    await store.storeTaskResult(task.taskId, 'failed', { content: [{ type: 'text', text: 'error 530' }], isError: true });
    expect(await store.getTask(task.taskId)).toMatchObject({ status: 'failed', statusMessage: 'job 1: 50%' });
    await expect(store.updateTaskStatus(task.taskId, 'cancelled')).rejects.toThrow(`Task ${task.taskId} is already failed; it cannot become cancelled`);
    const unknown = 'f'.repeat(32);
    expect(await store.getTask(unknown)).toBeNull();
    await expect(store.getTaskResult(unknown)).rejects.toThrow(`Task ${unknown} not found (unknown, or expired after its ttl)`);
  });

  it('finds a task by id from any session, lists only the creating session, 50 a page, oldest first', async () => {
    const store = await open(HOUR);
    const mine: string[] = [];
    for (let i = 0; i < 52; i++) mine.push((await store.createTask({}, i, migrate, 'alice')).taskId);
    await store.createTask({}, 99, migrate, 'bob');
    expect(await store.getTask(mine[0]!, 'bob')).toMatchObject({ taskId: mine[0] });
    const first = await store.listTasks(undefined, 'alice');
    expect(first.tasks.map((task) => task.taskId)).toEqual(mine.slice(0, 50));
    expect(first.nextCursor).toBe(mine[49]);
    const second = await store.listTasks(first.nextCursor, 'alice');
    expect(second.tasks.map((task) => task.taskId)).toEqual(mine.slice(50));
    expect(second.nextCursor).toBeUndefined();
    await expect(store.listTasks('0'.repeat(32), 'alice')).rejects.toThrow('Invalid cursor (unknown, or its task expired)');
    expect((await store.listTasks(undefined, 'carol')).tasks).toEqual([]);
  });
});
