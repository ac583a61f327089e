import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandSpec } from '../../src/cloudstack/catalog.js';
import { buildCommandTable } from '../../src/simulator/commands/index.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { call, waitJob } from './helpers.js';

/** The simulator's own commands agree with the catalog: async flag, list key and the fields of list items. */
describe('simulated commands against the catalog', () => {
  const table = buildCommandTable();
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobMs: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('models only catalogued commands, each async exactly when the catalog says so', () => {
    const disagreeing = [...table].filter(([name, entry]) => {
      const spec = commandSpec(name);
      return !spec || spec.async !== (entry.kind === 'async');
    }).map(([name]) => name);
    expect(disagreeing).toEqual([]);
  });

  const lists = [...table.keys()].filter((name) => name.startsWith('list') && commandSpec(name)!.required.length === 0);

  it.each(lists)('%s answers under the catalog list key with documented fields only', async (name) => {
    const spec = commandSpec(name)!;
    const { status, inner } = await call(sim, name, 'listall' in spec.params ? { listall: 'true' } : {});
    expect(status).toBe(200);
    const keys = Object.keys(inner).filter((key) => key !== 'count');
    expect(keys).toEqual(inner.count === undefined ? [] : [spec.listKey]);
    const undocumented = new Set<string>();
    for (const item of (inner[spec.listKey!] ?? []) as Record<string, unknown>[]) {
      for (const field of Object.keys(item)) if (!(field in spec.responseFields)) undocumented.add(field);
    }
    expect([...undocumented]).toEqual([]);
  });
});

/** What the family commands answer (a job's result object, or a sync answer) carries documented fields only. */
describe('family answers against the catalog', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ jobMs: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });
  const vm = (name: string) => sim.world.vms.find((v) => v.name === name)!;
  async function answer(command: string, params: Record<string, string>): Promise<Record<string, any>> {
    const accepted = await call(sim, command, params);
    expect(accepted.status, JSON.stringify(accepted.inner)).toBe(200);
    if (!commandSpec(command)!.async) return accepted.inner;
    const done = await waitJob(sim, accepted.inner.jobid);
    expect(done.jobstatus, JSON.stringify(done.jobresult)).toBe(1);
    return done.jobresult;
  }
  function undocumented(command: string, object: Record<string, unknown>): string[] {
    const fields = commandSpec(command)!.responseFields;
    return Object.keys(object).filter((field) => !(field in fields));
  }

  it('port forwarding, load balancer, VPC, egress, VM snapshot, template, ISO and recover answers', async () => {
    const freeIp = sim.world.publicIps.find((ip) => !ip.issourcenat && !ip.virtualmachineid && ip.accountid === vm('web-01').accountid)
      ?? (await answer('associateIpAddress', { networkid: vm('web-01').nics[0]!.networkid })).ipaddress;
    const os = sim.world.osTypes[0]!;
    const stoppedRoot = sim.world.volumes.find((v) => v.virtualmachineid === vm('db-01').id && v.type === 'ROOT')!;
    const iso = sim.world.isos.find((i) => i.isfeatured)!;
    const cases: [string, Record<string, string>, string][] = [
      ['createPortForwardingRule', { ipaddressid: freeIp.id, protocol: 'tcp', publicport: '2022', privateport: '22', virtualmachineid: vm('web-01').id }, 'portforwardingrule'],
      ['createLoadBalancerRule', { publicipid: freeIp.id, name: 'lb', algorithm: 'source', publicport: '8000', privateport: '80' }, 'loadbalancer'],
      ['createVPC', { name: 'v', displaytext: 'v', cidr: '192.168.0.0/16', vpcofferingid: sim.world.vpcOfferings[0]!.id, zoneid: vm('web-01').zoneid }, 'vpc'],
      ['createEgressFirewallRule', { networkid: vm('web-01').nics[0]!.networkid, protocol: 'all' }, 'firewallrule'],
      ['createVMSnapshot', { virtualmachineid: vm('db-01').id }, 'vmsnapshot'],
      ['createTemplate', { name: 't', displaytext: 't', ostypeid: os.id, volumeid: stoppedRoot.id }, 'template'],
      ['attachIso', { id: iso.id, virtualmachineid: vm('web-01').id }, 'virtualmachine'],
    ];
    for (const [command, params, key] of cases) {
      const result = await answer(command, params);
      expect(result[key], command).toBeTypeOf('object');
      expect(undocumented(command, result[key]), command).toEqual([]);
    }
    await answer('destroyVirtualMachine', { id: vm('db-01').id });
    const recovered = await answer('recoverVirtualMachine', { id: vm('db-01').id });
    expect(undocumented('recoverVirtualMachine', recovered.virtualmachine)).toEqual([]);
  });
});
