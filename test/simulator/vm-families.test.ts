import { describe, expect, it } from 'vitest';
import { simulatorPerTest } from '../helpers/simulator.js';
import { call, runJob } from './helpers.js';

/** VM snapshots, templates from volumes and snapshots, ISOs, and the discovery lists. */
describe('VM families and discovery', () => {
  const sim = simulatorPerTest({ jobMs: 0 });
  const vm = (name: string) => sim.world.vms.find((v) => v.name === name)!;
  const job = (command: string, params: Record<string, string>, as: 'admin' | 'user' = 'admin') => runJob(sim, command, params, as);

  it('snapshots a VM, reverts to it (only to a matching type), deletes it; the newest is current', async () => {
    const target = vm('app-01');
    const disk = await job('createVMSnapshot', { virtualmachineid: target.id, name: 'before' }, 'user');
    expect(disk.jobresult.vmsnapshot).toMatchObject({ displayname: 'before', type: 'Disk', state: 'Ready', current: true, virtualmachinename: 'app-01', account: 'ops-user' });
    const memory = await job('createVMSnapshot', { virtualmachineid: target.id, name: 'with-memory', snapshotmemory: 'true' }, 'user');
    expect(memory.jobresult.vmsnapshot).toMatchObject({ type: 'DiskAndMemory', current: true, parent: disk.jobresult.vmsnapshot.id, parentName: 'before' });
    const listed = await call(sim, 'listVMSnapshot', { virtualmachineid: target.id }, { as: 'user' });
    expect(listed.inner.vmsnapshot.map((s: any) => [s.displayname, s.current])).toEqual([['before', false], ['with-memory', true]]);
    const wrongType = await job('revertToVMSnapshot', { vmsnapshotid: disk.jobresult.vmsnapshot.id }, 'user');
    expect(wrongType).toMatchObject({ jobstatus: 2, jobresultcode: 431 });
    expect(wrongType.jobresult.errortext).toContain('You can revert running VM to disk and memory type snapshot');
    const reverted = await job('revertToVMSnapshot', { vmsnapshotid: memory.jobresult.vmsnapshot.id }, 'user');
    expect(reverted.jobresult.virtualmachine).toMatchObject({ id: target.id, state: 'Running' });
    expect((await job('deleteVMSnapshot', { vmsnapshotid: memory.jobresult.vmsnapshot.id }, 'user')).jobresult).toEqual({ success: true });
    const left = await call(sim, 'listVMSnapshot', { virtualmachineid: target.id }, { as: 'user' });
    expect(left.inner.vmsnapshot).toMatchObject([{ displayname: 'before', current: true }]);
    const stoppedMemory = await job('createVMSnapshot', { virtualmachineid: vm('app-02').id, snapshotmemory: 'true' }, 'user');
    expect(stoppedMemory.jobresult.errortext).toBe('Can not snapshot memory when VM is not in Running state');
    const events = await call(sim, 'listEvents', {}, { as: 'user' });
    expect(events.inner.event.map((e: any) => e.type)).toEqual(expect.arrayContaining(['VMSNAPSHOT.CREATE', 'VMSNAPSHOT.REVERTTO', 'VMSNAPSHOT.DELETE']));
  });

  it('listVMSnapshot names each snapshot\'s VM, and an id of no such VM or snapshot is 431 entity does not exist, as the API layer answers', async () => {
    const web02 = vm('web-02');
    const [seeded] = sim.world.vmSnapshots;
    const byId = await call(sim, 'listVMSnapshot', { vmsnapshotid: seeded!.id.toUpperCase(), listall: 'true' });
    expect(byId.inner.vmsnapshot).toMatchObject([{ id: seeded!.id, virtualmachineid: web02.id, virtualmachinename: 'web-02' }]);
    const absent = '0e0e0e0e-1111-4222-8333-444444444444';
    for (const name of ['vmsnapshotid', 'virtualmachineid', 'vmsnapshotids']) {
      const answer = await call(sim, 'listVMSnapshot', { [name]: absent, listall: 'true' });
      expect(answer.status, name).toBe(431);
      expect(answer.inner.errortext).toContain(`Invalid parameter ${name} value=${absent}`);
      expect(answer.inner.errortext).toContain('entity does not exist');
    }
  });

  it('creates a template from a stopped VM\'s volume and from a snapshot; deletes it unless a VM uses it', async () => {
    const os = (await call(sim, 'listOsTypes', { keyword: 'ubuntu' })).inner.ostype[0];
    expect(os).toMatchObject({ description: 'Ubuntu 22.04 LTS', oscategoryname: 'Ubuntu', isuserdefined: false });
    const runningRoot = sim.world.volumes.find((v) => v.virtualmachineid === vm('app-01').id && v.type === 'ROOT')!;
    const running = await job('createTemplate', { name: 't', displaytext: 't', ostypeid: os.id, volumeid: runningRoot.id }, 'user');
    expect(running).toMatchObject({ jobstatus: 2, jobresultcode: 431 });
    const stoppedRoot = sim.world.volumes.find((v) => v.virtualmachineid === vm('app-02').id && v.type === 'ROOT')!;
    const fromVolume = await job('createTemplate', { name: 'app-golden', displaytext: 'golden', ostypeid: os.id, volumeid: stoppedRoot.id }, 'user');
    expect(fromVolume.jobresult.template).toMatchObject({ name: 'app-golden', ostypeid: os.id, ostypename: 'Ubuntu 22.04 LTS', ispublic: false, templatetype: 'USER', account: 'ops-user' });
    const snapshot = sim.world.snapshots.find((s) => s.accountid === vm('app-01').accountid)!;
    const fromSnapshot = await job('createTemplate', { name: 'from-snap', displaytext: 'from snapshot', ostypeid: os.id, snapshotid: snapshot.id }, 'user');
    expect(fromSnapshot.jobstatus).toBe(1);
    const both = await call(sim, 'createTemplate', { name: 'x', displaytext: 'x', ostypeid: os.id, snapshotid: snapshot.id, volumeid: stoppedRoot.id }, { as: 'user' });
    expect(both.status).toBe(431);
    const mine = await call(sim, 'listTemplates', { templatefilter: 'self' }, { as: 'user' });
    expect(mine.inner.template.map((t: any) => t.name).sort()).toEqual(['app-golden', 'from-snap', 'ops-app-image']);
    expect((await job('deleteTemplate', { id: fromVolume.jobresult.template.id }, 'user')).jobresult).toEqual({ success: true });
    const inUse = await job('deleteTemplate', { id: vm('app-01').templateid });
    expect(inUse.jobresult.errortext).toMatch(/^Unable to delete template with id: .* because VM instances: \[.*\] are using it\.$/);
  });

  it('lists ISOs by isofilter and attaches and detaches one', async () => {
    const executable = await call(sim, 'listIsos', { isofilter: 'executable' }, { as: 'user' });
    expect(executable.inner.iso.map((i: any) => i.name).sort()).toEqual(['ops-rescue.iso', 'ubuntu-22.04-live-server-amd64.iso', 'virtio-win.iso']);
    const featured = await call(sim, 'listIsos', { isofilter: 'featured' }, { as: 'user' });
    expect(featured.inner.iso).toMatchObject([{ name: 'ubuntu-22.04-live-server-amd64.iso', ostypename: 'Ubuntu 22.04 LTS', bootable: true, format: 'ISO' }]);
    const iso = featured.inner.iso[0];
    const attached = await job('attachIso', { id: iso.id, virtualmachineid: vm('app-01').id }, 'user');
    expect(attached.jobresult.virtualmachine).toMatchObject({ isoid: iso.id, isoname: iso.name });
    expect((await job('attachIso', { id: iso.id, virtualmachineid: vm('app-01').id }, 'user')).jobresultcode).toBe(431);
    expect((await job('detachIso', { virtualmachineid: vm('app-01').id }, 'user')).jobresult.virtualmachine.isoid).toBeUndefined();
    expect((await job('detachIso', { virtualmachineid: vm('app-01').id }, 'user')).jobresult.errortext).toBe('The specified VM has no ISO attached to it.');
    const own = await call(sim, 'listIsos', { isofilter: 'self' }, { as: 'user' });
    expect(own.inner.iso.map((i: any) => i.name)).toEqual(['ops-rescue.iso']);
    const privateIso = sim.world.isos.find((i) => i.name === 'ops-rescue.iso')!;
    privateIso.accountid = vm('web-01').accountid;
    const refused = await call(sim, 'attachIso', { id: privateIso.id, virtualmachineid: vm('app-01').id }, { as: 'user' });
    expect(refused.status).toBe(431);
  });

  it('deploys into an affinity group: host anti-affinity keeps the VM off its members\' hosts', async () => {
    const group = sim.world.affinityGroups[0]!;
    const template = sim.world.templates.find((t) => t.name === 'Ubuntu 22.04 LTS')!;
    const offering = sim.world.serviceOfferings.find((o) => !o.gpu && !o.iscustomized && o.storagetype === 'shared')!;
    const base = { zoneid: vm('web-01').zoneid, templateid: template.id, serviceofferingid: offering.id, networkids: vm('web-01').nics[0]!.networkid };
    // web-01 and web-02 hold both usable non-GPU hosts of the zone: nowhere is left.
    const full = await call(sim, 'deployVirtualMachine', { ...base, name: 'web-03', affinitygroupids: group.id });
    expect(full.status).toBe(533);
    group.virtualmachineids = [vm('web-01').id];
    const placed = await job('deployVirtualMachine', { ...base, name: 'web-03', affinitygroupnames: group.name });
    expect(placed.jobresult.virtualmachine.hostid).not.toBe(vm('web-01').hostid);
    expect(placed.jobresult.virtualmachine.affinitygroup).toMatchObject([{ id: group.id }]);
    expect(group.virtualmachineids).toContain(placed.jobresult.virtualmachine.id);
    const unknown = await call(sim, 'deployVirtualMachine', { ...base, name: 'web-04', affinitygroupnames: 'nope' });
    expect(unknown).toMatchObject({ status: 431, inner: { errortext: 'Unable to find affinity group by name nope' } });
  });

  it('lists affinity groups, projects, OS types, pods and offerings, scoped by account', async () => {
    const groups = await call(sim, 'listAffinityGroups', {});
    expect(groups.inner.affinitygroup).toMatchObject([{ name: 'web-anti-affinity', type: 'host anti-affinity', virtualmachineIds: [vm('web-01').id, vm('web-02').id] }]);
    expect((await call(sim, 'listAffinityGroups', {}, { as: 'user' })).inner).toEqual({});
    const web = (await call(sim, 'listVirtualMachines', { name: 'web-01' })).inner.virtualmachine[0];
    expect(web.affinitygroup).toMatchObject([{ name: 'web-anti-affinity', type: 'host anti-affinity' }]);
    expect((await call(sim, 'listProjects', {}, { as: 'user' })).inner.project).toMatchObject([{ name: 'ops-migration', state: 'Active', owner: [{ account: 'ops-user' }] }]);
    expect((await call(sim, 'listProjects', { listall: 'true' })).inner.count).toBe(2);
    expect((await call(sim, 'listOsTypes', {})).inner.count).toBe(6);
    const project = sim.world.projects.find((p) => p.name === 'ops-migration')!;
    expect((await call(sim, 'listVirtualMachines', { projectid: project.id }, { as: 'user' })).inner).toEqual({});
    const other = sim.world.projects.find((p) => p.name === 'platform')!;
    expect((await call(sim, 'listVirtualMachines', { projectid: other.id }, { as: 'user' })).status).toBe(531);
    expect((await call(sim, 'listPods', {})).inner.count).toBeGreaterThan(0);
    expect((await call(sim, 'listDiskOfferings', {}, { as: 'user' })).inner.count).toBeGreaterThan(0);
    expect((await call(sim, 'listNetworkOfferings', {}, { as: 'user' })).inner.count).toBeGreaterThan(0);
  });
});
