/**
 * The resources a call acts on, as the policy sees them: their kinds, what CloudStack reports of one now, the
 * resolver that looks them up on demand, and the summary shown to a human approving the call.
 */

/** Resource kinds the resolver can look up in CloudStack; each has a fixed set of fields (resource-fields.ts). */
export type ResourceKind =
  | 'virtualmachine'
  | 'volume'
  | 'snapshot'
  | 'network'
  | 'publicipaddress'
  | 'host'
  | 'storagepool'
  | 'securitygroup'
  | 'firewallrule'
  | 'vpc'
  | 'template';

/**
 * A resource as CloudStack reports it right now, reduced to the fields a policy may test (`resource.state`,
 * `resource.tags.env`). Ids are lower-case; `tags` maps each tag key to its value.
 */
export interface ResolvedResource {
  readonly kind: ResourceKind;
  readonly id: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * Looks the call's resources up on demand: the gate asks only when a rule in force reads `resource.`/`target.`
 * (or a limit is scoped on the resource), so reads pay nothing otherwise. A resource that does not exist resolves
 * to `null`; a lookup that fails throws (the gate refuses the call: fail closed).
 */
export interface ResourceResolver {
  /** `undefined`: the call names no such resource (e.g. a migration that lets CloudStack pick the host). */
  resource(): Promise<ResolvedResource | null | undefined>;
  target(): Promise<ResolvedResource | null | undefined>;
  /** What the call names, before any lookup: lets a refusal say `virtualmachine 1f0c… does not exist`. */
  readonly resourceRef?: ResourceRef;
  readonly targetRef?: ResourceRef;
  /**
   * Why the call's resource or target cannot be known (a command whose resource the resolver cannot look up): a
   * rule that reads it refuses the call rather than find nothing to match (fail closed, unresolved.ts).
   */
  readonly unknown?: { readonly resource?: string; readonly target?: string };
}

export interface ResourceRef {
  readonly kind: ResourceKind;
  readonly id: string;
}

/**
 * The resolved resource as shown to a human approving a call and in the audit record, next to the arguments:
 * enough to recognise it (name, state, zone, owner, tags), not only a UUID.
 */
export interface ResourceSummary {
  readonly kind: ResourceKind;
  readonly id: string;
  readonly name?: string;
  readonly state?: string;
  readonly zone?: string;
  readonly account?: string;
  readonly domain?: string;
  readonly tags?: Readonly<Record<string, string>>;
}
