/**
 * Request authentication as ApiServer.verifyRequest does it: find the user by API key (the parameter name is
 * matched case-insensitively, `apiKey` or `apikey`), recompute the signature over every decoded parameter
 * but `signature` with the shared signer, and check `expires` for signature version 3. Every failure is the
 * same 401 text, so a caller learns nothing about which part was wrong.
 */
import { timingSafeEqual } from 'node:crypto';
import { computeSignature, MAX_EXPIRES_MS } from '../cloudstack/signer.js';
import { authError } from './protocol.js';
import type { Account, World } from './world/types.js';

export interface AuthOptions {
  /** enforce.post.requests.and.timestamps: only version 3 signatures, expiring at most 15 minutes ahead. */
  readonly strict: boolean;
  /** The server's clock (a clock-skew fault shifts it). */
  readonly now: Date;
}

export function paramByName(params: Readonly<Record<string, string>>, lowerName: string): string | undefined {
  const name = Object.keys(params).find((key) => key.toLowerCase() === lowerName);
  return name === undefined ? undefined : params[name];
}

/** `2026-11-24T16:35:11+0000`, `2026-11-24T16:35:11Z` or `...+00:00`; anything else is not a valid expiry. */
function parseExpires(value: string): Date | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.exec(value);
  if (!match) return undefined;
  const offset = match[3] === 'Z' ? 'Z' : `${match[3]!.slice(0, 3)}:${match[3]!.slice(-2)}`;
  const time = Date.parse(`${match[1]}${match[2] ?? ''}${offset}`);
  return Number.isNaN(time) ? undefined : new Date(time);
}

function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The account that signed the request; throws the 401 ApiError otherwise. */
export function authenticate(params: Readonly<Record<string, string>>, world: World, options: AuthOptions): Account {
  const apiKey = paramByName(params, 'apikey');
  const signature = paramByName(params, 'signature');
  if (!apiKey || !signature) throw authError();
  const account = world.accounts.find((candidate) => candidate.apiKey !== null && candidate.apiKey === apiKey);
  if (!account || account.secretKey === null) throw authError();
  if (!sameSignature(signature, computeSignature(params, account.secretKey))) throw authError();

  const version3 = paramByName(params, 'signatureversion') === '3';
  if (!version3) {
    if (options.strict) throw authError();
    return account;
  }
  const expiresText = paramByName(params, 'expires');
  const expires = expiresText === undefined ? undefined : parseExpires(expiresText);
  if (!expires || expires.getTime() < options.now.getTime()) throw authError();
  if (options.strict && expires.getTime() - options.now.getTime() > MAX_EXPIRES_MS) throw authError();
  return account;
}
