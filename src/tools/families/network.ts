/** Network families: the network offerings create_network needs, and undoing IPs, static NAT and networks. */
import { defineTools } from '../define.js';
import { ENABLED_OR_DISABLED } from '../field-meanings.js';
import { actionTool, BY_NAME, deleteTool, listTool } from '../kinds.js';
import { ipv4 } from '../schemas.js';

export const NETWORK_FAMILY_TOOLS = defineTools('network', [
  listTool({
    name: 'list_network_offerings',
    title: 'List network offerings',
    description: 'Lists network offerings (Isolated/Shared/L2, services, for VPC or not): the networkofferingid of create_network.',
    command: 'listNetworkOfferings',
    resource: 'networkoffering',
    fields: {
      id: BY_NAME,
      name: BY_NAME,
      zoneid: BY_NAME,
      guestiptype: 'Isolated, Shared or L2.',
      forvpc: 'For VPC tiers (true) or plain networks (false).',
      state: ENABLED_OR_DISABLED,
    },
  }),
  actionTool({
    name: 'disassociate_ip_address',
    title: 'Release a public IP address',
    description:
      'Releases an acquired public IP address (by id or ipaddress) with its static NAT, firewall, port forwarding and load ' +
      'balancer rules. A source NAT address cannot be released.',
    command: 'disassociateIpAddress',
    fields: { id: BY_NAME, ipaddress: ipv4().optional() },
    disruptive: true,
    idempotent: true,
  }),
  actionTool({
    name: 'disable_static_nat',
    title: 'Disable static NAT',
    description: 'Removes the static NAT of a public IP address from its VM; the address stays acquired.',
    command: 'disableStaticNat',
    fields: { ipaddressid: BY_NAME },
    disruptive: true,
    idempotent: true,
  }),
  deleteTool({
    name: 'delete_network',
    title: 'Delete a network',
    description: 'Deletes a guest network with no VMs left in it. Cannot be undone.',
    command: 'deleteNetwork',
    fields: { id: BY_NAME, forced: 'Even if its network elements fail to clean up (admin).' },
  }),
]);
