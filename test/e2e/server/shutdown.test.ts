/**
 * SIGTERM while a tool call is in flight: the server stops taking new calls, lets the running migration finish
 * and deliver its result, then exits — the clean shutdown an operator expects from a service.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CLI, cleanEnv, connectStdio, scratchDir } from '../../helpers/cli.js';

function exited(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('clean shutdown', () => {
  it('finishes the call in flight, refuses new ones, then exits', async () => {
    const policy = join(scratchDir(), 'allow.json');
    writeFileSync(policy, JSON.stringify({ version: '1', default: 'allow' }));
    const session = await connectStdio(['--simulator', '--policy', policy], {});
    const pid = (session.transport.pid ?? 0);
    expect(pid).toBeGreaterThan(0);
    const { client } = session;
    const vms = await client.callTool({ name: 'list_virtual_machines', arguments: { state: 'Running', listall: true } });
    const vm = (vms.structuredContent as { items: Array<{ id: string; hostid: string }> }).items[0]!;
    const hosts = await client.callTool({ name: 'find_hosts_for_migration', arguments: { virtualmachineid: vm.id } });
    const target = (hosts.structuredContent as { items: Array<{ id: string; suitableformigration: boolean; requiresStorageMotion: boolean }> }).items.find(
      (host) => host.suitableformigration && !host.requiresStorageMotion,
    )!;

    let inFlight!: () => void;
    const started = new Promise<void>((resolve) => (inFlight = resolve));
    const migration = client.callTool({ name: 'migrate_virtual_machine', arguments: { virtualmachineid: vm.id, hostid: target.id } }, undefined, {
      onprogress: () => inFlight(),
    }) as Promise<CallToolResult>;
    await started;
    process.kill(pid, 'SIGTERM');
    // The signal and our next message race each other: call again once the server says it is shutting down.
    for (let waited = 0; waited < 5_000 && !/shutting down/.test(session.stderr()); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));

    const refused = (await client.callTool({ name: 'list_zones', arguments: {} })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('shutting down');

    const result = await migration.catch((error: unknown) => {
      throw new Error(`${String(error)}\n${session.stderr()}`);
    });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { virtualmachine: { hostid: string } }).virtualmachine.hostid).toBe(target.id);

    for (let waited = 0; waited < 10_000 && !exited(pid); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(exited(pid)).toBe(true);
    await session.close();
  });

  it('stops cleanly, not with a crash, when the client stops reading stdout (broken pipe)', async () => {
    const child = spawn(process.execPath, [CLI, '--simulator'], { env: cleanEnv(), cwd: scratchDir(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'gone', version: '1' } } });
    // The client reads the initialize answer, then goes away without closing our stdin; the next answers hit a broken pipe.
    child.stdout.once('data', () => {
      child.stdout.destroy();
      send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      for (let id = 2; id < 5; id++) send({ jsonrpc: '2.0', id, method: 'tools/list' });
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toMatch(/"shutting down","reason":"stdout closed \(EPIPE\)"/);
    expect(stderr).not.toMatch(/Unhandled 'error' event/);
    expect(code).toBe(0);
  });
});
