/**
 * The approvals page as a plain Node request handler, mounted under a prefix (default `/approvals`) on the MCP
 * HTTP listener, or served alone on a loopback listener (listener.ts). It answers only paths under its prefix
 * and returns false for anything else, so the host server routes the rest.
 *
 * Guards, in order: Host allowed (DNS rebinding) → for a POST, Origin equal to ours → signed in (cookie) → CSRF
 * token bound to that session. A visitor who is not signed in sees the sign-in form and nothing else.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../logger.js';
import { PolicyStateError } from '../../policy/state/errors.js';
import type { ApprovalRecord, ApprovalStore } from '../types.js';
import { handleApi, OPERATOR_NAME } from './api.js';
import { hostAllowed, sameOrigin, secretEquals } from './guard.js';
import { BodyError, cookieOf, readForm, redirect, sendCss, sendHtml, sendJson, sendText, sessionCookie } from './http-io.js';
import { createOperatorSessions, type OperatorSession } from './operator-sessions.js';
import { listPage, signInPage, type PageContext } from './render.js';
import { APPROVALS_CSS } from './style.js';

export interface ApprovalsWebOptions {
  readonly store: ApprovalStore;
  /** CLOUDSTACK_MCP_APPROVER_TOKEN: the one credential that signs an operator in. */
  readonly approverToken: string;
  /** Credentials refused by name, above all the MCP bearer token (CLOUDSTACK_MCP_TOKEN) the agent holds. */
  readonly refusedTokens?: readonly string[];
  /** Host (and Origin) names this server answers to, compared as URL.hostname gives them. */
  readonly allowedHosts: ReadonlySet<string>;
  readonly prefix?: string;
  /** Served over https (behind a TLS proxy): the cookie gets Secure and Origins are https. */
  readonly secure?: boolean;
  readonly now?: () => number;
  readonly logger?: Logger;
  readonly sessionIdleMs?: number;
}

export type ApprovalsHandler = ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) & { readonly prefix: string };

const COOKIE = 'cloudstack_mcp_operator';
const DONE_WORDS = { approved: 'Approved', denied: 'Denied' } as const;

