/** The approval link sent as URL-mode elicitation, over a real SDK client/server pair linked in memory. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ElicitRequestSchema, type ClientCapabilities, type ElicitRequest } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { offerApprovalUrl } from '../../src/approvals/url-elicitation.js';
import { createMemoryApprovalStore } from '../../src/approvals/store.js';
import { silentLogger } from '../../src/logger.js';

const PAGE = 'http://127.0.0.1:3000/approvals';

async function pair(capabilities: ClientCapabilities) {
  const server = new Server({ name: 'test', version: '0.0.0' }, { capabilities: { tools: {} } });
  const client = new Client({ name: 'client', version: '0.0.0' }, { capabilities });
  const received: ElicitRequest[] = [];
  let resolveSeen: () => void = () => {};
  const seen = new Promise<void>((resolve) => (resolveSeen = resolve));
  if (capabilities.elicitation) {
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      received.push(request);
      resolveSeen();
      return { action: 'accept' };
    });
  }
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return { server, client, received, seen };
}

async function pendingNotice() {
  const store = createMemoryApprovalStore();
  const { approval, created } = await store.request({
    call: { tool: 'destroy_virtual_machine', command: 'destroyVirtualMachine', params: { id: 'vm-1' }, resource: { kind: 'virtualmachine', id: 'vm-1', fields: { name: 'web-01' } } },
    session: 's1',
    rule: '/tools/destroy_virtual_machine',
    reason: 'destroying a VM needs an operator',
  });
  return { status: 'pending' as const, approval, created };
}

describe('approval link as URL-mode elicitation', () => {
  it('is sent to a client that declares elicitation.url, with the approval id as the elicitation id', async () => {
    const { server, client, received, seen } = await pair({ elicitation: { url: {} } });
    const notice = await pendingNotice();
    expect(offerApprovalUrl(server, notice, PAGE, silentLogger)).toBe(true);
    await seen;
    expect(received[0]!.params).toMatchObject({
      mode: 'url',
      elicitationId: notice.approval.id,
      url: `${PAGE}/${notice.approval.id}`,
      message: expect.stringContaining('An operator must approve destroy_virtual_machine on web-01'),
    });
    // A "still pending" repeat does not send it again.
    expect(offerApprovalUrl(server, { ...notice, created: false }, PAGE, silentLogger)).toBe(false);
    await client.close();
  });

  it('is not sent to a client with form elicitation only, or none', async () => {
    for (const capabilities of [{ elicitation: { form: {} } }, {}] as ClientCapabilities[]) {
      const { server, client, received } = await pair(capabilities);
      expect(offerApprovalUrl(server, await pendingNotice(), PAGE, silentLogger)).toBe(false);
      expect(received).toEqual([]);
      await client.close();
    }
  });
});
