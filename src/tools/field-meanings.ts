/**
 * The field dictionary: what a field means, written once for every tool that has it, so the same argument reads the
 * same on every tool and no tool pays for a longer wording of it. A field needs words only where its name and its
 * tool's description leave something out: `zoneid` on a list tool filters by zone, a delete tool's `id` is what it
 * deletes, `virtualmachineid` comes from list_virtual_machines; but a list's `name` matches exactly (`keyword`
 * searches), and a port range's end defaults to its start. Units (GB, MB) and what a default does are always said.
 *
 * A catalog field declared `BY_NAME` (kind-fields.ts) takes its meaning from here, or goes undescribed.
 */

/** The filters of list tools. */
export const FILTER_MEANINGS: Readonly<Record<string, string>> = {
  name: 'Exact name.',
  // Free text CloudStack matches against its hypervisor names: the examples show how they are spelled.
  hypervisor: 'KVM, VMware, XenServer ...',
};

/** The arguments of write tools (create, action, delete) and their zod-built fields. */
export const ARGUMENT_MEANINGS = {
  startport: 'First port.',
  endport: 'Last port (default: startport).',
  icmptype: 'ICMP type (-1: all).',
  icmpcode: 'ICMP code (-1: all).',
  cidrlist: 'Source CIDRs (default 0.0.0.0/0).',
  // CloudStack opens a PF or LB rule's ports with createRuleForAllCidrs: cidrlist never narrows that firewall rule.
  openfirewall: 'Also open the public ports to 0.0.0.0/0, whatever cidrlist says (default true outside a VPC); false: open them with create_firewall_rule.',
  forwardCidrlist: 'Source CIDRs, VPC tiers only (older CloudStack refuses it); it does not narrow openfirewall.',
} as const satisfies Readonly<Record<string, string>>;

/** The name an SSH key pair is created or registered under. */
export const KEY_PAIR_NAME = 'Unique in the account.';

/** CloudStack's account types (accounts and users). */
export const ACCOUNT_TYPE = '0 user, 1 root admin, 2 domain admin.';

/** The state filter of offerings and the allocation state of pods: CloudStack's two allocation states. */
export const ENABLED_OR_DISABLED = 'Enabled or Disabled.';

/** The two forms CloudStack takes dates in (listEvents, listAsyncJobs). */
export const DATE = 'yyyy-MM-dd[ HH:mm:ss].';

/** `networkid` / `vmguestip` next to a VM on static NAT and port forwarding. */
export const VM_NETWORK = 'The VM\'s network, if it has several NICs.';
export const VM_GUEST_IP = 'A secondary guest IP of the VM.';

export type FieldKind = 'filter' | 'argument';

export function meaningOf(kind: FieldKind, name: string): string | undefined {
  const meanings: Readonly<Record<string, string>> = kind === 'filter' ? FILTER_MEANINGS : ARGUMENT_MEANINGS;
  return Object.hasOwn(meanings, name) ? meanings[name] : undefined;
}
