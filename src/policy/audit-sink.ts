/** Where audit records go: an append-only file (CLOUDSTACK_MCP_AUDIT_LOG), or stderr. */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Logger } from '../logger.js';
import type { AuditRecord, AuditSink } from './audit.js';

/**
 * Appends JSON lines to `file` (CLOUDSTACK_MCP_AUDIT_LOG), or writes them to stderr when no file is named.
 * The file is opened here, synchronously, so a wrong path stops the server at start-up with its name and reason
 * instead of losing records later. If writing fails afterwards (disk full, volume gone), that is logged once and
 * the records that follow go to stderr: an audit trail that stops silently is worse than one that moves.
 */
export function createAuditSink(file: string | undefined, logger: Logger): AuditSink {
  const toStderr = (record: AuditRecord): void => void process.stderr.write(`${JSON.stringify(record)}\n`);
  if (!file) return { write: toStderr };
  let fd: number;
  try {
    fd = openSync(file, 'a', 0o600);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new Error(`audit log ${file} (CLOUDSTACK_MCP_AUDIT_LOG) cannot be opened for appending (${code})`);
  }
  let failed = false;
  // Written synchronously: the record is in the file before the call it records goes on to CloudStack, and an
  // append to a local file costs about 2 µs where a stream write costs a thread-pool round trip per record.
  const append = (record: AuditRecord): void => {
    if (failed) return toStderr(record);
    try {
      writeSync(fd, `${JSON.stringify(record)}\n`);
    } catch (error) {
      failed = true;
      logger.error('audit log not writable; audit records go to stderr from now on', { file, error: error instanceof Error ? error.message : String(error) });
      toStderr(record);
    }
  };
  return {
    write: append,
    close: async () => closeSync(fd),
  };
}
