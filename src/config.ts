/**
 * Configuration from the environment (and `.env`, read through dotenv), parsed once with zod.
 * A missing or malformed value stops start-up with one line naming the variable and what is wrong; a value
 * is never echoed, because several of these variables are secrets.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { DEFAULT_MAX_SESSIONS } from './http-sessions.js';
import { LOG_LEVEL_RULE, LOG_LEVELS } from './logger.js';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .optional()
    .transform((value) => (value === undefined ? fallback : ['true', '1', 'yes'].includes(value)));

const DURATION_UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
/** Below this a bare number is far more likely seconds written without a unit than milliseconds meant. */
const SMALLEST_BARE_TIMEOUT_MS = 1_000;

/**
 * A duration: `30s`, `2m`, `500ms`, `1h`, or a bare number of milliseconds. A bare number below 1000 is refused
 * with the unit to add: `CLOUDSTACK_TIMEOUT=30` means 30 seconds in other CloudStack tools, and 30 ms here would
 * time out every request.
 */
const duration = (fallback: number, smallestBareMs = SMALLEST_BARE_TIMEOUT_MS) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return fallback;
      const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value);
      if (!match) {
        context.addIssue({ code: 'custom', message: 'must be a duration such as 30s, 2m or 500ms (a bare number is milliseconds)' });
        return z.NEVER;
      }
      const amount = Number(match[1]);
      const unit = match[2]?.toLowerCase() as keyof typeof DURATION_UNITS_MS | undefined;
      if (unit === undefined && amount < smallestBareMs) {
        context.addIssue({
          code: 'custom',
          message: `is ${amount} without a unit, which would mean ${amount} ms: write ${amount}s for seconds (or ${amount}ms if milliseconds are meant)`,
        });
        return z.NEVER;
      }
      return Math.round(amount * DURATION_UNITS_MS[unit ?? 'ms']);
    })
    .refine((value) => value > 0, 'must be greater than 0');

/**
 * Keys and tokens: CloudStack's and ours never contain whitespace, so a copied trailing space or newline (which
 * would make every request a 401) is removed before validation, and said once (by name, never the value).
 */
const CREDENTIALS = ['CLOUDSTACK_API_KEY', 'CLOUDSTACK_SECRET_KEY', 'CLOUDSTACK_MCP_TOKEN'] as const;

