/**
 * The settings of talking to CloudStack: the endpoint and keys, the timeouts and TLS (the `cloudstack`,
 * `timeouts` and `tls` groups of `.env.example`, in that order).
 */
import { bool, caFile, duration, httpUrl, nonEmpty } from './rules.js';
import type { EnvSetting } from './setting.js';

export const CLOUDSTACK_ENV_SETTINGS = {
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
} as const satisfies Record<string, EnvSetting>;
