/** VPC family: the VPC offerings create_vpc needs, VPCs listed, created and deleted. */
import { defineTools } from '../define.js';
import { createTool, deleteTool, listTool } from '../kinds.js';
import { text } from '../schemas.js';

export const VPC_FAMILY_TOOLS = defineTools('network', [
  listTool({
    name: 'list_vpc_offerings',
    title: 'List VPC offerings',
    description: 'Lists VPC offerings (the services a VPC gets): the vpcofferingid of create_vpc.',
    command: 'listVPCOfferings',
    resource: 'vpcoffering',
    fields: { id: 'Only this offering.', name: 'Exact offering name.', zoneid: 'Only offerings available in this zone.', state: 'Enabled or Disabled.' },
  }),
  listTool({
    name: 'list_vpcs',
    title: 'List VPCs',
    description: 'Lists VPCs with their CIDR, state, offering and zone. Their tiers are networks (list_networks vpcid).',
    command: 'listVPCs',
    resource: 'vpc',
    fields: { id: 'Only this VPC.', name: 'Exact VPC name.', zoneid: 'Only VPCs in this zone.', vpcofferingid: 'Only VPCs of this offering.', state: 'Enabled or Inactive.' },
  }),
  createTool({
    name: 'create_vpc',
    title: 'Create a VPC',
    description:
      'Creates a VPC (a routed super-CIDR for several tiers) and waits for its router. Add tiers with create_network ' +
      'vpcid and a network offering for VPCs (list_network_offerings forvpc=true).',
    command: 'createVPC',
    resource: 'vpc',
    fields: {
      name: 'VPC name.',
      displaytext: 'Description.',
      cidr: text('Super CIDR of all its tiers, e.g. 10.1.0.0/16.'),
      vpcofferingid: 'VPC offering (list_vpc_offerings).',
      zoneid: 'Zone (list_zones).',
      networkdomain: 'DNS domain of its networks.',
      start: 'Start the VPC router now (default true).',
    },
  }),
  deleteTool({
    name: 'delete_vpc',
    title: 'Delete a VPC',
    description: 'Deletes a VPC whose tiers have been deleted (delete_network), and waits for the job. Cannot be undone.',
    command: 'deleteVPC',
    fields: { id: 'The VPC id (list_vpcs).' },
  }),
]);