const positiveCount = (fallback: number, what: string, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number of ${what}`)
    .optional()
    .transform((value) => (value === undefined ? fallback : Number(value)))
    .refine((value) => value > 0 && value <= max, `must be between 1 and ${max}`);

export function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The audit log is appended to: its directory must exist and, if the file exists, it must be writable. */
function isAppendablePath(path: string): boolean {
  try {
    accessSync(existsSync(path) ? path : dirname(resolve(path)), constants.W_OK);
    return !existsSync(path) || !statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const readableFile = z.string().min(1, 'must not be empty').refine(isReadableFile, 'must name a readable file').optional();

/** A CA file that holds no PEM certificate (a DER file, a key, the wrong file) would fail every request later. */
function holdsPemCertificate(path: string): boolean {
  try {
    return readFileSync(path, 'latin1').includes('-----BEGIN CERTIFICATE-----');
  } catch {
    return false;
  }
}

const caFile = z
  .string()
  .min(1, 'must not be empty')
  .refine(isReadableFile, 'must name a readable file')
  .refine(holdsPemCertificate, 'must be a PEM file with at least one certificate (-----BEGIN CERTIFICATE-----); convert a DER file with openssl x509 -inform der')
  .optional();

const httpUrl = z.string().refine((value) => {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be an http(s) URL such as https://cloud.example.com/client/api');

/** Every variable we read, with its rule. The README and .env.example list the same names. */
const EnvSchema = z.object({
  CLOUDSTACK_API_URL: httpUrl.optional(),
  CLOUDSTACK_API_KEY: z.string().min(1, 'must not be empty').optional(),
  CLOUDSTACK_SECRET_KEY: z.string().min(1, 'must not be empty').optional(),
  CLOUDSTACK_TIMEOUT: duration(30_000),
  CLOUDSTACK_ASYNC_TIMEOUT: duration(600_000),
  // The client keeps `expires` a minute inside the 15 minutes hardened servers accept, for clock skew.
  CLOUDSTACK_SIGNATURE_TTL: duration(300_000).refine((value) => value <= 840_000, 'must be at most 14m (840000 ms)'),
  CLOUDSTACK_TLS_REJECT_UNAUTHORIZED: bool(true),
  CLOUDSTACK_CA_FILE: caFile,
  CLOUDSTACK_MCP_POLICY: readableFile,
  CLOUDSTACK_MCP_AUDIT_LOG: z.string().min(1).refine(isAppendablePath, 'must name a file we can append to (its directory must exist)').optional(),
  CLOUDSTACK_MCP_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CLOUDSTACK_MCP_READ_ONLY: bool(false),
  CLOUDSTACK_MCP_ALLOWED_HOSTS: z.string().optional(),
  CLOUDSTACK_MCP_MAX_SESSIONS: positiveCount(DEFAULT_MAX_SESSIONS, 'sessions', 10_000),
  CLOUDSTACK_MCP_APPROVAL_TIMEOUT: duration(120_000),
  // Shared policy state (src/policy/state): the URL may carry a password, so only its scheme is checked here.
  CLOUDSTACK_MCP_REDIS_URL: z.string().regex(/^rediss?:\/\/./, 'must be a redis:// or rediss:// URL such as redis://user:password@redis.example.com:6379').optional(),
  CLOUDSTACK_MCP_REDIS_PREFIX: z.string().min(1, 'must not be empty').default('cloudstack-mcp:'),
  CLOUDSTACK_MCP_REDIS_CA_FILE: caFile,
  // One Redis round trip per decision is waited for in tens to hundreds of ms: only a bare number below 100 is refused.
  CLOUDSTACK_MCP_REDIS_TIMEOUT: duration(1_000, 100),
  CLOUDSTACK_MCP_LOG_LEVEL: z.enum(LOG_LEVELS, { message: LOG_LEVEL_RULE }).default('info'),
});

export type Env = z.output<typeof EnvSchema>;

/** The names of every variable we read, for the guardrail test that README, --help and .env.example list them all. */
export const ENV_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** The process environment merged over `.env` (the real environment wins, as dotenv does). */
export function readEnvironment(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const fromFile: Record<string, string> = {};
  // quiet: dotenv otherwise announces itself, and on stdio every byte we print outside the protocol is noise.
  dotenv.config({ path: resolve(cwd, '.env'), processEnv: fromFile, quiet: true });
  const merged: Record<string, string | undefined> = { ...fromFile, ...env };
  // An empty variable (FOO= in a client config) means "not set", as users expect.
  for (const [name, value] of Object.entries(merged)) if (value === '') delete merged[name];
  return merged;
}

/**
 * The validated configuration. `onNotice` hears, once per parse, what was corrected: the names of credentials
 * whose surrounding whitespace was removed (never a value).
 */
export function parseEnv(raw: Record<string, string | undefined>, onNotice: (message: string) => void = () => {}): Env {
  const values = { ...raw };
  const trimmed = CREDENTIALS.filter((name) => values[name] !== undefined && values[name] !== values[name]!.trim());
  for (const name of trimmed) values[name] = values[name]!.trim();
  if (trimmed.length > 0) {
    onNotice(`removed whitespace around ${trimmed.join(', ')} (keys and tokens never contain any; check how the value was copied)`);
  }
  const result = EnvSchema.safeParse(values);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  return result.data;
}

/** The CloudStack connection: required unless the server runs against its embedded simulator. */
export function requireCloudStack(env: Env): { apiUrl: string; apiKey: string; secretKey: string } {
  for (const name of ['CLOUDSTACK_API_URL', 'CLOUDSTACK_API_KEY', 'CLOUDSTACK_SECRET_KEY'] as const) {
    if (!env[name]) throw new ConfigError(name, 'is required (or start with --simulator to try the server without a cloud)');
  }
  return { apiUrl: env.CLOUDSTACK_API_URL!, apiKey: env.CLOUDSTACK_API_KEY!, secretKey: env.CLOUDSTACK_SECRET_KEY! };
}
