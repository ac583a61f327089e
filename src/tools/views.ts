/**
 * How each kind of CloudStack object is shown to a human or an agent in the result text: a noun and the default
 * field set of a list's table (the fields that identify it and say its state). Everything else stays in
 * structuredContent; an agent asks for other fields with `fields` (list and get tools).
 */
export interface ResourceView {
  readonly noun: string;
  readonly columns: readonly string[];
}

/** Every view by the CloudStack object key it shows (the README's default-field table is generated from it). */
export const VIEWS: Readonly<Record<string, ResourceView>> = {
  virtualmachine: { noun: 'virtual machine', columns: ['id', 'name', 'state', 'zonename', 'hostname', 'serviceofferingname'] },
  virtualmachinemetrics: { noun: 'virtual machine', columns: ['id', 'name', 'state', 'cpuused', 'memorykbs', 'networkkbsread', 'networkkbswrite'] },
  volume: { noun: 'volume', columns: ['id', 'name', 'type', 'state', 'size', 'vmname', 'zonename'] },
  snapshot: { noun: 'snapshot', columns: ['id', 'name', 'state', 'volumename', 'created'] },
  network: { noun: 'network', columns: ['id', 'name', 'type', 'state', 'cidr', 'zonename'] },
  publicipaddress: { noun: 'public IP address', columns: ['id', 'ipaddress', 'state', 'isstaticnat', 'virtualmachinename', 'zonename'] },
  ipaddress: { noun: 'public IP address', columns: ['id', 'ipaddress', 'state', 'zonename'] },
  firewallrule: { noun: 'firewall rule', columns: ['id', 'protocol', 'startport', 'endport', 'cidrlist', 'state'] },
  loadbalancerrule: { noun: 'load balancer rule', columns: ['id', 'name', 'publicip', 'publicport', 'privateport', 'algorithm', 'state'] },
  event: { noun: 'event', columns: ['id', 'type', 'level', 'state', 'created', 'description'] },
  alert: { noun: 'alert', columns: ['id', 'type', 'name', 'sent', 'description'] },
  capacity: { noun: 'capacity', columns: ['type', 'name', 'zonename', 'capacityused', 'capacitytotal', 'percentused'] },
  asyncjobs: { noun: 'async job', columns: ['jobid', 'cmd', 'jobstatus', 'jobinstancetype', 'jobinstanceid', 'created'] },
  account: { noun: 'account', columns: ['id', 'name', 'accounttype', 'domain', 'state'] },
  user: { noun: 'user', columns: ['id', 'username', 'account', 'domain', 'state'] },
  domain: { noun: 'domain', columns: ['id', 'name', 'level', 'parentdomainname'] },
  usagerecord: { noun: 'usage record', columns: ['usagetype', 'description', 'usage', 'account', 'startdate', 'enddate'] },
  zone: { noun: 'zone', columns: ['id', 'name', 'networktype', 'allocationstate'] },
  template: { noun: 'template', columns: ['id', 'name', 'ostypename', 'hypervisor', 'isready', 'zonename'] },
  host: { noun: 'host', columns: ['id', 'name', 'state', 'resourcestate', 'clustername', 'suitableformigration', 'requiresStorageMotion'] },
  cluster: { noun: 'cluster', columns: ['id', 'name', 'hypervisortype', 'allocationstate', 'zonename'] },
  storagepool: { noun: 'storage pool', columns: ['id', 'name', 'state', 'scope', 'type', 'clustername', 'zonename'] },
  systemvm: { noun: 'system VM', columns: ['id', 'name', 'systemvmtype', 'state', 'hostname', 'zonename'] },
  serviceoffering: { noun: 'service offering', columns: ['id', 'name', 'cpunumber', 'cpuspeed', 'memory'] },
  sshkeypair: { noun: 'SSH key pair', columns: ['id', 'name', 'fingerprint', 'account'] },
  keypair: { noun: 'SSH key pair', columns: ['id', 'name', 'fingerprint', 'account'] },
  securitygroup: { noun: 'security group', columns: ['id', 'name', 'description', 'account'] },
  job: { noun: 'async job', columns: ['jobid', 'cmd', 'jobstatus', 'jobresultcode', 'jobinstanceid'] },
  diskoffering: { noun: 'disk offering', columns: ['id', 'name', 'disksize', 'iscustomized', 'storagetype'] },
  networkoffering: { noun: 'network offering', columns: ['id', 'name', 'guestiptype', 'state', 'forvpc', 'isdefault'] },
  vpc: { noun: 'VPC', columns: ['id', 'name', 'cidr', 'state', 'vpcofferingname', 'zonename'] },
  vpcoffering: { noun: 'VPC offering', columns: ['id', 'name', 'state', 'isdefault'] },
  pod: { noun: 'pod', columns: ['id', 'name', 'gateway', 'netmask', 'allocationstate', 'zonename'] },
  ostype: { noun: 'OS type', columns: ['id', 'description', 'oscategoryname'] },
  iso: { noun: 'ISO', columns: ['id', 'name', 'ostypename', 'bootable', 'isready', 'zonename'] },
  portforwardingrule: { noun: 'port forwarding rule', columns: ['id', 'ipaddress', 'protocol', 'publicport', 'privateport', 'virtualmachinename', 'state'] },
  loadbalancer: { noun: 'load balancer rule', columns: ['id', 'name', 'publicip', 'publicport', 'privateport', 'algorithm', 'state'] },
  vmsnapshot: { noun: 'VM snapshot', columns: ['id', 'name', 'state', 'type', 'current', 'virtualmachinename', 'created'] },
  tag: { noun: 'tag', columns: ['key', 'value', 'resourcetype', 'resourceid', 'account'] },
  affinitygroup: { noun: 'affinity group', columns: ['id', 'name', 'type', 'account'] },
  project: { noun: 'project', columns: ['id', 'name', 'state', 'domain', 'owner'] },
};

const FALLBACK: ResourceView = { noun: 'item', columns: ['id', 'name', 'state'] };

export function viewFor(resource: string | undefined): ResourceView {
  return (resource !== undefined && VIEWS[resource]) || FALLBACK;
}
