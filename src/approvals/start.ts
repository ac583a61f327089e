/**
 * Operator approval assembled for `serve`: the store, the page (a handler to mount on the HTTP listener, or its
 * own loopback listener in stdio mode), the page's URL for the agent's results, and cancellation of pending
 * approvals when a policy reload makes their tool `deny`.
 */
import type { Logger } from '../logger.js';
import type { OperatorApprovals } from './operator-approval.js';
import type { ApprovalSettings } from './settings.js';
import { createMemoryApprovalStore } from './store.js';
import type { ApprovalAuditEntry, ApprovalStore } from './types.js';
import { createApprovalsHandler, type ApprovalsHandler } from './web/handler.js';
import { startApprovalListener } from './web/listener.js';

export interface OperatorApprovalOptions {
  readonly settings: ApprovalSettings;
  /** CLOUDSTACK_MCP_TOKEN, refused by name at sign-in and on the API. */
  readonly mcpToken?: string;
  /** `http`: mount `handler` on the MCP listener and call `listening(url)`; `stdio`: a loopback listener starts here. */
  readonly mode: 'http' | 'stdio';
  /** http mode: the Host/Origin names the MCP listener accepts (http-hosts.ts's acceptedHostNames). */
  readonly allowedHosts?: ReadonlySet<string>;
  readonly audit: (entry: ApprovalAuditEntry) => void;
  readonly logger: Logger;
  readonly now?: () => number;
  /** A shared store (Redis) instead of the in-memory one. */
  readonly store?: ApprovalStore;
}

export interface RunningOperatorApprovals extends OperatorApprovals {
  /** http mode: the page's request handler, to try before the MCP routes. */
  readonly handler?: ApprovalsHandler;
  /** http mode: the listener's address once known (e.g. http://127.0.0.1:3000/mcp); the page is its /approvals. */
  listening(mcpUrl: string): void;
  /** Cancels the live approvals of every tool the policy in force now denies (call from the gate's onChange). */
  cancelDenied(isDenied: (tool: string) => boolean): Promise<number>;
  close(): Promise<void>;
}

/** Undefined without CLOUDSTACK_MCP_APPROVER_TOKEN: the gate then refuses operator-approved calls (NO_OPERATOR_REFUSAL). */
export async function startOperatorApprovals(options: OperatorApprovalOptions): Promise<RunningOperatorApprovals | undefined> {
  const token = options.settings.CLOUDSTACK_MCP_APPROVER_TOKEN;
  if (!token) return undefined;
  const now = options.now ?? Date.now;
  const store = options.store ?? createMemoryApprovalStore({ now, ttlMs: options.settings.CLOUDSTACK_MCP_APPROVAL_TTL, audit: options.audit, logger: options.logger });
  const publicUrl = options.settings.CLOUDSTACK_MCP_APPROVAL_URL?.replace(/\/+$/, '');
  const web = { store, approverToken: token, refusedTokens: options.mcpToken ? [options.mcpToken] : [], now, logger: options.logger, secure: publicUrl?.startsWith('https://') ?? false };

  let pageUrl = publicUrl ?? '';
  let handler: ApprovalsHandler | undefined;
  let close = async (): Promise<void> => {};
  if (options.mode === 'http') {
    if (!options.allowedHosts) throw new Error('startOperatorApprovals: http mode needs the listener\'s allowedHosts');
    const hosts = new Set(options.allowedHosts);
    // Operators reaching the page through a proxy name use that name in Host and Origin.
    if (publicUrl) hosts.add(new URL(publicUrl).hostname);
    // The page's own path when the public URL names one (a proxy may map it); never the root, which /mcp shares.
    const publicPath = publicUrl ? new URL(publicUrl).pathname.replace(/\/+$/, '') : '';
    handler = createApprovalsHandler({ ...web, allowedHosts: hosts, ...(publicPath ? { prefix: publicPath } : {}) });
  } else {
    const listener = await startApprovalListener({ ...web, port: options.settings.CLOUDSTACK_MCP_APPROVAL_PORT ?? 0 });
    pageUrl = publicUrl ?? listener.url;
    close = () => listener.close();
    options.logger.info('approvals page listening (loopback)', { url: listener.url });
    process.stderr.write(`cloudstack-mcp: operator approvals at ${listener.url}\n`);
  }

  return {
    store,
    get pageUrl() {
      return pageUrl;
    },
    ...(handler ? { handler } : {}),
    listening(mcpUrl) {
      if (!publicUrl) pageUrl = mcpUrl.replace(/\/mcp$/, handler?.prefix ?? '/approvals');
    },
    async cancelDenied(isDenied) {
      const tools = new Set((await store.list()).filter((approval) => approval.status === 'pending' || approval.status === 'approved').map((approval) => approval.tool));
      let cancelled = 0;
      for (const tool of tools) {
        if (isDenied(tool)) cancelled += await store.cancelForTool(tool, `the policy now denies ${tool}`);
      }
      if (cancelled > 0) options.logger.info('policy reload cancelled pending approvals', { cancelled });
      return cancelled;
    },
    close: () => close(),
  };
}
