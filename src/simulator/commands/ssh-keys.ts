/**
 * registerSSHKeyPair (upload a public key: no private key exists on the server) and deleteSSHKeyPair, both
 * synchronous. The fingerprint is CloudStack's: MD5 of the decoded key blob, as colon-separated hex.
 * An admin may act for another account with `account` + `domainid`, as for every owned resource.
 */
import { createHash } from 'node:crypto';
import { isRootAdmin, param, recordEvent, type CommandContext } from '../context.js';
import { ApiError, type Json } from '../protocol.js';
import type { Account } from '../world/types.js';
import { keyPairView } from './security.js';
import { javaClass, syncCommand, type CommandTable } from './registry.js';

const KEY_TYPES = ['ssh-rsa', 'ssh-dss', 'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'];

/** An OpenSSH public key line whose blob names its own type, or undefined. */
function parsePublicKey(text: string): Buffer | undefined {
  const [type, data] = text.trim().split(/\s+/);
  if (!type || !data || !KEY_TYPES.includes(type) || !/^[A-Za-z0-9+/]+=*$/.test(data)) return undefined;
  const blob = Buffer.from(data, 'base64');
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('latin1') === type ? blob : undefined;
}

function ownerFor(ctx: CommandContext): Account {
  const name = param(ctx, 'account');
  if (name === undefined) return ctx.caller;
  const domainId = param(ctx, 'domainid');
  const owner = ctx.world.accounts.find((a) => a.name === name && (domainId === undefined || a.domainid === domainId));
  if (!owner) throw new ApiError(431, `Unable to find account ${name} in domain ${domainId ?? ctx.caller.domainid}`);
  if (owner.id !== ctx.caller.id && !isRootAdmin(ctx.caller)) throw new ApiError(531, `Account ${ctx.caller.name} does not have permission to act for account ${name}`);
  return owner;
}

function registerKeyPair(ctx: CommandContext): Json {
  const owner = ownerFor(ctx);
  const name = param(ctx, 'name')!;
  const blob = parsePublicKey(param(ctx, 'publickey')!);
  if (!blob) throw new ApiError(431, 'Public key is invalid');
  const fingerprint = createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
  const mine = ctx.world.sshKeyPairs.filter((k) => k.accountid === owner.id);
  if (mine.some((k) => k.name === name)) throw new ApiError(431, `A key pair with name '${name}' already exists.`);
  if (mine.some((k) => k.fingerprint === fingerprint)) throw new ApiError(431, `A key pair with key '${fingerprint}' already exists.`);
  const pair = { id: ctx.nextId(), name, fingerprint, accountid: owner.id, domainid: owner.domainid };
  ctx.world.sshKeyPairs.push(pair);
  recordEvent(ctx, 'REGISTER.SSH.KEYPAIR', `Successfully registered SSH key pair ${name}`, { id: pair.id, type: 'SSHKeyPair' });
  return { keypair: keyPairView(ctx, pair) };
}

function deleteKeyPair(ctx: CommandContext): Json {
  const owner = ownerFor(ctx);
  const name = param(ctx, 'name')!;
  const pair = ctx.world.sshKeyPairs.find((k) => k.name === name && k.accountid === owner.id);
  if (!pair) throw new ApiError(431, `A key pair with name '${name}' does not exist for account ${owner.name} in specified domain id`);
  ctx.world.sshKeyPairs = ctx.world.sshKeyPairs.filter((k) => k !== pair);
  return { success: true };
}

export function registerSshKeys(table: CommandTable): void {
  syncCommand(table, 'registerSSHKeyPair', javaClass('user', 'ssh', 'RegisterSSHKeyPairCmd'), registerKeyPair);
  syncCommand(table, 'deleteSSHKeyPair', javaClass('user', 'ssh', 'DeleteSSHKeyPairCmd'), deleteKeyPair);
}