export function createApprovalsHandler(options: ApprovalsWebOptions): ApprovalsHandler {
  const prefix = (options.prefix ?? '/approvals').replace(/\/+$/, '');
  if (!/^\/[\w-]+(\/[\w-]+)*$/.test(prefix) || prefix === '/mcp') throw new Error(`approvals page prefix ${prefix || '/'} must be a path such as /approvals, not the root or /mcp`);
  const refusedTokens = (options.refusedTokens ?? []).filter((token) => token.length > 0);
  if (options.approverToken.length < 16) throw new Error('CLOUDSTACK_MCP_APPROVER_TOKEN must be at least 16 characters');
  if (refusedTokens.some((token) => secretEquals(token, options.approverToken))) {
    throw new Error('CLOUDSTACK_MCP_APPROVER_TOKEN must differ from CLOUDSTACK_MCP_TOKEN: the agent holds the MCP token');
  }
  const now = options.now ?? Date.now;
  const secure = options.secure ?? false;
  const sessions = createOperatorSessions({ now, ...(options.sessionIdleMs ? { idleMs: options.sessionIdleMs } : {}) });
  const cookie = (value: string, maxAge?: number) => sessionCookie(COOKIE, value, { path: prefix, secure, ...(maxAge !== undefined ? { maxAge } : {}) });
  const context = (session?: OperatorSession, notice?: PageContext['notice']): PageContext => ({
    prefix,
    now: now(),
    ...(session ? { operator: { name: session.name, csrf: session.csrf } } : {}),
    ...(notice ? { notice } : {}),
  });

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!hostAllowed(req, options.allowedHosts)) return sendText(res, 403, 'Forbidden: this Host is not allowed');
    const path = url.pathname.slice(prefix.length).replace(/^\/+/, '');
    if (path === 'style.css' && req.method === 'GET') return sendCss(res, APPROVALS_CSS);
    if (path === 'api' || path.startsWith('api/')) {
      return handleApi(req, res, path.slice('api/'.length), { store: options.store, approverToken: options.approverToken, refusedTokens, secure });
    }
    const session = sessions.find(cookieOf(req, COOKIE));

    if (req.method === 'GET') {
      if (!session) return sendHtml(res, 200, signInPage(context(), url.pathname));
      if (path === '') return showList(res, session, url);
      const approval = /^apr_[0-9a-f]+$/.test(path) ? await options.store.get(path) : undefined;
      if (!approval) return sendHtml(res, 404, listPage(context(session, { kind: 'error', text: `No approval ${path}` }), [], true));
      await options.store.shown([approval.id], `${session.name} (web)`);
      return sendHtml(res, 200, listPage(context(session), [approval], true));
    }
    if (req.method !== 'POST') return sendText(res, 405, 'Method not allowed');
    // Before anything is read or changed: a form posted from any other origin is refused outright.
    if (!sameOrigin(req, secure)) return sendText(res, 403, 'Forbidden: cross-origin request refused');
    let form: Record<string, string>;
    try {
      form = await readForm(req);
    } catch (error) {
      return sendText(res, 400, `Bad request: ${error instanceof BodyError ? error.message : 'unreadable form'}`);
    }
    if (path === 'sign-in') return signIn(res, form);
    if (!session) return sendText(res, 403, 'Forbidden: sign in first');
    if (!sessions.csrfMatches(session, form.csrf)) return sendText(res, 403, 'Forbidden: missing or wrong CSRF token; reload the page');
    if (path === 'sign-out') {
      sessions.signOut(session.id);
      return redirect(res, `${prefix}/`, { 'set-cookie': cookie('', 0) });
    }
    const decision = /^(apr_[0-9a-f]+)\/(approve|deny)$/.exec(path);
    if (!decision) return sendText(res, 404, 'Not found');
    return decide(res, session, decision[1]!, decision[2] as 'approve' | 'deny', (form.reason ?? '').trim().slice(0, 500));
  }

  async function showList(res: ServerResponse, session: OperatorSession, url: URL): Promise<void> {
    const approvals = await options.store.list();
    await options.store.shown(approvals.filter((approval) => approval.status === 'pending').map((approval) => approval.id), `${session.name} (web)`);
    return sendHtml(res, 200, listPage(context(session, doneNotice(url, approvals)), approvals, false));
  }

  function signIn(res: ServerResponse, form: Record<string, string>): void {
    const name = (form.name ?? '').trim();
    const token = form.token ?? '';
    const next = typeof form.next === 'string' && form.next.startsWith(`${prefix}/`) && !form.next.startsWith('//') ? form.next : `${prefix}/`;
    if (refusedTokens.some((refused) => secretEquals(token, refused))) {
      options.logger?.warn('approvals sign-in refused: the MCP bearer token was presented');
      return sendHtml(res, 403, signInPage(context(undefined, { kind: 'error', text: 'The MCP bearer token is not an operator credential. Use CLOUDSTACK_MCP_APPROVER_TOKEN.' }), next));
    }
    if (!secretEquals(token, options.approverToken)) {
      options.logger?.warn('approvals sign-in refused: wrong operator token');
      return sendHtml(res, 401, signInPage(context(undefined, { kind: 'error', text: 'That is not the operator token.' }), next));
    }
    if (!OPERATOR_NAME.test(name)) {
      return sendHtml(res, 400, signInPage(context(undefined, { kind: 'error', text: 'Your name: 1-64 letters, digits, spaces or . @ + - _' }), next));
    }
    const session = sessions.signIn(name);
    options.logger?.info('approvals operator signed in', { operator: name });
    return redirect(res, next, { 'set-cookie': cookie(session.id) });
  }

  async function decide(res: ServerResponse, session: OperatorSession, id: string, verb: 'approve' | 'deny', reason: string): Promise<void> {
    const by = `${session.name} (web)`;
    if (verb === 'deny' && !reason) return showError(res, session, 400, `Deny ${id}: give the agent a reason`);
    const outcome = verb === 'approve' ? await options.store.approve(id, by, reason || undefined) : await options.store.deny(id, by, reason);
    if (!outcome.ok) {
      const text = outcome.error === 'not_found' ? `No approval ${id}` : `${id} is ${outcome.approval?.status ?? 'decided'} already`;
      return showError(res, session, outcome.error === 'not_found' ? 404 : 409, text);
    }
    return redirect(res, `${prefix}/?done=${outcome.approval.status}&id=${encodeURIComponent(id)}`);
  }

  async function showError(res: ServerResponse, session: OperatorSession, status: number, text: string): Promise<void> {
    return sendHtml(res, status, listPage(context(session, { kind: 'error', text }), await options.store.list(), false));
  }

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return false;
    try {
      await route(req, res, url);
    } catch (error) {
      // The shared store (Redis) cannot answer: a clear 503, nothing decided; the next request works once it is back.
      if (error instanceof PolicyStateError && !res.headersSent) {
        options.logger?.warn('approvals unavailable: the shared store did not answer', { error: error.reason });
        const text = `approvals are unavailable: ${error.reason}; nothing was decided, try again once it is back`;
        if (url.pathname.startsWith(`${prefix}/api/`)) sendJson(res, 503, { error: 'state_unavailable', message: text });
        else sendText(res, 503, `Service unavailable: ${text}.`);
        return true;
      }
      options.logger?.error('approvals request failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) sendText(res, 500, 'Internal server error');
      else res.end();
    }
    return true;
  };
  return Object.assign(handler, { prefix });
}

/** "Approved apr_… (tool)" after a decision, only when the record really is in that state. */
function doneNotice(url: URL, approvals: readonly ApprovalRecord[]): PageContext['notice'] {
  const done = url.searchParams.get('done');
  const approval = approvals.find((item) => item.id === url.searchParams.get('id'));
  if (!approval || (done !== 'approved' && done !== 'denied') || approval.status !== done) return undefined;
  return { kind: 'ok', text: `${DONE_WORDS[done]} ${approval.id} (${approval.tool}${approval.resource ? ` on ${String(approval.resource.fields.name ?? approval.resource.id)}` : ''})` };
}
