/** Readable demo output: numbered steps, the tool's own text, policy refusals, approvals and shell commands set apart. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export interface Printer {
  title(text: string): void;
  step(text: string): void;
  result(result: CallToolResult): void;
  progress(text: string): void;
  /** A command someone runs in a shell (the operator), and what it printed. */
  command(line: string, output: string): void;
  note(text: string): void;
  failure(text: string): void;
}

const STYLE = { bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', green: '\u001b[32m', yellow: '\u001b[33m', reset: '\u001b[0m' };

/** Colour only on a terminal, and never with --no-color or NO_COLOR set to anything (https://no-color.org). */
export function colorWanted(isTTY: boolean | undefined, noColorFlag: boolean, env: NodeJS.ProcessEnv): boolean {
  return isTTY === true && !noColorFlag && !env.NO_COLOR;
}

export function createPrinter(stream: NodeJS.WritableStream, options: { color: boolean }): Printer {
  const paint = (style: keyof typeof STYLE, text: string) => (options.color ? `${STYLE[style]}${text}${STYLE.reset}` : text);
  const write = (text: string) => stream.write(`${text}\n`);
  // Blank lines keep the marker but not its trailing space.
  const indent = (text: string, prefix = '    ') => text.split('\n').map((line) => (line ? `${prefix}${line}` : prefix.trimEnd())).join('\n');
  let stepNumber = 0;
  return {
    title: (text) => write(`\n${paint('bold', text)}\n`),
    step: (text) => write(`\n${paint('bold', `${++stepNumber}. ${text}`)}`),
    result(result) {
      const text = result.content
        .filter((part): part is { type: 'text'; text: string } => part.type === 'text')
        .map((part) => part.text)
        .join('\n');
      // Refusals by the policy or by the state of an approval are the policy at work, not failures.
      if (/^\[(POLICY DENIED|APPROVAL (DENIED|EXPIRED|USED|CANCELLED))\]/.test(text)) write(paint('yellow', indent(text, '    ⛔ ')));
      else if (text.startsWith('[APPROVAL PENDING]')) write(paint('yellow', indent(text, '    ? ')));
      else if (result.isError) write(paint('red', indent(text, '    ✗ ')));
      else write(indent(text));
    },
    progress: (text) => write(paint('dim', `    … ${text}`)),
    command(line, output) {
      write(paint('bold', `    $ ${line}`));
      if (output) write(indent(output, '      '));
    },
    note: (text) => write(paint('dim', `    ${text}`)),
    failure: (text) => write(paint('red', `\nDemo failed: ${text}`)),
  };
}
