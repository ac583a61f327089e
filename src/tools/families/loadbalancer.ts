/** Load balancer family: rules created, given members, stripped of them and deleted (listing is in network.ts). */
import { defineTools } from '../define.js';
import { actionTool, createTool, deleteTool } from '../kinds.js';
import { cidrList, oneOf, port, uuidList } from '../schemas.js';

const ALGORITHMS = ['roundrobin', 'leastconn', 'source'] as const;
const LB_PROTOCOLS = ['tcp', 'udp', 'tcp-proxy'] as const;
const members = (verb: string) => uuidList(`The VMs to ${verb} (list_virtual_machines).`);

export const LOAD_BALANCER_FAMILY_TOOLS = defineTools('network', [
  createTool({
    name: 'create_load_balancer_rule',
    title: 'Create a load balancer rule',
    description:
      'Balances a public port of an acquired IP (publicipid) across VMs\' private port, and waits for the job. ' +
      'Then add VMs with assign_to_load_balancer_rule.',
    command: 'createLoadBalancerRule',
    resource: 'loadbalancer',
    fields: {
      name: 'Rule name.',
      publicipid: 'The public IP address id (list_public_ip_addresses).',
      algorithm: oneOf(ALGORITHMS, 'roundrobin, leastconn or source.'),
      publicport: port('Public port.'),
      privateport: port('Private port on the VMs.'),
      protocol: oneOf(LB_PROTOCOLS, 'tcp (default), udp or tcp-proxy.').optional(),
      networkid: 'The guest network of the VMs (needed when the IP is not yet associated with one).',
      cidrlist: cidrList('Source CIDRs allowed (default 0.0.0.0/0).').optional(),
      openfirewall: 'Also open the public port in the firewall (default false in a VPC).',
      description: 'Description.',
    },
  }),
  actionTool({
    name: 'assign_to_load_balancer_rule',
    title: 'Add VMs to a load balancer rule',
    description: 'Adds VMs to a load balancer rule (list_load_balancer_rules) and waits for the job. The VMs must be on the rule\'s network.',
    command: 'assignToLoadBalancerRule',
    fields: { id: 'The load balancer rule id.', virtualmachineids: members('add') },
    disruptive: false,
    idempotent: true,
  }),
  actionTool({
    name: 'remove_from_load_balancer_rule',
    title: 'Remove VMs from a load balancer rule',
    description: 'Removes VMs from a load balancer rule and waits for the job; they stop receiving its traffic.',
    command: 'removeFromLoadBalancerRule',
    fields: { id: 'The load balancer rule id.', virtualmachineids: members('remove') },
    disruptive: true,
    idempotent: true,
  }),
  deleteTool({
    name: 'delete_load_balancer_rule',
    title: 'Delete a load balancer rule',
    description: 'Deletes a load balancer rule and waits for the job; its members stop receiving traffic.',
    command: 'deleteLoadBalancerRule',
    fields: { id: 'The load balancer rule id (list_load_balancer_rules).' },
  }),
]);
