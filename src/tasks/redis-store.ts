/**
 * MCP task records in Redis: the SDK's TaskStore shared by every server process on the same Redis and prefix, so
 * a client that reconnects to another replica (or a second agent client) follows its task with `tasks/get` and
 * `tasks/result` there, and `tasks/cancel` given anywhere is seen by the process waiting on the job.
 *
 * Binding (the team's contract, README "Tasks"): the record keeps the session that created it; `tasks/list`
 * lists the asking session's tasks only; get, result, status updates and cancel find a task by id from any
 * session, because the id is 128 random bits (a capability) and every session of one deployment acts with the
 * same CloudStack credential, which could query the job behind it anyway. A call without a session (stdio) is
 * this store's own session, so one stdio process never lists another's tasks.
 *
 * Keys (P = CLOUDSTACK_MCP_REDIS_PREFIX): `P task:<id>`, a hash expiring `ttl` after the task's creation, result
 * included (as the in-memory store, src/tasks/memory-store.ts); `P tasks:session:<digest of the session>`, the
 * session's ids by creation time, for listing, expiring with its newest task. Every ttl is capped at `maxTtlMs`
 * (CLOUDSTACK_MCP_TASK_TTL; a client asking for none or more gets the cap), so Redis memory is bounded by the
 * live tasks. Terminal states are final,
 * checked and changed in one script. No secrets: the stored request's arguments are redacted.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CreateTaskOptions } from '@modelcontextprotocol/sdk/experimental/tasks';
import type { Request, RequestId, Result, Task } from '@modelcontextprotocol/sdk/types.js';
import { PolicyStateError } from '../policy/state/errors.js';
import { luaScript, type RedisConnection } from '../policy/state/redis-connection.js';
import { redact } from '../redact.js';
import { DEFAULT_TASK_POLL_INTERVAL_MS, grantedTtl, invalidTaskCursor, noTaskResult, TASK_PAGE_SIZE, taskIsFinal, taskNotFound, type FinishingTaskStore } from './task-records.js';

export interface RedisTaskStoreOptions {
  readonly connection: RedisConnection;
  /** Namespace of every key (CLOUDSTACK_MCP_REDIS_PREFIX). */
  readonly prefix: string;
  /** The longest a task is kept, ms; also what a client that asks for no ttl gets. */
  readonly maxTtlMs: number;
  /** Tasks per `tasks/list` page. */
  readonly pageSize?: number;
  readonly now?: () => number;
}

/** The hash fields a Task is read from, in this order. */
const TASK_FIELDS = ['status', 'ttl', 'createdAt', 'lastUpdatedAt', 'pollInterval', 'statusMessage'] as const;

/**
 * KEYS: task, session list. ARGV: id, ttl ms, the longest ttl ms, then field/value pairs. → 1, or 0 if the id
 * exists. The list is ordered by Redis's clock in microseconds: scripts run one at a time, so tasks created by any
 * process in the same millisecond still list in the order they were created. Ids older than the longest ttl are
 * of expired tasks: dropped here too, not only when listed, since every new task extends the list's life and a
 * session that never lists would otherwise keep every id it ever had.
 */
const CREATE = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local ttl = tonumber(ARGV[2])
local clock = redis.call('TIME')
local micros = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', micros - tonumber(ARGV[3]) * 1000)
redis.call('ZADD', KEYS[2], micros, ARGV[1])
if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
return 1
`);

/**
 * KEYS: task. ARGV: status, statusMessage ('' keeps it), lastUpdatedAt, result JSON ('' for none).
 * → {1}; {0} not found; {-1, status} already terminal (its status is final). One script, so a task's finish
 * (status, message and result: finishTask) and a cancel from any process are ordered whole, never interleaved.
 */
const UPDATE = luaScript(`
local current = redis.call('HGET', KEYS[1], 'status')
if not current then return {0} end
if current == 'completed' or current == 'failed' or current == 'cancelled' then return {-1, current} end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'lastUpdatedAt', ARGV[3])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'statusMessage', ARGV[2]) end
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'result', ARGV[4]) end
return {1}
`);

/** KEYS: task. ARGV: field names. → their values (false for none). */
const READ = luaScript(`return redis.call('HMGET', KEYS[1], unpack(ARGV))`);

/**
 * KEYS: session list. ARGV: task key prefix, cursor id ('' for the first page), page size. Drops ids whose task
 * expired. → {1, {id, fields…}…, next id or ''}; {0} for a cursor that is not in the list.
 */
const LIST = luaScript(`
local ids, live = redis.call('ZRANGE', KEYS[1], 0, -1), {}
for _, id in ipairs(ids) do
  if redis.call('EXISTS', ARGV[1] .. id) == 1 then table.insert(live, id) else redis.call('ZREM', KEYS[1], id) end
end
local start = 1
if ARGV[2] ~= '' then
  start = nil
  for i, id in ipairs(live) do if id == ARGV[2] then start = i + 1 end end
  if not start then return {0} end
