/** Security families: revoking security group rules, SSH keys registered and deleted, affinity groups. */
import { defineTools } from '../define.js';
import { actionTool, createTool, deleteTool, listTool } from '../kinds.js';
import { text } from '../schemas.js';

export const SECURITY_FAMILY_TOOLS = defineTools('security', [
  actionTool({
    name: 'revoke_security_group_rule',
    title: 'Revoke a security group ingress rule',
    description: 'Removes an ingress rule from a security group (its id is in list_security_groups ingressrule.ruleid) and waits for the job.',
    command: 'revokeSecurityGroupIngress',
    fields: { id: 'The rule id (ruleid).' },
    disruptive: true,
    idempotent: true,
  }),
  createTool({
    name: 'register_ssh_key_pair',
    title: 'Register an SSH public key',
    description:
      'Registers an existing SSH public key under a name (no private key passes through here). Use the name as keypair in ' +
      'deploy_virtual_machine.',
    command: 'registerSSHKeyPair',
    resource: 'keypair',
    fields: {
      name: 'Key pair name, unique in the account.',
      publickey: text('The public key, e.g. "ssh-ed25519 AAAA… user@host".').max(16384, 'must be at most 16384 characters'),
    },
  }),
  deleteTool({
    name: 'delete_ssh_key_pair',
    title: 'Delete an SSH key pair',
    description: 'Deletes a registered SSH key pair by name. VMs deployed with it keep the key.',
    command: 'deleteSSHKeyPair',
    fields: { name: 'The key pair name (list_ssh_key_pairs).', account: 'Its account (admin; with domainid).', domainid: 'Its domain (with account).' },
  }),
  listTool({
    name: 'list_affinity_groups',
    title: 'List affinity groups',
    description: 'Lists affinity groups (host affinity or anti-affinity) and their VMs.',
    command: 'listAffinityGroups',
    resource: 'affinitygroup',
    fields: { id: 'Only this group.', name: 'Exact group name.', type: 'host affinity or host anti-affinity.', virtualmachineid: 'Only groups of this VM.' },
  }),
]);
