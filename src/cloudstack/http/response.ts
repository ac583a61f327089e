/**
 * What CloudStack answered, read by hand from the raw text (the transport asks axios for text, so that a
 * proxy's HTML page or a truncated body is recognised instead of half-parsed).
 *
 * CloudStack wraps successes and errors alike in `{"<command lower case>response": {...}}`; an error carries
 * `errorcode` (equal to the HTTP status), `cserrorcode` and `errortext`.
 */
import type { JsonObject } from '../api.js';
import { CloudStackApiError, CloudStackTransportError } from '../errors.js';
import { answerHint } from './hints.js';

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
  /** The `Location` of a redirect, which is refused rather than followed (it would resend the signed form). */
  readonly location: string | undefined;
  /** The path of the URL asked (never its signed query), for hints. */
  readonly path?: string;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first characters of a body, on one line, scrubbed: enough to recognise a login page or a proxy error. */
function snippet(body: string, scrub: (text: string) => string): string {
  const oneLine = body.replace(/\s+/g, ' ').trim();
  return scrub(oneLine.length > 80 ? `${oneLine.slice(0, 80)}…` : oneLine);
}

function badResponse(command: string, status: number, message: string): CloudStackTransportError {
  return new CloudStackTransportError('bad_response', command, message, undefined, status);
}

/** `<command>response`; or, for answers keyed otherwise (e.g. `errorresponse`), their only `…response` key. */
function envelope(command: string, parsed: JsonObject): unknown {
  const expected = `${command.toLowerCase()}response`;
  if (Object.hasOwn(parsed, expected)) return parsed[expected];
  const keys = Object.keys(parsed).filter((key) => key.endsWith('response'));
  return keys.length === 1 && keys[0] !== undefined ? parsed[keys[0]] : undefined;
}

function parseJson(command: string, answer: HttpAnswer, scrub: (text: string) => string): unknown {
  try {
    return JSON.parse(answer.body);
  } catch {
    const what = /^\s*</.test(answer.body) ? 'an HTML/XML page' : 'a body that is not valid JSON';
    throw badResponse(
      command,
      answer.status,
      `${command}: CloudStack's URL answered HTTP ${answer.status} with ${what} ` +
        `(content-type ${answer.contentType ?? 'none'}; begins "${snippet(answer.body, scrub)}"). ${answerHint(answer)}`,
    );
  }
}

/** The unwrapped `<command>response` object, or the typed error the answer stands for. */
export function interpretAnswer(command: string, answer: HttpAnswer, scrub: (text: string) => string): JsonObject {
  if (answer.status >= 300 && answer.status < 400) {
    const target = answer.location ? scrub(answer.location.split('?')[0] ?? '') : 'somewhere else';
    throw badResponse(
      command,
      answer.status,
      `${command}: CloudStack's URL redirected (HTTP ${answer.status}) to ${target}; ` +
        'set CLOUDSTACK_API_URL to the final address (e.g. https:// instead of http://).',
    );
  }
  const parsed = parseJson(command, answer, scrub);
  const inner = isObject(parsed) ? envelope(command, parsed) : undefined;
  if (isObject(inner) && typeof inner.errorcode === 'number') {
    const errorText = typeof inner.errortext === 'string' ? scrub(inner.errortext) : 'no error text';
    const csErrorCode = typeof inner.cserrorcode === 'number' ? inner.cserrorcode : undefined;
    throw new CloudStackApiError(command, answer.status, inner.errorcode, csErrorCode, errorText);
  }
  if (answer.status >= 400) {
    throw badResponse(
      command,
      answer.status,
      `${command}: HTTP ${answer.status} without CloudStack's error envelope ` +
        `(begins "${snippet(answer.body, scrub)}"). ${answerHint(answer)}`,
    );
  }
  if (!isObject(inner)) {
    throw badResponse(
      command,
      answer.status,
      `${command}: the JSON answer has no "${command.toLowerCase()}response" object ` +
        `(begins "${snippet(answer.body, scrub)}").`,
    );
  }
  return inner;
}
