/** The assembly serve.ts will use: settings, the page mounted on an HTTP listener or on its own, reload cancellation. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { APPROVAL_ENV, approverTokenProblem } from '../../src/approvals/settings.js';
import { startOperatorApprovals } from '../../src/approvals/start.js';
import { silentLogger } from '../../src/logger.js';

const env = z.object(APPROVAL_ENV);
const TOKEN = 'operator-token-0123456789abcdef';
const settings = env.parse({ CLOUDSTACK_MCP_APPROVER_TOKEN: TOKEN });
const ask = (tool: string, session: string) => ({
  call: { tool, command: 'destroyVirtualMachine', params: { id: session } },
  session,
  rule: `/tools/${tool}`,
  reason: 'needs an operator',
});

describe('approval settings', () => {
  it('defaults the TTL to 15 minutes and checks every variable by name', () => {
    expect(settings).toMatchObject({ CLOUDSTACK_MCP_APPROVAL_TTL: 900_000 });
    expect(env.parse({ CLOUDSTACK_MCP_APPROVAL_TTL: '5m' }).CLOUDSTACK_MCP_APPROVAL_TTL).toBe(300_000);
    const bad = env.safeParse({ CLOUDSTACK_MCP_APPROVER_TOKEN: 'short', CLOUDSTACK_MCP_APPROVAL_TTL: '10', CLOUDSTACK_MCP_APPROVAL_PORT: '70000', CLOUDSTACK_MCP_APPROVAL_URL: 'ftp://x' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((issue) => issue.path[0]).sort()).toEqual([
      'CLOUDSTACK_MCP_APPROVAL_PORT',
      'CLOUDSTACK_MCP_APPROVAL_TTL',
      'CLOUDSTACK_MCP_APPROVAL_URL',
      'CLOUDSTACK_MCP_APPROVER_TOKEN',
    ]);
    expect(approverTokenProblem(settings, TOKEN)?.[0]).toBe('CLOUDSTACK_MCP_APPROVER_TOKEN');
    expect(approverTokenProblem(settings, 'another-token-0123456789')).toBeUndefined();
  });
});

describe('startOperatorApprovals', () => {
  it('is off without an operator token', async () => {
    expect(await startOperatorApprovals({ settings: env.parse({}), mode: 'stdio', audit: () => {}, logger: silentLogger })).toBeUndefined();
  });

  it('stdio: serves the page on its own loopback listener and links to it', async () => {
    const approvals = (await startOperatorApprovals({ settings, mode: 'stdio', audit: () => {}, logger: silentLogger }))!;
    try {
      expect(approvals.pageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/approvals$/);
      const page = await fetch(`${approvals.pageUrl}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Operator sign-in');
    } finally {
      await approvals.close();
    }
  });

  it('http: a handler mounted before the MCP routes, which leaves /mcp alone, linked once the address is known', async () => {
    const approvals = (await startOperatorApprovals({
      settings,
      mcpToken: 'mcp-bearer-token-0123456789abcdef',
      mode: 'http',
      allowedHosts: new Set(['127.0.0.1', 'localhost']),
      audit: () => {},
      logger: silentLogger,
    }))!;
    const server = createServer((req, res) => {
      void approvals.handler!(req, res).then((handled) => {
        if (handled) return;
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('the MCP route');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      approvals.listening(`${base}/mcp`);
      expect(approvals.pageUrl).toBe(`${base}/approvals`);
      expect(await (await fetch(`${base}/mcp`)).text()).toBe('the MCP route');
      expect(await (await fetch(`${base}/approvals/`)).text()).toContain('Operator sign-in');
      const agent = await fetch(`${base}/approvals/api/list`, { headers: { authorization: 'Bearer mcp-bearer-token-0123456789abcdef' } });
      expect(agent.status).toBe(403);
      const operator = await fetch(`${base}/approvals/api/list`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(await operator.json()).toEqual({ approvals: [] });
    } finally {
      server.close();
      await approvals.close();
    }
  });

  it('a reload that makes a tool deny cancels its live approvals, audited', async () => {
    const audit: string[] = [];
    const approvals = (await startOperatorApprovals({ settings, mode: 'http', allowedHosts: new Set(['127.0.0.1']), audit: (entry) => audit.push(`${entry.event} ${entry.tool}`), logger: silentLogger }))!;
    await approvals.store.request(ask('destroy_virtual_machine', 'a'));
    await approvals.store.request(ask('destroy_virtual_machine', 'b'));
    await approvals.store.request(ask('stop_virtual_machine', 'c'));
    expect(await approvals.cancelDenied((tool) => tool === 'destroy_virtual_machine')).toBe(2);
    expect((await approvals.store.list()).map((approval) => [approval.tool, approval.status])).toEqual([
      ['stop_virtual_machine', 'pending'],
      ['destroy_virtual_machine', 'cancelled'],
      ['destroy_virtual_machine', 'cancelled'],
    ]);
    expect(audit.filter((line) => line.startsWith('approval_cancelled'))).toEqual(['approval_cancelled destroy_virtual_machine', 'approval_cancelled destroy_virtual_machine']);
  });
});
