import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { simulatorPerTest } from '../helpers/simulator.js';
import { call, runJob } from './helpers.js';

/** The undo and clean-up commands: CloudStack's async flags, state rules, error codes and events. */
describe('undo and clean-up commands', () => {
  const sim = simulatorPerTest({ jobMs: 0 });
  const vm = (name: string) => sim.world.vms.find((v) => v.name === name)!;
  // The clean-up commands answer with the job id alone.
  const job = (command: string, params: Record<string, string>, as: 'admin' | 'user' = 'admin') =>
    runJob(sim, command, params, as, (inner) => expect(Object.keys(inner)).toEqual(['jobid']));
  const eventTypes = async () => (await call(sim, 'listEvents', { listall: 'true', pagesize: '-1' })).inner.event.map((e: any) => e.type);

  it('destroys a VM without expunge, leaves it Destroyed and recoverable, then Stopped; users may not recover', async () => {
    const target = vm('app-02');
    expect((await job('destroyVirtualMachine', { id: target.id })).jobresult.virtualmachine.state).toBe('Destroyed');
    const refused = await call(sim, 'recoverVirtualMachine', { id: target.id }, { as: 'user' });
    expect(refused).toMatchObject({ status: 531, inner: { errorcode: 531, cserrorcode: 4365 } });
    const recovered = await call(sim, 'recoverVirtualMachine', { id: target.id });
    expect(recovered.status).toBe(200);
    expect(recovered.inner.virtualmachine).toMatchObject({ id: target.id, state: 'Stopped' });
    const again = await call(sim, 'recoverVirtualMachine', { id: target.id });
    expect(again).toMatchObject({ status: 431, inner: { errortext: `Vm with id ${target.id} is not in the right state` } });
    expect(await eventTypes()).toContain('VM.RECOVER');
  });

  it('expunges a destroyed VM with its tags, port forwards and VM snapshots', async () => {
    const target = vm('web-02');
    await job('destroyVirtualMachine', { id: target.id });
    const own = vm('app-02');
    await job('destroyVirtualMachine', { id: own.id }, 'user');
    expect(await job('expungeVirtualMachine', { id: own.id }, 'user')).toMatchObject({ jobstatus: 2, jobresultcode: 531 });
    expect(await job('expungeVirtualMachine', { id: target.id })).toMatchObject({ jobstatus: 1, jobresult: { success: true } });
    expect(sim.world.vmSnapshots.some((s) => s.virtualmachineid === target.id)).toBe(false);
    expect((await call(sim, 'listVirtualMachines', { id: target.id })).inner).toEqual({});
  });

  it('creates, attaches, detaches and deletes a volume', async () => {
    const offering = (await call(sim, 'listDiskOfferings', {}, { as: 'user' })).inner.diskoffering.find((o: any) => !o.iscustomized);
    const created = await job('createVolume', { name: 'scratch', diskofferingid: offering.id, zoneid: vm('app-01').zoneid }, 'user');
    const id = created.jobresult.volume.id;
    expect((await job('attachVolume', { id, virtualmachineid: vm('app-01').id }, 'user')).jobresult.volume.virtualmachineid).toBe(vm('app-01').id);
    expect((await call(sim, 'deleteVolume', { id }, { as: 'user' })).status).toBe(431);
    expect((await job('detachVolume', { id }, 'user')).jobresult.volume.virtualmachineid).toBeUndefined();
    expect((await call(sim, 'deleteVolume', { id }, { as: 'user' })).inner).toEqual({ success: true });
  });

  it('deletes a detached volume synchronously and refuses an attached one with 431', async () => {
    const attached = sim.world.volumes.find((v) => v.name === 'app-01-data')!;
    const refused = await call(sim, 'deleteVolume', { id: attached.id }, { as: 'user' });
    expect(refused).toMatchObject({ status: 431, inner: { errortext: 'Please specify a volume that is not attached to any VM.' } });
    const free = sim.world.volumes.find((v) => v.name === 'ops-scratch')!;
    const deleted = await call(sim, 'deleteVolume', { id: free.id }, { as: 'user' });
    expect(deleted).toMatchObject({ status: 200, inner: { success: true } });
    expect((await call(sim, 'listVolumes', { id: free.id }, { as: 'user' })).inner).toEqual({});
    expect(await eventTypes()).toContain('VOLUME.DELETE');
  });

  it('deletes a snapshot through a job; a user cannot touch the admin\'s', async () => {
    const [adminSnap, opsSnap] = sim.world.snapshots;
    const foreign = await call(sim, 'deleteSnapshot', { id: adminSnap!.id }, { as: 'user' });
    expect(foreign.status).toBe(531);
    expect(await job('deleteSnapshot', { id: opsSnap!.id }, 'user')).toMatchObject({ jobstatus: 1, jobresult: { success: true } });
    expect(sim.world.snapshots.map((s) => s.id)).toEqual([adminSnap!.id]);
  });

  it('closes a firewall rule, disables static NAT, releases an IP but never the source NAT one', async () => {
    const rule = sim.world.firewallRules.find((r) => r.startport === 443)!;
    expect((await job('deleteFirewallRule', { id: rule.id }, 'user')).jobresult).toEqual({ success: true });
    const nat = sim.world.publicIps.find((ip) => ip.virtualmachineid === vm('app-01').id)!;
    expect((await job('disableStaticNat', { ipaddressid: nat.id }, 'user')).jobresult).toEqual({ success: true });
    const twice = await job('disableStaticNat', { ipaddressid: nat.id }, 'user');
    expect(twice).toMatchObject({ jobstatus: 2, jobresultcode: 431, jobresult: { errortext: 'Specified IP address id is not associated with any vm Id' } });
    expect((await job('disassociateIpAddress', { id: nat.id }, 'user')).jobstatus).toBe(1);
    const sourceNat = sim.world.publicIps.find((ip) => ip.accountid === nat.accountid && ip.issourcenat)!;
    expect(await job('disassociateIpAddress', { id: sourceNat.id }, 'user')).toMatchObject({ jobstatus: 2, jobresultcode: 431 });
    const types = await eventTypes();
    expect(types).toEqual(expect.arrayContaining(['FIREWALL.CLOSE', 'STATICNAT.DISABLE', 'NET.IPRELEASE']));
  });

  it('refuses to delete a network with VMs (530 Failed to delete network) and deletes an empty one', async () => {
    const busy = sim.world.networks.find((n) => n.name === 'ops-net')!;
    expect(await job('deleteNetwork', { id: busy.id }, 'user')).toMatchObject({ jobstatus: 2, jobresultcode: 530, jobresult: { errortext: 'Failed to delete network' } });
    const offering = sim.world.networkOfferings.find((o) => o.guestiptype === 'Isolated')!;
    const created = await call(sim, 'createNetwork', { name: 'tmp', networkofferingid: offering.id, zoneid: busy.zoneid }, { as: 'user' });
    expect((await job('deleteNetwork', { id: created.inner.network.id }, 'user')).jobresult).toEqual({ success: true });
    expect(sim.world.networks.some((n) => n.id === created.inner.network.id)).toBe(false);
  });

  it('revokes one security-group ingress rule', async () => {
    const group = sim.world.securityGroups.find((g) => g.accountid === vm('app-01').accountid)!;
    const ruleid = group.ingressrule[0]!.ruleid;
    expect((await job('revokeSecurityGroupIngress', { id: ruleid }, 'user')).jobresult).toEqual({ success: true });
    expect(group.ingressrule).toEqual([]);
    expect((await call(sim, 'revokeSecurityGroupIngress', { id: ruleid }, { as: 'user' })).status).toBe(431);
  });

  it('registers a public key (no private key in the answer) and deletes key pairs by name', async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const raw = der.subarray(der.length - 32);
    const type = Buffer.from('ssh-ed25519');
    const blob = Buffer.concat([Buffer.from([0, 0, 0, type.length]), type, Buffer.from([0, 0, 0, 32]), raw]);
    const line = `ssh-ed25519 ${blob.toString('base64')} me@laptop`;
    const registered = await call(sim, 'registerSSHKeyPair', { name: 'laptop', publickey: line }, { as: 'user' });
    expect(registered.status).toBe(200);
    expect(registered.inner.keypair).toMatchObject({ name: 'laptop', account: 'ops-user' });
    expect(registered.inner.keypair.privatekey).toBeUndefined();
    expect(registered.inner.keypair.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const duplicate = await call(sim, 'registerSSHKeyPair', { name: 'laptop2', publickey: line }, { as: 'user' });
    expect(duplicate.status).toBe(431);
    const invalid = await call(sim, 'registerSSHKeyPair', { name: 'bad', publickey: 'ssh-rsa not-a-key' }, { as: 'user' });
    expect(invalid).toMatchObject({ status: 431, inner: { errortext: 'Public key is invalid' } });
    expect((await call(sim, 'deleteSSHKeyPair', { name: 'laptop' }, { as: 'user' })).inner).toEqual({ success: true });
    const gone = await call(sim, 'deleteSSHKeyPair', { name: 'laptop' }, { as: 'user' });
    expect(gone.inner.errortext).toBe("A key pair with name 'laptop' does not exist for account ops-user in specified domain id");
    const forOps = await call(sim, 'deleteSSHKeyPair', { name: 'ops-key', account: 'ops-user', domainid: vm('app-01').domainid });
    expect(forOps.inner).toEqual({ success: true });
  });
});
