/**
 * Operator approval end to end, through the built server: an SDK client over Streamable HTTP (and over stdio)
 * calls a `require_approval` destroy, is told "pending" with the page's URL, a human approves in a real headless
 * Chromium (or the operator CLI approves or denies), and the agent's repeated call destroys exactly once, as the
 * simulator's request log shows.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { launchBrowser, type HeadlessBrowser } from '../../helpers/browser.js';
import { connectStdio, runCli, scratchDir, startHttpCli, type HttpChild, type StdioSession } from '../../helpers/cli.js';
import { textOf } from '../../helpers/harness.js';

const MCP_TOKEN = 'mcp-bearer-token-0123456789abcdef';
const OPERATOR_TOKEN = 'operator-token-0123456789abcdef';

let simulator: RunningSimulator;
let policyFile: string;
let browser: HeadlessBrowser;

const cloudEnv = () => ({
  CLOUDSTACK_API_URL: simulator.url,
  CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
  CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
  CLOUDSTACK_MCP_APPROVER_TOKEN: OPERATOR_TOKEN,
});

async function vmId(name: string): Promise<string> {
  const vm = simulator.world.vms.find((candidate) => candidate.name === name);
  if (!vm) throw new Error(`no VM ${name}`);
  return vm.id;
}

const destroysOf = (id: string) => simulator.requests.filter((request) => request.command === 'destroyVirtualMachine' && request.params.id === id).length;

interface Pending {
  readonly id: string;
  readonly url: string;
}

function pendingOf(result: unknown): Pending {
  const approval = (result as { structuredContent: { policy: { approval: Pending } } }).structuredContent.policy.approval;
  return { id: approval.id, url: approval.url };
}

beforeAll(async () => {
  simulator = await startSimulator({ jobMs: 5 });
  policyFile = join(scratchDir(), 'policy.json');
  writeFileSync(
    policyFile,
    JSON.stringify({
      version: '1',
      default: 'allow',
      tools: { destroy_virtual_machine: { action: 'require_approval', reason: 'Destroying a VM deletes its data; a human confirms every destroy' } },
    }),
  );
  browser = await launchBrowser();
  browser.context.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await simulator?.close();
});

describe('operator approval over Streamable HTTP', () => {
  let server: HttpChild;
  let client: Client;

  beforeAll(async () => {
    server = await startHttpCli(['--policy', policyFile], { ...cloudEnv(), CLOUDSTACK_MCP_TOKEN: MCP_TOKEN });
    client = new Client({ name: 'e2e-approvals', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { authorization: `Bearer ${MCP_TOKEN}` } } }));
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('pending at once; approved in the browser; the repeat destroys exactly once; the next repeat is told it was used', async () => {
    const id = await vmId('dev-01');
    const args = { id, expunge: true };
    const first = await client.callTool({ name: 'destroy_virtual_machine', arguments: args });
    expect(first.isError).toBeFalsy();
    expect(textOf(first)).toMatch(/^\[APPROVAL PENDING\] destroy_virtual_machine on dev-01 needs an operator's approval/);
    const pending = pendingOf(first);
    expect(pending.url).toBe(`${server.url.replace(/\/mcp$/, '/approvals')}/${pending.id}`);
    expect(textOf(await client.callTool({ name: 'destroy_virtual_machine', arguments: args }))).toMatch(/^\[APPROVAL PENDING\] Still pending/);
    expect(textOf(await client.callTool({ name: 'get_approval', arguments: { id: pending.id } }))).toMatch(/Still pending/);
    expect(destroysOf(id)).toBe(0);

    // The human follows the link: sign in, then the approval itself, with the VM's name and tags.
    await browser.context.clearCookies();
    const page = await browser.context.newPage();
    await page.goto(pending.url);
    await page.fill('input[name=name]', 'alice');
    await page.fill('input[name=token]', OPERATOR_TOKEN);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    const card = page.locator(`article[data-approval="${pending.id}"]`);
    expect(await card.innerText()).toMatch(/dev-01[\s\S]*env=dev/);
    await Promise.all([page.waitForNavigation(), card.locator('button.approve').click()]);
    expect(await page.textContent('.notice')).toContain(`Approved ${pending.id}`);
    await page.close();

    const done = await client.callTool({ name: 'destroy_virtual_machine', arguments: args });
    expect(done.isError).toBeFalsy();
    expect(destroysOf(id)).toBe(1);
    const again = await client.callTool({ name: 'destroy_virtual_machine', arguments: args });
    expect(again.isError).toBe(true);
    expect(textOf(again)).toMatch(/^\[APPROVAL USED\]/);
    expect(destroysOf(id)).toBe(1);
  });

  it('the CLI denies; the agent is told the operator and reason; the MCP token cannot sign in', async () => {
    const id = await vmId('app-03');
    const args = { id };
    const pending = pendingOf(await client.callTool({ name: 'destroy_virtual_machine', arguments: args }));
    const pageUrl = pending.url.replace(/\/[^/]+$/, '');
    const refused = await runCli(['approvals', 'list', '--url', pageUrl], { CLOUDSTACK_MCP_APPROVER_TOKEN: MCP_TOKEN });
    expect(refused.code).toBe(1);
    const denied = await runCli(['approvals', 'deny', pending.id, '--reason', 'app-03 holds the fixtures', '--by', 'bob', '--url', pageUrl], { CLOUDSTACK_MCP_APPROVER_TOKEN: OPERATOR_TOKEN });
    expect(denied).toMatchObject({ code: 0, stdout: expect.stringContaining(`Denied ${pending.id}`) });
    const answer = await client.callTool({ name: 'destroy_virtual_machine', arguments: args });
    expect(answer.isError).toBe(true);
    expect(textOf(answer)).toContain('the operator bob (cli) denied');
    expect(textOf(answer)).toContain('"app-03 holds the fixtures"');
    expect(destroysOf(id)).toBe(0);
  });
});

describe('operator approval over stdio', () => {
  let session: StdioSession;

  beforeAll(async () => {
    session = await connectStdio(['--policy', policyFile], { ...cloudEnv(), CLOUDSTACK_MCP_APPROVAL_PORT: '0' });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('links to the loopback page; the CLI approves; the repeat destroys exactly once', async () => {
    const id = await vmId('web-01');
    const args = { id };
    const pending = pendingOf(await session.client.callTool({ name: 'destroy_virtual_machine', arguments: args }));
    expect(pending.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/approvals\/apr_/);
    const approved = await runCli(['approvals', 'approve', pending.id, '--url', pending.url.replace(/\/[^/]+$/, '')], { CLOUDSTACK_MCP_APPROVER_TOKEN: OPERATOR_TOKEN });
    expect(approved.code).toBe(0);
    const done = await session.client.callTool({ name: 'destroy_virtual_machine', arguments: args });
    expect(done.isError).toBeFalsy();
    expect(destroysOf(id)).toBe(1);
  });
});
