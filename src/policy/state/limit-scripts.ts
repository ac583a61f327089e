/**
 * The sliding-window counters of limits.ts, as Lua scripts Redis runs atomically (no other client's command runs
 * between a script's check and its write, so concurrent reservations from any number of processes cannot all see
 * the last free slot).
 *
 * Each counter key is two sorted sets, members being reservation ids:
 *   `…:calls` — committed calls, scored by their commit time (ms); pruned once older than the window;
 *   `…:held`  — held slots (a call waiting for approval), scored by their lease's end (ms); a held slot counts but
 *               does not age, and the lease only frees the slot of a process that died before settling it.
 * Time is Redis's own clock (`TIME`), so the servers' clocks do not matter. Every write sets the key's expiry to
 * the longest its newest entry can matter (window for calls, lease for holds): a key whose calls have all left
 * the window disappears, so Redis memory is bounded by the live keys.
 *
 * KEYS are pairs (calls, held) per distinct counter key; ARGV starts with the reservation id (ROOM has none: it
 * reserves nothing) and, per pair, the limit's max and window (ms).
 */
import { luaScript } from './redis-connection.js';

const NOW = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
`;

/** Drops calls out of the window and expired holds; returns committed and held counts. */
const COUNT = `
local function count(calls, held, window)
  redis.call('ZREMRANGEBYSCORE', calls, '-inf', now - window)
  redis.call('ZREMRANGEBYSCORE', held, '-inf', now)
  return redis.call('ZCARD', calls), redis.call('ZCARD', held)
end
`;

/**
 * How long until a full limit has room (ms): once enough committed calls leave the window; held slots never leave
 * by age. RESERVE and ROOM share it, so a probe's refusal names the wait a reservation's would.
 */
const WAIT = `
local function wait(calls, committed, holding, max, window)
  local mustLeave = committed + holding - max + 1
  if mustLeave > committed then return window end
  local entry = redis.call('ZRANGE', calls, mustLeave - 1, mustLeave - 1, 'WITHSCORES')
  return tonumber(entry[2]) + window - now
end
`;

/**
 * ARGV: id, lease ms, immediate (1: the call goes on at once, so it is committed in this same step), then max,
 * window per pair. → {1, now} held (or committed) in all, or {0, pair, retry-after ms}.
 */
export const RESERVE = luaScript(`${NOW}${COUNT}${WAIT}
local id = ARGV[1]
local lease = tonumber(ARGV[2])
local immediate = ARGV[3] == '1'
local n = #KEYS / 2
for i = 1, n do
  local calls, held = KEYS[2 * i - 1], KEYS[2 * i]
  local max, window = tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
  local committed, holding = count(calls, held, window)
  if committed + holding >= max then return {0, i, wait(calls, committed, holding, max, window)} end
end
for i = 1, n do
  if immediate then
    redis.call('ZADD', KEYS[2 * i - 1], now, id)
    redis.call('PEXPIRE', KEYS[2 * i - 1], tonumber(ARGV[3 + 2 * i]))
  else
    redis.call('ZADD', KEYS[2 * i], now + lease, id)
    redis.call('PEXPIRE', KEYS[2 * i], lease)
  end
end
return {1, now}
`);

/**
 * ARGV: max, window per pair. RESERVE's check without its write: whether every limit has room now. It prunes as
 * the other scripts do (ZREMRANGEBYSCORE and ZCARD create no key) and adds nothing, so a probe never takes a
 * slot from a concurrent reservation. → {1} room in all, or {0, pair, retry-after ms}.
 */
export const ROOM = luaScript(`${NOW}${COUNT}${WAIT}
for i = 1, #KEYS / 2 do
  local calls, held = KEYS[2 * i - 1], KEYS[2 * i]
  local max, window = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local committed, holding = count(calls, held, window)
  if committed + holding >= max then return {0, i, wait(calls, committed, holding, max, window)} end
end
return {1}
`);

/**
 * ARGV: id, then max, window per pair. Stamps the held slots with Redis's time. A hold whose lease ran out (the
 * approval outlived it) counts again only if its limit has room now; if any has none, every hold is dropped and
 * nothing is stamped: → {1, now} or {0, pair}.
 */
export const COMMIT = luaScript(`${NOW}${COUNT}
local id = ARGV[1]
local n = #KEYS / 2
for i = 1, n do
  local calls, held = KEYS[2 * i - 1], KEYS[2 * i]
  if not redis.call('ZSCORE', held, id) then
    local committed, holding = count(calls, held, tonumber(ARGV[2 * i + 1]))
    if committed + holding >= tonumber(ARGV[2 * i]) then
      for j = 1, n do redis.call('ZREM', KEYS[2 * j], id) end
      return {0, i}
    end
  end
end
for i = 1, n do
  local calls, held = KEYS[2 * i - 1], KEYS[2 * i]
  redis.call('ZREM', held, id)
  redis.call('ZADD', calls, now, id)
  redis.call('PEXPIRE', calls, tonumber(ARGV[2 * i + 1]))
end
return {1, now}
`);

/**
 * ARGV: id. Gives the held slots back. Also takes back a commit Redis made after we had given up waiting for it
 * (the call was refused, so it must not count): ids are unique, so this touches nothing else.
 */
export const RELEASE = luaScript(`
for i = 1, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end
return 1
`);
