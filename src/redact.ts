/**
 * Secrets never leave the process in logs, errors, audit records or snapshots. One place decides what a
 * secret is, so the logger, the audit log, error texts, tool results and the simulator's request log all agree.
 *
 * The names come from CloudStack's catalog (every parameter and response field of its 828 commands used for a
 * password, key, secret, token, pre-shared key, kubeconfig, private key or user data): the names below plus the
 * endings that follow them. test/unit/redact.test.ts lists every catalog field they match, and every
 * look-alike they must not (keypair, publickey, passwordenabled, ...), so a refreshed catalog with a new secret
 * field fails a test instead of leaking. A map entry labelled with such a name (`{key: "secretkey", value}`) holds
 * a secret in its `value`, whatever the map (redact).
 */
import { encodeValue } from './cloudstack/signer.js';
import { secretLabelsOf } from './redact-labels.js';

/** Names whose values are secrets, compared in lower case, beyond those the endings below already catch. */
const SECRET_NAMES = new Set([
  'signature',
  'userdata',
  // userdata's template variables (`userdatadetails`); a CNI configuration is registered as user data.
  'userdatadetails',
  'cniconfig',
  'cniconfigdetails',
  'token',
  'authorization',
  'sessionkey',
  // A TOTP seed (setupUserTwoFactorAuthentication) and a one-time code.
  'secretcode',
  'codefor2fa',
  // A Kubernetes cluster's kubeconfig (getKubernetesClusterConfig).
  'configdata',
  // Remote-access VPN pre-shared key (listRemoteAccessVpns); site-to-site is `ipsecpsk`, caught by its ending.
  'presharedkey',
  // S3 image store and bucket credentials.
  'accesskey',
  // LDAP bind and trust store passwords (ldapConfig).
  'bindpass',
  'truststorepass',
  'cloudstack_api_key',
  'cloudstack_secret_key',
  'cloudstack_mcp_token',
]);

export const REDACTED = '[REDACTED]';

/**
 * Name endings that make any name a secret: `details[0].password`, `vsmpassword`, `client_secret`,
 * `usersecretkey`, `userapikey`, `privatekey`, `ipsecpsk`.
 */
const SECRET_SUFFIXES = ['password', 'secret', 'secretkey', 'apikey', 'privatekey', 'psk'];

/**
 * Parameters whose generic name is a secret only for one command: addSwift's `key` is the Swift account key,
 * while `key` elsewhere names a tag or a detail. Keyed by the command in lower case.
 */
const SECRET_PARAMS_OF_COMMAND: Readonly<Record<string, readonly string[]>> = { addswift: ['key'] };

/**
 * What a field's name says about its value, remembered per name: every field of every answer, log line and
 * audit record is asked about, and CloudStack's field names are a few thousand. Bounded, because names in
 * arguments and answers are not ours. LABEL and VALUE are a map entry's `key` (or `name`) and `value`.
 */
const [PLAIN, SECRET, LABEL, VALUE] = [0, 1, 2, 3];
const roles = new Map<string, number>();
const MAX_KNOWN_NAMES = 20_000;

function roleOf(name: string): number {
  let role = roles.get(name);
  if (role === undefined) {
    const lower = name.toLowerCase();
    if (SECRET_NAMES.has(lower) || SECRET_SUFFIXES.some((suffix) => lower.endsWith(suffix))) role = SECRET;
    else role = lower === 'key' || lower === 'name' ? LABEL : lower === 'value' ? VALUE : PLAIN;
    if (roles.size < MAX_KNOWN_NAMES) roles.set(name, role);
  }
  return role;
}

export const isSecretName = (name: string): boolean => roleOf(name) === SECRET;

/** Each command's own secret parameters by the command's spelling as sent (bounded like the roles). */
const ownSecretParams = new Map<string, readonly string[]>();
const NONE: readonly string[] = [];

