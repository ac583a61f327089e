/** Firewall families: ingress and egress firewall rules and port forwarding, each listed, created and deleted. */
import { z } from 'zod';
import { defineTools } from '../define.js';
import { BY_NAME, createTool, deleteTool, listTool } from '../kinds.js';
import { ARGUMENT_MEANINGS, VM_GUEST_IP, VM_NETWORK } from '../field-meanings.js';
import { checkProtocolFields, cidrList, oneOf, port, PORT_RANGE_RULE, portRangeIsOrdered, protocolFields, PROTOCOLS } from '../schemas.js';

const ruleFilters = { id: BY_NAME, ipaddressid: BY_NAME, networkid: BY_NAME };

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
    description: 'Deletes an ingress firewall rule (list_firewall_rules); the ports it opened close.',
    command: 'deleteFirewallRule',
    fields: { id: BY_NAME },
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
      'CIDRs (for ICMP: icmptype/icmpcode).',
    command: 'createEgressFirewallRule',
    resource: 'firewallrule',
    fields: {
      networkid: BY_NAME,
      protocol: oneOf(PROTOCOLS),
      ...protocolFields(),
      cidrlist: cidrList('Source CIDRs in the network (default: all of it).').optional(),
      destcidrlist: cidrList('Default: anywhere.').optional(),
    },
    refine: (input) => input.refine(portRangeIsOrdered, PORT_RANGE_RULE).superRefine(checkProtocolFields as never),
  }),
  deleteTool({
    name: 'delete_egress_firewall_rule',
    title: 'Delete an egress firewall rule',
    description: 'Deletes an egress firewall rule (list_egress_firewall_rules) of an isolated network.',
    command: 'deleteEgressFirewallRule',
    fields: { id: BY_NAME },
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
      'Forwards a public port range of an acquired IP (associate_ip_address) to a VM\'s private ports, and opens them in ' +
      'the firewall to 0.0.0.0/0 unless openfirewall=false.',
    command: 'createPortForwardingRule',
    resource: 'portforwardingrule',
    fields: {
      ipaddressid: BY_NAME,
      virtualmachineid: BY_NAME,
      protocol: oneOf(PF_PROTOCOLS),
      publicport: port(),
      publicendport: port('Default: publicport.').optional(),
      privateport: port(),
      privateendport: port('Default: privateport.').optional(),
      openfirewall: ARGUMENT_MEANINGS.openfirewall,
      cidrlist: cidrList(ARGUMENT_MEANINGS.forwardCidrlist).optional(),
      networkid: VM_NETWORK,
      vmguestip: z.string().describe(VM_GUEST_IP).optional(),
    },
  }),
  deleteTool({
    name: 'delete_port_forwarding_rule',
    title: 'Delete a port forwarding rule',
    description: 'Deletes a port forwarding rule (list_port_forwarding_rules); the public ports stop forwarding.',
    command: 'deletePortForwardingRule',
    fields: { id: BY_NAME },
  }),
]);
