/**
 * Where the client declares URL-mode elicitation (MCP 2025-11-25, `elicitation.url`), the server also hands it the
 * approval page's link, so the human at that client is shown it directly. The decision itself is made on the page
 * (the client's answer to this elicitation approves nothing); the request is sent without waiting for it, so the
 * agent's pending result is never held up by a client that is slow to show the link.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Logger } from '../logger.js';
import { approvalUrl, type ApprovalNotice } from './pending-result.js';

/** The client is not waited for; the link is offered for as long as the approval lives, at most 15 minutes. */
const OFFER_TIMEOUT_MS = 15 * 60_000;

export function offersApprovalUrl(server: Server): boolean {
  return server.getClientCapabilities()?.elicitation?.url !== undefined;
}

/** Sends the link for a newly pending approval (once: a "still pending" repeat does not send it again). */
export function offerApprovalUrl(server: Server, notice: ApprovalNotice, pageUrl: string, logger: Logger, now: number = Date.now()): boolean {
  if (notice.status !== 'pending' || notice.created === false || !offersApprovalUrl(server)) return false;
  const { approval } = notice;
  const url = approvalUrl(pageUrl, approval.id);
  const what = `${approval.tool}${approval.resource ? ` on ${String(approval.resource.fields.name ?? approval.resource.id)}` : ''}`;
  const timeout = Math.max(1_000, Math.min(OFFER_TIMEOUT_MS, approval.expiresAt - now));
  server
    .elicitInput(
      { mode: 'url', elicitationId: approval.id, url, message: `An operator must approve ${what} (${approval.reason}). Open the approvals page to approve or deny it.` },
      { timeout },
    )
    .catch((error: unknown) => logger.debug('approval link not shown by the client', { approval: approval.id, error: error instanceof Error ? error.message : String(error) }));
  return true;
}
