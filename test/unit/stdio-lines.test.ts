/** The stdio line bound in pieces: lines pass whole, a longer one is reported (start and end kept) and dropped. */
import { describe, expect, it } from 'vitest';
import { LineLimiter, requestIdOf, type OversizedLine } from '../../src/stdio.js';

function run(maxBytes: number, chunks: string[]): { lines: string[]; refused: OversizedLine[] } {
  const lines: string[] = [];
  const refused: OversizedLine[] = [];
  const limiter = new LineLimiter(maxBytes, (line) => refused.push(line));
  limiter.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
  for (const chunk of chunks) limiter.write(Buffer.from(chunk));
  return { lines, refused };
}

describe('LineLimiter', () => {
  it('passes complete lines, however they were split into chunks', () => {
    const { lines, refused } = run(100, ['{"a":1}\n{"b"', ':2}\n{"c":3}\n{"d"']);
    expect(lines.join('')).toBe('{"a":1}\n{"b":2}\n{"c":3}\n');
    expect(refused).toEqual([]);
  });

  it('a line of exactly the limit passes; one byte more is refused and the next line still passes', () => {
    const exact = `${'x'.repeat(19)}\n`;
    const over = `${'y'.repeat(20)}\n`;
    const { lines, refused } = run(20, [exact, over.slice(0, 7), over.slice(7), '{"ok":1}\n']);
    expect(lines.join('')).toBe(`${exact}{"ok":1}\n`);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.bytes).toBe(21);
  });

  it('keeps only the start and the end of a refused line', () => {
    const long = `{"id":7,${'z'.repeat(100_000)}}\n`;
    const { refused } = run(1_000, [long.slice(0, 50_000), long.slice(50_000)]);
    expect(refused[0]!.bytes).toBe(long.length);
    expect(refused[0]!.head.startsWith('{"id":7,')).toBe(true);
    expect(refused[0]!.head.length + refused[0]!.tail.length).toBeLessThanOrEqual(8192);
    expect(refused[0]!.tail.endsWith('}\n')).toBe(true);
  });
});

describe('requestIdOf', () => {
  const line = (head: string, tail = head): OversizedLine => ({ bytes: 0, head, tail });
  it.each([
    ['the id first', line('{"jsonrpc":"2.0","id":42,"method":"tools/call","params":{"x":"'), 42],
    ['a string id', line('{"id":"req-1","method":"x","params":{'), 'req-1'],
    ['the id last, as the SDK client writes it', line('{"method":"tools/call","params":{"arguments":{"id":"vm-1","p":"', 'xxxx"}},"jsonrpc":"2.0","id":9}\n'), 9],
  ])('%s', (_what, given, expected) => {
    expect(requestIdOf(given)).toBe(expected);
  });

  it('an id inside params is not taken for the request id', () => {
    expect(requestIdOf(line('{"method":"tools/call","params":{"arguments":{"id":"vm-1","p":"', 'xxxx"}}}\n'))).toBeNull();
  });
});
