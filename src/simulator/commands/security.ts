/** SSH key pairs (the private key is returned once, at creation) and security groups with ingress rules. */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { integer, matching, ownerFields, param, recordEvent, visible, type CommandContext } from '../context.js';
import { listResponse } from '../paging.js';
import { ApiError, invalidId, withoutNulls, type Json } from '../protocol.js';
import { tagsOf, withTags } from '../tags.js';
import type { IngressRule, SecurityGroup, SshKeyPair } from '../world/types-tenants.js';
import { asyncCommand, javaClass, syncCommand, type AsyncWork, type CommandTable } from './registry.js';

/** SSHKeyPairResponse has no `domainpath` (unlike most owned resources): the catalog lists its fields. */
export function keyPairView(ctx: CommandContext, pair: SshKeyPair): Json {
  const { domainpath: _notInResponse, ...owner } = ownerFields(ctx.world, pair);
  return { id: pair.id, name: pair.name, fingerprint: pair.fingerprint, ...owner };
}

function createKeyPair(ctx: CommandContext): Json {
  const name = param(ctx, 'name')!;
  if (ctx.world.sshKeyPairs.some((k) => k.name === name && k.accountid === ctx.caller.id)) {
    throw new ApiError(431, `A key pair with name '${name}' already exists.`);
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const fingerprint = createHash('md5').update(der).digest('hex').match(/../g)!.join(':');
  const pair = { id: ctx.nextId(), name, fingerprint, accountid: ctx.caller.id, domainid: ctx.caller.domainid };
  ctx.world.sshKeyPairs.push(pair);
  recordEvent(ctx, 'REGISTER.SSH.KEYPAIR', `Successfully created SSH key pair ${name}`, { id: pair.id, type: 'SSHKeyPair' });
  return { keypair: { ...keyPairView(ctx, pair), privatekey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() } };
}

function groupView(ctx: CommandContext, group: SecurityGroup): Json {
  const vms = ctx.world.vms.filter((vm) => vm.securitygroupids.includes(group.id));
  return {
    id: group.id, name: group.name, description: group.description, ...ownerFields(ctx.world, group),
    ingressrule: group.ingressrule.map((rule) => withoutNulls({ ...rule })), egressrule: [],
    virtualmachinecount: vms.length, virtualmachineids: vms.map((vm) => vm.id), tags: tagsOf(ctx.world, 'SecurityGroup', group.id),
  };
}

function authorizeIngress(ctx: CommandContext): AsyncWork {
  const { world } = ctx;
  const id = param(ctx, 'securitygroupid');
  const name = param(ctx, 'securitygroupname');
  if (!id && !name) throw new ApiError(431, 'Either securityGroupId or securityGroupName is required by authorizeSecurityGroupIngress command');
  if (id && name) throw new ApiError(431, 'securityGroupId and securityGroupName parameters are mutually exclusive');
  const group = world.securityGroups.find((g) => (id ? g.id === id : g.name === name && g.accountid === ctx.caller.id));
  if (!group || group.accountid !== ctx.caller.id && ctx.caller.accounttype !== 1) throw invalidId(ctx.command, id ? 'securitygroupid' : 'securitygroupname', id ?? name ?? '');
  const protocol = (param(ctx, 'protocol') ?? 'tcp').toLowerCase();
  if (!['tcp', 'udp', 'icmp', 'all'].includes(protocol) && !/^\d+$/.test(protocol)) throw new ApiError(431, `Invalid protocol ${protocol}`);
  const cidrs = (param(ctx, 'cidrlist') ?? '0.0.0.0/0').split(',');
  const rules: IngressRule[] = cidrs.map((cidr) => ({
    ruleid: ctx.nextId(), protocol, cidr,
    ...(protocol === 'icmp' ? { icmptype: integer(ctx, 'icmptype') ?? -1, icmpcode: integer(ctx, 'icmpcode') ?? -1 } : { startport: integer(ctx, 'startport'), endport: integer(ctx, 'endport') }),
  }));
  if (protocol !== 'icmp' && protocol !== 'all' && rules.some((r) => r.startport === undefined || r.endport === undefined)) {
    throw new ApiError(431, 'Invalid port range: startport and endport are required for tcp and udp');
  }
  return {
    instanceType: 'SecurityGroup',
    instanceId: group.id,
    begin: () => {
      const same = (a: IngressRule, b: IngressRule) => a.protocol === b.protocol && a.cidr === b.cidr && a.startport === b.startport && a.endport === b.endport && a.icmptype === b.icmptype;
      if (rules.every((rule) => group.ingressrule.some((existing) => same(existing, rule)))) {
        throw new ApiError(431, 'Failed to authorize security group ingress rule(s): the rule already exists');
      }
      return () => {
        const added = rules.filter((rule) => !group.ingressrule.some((existing) => same(existing, rule)));
        group.ingressrule.push(...added);
        recordEvent(ctx, 'SG.AUTH.INGRESS', `Successfully authorized ingress rule(s) on security group ${group.name}`, { id: group.id, type: 'SecurityGroup' });
        return { securitygroup: { ...groupView(ctx, group), ingressrule: added } };
      };
    },
  };
}

/** The rule id names the group it is in; revoking it removes that one rule. */
function revokeIngress(ctx: CommandContext): AsyncWork {
  const id = param(ctx, 'id')!;
  const group = ctx.world.securityGroups.find((g) => g.ingressrule.some((rule) => rule.ruleid === id));
  if (!group || !(group.accountid === ctx.caller.id || ctx.caller.accounttype === 1)) throw invalidId(ctx.command, 'id', id);
  return {
    instanceType: 'SecurityGroup',
    instanceId: group.id,
    begin: () => () => {
      group.ingressrule = group.ingressrule.filter((rule) => rule.ruleid !== id);
      recordEvent(ctx, 'SG.REVOKE.INGRESS', `Successfully completed revoking ingress rule ${id} of security group ${group.name}`, { id: group.id, type: 'SecurityGroup' });
      return { success: true };
    },
  };
}

export function registerSecurity(table: CommandTable): void {
  syncCommand(table, 'listSSHKeyPairs', javaClass('user', 'ssh', 'ListSSHKeyPairsCmd'), (ctx) =>
    listResponse(ctx, 'sshkeypair', matching(ctx, visible(ctx, ctx.world.sshKeyPairs), { id: (k) => k.id, name: (k) => k.name, fingerprint: (k) => k.fingerprint })
      .map((k) => keyPairView(ctx, k))),
  );
  syncCommand(table, 'createSSHKeyPair', javaClass('user', 'ssh', 'CreateSSHKeyPairCmd'), createKeyPair);
  syncCommand(table, 'listSecurityGroups', javaClass('user', 'securitygroup', 'ListSecurityGroupsCmd'), (ctx) => {
    const vmId = param(ctx, 'virtualmachineid');
    return listResponse(ctx, 'securitygroup', matching(ctx, withTags(ctx, 'SecurityGroup', visible(ctx, ctx.world.securityGroups)), { id: (g) => g.id, securitygroupname: (g) => g.name })
      .filter((g) => vmId === undefined || ctx.world.vms.some((vm) => vm.id === vmId && vm.securitygroupids.includes(g.id)))
      .map((g) => groupView(ctx, g)));
  });
  asyncCommand(table, 'authorizeSecurityGroupIngress', javaClass('user', 'securitygroup', 'AuthorizeSecurityGroupIngressCmd'), authorizeIngress);
  asyncCommand(table, 'revokeSecurityGroupIngress', javaClass('user', 'securitygroup', 'RevokeSecurityGroupIngressCmd'), revokeIngress);
}
