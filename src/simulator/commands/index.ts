/** Every command the simulator answers, registered by domain. */
import { registerInfrastructure } from './infra.js';
import { registerJobCommands } from './jobs.js';
import { registerMigration } from './migrate.js';
import type { CommandTable } from './registry.js';
import { registerVmLifecycle } from './vm-lifecycle.js';
import { registerVmLists } from './vm-list.js';

export function buildCommandTable(): CommandTable {
  const table: CommandTable = new Map();
  for (const register of [registerVmLists, registerVmLifecycle, registerMigration, registerJobCommands, registerInfrastructure]) register(table);
  return table;
}
