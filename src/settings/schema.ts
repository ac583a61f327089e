/**
 * Every setting of `cloudstack-mcp` (serve mode), declared once: its rule, default, help line and README meaning.
 * config.ts parses the environment with these rules, resolve.ts the flags; `--help`, the README configuration
 * table and `.env.example` are rendered from here (render.ts; a test checks the files match, and
 * `node tools/gen-config-docs.mjs` rewrites them). To add a variable, add one entry and regenerate.
 */
import { z } from 'zod';
import { APPROVAL_ENV } from '../approvals/settings.js';
import { DEFAULT_MAX_SESSIONS } from '../http-sessions.js';
import { LOG_LEVEL_RULE, LOG_LEVELS } from '../logger.js';
import { appendableFile, bool, caFile, duration, httpUrl, nonEmpty, port, positiveCount, readableFile } from './rules.js';

/** Groups of `.env.example`, in order, each with the comment that opens it. */
export const SECTIONS = {
  cloudstack: 'The CloudStack management server API endpoint and the keys of the user the agent acts as.\nCreate keys in the CloudStack UI: Accounts > (account) > Users > (user) > Generate keys.',
  timeouts: 'Talking to CloudStack.',
  tls: 'TLS: keep verification on. For a private or self-signed certificate, trust its CA rather than turning verification off.',
  policy: 'Policy, audit and approvals.',
  redis: 'Shared policy state: rate-limit counts kept in Redis, shared by every process using it (README "Shared state in Redis").',
  http: 'HTTP mode (--http).',
  logging: 'Logging.',
} as const;

export interface EnvSetting {
  /** Applied to the raw text; to the default's text when the variable is unset (then it never sees undefined). */
  readonly rule: z.ZodType;
  /** As an operator writes it; parsed by the rule. */
  readonly default?: string;
  /** What applies when unset and there is no default text (e.g. "stderr"). */
  readonly otherwise?: string;
  /** Removed of surrounding whitespace before the rule (keys and tokens never contain any), and never echoed. */
  readonly credential?: boolean;
  /** One line for --help (the default is appended). */
  readonly help: string;
  /** The README meaning (markdown); also the comment above the variable in .env.example. */
  readonly doc: string;
  /** The value written in .env.example when it is not the default. */
  readonly example?: string;
  readonly section: keyof typeof SECTIONS;
}

