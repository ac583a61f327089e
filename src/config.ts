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

const positiveMs = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number of milliseconds')
    .optional()
    .transform((value) => (value === undefined ? fallback : Number(value)))
    .refine((value) => value > 0, 'must be greater than 0');

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
  CLOUDSTACK_TIMEOUT: positiveMs(30_000),
  CLOUDSTACK_ASYNC_TIMEOUT: positiveMs(600_000),
  // The client keeps `expires` a minute inside the 15 minutes hardened servers accept, for clock skew.
  CLOUDSTACK_SIGNATURE_TTL: positiveMs(300_000).refine((value) => value <= 840_000, 'must be at most 840000 (14 minutes)'),
  CLOUDSTACK_TLS_REJECT_UNAUTHORIZED: bool(true),
  CLOUDSTACK_CA_FILE: caFile,
  CLOUDSTACK_MCP_POLICY: readableFile,
  CLOUDSTACK_MCP_AUDIT_LOG: z.string().min(1).refine(isAppendablePath, 'must name a file we can append to (its directory must exist)').optional(),
  CLOUDSTACK_MCP_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CLOUDSTACK_MCP_READ_ONLY: bool(false),
  CLOUDSTACK_MCP_ALLOWED_HOSTS: z.string().optional(),
  CLOUDSTACK_MCP_MAX_SESSIONS: positiveCount(DEFAULT_MAX_SESSIONS, 'sessions', 10_000),
  CLOUDSTACK_MCP_APPROVAL_TIMEOUT: positiveMs(120_000),
  // Shared policy state (src/policy/state): the URL may carry a password, so only its scheme is checked here.
  CLOUDSTACK_MCP_REDIS_URL: z.string().regex(/^rediss?:\/\/./, 'must be a redis:// or rediss:// URL such as redis://user:password@redis.example.com:6379').optional(),
  CLOUDSTACK_MCP_REDIS_PREFIX: z.string().min(1, 'must not be empty').default('cloudstack-mcp:'),
  CLOUDSTACK_MCP_REDIS_CA_FILE: caFile,
  CLOUDSTACK_MCP_REDIS_TIMEOUT: positiveMs(1_000),
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

export function parseEnv(raw: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(raw);
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
