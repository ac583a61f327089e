import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { allowAllPolicy } from '../../helpers/allow-all-policy.js';
import { startHarness, type Harness } from '../../helpers/harness.js';
import { callOk } from './support.js';

const logLines: string[] = [];
const policy = allowAllPolicy();
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy, logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }) });
});
afterAll(async () => {
  await h?.close();
});
const world = () => h.simulator.world;

describe('security tools against the simulator', () => {
  test('create_ssh_key_pair returns the private key once; it is in no log, audit outcome or request log', async () => {
    const { data, text } = await callOk(h.client, 'create_ssh_key_pair', { name: 'e2e-key' });
    const privatekey = data.keypair.privatekey as string;
    expect(privatekey).toMatch(/PRIVATE KEY/);
    expect(text).toContain(privatekey);
    expect(world().sshKeyPairs.map((pair) => pair.name)).toContain('e2e-key');
    const secretLine = privatekey.split('\n').find((line) => line.length > 20 && !line.includes('-----'))!;
    expect(logLines.join('\n')).not.toContain(secretLine);
    expect(JSON.stringify(policy.outcomes)).not.toContain(secretLine);
    const listed = await callOk(h.client, 'list_ssh_key_pairs', { name: 'e2e-key' });
    expect(listed.data.count).toBe(1);
    expect(JSON.stringify(listed.data)).not.toContain('privatekey');
  });

  test('create_security_group_rule adds an ingress rule visible in list_security_groups', async () => {
    const group = world().securityGroups[0]!;
    await callOk(h.client, 'create_security_group_rule', { securitygroupid: group.id, protocol: 'tcp', startport: 443, endport: 443, cidrlist: '10.0.0.0/8' });
    expect(group.ingressrule.some((rule) => rule.startport === 443 && rule.cidr === '10.0.0.0/8')).toBe(true);
    const listed = await callOk(h.client, 'list_security_groups', { id: group.id, listall: true });
    expect(JSON.stringify(listed.data.items[0].ingressrule)).toContain('443');
  });
});
