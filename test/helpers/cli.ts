/**
 * Run the built CLI as a child process, the way agent clients and operators do: the package's bin, the bundle
 * (dist/bundle/cli.js), so the suite tests what ships. `TSC_CLI` is tsc's unbundled entry, for comparing the two.
 * Children get a clean environment and a scratch working directory, so a developer's own CLOUDSTACK_* variables
 * or .env file can never leak into a test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const CLI = fileURLToPath(new URL('../../dist/bundle/cli.js', import.meta.url));
export const TSC_CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The servers the suite starts serve every tool unless a test chooses toolsets (the CLI's own default is the
 * `default` toolset: test/e2e/server/toolsets.test.ts covers it, passing '' to leave the variable unset).
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', CLOUDSTACK_MCP_TOOLSETS: 'all', ...extra };
  if (env.CLOUDSTACK_MCP_TOOLSETS === '') delete env.CLOUDSTACK_MCP_TOOLSETS;
  return env;
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'cloudstack-mcp-test-'));
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run a CLI command to completion (bounded by `timeoutMs`). */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 20_000, cwd = scratchDir()): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: cleanEnv(env), cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cloudstack-mcp ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface StdioSession {
  readonly client: Client;
  readonly transport: StdioClientTransport;
  readonly stderr: () => string;
  close(): Promise<void>;
}

/** An SDK Client talking to the CLI over stdio through StdioClientTransport, exactly as an agent client does. */
export async function connectStdio(args: string[], env: Record<string, string>, capabilities = {}): Promise<StdioSession> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, ...args], env: cleanEnv(env), cwd: scratchDir(), stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'e2e-stdio', version: '1.0.0' }, { capabilities });
  await client.connect(transport);
  return { client, transport, stderr: () => stderr, close: () => client.close() };
}

export interface HttpChild {
  readonly url: string;
  readonly child: ChildProcess;
  readonly stderr: () => string;
  stop(): Promise<number | null>;
}

/** Start `cloudstack-mcp --http` on a free loopback port and wait for it to announce its URL. */
export function startHttpCli(args: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<HttpChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--http', '--port', '0', ...args], { env: cleanEnv(env), cwd: scratchDir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`HTTP server did not start in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    const stop = () =>
      new Promise<number | null>((done) => {
        if (child.exitCode !== null) return done(child.exitCode);
        child.once('close', (code) => done(code));
        child.kill('SIGTERM');
      });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child, stderr: () => stderr, stop });
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`HTTP server exited with ${code} before listening\n${stderr}`));
    });
  });
}
