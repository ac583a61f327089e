/**
 * Configuration from the environment (and `.env`, read through dotenv), parsed once with the rules of
 * src/settings/schema.ts (the one list of variables, defaults and help). A missing or malformed value stops
 * start-up with one line naming the variable and what is wrong; a value is never echoed, because several of these
 * variables are secrets.
 */
import { resolve } from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { ENV_SETTINGS, type Env } from './settings/schema.js';
import type { EnvSetting } from './settings/setting.js';

export { isReadableFile } from './settings/rules.js';
export type { Env } from './settings/schema.js';

/** The names of every variable we read, for the guardrail test that README, --help and .env.example list them all. */
export const ENV_VARIABLES: readonly string[] = Object.keys(ENV_SETTINGS);

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** A setting's rule over its text, the default's text standing in for a missing value. */
export function settingRule(setting: Pick<EnvSetting, 'rule' | 'default'>): z.ZodType {
  const fallback = setting.default;
  return fallback === undefined ? setting.rule : z.string().optional().transform((value) => value ?? fallback).pipe(setting.rule as z.ZodType<unknown, string>);
}

/** A variable's default, parsed by its rule: the one place a default is written is the settings schema. */
export function settingDefault<N extends keyof Env>(name: N): Env[N] {
  return settingRule((ENV_SETTINGS as Record<string, EnvSetting>)[name]!).parse(undefined) as Env[N];
}

const EnvSchema = z.object(Object.fromEntries(Object.entries(ENV_SETTINGS).map(([name, setting]) => [name, settingRule(setting)])));

const CREDENTIALS = Object.entries(ENV_SETTINGS as Record<string, EnvSetting>)
  .filter(([, setting]) => setting.credential)
  .map(([name]) => name);

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
  return result.data as Env;
}

/** The CloudStack connection: required unless the server runs against its embedded simulator. */
export function requireCloudStack(env: Env): { apiUrl: string; apiKey: string; secretKey: string } {
  for (const name of ['CLOUDSTACK_API_URL', 'CLOUDSTACK_API_KEY', 'CLOUDSTACK_SECRET_KEY'] as const) {
    if (!env[name]) throw new ConfigError(name, 'is required (or start with --simulator to try the server without a cloud)');
  }
  return { apiUrl: env.CLOUDSTACK_API_URL!, apiKey: env.CLOUDSTACK_API_KEY!, secretKey: env.CLOUDSTACK_SECRET_KEY! };
}
