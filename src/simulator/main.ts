/**
 * `cloudstack-mcp simulator`: run the CloudStack API simulator on its own until SIGINT/SIGTERM.
 * Every flag can also come from the environment as CLOUDSTACK_SIM_<FLAG> (e.g. CLOUDSTACK_SIM_PORT).
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.js';
import { createLogger } from '../logger.js';
import { DEFAULT_JOB_MS, DEFAULT_SEED, DEMO_KEYS, startSimulator } from './index.js';
import { parseFaultSettings, type FaultSettings } from './faults.js';

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'api-key': { type: 'string' },
  'secret-key': { type: 'string' },
  'user-api-key': { type: 'string' },
  'user-secret-key': { type: 'string' },
  seed: { type: 'string' },
  'job-ms': { type: 'string' },
  strict: { type: 'boolean' },
  'latency-ms': { type: 'string' },
  'error-rate': { type: 'string' },
  'malformed-rate': { type: 'string' },
  'job-failure-rate': { type: 'string' },
  'hanging-job-rate': { type: 'string' },
  'clock-skew-ms': { type: 'string' },
} as const;

type Flag = keyof typeof OPTIONS;

function envName(flag: string): string {
  return `CLOUDSTACK_SIM_${flag.toUpperCase().replace(/-/g, '_')}`;
}

/** A bad flag is bad usage: ConfigError makes the CLI exit 2 with the flag and the rule in the message. */
function flagError(flag: Flag, problem: string): ConfigError {
  return new ConfigError(`--${flag} (or ${envName(flag)})`, problem);
}

function rawFlag(values: Record<string, unknown>, flag: Flag): string | undefined {
  const raw = (values[flag] as string | undefined) ?? process.env[envName(flag)];
  return raw === undefined || raw === '' ? undefined : raw;
}

/** An integer within [min, max]; `fallback` when the flag is absent. */
function integerFlag(values: Record<string, unknown>, flag: Flag, min: number, max: number, fallback: number): number {
  const raw = rawFlag(values, flag);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
    throw flagError(flag, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function textFlag(values: Record<string, unknown>, flag: Flag): string | undefined {
  return rawFlag(values, flag);
}

const FAULT_FLAGS: readonly (readonly [Flag, keyof FaultSettings])[] = [
  ['latency-ms', 'latencyMs'], ['error-rate', 'errorRate'], ['malformed-rate', 'malformedRate'],
  ['job-failure-rate', 'jobFailureRate'], ['hanging-job-rate', 'hangingJobRate'], ['clock-skew-ms', 'clockSkewMs'],
];

/** Fault flags go through the same checks as the control API's settings (rates 0..1, nothing negative). */
function faultFlags(values: Record<string, unknown>): Partial<FaultSettings> {
  const faults: Partial<FaultSettings> = {};
  for (const [flag, setting] of FAULT_FLAGS) {
    const raw = rawFlag(values, flag);
    if (raw === undefined) continue;
    try {
      Object.assign(faults, parseFaultSettings({ [setting]: Number(raw) }));
    } catch (error) {
      throw flagError(flag, `is invalid: ${error instanceof Error ? error.message : String(error)}, got ${JSON.stringify(raw)}`);
    }
  }
  return faults;
}

export async function runSimulatorCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  const faults = faultFlags(values);
  const strictEnv = process.env[envName('strict')];
  const simulator = await startSimulator({
    host: textFlag(values, 'host') ?? '127.0.0.1',
    // Port 0 lets the system pick a free port; the URL printed below carries the real one.
    port: integerFlag(values, 'port', 0, 65_535, 8080),
    seed: integerFlag(values, 'seed', 0, 2 ** 32 - 1, DEFAULT_SEED),
    jobMs: integerFlag(values, 'job-ms', 0, 24 * 3_600_000, DEFAULT_JOB_MS),
    strict: values.strict ?? (strictEnv === 'true' || strictEnv === '1'),
    admin: { apiKey: textFlag(values, 'api-key') ?? DEMO_KEYS.admin.apiKey, secretKey: textFlag(values, 'secret-key') ?? DEMO_KEYS.admin.secretKey },
    user: { apiKey: textFlag(values, 'user-api-key') ?? DEMO_KEYS.user.apiKey, secretKey: textFlag(values, 'user-secret-key') ?? DEMO_KEYS.user.secretKey },
    faults,
    logger: createLogger({ base: { component: 'simulator' } }),
  });
  // The public demo keys are printed on purpose: the user needs them to connect. A secret key given by flag or
  // environment is the user's own and stays out of the output (which may end up in a CI log).
  const shown = (secretKey: string, demo: string, flag: Flag): string =>
    secretKey === demo ? secretKey : `(as given by --${flag})`;
  process.stdout.write(
    [
      `CloudStack simulator listening on ${simulator.url}`,
      `  root admin (account admin):      api key ${simulator.keys.admin.apiKey}  secret key ${shown(simulator.keys.admin.secretKey, DEMO_KEYS.admin.secretKey, 'secret-key')}`,
      `  user (account ops-user, ROOT/ops): api key ${simulator.keys.user.apiKey}  secret key ${shown(simulator.keys.user.secretKey, DEMO_KEYS.user.secretKey, 'user-secret-key')}`,
      `  control API: ${simulator.url.replace('/client/api', '/_simulator/')} (requests, requests/clear, faults)`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await simulator.close();
}