end
local size, page = tonumber(ARGV[3]), {}
for i = start, math.min(#live, start + size - 1) do
  local entry = redis.call('HMGET', ARGV[1] .. live[i], ${TASK_FIELDS.map((field) => `'${field}'`).join(', ')})
  table.insert(entry, 1, live[i])
  table.insert(page, entry)
end
local following = ''
if start + size - 1 < #live then following = live[start + size - 1] end
return {1, page, following}
`);

const sessionDigest = (session: string): string => createHash('sha256').update(session).digest('base64url').slice(0, 22);

function unexpected(what: string, reply: unknown): PolicyStateError {
  return new PolicyStateError(`Redis answered the task ${what} script unexpectedly (${JSON.stringify(reply)?.slice(0, 200)})`);
}

function toTask(taskId: string, values: readonly unknown[]): Task {
  const [status, ttl, createdAt, lastUpdatedAt, pollInterval, statusMessage] = values.map((value) => (typeof value === 'string' ? value : undefined));
  if (!status || !ttl || !createdAt || !lastUpdatedAt) throw unexpected('read', values);
  return {
    taskId,
    status: status as Task['status'],
    ttl: Number(ttl),
    createdAt,
    lastUpdatedAt,
    ...(pollInterval ? { pollInterval: Number(pollInterval) } : {}),
    ...(statusMessage ? { statusMessage } : {}),
  };
}

/** The request as stored: the tool and its redacted arguments; no progress token or other `_meta`. */
function storedRequest(request: Request): string {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const args = params.arguments;
  return JSON.stringify({
    method: request.method,
    ...(typeof params.name === 'string' ? { name: params.name } : {}),
    ...(args && typeof args === 'object' ? { arguments: redact({ ...(args as Record<string, unknown>) }) } : {}),
  });
}

export function createRedisTaskStore(options: RedisTaskStoreOptions): FinishingTaskStore {
  const { connection, prefix, maxTtlMs } = options;
  const pageSize = options.pageSize ?? TASK_PAGE_SIZE;
  const now = options.now ?? Date.now;
  const taskKey = (taskId: string): string => `${prefix}task:${taskId}`;
  // What "no session" means for this store: this process's own tasks (see the header).
  const ownSession = `process:${randomBytes(16).toString('hex')}`;
  const listKey = (session: string | undefined): string => `${prefix}tasks:session:${sessionDigest(session ?? ownSession)}`;

  const update = async (taskId: string, status: Task['status'], statusMessage: string | undefined, result?: Result): Promise<void> => {
    const reply = await connection.run(UPDATE, [taskKey(taskId)], [status, statusMessage ?? '', new Date(now()).toISOString(), result ? JSON.stringify(result) : '']);
    if (!Array.isArray(reply)) throw unexpected('update', reply);
    if (reply[0] === 0) throw taskNotFound(taskId);
    if (reply[0] === -1) throw taskIsFinal(taskId, String(reply[1]), status);
  };

  return {
    async createTask(taskParams: CreateTaskOptions, requestId: RequestId, request: Request, sessionId?: string): Promise<Task> {
      const ttl = grantedTtl(taskParams.ttl, maxTtlMs);
      for (;;) {
        const taskId = randomBytes(16).toString('hex');
        const created = now();
        const createdAt = new Date(created).toISOString();
        const task: Task = { taskId, status: 'working', ttl, createdAt, lastUpdatedAt: createdAt, pollInterval: taskParams.pollInterval ?? DEFAULT_TASK_POLL_INTERVAL_MS };
        const fields = ['status', task.status, 'ttl', ttl, 'createdAt', createdAt, 'lastUpdatedAt', createdAt, 'pollInterval', task.pollInterval!];
        const bound = ['session', sessionId ?? ownSession, 'requestId', JSON.stringify(requestId), 'request', storedRequest(request)];
        const made = await connection.run(CREATE, [taskKey(taskId), listKey(sessionId)], [taskId, ttl, maxTtlMs, ...fields, ...bound]);
        if (made === 1) return task;
        if (made !== 0) throw unexpected('create', made);
      }
    },

    async getTask(taskId: string): Promise<Task | null> {
      const values = await connection.run(READ, [taskKey(taskId)], TASK_FIELDS);
      if (!Array.isArray(values)) throw unexpected('read', values);
      return values[0] ? toTask(taskId, values) : null;
    },

    async storeTaskResult(taskId: string, status: 'completed' | 'failed', result: Result): Promise<void> {
      await update(taskId, status, undefined, result);
    },

    async finishTask(taskId: string, status: 'completed' | 'failed', result: Result, statusMessage: string): Promise<void> {
      await update(taskId, status, statusMessage, result);
    },

    async getTaskResult(taskId: string): Promise<Result> {
      const [status, result, statusMessage] = (await connection.run(READ, [taskKey(taskId)], ['status', 'result', 'statusMessage'])) as unknown[];
      if (!status) throw taskNotFound(taskId);
      if (typeof result !== 'string') throw noTaskResult(taskId, String(status), typeof statusMessage === 'string' ? statusMessage : undefined);
      return JSON.parse(result) as Result;
    },

    async updateTaskStatus(taskId: string, status: Task['status'], statusMessage?: string): Promise<void> {
      await update(taskId, status, statusMessage);
    },

    async listTasks(cursor?: string, sessionId?: string): Promise<{ tasks: Task[]; nextCursor?: string }> {
      const reply = await connection.run(LIST, [listKey(sessionId)], [taskKey(''), cursor ?? '', pageSize]);
      if (!Array.isArray(reply)) throw unexpected('list', reply);
      if (reply[0] === 0) throw invalidTaskCursor();
      const [, page, next] = reply as [number, unknown[][], string];
      const tasks = page.map(([taskId, ...values]) => toTask(String(taskId), values));
      return { tasks, ...(next ? { nextCursor: next } : {}) };
    },
  };
}
