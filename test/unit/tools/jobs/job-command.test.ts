import { describe, expect, it } from 'vitest';
import { buildCommandTable } from '../../../../src/simulator/commands/index.js';
import { TOOLS } from '../../../../src/tools/all.js';
import { commandForJobClass } from '../../../../src/tools/jobs/job-command.js';

describe('commandForJobClass', () => {
  it('maps every async command’s Java class (as the simulator reports it, after CloudStack) back to its API name', () => {
    const async = [...buildCommandTable()].filter(([, entry]) => entry.kind === 'async');
    expect(async.length).toBeGreaterThan(40);
    for (const [name, entry] of async) expect(commandForJobClass(entry.javaClass), entry.javaClass).toBe(name);
  });

  it('covers the command of every async tool', () => {
    const table = buildCommandTable();
    for (const tool of TOOLS.filter((candidate) => candidate.async)) {
      const entry = table.get(tool.command);
      expect(entry, tool.command).toBeDefined();
      expect(commandForJobClass(entry!.javaClass)).toBe(tool.command);
    }
  });

  it.each([
    ['org.apache.cloudstack.api.command.admin.vm.MigrateVMCmd', 'migrateVirtualMachine'],
    ['org.apache.cloudstack.api.command.user.address.AssociateIPAddrCmd', 'associateIpAddress'],
    ['org.apache.cloudstack.api.command.user.vm.ResetVMPasswordCmd', 'resetPasswordForVirtualMachine'],
    ['org.apache.cloudstack.api.command.admin.vm.DeployVMCmdByAdmin', 'deployVirtualMachine'],
  ])('%s → %s', (cmd, command) => {
    expect(commandForJobClass(cmd)).toBe(command);
  });

  it('gives undefined for a class that names no catalogued command, or no class', () => {
    expect(commandForJobClass('com.example.plugin.FrobnicateWidgetCmd')).toBeUndefined();
    expect(commandForJobClass(undefined)).toBeUndefined();
    expect(commandForJobClass('')).toBeUndefined();
  });
});
