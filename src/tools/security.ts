/** Security tools: SSH key pairs and security groups. */
import { defineTools } from './define.js';
import { FILTER_MEANINGS, KEY_PAIR_NAME } from './field-meanings.js';
import { BY_NAME, createTool, listTool } from './kinds.js';
import { checkProtocolFields, cidrList, oneOf, port, PORT_RANGE_RULE, portRangeIsOrdered, protocolFields, PROTOCOLS, text, uuid } from './schemas.js';

export const SECURITY_TOOLS = defineTools('security', [
  listTool({
    name: 'list_ssh_key_pairs',
    title: 'List SSH key pairs',
    description: 'Lists registered SSH key pairs (name and fingerprint; private keys are never stored by CloudStack).',
    command: 'listSSHKeyPairs',
    resource: 'sshkeypair',
    fields: {
      id: BY_NAME,
      name: BY_NAME,
      fingerprint: text().optional(),
    },
  }),
  createTool({
    name: 'create_ssh_key_pair',
    title: 'Create an SSH key pair',
    description:
      'Creates an SSH key pair and returns its private key once: store it, CloudStack keeps only the public key and this ' +
      'server never logs it. The name is deploy_virtual_machine\'s keypair.',
    command: 'createSSHKeyPair',
    resource: 'keypair',
    fields: { name: text(KEY_PAIR_NAME) },
    secretFields: ['privatekey'],
  }),
  listTool({
    name: 'list_security_groups',
    title: 'List security groups',
    description: 'Lists security groups with their ingress and egress rules (zones with security groups).',
    command: 'listSecurityGroups',
    resource: 'securitygroup',
    fields: {
      id: BY_NAME,
      securitygroupname: text(FILTER_MEANINGS.name).optional(),
      virtualmachineid: BY_NAME,
    },
  }),
  createTool({
    name: 'create_security_group_rule',
    title: 'Add a security group ingress rule',
    description:
      'Allows ingress to the VMs of a security group (by securitygroupid or securitygroupname) for a protocol, port range ' +
      'and source CIDRs.',
    command: 'authorizeSecurityGroupIngress',
    resource: 'securitygroup',
    fields: {
      securitygroupid: uuid().optional(),
      securitygroupname: text().optional(),
      protocol: oneOf(PROTOCOLS),
      ...protocolFields(),
      // Unlike a firewall rule's, it has no default: CloudStack refuses a tcp/udp rule without both ends (431).
      endport: port('Last port; tcp and udp need both ends.').optional(),
      cidrlist: cidrList('Source CIDRs, e.g. ["10.0.0.0/8"].').optional(),
    },
    refine: (input) =>
      input
        .refine((args) => args.securitygroupid !== undefined || args.securitygroupname !== undefined, {
          message: 'give securitygroupid or securitygroupname',
          path: ['securitygroupid'],
        })
        .refine(portRangeIsOrdered, PORT_RANGE_RULE)
        .superRefine(checkProtocolFields as never),
  }),
]);
