/**
 * Structured logs: one JSON object per line on stderr. On stdio, stdout belongs to the MCP protocol, so
 * nothing here may ever write to it. Fields are redacted before they are written.
 */
import { isoTime } from './iso-time.js';
import { redact } from './redact.js';

/** The levels, least severe first: the one list the logger, the environment and --log-level are checked against. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const ORDER = Object.fromEntries(LOG_LEVELS.map((level, rank) => [level, rank])) as Record<LogLevel, number>;

export const LOG_LEVEL_RULE = `must be ${LOG_LEVELS.slice(0, -1).join(', ')} or ${LOG_LEVELS.at(-1)}`;

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  readonly level?: LogLevel;
  /** Where lines go; stderr by default. Tests pass a collector to scan every line for secrets. */
  readonly write?: (line: string) => void;
  readonly base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const base = options.base ?? {};
  // Redacting is per field, so the base (a child logger's fields) is redacted once, not on every line.
  const redactedBase = redact(base);
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (ORDER[level] < threshold) return;
    write(JSON.stringify({ time: isoTime(Date.now()), level, msg: message, ...redactedBase, ...(fields ? redact(fields) : undefined) }));
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => createLogger({ ...options, base: { ...base, ...fields } }),
  };
}

/** A logger that drops everything: for library use and tests that do not look at logs. */
export const silentLogger: Logger = {
  // Not a createLogger with a no-op writer: that would still build (redact, stamp, serialize) every line it drops.
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
