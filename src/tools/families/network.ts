/** Network families: the network offerings create_network needs, and undoing IPs, static NAT and networks. */
import { defineTools } from '../define.js';
import { actionTool, deleteTool, listTool } from '../kinds.js';
import { ipv4 } from '../schemas.js';

export const NETWORK_FAMILY_TOOLS = defineTools('network', [
  listTool({
    name: 'list_network_offerings',
    title: 'List network offerings',
    description: 'Lists network offerings (Isolated/Shared/L2, services, for VPC or not): the networkofferingid of create_network.',
    command: 'listNetworkOfferings',
    resource: 'networkoffering',
    fields: {
      id: 'Only this offering.',
      name: 'Exact offering name.',
      zoneid: 'Only offerings available in this zone.',
      guestiptype: 'Isolated, Shared or L2.',
      forvpc: 'Only offerings for VPC tiers (true) or for plain networks (false).',
      state: 'Enabled or Disabled.',
    },
  }),
  actionTool({
    name: 'disassociate_ip_address',
    title: 'Release a public IP address',
    description:
      'Releases an acquired public IP address and waits for the job; its static NAT, firewall, port forwarding and load ' +
      'balancer rules go with it. A source NAT address cannot be released.',
    command: 'disassociateIpAddress',
    fields: { id: 'The public IP address id (list_public_ip_addresses).', ipaddress: ipv4('The address itself, instead of its id.').optional() },
    disruptive: true,
    idempotent: true,
  }),
  actionTool({
    name: 'disable_static_nat',
    title: 'Disable static NAT',
    description: 'Removes the static NAT of a public IP address from its VM and waits for the job. The address stays acquired.',
    command: 'disableStaticNat',
    fields: { ipaddressid: 'The public IP address id (list_public_ip_addresses).' },
    disruptive: true,
    idempotent: true,
  }),
  deleteTool({
    name: 'delete_network',
    title: 'Delete a network',
    description: 'Deletes a guest network with no VMs left in it and waits for the job. Cannot be undone.',
    command: 'deleteNetwork',
    fields: { id: 'The network id (list_networks).', forced: 'Delete even if its network elements fail to clean up (admin).' },
  }),
]);
