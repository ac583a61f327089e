/**
 * Each stdio connection or HTTP session has its own server subscribed to policy reloads; closing it must
 * unsubscribe, or a long-running HTTP server collects one listener (and one dead server) per session.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { expect, test, vi } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { createServer } from '../../src/server.js';
import { allowAllPolicy } from '../helpers/allow-all-policy.js';
import { fakeApi } from './tools/fake-api.js';

test('a closed session stops listening to policy reloads; open ones are told the tool list changed', async () => {
  const listeners = new Set<() => void>();
  const policy = { ...allowAllPolicy(), onChange: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)) };
  const open = async () => {
    const server = createServer({ api: fakeApi({}), policy, logger: silentLogger, readOnly: false, sessionId: 's' });
    const client = new Client({ name: 't', version: '0' });
    const changed = vi.fn();
    client.setNotificationHandler(ToolListChangedNotificationSchema, changed);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    await client.connect(clientSide);
    return { client, changed };
  };
  const first = await open();
  const second = await open();
  expect(listeners.size).toBe(2);
  await first.client.close();
  expect(listeners.size).toBe(1);
  for (const listener of listeners) listener();
  await vi.waitFor(() => expect(second.changed).toHaveBeenCalledTimes(1));
  expect(first.changed).not.toHaveBeenCalled();
  await second.client.close();
  expect(listeners.size).toBe(0);
});
