/** Networking tools: guest networks, public IPs, static NAT, firewall and load balancer rules. */
import { defineTools } from './define.js';
import { ARGUMENT_MEANINGS, VM_GUEST_IP, VM_NETWORK } from './field-meanings.js';
import { actionTool, BY_NAME, createTool, listTool } from './kinds.js';
import {
  checkProtocolFields, cidrList, flag, ipv4, oneOf, PORT_RANGE_RULE, portRangeIsOrdered, protocolFields, PROTOCOLS, text, uuid,
} from './schemas.js';

const NETWORK_TYPES = ['Isolated', 'Shared', 'L2'] as const;
const IP_STATES = ['Allocating', 'Allocated', 'Releasing', 'Free', 'Reserved'] as const;

export const NETWORK_TOOLS = defineTools('network', [
  listTool({
    name: 'list_networks',
    title: 'List networks',
    description: 'Lists guest networks with type (Isolated, Shared, L2), state, CIDR and zone.',
    command: 'listNetworks',
    resource: 'network',
    fields: {
      id: BY_NAME,
      name: BY_NAME,
      zoneid: BY_NAME,
      type: oneOf(NETWORK_TYPES).optional(),
      vpcid: uuid('Only tiers of this VPC.').optional(),
      canusefordeploy: flag('Only networks a VM can be deployed into.').optional(),
    },
  }),
  createTool({
    name: 'create_network',
    title: 'Create a network',
    description:
      'Creates a guest network from a network offering (list_network_offerings) in a zone, or a VPC tier with vpcid. Shared ' +
      'networks also need gateway, netmask and an IP range.',
    command: 'createNetwork',
    resource: 'network',
    fields: {
      name: text(),
      displaytext: text().optional(),
      networkofferingid: uuid(),
      zoneid: uuid(),
      gateway: ipv4().optional(),
      netmask: ipv4().optional(),
      startip: ipv4('First IP of the range.').optional(),
      endip: ipv4('Last IP of the range.').optional(),
      vlan: text('VLAN id or URI (admin).').optional(),
      networkdomain: text('DNS domain.').optional(),
      vpcid: uuid().optional(),
    },
  }),
  listTool({
    name: 'list_public_ip_addresses',
    title: 'List public IP addresses',
    description: 'Lists public IP addresses with their state, static NAT target and network.',
    command: 'listPublicIpAddresses',
    resource: 'publicipaddress',
    fields: {
      id: BY_NAME,
      ipaddress: ipv4().optional(),
      zoneid: BY_NAME,
      associatednetworkid: uuid().optional(),
      vpcid: uuid().optional(),
      isstaticnat: flag().optional(),
      issourcenat: flag().optional(),
      allocatedonly: flag('Default true.').optional(),
      state: oneOf(IP_STATES).optional(),
    },
  }),
  createTool({
    name: 'associate_ip_address',
    title: 'Acquire a public IP address',
    description:
      'Acquires a public IP address for a network, VPC or zone; then enable_static_nat or create_port_forwarding_rule, and ' +
      'create_firewall_rule to open ports.',
    command: 'associateIpAddress',
    resource: 'ipaddress',
    fields: {
      zoneid: uuid().optional(),
      networkid: uuid().optional(),
      vpcid: uuid().optional(),
      ipaddress: ipv4('A specific free address.').optional(),
    },
    refine: (input) =>
      input.refine((args) => args.zoneid !== undefined || args.networkid !== undefined || args.vpcid !== undefined, {
        message: 'give zoneid, networkid or vpcid',
        path: ['networkid'],
      }),
  }),
  actionTool({
    name: 'enable_static_nat',
    title: 'Enable static NAT',
    description:
      'Maps a public IP address one-to-one to a VM; traffic still needs firewall rules (create_firewall_rule).',
    command: 'enableStaticNat',
    fields: {
      ipaddressid: uuid(),
      virtualmachineid: uuid(),
      networkid: uuid(VM_NETWORK).optional(),
      vmguestip: ipv4(VM_GUEST_IP).optional(),
    },
    disruptive: false,
    idempotent: true,
  }),
  createTool({
    name: 'create_firewall_rule',
    title: 'Create a firewall rule',
    description:
      'Opens ingress to a public IP address for a protocol, port range and source CIDRs (for ICMP: icmptype/icmpcode).',
    command: 'createFirewallRule',
    resource: 'firewallrule',
    fields: {
      ipaddressid: uuid(),
      protocol: oneOf(PROTOCOLS),
      ...protocolFields(),
      cidrlist: cidrList(ARGUMENT_MEANINGS.cidrlist).optional(),
    },
    refine: (input) => input.refine(portRangeIsOrdered, PORT_RANGE_RULE).superRefine(checkProtocolFields as never),
  }),
  listTool({
    name: 'list_load_balancer_rules',
    title: 'List load balancer rules',
    description: 'Lists load balancer rules with their public IP, ports, algorithm and state.',
    command: 'listLoadBalancerRules',
    resource: 'loadbalancerrule',
    fields: {
      id: BY_NAME,
      name: BY_NAME,
      publicipid: uuid().optional(),
      virtualmachineid: uuid('Only rules balancing to it.').optional(),
      networkid: uuid().optional(),
      zoneid: BY_NAME,
    },
  }),
]);
