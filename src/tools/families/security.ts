/** Security families: revoking security group rules, SSH keys registered and deleted, affinity groups. */
import { defineTools } from '../define.js';
import { actionTool, BY_NAME, createTool, deleteTool, listTool } from '../kinds.js';
import { KEY_PAIR_NAME } from '../field-meanings.js';
import { text } from '../schemas.js';

export const SECURITY_FAMILY_TOOLS = defineTools('security', [
  actionTool({
    name: 'revoke_security_group_rule',
    title: 'Revoke a security group ingress rule',
    description: 'Removes an ingress rule from a security group; its id is the ruleid in list_security_groups\' ingressrule.',
    command: 'revokeSecurityGroupIngress',
    fields: { id: BY_NAME },
    disruptive: true,
    idempotent: true,
  }),
  createTool({
    name: 'register_ssh_key_pair',
    title: 'Register an SSH public key',
    description:
      'Registers an existing SSH public key under a name (no private key passes through here): deploy_virtual_machine\'s ' +
      'keypair.',
    command: 'registerSSHKeyPair',
    resource: 'keypair',
    fields: {
      name: KEY_PAIR_NAME,
      publickey: text('E.g. "ssh-ed25519 AAAA… user@host".').max(16384, 'must be at most 16384 characters'),
    },
  }),
  deleteTool({
    name: 'delete_ssh_key_pair',
    title: 'Delete an SSH key pair',
    description: 'Deletes a registered SSH key pair (list_ssh_key_pairs) by name; VMs deployed with it keep the key.',
    command: 'deleteSSHKeyPair',
    fields: { name: BY_NAME, account: 'Its account (admin; with domainid).', domainid: BY_NAME },
  }),
  listTool({
    name: 'list_affinity_groups',
    title: 'List affinity groups',
    description: 'Lists affinity groups (host affinity or anti-affinity) and their VMs.',
    command: 'listAffinityGroups',
    resource: 'affinitygroup',
    fields: { id: BY_NAME, name: BY_NAME, type: 'host affinity or host anti-affinity.', virtualmachineid: BY_NAME },
  }),
]);
