/**
 * Read retries share one budget (CLOUDSTACK_MCP_MAX_WAIT), and the timeout text says what happened: a management
 * server on 127.0.0.1 that accepts requests and never answers. Before, a hung read took its retries one full
 * CLOUDSTACK_TIMEOUT each (91 s with the defaults) and then said "did not answer within 30000 ms".
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withDeadline } from '../../../src/cloudstack/api.js';
import { createCloudStackClient } from '../../../src/cloudstack/index.js';

let server: Server;
let url: string;
const received: IncomingMessage[] = [];

beforeEach(async () => {
  received.length = 0;
  server = createServer((request) => {
    received.push(request); // never answered
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/api`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (maxWaitMs: number, maxAttempts = 3) =>
  createCloudStackClient({
    apiUrl: url,
    apiKey: 'k',
    secretKey: 's',
    timeoutMs: 300,
    asyncTimeoutMs: 60_000,
    maxWaitMs,
    retry: { maxAttempts, baseDelayMs: 10, maxDelayMs: 20 },
  });

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a failure');
}

describe('a hung read', () => {
  it('stops when the call’s budget is used up, counting its attempts and total time', async () => {
    const error = await failure(client(1_000, 5).call('listZones'));
    expect(error.code).toBe('timeout');
    // Attempts of up to 300 ms (CLOUDSTACK_TIMEOUT) until the 1 s budget cuts one short, or leaves no time for
    // another; none starts after it, and the text counts them.
    const cut = /^CloudStack did not answer listZones within this call's limit of 1\.0 s \(CLOUDSTACK_MCP_MAX_WAIT\): (\d) attempts in \d+\.\d s \((?:timeout after \d+\.\d s, )+stopped after \d+\.\d s when the budget ran out\)\. Try again later/;
    const noTimeLeft = /did not answer listZones within 300 ms \(CLOUDSTACK_TIMEOUT\)\. (\d) attempts in \d+\.\d s in all \((?:timeout after \d+\.\d s(?:, )?)+\); no time left for another within CLOUDSTACK_MCP_MAX_WAIT \(1\.0 s\)\.$/;
    const tally = cut.exec(error.message) ?? noTimeLeft.exec(error.message);
    expect(tally, error.message).not.toBeNull();
    expect(received).toHaveLength(Number(tally?.[1]));
    expect(received.length).toBeLessThan(5);
  });

  it('with a budget larger than the retries, says every attempt timed out and how long it all took', async () => {
    const error = await failure(client(5_000).call('listZones'));
    expect(received).toHaveLength(3);
    expect(error.message).toMatch(/did not answer listZones within 300 ms \(CLOUDSTACK_TIMEOUT\)\. 3 attempts in \d+\.\d s in all \(timeout after \d+\.\d s, timeout after \d+\.\d s, timeout after \d+\.\d s\)\.$/);
  });

  it('a state change is never retried and, cut by the budget, says it may have been carried out', async () => {
    const error = await failure(client(200).call('stopVirtualMachine', { id: '6f1c5f0e-1a2b-4c3d-8e9f-0a1b2c3d4e5f' }));
    expect(received).toHaveLength(1);
    expect(error.message).toMatch(/^CloudStack did not answer stopVirtualMachine within this call's limit of 0\.2 s .*1 attempt in/);
    expect(error.message).toMatch(/may still have been carried out by CloudStack/);
  });

  it('a tool call’s deadline (withDeadline) bounds the read below MAX_WAIT', async () => {
    const api = withDeadline(client(50_000), Date.now() + 400);
    const error = await failure(api.call('listZones'));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/^CloudStack did not answer listZones within this call's limit of 0\.[34] s/);
  });
});
