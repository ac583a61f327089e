/**
 * Serve mode's flags, read with the rules of schema.ts, and merged with the parsed environment into the one
 * settings object serve.ts acts on. Every check happens here, before anything starts, so a mistake is the only
 * line on stderr.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, settingRule, type Env } from '../config.js';
import { requireTokenFor } from '../http-hosts.js';
import type { LogLevel } from '../logger.js';
import { selectTools } from '../tools/toolsets.js';
import { ENV_SETTINGS, FLAG_SETTINGS, type FlagName, type FlagSetting } from './schema.js';
import type { EnvSetting } from './setting.js';

const FLAGS = FLAG_SETTINGS as Record<FlagName, FlagSetting>;

/** node:util parseArgs options, derived from the flag declarations. */
export const SERVE_OPTIONS = Object.fromEntries(
  Object.entries(FLAGS).map(([name, flag]) => [name, { type: flag.value ? 'string' : 'boolean', ...(flag.short ? { short: flag.short } : {}) }]),
) as NonNullable<ParseArgsConfig['options']>;

export type ServeFlags = Partial<Record<FlagName, string | boolean>>;

/** Throws node's ERR_PARSE_ARGS_* errors (unknown flag, missing value), which the CLI reports as usage errors. */
export function parseServeFlags(argv: string[]): ServeFlags {
  return parseArgs({ args: argv, options: SERVE_OPTIONS, strict: true, allowPositionals: false }).values as ServeFlags;
}

export interface ServeSettings {
  readonly env: Env;
  readonly logLevel: LogLevel;
  readonly readOnly: boolean;
  /** The names of the tools served: the chosen toolsets plus single tools (src/tools/toolsets.ts). */
  readonly tools: ReadonlySet<string>;
  readonly simulator: boolean;
  /** The operator's policy file and where its path came from (for error messages); none → built-in default. */
  readonly policy?: { readonly file: string; readonly source: string };
  /** Set with --http. */
  readonly http?: { readonly host: string; readonly port: number };
}

function parseFlag(name: FlagName, text: string | undefined): unknown {
  const flag = FLAGS[name];
  const declared: Pick<FlagSetting, 'rule' | 'default'> = flag.env ? (ENV_SETTINGS as Record<string, EnvSetting>)[flag.env]! : flag;
  const result = settingRule({ rule: declared.rule!, default: declared.default }).safeParse(text);
  if (!result.success) throw new ConfigError(`--${name}`, result.error.issues[0]!.message);
  return result.data;
}

export function resolveServeSettings(flags: ServeFlags, env: Env): ServeSettings {
  const text = (name: FlagName) => (typeof flags[name] === 'boolean' ? String(flags[name]) : flags[name]);
  for (const [name, flag] of Object.entries(FLAGS)) {
    if (flag.onlyWith && flags[name as FlagName] !== undefined && flags[flag.onlyWith as FlagName] === undefined) {
      throw new ConfigError(`--${name}`, `only applies with --${flag.onlyWith}`);
    }
  }
  // A flag wins over its variable; each is checked by the same rule, and a mistake names the one given.
  const given = <T>(name: FlagName, fromEnv: T): T => (flags[name] === undefined ? fromEnv : (parseFlag(name, text(name)) as T));
  const policyFile = given('policy', env.CLOUDSTACK_MCP_POLICY);
  const http = flags.http ? { host: parseFlag('host', text('host')) as string, port: parseFlag('port', text('port')) as number } : undefined;
  if (http) requireTokenFor(http.host, env.CLOUDSTACK_MCP_TOKEN);
  const tools = servedTools(given('toolsets', env.CLOUDSTACK_MCP_TOOLSETS), given('tools', env.CLOUDSTACK_MCP_TOOLS), flags);
  return {
    env,
    logLevel: given('log-level', env.CLOUDSTACK_MCP_LOG_LEVEL),
    readOnly: given('read-only', env.CLOUDSTACK_MCP_READ_ONLY),
    tools,
    simulator: flags.simulator === true,
    ...(policyFile ? { policy: { file: policyFile, source: flags.policy !== undefined ? '--policy' : 'CLOUDSTACK_MCP_POLICY' } } : {}),
    ...(http ? { http } : {}),
  };
}

/** An unknown toolset or tool is a configuration error naming what exists (exit 2), before anything starts. */
function servedTools(toolsets: string, tools: string | undefined, flags: ServeFlags): ReadonlySet<string> {
  try {
    return new Set(selectTools({ toolsets, ...(tools ? { tools } : {}) }).map((tool) => tool.name));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const source = /unknown tool /.test(message)
      ? (flags.tools !== undefined ? '--tools' : 'CLOUDSTACK_MCP_TOOLS')
      : (flags.toolsets !== undefined ? '--toolsets' : 'CLOUDSTACK_MCP_TOOLSETS');
    throw new ConfigError(source, message);
  }
}
