/** Every command the simulator models, registered by domain; dispatch answers the other catalogued ones with its fallback. */
import { registerAccounts } from './accounts.js';
import { registerNetworkCleanup } from './cleanup-network.js';
import { registerStorageCleanup } from './cleanup-storage.js';
import { registerDiscovery } from './discovery.js';
import { registerEgress } from './egress.js';
import { registerInfrastructure } from './infra.js';
import { registerIsos } from './isos.js';
import { registerJobCommands } from './jobs.js';
import { registerLoadBalancer } from './load-balancer.js';
import { registerMigration } from './migrate.js';
import { registerNetwork } from './network.js';
import { registerOfferings } from './offerings.js';
import { registerPortForwarding } from './port-forwarding.js';
import type { CommandTable } from './registry.js';
import { registerSecurity } from './security.js';
import { registerSshKeys } from './ssh-keys.js';
import { registerStorage } from './storage.js';
import { registerTags } from './tags.js';
import { registerTemplates } from './templates.js';
import { registerVmChanges } from './vm-change.js';
import { registerDeploy } from './vm-deploy.js';
import { registerVmLifecycle } from './vm-lifecycle.js';
import { registerVmLists } from './vm-list.js';
import { registerVmSnapshots } from './vm-snapshots.js';
import { registerVpc } from './vpc.js';

const DOMAINS = [
  registerVmLists, registerVmLifecycle, registerDeploy, registerVmChanges, registerMigration, registerJobCommands,
  registerInfrastructure, registerStorage, registerNetwork, registerOfferings, registerAccounts, registerSecurity,
  registerTags, registerNetworkCleanup, registerStorageCleanup, registerSshKeys,
  registerPortForwarding, registerLoadBalancer, registerVpc, registerEgress,
  registerVmSnapshots, registerTemplates, registerIsos, registerDiscovery,
];

export function buildCommandTable(): CommandTable {
  const table: CommandTable = new Map();
  for (const register of DOMAINS) register(table);
  return table;
}
