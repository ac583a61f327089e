/**
 * The in-memory end-to-end harness: the CloudStack simulator over real HTTP on 127.0.0.1, the real CloudStack
 * client against it, the real MCP server (createServer) and an SDK Client linked in memory. Everything it
 * starts, `close()` stops.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ClientCapabilities, ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { CloudStackApi } from '../../src/cloudstack/api.js';
import { createCloudStackClient } from '../../src/cloudstack/index.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import type { PolicyGate } from '../../src/policy/types.js';
import { createServer } from '../../src/server.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { allowAllPolicy } from './allow-all-policy.js';
import { linkClient } from './link.js';

export interface HarnessOptions {
  readonly policy?: PolicyGate;
  readonly readOnly?: boolean;
  readonly simulator?: SimulatorOptions;
  /** Which simulator account the client signs as (default admin). */
  readonly keys?: 'admin' | 'user';
  readonly clientCapabilities?: ClientCapabilities;
  /** Answers the server's approval requests; declares the elicitation capability when given. */
  readonly onElicit?: (request: ElicitRequest) => ElicitResult | Promise<ElicitResult>;
  readonly logger?: Logger;
  /** The client's overall wait for a job (default 10 s). */
  readonly asyncTimeoutMs?: number;
  readonly approvalTimeoutMs?: number;
  readonly sessionId?: string;
  /** The server's CLOUDSTACK_MCP_MAX_WAIT for one tool call (the server bounds each call by it). */
  readonly maxWaitMs?: number;
}

export interface Harness {
  readonly client: Client;
  readonly simulator: RunningSimulator;
  readonly api: CloudStackApi;
  close(): Promise<void>;
}

/** Jobs finish after a few milliseconds and are polled quickly: e2e suites stay fast on 2 cores. */
const FAST_JOBS_MS = 30;
const FAST_POLL = { initialDelayMs: 10, maxDelayMs: 40, factor: 1.5 };

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const simulator = await startSimulator({ jobMs: FAST_JOBS_MS, ...options.simulator });
  try {
    const keys = simulator.keys[options.keys ?? 'admin'];
    const api = createCloudStackClient({
      apiUrl: simulator.url,
      ...keys,
      timeoutMs: 5_000,
      asyncTimeoutMs: options.asyncTimeoutMs ?? 10_000,
      poll: FAST_POLL,
      retry: { maxAttempts: 1 },
      logger: options.logger ?? silentLogger,
    });
    const server = createServer({
      api,
      policy: options.policy ?? allowAllPolicy(),
      logger: options.logger ?? silentLogger,
      readOnly: options.readOnly ?? false,
      sessionId: options.sessionId ?? 'e2e-session',
      approvalTimeoutMs: options.approvalTimeoutMs ?? 5_000,
      ...(options.maxWaitMs ? { maxWaitMs: options.maxWaitMs } : {}),
    });
    const { client, close } = await linkClient(server, {
      name: 'e2e-client',
      ...(options.clientCapabilities ? { capabilities: options.clientCapabilities } : {}),
      ...(options.onElicit ? { onElicit: options.onElicit } : {}),
    });
    // Listing the tools makes the SDK client check every later result's structuredContent against the tool's
    // outputSchema (it throws on a mismatch), so every end-to-end call also proves the schema right.
    await client.listTools();
    return {
      client,
      simulator,
      api,
      async close() {
        await close();
        await simulator.close();
      },
    };
  } catch (error) {
    await simulator.close();
    throw error;
  }
}

/** The text parts of a tool result, joined (callTool's result type is a union; tests only need the text). */
export function textOf(result: unknown): string {
  const content = ((result as { content?: unknown }).content ?? []) as Array<{ type: string; text?: string }>;
  return content.map((part) => part.text ?? '').join('\n');
}
