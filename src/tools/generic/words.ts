/**
 * The words of CloudStack command names and of an operator's phrasing, brought to one vocabulary so they can be
 * compared: camel-case split (acronyms kept whole: `listVPCs` → list, vpc), plurals and -ing folded, and the
 * operator's everyday words (vm, instance, disk, k8s, lb) mapped to the words CloudStack's names use.
 */

/** `listSSHKeyPairs` → [list, SSH, Key, Pairs]; `listVPCs` → [list, VPCs]; `listIpv6FirewallRules` → [list, Ipv6, Firewall, Rules]. */
export function camelWords(name: string): string[] {
  return name.match(/[A-Z]{2,}s(?=[A-Z]|$)|[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+/g) ?? [];
}

/** One form per word: lower case, plural and -ing folded (`policies` → policy, `addresses` → address, `forwarding` → forward). */
export function stem(word: string): string {
  let lower = word.toLowerCase();
  if (lower.length > 5 && lower.endsWith('ing')) lower = lower.slice(0, -3);
  if (lower.length > 4 && lower.endsWith('ies')) return `${lower.slice(0, -3)}y`;
  if (lower.length > 4 && /(ss|x|ch|sh)es$/.test(lower)) return lower.slice(0, -2);
  if (lower.length >= 3 && lower.endsWith('s') && !/(ss|us)$/.test(lower)) return lower.slice(0, -1); // vms → vm, ips → ip
  return lower;
}

/**
 * An operator's verb → the first words of the commands that do it. A query word found here is matched against a
 * command's verb only.
 */
export const VERBS: Readonly<Record<string, readonly string[]>> = {
  list: ['list', 'get', 'query', 'find'], show: ['list', 'get', 'query', 'find'], display: ['list', 'get', 'query'],
  get: ['get', 'list', 'query', 'find'], find: ['find', 'list', 'get'], view: ['list', 'get'], see: ['list', 'get'],
  fetch: ['get', 'list'], read: ['get', 'list'], check: ['check', 'get', 'list', 'query'], query: ['query', 'get', 'list'],
  create: ['create', 'add', 'register', 'deploy'], add: ['add', 'create', 'register', 'assign', 'authorize'],
  new: ['create', 'add', 'register', 'deploy'], make: ['create', 'add'], open: ['create', 'authorize', 'add'],
  register: ['register', 'add', 'create'], deploy: ['deploy', 'create'], launch: ['deploy', 'create', 'start'],
  delete: ['delete', 'remove', 'destroy', 'disassociate', 'revoke'], remove: ['remove', 'delete', 'destroy', 'disassociate', 'revoke'],
  drop: ['delete', 'remove'], destroy: ['destroy', 'delete', 'expunge'], expunge: ['expunge'], purge: ['purge', 'expunge'],
  update: ['update', 'change', 'set', 'edit', 'modify'], change: ['change', 'update'], modify: ['update', 'change'],
  edit: ['update', 'edit'], rename: ['update'], set: ['set', 'update', 'change', 'configure'],
  start: ['start'], boot: ['start'], stop: ['stop'], shutdown: ['stop'], halt: ['stop'],
  reboot: ['reboot', 'restart'], restart: ['restart', 'reboot'],
  scale: ['scale', 'resize'], resize: ['resize', 'scale'], grow: ['resize', 'scale'], shrink: ['resize', 'scale'],
  attach: ['attach', 'add', 'assign'], detach: ['detach', 'remove'], enable: ['enable'], disable: ['disable'],
  assign: ['assign', 'add'], unassign: ['remove'], migrate: ['migrate', 'move'], move: ['move', 'migrate'],
  restore: ['restore', 'revert', 'recover'], recover: ['recover', 'restore'], revert: ['revert', 'restore'],
  undelete: ['recover'], reset: ['reset'], upgrade: ['upgrade'], upload: ['upload', 'get'], import: ['import'],
  export: ['extract'], extract: ['extract'], download: ['extract'], acquire: ['associate', 'acquire', 'reserve'],
  allocate: ['associate', 'acquire'], associate: ['associate'], reserve: ['reserve'], release: ['release', 'disassociate'],
  disassociate: ['disassociate'], authorize: ['authorize'], allow: ['authorize', 'create'], revoke: ['revoke'],
  deny: ['revoke'], archive: ['archive'], copy: ['copy'], clone: ['copy'], lock: ['lock'], cancel: ['cancel'],
  prepare: ['prepare'], configure: ['configure', 'update'], dedicate: ['dedicate'], generate: ['generate'],
  issue: ['issue'], login: ['login'], logout: ['logout'], link: ['link'], unmanage: ['unmanage'], sync: ['sync'],
  trigger: ['trigger'], validate: ['validate'], verify: ['verify'], run: ['run', 'execute'], execute: ['execute', 'run'],
  replace: ['replace'], patch: ['patch'], provision: ['provision'], discover: ['discover'], declare: ['declare'],
};

/** Everyday words → the word sequences CloudStack's names use for them (any one alternative will do). */
export const SYNONYMS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  vm: [['virtual', 'machine'], ['vm']],
  instance: [['virtual', 'machine'], ['instance'], ['vm']],
  server: [['virtual', 'machine'], ['server']],
  machine: [['machine']],
  disk: [['volume'], ['disk']],
  k8s: [['kubernetes']],
  kube: [['kubernetes']],
  kubeconfig: [['kubernetes', 'cluster', 'config']],
  lb: [['load', 'balancer'], ['lb']],
  balancer: [['balancer']],
  ip: [['ip']],
  address: [['address'], ['ip']],
  keypair: [['key', 'pair']],
  sshkey: [['ssh', 'key']],
  acl: [['acl']],
  offering: [['offering']],
  plan: [['offering'], ['plan']],
  firewall: [['firewall']],
  dns: [['dns']],
  autoscale: [['auto', 'scale']],
  autoscaling: [['auto', 'scale']],
  pf: [['port', 'forward']],
  nat: [['nat']],
  job: [['job']],
  os: [['os']],
  metric: [['metric']],
  usage: [['usage']],
  tag: [['tag']],
  label: [['tag']],
  snapshot: [['snapshot']],
  image: [['template'], ['iso'], ['image']],
  password: [['password']],
  limit: [['limit']],
  permission: [['permission']],
  quota: [['quota']],
  gateway: [['gateway']],
  sticky: [['stickiness']],
};

/** First words of command names that are not verbs (`quotaBalance`, `ldapCreateAccount`): part of the object. */
export const NOUN_PREFIXES: ReadonlySet<string> = new Set(['quota', 'cloudian', 'ldap']);

/** Words that carry no meaning in a search. */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'of', 'for', 'to', 'in', 'on', 'at', 'my', 'our', 'all', 'with', 'from', 'by', 'into', 'onto', 'and',
  'or', 'another', 'other', 'some', 'any', 'please', 'me', 'i', 'we', 'want', 'how', 'do', 'can', 'is', 'are', 'it', 'its',
  'this', 'that', 'which', 'what', 'there', 'current', 'existing', 'cloudstack', 'command', 'as',
]);
