/** Connects the real MCP server (createServer) to an SDK Client in memory, over a test double of the API. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { CloudStackApi } from '../../../src/cloudstack/api.js';
import { createLogger } from '../../../src/logger.js';
import type { PolicyGate } from '../../../src/policy/types.js';
import { createServer } from '../../../src/server.js';
import { allowAllPolicy } from '../../helpers/allow-all-policy.js';

export interface Connected {
  readonly client: Client;
  readonly logLines: string[];
  close(): Promise<void>;
}

export async function connect(options: {
  api: CloudStackApi;
  policy?: PolicyGate;
  readOnly?: boolean;
  onElicit?: (request: ElicitRequest) => ElicitResult | Promise<ElicitResult>;
}): Promise<Connected> {
  const logLines: string[] = [];
  const server = createServer({
    api: options.api,
    policy: options.policy ?? allowAllPolicy(),
    logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    readOnly: options.readOnly ?? false,
    sessionId: 'unit',
    approvalTimeoutMs: 1_000,
  });
  const client = new Client({ name: 'unit', version: '0' }, { capabilities: options.onElicit ? { elicitation: {} } : {} });
  if (options.onElicit) client.setRequestHandler(ElicitRequestSchema, options.onElicit);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  return {
    client,
    logLines,
    async close() {
      await client.close();
      await server.close();
    },
  };
}

export { textOf } from '../../helpers/harness.js';
