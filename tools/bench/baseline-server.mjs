#!/usr/bin/env node
/**
 * The per-call baseline: the least an MCP server over CloudStack can do — the same SDK, one tool that signs and
 * sends listZones through our CloudStack client and returns the JSON. No policy, no audit, no schemas, no
 * rendering. `npm run bench` compares our list_zones over stdio to this one's (baseline-ratio.mjs).
 * CloudStack from CLOUDSTACK_API_URL / _API_KEY / _SECRET_KEY.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createCloudStackClient } from '../../dist/cloudstack/index.js';

const api = createCloudStackClient({
  apiUrl: process.env.CLOUDSTACK_API_URL,
  apiKey: process.env.CLOUDSTACK_API_KEY,
  secretKey: process.env.CLOUDSTACK_SECRET_KEY,
  timeoutMs: 30_000,
  asyncTimeoutMs: 60_000,
});
const server = new McpServer({ name: 'baseline', version: '0.0.0' });
server.registerTool('list_zones', { description: 'List the zones.' }, async () => ({
  content: [{ type: 'text', text: JSON.stringify(await api.call('listZones', {})) }],
}));
await server.connect(new StdioServerTransport());
process.stdin.once('end', () => void server.close().then(() => process.exit(0)));