export const ENV_SETTINGS = {
  CLOUDSTACK_API_URL: {
    rule: httpUrl().optional(),
    help: 'e.g. https://cloud.example.com/client/api (required unless --simulator)',
    doc: 'the management server\'s API endpoint, e.g. `https://cloud.example.com/client/api` (required unless `--simulator`)',
    example: 'https://cloud.example.com/client/api',
    section: 'cloudstack',
  },
  CLOUDSTACK_API_KEY: {
    rule: nonEmpty().optional(),
    credential: true,
    help: 'API key of the CloudStack user (required unless --simulator)',
    doc: 'the API key of the CloudStack user the agent acts as (required unless `--simulator`); surrounding whitespace is removed',
    section: 'cloudstack',
  },
  CLOUDSTACK_SECRET_KEY: {
    rule: nonEmpty().optional(),
    credential: true,
    help: 'secret key of that user (required unless --simulator)',
    doc: 'the secret key of that user (required unless `--simulator`); surrounding whitespace is removed',
    section: 'cloudstack',
  },
  CLOUDSTACK_TIMEOUT: {
    rule: duration(),
    default: '30s',
    help: 'per-request timeout',
    doc: 'per-request timeout',
    section: 'timeouts',
  },
  CLOUDSTACK_ASYNC_TIMEOUT: {
    rule: duration(),
    default: '10m',
    help: 'longest wait for an async job',
    doc: 'longest wait for an async job; the job keeps running in CloudStack after that',
    section: 'timeouts',
  },
  CLOUDSTACK_MCP_MAX_WAIT: {
    rule: duration(),
    // Below the 60 s after which most MCP clients (the SDK's default) give up on a request.
    default: '50s',
    help: 'longest any one call waits (read retries, a job)',
    doc: 'longest any one call waits, below the common 60 s client timeout: read retries share it, and a job still running then is returned as still running with its id (follow it with `wait_for_job`)',
    section: 'timeouts',
  },
  CLOUDSTACK_MCP_TASK_TTL: {
    rule: duration(),
    default: '1h',
    help: 'longest an MCP task record lives (caps the client\'s ttl)',
    doc: 'how long an MCP task (a task-augmented call of a tool that runs a CloudStack job) is kept from its creation, result included; a client asking for a longer `ttl` gets this one, and a task\'s job is waited for at most this long (and at most `CLOUDSTACK_ASYNC_TIMEOUT`)',
    section: 'timeouts',
  },
  CLOUDSTACK_SIGNATURE_TTL: {
    // The client keeps `expires` a minute inside the 15 minutes hardened servers accept, for clock skew.
    rule: duration().refine((value) => value <= 840_000, 'must be at most 14m (840000 ms)'),
    default: '5m',
    help: 'how long a signed request stays valid (at most 14m)',
    doc: 'how long a signed request stays valid (signature version 3 `expires`), at most `14m` (a minute inside the 15 minutes hardened servers accept)',
    section: 'timeouts',
  },
  CLOUDSTACK_TLS_REJECT_UNAUTHORIZED: {
    rule: bool(),
    default: 'true',
    help: 'false to accept any certificate (lab clouds only)',
    doc: '`false` accepts any certificate (lab clouds only)',
    section: 'tls',
  },
  CLOUDSTACK_CA_FILE: {
    rule: caFile().optional(),
    help: 'PEM file of a private CA to trust',
    doc: 'PEM file of a private CA to trust for CloudStack, in addition to the public CAs (better than turning verification off)',
    section: 'tls',
  },
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

export type EnvName = keyof typeof ENV_SETTINGS;

/** The parsed environment: each variable's rule output (a variable with a default is never undefined). */
export type Env = { -readonly [K in EnvName]: z.output<(typeof ENV_SETTINGS)[K]['rule']> };

export interface FlagSetting {
  /** The placeholder of its value (`--port PORT`); none = a boolean switch. */
  readonly value?: string;
  /** The variable it overrides: its rule and default apply, and the flag wins. */
  readonly env?: EnvName;
  /** For a flag of its own: the rule of its text and its default. */
  readonly rule?: z.ZodType;
  readonly default?: string;
  /** Refused unless this switch is on too. */
  readonly onlyWith?: string;
  readonly short?: string;
  readonly help: string;
}

/** The flags of serve mode, in --help order. */
export const FLAG_SETTINGS = {
  http: { help: 'serve Streamable HTTP instead of stdio' },
  host: { value: 'HOST', rule: nonEmpty(), default: '127.0.0.1', onlyWith: 'http', help: 'HTTP bind address (anything but loopback needs CLOUDSTACK_MCP_TOKEN)' },
  port: { value: 'PORT', rule: port(), default: '3000', onlyWith: 'http', help: 'HTTP port (0 picks a free one)' },
  policy: { value: 'FILE', env: 'CLOUDSTACK_MCP_POLICY', help: 'policy file (else the built-in read-only policy)' },
  toolsets: { value: 'LIST', env: 'CLOUDSTACK_MCP_TOOLSETS', help: 'toolsets to serve: all, default (the default), or a,b' },
  tools: { value: 'LIST', env: 'CLOUDSTACK_MCP_TOOLS', help: 'add single tools to the toolsets, e.g. list_pods,create_vpc' },
  'read-only': { env: 'CLOUDSTACK_MCP_READ_ONLY', help: 'list and allow only read-only tools, whatever the policy says' },
  simulator: { help: 'serve against an in-process CloudStack simulator instead of a real cloud' },
  'log-level': { value: 'LEVEL', env: 'CLOUDSTACK_MCP_LOG_LEVEL', help: 'debug | info | warn | error; logs go to stderr' },
  help: { short: 'h', help: 'this help' },
  version: { short: 'v', help: 'the version' },
} as const satisfies Record<string, FlagSetting>;

export type FlagName = keyof typeof FLAG_SETTINGS;
