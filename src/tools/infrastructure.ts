/** Infrastructure tools: zones, templates, hosts, clusters, storage pools, system VMs, service offerings. */
import { defineTools } from './define.js';
import { listTool } from './kinds.js';
import { flag, oneOf, positiveInt, text, uuid } from './schemas.js';
import { VM_STATES } from './vm-fields.js';

const TEMPLATE_FILTERS = ['featured', 'self', 'selfexecutable', 'sharedexecutable', 'executable', 'community', 'all'] as const;
const HOST_TYPES = ['Routing', 'SecondaryStorage', 'SecondaryStorageVM', 'ConsoleProxy', 'Storage', 'LocalSecondaryStorage'] as const;
const HOST_STATES = ['Creating', 'Connecting', 'Up', 'Down', 'Disconnected', 'Alert', 'Error', 'Rebalancing', 'Removed'] as const;

export const INFRASTRUCTURE_TOOLS = defineTools('infrastructure', [
  listTool({
    name: 'list_zones',
    title: 'List zones',
    description: 'Lists zones (data centres) with their network type (Basic/Advanced) and state. Start here for deployments.',
    command: 'listZones',
    resource: 'zone',
    owner: false,
    fields: {
      id: uuid('Only this zone.').optional(),
      name: text('Exact zone name.').optional(),
      available: flag('Only zones available to the caller.').optional(),
      networktype: oneOf(['Basic', 'Advanced'] as const, 'Basic or Advanced.').optional(),
      showcapacities: flag('Include capacity figures.').optional(),
    },
  }),
  listTool({
    name: 'list_templates',
    title: 'List templates',
    description:
      'Lists VM templates (OS images) usable for deploy_virtual_machine. templatefilter defaults to featured; use ' +
      'executable for everything you can deploy, self for your own.',
    command: 'listTemplates',
    resource: 'template',
    fields: {
      templatefilter: oneOf(TEMPLATE_FILTERS, 'Which templates: featured (default), self, selfexecutable, sharedexecutable, executable, community, all.').default('featured'),
      id: uuid('Only this template.').optional(),
      name: text('Exact template name.').optional(),
      zoneid: uuid('Only templates available in this zone.').optional(),
      hypervisor: text('Only templates for this hypervisor (KVM, VMware, XenServer ...).').optional(),
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
      id: uuid('Only this host.').optional(),
      name: text('Exact host name.').optional(),
      zoneid: uuid('Only hosts in this zone.').optional(),
      podid: uuid('Only hosts in this pod.').optional(),
      clusterid: uuid('Only hosts in this cluster.').optional(),
      type: oneOf(HOST_TYPES, 'Host type; hypervisors are Routing.').optional(),
      state: oneOf(HOST_STATES, 'Only hosts in this state.').optional(),
      resourcestate: text('Enabled, Disabled, Maintenance, PrepareForMaintenance ...').optional(),
      hypervisor: text('Only this hypervisor type.').optional(),
      virtualmachineid: uuid('The host running this VM.').optional(),
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
      id: uuid('Only this cluster.').optional(),
      name: text('Exact cluster name.').optional(),
      zoneid: uuid('Only clusters in this zone.').optional(),
      podid: uuid('Only clusters in this pod.').optional(),
      hypervisor: text('Only this hypervisor type.').optional(),
      allocationstate: oneOf(['Enabled', 'Disabled'] as const, 'Enabled or Disabled.').optional(),
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
      id: uuid('Only this pool.').optional(),
      name: text('Exact pool name.').optional(),
      zoneid: uuid('Only pools in this zone.').optional(),
      podid: uuid('Only pools in this pod.').optional(),
      clusterid: uuid('Only pools of this cluster.').optional(),
      scope: oneOf(['CLUSTER', 'ZONE', 'HOST'] as const, 'CLUSTER, ZONE or HOST.').optional(),
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
      id: uuid('Only this system VM.').optional(),
      name: text('Exact name.').optional(),
      zoneid: uuid('Only in this zone.').optional(),
      podid: uuid('Only in this pod.').optional(),
      hostid: uuid('Only on this host.').optional(),
      state: oneOf(VM_STATES, 'Only system VMs in this state.').optional(),
      systemvmtype: oneOf(['consoleproxy', 'secondarystoragevm'] as const, 'consoleproxy or secondarystoragevm.').optional(),
    },
  }),
  listTool({
    name: 'list_service_offerings',
    title: 'List service offerings',
    description:
      'Lists compute offerings (CPU count and speed, memory) for deploy_virtual_machine, scale_virtual_machine and ' +
      'change_service_offering_virtual_machine. With virtualmachineid: the offerings that VM can change to.',
    command: 'listServiceOfferings',
    resource: 'serviceoffering',
    owner: false,
    fields: {
      id: uuid('Only this offering.').optional(),
      name: text('Exact offering name.').optional(),
      domainid: uuid('Only offerings of this domain.').optional(),
      zoneid: uuid('Only offerings available in this zone.').optional(),
      virtualmachineid: uuid('Offerings this VM can change to.').optional(),
      cpunumber: positiveInt('Only offerings with this many CPUs.').optional(),
      memory: positiveInt('Only offerings with this much memory (MB).').optional(),
      issystem: flag('System VM offerings instead of user VM ones (admin).').optional(),
    },
  }),
]);
