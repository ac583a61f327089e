/**
 * A job is never lost when the server stops while a task waits: the real CLI (`cloudstack-mcp --http`, the bundled bin)
 * against the simulator on 127.0.0.1, an SDK client starting a long migration as a task, then SIGTERM. The server
 * stops the task's wait instead of waiting out the job, and the audit log names the job, says it may still run in
 * CloudStack and how to check it. Run `npm run build` first.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { scratchDir, startHttpCli } from '../../helpers/cli.js';
import { callAsTask, migration, sent } from './support.js';

let simulator: RunningSimulator;

beforeAll(async () => {
  // Far longer than the test: the server must not wait for it to stop.
  simulator = await startSimulator({ jobMs: 60_000 });
});
afterAll(async () => {
  await simulator?.close();
});

describe('shutdown while a task waits for its job', () => {
  it('stops the wait at once; the audit names the job, says it may still be running and how to check it', async () => {
    const dir = scratchDir();
    const policy = join(dir, 'policy.json');
    const auditFile = join(dir, 'audit.log');
    writeFileSync(policy, JSON.stringify({ version: '1', default: 'allow' }));
    const server = await startHttpCli(['--policy', policy], {
      CLOUDSTACK_API_URL: simulator.url,
      CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey,
      CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey,
      CLOUDSTACK_MCP_AUDIT_LOG: auditFile,
    });
    const client = new Client({ name: 'tasks-shutdown', version: '0.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    await client.listTools();
    const { vmId, hostId } = await migration(client, simulator);
    const task = await callAsTask(client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: hostId });
    const jobId = /job (\S+):/.exec(task.statusMessage ?? '')![1]!;
    await client.close();

    const code = await server.stop();
    expect(code).toBe(0);
    expect(server.stderr()).toMatch(/stopping the waits of running tasks/);
    const executed = readFileSync(auditFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { event: string; tool: string; outcome?: { ok: boolean; jobId?: string; error?: string } })
      .filter((record) => record.event === 'executed' && record.tool === 'migrate_virtual_machine');
    expect(executed).toHaveLength(1);
    expect(executed[0]!.outcome).toMatchObject({ ok: false, jobId });
    expect(executed[0]!.outcome!.error).toMatch(
      new RegExp(`^job_wait_stopped: Stopped waiting for migrateVirtualMachine job ${jobId} .*the MCP server shut down\\. The job was submitted and may still be running in CloudStack: check it with wait_for_job or query_async_job \\(jobid ${jobId}\\)`),
    );
    // Sent once, and still running in CloudStack: the server stopped waiting, not the job.
    expect(sent(simulator, 'migrateVirtualMachine')).toHaveLength(1);
    expect(simulator.world.jobs.find((job) => job.jobid === jobId)?.jobstatus).toBe(0);
  });
});
