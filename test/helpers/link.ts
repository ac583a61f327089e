/**
 * The one in-memory wiring of the suite: an SDK Client linked to a real server (createServer's) over the SDK's
 * InMemoryTransport, answering elicitation when a test says how. The harness (simulator over HTTP), the reliability
 * client (any CloudStack URL) and the unit tools client (a test double of the API) all build on it.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ElicitRequestSchema, type ClientCapabilities, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';

export interface LinkOptions {
  /** The client's name in its `initialize`. */
  readonly name: string;
  readonly capabilities?: ClientCapabilities;
  /** Answers the server's elicitation requests; declares the elicitation capability unless `capabilities` is given. */
  readonly onElicit?: (request: ElicitRequest) => ElicitResult | Promise<ElicitResult>;
}

export interface Linked {
  readonly client: Client;
  /** Closes the client, then the server. */
  close(): Promise<void>;
}

export async function linkClient(server: Server, options: LinkOptions): Promise<Linked> {
  const capabilities = options.capabilities ?? (options.onElicit ? { elicitation: {} } : {});
  const client = new Client({ name: options.name, version: '0.0.0' }, { capabilities });
  const onElicit = options.onElicit;
  if (onElicit) client.setRequestHandler(ElicitRequestSchema, (request) => onElicit(request));
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  return {
    client,
    async close() {
      await client.close();
      await server.close();
    },
  };
}
