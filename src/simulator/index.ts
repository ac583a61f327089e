/**
 * A stand-in CloudStack management server for tests, the demo and benchmarks: CloudStack's protocol
 * (signatures, envelopes, error codes, paging, async jobs) over a small seeded cloud.
 */
import type { AddressInfo } from 'node:net';
import type { Credentials } from '../cloudstack/signer.js';
import { silentLogger, type Logger } from '../logger.js';
import { buildCommandTable } from './commands/index.js';
import type { SimulatorState } from './dispatch.js';
import { FaultInjector, type FaultSettings } from './faults.js';
import { uuidSource } from './ids.js';
import type { RecordedRequest } from './request-log.js';
import { createSimulatorServer } from './server.js';
import { seedWorld } from './world/seed.js';
import type { World } from './world/types.js';

export type { Credentials } from '../cloudstack/signer.js';
export type { FaultSettings } from './faults.js';
export type { RecordedRequest } from './request-log.js';
export type { World } from './world/types.js';

export interface SimulatorOptions {
  host?: string;
  port?: number;
  seed?: number;
  /** How long async jobs run; 0 = they finish on the next request. */
  jobMs?: number;
  /** Behave like enforce.post.requests.and.timestamps=true. */
  strict?: boolean;
  admin?: Credentials;
  user?: Credentials;
  faults?: Partial<FaultSettings>;
  logger?: Logger;
  now?: () => Date;
}

export interface RunningSimulator {
  readonly url: string;
  readonly keys: { admin: Credentials; user: Credentials };
  readonly world: World;
  readonly requests: readonly RecordedRequest[];
  clearRequests(): void;
  setFaults(faults: Partial<FaultSettings>): void;
  close(): Promise<void>;
}

/** Fixed, public demo keys: the simulator is a local toy, these protect nothing. */
export const DEMO_KEYS: { admin: Credentials; user: Credentials } = {
  admin: { apiKey: 'sim-admin-api-key', secretKey: 'sim-admin-secret-key' },
  user: { apiKey: 'sim-user-api-key', secretKey: 'sim-user-secret-key' },
};

export const DEFAULT_SEED = 42;
export const DEFAULT_JOB_MS = 2000;

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const seed = options.seed ?? DEFAULT_SEED;
  const now = options.now ?? (() => new Date());
  const keys = { admin: options.admin ?? DEMO_KEYS.admin, user: options.user ?? DEMO_KEYS.user };
  const nextId = uuidSource(seed);
  const state: SimulatorState = {
    world: seedWorld(nextId, now(), keys),
    table: buildCommandTable(),
    faults: new FaultInjector(seed, options.faults),
    log: [],
    strict: options.strict ?? false,
    jobMs: options.jobMs ?? DEFAULT_JOB_MS,
    now,
    nextId,
    logger: options.logger ?? silentLogger,
  };
  const server = createSimulatorServer(state);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/client/api`,
    keys,
    world: state.world,
    requests: state.log,
    clearRequests: () => {
      state.log.length = 0;
    },
    setFaults: (faults) => state.faults.set(faults),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
