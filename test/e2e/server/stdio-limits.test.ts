/**
 * A JSON-RPC line over 10 MB on stdio (issue 15: the server exited with code 0, no log line, and the call in
 * flight was never answered). Through the built CLI, speaking raw JSON lines: while a stop_virtual_machine waits for
 * its job, an 11 MB tools/call arrives. It is answered with an error naming the limit under its own id and logged
 * on stderr; the stop is answered; the session goes on; closing stdin still ends the server with code 0.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../src/simulator/index.js';
import { CLI, cleanEnv, scratchDir } from '../../helpers/cli.js';

type Message = { id?: number | string | null; result?: any; error?: { code: number; message: string } };

describe('stdio: a line over 10 MB', () => {
  let simulator: RunningSimulator;
  let child: ChildProcessWithoutNullStreams;
  const answers: Message[] = [];
  let stderr = '';

  const send = (message: unknown): void => void child.stdin.write(`${JSON.stringify(message)}\n`);
  async function answerTo(id: number): Promise<Message> {
    for (const started = Date.now(); Date.now() - started < 15_000; await new Promise((resolve) => setTimeout(resolve, 20))) {
      const answer = answers.find((candidate) => candidate.id === id);
      if (answer) return answer;
    }
    throw new Error(`no answer to request ${id}; stderr:\n${stderr}`);
  }

  beforeAll(async () => {
    // Jobs take 1.5 s, so the stop is still waiting when the big line arrives.
    simulator = await startSimulator({ jobMs: 1_500 });
    const dir = scratchDir();
    writeFileSync(join(dir, 'policy.json'), JSON.stringify({ version: '1', default: 'allow' }));
    child = spawn(process.execPath, [CLI, '--policy', join(dir, 'policy.json')], {
      cwd: dir,
      env: cleanEnv({ CLOUDSTACK_API_URL: simulator.url, CLOUDSTACK_API_KEY: simulator.keys.admin.apiKey, CLOUDSTACK_SECRET_KEY: simulator.keys.admin.secretKey }),
    });
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (let newline = buffered.indexOf('\n'); newline !== -1; newline = buffered.indexOf('\n')) {
        answers.push(JSON.parse(buffered.slice(0, newline)) as Message);
        buffered = buffered.slice(newline + 1);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await answerTo(1);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill();
    await simulator?.close();
  });

  it('answers the oversized call with an error under its id, logs it, and still answers the call in flight', async () => {
    const running = simulator.world.vms.find((vm) => vm.state === 'Running')!;
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'stop_virtual_machine', arguments: { id: running.id } } });
    // As the SDK client serializes a request: method and params first, the id last.
    const padding = 'x'.repeat(11 * 1024 * 1024);
    child.stdin.write(`{"jsonrpc":"2.0","method":"tools/call","params":{"name":"list_zones","arguments":{"keyword":"${padding}"}},"id":3}\n`);

    const refused = await answerTo(3);
    expect(refused.error?.code).toBe(-32600);
    expect(refused.error?.message).toMatch(/^Request too large: a JSON-RPC line of 1153\d{4} bytes is over the 10485760-byte limit and was discarded$/);
    expect(stderr).toMatch(/stdio line refused.*"limit":10485760.*"id":3.*"method":"tools\/call"/);

    const stopped = await answerTo(2);
    expect(stopped.error).toBeUndefined();
    expect(stopped.result.isError).toBeFalsy();
    expect(simulator.world.vms.find((vm) => vm.id === running.id)?.state).toBe('Stopped');

    send({ jsonrpc: '2.0', id: 4, method: 'ping' });
    expect((await answerTo(4)).result).toEqual({});
  });

  it('a line of exactly the limit is still taken (the bound is on what is larger)', async () => {
    const line = `{"jsonrpc":"2.0","id":5,"method":"ping","params":{"_meta":{"pad":"${''}"}}}`;
    const pad = 'y'.repeat(10 * 1024 * 1024 - Buffer.byteLength(line) - 1);
    child.stdin.write(`${line.replace('"pad":""', `"pad":"${pad}"`)}\n`);
    expect((await answerTo(5)).result).toEqual({});
  });

  it('closing stdin ends the server with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.end();
    expect(await exited).toBe(0);
  });
});
