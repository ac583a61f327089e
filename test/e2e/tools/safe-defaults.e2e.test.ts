/**
 * The VM tools' defaults do what CloudStack does by default (issue 15): a stop is graceful and a destroy keeps
 * the VM recoverable. Asserted on what reached the simulated CloudStack, not on the tools' own view.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../../helpers/harness.js';
import { callOk, named } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => h.simulator.clearRequests());
const vm = (name: string) => named(h.simulator.world.vms, name);
const sent = (command: string) => h.simulator.requests.filter((request) => request.command === command).map((request) => request.params);

describe('safe defaults of the VM tools', () => {
  test('stop_virtual_machine without forced sends forced=false (a graceful stop)', async () => {
    await callOk(h.client, 'stop_virtual_machine', { id: vm('web-02').id });
    expect(sent('stopVirtualMachine')).toEqual([expect.objectContaining({ id: vm('web-02').id, forced: 'false' })]);
    expect(vm('web-02').state).toBe('Stopped');
    await callOk(h.client, 'start_virtual_machine', { id: vm('web-02').id });
  });

  test('stop_virtual_machine with forced=true still sends a hard power-off', async () => {
    await callOk(h.client, 'stop_virtual_machine', { id: vm('web-02').id, forced: true });
    expect(sent('stopVirtualMachine')).toEqual([expect.objectContaining({ forced: 'true' })]);
  });

  test('destroy_virtual_machine without expunge sends expunge=false and the VM stays recoverable as Destroyed', async () => {
    const { data } = await callOk(h.client, 'destroy_virtual_machine', { id: vm('app-02').id });
    expect(sent('destroyVirtualMachine')).toEqual([expect.objectContaining({ id: vm('app-02').id, expunge: 'false' })]);
    expect(sent('expungeVirtualMachine')).toEqual([]);
    expect(data.virtualmachine.state).toBe('Destroyed');
    expect(vm('app-02').state).toBe('Destroyed');
  });

  test('destroying an already Destroyed VM without expunge sends nothing that changes it', async () => {
    const { data } = await callOk(h.client, 'destroy_virtual_machine', { id: vm('app-02').id });
    expect(h.simulator.requests.map((request) => request.command)).toEqual(['listVirtualMachines']);
    expect(data.virtualmachine.state).toBe('Destroyed');
  });

  test('expunge=true is what removes a VM at once', async () => {
    const { data } = await callOk(h.client, 'destroy_virtual_machine', { id: vm('broken-01').id, expunge: true });
    expect(sent('destroyVirtualMachine')).toEqual([expect.objectContaining({ expunge: 'true' })]);
    expect(data.virtualmachine.state).toBe('Expunged');
  });
});
