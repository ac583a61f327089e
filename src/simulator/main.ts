/**
 * `cloudstack-mcp simulator`: run the CloudStack API simulator on its own until SIGINT/SIGTERM.
 * Every flag can also come from the environment as CLOUDSTACK_SIM_<FLAG> (e.g. CLOUDSTACK_SIM_PORT).
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../logger.js';
import { DEFAULT_JOB_MS, DEFAULT_SEED, DEMO_KEYS, startSimulator } from './index.js';
import type { FaultSettings } from './faults.js';

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

function numberFlag(values: Record<string, unknown>, flag: Flag, fallback?: number): number | undefined {
  const raw = (values[flag] as string | undefined) ?? process.env[envName(flag)];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`--${flag} (or ${envName(flag)}) must be a number, got ${JSON.stringify(raw)}`);
  return value;
}

function textFlag(values: Record<string, unknown>, flag: Flag): string | undefined {
  return (values[flag] as string | undefined) ?? (process.env[envName(flag)] || undefined);
}

export async function runSimulatorCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  const faults: Partial<FaultSettings> = {};
  const faultFlags: [Flag, keyof FaultSettings][] = [
    ['latency-ms', 'latencyMs'], ['error-rate', 'errorRate'], ['malformed-rate', 'malformedRate'],
    ['job-failure-rate', 'jobFailureRate'], ['hanging-job-rate', 'hangingJobRate'], ['clock-skew-ms', 'clockSkewMs'],
  ];
  for (const [flag, setting] of faultFlags) {
    const value = numberFlag(values, flag);
    if (value !== undefined) (faults as Record<string, number>)[setting] = value;
  }
  const strictEnv = process.env[envName('strict')];
  const simulator = await startSimulator({
    host: textFlag(values, 'host') ?? '127.0.0.1',
    port: numberFlag(values, 'port', 8080),
    seed: numberFlag(values, 'seed', DEFAULT_SEED),
    jobMs: numberFlag(values, 'job-ms', DEFAULT_JOB_MS),
    strict: values.strict ?? (strictEnv === 'true' || strictEnv === '1'),
    admin: { apiKey: textFlag(values, 'api-key') ?? DEMO_KEYS.admin.apiKey, secretKey: textFlag(values, 'secret-key') ?? DEMO_KEYS.admin.secretKey },
    user: { apiKey: textFlag(values, 'user-api-key') ?? DEMO_KEYS.user.apiKey, secretKey: textFlag(values, 'user-secret-key') ?? DEMO_KEYS.user.secretKey },
    faults,
    logger: createLogger({ base: { component: 'simulator' } }),
  });
  // The keys are printed on purpose: this is a local simulator and the user needs them to connect.
  process.stdout.write(
    [
      `CloudStack simulator listening on ${simulator.url}`,
      `  root admin (account admin):      api key ${simulator.keys.admin.apiKey}  secret key ${simulator.keys.admin.secretKey}`,
      `  user (account ops-user, ROOT/ops): api key ${simulator.keys.user.apiKey}  secret key ${simulator.keys.user.secretKey}`,
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
