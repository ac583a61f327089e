/**
 * Looking up a call's resources for the rules that read them. A resource that does not exist is refused here,
 * before any counter is touched, so made-up ids cannot fill the counter table; a lookup that fails refuses the
 * call and says why (fail closed): a rule about the cloud's state cannot be checked without the state.
 */
import type { ResourceNeeds } from './compile.js';
import type { Resolved } from './engine.js';
import type { ResolvedResource, ResourceRef, ResourceSummary } from './resources.js';
import type { ToolFacts } from './tool-facts.js';
import type { PolicyCall, PolicyRefusal } from './types.js';

export type Lookup = { readonly ok: true; readonly resolved: Resolved } | { readonly ok: false; readonly refusal: PolicyRefusal };

function missing(which: 'resource' | 'target', ref: ResourceRef | undefined, facts: ToolFacts | undefined, rule: string): PolicyRefusal {
  const kind = ref?.kind ?? (which === 'resource' ? facts?.resourceKind : facts?.targetKind);
  const what = ref ? `${ref.kind} ${ref.id}` : `the ${kind ?? (which === 'resource' ? 'resource' : 'target')} this call names`;
  return { decision: 'not_found', rule, reason: `${what} does not exist` };
}

async function lookUp(
  which: 'resource' | 'target',
  call: PolicyCall,
  facts: ToolFacts | undefined,
  rule: string,
): Promise<{ ok: true; value: ResolvedResource | undefined } | { ok: false; refusal: PolicyRefusal }> {
  const resolver = call.resources!;
  const ref = which === 'resource' ? resolver.resourceRef : resolver.targetRef;
  let value: ResolvedResource | null | undefined;
  try {
    value = await (which === 'resource' ? resolver.resource() : resolver.target());
  } catch (error) {
    const what = ref ? `${ref.kind} ${ref.id}` : `the ${which} of this call`;
    const why = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      refusal: { decision: 'lookup_failed', rule, reason: `cannot check the policy's rule: looking up ${what} in CloudStack failed (${why}); retry later` },
    };
  }
  if (value === null) return { ok: false, refusal: missing(which, ref, facts, rule) };
  return { ok: true, value };
}

/** Resolves what the rules need; a call without a resolver acts on no resource, so its rules see none. */
export async function resolveResources(call: PolicyCall, needs: ResourceNeeds, facts: ToolFacts | undefined): Promise<Lookup> {
  if (!call.resources) return { ok: true, resolved: {} };
  const resolved: { resource?: ResolvedResource; target?: ResolvedResource } = {};
  if (needs.resource) {
    const found = await lookUp('resource', call, facts, needs.resource);
    if (!found.ok) return found;
    if (found.value) resolved.resource = found.value;
  }
  if (needs.target) {
    const found = await lookUp('target', call, facts, needs.target);
    if (!found.ok) return found;
    if (found.value) resolved.target = found.value;
  }
  return { ok: true, resolved };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The fields a human recognises a resource by, for the approval question and the audit record. */
export function summarize(resource: ResolvedResource): ResourceSummary {
  const { fields } = resource;
  const tags = fields.tags !== null && typeof fields.tags === 'object' ? (fields.tags as Record<string, string>) : undefined;
  const summary: Record<string, unknown> = {
    kind: resource.kind,
    id: resource.id,
    name: text(fields.name),
    state: text(fields.state),
    zone: text(fields.zonename) ?? text(fields.zoneid),
    account: text(fields.account),
    domain: text(fields.domain),
    tags,
  };
  for (const key of Object.keys(summary)) if (summary[key] === undefined) delete summary[key];
  return summary as unknown as ResourceSummary;
}

export function summaries(resolved: Resolved): { resource?: ResourceSummary; target?: ResourceSummary } {
  return {
    ...(resolved.resource ? { resource: summarize(resolved.resource) } : {}),
    ...(resolved.target ? { target: summarize(resolved.target) } : {}),
  };
}
