#!/usr/bin/env node
/**
 * The benchmark's stdio server: the same pieces `cloudstack-mcp` assembles for stdio (CloudStack client,
 * createServer, StdioServerTransport), but with the gate chosen by argv — `on` (the real engine over the
 * bench policy; `on-file`: its audit records to BENCH_AUDIT_FILE) or `off` (allow-all) — which the CLI rightly
 * cannot offer. CloudStack from CLOUDSTACK_* env.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createCloudStackClient } from '../../dist/cloudstack/index.js';
import { silentLogger } from '../../dist/logger.js';
import { createServer } from '../../dist/server.js';
import { makeGate } from './gates.mjs';

const api = createCloudStackClient({
  apiUrl: process.env.CLOUDSTACK_API_URL,
  apiKey: process.env.CLOUDSTACK_API_KEY,
  secretKey: process.env.CLOUDSTACK_SECRET_KEY,
  timeoutMs: 10_000,
  asyncTimeoutMs: 60_000,
  logger: silentLogger,
});
const server = createServer({ api, policy: makeGate(process.argv[2]), logger: silentLogger, readOnly: false, sessionId: 'stdio' });
await server.connect(new StdioServerTransport());
// The client closing stdin ends the benchmark child.
process.stdin.once('end', () => void server.close().then(() => process.exit(0)));
