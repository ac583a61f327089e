/** Configuration values as operators write them: durations with units, keys copied with whitespace. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv, settingDefault } from '../../src/config.js';
import { parseServeFlags, resolveServeSettings } from '../../src/settings/resolve.js';
import { CLOUDSTACK_ENV_SETTINGS } from '../../src/settings/cloudstack-env.js';
import { ENV_SETTINGS } from '../../src/settings/schema.js';
import { SERVER_ENV_SETTINGS } from '../../src/settings/server-env.js';
import type { EnvSetting } from '../../src/settings/setting.js';

const DURATIONS = ['CLOUDSTACK_TIMEOUT', 'CLOUDSTACK_ASYNC_TIMEOUT', 'CLOUDSTACK_SIGNATURE_TTL', 'CLOUDSTACK_MCP_APPROVAL_TIMEOUT', 'CLOUDSTACK_MCP_REDIS_TIMEOUT'] as const;

const refusal = (raw: Record<string, string>): ConfigError => {
  try {
    parseEnv(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
};

describe('durations', () => {
  it.each(DURATIONS)('%s takes ms, s, m and h, and a bare number as milliseconds', (name) => {
    expect(parseEnv({ [name]: '500ms' })[name]).toBe(500);
    expect(parseEnv({ [name]: '30s' })[name]).toBe(30_000);
    expect(parseEnv({ [name]: '2m' })[name]).toBe(120_000);
    expect(parseEnv({ [name]: '1.5s' })[name]).toBe(1_500);
    expect(parseEnv({ [name]: ' 10 S ' })[name]).toBe(10_000);
    expect(parseEnv({ [name]: '5000' })[name]).toBe(5_000);
  });

  it('hours, for the longer waits', () => {
    expect(parseEnv({ CLOUDSTACK_ASYNC_TIMEOUT: '1h' }).CLOUDSTACK_ASYNC_TIMEOUT).toBe(3_600_000);
  });

  it.each(DURATIONS.filter((name) => name !== 'CLOUDSTACK_MCP_REDIS_TIMEOUT'))('%s refuses a bare number below 1000 and suggests the unit', (name) => {
    const error = refusal({ [name]: '30' });
    expect(error.variable).toBe(name);
    expect(error.message).toBe(`${name} is 30 without a unit, which would mean 30 ms: write 30s for seconds (or 30ms if milliseconds are meant)`);
  });

  it('a Redis round trip is meant in milliseconds: only a bare number below 100 is refused there', () => {
    expect(parseEnv({ CLOUDSTACK_MCP_REDIS_TIMEOUT: '500' }).CLOUDSTACK_MCP_REDIS_TIMEOUT).toBe(500);
    expect(refusal({ CLOUDSTACK_MCP_REDIS_TIMEOUT: '5' }).message).toMatch(/^CLOUDSTACK_MCP_REDIS_TIMEOUT is 5 without a unit.*write 5s/);
  });

  it.each(['soon', '30 seconds', '-5s', '1e3', 's'])('refuses %j naming the form', (value) => {
    expect(refusal({ CLOUDSTACK_TIMEOUT: value }).message).toBe('CLOUDSTACK_TIMEOUT must be a duration such as 30s, 2m or 500ms (a bare number is milliseconds)');
  });

  it('keeps the other rules: greater than 0, and the signature TTL at most 14 minutes', () => {
    expect(refusal({ CLOUDSTACK_TIMEOUT: '0s' }).message).toBe('CLOUDSTACK_TIMEOUT must be greater than 0');
    expect(parseEnv({ CLOUDSTACK_SIGNATURE_TTL: '14m' }).CLOUDSTACK_SIGNATURE_TTL).toBe(840_000);
    expect(refusal({ CLOUDSTACK_SIGNATURE_TTL: '15m' }).message).toBe('CLOUDSTACK_SIGNATURE_TTL must be at most 14m (840000 ms)');
  });

  it('defaults are unchanged', () => {
    expect(parseEnv({})).toMatchObject({ CLOUDSTACK_TIMEOUT: 30_000, CLOUDSTACK_ASYNC_TIMEOUT: 600_000, CLOUDSTACK_SIGNATURE_TTL: 300_000, CLOUDSTACK_MCP_APPROVAL_TIMEOUT: 120_000 });
  });
});

describe('defaults, written once in the settings schema', () => {
  it('settingDefault parses a variable\'s default by its own rule (what createServer falls back to)', () => {
    expect(settingDefault('CLOUDSTACK_MCP_APPROVAL_TIMEOUT')).toBe(120_000);
    expect(settingDefault('CLOUDSTACK_MCP_APPROVAL_TIMEOUT')).toBe(parseEnv({}).CLOUDSTACK_MCP_APPROVAL_TIMEOUT);
  });

  it('declares each variable in one group file only: the schema gathers them by spreading, where a second one would win silently', () => {
    const cloudstack = Object.keys(CLOUDSTACK_ENV_SETTINGS);
    const server = Object.keys(SERVER_ENV_SETTINGS);
    expect(cloudstack.filter((name) => server.includes(name))).toEqual([]);
    expect(Object.keys(ENV_SETTINGS)).toEqual([...cloudstack, ...server]);
  });
});

describe('keys and tokens', () => {
  it('surrounding whitespace is removed, and the names (never the values) are said once', () => {
    const notices: string[] = [];
    const env = parseEnv(
      { CLOUDSTACK_API_KEY: ' key-1234\t', CLOUDSTACK_SECRET_KEY: 'secret-5678\n', CLOUDSTACK_MCP_TOKEN: 'token-0123456789abcdef ' },
      (notice) => notices.push(notice),
    );
    expect(env).toMatchObject({ CLOUDSTACK_API_KEY: 'key-1234', CLOUDSTACK_SECRET_KEY: 'secret-5678', CLOUDSTACK_MCP_TOKEN: 'token-0123456789abcdef' });
    expect(notices).toEqual([
      'removed whitespace around CLOUDSTACK_API_KEY, CLOUDSTACK_SECRET_KEY, CLOUDSTACK_MCP_TOKEN (keys and tokens never contain any; check how the value was copied)',
    ]);
  });

  it('nothing is said when there was nothing to remove', () => {
    const notices: string[] = [];
    parseEnv({ CLOUDSTACK_API_KEY: 'key-1234', CLOUDSTACK_SECRET_KEY: 'secret-5678' }, (notice) => notices.push(notice));
    expect(notices).toEqual([]);
  });

  it('a key of whitespace only is empty, and refused as such', () => {
    expect(refusal({ CLOUDSTACK_SECRET_KEY: '  \n' }).message).toBe('CLOUDSTACK_SECRET_KEY must not be empty');
  });
});

describe('flags and variables, resolved once (src/settings/resolve.ts)', () => {
  const resolved = (argv: string[], raw: Record<string, string> = {}) => resolveServeSettings(parseServeFlags(argv), parseEnv(raw));
  const refusedWith = (argv: string[], raw: Record<string, string> = {}): string => {
    try {
      resolved(argv, raw);
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error('the settings were accepted');
  };

  it('a flag wins over its variable and is read by the same rule; a mistake names the one given', () => {
    expect(resolved([], { CLOUDSTACK_MCP_LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(resolved(['--log-level', 'debug'], { CLOUDSTACK_MCP_LOG_LEVEL: 'warn' }).logLevel).toBe('debug');
    expect(refusedWith(['--log-level', 'loud'])).toBe('--log-level must be debug, info, warn or error');
    expect(refusedWith([], { CLOUDSTACK_MCP_LOG_LEVEL: 'loud' })).toBe('CLOUDSTACK_MCP_LOG_LEVEL must be debug, info, warn or error');
    expect(refusedWith(['--policy', '/nonexistent/policy.json'])).toBe('--policy must name a readable file');
  });

  it('the policy file says where it came from', () => {
    const file = fileURLToPath(new URL('../../policy.example.json', import.meta.url));
    expect(resolved(['--policy', file]).policy).toEqual({ file, source: '--policy' });
    expect(resolved([], { CLOUDSTACK_MCP_POLICY: file }).policy).toEqual({ file, source: 'CLOUDSTACK_MCP_POLICY' });
    expect(resolved([]).policy).toBeUndefined();
  });

  it('read-only from either the flag or the variable', () => {
    expect(resolved([]).readOnly).toBe(false);
    expect(resolved(['--read-only']).readOnly).toBe(true);
    expect(resolved([], { CLOUDSTACK_MCP_READ_ONLY: 'yes' }).readOnly).toBe(true);
  });

  it('HTTP defaults to 127.0.0.1:3000; --host and --port only with --http; the port is a number 0-65535', () => {
    expect(resolved(['--http']).http).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(resolved(['--http', '--port', '0', '--host', '::1']).http).toEqual({ host: '::1', port: 0 });
    expect(resolved([]).http).toBeUndefined();
    expect(refusedWith(['--port', '3000'])).toBe('--port only applies with --http');
    expect(refusedWith(['--host', '0.0.0.0'])).toBe('--host only applies with --http');
    expect(refusedWith(['--http', '--port', '70000'])).toBe('--port must be a port number 0-65535');
    expect(refusedWith(['--http', '--port', 'http'])).toBe('--port must be a port number 0-65535');
  });

  it('a non-loopback bind needs the token', () => {
    expect(refusedWith(['--http', '--host', '0.0.0.0'])).toMatch(/^CLOUDSTACK_MCP_TOKEN is required with --host 0.0.0.0/);
    expect(resolved(['--http', '--host', '0.0.0.0'], { CLOUDSTACK_MCP_TOKEN: 'token-0123456789abcdef' }).http?.host).toBe('0.0.0.0');
  });

  it('every variable with a default parses it: the default is written once, as an operator would', () => {
    const env = parseEnv({});
    for (const [name, setting] of Object.entries(ENV_SETTINGS as Record<string, EnvSetting>)) {
      if (setting.default !== undefined) expect(env[name as keyof typeof env], name).toBeDefined();
    }
    expect(env).toMatchObject({ CLOUDSTACK_MCP_MAX_SESSIONS: 100, CLOUDSTACK_MCP_REDIS_TIMEOUT: 1_000, CLOUDSTACK_MCP_REDIS_PREFIX: 'cloudstack-mcp:', CLOUDSTACK_TLS_REJECT_UNAUTHORIZED: true });
  });

  it('allowed hosts are read as a trimmed list', () => {
    expect(parseEnv({ CLOUDSTACK_MCP_ALLOWED_HOSTS: ' mcp.example.com, ,fd00::9 ' }).CLOUDSTACK_MCP_ALLOWED_HOSTS).toEqual(['mcp.example.com', 'fd00::9']);
  });
});
