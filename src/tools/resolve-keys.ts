/**
 * How a call's parameters name the resource it acts on: the key the resolver looks it up by, and the locators
 * that read one from a command's canonical parameters. resolve-table.ts says which locator each command uses.
 */
import type { CloudStackParams } from '../cloudstack/params.js';
import type { ResolvedResource, ResourceKind } from '../policy/resources.js';
import { canonicalId } from './canonical-value.js';

/**
 * Something the call names that is not itself a resource the policy looks up, but belongs to one: a VM snapshot
 * to its VM, a port-forwarding rule to its public IP. Listed by `command` with `idParam=id`; `field` of the item
 * found is the owner's id.
 */
export interface Via {
  /** `VM snapshot`, for messages. */
  readonly what: string;
  readonly command: string;
  readonly params: CloudStackParams;
  readonly idParam: string;
  readonly id: string;
  readonly field: string;
}

/**
 * How to find one resource: by id; a volume by the VM it is attached to and its device number; a security group by
 * its name (unique per account) or by one of its rules; a resource through something of its own (`via`).
 */
export type ResourceKey =
  | { readonly kind: ResourceKind; readonly id: string }
  | { readonly kind: 'volume'; readonly virtualmachineid: string; readonly deviceid: number }
  | { readonly kind: 'securitygroup'; readonly securitygroupname: string; readonly account?: string; readonly domainid?: string }
  | { readonly kind: 'securitygroup'; readonly ruleid: string }
  | { readonly kind: ResourceKind; readonly via: Via }
  /** Several resources in one call (tags on many VMs): the resolver checks one per call and refuses to guess. */
  | { readonly kind: ResourceKind; readonly several: readonly string[] };

export interface Locator {
  readonly kind: ResourceKind;
  /** The key from the canonical parameters; undefined when the call names no such resource. */
  readonly key: (params: CloudStackParams) => ResourceKey | undefined;
  /**
   * When the parameters do not name it: the key read from the resolved resource (a detached volume's VM), so the
   * target is looked up after the resource.
   */
  readonly fromResource?: (resource: ResolvedResource) => ResourceKey | undefined;
  /** Why a call that names no key cannot be judged (a tag's resource type the policy does not look up). */
  readonly unknownWhy?: (params: CloudStackParams) => string;
}

export interface CommandResources {
  readonly resource?: Locator;
  readonly target?: Locator;
  /**
   * Set when the command acts on something the policy cannot look up: a `resource.`/`target.` rule then refuses
   * the call instead of finding nothing to match (fail closed).
   */
  readonly unknown?: string;
}

export function text(params: CloudStackParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The string elements of a list parameter (canonical calls hold lists as arrays). */
export function ids(params: CloudStackParams, name: string): string[] {
  const value = params[name];
  if (typeof value === 'string' && value !== '') return value.split(',');
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string' && id !== '') : [];
}

/** One id, several, or none. */
export function oneOrSeveral(kind: ResourceKind, found: readonly string[]): ResourceKey | undefined {
  if (found.length === 0) return undefined;
  return found.length === 1 ? { kind, id: found[0]! } : { kind, several: [...new Set(found)] };
}

/** The resource named by one id parameter. */
export function byId(kind: ResourceKind, name: string): Locator {
  return { kind, key: (params) => { const id = text(params, name); return id === undefined ? undefined : { kind, id }; } };
}

/** The first of several locators of one kind that finds a key (`id`, else a name). */
export function firstOf(kind: ResourceKind, ...locators: readonly Locator[]): Locator {
  return { kind, key: (params) => locators.map((locator) => locator.key(params)).find((key) => key !== undefined) };
}

/** A resource through something of its own, named by `param` (the VM of a VM snapshot). */
export function via(kind: ResourceKind, what: string, param: string, lookup: Omit<Via, 'what' | 'id'>): Locator {
  return {
    kind,
    key: (params) => {
      const id = text(params, param);
      return id === undefined ? undefined : { kind, via: { what, id, ...lookup } };
    },
  };
}

/** VMs by `virtualmachineids`, or by the `vmid` of each `vmidipmap` entry (a load balancer's VM and its IP). */
export const vmsByIds: Locator = {
  kind: 'virtualmachine',
  key: (params) => {
    const map = Array.isArray(params.vmidipmap) ? params.vmidipmap : [];
    const mapped = map.flatMap((entry) => (typeof entry === 'object' && entry !== null && typeof (entry as Record<string, unknown>).vmid === 'string' ? [canonicalId(String((entry as Record<string, unknown>).vmid))] : []));
    return oneOrSeveral('virtualmachine', [...ids(params, 'virtualmachineids'), ...mapped]);
  },
};
