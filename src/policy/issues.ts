/**
 * The schema's complaints in plain words, each at its JSON pointer: `/tools/x/deny_if/0/value: must be a list
 * (JSON array), not text`, never a validator's internal wording.
 */
import type { z } from 'zod';
import { pointerSegment } from './compile.js';

export function pointerOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '/' : path.map((key) => `/${pointerSegment(String(key))}`).join('');
}

const TYPE_WORDS: Record<string, string> = {
  array: 'a list (JSON array)',
  object: 'an object',
  string: 'text (a JSON string)',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
  undefined: 'missing',
};

function typeWords(type: string): string {
  return TYPE_WORDS[type] ?? type;
}

/** zod's own default wording, which our schema did not replace with a message of its own. */
const VALIDATOR_WORDING = /^(Invalid (input|option)|Too (small|big)):/;

function plain(issue: z.core.$ZodIssue): string {
  // Our own messages (`must be allow or deny`, the regex and CIDR texts) are already written for operators.
  if (!VALIDATOR_WORDING.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (received === 'undefined') return `is required: ${typeWords(issue.expected)}`;
      return `must be ${typeWords(issue.expected)}${received ? `, not ${typeWords(received)}` : ''}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty' : `must have at least ${issue.minimum} characters`;
      if (issue.origin === 'array') return `must have at least ${issue.minimum} entries`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must have at most ${issue.maximum} characters`;
      if (issue.origin === 'array') return `must have at most ${issue.maximum} entries`;
      return `must be at most ${issue.maximum}`;
    default:
      return issue.message;
  }
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const at = pointerOf(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${at === '/' ? '' : at}/${pointerSegment(key)}: unknown field`);
    }
    return [`${at}: ${plain(issue)}`];
  });
}

/** `line 3, column 14` of a JSON.parse failure, from the position V8 reports (or the end, for truncated text). */
export function jsonSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message)?.[1];
  const offset = position !== undefined ? Number(position) : /end of JSON input/.test(message) ? text.length : undefined;
  const reason = message.replace(/^(?:JSON\.parse: )?/, '').replace(/ in JSON at position \d+.*$/s, '').replace(/ \(line \d+ column \d+\)$/, '');
  if (offset === undefined) return `/: not valid JSON (${reason})`;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `/: not valid JSON at line ${line}, column ${column} (${reason})`;
}
