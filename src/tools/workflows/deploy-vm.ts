/**
 * deploy_virtual_machine: in an Advanced zone CloudStack refuses a deployment without networks, while users
 * expect "my network" to be used. So without networkids we pick the caller's default isolated network, and
 * when that choice is not clear we stop and say so rather than guess.
 */
import { z } from 'zod';
import type { JsonObject } from '../../cloudstack/api.js';
import type { CloudStackParams } from '../../cloudstack/params.js';
import type { CanonicalCall } from '../canonical.js';
import { objectOutcome } from '../results.js';
import { flag, ownerFilters, positiveInt, text, uuid, uuidList } from '../schemas.js';
import { ToolError } from '../tool-error.js';
import type { ToolContext, ToolOutcome } from '../types.js';

/** CloudStack's rule for VM names (they become guest host names); anything else is a 431 from deployVirtualMachine. */
const HOST_NAME = /^[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

export const deployVirtualMachineInput = z.strictObject({
  serviceofferingid: uuid(),
  templateid: uuid(),
  zoneid: uuid(),
  name: z
    .string()
    .regex(HOST_NAME, 'must be a host name: 1-63 letters, digits and hyphens, starting with a letter, not ending with a hyphen')
    .describe('Host name: letters, digits, hyphens.')
    .optional(),
  displayname: text().optional(),
  networkids: uuidList('The first is the default NIC.').optional(),
  ...ownerFilters,
  group: text('Instance group name.').optional(),
  keypair: text('SSH key pair name (list_ssh_key_pairs).').optional(),
  diskofferingid: uuid('Adds a data disk (for an ISO: the root disk).').optional(),
  size: positiveInt('Data disk GB (custom offering).').optional(),
  rootdisksize: positiveInt('GB (grows the template\'s root disk).').optional(),
  hostid: uuid('Admin.').optional(),
  securitygroupids: uuidList().optional(),
  startvm: flag('Default true.').optional(),
});

/** States in which a network can take a new VM. */
const USABLE_NETWORK_STATES = new Set(['Allocated', 'Implemented', 'Setup']);

/**
 * Part of canonicalization, before the policy decides: without networkids the default network is chosen here and
 * becomes the call's `networkids`, so a rule on `params.networkids` sees the network that will be used. The first
 * read waits for the policy (prepare-reads.ts): a deploy refused whatever network is chosen (the tool denied, a
 * limit with no room) reads nothing. When the decision may depend on the call's values (a deny_if, a require, a
 * per-value limit) the reads stay: only they tell what the call sends, and the policy decides on that.
 */
export async function prepareDeployVirtualMachine(context: ToolContext, call: CanonicalCall): Promise<CanonicalCall> {
  if (call.params.networkids !== undefined) return call;
  const networkId = await defaultNetworkFor(context, call.params);
  return networkId ? { ...call, params: { ...call.params, networkids: [networkId] } } : call;
}

/** Sends the canonical call's parameters as they are: the object the policy decided on. */
export async function runDeployVirtualMachine(context: ToolContext, _args: Record<string, unknown>, call: CanonicalCall): Promise<ToolOutcome> {
  const job = await context.api.callAsync(call.command, call.params, { signal: context.signal, onProgress: context.onProgress });
  return objectOutcome(job.result, { title: 'Virtual machine', resource: 'virtualmachine', jobId: job.jobId, elapsedMs: job.elapsedMs, secretFields: ['password'] });
}

/** undefined for Basic zones and Advanced zones with security groups, where CloudStack picks the network itself. */
async function defaultNetworkFor(context: ToolContext, args: CloudStackParams): Promise<string | undefined> {
  const zoneid = String(args.zoneid);
  const zones = await context.api.list('listZones', { id: zoneid }, { signal: context.signal });
  const zone = zones.items[0];
  if (!zone) throw new ToolError('not_found', `Zone ${zoneid} not found (list_zones).`, { zoneid });
  if (zone.networktype !== 'Advanced' || zone.securitygroupsenabled === true) return undefined;

  const owner = { account: args.account, domainid: args.domainid };
  const networks = await context.api.list('listNetworks', { zoneid, type: 'Isolated', ...owner }, { signal: context.signal });
  const usable = networks.items.filter(
    (network) => network.type === 'Isolated' && USABLE_NETWORK_STATES.has(String(network.state)) && network.issystem !== true,
  );
  const defaults = usable.filter((network) => network.isdefault === true);
  const chosen = usable.length === 1 ? usable[0] : defaults.length === 1 ? defaults[0] : undefined;
  if (chosen) {
    context.logger.info('deploy: using the default isolated network', { networkid: chosen.id, zoneid });
    return String(chosen.id);
  }
  const candidates = usable.map(describeNetwork);
  const reason =
    usable.length === 0
      ? `Zone ${zoneid} is an Advanced zone and you have no usable isolated network there: create one with create_network, then pass its id as networkids.`
      : `Zone ${zoneid} is an Advanced zone and you have ${usable.length} isolated networks there, none of them the default: pass networkids (one of ${candidates.join('; ')}).`;
  throw new ToolError('network_required', reason, { zoneid, candidates: usable.map((network) => network.id) });
}

function describeNetwork(network: JsonObject): string {
  return `${String(network.id)} (${String(network.name ?? '')})`;
}
