/**
 * The operator approvals of src/approvals/store.ts as Lua scripts Redis runs atomically, so any number of server
 * processes share them: an approval given through one replica's page is found by the process holding the call,
 * it is used once (check and change in one script: two processes racing cannot both find it approved), and an
 * overdue approval is turned `expired` by exactly one process, the one whose script saw it first, which audits it.
 *
 * Keys (P = the prefix, CLOUDSTACK_MCP_REDIS_PREFIX):
 *   `P approval:<id>`          hash: `record` (the immutable part as JSON: call, redacted params, resource, session,
 *                               rule, times) and the mutable fields (status, decidedBy, decidedAt, decisionReason,
 *                               usedAt, reported, shown), plus `key`, `rkind`, `rid` for binding;
 *   `P approval-call:<key>`    the latest approval id of one call key (HMAC of call + session, call-key.ts);
 *   `P approvals:live`         sorted set of pending and approved ids by expiresAt (what expiry sweeps);
 *   `P approvals:recent`       sorted set of ended ids by when they ended, trimmed to the newest `recentLimit`;
 *   `P approvals:call-key-secret`  the HMAC secret every process on this Redis and prefix shares.
 * Every key expires (`keep` after the approval ended or expires), so a Redis whose servers all went away empties.
 *
 * KEYS: live, recent. ARGV: prefix, now (ms), keep (ms), recentLimit, then the script's own arguments.
 * Every script but SHOWN and SECRET sweeps first and returns `{expired, …}`: the approvals it turned expired
 * (as HGETALL arrays), for the caller to audit.
 */
import { luaScript } from './redis-connection.js';

const PRELUDE = `
local live, recent = KEYS[1], KEYS[2]
local prefix, now, keep, recentLimit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local function hkey(id) return prefix .. 'approval:' .. id end
local function ckey(key) return prefix .. 'approval-call:' .. key end
local function fields(id) return redis.call('HGETALL', hkey(id)) end
local function isLive(status) return status == 'pending' or status == 'approved' end
-- Only ever lengthens a key's life: the newest write decides how long the shared sets must last.
local function extend(key, ms)
  local left = redis.call('PTTL', key)
  if left == -1 or (left >= 0 and left < ms) then redis.call('PEXPIRE', key, ms) end
end
-- The approval is for the resource the operator saw; a resource that is gone (none now) still matches.
local function sameResource(seenKind, seenId, kind, id)
  return (not seenKind) or seenKind == '' or kind == '' or (seenKind == kind and seenId == id)
end
-- An approval that ended leaves the live set for the recent list, and is kept \`keep\` from now.
local function finish(id, endedAt)
  redis.call('ZREM', live, id)
  redis.call('ZADD', recent, endedAt, id)
  redis.call('PEXPIRE', hkey(id), keep)
  local key = redis.call('HGET', hkey(id), 'key')
  if key and redis.call('GET', ckey(key)) == id then redis.call('PEXPIRE', ckey(key), keep) end
  extend(recent, keep)
end
local expired = {}
local function sweep()
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', live, '-inf', now)) do
    local state = redis.call('HMGET', hkey(id), 'status', 'decidedAt', 'expiresAt')
    if isLive(state[1]) then
      redis.call('HSET', hkey(id), 'status', 'expired')
      finish(id, tonumber(state[2]) or tonumber(state[3]))
      table.insert(expired, fields(id))
    else
      redis.call('ZREM', live, id)
    end
  end
  -- The oldest ended approvals beyond recentLimit are forgotten, with their call key if it still names them.
  local extra = redis.call('ZCARD', recent) - recentLimit
  if extra > 0 then
    for _, id in ipairs(redis.call('ZRANGE', recent, 0, extra - 1)) do
      local key = redis.call('HGET', hkey(id), 'key')
      if key and redis.call('GET', ckey(key)) == id then redis.call('DEL', ckey(key)) end
      redis.call('DEL', hkey(id))
    end
    redis.call('ZREMRANGEBYRANK', recent, 0, extra - 1)
  end
end
sweep()
`;

/**
 * ARGV 5…: call key, new id, record JSON, tool, expiresAt, resource kind, resource id ('' for none), maxPending.
 * → {expired, 0, existing} the same call's live approval; {expired, -1} too many live; {expired, -2} id taken;
 *   {expired, 1, created}.
 */
