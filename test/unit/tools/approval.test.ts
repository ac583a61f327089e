import type { ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Admission, ApprovalAnswer, PolicyGate } from '../../../src/policy/types.js';
import { approvalMessage } from '../../../src/tools/approval.js';
import { allowAllPolicy } from '../../helpers/allow-all-policy.js';
import { connect, textOf, type Connected } from './connect.js';
import { fakeApi } from './fake-api.js';

const VM = '6f9619ff-8b86-4011-b42d-00cf4fc964ff';
let session: Connected | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** A policy that asks for approval on every call and refuses unless the answer is 'accept'. */
function approvalPolicy(answers: ApprovalAnswer[]): PolicyGate {
  return {
    ...allowAllPolicy(),
    admit: async (call, askApproval): Promise<Admission> => {
      const answer = await askApproval({ tool: call.tool, args: call.args, reason: 'destructive tools need a human', approver: 'client' });
      answers.push(answer);
      return answer === 'accept'
        ? { allowed: true, finish: () => {} }
        : { allowed: false, refusal: { decision: 'approval_declined', rule: '/tools/x/approval', reason: `approval ${answer}` } };
    },
  };
}

const stopApi = () => fakeApi({ stopVirtualMachine: { virtualmachine: { id: VM, state: 'Stopped' } } });

describe('approval by elicitation', () => {
  test.each<[string, ElicitResult, ApprovalAnswer]>([
    ['accept + approve', { action: 'accept', content: { approve: true } }, 'accept'],
    ['accept without approve', { action: 'accept', content: { approve: false } }, 'decline'],
    ['decline', { action: 'decline' }, 'decline'],
    ['cancel', { action: 'cancel' }, 'cancel'],
  ])('%s', async (_label, reply, expected) => {
    const answers: ApprovalAnswer[] = [];
    const messages: string[] = [];
    const api = stopApi();
    session = await connect({
      api,
      policy: approvalPolicy(answers),
      onElicit: (request) => {
        messages.push(String(request.params.message));
        return reply;
      },
    });
    const result = await session.client.callTool({ name: 'stop_virtual_machine', arguments: { id: VM } });
    expect(answers).toEqual([expected]);
    expect(messages[0]).toContain('stop_virtual_machine');
    expect(messages[0]).toContain(VM);
    expect(messages[0]).toContain('destructive tools need a human');
    expect(Boolean(result.isError)).toBe(expected !== 'accept');
    expect(api.calls.length).toBe(expected === 'accept' ? 1 : 0);
  });

  test('a client without elicitation gets "unsupported"', async () => {
    const answers: ApprovalAnswer[] = [];
    session = await connect({ api: stopApi(), policy: approvalPolicy(answers) });
    const result = await session.client.callTool({ name: 'stop_virtual_machine', arguments: { id: VM } });
    expect(answers).toEqual(['unsupported']);
    expect(textOf(result)).toBe('[POLICY DENIED] approval unsupported');
  });

  test('no answer in time is a "timeout"', async () => {
    const answers: ApprovalAnswer[] = [];
    session = await connect({ api: stopApi(), policy: approvalPolicy(answers), onElicit: () => new Promise<ElicitResult>(() => {}) });
    await session.client.callTool({ name: 'stop_virtual_machine', arguments: { id: VM } });
    expect(answers).toEqual(['timeout']);
  });

  test('cancelling the call withdraws the question: "cancel" at once, nothing sent even if the human answers later', async () => {
    const answers: ApprovalAnswer[] = [];
    const api = stopApi();
    let approveLater: ((result: ElicitResult) => void) | undefined;
    session = await connect({
      api,
      policy: approvalPolicy(answers),
      onElicit: () => new Promise<ElicitResult>((resolve) => (approveLater = resolve)),
    });
    const controller = new AbortController();
    const call = session.client.callTool({ name: 'stop_virtual_machine', arguments: { id: VM } }, undefined, { signal: controller.signal });
    await vi.waitFor(() => expect(approveLater).toBeDefined());
    const cancelled = Date.now();
    controller.abort();
    await expect(call).rejects.toThrow();
    await vi.waitFor(() => expect(answers).toEqual(['cancel']), { timeout: 500 });
    expect(Date.now() - cancelled).toBeLessThan(500);
    approveLater?.({ action: 'accept', content: { approve: true } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answers).toEqual(['cancel']);
    expect(api.calls).toEqual([]);
  });

  test('the approval message shows the exact arguments with secrets redacted', () => {
    const message = approvalMessage({ tool: 't', args: { id: VM, password: 'hunter2', userdata: 'c2VjcmV0' }, reason: 'r' });
    expect(message).toContain(VM);
    expect(message).not.toMatch(/hunter2|c2VjcmV0/);
  });

  test('the approval message shows the resolved resource and destination next to the arguments', () => {
    const HOST = '0b0c3f4e-1d6a-4c1e-9a55-1c2a3b4c5d6e';
    const message = approvalMessage({
      tool: 'migrate_virtual_machine',
      command: 'migrateVirtualMachine',
      args: { virtualmachineid: VM, hostid: HOST },
      reason: 'production VMs move with a human watching',
      resource: { kind: 'virtualmachine', id: VM, name: 'db-01', state: 'Running', zone: 'zone-1', account: 'ops', domain: 'ROOT', tags: { env: 'prod', team: 'db' } },
      target: { kind: 'host', id: HOST, name: 'kvm-2', state: 'Up' },
    });
    expect(message).toContain('Approve migrate_virtual_machine (CloudStack migrateVirtualMachine)?');
    expect(message).toContain(`Acts on: virtualmachine db-01 (${VM}), state Running, zone zone-1, account ops (ROOT), tags env=prod, team=db`);
    expect(message).toContain(`Destination: host kvm-2 (${HOST}), state Up, no tags`);
    expect(message.indexOf('Acts on:')).toBeLessThan(message.indexOf('Arguments:'));
    expect(message).toContain(`"hostid": "${HOST}"`);
  });
});
