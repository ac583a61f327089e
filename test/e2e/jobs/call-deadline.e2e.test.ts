/**
 * The server bounds each tool call by CLOUDSTACK_MCP_MAX_WAIT (createServer's maxWaitMs), whatever the client's own
 * job timeout: a workflow's reads before its job and the job wait share that one deadline. Here the CloudStack
 * client would wait 10 s for the job; the server's 2 s limit answers first (room for the read on a loaded machine), with the job still running.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { allowAllPolicy } from '../../helpers/allow-all-policy.js';
import { startHarness, type Harness } from '../../helpers/harness.js';
import { callOk, named } from '../tools/support.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("one deadline per tool call (the server's MAX_WAIT)", () => {
  it('destroy (a read, then its job) returns the job still running when the call deadline passes', async () => {
    h = await startHarness({ policy: allowAllPolicy(), asyncTimeoutMs: 10_000, maxWaitMs: 2_000, simulator: { jobMs: 8_000 } });
    const vm = named(h.simulator.world.vms, 'dev-01');
    const result = await callOk(h.client, 'destroy_virtual_machine', { id: vm.id });
    expect(result.data.job).toMatchObject({ state: 'still_running', command: 'destroyVirtualMachine' });
    expect(result.text).toContain('is still running in CloudStack');
    // The workflow read the VM first, then sent the destroy once.
    expect(h.simulator.requests.filter((request) => request.command === 'destroyVirtualMachine')).toHaveLength(1);
  });

  it('without a server limit the same call waits for the job (the client alone bounds it)', async () => {
    h = await startHarness({ policy: allowAllPolicy(), asyncTimeoutMs: 10_000, simulator: { jobMs: 300 } });
    const vm = named(h.simulator.world.vms, 'dev-01');
    const result = await callOk(h.client, 'destroy_virtual_machine', { id: vm.id });
    expect(result.data.virtualmachine).toMatchObject({ id: vm.id, state: 'Destroyed' });
  });
});