/** Whether `name` sent with `command` carries a secret: the names above, and the command's own secret parameters. */
export function isSecretParam(command: string, name: string): boolean {
  if (isSecretName(name)) return true;
  // Asked for every parameter of every call and record: the lower-cased lookup is made once per command.
  let own = ownSecretParams.get(command);
  if (own === undefined) {
    own = SECRET_PARAMS_OF_COMMAND[command.toLowerCase()] ?? NONE;
    if (ownSecretParams.size < MAX_KNOWN_NAMES) ownSecretParams.set(command, own);
  }
  return own.length > 0 && own.includes(name.toLowerCase());
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * `name=value` in a query string or form, for every secret name above (`privatekey=`, `details[0].password=`,
 * `token=`): the same names as `isSecretName`, so free text and structured fields cannot disagree. The `=` may
 * itself be percent-encoded (`%26signature%3D…` inside an echoed, encoded URL); the value then ends at `%26` (`&`).
 */
const SECRET_ASSIGNMENT = new RegExp(
  `((?:^|[^a-z0-9_]|%26|%3F)(?:${[...SECRET_NAMES].map(escape).join('|')}|[\\w.\\[\\]-]*(?:${SECRET_SUFFIXES.join('|')}))(?:=|%3D))(?:(?!%26)[^&\\s"'])*`,
  'gi',
);

/** Deeper than this, a value is replaced whole: hostile input cannot hang the walk, nor hide a secret below it. */
const MAX_DEPTH = 20;

/**
 * A deep copy with every secret replaced: secret-named fields; the `value` of a map entry whose `key` or `name` is
 * a secret name (CloudStack's `details[1].key=secretkey&details[1].value=…` of addImageStore, as given to the
 * generic tool: `{key: "secretkey", value: …}`; also updateConfiguration's `name`/`value`); and, under an object
 * naming a CloudStack `command` next to its `params` (call_cloudstack_api's arguments, an audit record), those
 * params under that command's own rules (addSwift's `key`), which a walk by names alone cannot know.
 */
export function redact<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return REDACTED as T;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1)) as T;
  return redactObject(value as Record<string, unknown>, depth, undefined) as T;
}

/** A command's parameters with every secret replaced: `redact`'s rules plus the command's own (addSwift's `key`). */
export function redactParams(command: string | undefined, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return redactObject(params, 0, command);
}

function redactObject(value: Readonly<Record<string, unknown>>, depth: number, command: string | undefined): Record<string, unknown> {
  const sends = typeof value.command === 'string' ? value.command : undefined;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const labels = command === undefined ? NONE : secretLabelsOf(command, key);
    if (isSecretField(value, key) || (command !== undefined && isSecretParam(command, key))) copy[key] = REDACTED;
    else if (labels.length > 0) copy[key] = withLabelledValues(redact(inner, depth + 1), labels);
    else if (sends !== undefined && key === 'params' && typeof inner === 'object' && inner !== null && !Array.isArray(inner)) copy[key] = depth < MAX_DEPTH ? redactObject(inner as Record<string, unknown>, depth + 1, sends) : REDACTED;
    else copy[key] = redact(inner, depth + 1);
  }
  return copy;
}

/**
 * A map parameter (an entry, an array of entries, or CloudStack's indexed form `{0: entry}`) with the value of each
 * entry labelled in `labels` replaced. Its input has been through `redact`, so it is finite and bounded in depth.
 */
function withLabelledValues(map: unknown, labels: readonly string[]): unknown {
  if (Array.isArray(map)) return map.map((entry) => withLabelledValues(entry, labels));
  if (typeof map !== 'object' || map === null) return map;
  const entries = Object.entries(map);
  if (entries.some(([key, label]) => roleOf(key) === LABEL && typeof label === 'string' && labels.includes(label.toLowerCase())))
    return Object.fromEntries(entries.map(([key, item]) => [key, roleOf(key) === VALUE ? REDACTED : item]));
  return Object.fromEntries(entries.map(([key, item]) => [key, typeof item === 'object' ? withLabelledValues(item, labels) : item]));
}

/**
 * Whether `entry[key]` holds a secret: a secret-named field, or the `value` of a map entry labelled with a secret
 * name. The entry's labels are looked at only for a field named `value`, so other objects cost nothing more.
 */
