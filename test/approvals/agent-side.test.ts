/**
 * The agent's side: the pending result and its siblings, checked against every tool's real outputSchema with the
 * SDK's own validator (the one the SDK client applies), and get_approval over the real store.
 */
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { describe, expect, it } from 'vitest';
import { GET_APPROVAL_TOOL, type ApprovalToolContext } from '../../src/approvals/get-approval-tool.js';
import { approvalResult, type ApprovalNotice } from '../../src/approvals/pending-result.js';
import { createMemoryApprovalStore } from '../../src/approvals/store.js';
import type { ApprovalCall, ApprovalRecord } from '../../src/approvals/types.js';
import { silentLogger } from '../../src/logger.js';
import { TOOLS } from '../../src/tools/all.js';
import { ToolError } from '../../src/tools/tool-error.js';
import { toMcpTool } from '../../src/tools/tool-list.js';

const PAGE = 'http://127.0.0.1:3000/approvals';
const VM = { kind: 'virtualmachine' as const, id: 'vm-1', fields: { name: 'web-01', state: 'Running', tags: { env: 'prod' } } };
const destroy: ApprovalCall = { tool: 'destroy_virtual_machine', command: 'destroyVirtualMachine', params: { id: 'vm-1', expunge: true }, resource: VM };
const ask = { call: destroy, session: 's1', rule: '/tools/destroy_virtual_machine', reason: 'destroying a VM needs an operator' };
const T0 = Date.parse('2026-12-01T12:00:00Z');

function setup() {
  let clock = T0;
  const store = createMemoryApprovalStore({ now: () => clock });
  return { store, advance: (ms: number) => (clock += ms), now: () => clock };
}

describe('approval results for the agent', () => {
  it('pending: not an error, with the id, the page URL, the expiry and what to do next', async () => {
    const { store } = setup();
    const { approval } = await store.request(ask);
    const result = approvalResult({ status: 'pending', approval, created: true }, PAGE, T0);
    expect(result.isError).toBeUndefined();
    const text = (result.content[0] as { text: string }).text;
    expect(text).toBe(
      `[APPROVAL PENDING] destroy_virtual_machine on web-01 needs an operator's approval (destroying a VM needs an operator). Approval ${approval.id} ` +
        `is pending: a human approves or denies it at ${PAGE}/${approval.id} before 2026-12-01 12:15:00 UTC (in 15 min). Nothing was sent to ` +
        'CloudStack. Once it is approved, call destroy_virtual_machine again with exactly the same arguments; it then runs once. To check on it ' +
        `without calling again, use get_approval with id "${approval.id}".`,
    );
    expect(result.structuredContent).toEqual({
      policy: {
        decision: 'approval_pending',
        rule: '/tools/destroy_virtual_machine',
        reason: 'destroying a VM needs an operator',
        approval: {
          id: approval.id,
          status: 'pending',
          tool: 'destroy_virtual_machine',
          command: 'destroyVirtualMachine',
          resource: { kind: 'virtualmachine', id: 'vm-1', name: 'web-01' },
          url: `${PAGE}/${approval.id}`,
          expiresAt: '2026-12-01T12:15:00.000Z',
          expiresInSeconds: 900,
        },
      },
    });
    const again = approvalResult({ status: 'pending', approval, created: false }, PAGE, T0 + 60_000);
    expect((again.content[0] as { text: string }).text).toMatch(/^\[APPROVAL PENDING\] Still pending: .* expires at 2026-12-01 12:15:00 UTC \(in 14 min\)/);
  });

  it('denied, expired, used and cancelled are refusals that say why', async () => {
    const { store, advance } = setup();
    const texts: Record<string, string> = {};
    const record = async (session: string, act: (approval: ApprovalRecord) => Promise<unknown>) => {
      const { approval } = await store.request({ ...ask, session });
      await act(approval);
      const found = await store.consume(destroy, session);
      if (found.status === 'none') throw new Error('nothing found');
      const result = approvalResult(found as ApprovalNotice, PAGE, T0);
      expect(result.isError).toBe(true);
      texts[found.status] = (result.content[0] as { text: string }).text;
    };
    await record('a', (approval) => store.deny(approval.id, 'bob (web)', 'prod, wait for the window'));
    await record('b', () => store.cancelForTool('destroy_virtual_machine', 'the policy now denies destroy_virtual_machine'));
    await record('c', async (approval) => {
      await store.approve(approval.id, 'bob (web)');
      await store.consume(destroy, 'c');
    });
    await record('d', async () => advance(16 * 60_000));
    expect(texts.denied).toMatch(/^\[APPROVAL DENIED\] the operator bob \(web\) denied approval apr_\w+ for destroy_virtual_machine on web-01: "prod, wait for the window"/);
    expect(texts.cancelled).toMatch(/^\[APPROVAL CANCELLED\] .*: the policy now denies destroy_virtual_machine\. Nothing was sent/);
    expect(texts.used).toMatch(/^\[APPROVAL USED\] .* was already used at 2026-12-01 12:00:00 UTC: an approved call runs once/);
    expect(texts.expired).toMatch(/^\[APPROVAL EXPIRED\] .* expired at 2026-12-01 12:15:00 UTC without a decision/);
  });

  it("fits every tool's outputSchema, as the SDK client checks it", async () => {
    const { store } = setup();
    const { approval } = await store.request(ask);
    const validator = new AjvJsonSchemaValidator();
    for (const tool of TOOLS) {
      const schema = toMcpTool(tool).outputSchema;
      if (!schema) continue;
      const check = validator.getValidator(schema as never);
      for (const status of ['pending', 'denied'] as const) {
        const outcome = check(approvalResult({ status, approval }, PAGE, T0).structuredContent);
        expect(outcome.valid, `${tool.name} ${status}: ${outcome.errorMessage ?? ''}`).toBe(true);
      }
    }
  });
});

