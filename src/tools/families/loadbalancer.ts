/** Load balancer family: rules created, given members, stripped of them and deleted (listing is in network.ts). */
import { defineTools } from '../define.js';
import { actionTool, BY_NAME, createTool, deleteTool } from '../kinds.js';
import { ARGUMENT_MEANINGS } from '../field-meanings.js';
import { cidrList, oneOf, port, uuidList } from '../schemas.js';

const ALGORITHMS = ['roundrobin', 'leastconn', 'source'] as const;
const LB_PROTOCOLS = ['tcp', 'udp', 'tcp-proxy'] as const;
const members = uuidList();

export const LOAD_BALANCER_FAMILY_TOOLS = defineTools('network', [
  createTool({
    name: 'create_load_balancer_rule',
    title: 'Create a load balancer rule',
    description:
      'Balances a public port of an acquired IP (publicipid) across VMs\' private port; add the VMs with ' +
      'assign_to_load_balancer_rule.',
    command: 'createLoadBalancerRule',
    resource: 'loadbalancer',
    fields: {
      name: BY_NAME,
      publicipid: BY_NAME,
      algorithm: oneOf(ALGORITHMS),
      publicport: port(),
      privateport: port(),
      protocol: oneOf(LB_PROTOCOLS, 'Default tcp.').optional(),
      networkid: 'The VMs\' network, if the IP has none yet.',
      cidrlist: cidrList(ARGUMENT_MEANINGS.forwardCidrlist).optional(),
      openfirewall: ARGUMENT_MEANINGS.openfirewall,
      description: BY_NAME,
    },
  }),
  actionTool({
    name: 'assign_to_load_balancer_rule',
    title: 'Add VMs to a load balancer rule',
    description: 'Adds VMs on the rule\'s network to a load balancer rule (list_load_balancer_rules).',
    command: 'assignToLoadBalancerRule',
    fields: { id: BY_NAME, virtualmachineids: members },
    disruptive: false,
    idempotent: true,
  }),
  actionTool({
    name: 'remove_from_load_balancer_rule',
    title: 'Remove VMs from a load balancer rule',
    description: 'Removes VMs from a load balancer rule; they stop receiving its traffic.',
    command: 'removeFromLoadBalancerRule',
    fields: { id: BY_NAME, virtualmachineids: members },
    disruptive: true,
    idempotent: true,
  }),
  deleteTool({
    name: 'delete_load_balancer_rule',
    title: 'Delete a load balancer rule',
    description: 'Deletes a load balancer rule (list_load_balancer_rules); its members stop receiving traffic.',
    command: 'deleteLoadBalancerRule',
    fields: { id: BY_NAME },
  }),
]);
