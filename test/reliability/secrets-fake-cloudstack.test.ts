/**
 * Leaks the simulator cannot provoke, from a fake CloudStack on 127.0.0.1 that answers as a real one may:
 * job results carrying VPN pre-shared keys (`ipsecpsk` of a site-to-site connection, `presharedkey` of a
 * remote-access VPN) through query_async_job and list_async_jobs, and an error text that echoes the request's
 * signature URL-encoded (once, and twice inside an echoed URL), as an unusual server or proxy does. Neither the
 * tool results nor any log line or audit record may carry them.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicyGateFromValue } from '../../src/policy/index.js';
import { encodedForms } from '../../src/redact.js';
import { toolFacts } from '../../src/tools/index.js';
import { createLeakCollector, DISTINCT_KEYS } from '../helpers/leak-scan.js';
import { connectToolsClient, type ToolsClient } from '../helpers/tools-client.js';

const JOB = '5b0f8d8e-2f4e-4b8e-9a57-0d5f2c3e4a11';
const SITE_PSK = 'S2S-psk-Zq81vXw3';
const REMOTE_PSK = 'RA-psk-Hk20pLm7';

const job = (cmd: string, jobresult: Record<string, unknown>) => ({
  jobid: JOB,
  cmd,
  jobstatus: 1,
  jobresultcode: 0,
  jobresulttype: 'object',
  jobresult,
  created: '2026-12-01T10:00:00+0000',
});
const SITE_TO_SITE = job('org.apache.cloudstack.api.command.user.vpn.CreateVpnConnectionCmd', {
  vpnconnection: { id: 'c0a8e3d4-0000-4000-8000-000000000001', ipsecpsk: SITE_PSK, gateway: '198.51.100.7', state: 'Connected' },
});
const REMOTE_ACCESS = job('org.apache.cloudstack.api.command.user.vpn.CreateRemoteAccessVpnCmd', {
  remoteaccessvpn: { id: 'c0a8e3d4-0000-4000-8000-000000000002', presharedkey: REMOTE_PSK, publicip: '203.0.113.9', state: 'Running' },
});

/** The fake CloudStack: one canned answer per command; every signature it received is kept. */
function fakeCloudStack(signatures: string[]): Server {
  return createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const query = new URLSearchParams(request.url?.split('?')[1] ?? body);
      const command = query.get('command') ?? '';
      const signature = query.get('signature') ?? '';
      signatures.push(signature);
      const answer = (status: number, inner: Record<string, unknown>) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ [`${command.toLowerCase()}response`]: inner }));
      };
      if (command === 'queryAsyncJobResult') return answer(200, SITE_TO_SITE);
      if (command === 'listAsyncJobs') return answer(200, { count: 2, asyncjobs: [SITE_TO_SITE, REMOTE_ACCESS] });
      // A server that quotes what it could not verify: the signature encoded once, and the whole request
      // URL encoded into a parameter of another (so the signature is encoded twice and `=` is `%3D`).
      const echoedUrl = encodeURIComponent(`http://cs/client/api?command=${command}&signature=${encodeURIComponent(signature)}`);
      return answer(401, {
        errorcode: 401,
        cserrorcode: 9999,
        errortext: `unable to verify user credentials and/or request signature ${encodeURIComponent(signature)} (from ${echoedUrl})`,
      });
    });
  });
}

describe('secrets in job results and echoed error texts never reach the agent, the log or the audit', () => {
  const leaks = createLeakCollector();
  const signatures: string[] = [];
  let server: Server;
  let tools: ToolsClient;
  const results: CallToolResult[] = [];

  const call = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> => {
    const result = (await tools.client.callTool({ name, arguments: args })) as CallToolResult;
    leaks.note(name, result);
    results.push(result);
    return result;
  };

  beforeAll(async () => {
    server = fakeCloudStack(signatures);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const policy = createPolicyGateFromValue({ version: '1', default: 'allow' }, { tools: toolFacts(), logger: leaks.logger, audit: leaks.audit });
    tools = await connectToolsClient({
      cloudstack: { apiUrl: `http://127.0.0.1:${port}/client/api`, ...DISTINCT_KEYS.admin, timeoutMs: 5_000, asyncTimeoutMs: 5_000 },
      policy,
      logger: leaks.logger,
    });
  });
  afterAll(async () => {
    await tools?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('query_async_job answers the job without its ipsecpsk', async () => {
    const result = await call('query_async_job', { jobid: JOB });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    const text = JSON.stringify(result);
    expect(text).toContain('198.51.100.7');
    expect(text).not.toContain(SITE_PSK);
    expect(text).not.toContain('ipsecpsk');
  });

  it('list_async_jobs answers both jobs without ipsecpsk or presharedkey', async () => {
    const result = await call('list_async_jobs', {});
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    const text = JSON.stringify(result);
    expect(text).toContain('203.0.113.9');
    for (const secret of [SITE_PSK, REMOTE_PSK, 'ipsecpsk', 'presharedkey']) expect(text).not.toContain(secret);
  });

  it('an error text echoing the encoded signature reaches the agent with the signature removed', async () => {
    const result = await call('list_zones', {});
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('unable to verify user credentials');
    const signature = signatures.at(-1)!;
    expect(signature.length).toBeGreaterThan(20);
    const forms = encodedForms(signature);
    for (const text of results.map((r) => JSON.stringify(r))) {
      for (const form of forms) expect(text.toLowerCase()).not.toContain(form.toLowerCase());
    }
  });

  it('no log line or audit record carries a pre-shared key, a key or any form of a signature', () => {
    const counted = leaks.count();
    expect(counted.logLines + counted.auditRecords, 'something was logged or audited').toBeGreaterThan(0);
    expect(counted.auditRecords).toBeGreaterThanOrEqual(3);
    const everySignatureForm = signatures.flatMap(encodedForms);
    expect(leaks.leaks([SITE_PSK, REMOTE_PSK, ...everySignatureForm])).toEqual([]);
  });
});