describe('get_approval', () => {
  const context = (store: ReturnType<typeof setup>['store'], now: () => number, sessionId?: string): ApprovalToolContext => ({
    api: undefined as never,
    logger: silentLogger,
    signal: new AbortController().signal,
    onProgress: () => {},
    ...(sessionId ? { sessionId } : {}),
    approvals: { store, pageUrl: PAGE, now },
  });
  const run = (ctx: ApprovalToolContext, id: string) => GET_APPROVAL_TOOL.run!(ctx, { id }, { tool: 'get_approval', command: '(local) get_approval', args: { id }, params: {}, reads: true });

  it('is read-only, validates the id, and says where the approval of this session stands', async () => {
    const { store, now } = setup();
    expect(GET_APPROVAL_TOOL.hints.readOnlyHint).toBe(true);
    expect(GET_APPROVAL_TOOL.input.safeParse({ id: 'vm-1' }).success).toBe(false);
    const { approval } = await store.request(ask);
    expect((await run(context(store, now, 's1'), approval.id)).text).toMatch(/^\[APPROVAL PENDING\] Still pending/);
    await store.approve(approval.id, 'alice (web)');
    const approved = await run(context(store, now, 's1'), approval.id);
    expect(approved.text).toBe(`Approval ${approval.id} for destroy_virtual_machine on web-01 was approved by alice (web). Call destroy_virtual_machine again now with exactly the same arguments: it runs once.`);
    expect(approved.structured).toMatchObject({ approval: { id: approval.id, status: 'approved', decidedBy: 'alice (web)' } });
  });

  it("answers another session's approval exactly like an unknown one, and refuses without a session", async () => {
    const { store, now } = setup();
    const { approval } = await store.request(ask);
    await expect(run(context(store, now, 's2'), approval.id)).rejects.toMatchObject({ code: 'approval_not_found' });
    await expect(run(context(store, now, 's2'), 'apr_000000000000')).rejects.toMatchObject({ code: 'approval_not_found' });
    await expect(run(context(store, now), approval.id)).rejects.toBeInstanceOf(ToolError);
  });
});
