/**
 * The approvals JSON API for the CLI, under the page's prefix: `GET api/list`, `GET api/{id}`,
 * `POST api/{id}/approve|deny` with `Authorization: Bearer <CLOUDSTACK_MCP_APPROVER_TOKEN>`. No cookies here, so
 * nothing a browser sends on its own can authenticate; the operator's name comes in `X-Approver`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApprovalStore, DecisionOutcome } from '../types.js';
import { bearerOf, header, originAbsentOrSame, secretEquals } from './guard.js';
import { BodyError, readJsonObject, sendJson } from './http-io.js';

export interface ApiOptions {
  readonly store: ApprovalStore;
  readonly approverToken: string;
  readonly refusedTokens: readonly string[];
  readonly secure: boolean;
}

export const OPERATOR_NAME = /^[\w .@+-]{1,64}$/;

/** `rest` is the path after `<prefix>/api/`. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, rest: string, options: ApiOptions): Promise<void> {
  if (!originAbsentOrSame(req, options.secure)) return sendJson(res, 403, { error: 'cross_origin', message: 'Forbidden: a request from another origin' });
  const presented = bearerOf(req);
  if (presented === undefined) return sendJson(res, 401, { error: 'unauthorized', message: 'Authorization: Bearer <CLOUDSTACK_MCP_APPROVER_TOKEN> is required' }, { 'www-authenticate': 'Bearer' });
  if (!secretEquals(presented, options.approverToken)) {
    const isAgentToken = options.refusedTokens.some((token) => secretEquals(presented, token));
    return isAgentToken
      ? sendJson(res, 403, { error: 'wrong_credential', message: 'the MCP bearer token is not an operator credential: use CLOUDSTACK_MCP_APPROVER_TOKEN' })
      : sendJson(res, 401, { error: 'unauthorized', message: 'the operator token is not valid' }, { 'www-authenticate': 'Bearer' });
  }
  const name = header(req, 'x-approver') ?? 'operator';
  if (!OPERATOR_NAME.test(name)) return sendJson(res, 400, { error: 'bad_request', message: 'X-Approver must be 1-64 letters, digits, spaces or . @ + - _' });
  const by = `${name} (cli)`;

  const [id, action, ...extra] = rest.split('/');
  if (req.method === 'GET' && id === 'list' && action === undefined) {
    const approvals = await options.store.list();
    await options.store.shown(approvals.filter((approval) => approval.status === 'pending').map((approval) => approval.id), by);
    return sendJson(res, 200, { approvals });
  }
  if (!id || extra.length > 0) return sendJson(res, 404, { error: 'not_found', message: 'no such API path' });
  if (req.method === 'GET' && action === undefined) {
    const approval = await options.store.get(id);
    return approval ? sendJson(res, 200, { approval }) : sendJson(res, 404, { error: 'not_found', message: `no approval ${id}` });
  }
  if (req.method !== 'POST' || (action !== 'approve' && action !== 'deny')) return sendJson(res, 404, { error: 'not_found', message: 'no such API path' });

  let body: Record<string, unknown>;
  try {
    body = await readJsonObject(req);
  } catch (error) {
    return sendJson(res, 400, { error: 'bad_request', message: error instanceof BodyError ? error.message : 'unreadable body' });
  }
  const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, 500) : undefined;
  if (action === 'deny' && !reason) return sendJson(res, 400, { error: 'bad_request', message: 'reason: a denial needs a reason the agent is told' });
  const outcome = action === 'approve' ? await options.store.approve(id, by, reason || undefined) : await options.store.deny(id, by, reason!);
  return sendDecision(res, id, outcome);
}

function sendDecision(res: ServerResponse, id: string, outcome: DecisionOutcome): void {
  if (outcome.ok) return sendJson(res, 200, { approval: outcome.approval });
  if (outcome.error === 'not_found') return sendJson(res, 404, { error: 'not_found', message: `no approval ${id}` });
  return sendJson(res, 409, { error: 'not_pending', message: `approval ${id} is ${outcome.approval?.status ?? 'decided'}, not pending`, approval: outcome.approval });
}
