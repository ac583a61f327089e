/**
 * `cloudstack-mcp demo`: a scripted agent session. It launches the real server binary over stdio against the
 * embedded simulator with policy.example.json — exactly as an agent client would — and walks through what an
 * operator wants to see: reads, a live migration with progress, a rate limit, a denied tool, and a call that waits
 * for an operator's approval, which a scripted operator gives through the `cloudstack-mcp approvals` CLI.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { PACKAGE_VERSION } from '../version.js';
import { createDemoOperator, type DemoOperator } from './operator.js';
import { colorWanted, createPrinter, type Printer } from './print.js';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));
const EXAMPLE_POLICY = fileURLToPath(new URL('../../policy.example.json', import.meta.url));

type Structured = Record<string, unknown>;

export async function runDemo(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'no-color': { type: 'boolean' } }, strict: true, allowPositionals: false });
  const out = createPrinter(process.stdout, { color: colorWanted(process.stdout.isTTY, values['no-color'] === true, process.env) });
  out.title(`cloudstack-mcp ${PACKAGE_VERSION} demo — an agent session against the embedded CloudStack simulator`);
  const operator = createDemoOperator(CLI);
  const transport = new StdioClientTransport({
    command: process.execPath,
    // create_ssh_key_pair is outside the default toolsets; it is served here to show the policy refusing it.
    args: [CLI, '--simulator', '--policy', EXAMPLE_POLICY, '--tools', 'create_ssh_key_pair', '--log-level', 'warn'],
    // The operator's credential goes to the server, never to the agent: the agent cannot approve its own call.
    // With stdio the approvals page listens on a free loopback port, announced on stderr.
    env: { ...getDefaultEnvironment(), CLOUDSTACK_MCP_APPROVER_TOKEN: operator.token },
    stderr: 'pipe',
  });
  const serverLog: string[] = [];
  transport.stderr?.on('data', (chunk: Buffer) => {
    serverLog.push(chunk.toString('utf8'));
    operator.watch(chunk.toString('utf8'));
  });
  const client = new Client({ name: 'cloudstack-mcp-demo', version: PACKAGE_VERSION });
  try {
    await client.connect(transport);
    await script(client, out, operator);
    out.title('Demo complete: every step above went through the policy engine before reaching CloudStack.');
    return 0;
  } catch (error) {
    out.failure(error instanceof Error ? error.message : String(error));
    process.stderr.write(serverLog.join(''));
    return 1;
  } finally {
    await client.close().catch(() => {});
  }
}

async function script(client: Client, out: Printer, operator: DemoOperator): Promise<void> {
  const tools = await client.listTools();
  out.step(`The server offers ${tools.tools.length} tools under policy.example.json`);

  out.step('List the zones');
  out.result(await call(client, 'list_zones', {}));

  out.step('List the running virtual machines');
  const running = await call(client, 'list_virtual_machines', { state: 'Running', listall: true });
  out.result(running);
  // Not a production VM: policy.example.json refuses every change to a VM tagged env=prod.
  const isProduction = (item: Structured) => Array.isArray(item.tags) && item.tags.some((tag: Structured) => tag.key === 'env' && tag.value === 'prod');
  const vm = items(running).find((item) => typeof item.hostid === 'string' && !isProduction(item));
  if (!vm) throw new Error('the simulator has no running VM on a host to migrate');
  const vmId = String(vm.id);

  out.step(`Find a host that can take ${String(vm.name)} (now on ${String(vm.hostname)})`);
  const candidates = await call(client, 'find_hosts_for_migration', { virtualmachineid: vmId });
  out.result(candidates);
  const targets = items(candidates).filter((host) => host.suitableformigration === true && host.requiresStorageMotion !== true);
  if (targets.length === 0) throw new Error('no suitable host for the migration');

  // Migrate back and forth: the example policy allows 2 migrations of one VM per hour, so the third is refused.
  const target = { id: String(targets[0]!.id), name: String(targets[0]!.name) };
  const origin = { id: String(vm.hostid), name: String(vm.hostname) };
  for (const [index, host] of [target, origin, target].entries()) {
    out.step(`Migrate ${String(vm.name)} to ${host.name} (migration ${index + 1} of this VM within the hour)`);
    out.result(await call(client, 'migrate_virtual_machine', { virtualmachineid: vmId, hostid: host.id }, out));
  }

  out.step(`Force-stop ${String(vm.name)}: an argument rule of the policy refuses forced=true`);
  out.result(await call(client, 'stop_virtual_machine', { id: vmId, forced: true }));

  out.step('Create an SSH key pair: the policy denies this tool outright');
  out.result(await call(client, 'create_ssh_key_pair', { name: 'demo-key' }));

  await operatorApproval(client, out, operator, { id: vmId, name: String(vm.name) });
}

/** A call that needs the operator: pending for the agent, approved from the operator's shell, then run exactly once. */
async function operatorApproval(client: Client, out: Printer, operator: DemoOperator, vm: { id: string; name: string }): Promise<void> {
  out.step(`Stop ${vm.name} gracefully (a password is reset on a stopped VM)`);
  out.result(await call(client, 'stop_virtual_machine', { id: vm.id }, out));

  const reset = { id: vm.id };
  out.step(`Reset the password of ${vm.name}: the policy asks an operator, so the agent is told it is pending`);
  const pending = await call(client, 'reset_password_virtual_machine', reset);
  out.result(pending);
  const approval = (pending.structuredContent as { policy?: { approval?: { id?: string } } } | undefined)?.policy?.approval;
  if (pending.isError || typeof approval?.id !== 'string') throw new Error('the reset was not answered with a pending approval');

  out.step('The agent checks on it with get_approval (read-only, sends nothing to CloudStack): still pending');
  out.result(await call(client, 'get_approval', { id: approval.id }));

  out.step('The operator, in a shell with the operator credential (the agent has no such token), lists and approves it');
  for (const args of [['list'], ['approve', approval.id, '--reason', 'demo: the VM is stopped for it']]) {
    const { command, output } = await operator.approvals(args);
    out.command(command, output);
  }

  out.step('The agent calls again with exactly the same arguments: the approved call runs, once');
  out.result(await call(client, 'reset_password_virtual_machine', reset, out));

  out.step('And once more: an approval is used once, so this repeat is refused and nothing is sent');
  out.result(await call(client, 'reset_password_virtual_machine', reset));

  out.step("CloudStack's own event log: the password was reset once");
  out.result(await call(client, 'list_events', { type: 'VM.RESETPASSWORD' }));
}

async function call(client: Client, name: string, args: Structured, progress?: Printer): Promise<CallToolResult> {
  const result = await client.callTool(
    { name, arguments: args },
    undefined,
    progress ? { onprogress: (p) => progress.progress(p.message ?? `${p.progress}`), resetTimeoutOnProgress: true } : undefined,
  );
  return result as CallToolResult;
}

function items(result: CallToolResult): Structured[] {
  const structured = result.structuredContent as { items?: Structured[] } | undefined;
  return structured?.items ?? [];
}
