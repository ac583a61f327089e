/**
 * What a server needs besides its transport: the CloudStack client (a real cloud, or the embedded simulator),
 * the policy gate, and how to release them. Built once per process; every session shares it.
 */
import type { CloudStackApi } from './cloudstack/api.js';
import { createCloudStackClient } from './cloudstack/index.js';
import { ConfigError, requireCloudStack, type Env } from './config.js';
import type { Logger } from './logger.js';
import { createPolicyGate, PolicyError } from './policy/index.js';
import type { PolicyGate } from './policy/types.js';
import type { ApprovalStore } from './approvals/types.js';
import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import { toolFacts } from './tools/index.js';

export interface Runtime {
  readonly api: CloudStackApi;
  readonly policy: PolicyGate;
  /** Shown in the server's instructions, e.g. that this is the simulator, not production. */
  readonly notice?: string;
  /** Pending operator approvals shared by processes (Redis); absent = each process keeps its own in memory. */
  readonly approvalStore?: ApprovalStore;
  /** MCP task records shared by processes (Redis); absent = each process keeps its own in memory. */
  readonly taskStore?: TaskStore;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  readonly env: Env;
  readonly logger: Logger;
  readonly simulator: boolean;
  /** The operator's policy file and where its path came from (for error messages); none → built-in default. */
  readonly policy?: { readonly file: string; readonly source: string };
}

export const SIMULATOR_NOTICE =
  'SIMULATOR MODE: this server talks to an in-process CloudStack simulator, not a real cloud. Nothing you do here touches production.';

export async function buildRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { env, logger } = options;
  // Configuration first (credentials, then the policy file), so a mistake stops start-up before anything runs.
  const cloud = options.simulator ? undefined : requireCloudStack(env);
  // Shared state (Redis) when configured: counts, approvals and task records over one connection, reachable now,
  // or the server does not start. The Redis client is loaded only when Redis is configured: a tenth of a start-up
  // that most servers never use. The approval store audits through the gate, which exists only below.
  let gate: PolicyGate | undefined;
  const shared = env.CLOUDSTACK_MCP_REDIS_URL
    ? await (await import('./policy/state/from-env.js')).sharedStateFromEnv(env, logger.child({ component: 'policy-state' }), (entry) => gate?.recordApproval?.(entry))
    : undefined;
  const limiter = shared?.limiter;
  const policy = await createPolicyGate({
    tools: toolFacts(),
    file: options.policy?.file,
    logger: logger.child({ component: 'policy' }),
    auditFile: env.CLOUDSTACK_MCP_AUDIT_LOG,
    watch: true,
    ...(limiter ? { limiter } : {}),
  }).catch(async (error: unknown) => {
    await shared?.close();
    if (error instanceof PolicyError) throw new ConfigError(options.policy?.source ?? 'policy', `is not a valid policy:\n  ${error.problems.join('\n  ')}`);
    throw error;
  });
  gate = policy;
  // Closed in reverse: the gate (audit flush) first, then the Redis connection.
  const closers: Array<() => Promise<void> | void> = [() => shared?.close(), () => policy.close()];
  let connection = cloud;
  if (!connection) {
    // Loaded only in simulator mode: a third of the code base that a real cloud never needs.
    const { startSimulator } = await import('./simulator/index.js');
    const simulator = await startSimulator({ jobMs: 1_500, logger: logger.child({ component: 'simulator' }) }).catch(async (error: unknown) => {
      await policy.close();
      await shared?.close();
      throw error;
    });
    closers.push(() => simulator.close());
    connection = { apiUrl: simulator.url, ...simulator.keys.admin };
    logger.warn(SIMULATOR_NOTICE, { url: simulator.url });
    process.stderr.write(`\n*** ${SIMULATOR_NOTICE} ***\n\n`);
  }
  const api = createCloudStackClient({
    ...connection,
    timeoutMs: env.CLOUDSTACK_TIMEOUT,
    asyncTimeoutMs: env.CLOUDSTACK_ASYNC_TIMEOUT,
    maxWaitMs: env.CLOUDSTACK_MCP_MAX_WAIT,
    expiresInMs: env.CLOUDSTACK_SIGNATURE_TTL,
    tls: { rejectUnauthorized: env.CLOUDSTACK_TLS_REJECT_UNAUTHORIZED, caFile: env.CLOUDSTACK_CA_FILE },
    logger: logger.child({ component: 'cloudstack' }),
  });
  return {
    api,
    policy,
    notice: options.simulator ? SIMULATOR_NOTICE : undefined,
    ...(shared ? { approvalStore: shared.approvalStore, taskStore: shared.taskStore } : {}),
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}