export function isSecretField(entry: Readonly<Record<string, unknown>>, key: string): boolean {
  const role = roleOf(key);
  return role === SECRET || (role === VALUE && labelsSecret(entry));
}

/**
 * Whether a map entry labelled `label` under `param` holds a secret in its value: a secret name, or a label secret
 * only under that command's map (redact-labels.ts). For flat parameters (`details[1].key=…`), as the simulator logs them.
 */
export function isSecretLabel(command: string, param: string, label: string): boolean {
  return isSecretName(label) || secretLabelsOf(command, param).includes(label.toLowerCase());
}

const labelsSecret = (entry: Readonly<Record<string, unknown>>): boolean =>
  Object.entries(entry).some(([key, label]) => roleOf(key) === LABEL && typeof label === 'string' && isSecretName(label));

/**
 * Every secret a command's parameters carry, as the texts sent: what `redactParams` replaces, found by comparing
 * the two, so what the client scrubs from CloudStack's error texts and what records leave out cannot disagree.
 */
export function secretParamValues(command: string, params: Readonly<Record<string, unknown>>): string[] {
  // Every request and job poll asks, and most carry only plain scalars: those are answered without a copy.
  const plain = ([name, value]: [string, unknown]) => (value === null || typeof value !== 'object') && !isSecretField(params, name) && !isSecretParam(command, name);
  if (Object.entries(params).every(plain)) return [];
  const found: string[] = [];
  replacedValues(params, redactParams(command, params), found, 0);
  return found;
}

function replacedValues(original: unknown, copy: unknown, found: string[], depth: number): void {
  if (copy === REDACTED && original !== REDACTED) leaves(original, found, depth);
  else if (typeof original === 'object' && original !== null && typeof copy === 'object' && copy !== null && depth <= MAX_DEPTH)
    for (const key of Object.keys(original)) replacedValues((original as Record<string, unknown>)[key], (copy as Record<string, unknown>)[key], found, depth + 1);
}

/** A secret's texts; not a boolean's, which would scrub every "true" from a text. */
function leaves(value: unknown, found: string[], depth: number): void {
  if (typeof value === 'string' || typeof value === 'number') found.push(String(value));
  else if (typeof value === 'object' && value !== null && depth <= MAX_DEPTH) for (const inner of Object.values(value)) leaves(inner, found, depth + 1);
}

/**
 * The forms a secret takes in text that passed through a URL or a form once or twice: as is, percent-encoded
 * the way browsers (encodeURIComponent) and Java (URLEncoder, as the signer) do, with `+` for spaces, and
 * encoded twice (a URL quoted inside another URL). Percent escapes match in either letter case (see scrubText).
 */
export function encodedForms(secret: string): string[] {
  const once = [encodeURIComponent(secret), encodeValue(secret), encodeURIComponent(secret).replace(/%20/g, '+')];
  const twice = once.flatMap((form) => [encodeURIComponent(form), encodeValue(form)]);
  return [...new Set([secret, ...once, ...twice])];
}

/** Shorter values are too likely to be ordinary words or numbers to remove from a text. */
const MIN_SECRET_LENGTH = 4;

/**
 * Removes known secret strings (keys, signatures) from free text such as an axios error message or URL.
 * `secrets` are exact values the caller knows, removed in every encoded form (`encodedForms`) and letter case:
 * CloudStack signs the lower-cased form, and a proxy may re-encode with lower-case hex. Query-string secrets are
 * caught by name as well.
 */
export function scrubText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(SECRET_ASSIGNMENT, `$1${REDACTED}`);
  const forms = secrets.filter((secret) => secret.length >= MIN_SECRET_LENGTH).flatMap(encodedForms);
  if (forms.length === 0) return out;
  // Longest first, so a value is not cut short by a shorter form that is its prefix.
  const pattern = [...new Set(forms)].sort((a, b) => b.length - a.length).map(escape).join('|');
  out = out.replace(new RegExp(pattern, 'gi'), REDACTED);
  return out;
}
