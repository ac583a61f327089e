/**
 * Affinity groups at deployment: `affinitygroupids` or `affinitygroupnames` (not both) name groups of the
 * deployer's account; a host anti-affinity group keeps the new VM off the hosts its members run on.
 */
import { param, type CommandContext } from '../context.js';
import { ApiError, invalidId } from '../protocol.js';
import type { AffinityGroup } from '../world/types-families.js';

export function affinityGroupsFor(ctx: CommandContext): AffinityGroup[] {
  const ids = param(ctx, 'affinitygroupids');
  const names = param(ctx, 'affinitygroupnames');
  if (ids !== undefined && names !== undefined) throw new ApiError(431, 'affinityGroupNames parameter is mutually exclusive with affinityGroupIds parameter');
  const own = ctx.world.affinityGroups.filter((g) => g.accountid === ctx.caller.id);
  if (ids !== undefined) {
    return ids.split(',').map((id) => own.find((g) => g.id === id) ?? (() => { throw invalidId(ctx.command, 'affinitygroupids', id); })());
  }
  if (names !== undefined) {
    return names.split(',').map((name) => own.find((g) => g.name === name) ?? (() => { throw new ApiError(431, `Unable to find affinity group by name ${name}`); })());
  }
  return [];
}

/** The hosts a VM in these groups must avoid: where the members of its anti-affinity groups run. */
export function hostsToAvoid(ctx: CommandContext, groups: readonly AffinityGroup[]): Set<string> {
  const members = groups.filter((g) => g.type === 'host anti-affinity').flatMap((g) => g.virtualmachineids);
  return new Set(ctx.world.vms.filter((vm) => members.includes(vm.id) && vm.hostid).map((vm) => vm.hostid!));
}
