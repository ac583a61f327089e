/** VPC family: the VPC offerings create_vpc needs, VPCs listed, created and deleted. */
import { defineTools } from '../define.js';
import { ENABLED_OR_DISABLED } from '../field-meanings.js';
import { BY_NAME, createTool, deleteTool, listTool } from '../kinds.js';
import { text } from '../schemas.js';

export const VPC_FAMILY_TOOLS = defineTools('network', [
  listTool({
    name: 'list_vpc_offerings',
    title: 'List VPC offerings',
    description: 'Lists VPC offerings (the services a VPC gets): the vpcofferingid of create_vpc.',
    command: 'listVPCOfferings',
    resource: 'vpcoffering',
    fields: { id: BY_NAME, name: BY_NAME, zoneid: BY_NAME, state: ENABLED_OR_DISABLED },
  }),
  listTool({
    name: 'list_vpcs',
    title: 'List VPCs',
    description: 'Lists VPCs with their CIDR, state, offering and zone. Their tiers are networks (list_networks vpcid).',
    command: 'listVPCs',
    resource: 'vpc',
    fields: { id: BY_NAME, name: BY_NAME, zoneid: BY_NAME, vpcofferingid: BY_NAME, state: 'Enabled or Inactive.' },
  }),
  createTool({
    name: 'create_vpc',
    title: 'Create a VPC',
    description:
      'Creates a VPC (a routed super-CIDR for several tiers) with its router; add tiers with create_network vpcid and a ' +
      'network offering for VPCs (list_network_offerings forvpc=true).',
    command: 'createVPC',
    resource: 'vpc',
    fields: {
      name: BY_NAME,
      displaytext: BY_NAME,
      cidr: text('Of all its tiers, e.g. 10.1.0.0/16.'),
      vpcofferingid: BY_NAME,
      zoneid: BY_NAME,
      networkdomain: 'DNS domain of its networks.',
      start: 'Start the router now (default true).',
    },
  }),
  deleteTool({
    name: 'delete_vpc',
    title: 'Delete a VPC',
    description: 'Deletes a VPC whose tiers have been deleted (delete_network). Cannot be undone.',
    command: 'deleteVPC',
    fields: { id: BY_NAME },
  }),
]);
