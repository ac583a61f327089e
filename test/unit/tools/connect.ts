/** Connects the real MCP server (createServer) to an SDK Client in memory, over a test double of the API. */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { CloudStackApi } from '../../../src/cloudstack/api.js';
import { createLogger } from '../../../src/logger.js';
import type { PolicyGate } from '../../../src/policy/types.js';
import { createServer } from '../../../src/server.js';
import { allowAllPolicy } from '../../helpers/allow-all-policy.js';
import { linkClient } from '../../helpers/link.js';

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
  const { client, close } = await linkClient(server, { name: 'unit', ...(options.onElicit ? { onElicit: options.onElicit } : {}) });
  return { client, logLines, close };
}

export { textOf } from '../../helpers/harness.js';
