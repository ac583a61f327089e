import { beforeEach, describe, expect, it } from 'vitest';
import { simulatorPerTest } from '../helpers/simulator.js';
import { call } from './helpers.js';

describe('migrateVirtualMachine and findHostsForMigration', () => {
  let clock = 0;
  // Declared before the simulator's hook, so it runs first (vitest runs before-hooks in order): the world is
  // seeded at the clock's time when the simulator starts.
  beforeEach(() => {
    clock = Date.parse('2026-03-01T10:00:00Z');
  });
  const sim = simulatorPerTest({ jobMs: 30_000, now: () => new Date(clock) });

  const at = () => ({ now: new Date(clock) });
  const vm = (name: string) => sim.world.vms.find((v) => v.name === name)!;
  const host = (name: string) => sim.world.hosts.find((h) => h.name === name)!;
  async function migrate(params: Record<string, string>) {
    const accepted = await call(sim, 'migrateVirtualMachine', params, at());
    return accepted;
  }
  async function finished(jobid: string) {
    clock += 31_000;
    return (await call(sim, 'queryAsyncJobResult', { jobid }, at())).inner;
  }

  it('live-migrates a Running VM: Migrating during the job, then Running on the target', async () => {
    const web = vm('web-01');
    const accepted = await migrate({ virtualmachineid: web.id, hostid: host('kvm-a1-02').id });
    expect(Object.keys(accepted.inner)).toEqual(['jobid']);
    expect((await call(sim, 'listVirtualMachines', { id: web.id }, at())).inner.virtualmachine[0].state).toBe('Migrating');
    const done = await finished(accepted.inner.jobid);
    expect(done).toMatchObject({ jobstatus: 1, cmd: 'org.apache.cloudstack.api.command.admin.vm.MigrateVMCmd', jobresult: { virtualmachine: { state: 'Running', hostname: 'kvm-a1-02' } } });
    expect(web.hostid).toBe(host('kvm-a1-02').id);
  });

  const failures: [string, () => Record<string, string>, string][] = [
    ['a Stopped VM with hostid', () => ({ virtualmachineid: vm('db-01').id, hostid: host('kvm-a1-02').id }), 'VM is not Running, unable to migrate the vm with specified id'],
    ['a Running VM with storageid', () => ({ virtualmachineid: vm('web-01').id, storageid: sim.world.storagePools[1]!.id }), 'VM is not Stopped, unable to migrate the vm having the specified id'],
    ['the current host', () => ({ virtualmachineid: vm('web-01').id, hostid: host('kvm-a1-01').id }), 'same as the current host'],
    ['a host in Maintenance', () => ({ virtualmachineid: vm('web-01').id, hostid: host('kvm-a1-03').id }), 'not Enabled'],
    ['a Disconnected host', () => ({ virtualmachineid: vm('web-01').id, hostid: host('kvm-a1-04').id }), 'not Up'],
    ['a host without the VM storage', () => ({ virtualmachineid: vm('web-01').id, hostid: host('kvm-a2-01').id }), 'migrateVirtualMachineWithVolume'],
    ['a GPU VM to a host without GPU', () => ({ virtualmachineid: vm('gpu-01').id, hostid: host('kvm-a1-02').id }), 'requires a GPU'],
  ];
  for (const [name, params, text] of failures) {
    it(`accepts the call, then fails the job for ${name}`, async () => {
      const before = vm('web-01').hostid;
      const accepted = await migrate(params());
      expect(accepted.status).toBe(200);
      const done = await finished(accepted.inner.jobid);
      expect(done).toMatchObject({ jobstatus: 2, jobresultcode: 431, jobresult: { errorcode: 431 } });
      expect(done.jobresult.errortext).toContain(text);
      expect(vm('web-01').hostid).toBe(before);
      expect(vm('web-01').state).toBe('Running');
    });
  }

  it('refuses hostid with storageid, and autoselect=false without either, in the call itself', async () => {
    const both = await migrate({ virtualmachineid: vm('db-01').id, hostid: host('kvm-a1-02').id, storageid: sim.world.storagePools[0]!.id });
    expect(both.status).toBe(431);
    expect(both.inner.errortext).toBe('Only one of hostId and storageId can be specified');
    expect((await migrate({ virtualmachineid: vm('web-01').id, autoselect: 'false' })).status).toBe(431);
    expect(sim.world.jobs).toHaveLength(0);
  });

  it('picks a suitable host when neither hostid nor storageid is given', async () => {
    const accepted = await migrate({ virtualmachineid: vm('web-01').id });
    expect((await finished(accepted.inner.jobid)).jobresult.virtualmachine.hostname).toBe('kvm-a1-02');
  });

  it('migrates a Stopped VM to another storage pool', async () => {
    const db = vm('db-01');
    const pool = sim.world.storagePools.find((p) => p.name === 'nfs-a2')!;
    const done = await finished((await migrate({ virtualmachineid: db.id, storageid: pool.id })).inner.jobid);
    expect(done.jobstatus).toBe(1);
    expect(sim.world.volumes.filter((v) => v.virtualmachineid === db.id).every((v) => v.storageid === pool.id)).toBe(true);
  });

  it('findHostsForMigration agrees with the migration rules and excludes the current host', async () => {
    const web = vm('web-01');
    const found = await call(sim, 'findHostsForMigration', { virtualmachineid: web.id }, at());
    const byName = Object.fromEntries(found.inner.host.map((h: any) => [h.name, [h.suitableformigration, h.requiresStorageMotion]]));
    expect(byName).toEqual({
      'kvm-a1-02': [true, false],
      'kvm-a1-03': [false, false],
      'kvm-a1-04': [false, false],
      'kvm-a2-01': [false, true],
    });
    expect(found.inner.count).toBe(4);
    for (const candidate of found.inner.host) {
      const accepted = await migrate({ virtualmachineid: web.id, hostid: candidate.id });
      const done = await finished(accepted.inner.jobid);
      expect(done.jobstatus).toBe(candidate.suitableformigration ? 1 : 2);
      if (done.jobstatus === 1) break;
    }
  });

  it('migrateVirtualMachineWithVolume moves the volumes to a host in another cluster', async () => {
    const web = vm('web-01');
    const accepted = await call(sim, 'migrateVirtualMachineWithVolume', { virtualmachineid: web.id, hostid: host('kvm-a2-01').id }, at());
    const done = await finished(accepted.inner.jobid);
    expect(done.jobresult.virtualmachine.hostname).toBe('kvm-a2-01');
    expect(sim.world.volumes.find((v) => v.virtualmachineid === web.id)!.storageid).toBe(sim.world.storagePools.find((p) => p.name === 'nfs-a2')!.id);
  });
});
