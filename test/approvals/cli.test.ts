/** `cloudstack-mcp approvals` against a running approvals listener over real HTTP (the lead wires it into cli.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApprovalsCommand } from '../../src/approvals/cli.js';
import { createMemoryApprovalStore } from '../../src/approvals/store.js';
import type { ApprovalAuditEntry, ApprovalCall, ApprovalStore } from '../../src/approvals/types.js';
import { startApprovalListener, type RunningApprovalListener } from '../../src/approvals/web/listener.js';

const OPERATOR_TOKEN = 'operator-token-0123456789abcdef';
const MCP_TOKEN = 'mcp-bearer-token-0123456789abcdef';
const VM = { kind: 'virtualmachine' as const, id: 'vm-1', fields: { name: 'web-01', state: 'Running', tags: { env: 'prod' } } };
const call = (id: string): ApprovalCall => ({ tool: 'destroy_virtual_machine', command: 'destroyVirtualMachine', params: { id, expunge: true }, resource: { ...VM, id } });

let store: ApprovalStore;
let listener: RunningApprovalListener;
const audit: ApprovalAuditEntry[] = [];

async function run(argv: string[], env: Record<string, string | undefined> = { CLOUDSTACK_MCP_APPROVER_TOKEN: OPERATOR_TOKEN, USER: 'carol' }) {
  let stdout = '';
  let stderr = '';
  const code = await runApprovalsCommand(argv, env, { stdout: (text) => (stdout += `${text}\n`), stderr: (text) => (stderr += `${text}\n`) });
  return { code, stdout, stderr };
}

async function pending(id: string) {
  return (await store.request({ call: call(id), session: 's1', rule: '/tools/destroy_virtual_machine', reason: 'needs an operator' })).approval;
}

beforeAll(async () => {
  store = createMemoryApprovalStore({ audit: (entry) => audit.push(entry) });
  listener = await startApprovalListener({ port: 0, store, approverToken: OPERATOR_TOKEN, refusedTokens: [MCP_TOKEN] });
});

afterAll(async () => {
  await listener?.close();
});

describe('cloudstack-mcp approvals', () => {
  it('lists pending approvals with the resource name, and the server audits that they were shown', async () => {
    const approval = await pending('vm-list');
    const { code, stdout } = await run(['list', '--url', listener.url]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`${approval.id}\\s+pending\\s+destroy_virtual_machine\\s+web-01\\s+expires in 15 min\\s+needs an operator`));
    expect(audit).toContainEqual(expect.objectContaining({ event: 'approval_shown', approval: approval.id, by: 'carol (cli)' }));
    const json = await run(['list', '--json', '--url', listener.url]);
    expect(JSON.parse(json.stdout).approvals[0]).toMatchObject({ id: approval.id, status: 'pending' });
  });

  it('approves, as the named operator, and the approval is then usable once by its session', async () => {
    const approval = await pending('vm-approve');
    const { code, stdout } = await run(['approve', approval.id, '--reason', 'change 4711', '--by', 'dave', '--url', listener.url]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Approved ${approval.id} (destroy_virtual_machine on web-01), by dave (cli): change 4711`);
    expect((await store.consume(call('vm-approve'), 's1')).status).toBe('approved');
    // Deciding it again is refused: it is used.
    const again = await run(['deny', approval.id, '--reason', 'too late', '--url', listener.url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`approval ${approval.id} is used, not pending`);
  });

  it('denies with the reason the agent is told', async () => {
    const approval = await pending('vm-deny');
    const { code, stdout } = await run(['deny', approval.id, '--reason', 'not during business hours', '--url', listener.url]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Denied ${approval.id}`);
    expect(await store.consume(call('vm-deny'), 's1')).toMatchObject({ status: 'denied', approval: { decidedBy: 'carol (cli)', decisionReason: 'not during business hours' } });
  });

  it('exits 1 for an unknown id, a wrong token, the MCP token, or no server', async () => {
    expect(await run(['approve', 'apr_000000000000', '--url', listener.url])).toMatchObject({ code: 1, stderr: expect.stringContaining('no approval apr_000000000000') });
    const wrong = await run(['list', '--url', listener.url], { CLOUDSTACK_MCP_APPROVER_TOKEN: 'not-the-operator-token' });
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('the operator token is not valid') });
    const agent = await run(['list', '--url', listener.url], { CLOUDSTACK_MCP_APPROVER_TOKEN: MCP_TOKEN });
    expect(agent).toMatchObject({ code: 1, stderr: expect.stringContaining('the MCP bearer token is not an operator credential') });
    const gone = await startApprovalListener({ port: 0, store, approverToken: OPERATOR_TOKEN });
    await gone.close();
    const closed = await run(['list', '--url', gone.url]);
    expect(closed).toMatchObject({ code: 1, stderr: expect.stringContaining(`cannot reach ${gone.url} (ECONNREFUSED)`) });
  });

  it('exits 2 for usage and configuration mistakes, before any request', async () => {
    const fail = (argv: string[], env?: Record<string, string | undefined>) => run(argv, env);
    expect(await fail(['list'], {})).toMatchObject({ code: 2, stderr: expect.stringContaining('CLOUDSTACK_MCP_APPROVER_TOKEN is not set') });
    expect(await fail(['deny', 'apr_1'])).toMatchObject({ code: 2, stderr: expect.stringContaining('deny needs --reason') });
    expect(await fail(['approve'])).toMatchObject({ code: 2, stderr: expect.stringContaining('approve takes one approval id') });
    expect(await fail(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown command 'frobnicate'") });
    expect(await fail(['list', '--colour'])).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--colour'") });
    expect(await fail(['list', '--url', 'http://ops.example.com/approvals'])).toMatchObject({ code: 2, stderr: expect.stringContaining('refusing to send the operator token over plain http') });
    expect(await run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: cloudstack-mcp approvals') });
  });
});
