/**
 * The approvals page in a real headless Chromium: the pending call is a real one (a destroy of the simulator's
 * VM web-01, its resource resolved by the real resolver through the real CloudStack client), the page is served
 * by the real loopback listener, and the store is the real in-memory one on a clock this test can move.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryApprovalStore } from '../../src/approvals/store.js';
import type { ApprovalAuditEntry, ApprovalCall, ApprovalStore } from '../../src/approvals/types.js';
import { startApprovalListener, type RunningApprovalListener } from '../../src/approvals/web/listener.js';
import { createCloudStackClient } from '../../src/cloudstack/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { createResolver, createResourceCache } from '../../src/tools/resolve.js';
import { launchBrowser, type HeadlessBrowser } from '../helpers/browser.js';

const OPERATOR_TOKEN = 'operator-token-0123456789abcdef';
const MCP_TOKEN = 'mcp-bearer-token-0123456789abcdef';
const TTL_MS = 15 * 60_000;

let simulator: RunningSimulator;
let listener: RunningApprovalListener;
let browser: HeadlessBrowser;
let store: ApprovalStore;
let foreign: Server;
let foreignUrl: string;
let skew = 0;
const audit: ApprovalAuditEntry[] = [];

async function destroyCall(vmName: string): Promise<ApprovalCall> {
  const api = createCloudStackClient({ apiUrl: simulator.url, ...simulator.keys.admin, timeoutMs: 5_000, asyncTimeoutMs: 5_000, retry: { maxAttempts: 1 } });
  const page = await api.list('listVirtualMachines', { name: vmName, listall: true });
  const id = String(page.items[0]!.id).toLowerCase();
  const params = { id, expunge: true };
  const resource = await createResolver(api, { command: 'destroyVirtualMachine', params }, createResourceCache()).resource();
  return { tool: 'destroy_virtual_machine', command: 'destroyVirtualMachine', params, resource };
}

async function requestApproval(vmName: string, session = 'mcp-session-7') {
  const call = await destroyCall(vmName);
  const { approval } = await store.request({ call, session, rule: '/tools/destroy_virtual_machine', reason: 'destroying a VM needs an operator' });
  return { call, approval };
}

async function signIn(token = OPERATOR_TOKEN, name = 'alice') {
  // Each test signs in afresh: an earlier test's session cookie would skip the form.
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  await page.goto(`${listener.url}/`);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=token]', token);
  const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return { page, status: response?.status() };
}

beforeAll(async () => {
  simulator = await startSimulator({ jobMs: 0 });
  store = createMemoryApprovalStore({ now: () => Date.now() + skew, ttlMs: TTL_MS, audit: (entry) => audit.push(entry) });
  listener = await startApprovalListener({ port: 0, store, approverToken: OPERATOR_TOKEN, refusedTokens: [MCP_TOKEN], now: () => Date.now() + skew });
  browser = await launchBrowser();
  browser.context.setDefaultTimeout(5_000);
  // Another origin on the same machine (same *site*: SameSite cookies still go), posting a form to the page.
  foreign = createServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://x').searchParams.get('target') ?? '';
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<form id="f" method="post" action="${target}"><input name="reason" value="x"></form><script>document.getElementById('f').submit()</script>`);
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await listener?.close();
  foreign?.close();
  await simulator?.close();
});

describe('approvals page in a headless browser', () => {
  it('shows a visitor who is not signed in the sign-in form and nothing else', async () => {
    const { approval } = await requestApproval('web-01', 'visitor-test');
    const page = await browser.context.newPage();
    for (const path of ['/', `/${approval.id}`]) {
      await page.goto(`${listener.url}${path}`);
      expect(await page.locator('input[name=token]').count()).toBe(1);
      expect(await page.locator('article').count()).toBe(0);
      // The sign-in form keeps the visitor's own path to return to; nothing the server knows is on the page.
      const html = (await page.content()).replace(`value="/approvals/${approval.id}"`, '');
      expect(html).not.toContain(approval.id);
      expect(html).not.toContain('web-01');
      expect(html).not.toContain('destroyVirtualMachine');
    }
    const api = await fetch(`${listener.url}/api/list`);
    expect(api.status).toBe(401);
    expect(await api.text()).not.toContain(approval.id);
    await page.close();
    await store.deny(approval.id, 'test', 'cleanup');
  });

  it('refuses the MCP bearer token at sign-in (and a wrong token), setting no cookie', async () => {
    const { page, status } = await signIn(MCP_TOKEN);
    expect(status).toBe(403);
    expect(await page.textContent('.notice')).toContain('The MCP bearer token is not an operator credential');
    await page.fill('input[name=name]', 'mallory');
    await page.fill('input[name=token]', 'not-the-operator-token-at-all');
    const [wrong] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(wrong?.status()).toBe(401);
    expect(await browser.context.cookies()).toEqual([]);
    const api = await fetch(`${listener.url}/api/list`, { headers: { authorization: `Bearer ${MCP_TOKEN}` } });
    expect(api.status).toBe(403);
    await page.close();
  });

  it('signs in with the operator token, shows the call with the VM name, state, zone, account and tags, and approves it', async () => {
    const { call, approval } = await requestApproval('web-01');
    const { page, status } = await signIn();
    expect(status).toBe(200);
    const card = page.locator(`article[data-approval="${approval.id}"]`);
    const text = await card.innerText();
    expect(text).toContain('destroy_virtual_machine');
    expect(text).toContain('web-01');
    expect(text).toContain('Running');
    expect(text).toContain('env=prod');
    expect(text).toContain('role=web');
    expect(text).toContain(String(call.resource!.fields.zonename));
    expect(text).toContain(String(call.resource!.fields.account));
    expect(text).toContain('destroyVirtualMachine');
    expect(text).toContain('destroying a VM needs an operator');
    expect(text).toContain('mcp-session-7');
    expect(audit).toContainEqual(expect.objectContaining({ event: 'approval_shown', approval: approval.id, by: 'alice (web)' }));

    if (process.env.APPROVALS_SCREENSHOT) await page.screenshot({ path: process.env.APPROVALS_SCREENSHOT, fullPage: true });
    await Promise.all([page.waitForNavigation(), card.locator('button.approve').click()]);
    expect(await page.textContent('.notice')).toContain(`Approved ${approval.id}`);
    expect(await store.get(approval.id)).toMatchObject({ status: 'approved', decidedBy: 'alice (web)' });
    // Only the session that asked can use it, and only once.
    expect((await store.consume(call, 'another-session')).status).toBe('none');
    expect((await store.consume(call, 'mcp-session-7')).status).toBe('approved');
    expect((await store.consume(call, 'mcp-session-7')).status).toBe('used');
    await page.close();
  });

  it('denies with the reason the operator typed', async () => {
    const { call, approval } = await requestApproval('app-02');
    const { page } = await signIn(OPERATOR_TOKEN, 'bob');
    const card = page.locator(`article[data-approval="${approval.id}"]`);
    await card.locator('form.deny input[name=reason]').fill('prod database host, wait for the change window');
    await Promise.all([page.waitForNavigation(), card.locator('button.deny').click()]);
    expect(await page.textContent('.notice')).toContain(`Denied ${approval.id}`);
    expect(await store.consume(call, 'mcp-session-7')).toMatchObject({
      status: 'denied',
      approval: { decidedBy: 'bob (web)', decisionReason: 'prod database host, wait for the change window' },
    });
    await page.close();
  });

  it('refuses a cross-site POST: a form on another origin, a foreign or missing Origin, a missing CSRF token', async () => {
    const { approval } = await requestApproval('dev-01');
    const { page } = await signIn();
    const target = `${listener.url}/${approval.id}/approve`;
    // The browser holds the session cookie and 127.0.0.1:<other port> is the same site, so the cookie goes along:
    // the Origin check is what refuses it.
    const response = page.waitForResponse((candidate) => candidate.url() === target);
    await page.goto(`${foreignUrl}/?target=${encodeURIComponent(target)}`);
    expect((await response).status()).toBe(403);
    expect(await (await response).text()).toContain('cross-origin request refused');
    expect((await store.get(approval.id))?.status).toBe('pending');

    await page.goto(`${listener.url}/`);
    const csrf = await page.locator(`article[data-approval="${approval.id}"] form.approve input[name=csrf]`).getAttribute('value');
    const [cookie] = await browser.context.cookies(listener.url);
    const post = (headers: Record<string, string>, body: string) =>
      fetch(target, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie!.name}=${cookie!.value}`, ...headers }, body });
    const own = new URL(listener.url).origin;
    expect((await post({ origin: foreignUrl }, `csrf=${csrf}`)).status).toBe(403);
    expect((await post({}, `csrf=${csrf}`)).status).toBe(403);
    const noCsrf = await post({ origin: own }, '');
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.text()).toContain('CSRF');
    expect((await post({ origin: own }, 'csrf=forged')).status).toBe(403);
    expect((await store.get(approval.id))?.status).toBe('pending');
    // The same request with everything right goes through: the refusals above were the guards, nothing else.
    expect((await post({ origin: own }, `csrf=${csrf}`)).status).toBe(303);
    expect((await store.get(approval.id))?.status).toBe('approved');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/approvals' });
    await page.close();
  });

  it('shows an approval past its expiry as expired, and refuses to approve it from a stale page', async () => {
    const { call, approval } = await requestApproval('app-03', 'expiry-test');
    const { page } = await signIn();
    const card = page.locator(`article[data-approval="${approval.id}"]`);
    expect(await card.locator('.status').innerText()).toMatch(/pending/i);
    skew += TTL_MS + 1_000;
    const [response] = await Promise.all([page.waitForNavigation(), card.locator('button.approve').click()]);
    expect(response?.status()).toBe(409);
    expect(await page.textContent('.notice')).toContain(`${approval.id} is expired already`);
    expect(await page.locator(`article[data-approval="${approval.id}"] .status`).innerText()).toMatch(/expired/i);
    expect((await store.consume(call, 'expiry-test')).status).toBe('expired');
    expect(audit).toContainEqual(expect.objectContaining({ event: 'approval_expired', approval: approval.id }));
    await page.close();
  });
});
