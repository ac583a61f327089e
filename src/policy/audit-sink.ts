/** Where audit records go: an append-only file (CLOUDSTACK_MCP_AUDIT_LOG), or stderr. */
import { closeSync, fstatSync, openSync, statSync, writeSync } from 'node:fs';
import type { Logger } from '../logger.js';
import type { AuditRecord, AuditSink } from './audit.js';

interface OpenFile {
  readonly fd: number;
  /** Which file the descriptor is: compared with what the path names now. */
  readonly dev: number;
  readonly ino: number;
}

function openForAppend(file: string): OpenFile {
  const fd = openSync(file, 'a', 0o600);
  const { dev, ino } = fstatSync(fd);
  return { fd, dev, ino };
}

/** Whether `file` still names the open file: false once it was moved (rotated) or deleted. */
function stillNamed(file: string, open: OpenFile): boolean {
  try {
    const now = statSync(file, { throwIfNoEntry: false });
    return now !== undefined && now.dev === open.dev && now.ino === open.ino;
  } catch {
    // Not looked up (e.g. a directory became unreadable): nothing says the file changed; keep writing to it.
    return true;
  }
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Appends JSON lines to `file` (CLOUDSTACK_MCP_AUDIT_LOG), or writes them to stderr when no file is named.
 * The file is opened here, synchronously, so a wrong path stops the server at start-up with its name and reason
 * instead of losing records later. If writing fails afterwards (disk full, volume gone), that is logged once and
 * the records that follow go to stderr: an audit trail that stops silently is worse than one that moves.
 *
 * Log rotation is followed as daemons do: SIGHUP reopens the path, and before every record the path's identity
 * (device and inode, one stat of about a microsecond) is compared with the open file's, so a file that was moved
 * away or deleted is noticed, logged and replaced by a new one at the path before the record is written: no
 * record goes to a file nobody will read.
 */
export function createAuditSink(file: string | undefined, logger: Logger): AuditSink {
  const toStderr = (record: AuditRecord): void => void process.stderr.write(`${JSON.stringify(record)}\n`);
  if (!file) return { write: toStderr };
  let current: OpenFile | undefined;
  try {
    current = openForAppend(file);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new Error(`audit log ${file} (CLOUDSTACK_MCP_AUDIT_LOG) cannot be opened for appending (${code})`);
  }
  let failed = false;

  /** Opens the path afresh (closing the old descriptor); on failure records go to stderr until the next reopen. */
  const reopen = (why: string): void => {
    const previous = current;
    try {
      current = openForAppend(file);
      failed = false;
      logger.warn('audit log reopened', { file, why });
    } catch (error) {
      current = undefined;
      failed = true;
      logger.error('audit log cannot be reopened; audit records go to stderr until SIGHUP', { file, why, error: errorText(error) });
    }
    if (previous) closeSync(previous.fd);
  };
  const onHangup = (): void => reopen('SIGHUP');
  process.on('SIGHUP', onHangup);

  // Written synchronously: the record is in the file before the call it records goes on to CloudStack, and an
  // append to a local file costs about 2 µs where a stream write costs a thread-pool round trip per record.
  const append = (record: AuditRecord): void => {
    if (current && !failed && !stillNamed(file, current)) reopen('the file was moved or deleted');
    if (failed || !current) return toStderr(record);
    try {
      writeSync(current.fd, `${JSON.stringify(record)}\n`);
    } catch (error) {
      failed = true;
      logger.error('audit log not writable; audit records go to stderr from now on (until SIGHUP)', { file, error: errorText(error) });
      toStderr(record);
    }
  };
  return {
    write: append,
    close: async () => {
      process.off('SIGHUP', onHangup);
      if (current) closeSync(current.fd);
      current = undefined;
    },
  };
}
