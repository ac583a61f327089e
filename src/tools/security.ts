/** Security tools: SSH key pairs and security groups. */
import { defineTools } from './define.js';
import { createTool, listTool } from './kinds.js';
import { checkProtocolFields, cidrList, icmpNumber, oneOf, port, PORT_RANGE_RULE, portRangeIsOrdered, PROTOCOLS, text, uuid } from './schemas.js';

export const SECURITY_TOOLS = defineTools('security', [
  listTool({
    name: 'list_ssh_key_pairs',
    title: 'List SSH key pairs',
    description: 'Lists registered SSH key pairs (name and fingerprint; private keys are never stored by CloudStack).',
    command: 'listSSHKeyPairs',
    resource: 'sshkeypair',
    fields: {
      id: uuid('Only this key pair.').optional(),
      name: text('Exact key pair name.').optional(),
      fingerprint: text('Only the key pair with this fingerprint.').optional(),
    },
  }),
  createTool({
    name: 'create_ssh_key_pair',
    title: 'Create an SSH key pair',
    description:
      'Creates an SSH key pair and returns its private key ONCE: store it now, CloudStack keeps only the public key and ' +
      'this server never logs it. Use the name as keypair in deploy_virtual_machine.',
    command: 'createSSHKeyPair',
    resource: 'keypair',
    fields: { name: text('Key pair name, unique in the account.') },
    secretFields: ['privatekey'],
  }),
  listTool({
    name: 'list_security_groups',
    title: 'List security groups',
    description: 'Lists security groups with their ingress and egress rules (zones with security groups).',
    command: 'listSecurityGroups',
    resource: 'securitygroup',
    fields: {
      id: uuid('Only this security group.').optional(),
      securitygroupname: text('Exact group name.').optional(),
      virtualmachineid: uuid('Groups of this VM.').optional(),
    },
  }),
  createTool({
    name: 'create_security_group_rule',
    title: 'Add a security group ingress rule',
    description:
      'Allows ingress to the VMs of a security group for a protocol, port range and source CIDRs, and waits for the job. ' +
      'Identify the group by securitygroupid or securitygroupname (list_security_groups).',
    command: 'authorizeSecurityGroupIngress',
    resource: 'securitygroup',
    fields: {
      securitygroupid: uuid('The security group id.').optional(),
      securitygroupname: text('The security group name (instead of its id).').optional(),
      protocol: oneOf(PROTOCOLS, 'tcp, udp, icmp or all.'),
      startport: port('First port of the range.').optional(),
      endport: port('Last port of the range.').optional(),
      cidrlist: cidrList('Source CIDRs allowed, e.g. ["10.0.0.0/8"].').optional(),
      icmptype: icmpNumber('ICMP type (-1 for all).').optional(),
      icmpcode: icmpNumber('ICMP code (-1 for all).').optional(),
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
