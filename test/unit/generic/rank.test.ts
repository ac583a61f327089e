/**
 * search_cloudstack_api's ranking: for the way an operator phrases a need, the obvious command comes first.
 */
import { describe, expect, it } from 'vitest';
import { familyNamed, rankCommands } from '../../../src/tools/generic/rank.js';

const PHRASINGS: readonly (readonly [string, string])[] = [
  ['port forwarding', 'listPortForwardingRules'],
  ['port forwarding rules', 'listPortForwardingRules'],
  ['create a port forwarding rule', 'createPortForwardingRule'],
  ['delete port forwarding rule', 'deletePortForwardingRule'],
  ['kubernetes cluster scale', 'scaleKubernetesCluster'],
  ['kubernetes clusters', 'listKubernetesClusters'],
  ['k8s cluster', 'listKubernetesClusters'],
  ['create kubernetes cluster', 'createKubernetesCluster'],
  ['get kubeconfig', 'getKubernetesClusterConfig'],
  ['upgrade kubernetes cluster', 'upgradeKubernetesCluster'],
  ['backup restore', 'restoreBackup'],
  ['list backups', 'listBackups'],
  ['create backup schedule', 'createBackupSchedule'],
  ['list virtual machines', 'listVirtualMachines'],
  ['stop vm', 'stopVirtualMachine'],
  ['reboot instance', 'rebootVirtualMachine'],
  ['deploy a new vm', 'deployVirtualMachine'],
  ['destroy vm', 'destroyVirtualMachine'],
  ['scale vm', 'scaleVirtualMachine'],
  ['migrate vm to another host', 'migrateVirtualMachine'],
  ['reset vm password', 'resetPasswordForVirtualMachine'],
  ['vm metrics', 'listVirtualMachinesMetrics'],
  ['delete network', 'deleteNetwork'],
  ['restart network', 'restartNetwork'],
  ['network acl', 'listNetworkACLs'],
  ['add tags to a vm', 'createTags'],
  ['remove tags', 'deleteTags'],
  ['tags', 'listTags'],
  ['vpn users', 'listVpnUsers'],
  ['add vpn user', 'addVpnUser'],
  ['create vpc', 'createVPC'],
  ['vpcs', 'listVPCs'],
  ['virtual routers', 'listRouters'],
  ['autoscale groups', 'listAutoScaleVmGroups'],
  ['quota balance', 'quotaBalance'],
  ['list roles', 'listRoles'],
  ['annotations', 'listAnnotations'],
  ['ssh key pairs', 'listSSHKeyPairs'],
  ['create snapshot', 'createSnapshot'],
  ['revert to vm snapshot', 'revertToVMSnapshot'],
  ['egress firewall rules', 'listEgressFirewallRules'],
  ['load balancer rules', 'listLoadBalancerRules'],
  ['assign vm to load balancer rule', 'assignToLoadBalancerRule'],
  ['associate ip address', 'associateIpAddress'],
  ['enable static nat', 'enableStaticNat'],
  ['resize disk', 'resizeVolume'],
  ['attach volume', 'attachVolume'],
  ['zones', 'listZones'],
  ['async job result', 'queryAsyncJobResult'],
  ['usage records', 'listUsageRecords'],
  ['create account', 'createAccount'],
  ['service offerings', 'listServiceOfferings'],
  ['affinity groups', 'listAffinityGroups'],
  ['register template', 'registerTemplate'],
  ['prepare host for maintenance', 'prepareHostForMaintenance'],
  ['authorize security group ingress', 'authorizeSecurityGroupIngress'],
  ['project invitations', 'listProjectInvitations'],
  ['resource limits', 'listResourceLimits'],
  ['show my vms', 'listVirtualMachines'],
  ['public ips', 'listPublicIpAddresses'],
  ['acquire public ip', 'associateIpAddress'],
  ['sticky sessions', 'listLBStickinessPolicies'],
  ['api limit', 'getApiLimit'],
  ['change vm offering', 'changeServiceForVirtualMachine'],
  ['get vm password', 'getVMPassword'],
  ['expunge vm', 'expungeVirtualMachine'],
  ['recover destroyed vm', 'recoverVirtualMachine'],
  ['detach disk from vm', 'detachVolume'],
  ['start kubernetes cluster', 'startKubernetesCluster'],
  ['remote access vpn', 'listRemoteAccessVpns'],
  ['add nic to vm', 'addNicToVirtualMachine'],
  ['snapshot policy', 'listSnapshotPolicies'],
  ['list ssh keys', 'listSSHKeyPairs'],
  ['quota statement', 'quotaStatement'],
  ['listPortForwardingRules', 'listPortForwardingRules'],
  ['deletenetwork', 'deleteNetwork'],
];

describe('search ranking', () => {
  it(`has at least 30 phrasings (${PHRASINGS.length})`, () => {
    expect(PHRASINGS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(PHRASINGS)('“%s” → %s first', (phrase, expected) => {
    const ranked = rankCommands(phrase, { limit: 5 }).map((entry) => entry.command);
    expect(ranked[0], `${phrase}: ${ranked.join(', ')}`).toBe(expected);
  });

  it('offers the neighbours of the obvious command after it', () => {
    const ranked = rankCommands('port forwarding', { limit: 8 }).map((entry) => entry.command);
    expect(ranked).toEqual(expect.arrayContaining(['createPortForwardingRule', 'deletePortForwardingRule', 'updatePortForwardingRule']));
  });

  it('restricts to a family, and lists the whole family (lists first) without words', () => {
    const family = rankCommands('', { family: 'kubernetes', limit: 50 }).map((entry) => entry.command);
    expect(family).toHaveLength(17);
    expect(family[0]).toBe('listKubernetesClusters');
    expect(rankCommands('scale', { family: 'Kubernetes', limit: 3 })[0]!.command).toBe('scaleKubernetesCluster');
    expect(familyNamed('kubernetes')).toBe('Kubernetes');
    expect(familyNamed('nothing')).toBeUndefined();
  });

  it('answers nothing for words no command has, nor for Object.prototype’s names', () => {
    expect(rankCommands('frobnicate the quux', { limit: 5 })).toEqual([]);
    expect(rankCommands('constructor toString __proto__', { limit: 5 })).toEqual([]);
  });
});
