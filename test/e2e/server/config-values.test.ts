/**
 * Configuration as operators write it, through the built CLI against the simulator: a secret key pasted with a
 * trailing newline and space still signs correctly (it was used as is, and every request got 401), the fix is said
 * once on stderr without the value; a timeout with a unit is taken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { connectStdio } from '../../helpers/cli.js';

describe('configuration values through the CLI', () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({ jobMs: 5 });
  });
  afterAll(async () => {
    await simulator?.close();
  });

  it('a secret key and API key with surrounding whitespace are trimmed, said once, and requests are signed right', async () => {
    const { apiKey, secretKey } = simulator.keys.admin;
    const session = await connectStdio([], {
      CLOUDSTACK_API_URL: simulator.url,
      CLOUDSTACK_API_KEY: ` ${apiKey}`,
      CLOUDSTACK_SECRET_KEY: `${secretKey}\n `,
      CLOUDSTACK_TIMEOUT: '30s',
      CLOUDSTACK_ASYNC_TIMEOUT: '2m',
    });
    try {
      const result = await session.client.callTool({ name: 'list_zones', arguments: {} });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      expect(simulator.requests.filter((request) => request.command === 'listZones' && request.status === 200)).toHaveLength(1);
      const notices = session.stderr().split('\n').filter((line) => line.includes('removed whitespace around'));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain('CLOUDSTACK_API_KEY, CLOUDSTACK_SECRET_KEY');
      expect(session.stderr()).not.toContain(secretKey);
      expect(session.stderr()).not.toContain(apiKey);
    } finally {
      await session.close();
    }
  });
});