export const REQUEST = luaScript(`${PRELUDE}
local key, id, record, tool = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local expiresAt, kind, rid, maxPending = tonumber(ARGV[9]), ARGV[10], ARGV[11], tonumber(ARGV[12])
local existing = redis.call('GET', ckey(key))
if existing then
  local state = redis.call('HMGET', hkey(existing), 'status', 'rkind', 'rid')
  if isLive(state[1]) and sameResource(state[2], state[3], kind, rid) then return {expired, 0, fields(existing)} end
end
if redis.call('ZCARD', live) >= maxPending then return {expired, -1} end
if redis.call('EXISTS', hkey(id)) == 1 then return {expired, -2} end
local life = expiresAt - now + keep
redis.call('HSET', hkey(id), 'record', record, 'key', key, 'status', 'pending', 'tool', tool, 'rkind', kind, 'rid', rid,
  'createdAt', now, 'expiresAt', expiresAt)
redis.call('PEXPIRE', hkey(id), life)
redis.call('ZADD', live, expiresAt, id)
extend(live, life)
redis.call('SET', ckey(key), id, 'PX', life)
return {expired, 1, fields(id)}
`);

/** ARGV 5: id. → {expired, fields} (empty when there is no such approval). */
export const GET = luaScript(`${PRELUDE}
return {expired, fields(ARGV[5])}
`);

/** → {expired, live approvals, ended approvals newest first}. */
export const LIST = luaScript(`${PRELUDE}
local function all(ids)
  local out = {}
  for _, id in ipairs(ids) do
    local found = fields(id)
    if #found > 0 then table.insert(out, found) end
  end
  return out
end
return {expired, all(redis.call('ZRANGE', live, 0, -1)), all(redis.call('ZREVRANGE', recent, 0, -1))}
`);

/**
 * ARGV 5…: id, new status (approved|denied), by, reason ('' for none), the statuses it may come from (comma list).
 * → {expired, 0} not found; {expired, -1, fields} not in a status it may come from; {expired, 1, fields}.
 */
export const DECIDE = luaScript(`${PRELUDE}
local id, status, by, reason, from = ARGV[5], ARGV[6], ARGV[7], ARGV[8], ',' .. ARGV[9] .. ','
local current = redis.call('HGET', hkey(id), 'status')
if not current then return {expired, 0} end
if not string.find(from, ',' .. current .. ',', 1, true) then return {expired, -1, fields(id)} end
redis.call('HSET', hkey(id), 'status', status, 'decidedBy', by, 'decidedAt', now)
if reason ~= '' then redis.call('HSET', hkey(id), 'decisionReason', reason) end
if not isLive(status) then finish(id, now) end
return {expired, 1, fields(id)}
`);

/**
 * ARGV 5…: call key, resource kind, resource id ('' for none). An approved approval becomes used here; an ended
 * one is told once. → {expired, 'none'} or {expired, 'approved'|'pending'|<ended status>, fields}.
 */
export const CONSUME = luaScript(`${PRELUDE}
local key, kind, rid = ARGV[5], ARGV[6], ARGV[7]
local id = redis.call('GET', ckey(key))
if not id then return {expired, 'none'} end
local state = redis.call('HMGET', hkey(id), 'status', 'rkind', 'rid', 'reported')
if not state[1] or not sameResource(state[2], state[3], kind, rid) then return {expired, 'none'} end
if state[1] == 'pending' then return {expired, 'pending', fields(id)} end
if state[1] == 'approved' then
  redis.call('HSET', hkey(id), 'status', 'used', 'usedAt', now)
  finish(id, now)
  return {expired, 'approved', fields(id)}
end
if state[4] == '1' then return {expired, 'none'} end
redis.call('HSET', hkey(id), 'reported', '1')
return {expired, state[1], fields(id)}
`);

/** KEYS: none. ARGV: prefix, ids…. → the approvals shown for the first time (each audited once, by one process). */
export const SHOWN = luaScript(`
local out = {}
for i = 2, #ARGV do
  local hash = ARGV[1] .. 'approval:' .. ARGV[i]
  if redis.call('EXISTS', hash) == 1 and redis.call('HSETNX', hash, 'shown', '1') == 1 then
    table.insert(out, redis.call('HGETALL', hash))
  end
end
return out
`);

/** ARGV 5…: tool, reason. Cancels the tool's live approvals. → {expired, cancelled approvals}. */
export const CANCEL = luaScript(`${PRELUDE}
local tool, reason = ARGV[5], ARGV[6]
local cancelled = {}
for _, id in ipairs(redis.call('ZRANGE', live, 0, -1)) do
  local state = redis.call('HMGET', hkey(id), 'status', 'tool')
  if state[2] == tool and isLive(state[1]) then
    redis.call('HSET', hkey(id), 'status', 'cancelled', 'decidedBy', 'policy reload', 'decidedAt', now, 'decisionReason', reason)
    finish(id, now)
    table.insert(cancelled, fields(id))
  end
end
return {expired, cancelled}
`);

/** KEYS: the secret's key. ARGV: a fresh secret. The first process's secret stays; every process gets it. */
export const SECRET = luaScript(`
redis.call('SET', KEYS[1], ARGV[1], 'NX')
return redis.call('GET', KEYS[1])
`);
