/**
 * The policy engine's public face: build a gate from the operator's file (watched and hot-reloaded), from the
 * built-in default, or from an in-memory policy (tests, benchmarks).
 */
import type { Logger } from '../logger.js';
import type { AuditSink } from './audit.js';
import { createAuditSink } from './audit-sink.js';
import type { CompiledPolicy } from './compile.js';
import { defaultPolicy, defaultPolicyNotice } from './defaults.js';
import { createGateCore, type GateCore } from './gate.js';
import type { Limiter } from './limiter.js';
import { loadPolicyFile, loadPolicyValue, policyHash } from './load.js';
import type { ToolFacts } from './tool-facts.js';
import type { PolicyGate } from './types.js';
import { watchPolicyFile, type FileWatcher } from './watch.js';

export type { AuditEvent, AuditRecord, AuditSink } from './audit.js';
export { createAuditSink } from './audit-sink.js';
export { defaultPolicyNotice } from './defaults.js';
export { loadPolicyFile, loadPolicyText, loadPolicyValue, type LoadResult } from './load.js';
export type { PolicyDocument } from './schema.js';
export type { Limiter, LimitSlot, Reservation, Room } from './limiter.js';
export * from './resources.js';
export * from './tool-facts.js';
export * from './types.js';

export interface PolicyGateOptions {
  readonly tools: readonly ToolFacts[];
  readonly logger: Logger;
  /** Where audit records go; by default CLOUDSTACK_MCP_AUDIT_LOG's file (`auditFile`), else stderr. */
  readonly audit?: AuditSink;
  readonly auditFile?: string;
  readonly now?: () => number;
  /** Bound on rate-limit counter keys (counter × scope value): idle keys are dropped, live ones never (see limits.ts). */
  readonly maxCounterKeys?: number;
  /** The rate-limit store (e.g. Redis, shared by processes and restarts); in memory when absent. */
  readonly limiter?: Limiter;
}

export interface FilePolicyGateOptions extends PolicyGateOptions {
  /** The operator's policy file; without it the built-in read-only policy is in force. */
  readonly file?: string;
  /** Hot-reload the file on change. */
  readonly watch?: boolean;
  readonly watchDebounceMs?: number;
}

export interface ManagedPolicyGate extends PolicyGate {
  /** Short sha256 of the policy in force. */
  readonly policyHash: string;
  /** Re-reads the policy file now; false (old policy kept, error logged) if it is invalid or unchanged. */
  reload(): boolean;
  /** Counter keys currently held. */
  counterKeys(): number;
  /** Stops watching and flushes the audit log. */
  close(): Promise<void>;
}

/** A policy file that does not validate: every problem as `<JSON pointer>: <problem>`. */
export class PolicyError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`policy ${source} is invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'PolicyError';
  }
}

const DEFAULT_MAX_COUNTER_KEYS = 10_000;

function manage(core: GateCore, audit: AuditSink, reload: () => boolean, watcher?: FileWatcher): ManagedPolicyGate {
  return {
    get policyHash() {
      return core.current().hash;
    },
    isVisible: (tool) => core.isVisible(tool),
    isCommandVisible: (command) => core.isCommandVisible!(command),
    needsOperatorApprover: () => core.needsOperatorApprover!(),
    isDenied: (tool) => core.isDenied!(tool),
    wouldAdmit: (call) => core.wouldAdmit(call),
    refuseBeforeReads: (call, answerWithoutAsking) => core.refuseBeforeReads(call, answerWithoutAsking),
    recordApproval: (event) => core.recordApproval!(event),
    admit: (call, askApproval) => core.admit(call, askApproval),
    onChange: (listener) => core.onChange(listener),
    reload,
    counterKeys: () => core.counterKeys(),
    async close() {
      watcher?.close();
      await audit.close?.();
    },
  };
}

function buildCore(policy: CompiledPolicy, options: PolicyGateOptions): { core: GateCore; audit: AuditSink } {
  const audit = options.audit ?? createAuditSink(options.auditFile, options.logger);
  const core = createGateCore({
    policy,
    tools: options.tools,
    logger: options.logger,
    audit,
    now: options.now ?? Date.now,
    maxCounterKeys: options.maxCounterKeys ?? DEFAULT_MAX_COUNTER_KEYS,
    ...(options.limiter ? { limiter: options.limiter } : {}),
  });
  return { core, audit };
}

/** A gate over an in-memory policy object; throws PolicyError when it does not validate. */
export function createPolicyGateFromValue(policy: unknown, options: PolicyGateOptions): ManagedPolicyGate {
  const loaded = loadPolicyValue(policy, options.tools, policyHash(JSON.stringify(policy)));
  if (!loaded.ok) throw new PolicyError('(in memory)', loaded.errors);
  const { core, audit } = buildCore(loaded.policy, options);
  return manage(core, audit, () => false);
}

/**
 * The server's gate: the operator's file (validated at start-up: an invalid file stops the server), or the
 * built-in read-only policy, announced through the logger. With `watch`, a valid edit is swapped in and
 * `onChange` listeners fire; an invalid one is logged and the policy in force stays.
 */
export async function createPolicyGate(options: FilePolicyGateOptions): Promise<ManagedPolicyGate> {
  const { file, logger } = options;
  if (!file) {
    logger.warn(defaultPolicyNotice(options.tools));
    const { core, audit } = buildCore(defaultPolicy(options.tools), options);
    return manage(core, audit, () => false);
  }
  const loaded = loadPolicyFile(file, options.tools);
  if (!loaded.ok) throw new PolicyError(file, loaded.errors);
  const { core, audit } = buildCore(loaded.policy, options);
  logger.info('policy loaded', { file, policy: loaded.policy.hash, mode: loaded.policy.mode });

  const reload = (): boolean => {
    const next = loadPolicyFile(file, options.tools);
    if (!next.ok) {
      logger.error('policy reload rejected; the previous policy stays in force', { file, policy: core.current().hash, problems: next.errors });
      return false;
    }
    if (next.policy.hash === core.current().hash) return false;
    const previous = core.current().hash;
    core.replace(next.policy);
    logger.info('policy reloaded', { file, previous, policy: next.policy.hash, mode: next.policy.mode });
    return true;
  };
  const watcher = options.watch ? watchPolicyFile(file, () => void reload(), { logger, debounceMs: options.watchDebounceMs }) : undefined;
  return manage(core, audit, reload, watcher);
}
