/**
 * Which API command started a job, from its record's `cmd`: CloudStack reports the Java class of the command
 * (org.apache.cloudstack.api.command.admin.vm.MigrateVMCmd), not its API name (migrateVirtualMachine). The
 * class is the API name capitalized with `Cmd` appended, except for the abbreviations CloudStack's classes use
 * (VM, IPAddr, LB …); a class that names no catalogued command gives undefined (the caller shapes generically).
 */
import { knownCommands } from '../../cloudstack/catalog.js';

/** Abbreviations in CloudStack's command class names and what the API name spells out. */
const EXPANSIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/VM(?=[A-Z]|$)/g, 'VirtualMachine'],
  [/IPAddr(?=[A-Z]|$)/g, 'IpAddress'],
  [/IP(?=[A-Z]|$)/g, 'Ip'],
  [/LB(?=[A-Z]|$)/g, 'LoadBalancer'],
];

/** Classes whose name is not the API name at all. */
const IRREGULAR: Readonly<Record<string, string>> = {
  ResetVMPassword: 'resetPasswordForVirtualMachine',
};

let byLowerName: Map<string, string> | undefined;

function commandByLowerName(): Map<string, string> {
  byLowerName ??= new Map(knownCommands().map((name) => [name.toLowerCase(), name]));
  return byLowerName;
}

export function commandForJobClass(cmd: string | undefined): string | undefined {
  const className = cmd?.split('.').at(-1)?.replace(/Cmd(ByAdmin)?$/, '');
  if (!className) return undefined;
  if (Object.hasOwn(IRREGULAR, className)) return IRREGULAR[className];
  const names = commandByLowerName();
  const candidates = [className, EXPANSIONS.reduce((name, [pattern, full]) => name.replace(pattern, full), className)];
  // Each abbreviation alone as well: MigrateVirtualMachineWithVolumeCmd spells VM out, AssignToLBRuleCmd does not.
  for (const [pattern, full] of EXPANSIONS) candidates.push(className.replace(pattern, full));
  for (const candidate of candidates) {
    const found = names.get(candidate.toLowerCase());
    if (found) return found;
  }
  return undefined;
}
