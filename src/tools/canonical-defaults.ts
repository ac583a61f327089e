/**
 * CloudStack's own defaults for the parameters that change what a command does, written out so that the policy
 * sees them and the client sends them: a rule without `cidrlist` is open to the world, a stop without `forced` is
 * graceful, a destroy without `expunge` stays recoverable. Keyed by command, so every tool (and the generic call
 * tool) that sends the command gets the same explicit defaults.
 */
import type { CloudStackParams } from '../cloudstack/params.js';

type Defaults = (params: CloudStackParams) => CloudStackParams;

const WORLD = ['0.0.0.0/0'];

/** Ingress: CloudStack's FirewallRule default source is 0.0.0.0/0 (CreateFirewallRuleCmd.getSourceCidrList). */
const worldSources: Defaults = (params) => (params.cidrlist === undefined ? { cidrlist: WORLD } : {});

/**
 * A security group rule names either CIDRs or other groups (usersecuritygrouplist); without either CloudStack
 * opens it to 0.0.0.0/0.
 */
const worldUnlessGroups: Defaults = (params) =>
  params.cidrlist === undefined && params.usersecuritygrouplist === undefined ? { cidrlist: WORLD } : {};

/**
 * Egress: the destination defaults to 0.0.0.0/0; the source (`cidrlist`) defaults to the guest network's own CIDR
 * (CreateEgressFirewallRuleCmd), which is not world-open, so it is left for CloudStack to fill.
 */
const worldDestinations: Defaults = (params) => (params.destcidrlist === undefined ? { destcidrlist: WORLD } : {});

const DEFAULTS: Readonly<Record<string, Defaults>> = {
  createFirewallRule: worldSources,
  createEgressFirewallRule: worldDestinations,
  authorizeSecurityGroupIngress: worldUnlessGroups,
  authorizeSecurityGroupEgress: worldUnlessGroups,
  stopVirtualMachine: (params) => (params.forced === undefined ? { forced: false } : {}),
  rebootVirtualMachine: (params) => (params.forced === undefined ? { forced: false } : {}),
  destroyVirtualMachine: (params) => (params.expunge === undefined ? { expunge: false } : {}),
  deployVirtualMachine: (params) => (params.startvm === undefined ? { startvm: true } : {}),
  // MigrateVMCmd.isAutoSelect() is BooleanUtils.isNotFalse: absent means CloudStack picks a host.
  migrateVirtualMachine: (params) => (params.autoselect === undefined ? { autoselect: true } : {}),
};

/** The parameters with every behaviour-changing default CloudStack would apply made explicit. */
export function withExplicitDefaults(command: string, params: CloudStackParams): CloudStackParams {
  const defaults = Object.hasOwn(DEFAULTS, command) ? DEFAULTS[command]! : undefined;
  return defaults ? { ...params, ...defaults(params) } : params;
}

/** Commands whose defaults are made explicit (for tests and documentation). */
export const COMMANDS_WITH_DEFAULTS: readonly string[] = Object.keys(DEFAULTS);
