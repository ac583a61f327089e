import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../../helpers/harness.js';
import { callFails, callOk, named } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
const world = () => h.simulator.world;
const vm = (name: string) => named(world().vms, name);

describe('virtual machine tools against the simulator', () => {
  test('list_virtual_machines filters by state', async () => {
    const { data, text } = await callOk(h.client, 'list_virtual_machines', { state: 'Running', listall: true });
    expect(data.items.length).toBeGreaterThan(0);
    expect(data.items.every((item: { state: string }) => item.state === 'Running')).toBe(true);
    expect(data.items.map((item: { name: string }) => item.name)).toContain('web-01');
    expect(text).toContain('web-01');
  });

  test('get_virtual_machine returns one VM, and an unknown id is an error', async () => {
    const { data } = await callOk(h.client, 'get_virtual_machine', { id: vm('web-01').id });
    expect(data.virtualmachine).toMatchObject({ id: vm('web-01').id, name: 'web-01' });
    const missing = await callFails(h.client, 'get_virtual_machine', { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.data.error.code).toBe('not_found');
  });

  test('stop_virtual_machine then start_virtual_machine change the VM state', async () => {
    const stopped = await callOk(h.client, 'stop_virtual_machine', { id: vm('web-02').id });
    expect(vm('web-02').state).toBe('Stopped');
    expect(stopped.text).toContain('Stopped');
    await callOk(h.client, 'start_virtual_machine', { id: vm('web-02').id });
    expect(vm('web-02').state).toBe('Running');
  });

  test('reboot_virtual_machine reboots the VM (CloudStack records VM.REBOOT) and leaves it running', async () => {
    const rebooted = () => world().events.filter((event) => event.type === 'VM.REBOOT' && event.resourceid === vm('web-01').id).length;
    const before = rebooted();
    const { data } = await callOk(h.client, 'reboot_virtual_machine', { id: vm('web-01').id });
    expect(rebooted()).toBe(before + 1);
    expect(vm('web-01').state).toBe('Running');
    expect(data.virtualmachine.state).toBe('Running');
  });

  test('scale_virtual_machine moves a running VM to a bigger dynamic offering', async () => {
    const medium = named(world().serviceOfferings, 'Medium Instance');
    await callOk(h.client, 'scale_virtual_machine', { id: vm('web-01').id, serviceofferingid: medium.id });
    expect(vm('web-01').serviceofferingid).toBe(medium.id);
  });

  test('change_service_offering_virtual_machine changes a stopped VM', async () => {
    const small = named(world().serviceOfferings, 'Small Instance');
    await callOk(h.client, 'change_service_offering_virtual_machine', { id: vm('db-01').id, serviceofferingid: small.id });
    expect(vm('db-01').serviceofferingid).toBe(small.id);
  });

  test('reset_password_virtual_machine resets the password (CloudStack records VM.RESETPASSWORD) and returns it once', async () => {
    const { data, text } = await callOk(h.client, 'reset_password_virtual_machine', { id: vm('dev-02').id });
    expect(world().events.some((event) => event.type === 'VM.RESETPASSWORD' && event.resourceid === vm('dev-02').id)).toBe(true);
    expect(data.virtualmachine.password).toMatch(/^\S{6,}$/);
    expect(text).toContain(`password (shown once, store it now; it is never logged): ${data.virtualmachine.password}`);
  });

  test('find_hosts_for_migration then migrate_virtual_machine moves the VM to the chosen host', async () => {
    const web02 = vm('web-02');
    const { data } = await callOk(h.client, 'find_hosts_for_migration', { virtualmachineid: web02.id });
    const target = data.items.find((host: { suitableformigration?: boolean; id: string }) => host.suitableformigration && host.id !== web02.hostid);
    expect(target, 'a suitable host').toBeDefined();
    await callOk(h.client, 'migrate_virtual_machine', { virtualmachineid: web02.id, hostid: target.id });
    expect(vm('web-02').hostid).toBe(target.id);
  });

  test('migrate_virtual_machine to storage needs a Stopped VM: the job failure is reported', async () => {
    const pool = world().storagePools[0]!;
    const failed = await callFails(h.client, 'migrate_virtual_machine', { virtualmachineid: vm('web-01').id, storageid: pool.id });
    expect(failed.text).toMatch(/not Stopped|Stopped/);
    expect(failed.data.error.code).toBeDefined();
  });

  test('deploy_virtual_machine in an Advanced zone without networkids uses the default isolated network; destroy with expunge=true expunges it', async () => {
    const zone = named(world().zones, 'zone-adv-1');
    const args = {
      zoneid: zone.id,
      serviceofferingid: named(world().serviceOfferings, 'Small Instance').id,
      templateid: named(world().templates, 'Ubuntu 22.04 LTS').id,
      name: 'e2e-new',
    };
    const { data } = await callOk(h.client, 'deploy_virtual_machine', args);
    const created = vm('e2e-new');
    expect(data.virtualmachine.id).toBe(created.id);
    expect(created.state).toBe('Running');
    expect(created.nics[0]?.networkid).toBe(named(world().networks, 'admin-net').id);

    const destroyed = await callOk(h.client, 'destroy_virtual_machine', { id: created.id, expunge: true });
    expect(destroyed.data.virtualmachine.state).toBe('Expunged');
    const left = world().vms.find((machine) => machine.id === created.id);
    expect(left === undefined || ['Expunging', 'Destroyed'].includes(left.state)).toBe(true);
  });

  test('destroy_virtual_machine works from any state: an Error VM, and a Destroyed VM that is then expunged', async () => {
    await callOk(h.client, 'destroy_virtual_machine', { id: vm('broken-01').id });
    expect(world().vms.find((machine) => machine.name === 'broken-01')?.state ?? 'gone').not.toBe('Error');

    const kept = await callOk(h.client, 'destroy_virtual_machine', { id: vm('app-02').id });
    expect(kept.data.virtualmachine.state).toBe('Destroyed');
    expect(vm('app-02').state).toBe('Destroyed');
    h.simulator.clearRequests();
    const expunged = await callOk(h.client, 'destroy_virtual_machine', { id: vm('app-02').id, expunge: true });
    expect(expunged.data.virtualmachine.state).toBe('Expunged');
    expect(h.simulator.requests.map((request) => request.command)).toContain('expungeVirtualMachine');
  });

  test('list_virtual_machine_metrics lists every VM with usage figures', async () => {
    const { data } = await callOk(h.client, 'list_virtual_machine_metrics', { listall: true });
    const live = world().vms.filter((machine) => machine.state !== 'Expunging');
    expect(data.count).toBe(live.length);
    expect(data.items.map((item: { id: string }) => item.id).sort()).toEqual(live.map((machine) => machine.id).sort());
    expect(data.items.every((item: { cpunumber?: number }) => typeof item.cpunumber === 'number')).toBe(true);
  });
});
