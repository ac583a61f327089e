/** Networking tools: guest networks, public IPs, static NAT, firewall and load balancer rules. */
import { defineTools } from './define.js';
import { actionTool, createTool, listTool } from './kinds.js';
import {
  checkProtocolFields, cidrList, flag, icmpNumber, ipv4, oneOf, port, PORT_RANGE_RULE, portRangeIsOrdered, PROTOCOLS, text, uuid,
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
      id: uuid('Only this network.').optional(),
      name: text('Exact network name.').optional(),
      zoneid: uuid('Only networks in this zone.').optional(),
      type: oneOf(NETWORK_TYPES, 'Isolated, Shared or L2.').optional(),
      vpcid: uuid('Only tiers of this VPC.').optional(),
      canusefordeploy: flag('Only networks a VM can be deployed into.').optional(),
    },
  }),
  createTool({
    name: 'create_network',
    title: 'Create a network',
    description:
      'Creates a guest network from a network offering in a zone (synchronous). Shared networks also need gateway, ' +
      'netmask and an IP range. Deploy VMs into it with deploy_virtual_machine networkids.',
    command: 'createNetwork',
    resource: 'network',
    fields: {
      name: text('Network name.'),
      displaytext: text('Description.').optional(),
      networkofferingid: uuid('Network offering (defines Isolated/Shared and its services).'),
      zoneid: uuid('Zone (list_zones).'),
      gateway: ipv4('Gateway of the network.').optional(),
      netmask: ipv4('Netmask of the network.').optional(),
      startip: ipv4('First IP of the range (Shared networks).').optional(),
      endip: ipv4('Last IP of the range (Shared networks).').optional(),
      vlan: text('VLAN id or URI (admin).').optional(),
      networkdomain: text('DNS domain of the network.').optional(),
      vpcid: uuid('Create as a tier of this VPC.').optional(),
    },
  }),
  listTool({
    name: 'list_public_ip_addresses',
    title: 'List public IP addresses',
    description: 'Lists public IP addresses with their state, static NAT target and network.',
    command: 'listPublicIpAddresses',
    resource: 'publicipaddress',
    fields: {
      id: uuid('Only this IP address id.').optional(),
      ipaddress: ipv4('Only this address.').optional(),
      zoneid: uuid('Only addresses in this zone.').optional(),
      associatednetworkid: uuid('Only addresses associated with this network.').optional(),
      vpcid: uuid('Only addresses of this VPC.').optional(),
      isstaticnat: flag('Only addresses with static NAT.').optional(),
      issourcenat: flag('Only source NAT addresses.').optional(),
      allocatedonly: flag('Only allocated addresses (default true in CloudStack).').optional(),
      state: oneOf(IP_STATES, 'Only addresses in this state.').optional(),
    },
  }),
  createTool({
    name: 'associate_ip_address',
    title: 'Acquire a public IP address',
    description:
      'Acquires a new public IP address for a network (or VPC, or zone) and waits for it. Then enable_static_nat to a VM ' +
      'and create_firewall_rule to open ports.',
    command: 'associateIpAddress',
    resource: 'ipaddress',
    fields: {
      zoneid: uuid('Zone to take the address from.').optional(),
      networkid: uuid('Network to associate the address with (list_networks).').optional(),
      vpcid: uuid('VPC to associate the address with.').optional(),
      ipaddress: ipv4('A specific free address to acquire.').optional(),
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
      'Maps a public IP address (list_public_ip_addresses) one-to-one to a VM. Traffic still needs firewall rules ' +
      '(create_firewall_rule).',
    command: 'enableStaticNat',
    fields: {
      ipaddressid: uuid('The public IP address id.'),
      virtualmachineid: uuid('The VM to map it to.'),
      networkid: uuid('The VM network, when the VM has several NICs.').optional(),
      vmguestip: ipv4('A secondary guest IP of the VM to map to.').optional(),
    },
    disruptive: false,
    idempotent: true,
  }),
  createTool({
    name: 'create_firewall_rule',
    title: 'Create a firewall rule',
    description:
      'Opens ingress to a public IP address for a protocol, port range and source CIDRs, and waits for the job. ' +
      'For ICMP give icmptype/icmpcode instead of ports.',
    command: 'createFirewallRule',
    resource: 'firewallrule',
    fields: {
      ipaddressid: uuid('The public IP address id (list_public_ip_addresses).'),
      protocol: oneOf(PROTOCOLS, 'tcp, udp, icmp or all.'),
      startport: port('First port of the range.').optional(),
      endport: port('Last port of the range (default: startport).').optional(),
      cidrlist: cidrList('Source CIDRs allowed, e.g. ["203.0.113.0/24"] (default 0.0.0.0/0).').optional(),
      icmptype: icmpNumber('ICMP type (-1 for all).').optional(),
      icmpcode: icmpNumber('ICMP code (-1 for all).').optional(),
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
      id: uuid('Only this rule.').optional(),
      name: text('Exact rule name.').optional(),
      publicipid: uuid('Only rules on this public IP address.').optional(),
      virtualmachineid: uuid('Only rules balancing to this VM.').optional(),
      networkid: uuid('Only rules of this network.').optional(),
      zoneid: uuid('Only rules in this zone.').optional(),
    },
  }),
]);
