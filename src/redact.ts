/**
 * Secrets never leave the process in logs, errors, audit records or snapshots. One place decides what a
 * secret is, so the logger, the audit log, error texts, tool results and the simulator's request log all agree.
 *
 * The names come from CloudStack's catalog (every parameter and response field of its 828 commands used for a
 * password, key, secret, token, pre-shared key, kubeconfig, private key or user data): the names below plus the
 * endings that follow them. test/unit/redact.test.ts lists every catalog field they match, and every
 * look-alike they must not (keypair, publickey, passwordenabled, ...), so a refreshed catalog with a new secret
 * field fails a test instead of leaking.
 */
import { encodeValue } from './cloudstack/signer.js';

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
 * Answers for the names seen so far: every field of every answer, log line and audit record is asked about, and
 * CloudStack's field names are a few thousand. Bounded, because names in arguments and answers are not ours.
 */
const knownNames = new Map<string, boolean>();
const MAX_KNOWN_NAMES = 20_000;

export function isSecretName(name: string): boolean {
  let secret = knownNames.get(name);
  if (secret === undefined) {
    const lower = name.toLowerCase();
    secret = SECRET_NAMES.has(lower) || SECRET_SUFFIXES.some((suffix) => lower.endsWith(suffix));
    if (knownNames.size < MAX_KNOWN_NAMES) knownNames.set(name, secret);
  }
  return secret;
}


/** Each command's own secret parameters by the command's spelling as sent (bounded like knownNames). */
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

/** A deep copy with every secret-named field replaced. Cycles and depth are bounded so hostile input cannot hang it. */
export function redact<T>(value: T, depth = 0): T {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1)) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    copy[key] = isSecretName(key) ? REDACTED : redact(inner, depth + 1);
  }
  return copy as T;
}

/** A command's parameters with every secret replaced: `redact`'s names plus the command's own (addSwift's `key`). */
export function redactParams(command: string, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) copy[name] = isSecretParam(command, name) ? REDACTED : redact(value);
  return copy;
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
