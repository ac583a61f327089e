/**
 * Tasks through the real CLI over stdio (the bundled bin, serve.ts's wiring: one task store and one set of task waits
 * per process): the server declares the tasks capability, a "75 s" migration (a 2.5 s job against
 * CLOUDSTACK_MCP_MAX_WAIT=1s) runs as a task to completion, and tasks/list lists it. Run `npm run build` first.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { connectStdio, scratchDir, type StdioSession } from '../../helpers/cli.js';
import { callAsTask, migration, pollTask, sent, taskResult, textOf } from './support.js';

let simulator: RunningSimulator;
let session: StdioSession;

beforeAll(async () => {
  simulator = await startSimulator({ jobMs: 2_500 });
  const policy = join(scratchDir(), 'policy.json');
  writeFileSync(policy, JSON.stringify({ version: '1', default: 'allow' }));
  session = await connectStdio(['--policy', policy], {
    CLOUDSTACK_API_URL: simulator.url,
    CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
    CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
    CLOUDSTACK_MCP_MAX_WAIT: '1s',
    CLOUDSTACK_MCP_AUDIT_LOG: '/dev/null',
  });
  await session.client.listTools();
});
afterAll(async () => {
  await session?.close();
  await simulator?.close();
});

describe('tasks over stdio', () => {
  it('declares the tasks capability', () => {
    expect(session.client.getServerCapabilities()?.tasks).toEqual({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
  });

  it('runs a migration longer than CLOUDSTACK_MCP_MAX_WAIT as a task to completed, listed by its session', async () => {
    const { vmId, hostId } = await migration(session.client, simulator);
    const created = await callAsTask(session.client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId });
    expect(created).toMatchObject({ status: 'working', ttl: 60_000, pollInterval: 1_000 });
    await pollTask(session.client, created.taskId, (task) => /running in CloudStack after/.test(task.statusMessage ?? ''));
    expect((await session.client.experimental.tasks.listTasks()).tasks.map((task) => task.taskId)).toEqual([created.taskId]);
    const result = await taskResult(session.client, created.taskId);
    expect(result.structuredContent).toMatchObject({ virtualmachine: { id: vmId, hostid: hostId } });
    expect(textOf(result)).toMatch(/^Virtual machine web-02/);
    expect((await session.client.experimental.tasks.getTask(created.taskId)).status).toBe('completed');
    expect(sent(simulator, 'migrateVirtualMachine')).toHaveLength(1);
  });
});
