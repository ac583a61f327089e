import { beforeEach, describe, expect, it } from 'vitest';
import { simulatorPerTest } from '../helpers/simulator.js';
import { call } from './helpers.js';

/** A simulator on a hand-driven clock: jobs last 60 s of simulated time and end when the test moves the clock. */
describe('VM, volume and job state machines', () => {
  let clock = 0;
  // Declared before the simulator's hook, so it runs first (vitest runs before-hooks in order): the world is
  // seeded at the clock's time when the simulator starts.
  beforeEach(() => {
    clock = Date.parse('2026-03-01T10:00:00Z');
  });
  const sim = simulatorPerTest({ jobMs: 60_000, now: () => new Date(clock) });

  const at = () => ({ now: new Date(clock) });
  const vmNamed = (name: string) => sim.world.vms.find((v) => v.name === name)!;
  const job = async (jobid: string) => (await call(sim, 'queryAsyncJobResult', { jobid }, at())).inner;
  async function runJob(command: string, params: Record<string, string>): Promise<Record<string, any>> {
    const accepted = await call(sim, command, params, at());
    expect(accepted.status).toBe(200);
    clock += 61_000;
    return job(accepted.inner.jobid);
  }

  it('runs a job 0 → 1 with the transitional state visible meanwhile, and lists it', async () => {
    const vm = vmNamed('db-01');
    const accepted = await call(sim, 'startVirtualMachine', { id: vm.id }, at());
    const pending = await job(accepted.inner.jobid);
    expect(pending).toMatchObject({ jobstatus: 0, jobprocstatus: 0, jobresultcode: 0, jobinstancetype: 'VirtualMachine', jobinstanceid: vm.id, cmd: 'org.apache.cloudstack.api.command.user.vm.StartVMCmd' });
    expect(pending.jobresult).toBeUndefined();
    expect((await call(sim, 'listVirtualMachines', { id: vm.id }, at())).inner.virtualmachine[0].state).toBe('Starting');
    clock += 61_000;
    const done = await job(accepted.inner.jobid);
    expect(done).toMatchObject({ jobstatus: 1, jobresulttype: 'object', jobresult: { virtualmachine: { id: vm.id, state: 'Running', hostname: 'kvm-a1-01' } } });
    expect(done.completed).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const jobs = await call(sim, 'listAsyncJobs', {}, at());
    expect(jobs.inner.asyncjobs.map((j: any) => j.jobid)).toContain(accepted.inner.jobid);
    const events = await call(sim, 'listEvents', { type: 'VM.START', startdate: '2026-03-01' }, at());
    expect(events.inner.event[0].description).toContain('db-01');
  });

  it('stops, reboots only Running VMs, destroys and expunges', async () => {
    const vm = vmNamed('web-02');
    expect((await runJob('stopVirtualMachine', { id: vm.id })).jobresult.virtualmachine).toMatchObject({ state: 'Stopped' });
    expect(vm.hostid).toBeUndefined();
    const reboot = await runJob('rebootVirtualMachine', { id: vm.id });
    expect(reboot).toMatchObject({ jobstatus: 2, jobresultcode: 431 });
    expect((await runJob('destroyVirtualMachine', { id: vm.id })).jobresult.virtualmachine.state).toBe('Destroyed');
    expect((await runJob('destroyVirtualMachine', { id: vm.id })).jobstatus).toBe(2);
    const error = vmNamed('broken-01');
    expect((await runJob('expungeVirtualMachine', { id: error.id })).jobresult.errortext).toContain('Please destroy vm');
    expect((await runJob('expungeVirtualMachine', { id: vm.id })).jobresult).toEqual({ success: true });
    expect(sim.world.vms.some((v) => v.id === vm.id)).toBe(false);
    expect(sim.world.volumes.some((v) => v.virtualmachineid === vm.id && v.type === 'ROOT')).toBe(false);
    expect((await runJob('destroyVirtualMachine', { id: error.id, expunge: 'true' })).jobstatus).toBe(1);
    expect(sim.world.vms.some((v) => v.id === error.id)).toBe(false);
  });

  it('scales only dynamically scalable VMs live; changes offering only when Stopped', async () => {
    const offerings = sim.world.serviceOfferings;
    const medium = offerings.find((o) => o.name === 'Medium Instance')!;
    const fixed = offerings.find((o) => o.name === 'Large Fixed')!;
    const web = vmNamed('web-01');
    expect((await runJob('scaleVirtualMachine', { id: web.id, serviceofferingid: fixed.id })).jobresult.errortext).toContain('dynamic scaling is not enabled for the service offering Large Fixed');
    expect((await runJob('scaleVirtualMachine', { id: web.id, serviceofferingid: medium.id })).jobresult).toEqual({ success: true });
    expect(web).toMatchObject({ cpunumber: 2, memory: 4096, serviceofferingid: medium.id });

    const running = await call(sim, 'changeServiceForVirtualMachine', { id: web.id, serviceofferingid: fixed.id }, at());
    expect(running.status).toBe(431);
    expect(running.inner.errortext).toContain('make sure the virtual machine is stopped');
    const stopped = vmNamed('db-01');
    const changed = await call(sim, 'changeServiceForVirtualMachine', { id: stopped.id, serviceofferingid: medium.id }, at());
    expect(changed.inner.virtualmachine).toMatchObject({ serviceofferingname: 'Medium Instance', memory: 4096 });
  });

  it('resets passwords of Stopped VMs on password-enabled templates only', async () => {
    expect((await runJob('resetPasswordForVirtualMachine', { id: vmNamed('web-01').id })).jobstatus).toBe(2);
    expect((await runJob('resetPasswordForVirtualMachine', { id: vmNamed('db-01').id })).jobresult.errortext).toContain('not password enabled');
    const done = await runJob('resetPasswordForVirtualMachine', { id: vmNamed('app-02').id });
    expect(done.jobresult.virtualmachine.password).toMatch(/.{8,}/);
  });

  it('deploys into the account network, creates volumes, and refuses duplicate names', async () => {
    const zone = sim.world.zones[0]!;
    const template = sim.world.templates[0]!;
    const offering = sim.world.serviceOfferings[0]!;
    const disk = sim.world.diskOfferings[0]!;
    const accepted = await call(sim, 'deployVirtualMachine', { zoneid: zone.id, templateid: template.id, serviceofferingid: offering.id, name: 'new-01', diskofferingid: disk.id }, { ...at(), as: 'user' });
    expect(accepted.inner.id).toMatch(/^[0-9a-f-]{36}$/);
    clock += 61_000;
    const done = (await call(sim, 'queryAsyncJobResult', { jobid: accepted.inner.jobid }, { ...at(), as: 'user' })).inner;
    expect(done.jobresult.virtualmachine).toMatchObject({ name: 'new-01', state: 'Running', account: 'ops-user' });
    expect(done.jobresult.virtualmachine.nic[0].networkname).toBe('ops-net');
    expect(sim.world.volumes.filter((v) => v.virtualmachineid === accepted.inner.id).map((v) => v.type).sort()).toEqual(['DATADISK', 'ROOT']);
    const events = (await call(sim, 'listEvents', { type: 'VM.CREATE' }, { ...at(), as: 'user' })).inner.event;
    expect(events.filter((event: any) => event.resourceid === accepted.inner.id)).toHaveLength(1);
    const again = await call(sim, 'deployVirtualMachine', { zoneid: zone.id, templateid: template.id, serviceofferingid: offering.id, name: 'new-01' }, { ...at(), as: 'user' });
    expect(again.status).toBe(431);
  });

  it('attaches, refuses to detach ROOT, detaches data disks, and resizes with shrinkok', async () => {
    const scratch = sim.world.volumes.find((v) => v.name === 'ops-scratch')!;
    const app = vmNamed('app-02');
    const attached = await runJob('attachVolume', { id: scratch.id, virtualmachineid: app.id });
    expect(attached.jobresult.volume).toMatchObject({ virtualmachineid: app.id, vmname: 'app-02', deviceid: 1 });
    expect((await runJob('attachVolume', { id: scratch.id, virtualmachineid: app.id })).jobstatus).toBe(2);
    const root = sim.world.volumes.find((v) => v.virtualmachineid === app.id && v.type === 'ROOT')!;
    const rootDetach = await runJob('detachVolume', { id: root.id });
    expect(rootDetach).toMatchObject({ jobstatus: 2, jobresultcode: 431 });
    expect(root.virtualmachineid).toBe(app.id);
    expect((await runJob('detachVolume', { virtualmachineid: app.id, deviceid: '1' })).jobresult.volume.virtualmachineid).toBeUndefined();
    const shrink = await runJob('resizeVolume', { id: scratch.id, size: '2' });
    expect(shrink.jobresult.errortext).toContain('shrinkok');
    expect((await runJob('resizeVolume', { id: scratch.id, size: '2', shrinkok: 'true' })).jobresult.volume.size).toBe(2 * 1024 ** 3);
    const snapshot = await runJob('createSnapshot', { volumeid: scratch.id });
    expect(snapshot.jobresult.snapshot).toMatchObject({ volumeid: scratch.id, state: 'BackedUp' });
  });

  it('creates SSH key pairs once per name and returns the private key only at creation', async () => {
    const created = await call(sim, 'createSSHKeyPair', { name: 'new-key' }, at());
    expect(created.inner.keypair.privatekey).toContain('PRIVATE KEY');
    expect((await call(sim, 'createSSHKeyPair', { name: 'new-key' }, at())).status).toBe(431);
    const listed = await call(sim, 'listSSHKeyPairs', { name: 'new-key' }, at());
    expect(listed.inner.sshkeypair[0]).not.toHaveProperty('privatekey');
  });
});
