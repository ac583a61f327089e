/**
 * The approvals page, rendered on the server as plain HTML. Every value that comes from a call, a resource or
 * an operator passes through `escapeHtml`; parameters were redacted when the approval was stored.
 */
import type { ApprovalRecord } from '../types.js';

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export interface PageContext {
  readonly prefix: string;
  readonly now: number;
  /** The signed-in operator: absent on the sign-in page. */
  readonly operator?: { readonly name: string; readonly csrf: string };
  /** One line at the top, e.g. "Approved apr_… (destroy_virtual_machine)". */
  readonly notice?: { readonly kind: 'ok' | 'error'; readonly text: string };
}

function layout(title: string, body: string, context: PageContext): string {
  const bar = context.operator
    ? `<form class="signout" method="post" action="${context.prefix}/sign-out"><input type="hidden" name="csrf" value="${escapeHtml(context.operator.csrf)}">
       <span>Signed in as <strong>${escapeHtml(context.operator.name)}</strong></span> <button type="submit" class="quiet">Sign out</button></form>`
    : '';
  const notice = context.notice ? `<p class="notice ${context.notice.kind}" role="status">${escapeHtml(context.notice.text)}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · cloudstack-mcp</title><link rel="stylesheet" href="${context.prefix}/style.css"></head>
<body><header><h1><a href="${context.prefix}/">cloudstack-mcp approvals</a></h1>${bar}</header>
<main>${notice}${body}</main></body></html>`;
}

export function signInPage(context: PageContext, next: string): string {
  const body = `<section class="card signin"><h2>Operator sign-in</h2>
<p>Calls an agent makes that the policy sends to an operator wait here. Sign in with the operator credential
(<code>CLOUDSTACK_MCP_APPROVER_TOKEN</code>); the MCP bearer token the agent holds is not accepted.</p>
<form method="post" action="${context.prefix}/sign-in">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<label>Your name, for the audit trail <input name="name" required maxlength="64" autocomplete="username"></label>
<label>Operator token <input name="token" type="password" required autocomplete="current-password"></label>
<button type="submit">Sign in</button></form></section>`;
  return layout('Sign in', body, context);
}

export function listPage(context: PageContext, approvals: readonly ApprovalRecord[], single: boolean): string {
  const pending = approvals.filter((approval) => approval.status === 'pending');
  const decided = approvals.filter((approval) => approval.status !== 'pending');
  const section = (title: string, items: readonly ApprovalRecord[], empty: string) =>
    `<h2>${title} <span class="count">${items.length}</span></h2>${items.length ? items.map((item) => card(item, context)).join('\n') : `<p class="empty">${empty}</p>`}`;
  const body = single
    ? `${approvals.map((item) => card(item, context)).join('')}<p><a href="${context.prefix}/">All approvals</a></p>`
    : `${section('Waiting for a decision', pending, 'Nothing is waiting for you.')}${section('Recent', decided, 'No decisions yet.')}`;
  return layout(single ? `Approval ${approvals[0]?.id ?? ''}` : 'Approvals', body, context);
}

