/**
 * Every setting of `cloudstack-mcp` (serve mode), declared once: its rule, default, help line and README meaning
 * (setting.ts). The variables are declared in cloudstack-env.ts and server-env.ts and gathered here; the flags
 * are here. config.ts parses the environment with these rules, resolve.ts the flags; `--help`, the README
 * configuration table and `.env.example` are rendered from here (render.ts; a test checks the files match, and
 * `node tools/gen-config-docs.mjs` rewrites them). To add a variable, add one entry to its group's file and regenerate.
 */
import type { z } from 'zod';
import { CLOUDSTACK_ENV_SETTINGS } from './cloudstack-env.js';
import { nonEmpty, port } from './rules.js';
import { SERVER_ENV_SETTINGS } from './server-env.js';
import type { EnvSetting } from './setting.js';

/** Every variable, in the order --help, the README table and `.env.example` list them. */
export const ENV_SETTINGS = { ...CLOUDSTACK_ENV_SETTINGS, ...SERVER_ENV_SETTINGS } satisfies Record<string, EnvSetting>;

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
