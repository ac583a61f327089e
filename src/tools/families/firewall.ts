/** Firewall families: ingress and egress firewall rules and port forwarding, each listed, created and deleted. */
import { z } from 'zod';
import { defineTools } from '../define.js';
import { createTool, deleteTool, listTool } from '../kinds.js';
import { checkProtocolFields, cidrList, icmpNumber, oneOf, port, PORT_RANGE_RULE, portRangeIsOrdered, PROTOCOLS } from '../schemas.js';

const ruleFilters = {
  id: 'Only this rule.',
  ipaddressid: 'Only rules of this public IP address.',
  networkid: 'Only rules of this network.',
};

const PF_PROTOCOLS = ['tcp', 'udp', 'TCP', 'UDP'] as const;

export const FIREWALL_FAMILY_TOOLS = defineTools('network', [
  listTool({
    name: 'list_firewall_rules',
    title: 'List firewall rules',
    description: 'Lists ingress firewall rules of public IP addresses (protocol, ports, source CIDRs).',
    command: 'listFirewallRules',
    resource: 'firewallrule',
    fields: ruleFilters,
  }),
  deleteTool({
    name: 'delete_firewall_rule',
    title: 'Delete a firewall rule',
    description: 'Deletes an ingress firewall rule (list_firewall_rules) and waits for the job; the ports it opened close.',
    command: 'deleteFirewallRule',
    fields: { id: 'The firewall rule id.' },
  }),
  listTool({
    name: 'list_egress_firewall_rules',
    title: 'List egress firewall rules',
    description: 'Lists egress firewall rules of isolated networks (what VMs may reach outside).',
    command: 'listEgressFirewallRules',
    resource: 'firewallrule',
    fields: ruleFilters,
  }),
  createTool({
    name: 'create_egress_firewall_rule',
    title: 'Create an egress firewall rule',
    description:
      'Allows (or, under an allow-all default, blocks) outbound traffic of an isolated network for a protocol, ports and ' +
      'CIDRs, and waits for the job. For ICMP give icmptype/icmpcode instead of ports.',
    command: 'createEgressFirewallRule',
    resource: 'firewallrule',
    fields: {
      networkid: 'The network (list_networks).',
      protocol: oneOf(PROTOCOLS, 'tcp, udp, icmp or all.'),
      startport: port('First port of the range.').optional(),
      endport: port('Last port of the range (default: startport).').optional(),
      cidrlist: cidrList('Source CIDRs inside the network (default: the whole network).').optional(),
      destcidrlist: cidrList('Destination CIDRs (default: anywhere).').optional(),
      icmptype: icmpNumber('ICMP type (-1 for all).').optional(),
      icmpcode: icmpNumber('ICMP code (-1 for all).').optional(),
    },
    refine: (input) => input.refine(portRangeIsOrdered, PORT_RANGE_RULE).superRefine(checkProtocolFields as never),
  }),
  deleteTool({
    name: 'delete_egress_firewall_rule',
    title: 'Delete an egress firewall rule',
    description: 'Deletes an egress firewall rule (list_egress_firewall_rules) and waits for the job.',
    command: 'deleteEgressFirewallRule',
    fields: { id: 'The egress rule id.' },
  }),
  listTool({
    name: 'list_port_forwarding_rules',
    title: 'List port forwarding rules',
    description: 'Lists port forwarding rules: public IP and ports to a VM and its private ports.',
    command: 'listPortForwardingRules',
    resource: 'portforwardingrule',
    fields: ruleFilters,
  }),
  createTool({
    name: 'create_port_forwarding_rule',
    title: 'Create a port forwarding rule',
    description:
      'Forwards a public port range of an acquired IP (associate_ip_address) to a VM\'s private ports and waits for the job. ' +
      'openfirewall (default true) also opens the ports in the firewall.',
    command: 'createPortForwardingRule',
    resource: 'portforwardingrule',
    fields: {
      ipaddressid: 'The public IP address id (list_public_ip_addresses).',
      virtualmachineid: 'The VM to forward to (list_virtual_machines).',
      protocol: oneOf(PF_PROTOCOLS, 'tcp or udp.'),
      publicport: port('First public port.'),
      publicendport: port('Last public port (default: publicport).').optional(),
      privateport: port('First private port on the VM.'),
      privateendport: port('Last private port (default: privateport).').optional(),
      openfirewall: 'Also create the matching firewall rule (default true).',
      cidrlist: cidrList('Source CIDRs allowed (default 0.0.0.0/0).').optional(),
      networkid: 'The VM network, when the VM has several NICs.',
      vmguestip: z.string().describe('A secondary guest IP of the VM to forward to.').optional(),
    },
  }),
  deleteTool({
    name: 'delete_port_forwarding_rule',
    title: 'Delete a port forwarding rule',
    description: 'Deletes a port forwarding rule (list_port_forwarding_rules) and waits for the job.',
    command: 'deletePortForwardingRule',
    fields: { id: 'The port forwarding rule id.' },
  }),
]);
