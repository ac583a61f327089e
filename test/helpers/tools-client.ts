/**
 * An MCP client linked in memory to a server over any CloudStackApi: for tests that need what the harness
 * fixes (a CloudStack URL that is not a running simulator, or a short per-request timeout).
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { createCloudStackClient, type CloudStackClientConfig } from '../../src/cloudstack/index.js';
import type { Logger } from '../../src/logger.js';
import type { PolicyGate } from '../../src/policy/types.js';
import { createServer } from '../../src/server.js';
import { linkClient } from './link.js';

export interface ToolsClient {
  readonly client: Client;
  close(): Promise<void>;
}

export async function connectToolsClient(options: {
  readonly cloudstack: Pick<CloudStackClientConfig, 'apiUrl' | 'apiKey' | 'secretKey' | 'timeoutMs' | 'asyncTimeoutMs'> &
    Partial<Pick<CloudStackClientConfig, 'poll' | 'retry'>>;
  readonly policy: PolicyGate;
  readonly logger: Logger;
}): Promise<ToolsClient> {
  const api = createCloudStackClient({ retry: { maxAttempts: 1 }, ...options.cloudstack, logger: options.logger });
  const server = createServer({ api, policy: options.policy, logger: options.logger, readOnly: false, sessionId: 'reliability' });
  return linkClient(server, { name: 'reliability' });
}
