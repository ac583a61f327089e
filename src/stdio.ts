/**
 * The stdio transport, with a bound on one JSON-RPC line that does not end the session. The SDK's transport
 * buffers stdin up to 10 MB and, past that, closes itself: the server then exited with code 0, no log line, and
 * the answer to every call in flight lost. Here complete lines up to the bound go to the SDK; a longer line is
 * discarded as it streams in (never buffered whole), answered with a JSON-RPC error when its id can be read, and
 * logged; the session carries on.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from './logger.js';

/** The SDK's own limit, kept: larger lines are refused rather than taken. */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;
/** How much of a refused line is kept to find its id and method: its start and its end. */
const EDGE_BYTES = 4096;
const NEWLINE = 0x0a;

export interface OversizedLine {
  readonly bytes: number;
  readonly head: string;
  readonly tail: string;
}

/** Passes complete lines of at most `maxBytes`; reports each longer one and drops it. */
export class LineLimiter extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private oversized: { bytes: number; head: Buffer; tail: Buffer } | undefined;

  constructor(
    private readonly maxBytes: number,
    private readonly onOversized: (line: OversizedLine) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline + 1;
      this.acceptPiece(chunk.subarray(start, end), newline !== -1);
      start = end;
    }
    done();
  }

  /** A piece of the current line; `complete` when it ends with the newline. */
  private acceptPiece(piece: Buffer, complete: boolean): void {
    if (this.oversized) {
      this.oversized.bytes += piece.length;
      this.oversized.tail = Buffer.concat([this.oversized.tail, piece]).subarray(-EDGE_BYTES);
    } else if (this.pendingBytes + piece.length > this.maxBytes) {
      const line = Buffer.concat([...this.pending, piece]);
      this.oversized = { bytes: line.length, head: Buffer.from(line.subarray(0, EDGE_BYTES)), tail: Buffer.from(line.subarray(-EDGE_BYTES)) };
      this.pending = [];
      this.pendingBytes = 0;
    } else {
      this.pending.push(piece);
      this.pendingBytes += piece.length;
    }
    if (!complete) return;
    if (this.oversized) {
      const { bytes, head, tail } = this.oversized;
      this.oversized = undefined;
      this.onOversized({ bytes, head: head.toString('utf8'), tail: tail.toString('utf8') });
      return;
    }
    this.push(Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }
}

const ID_VALUE = String.raw`("(?:[^"\\]|\\.){0,200}"|-?\d{1,20})`;
/** `"id"` as the top-level object's first keys (before any nested object) or as its very last. */
const ID_IN_HEAD = new RegExp(String.raw`^\s*\{[^{]*?"id"\s*:\s*${ID_VALUE}`);
const ID_AT_END = new RegExp(String.raw`[,{]\s*"id"\s*:\s*${ID_VALUE}\s*\}\s*$`);
const METHOD = /"method"\s*:\s*"([^"\\]{1,100})"/;

/** The request id of a refused line, when it can be read from its edges (else the answer goes out with id null). */
export function requestIdOf(line: OversizedLine): string | number | null {
  const found = ID_IN_HEAD.exec(line.head)?.[1] ?? ID_AT_END.exec(line.tail)?.[1];
  if (found === undefined) return null;
  try {
    return JSON.parse(found) as string | number;
  } catch {
    return null;
  }
}

/** stdin → LineLimiter → the SDK's StdioServerTransport; a refused line is answered on stdout and logged. */
export function createStdioTransport(logger: Logger, maxLineBytes = MAX_LINE_BYTES): StdioServerTransport {
  const limiter = new LineLimiter(maxLineBytes, (line) => {
    const id = requestIdOf(line);
    const method = METHOD.exec(line.head)?.[1] ?? METHOD.exec(line.tail)?.[1];
    const message = `Request too large: a JSON-RPC line of ${line.bytes} bytes is over the ${maxLineBytes}-byte limit and was discarded`;
    logger.warn('stdio line refused', { bytes: line.bytes, limit: maxLineBytes, id, method });
    // A notification (a method and no id) gets no answer; anything else does, with id null if it cannot be read.
    if (id === null && method !== undefined && method.startsWith('notifications/')) return;
    process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id, error: { code: ErrorCode.InvalidRequest, message } })}\n`);
  });
  process.stdin.pipe(limiter);
  // Lines reach it whole and at most maxLineBytes each, so its own (closing) limit is never the one that applies.
  return new StdioServerTransport(limiter, process.stdout, { maxBufferSize: 2 * maxLineBytes + 2 });
}
