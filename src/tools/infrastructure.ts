/** Infrastructure tools: zones, templates, hosts, clusters, storage pools, system VMs, service offerings. */
import { defineTools } from './define.js';
import { BY_NAME, listTool } from './kinds.js';
import { flag, oneOf, positiveInt, text, uuid } from './schemas.js';
import { VM_STATES } from './vm-fields.js';

const TEMPLATE_FILTERS = ['featured', 'self', 'selfexecutable', 'sharedexecutable', 'executable', 'community', 'all'] as const;
const HOST_TYPES = ['Routing', 'SecondaryStorage', 'SecondaryStorageVM', 'ConsoleProxy', 'Storage', 'LocalSecondaryStorage'] as const;
const HOST_STATES = ['Creating', 'Connecting', 'Up', 'Down', 'Disconnected', 'Alert', 'Error', 'Rebalancing', 'Removed'] as const;

export const INFRASTRUCTURE_TOOLS = defineTools('infrastructure', [
  listTool({
    name: 'list_zones',
    title: 'List zones',
    description: 'Lists zones (data centres) with their network type (Basic/Advanced) and state: the zoneid most tools need.',
    command: 'listZones',
    resource: 'zone',
    owner: false,
    fields: {
      id: BY_NAME,
      name: BY_NAME,
      available: flag('Only zones you can use.').optional(),
      networktype: oneOf(['Basic', 'Advanced'] as const).optional(),
      showcapacities: flag('Include capacity figures.').optional(),
    },
  }),
  listTool({
    name: 'list_templates',
    title: 'List templates',
    description:
      'Lists VM templates (OS images) for deploy_virtual_machine: templatefilter featured by default, executable for all you ' +
      'can deploy, self for your own.',
    command: 'listTemplates',
    resource: 'template',
    fields: {
      templatefilter: oneOf(TEMPLATE_FILTERS).default('featured'),
      id: BY_NAME,
      name: BY_NAME,
      zoneid: BY_NAME,
      hypervisor: BY_NAME,
    },
  }),
  listTool({
    name: 'list_hosts',
    title: 'List hosts',
    description: `Lists hypervisor and other hosts with state, resource state and cluster. Admin only.`,
    command: 'listHosts',
    resource: 'host',
    owner: false,
    fields: {
      id: BY_NAME,
      name: BY_NAME,
      zoneid: BY_NAME,
      podid: BY_NAME,
      clusterid: BY_NAME,
      type: oneOf(HOST_TYPES, 'Hypervisors are Routing.').optional(),
      state: oneOf(HOST_STATES).optional(),
      resourcestate: text('Enabled, Disabled, Maintenance, PrepareForMaintenance ...').optional(),
      hypervisor: BY_NAME,
      virtualmachineid: uuid('The host running it.').optional(),
    },
  }),
  listTool({
    name: 'list_clusters',
    title: 'List clusters',
    description: 'Lists host clusters with hypervisor type and allocation state. Admin only.',
    command: 'listClusters',
    resource: 'cluster',
    owner: false,
    fields: {
      id: BY_NAME,
      name: BY_NAME,
      zoneid: BY_NAME,
      podid: BY_NAME,
      hypervisor: BY_NAME,
      allocationstate: oneOf(['Enabled', 'Disabled'] as const).optional(),
    },
  }),
  listTool({
    name: 'list_storage_pools',
    title: 'List storage pools',
    description: 'Lists primary storage pools with scope, state and cluster: the storageid targets of migrate_virtual_machine. Admin only.',
    command: 'listStoragePools',
    resource: 'storagepool',
    owner: false,
    fields: {
      id: BY_NAME,
      name: BY_NAME,
      zoneid: BY_NAME,
      podid: BY_NAME,
      clusterid: BY_NAME,
      scope: oneOf(['CLUSTER', 'ZONE', 'HOST'] as const).optional(),
    },
  }),
  listTool({
    name: 'list_system_vms',
    title: 'List system VMs',
    description: 'Lists the console proxy and secondary storage system VMs with their state and host. Admin only.',
    command: 'listSystemVms',
    resource: 'systemvm',
    owner: false,
    fields: {
      id: BY_NAME,
      name: BY_NAME,
      zoneid: BY_NAME,
      podid: BY_NAME,
      hostid: uuid().optional(),
      state: oneOf(VM_STATES).optional(),
      systemvmtype: oneOf(['consoleproxy', 'secondarystoragevm'] as const).optional(),
    },
  }),
  listTool({
    name: 'list_service_offerings',
    title: 'List service offerings',
    description:
      'Lists compute offerings (CPUs, speed, memory): the serviceofferingid of deploying, scaling or changing a VM\'s ' +
      'offering (with virtualmachineid: those it can change to).',
    command: 'listServiceOfferings',
    resource: 'serviceoffering',
    owner: false,
    fields: {
      id: BY_NAME,
      name: BY_NAME,
      domainid: BY_NAME,
      zoneid: BY_NAME,
      virtualmachineid: BY_NAME,
      cpunumber: positiveInt().optional(),
      memory: positiveInt('MB.').optional(),
      issystem: flag('System VM offerings (admin).').optional(),
    },
  }),
]);
