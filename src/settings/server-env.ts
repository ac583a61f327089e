/**
 * The settings of the server itself: policy, audit and approvals, shared state in Redis, HTTP mode and logging
 * (the `policy`, `redis`, `http` and `logging` groups of `.env.example`, in that order).
 */
import { z } from 'zod';
import { APPROVAL_ENV } from '../approvals/settings.js';
import { DEFAULT_MAX_SESSIONS } from '../http-sessions.js';
import { LOG_LEVEL_RULE, LOG_LEVELS } from '../logger.js';
import { appendableFile, bool, caFile, duration, nonEmpty, positiveCount, readableFile } from './rules.js';
import type { EnvSetting } from './setting.js';

export const SERVER_ENV_SETTINGS = {
  CLOUDSTACK_MCP_POLICY: {
    rule: readableFile().optional(),
    otherwise: 'built-in read-only policy',
    help: 'policy file (hot-reloaded on change)',
    doc: 'policy file (`--policy` wins), hot-reloaded on change; `policy.example.json` is a sensible production starting point',
    section: 'policy',
  },
  CLOUDSTACK_MCP_AUDIT_LOG: {
    rule: appendableFile().optional(),
    otherwise: 'stderr',
    help: 'file to append audit records to',
    doc: 'file the audit records (one JSON line per decision) are appended to; follows log rotation (reopened on SIGHUP, and when the file was moved or deleted)',
    section: 'policy',
  },
  CLOUDSTACK_MCP_TOOLSETS: {
    rule: nonEmpty(),
    default: 'default',
    help: 'toolsets to serve: all, default, or names such as vm,storage',
    doc: 'the toolsets served (`--toolsets` wins): `default` (what an operator uses daily), `all`, or a comma-separated list of toolset names (see Tools)',
    section: 'policy',
  },
  CLOUDSTACK_MCP_TOOLS: {
    rule: nonEmpty().optional(),
    otherwise: 'none',
    help: 'single tools added to the toolsets, e.g. list_pods,create_vpc',
    doc: 'single tools served besides the toolsets (`--tools` wins), comma-separated, e.g. `list_pods,create_vpc`',
    section: 'policy',
  },
  CLOUDSTACK_MCP_READ_ONLY: {
    rule: bool(),
    default: 'false',
    help: 'true for --read-only',
    doc: '`true` = `--read-only`: only read-only tools, whatever the policy says',
    section: 'policy',
  },
  CLOUDSTACK_MCP_APPROVAL_TIMEOUT: {
    rule: duration(),
    default: '2m',
    help: 'how long an approval request waits for the human',
    doc: 'how long an approval request waits for the human',
    section: 'policy',
  },
  CLOUDSTACK_MCP_APPROVER_TOKEN: {
    rule: APPROVAL_ENV.CLOUDSTACK_MCP_APPROVER_TOKEN,
    credential: true,
    otherwise: 'off',
    help: 'operator credential for the approvals page and CLI (16+ chars, not CLOUDSTACK_MCP_TOKEN)',
    doc: 'the operator\'s credential for the approvals page (`/approvals`) and `cloudstack-mcp approvals` (16+ characters, never the agent\'s `CLOUDSTACK_MCP_TOKEN`); without it, calls the policy sends to the operator (`require_approval`, `approve_if`, unless `"approver": "client"`) are refused',
    section: 'policy',
  },
  CLOUDSTACK_MCP_APPROVAL_TTL: {
    rule: APPROVAL_ENV.CLOUDSTACK_MCP_APPROVAL_TTL,
    default: '15m',
    help: 'how long an operator approval stays pending or approved-unused',
    doc: 'how long a pending approval waits for the operator, and an approved one for the agent to repeat the call (1s to 24h)',
    section: 'policy',
  },
  CLOUDSTACK_MCP_APPROVAL_PORT: {
    rule: APPROVAL_ENV.CLOUDSTACK_MCP_APPROVAL_PORT,
    otherwise: 'any free port',
    help: 'stdio mode: loopback port of the approvals page',
    doc: 'stdio mode: the loopback port of the approvals page (0 also means any free port; the page\'s address is printed on stderr at start-up); in `--http` mode the page is `/approvals` on the MCP listener',
    section: 'policy',
  },
  CLOUDSTACK_MCP_APPROVAL_URL: {
    rule: APPROVAL_ENV.CLOUDSTACK_MCP_APPROVAL_URL,
    help: 'the approvals page as operators reach it (behind a proxy)',
    doc: 'the approvals page\'s address as operators reach it (e.g. `https://mcp.example.com/approvals` behind a TLS proxy): the link in the agent\'s results, the page\'s Host/Origin, and secure cookies on `https://`',
    section: 'policy',
  },
  CLOUDSTACK_MCP_REDIS_URL: {
    // The URL may carry a password, so only its scheme is checked here.
    rule: z.string().regex(/^rediss?:\/\/./, 'must be a redis:// or rediss:// URL such as redis://user:password@redis.example.com:6379').optional(),
    otherwise: 'in memory',
    help: 'redis:// or rediss:// URL: rate-limit counts, approvals and tasks shared by processes',
    doc: '`redis://[user:password@]host:port[/db]` or `rediss://…` (TLS, verified): keep rate-limit counts, operator approvals and MCP task records in Redis, shared by every process and kept across restarts (see [Shared state in Redis](#shared-state-in-redis)); unreachable at start-up = exit 2',
    section: 'redis',
  },
  CLOUDSTACK_MCP_REDIS_PREFIX: {
    rule: nonEmpty(),
    default: 'cloudstack-mcp:',
    help: 'namespace of the Redis keys',
    doc: 'namespace of every Redis key written; one per cloud when several share a Redis',
    section: 'redis',
  },
  CLOUDSTACK_MCP_REDIS_CA_FILE: {
    rule: caFile().optional(),
    help: 'PEM file of a private CA to trust for rediss://',
    doc: 'PEM file of a private CA to trust for `rediss://`, in addition to the public CAs',
    section: 'redis',
  },
  CLOUDSTACK_MCP_REDIS_TIMEOUT: {
    // One Redis round trip per decision is waited for in tens to hundreds of ms: only a bare number below 100 is refused.
    rule: duration(100),
    default: '1s',
    help: 'longest wait for Redis per decision',
    doc: 'longest wait for Redis to answer one decision (a bare number is ms, refused below 100); past it (or with Redis down) the call is refused, nothing is sent',
    section: 'redis',
  },
  CLOUDSTACK_MCP_TOKEN: {
    rule: z.string().min(16, 'must be at least 16 characters').optional(),
    credential: true,
    help: 'bearer token for --http (required when not bound to loopback; 16+ chars)',
    doc: 'bearer token for `--http` (16+ characters); required when not bound to loopback',
    section: 'http',
  },
  CLOUDSTACK_MCP_ALLOWED_HOSTS: {
    rule: z
      .string()
      .transform((value) => value.split(',').map((name) => name.trim()).filter(Boolean))
      .optional(),
    help: 'extra Host/Origin names accepted by --http, comma-separated',
    doc: 'extra `Host`/`Origin` names accepted by `--http`, comma-separated (e.g. `mcp.example.com`; case, port and scheme are ignored)',
    section: 'http',
  },
  CLOUDSTACK_MCP_MAX_SESSIONS: {
    rule: positiveCount('sessions', 10_000),
    default: String(DEFAULT_MAX_SESSIONS),
    help: 'most --http sessions at once (the oldest idle one makes room)',
    doc: 'most `--http` sessions at once; when full, the session idle longest (no request, no open stream) is closed to make room, and if every session is busy a new one gets 503 with `Retry-After`',
    section: 'http',
  },
  CLOUDSTACK_MCP_LOG_LEVEL: {
    rule: z.enum(LOG_LEVELS, { message: LOG_LEVEL_RULE }),
    default: 'info',
    help: 'debug | info | warn | error',
    doc: '`debug`, `info`, `warn` or `error`; logs are JSON lines on stderr',
    section: 'logging',
  },
} as const satisfies Record<string, EnvSetting>;