function card(approval: ApprovalRecord, context: PageContext): string {
  const resource = approval.resource;
  return `<article class="card ${approval.status}" id="${escapeHtml(approval.id)}" data-approval="${escapeHtml(approval.id)}">
<div class="head"><h3><code>${escapeHtml(approval.tool)}</code>${resource ? ` on <span class="name">${escapeHtml(resource.fields.name ?? resource.id)}</span>` : ''}</h3>
<span class="status ${approval.status}">${escapeHtml(approval.status)}</span></div>
${resource ? resourceFacts(resource) : ''}
<dl class="facts">
<dt>Why</dt><dd>${escapeHtml(approval.reason)} <span class="muted">(rule <code>${escapeHtml(approval.rule)}</code>)</span></dd>
<dt>Asked by</dt><dd>MCP session <code>${escapeHtml(approval.session)}</code></dd>
<dt>Asked</dt><dd>${when(approval.createdAt, context.now)}</dd>
${approval.status === 'pending' || approval.status === 'approved' ? `<dt>Expires</dt><dd>${when(approval.expiresAt, context.now)}</dd>` : ''}
${approval.decidedBy ? `<dt>Decided by</dt><dd>${escapeHtml(approval.decidedBy)}${approval.decidedAt ? `, ${when(approval.decidedAt, context.now)}` : ''}${approval.decisionReason ? `: “${escapeHtml(approval.decisionReason)}”` : ''}</dd>` : ''}
${approval.usedAt ? `<dt>Used</dt><dd>${when(approval.usedAt, context.now)}</dd>` : ''}
<dt>Approval</dt><dd><a href="${context.prefix}/${escapeHtml(approval.id)}"><code>${escapeHtml(approval.id)}</code></a></dd>
</dl>
<details${approval.status === 'pending' ? ' open' : ''}><summary>The call: <code>${escapeHtml(approval.command)}</code></summary>${paramsTable(approval.params)}</details>
${approval.status === 'pending' && context.operator ? decisionForms(approval, context) : ''}
</article>`;
}

function resourceFacts(resource: NonNullable<ApprovalRecord['resource']>): string {
  const fields = resource.fields;
  const row = (label: string, value: unknown) => (value === undefined || value === null || value === '' ? '' : `<dt>${label}</dt><dd>${escapeHtml(value)}</dd>`);
  const tags = fields.tags && typeof fields.tags === 'object' ? Object.entries(fields.tags as Record<string, unknown>) : [];
  const tagList = tags.length
    ? `<dt>Tags</dt><dd class="tags">${tags.map(([key, value]) => `<span class="tag">${escapeHtml(key)}=${escapeHtml(value)}</span>`).join(' ')}</dd>`
    : '<dt>Tags</dt><dd class="muted">none</dd>';
  return `<dl class="facts resource">
${row('Resource', `${resource.kind} ${resource.id}`)}${row('Name', fields.name)}${row('State', fields.state)}${row('Zone', fields.zonename ?? fields.zoneid)}
${row('Account', fields.account === undefined ? undefined : `${String(fields.account)}${fields.domain ? ` (domain ${String(fields.domain)})` : ''}`)}${tagList}</dl>`;
}

function paramsTable(params: Readonly<Record<string, unknown>>): string {
  const rows = Object.entries(params).map(
    ([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td><code>${escapeHtml(typeof value === 'string' ? value : JSON.stringify(value))}</code></td></tr>`,
  );
  return rows.length ? `<table class="params">${rows.join('')}</table>` : '<p class="muted">no parameters</p>';
}

function decisionForms(approval: ApprovalRecord, context: PageContext): string {
  const csrf = `<input type="hidden" name="csrf" value="${escapeHtml(context.operator!.csrf)}">`;
  const action = (verb: string) => `${context.prefix}/${escapeHtml(approval.id)}/${verb}`;
  return `<div class="decide">
<form method="post" action="${action('approve')}" class="approve">${csrf}
<input name="reason" maxlength="500" placeholder="Note (optional)" aria-label="Approval note"><button type="submit" class="approve">Approve</button></form>
<form method="post" action="${action('deny')}" class="deny">${csrf}
<input name="reason" maxlength="500" required placeholder="Reason for the agent (required)" aria-label="Denial reason"><button type="submit" class="deny">Deny</button></form>
</div>`;
}

/** Absolute time (UTC) and how long ago or ahead, so an operator sees at a glance what is about to expire. */
function when(at: number, now: number): string {
  const seconds = Math.round((at - now) / 1000);
  const span = Math.abs(seconds) < 60 ? `${Math.abs(seconds)} s` : Math.abs(seconds) < 3600 ? `${Math.round(Math.abs(seconds) / 60)} min` : `${Math.round(Math.abs(seconds) / 3600)} h`;
  const relative = seconds >= 0 ? `in ${span}` : `${span} ago`;
  return `<time datetime="${new Date(at).toISOString()}">${new Date(at).toISOString().replace('T', ' ').slice(0, 19)} UTC</time> <span class="muted">(${relative})</span>`;
}
