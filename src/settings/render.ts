/**
 * The settings as people read them: the Options and Environment sections of `--help`, the README configuration
 * table and `.env.example`, all rendered from schema.ts so they cannot drift from what the server reads.
 */
import { ENV_SETTINGS, FLAG_SETTINGS, type EnvName, type FlagSetting } from './schema.js';
import { SECTIONS, type EnvSetting } from './setting.js';

const ENV = Object.entries(ENV_SETTINGS) as Array<[EnvName, EnvSetting]>;
const FLAGS = Object.entries(FLAG_SETTINGS) as Array<[string, FlagSetting]>;

/** The default as shown to a reader: its text, or what applies otherwise. */
function shownDefault(setting: Pick<EnvSetting, 'default' | 'otherwise'>): string | undefined {
  return setting.default ?? setting.otherwise;
}

/** `text (note)`, or `text (…; note)` when the text already ends in a parenthesis. */
const withNote = (text: string, note: string) => (!note ? text : text.endsWith(')') ? `${text.slice(0, -1)}; ${note})` : `${text} (${note})`);

const plain = (markdown: string) => markdown.replace(/`/g, '').replace(/\[([^\]]+)\]\([^)]*\)/g, 'README "$1"');

export function renderHelpOptions(): string {
  const rows = FLAGS.filter(([name]) => name !== 'help' && name !== 'version').map(([name, flag]) => {
    const left = `--${name}${flag.value ? ` ${flag.value}` : ''}`;
    const extra = [flag.default !== undefined ? `default ${flag.default}` : '', flag.env ? `also ${flag.env}` : ''].filter(Boolean).join('; ');
    return `  ${left.padEnd(19)}  ${withNote(flag.help, extra)}`;
  });
  return ['Options:', ...rows].join('\n');
}

export function renderHelpEnvironment(): string {
  const width = Math.max(...ENV.map(([name]) => name.length));
  const rows = ENV.map(([name, setting]) => {
    const fallback = shownDefault(setting);
    return `  ${name.padEnd(width)}  ${withNote(setting.help, fallback !== undefined ? `default ${fallback}` : '')}`;
  });
  return ['Environment (also read from .env in the working directory):', ...rows].join('\n');
}

/** The table under the README's "## Configuration" heading. */
export function renderReadmeTable(): string {
  const rows = ENV.map(([name, setting]) => {
    const fallback = setting.default !== undefined ? `\`${setting.default}\`` : (setting.otherwise ?? '—');
    return `| \`${name}\` | ${fallback} | ${setting.doc} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Comment lines of at most `width` characters. */
function comment(text: string, width = 116): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '#';
    for (const word of paragraph.split(' ')) {
      if (line.length + word.length + 1 > width && line !== '#') {
        lines.push(line);
        line = '#';
      }
      line += ` ${word}`;
    }
    lines.push(line);
  }
  return lines;
}

const ENV_EXAMPLE_HEADER = `cloudstack-mcp configuration. Copy to .env (never commit it) or set these in your agent client's config.
.env is read from the working directory, which agent clients choose themselves: for a client, use its "env" block.
An empty value means "not set" (the default applies). Durations take a unit: 500ms, 30s, 2m, 1h; a bare number is milliseconds, and one below 1000 is refused (CLOUDSTACK_TIMEOUT=30 would be 30 ms: write 30s).
Generated from src/settings/schema.ts (node tools/gen-config-docs.mjs): edit there, not here.`;

export function renderEnvExample(): string {
  const out = comment(ENV_EXAMPLE_HEADER);
  for (const [section, title] of Object.entries(SECTIONS)) {
    const members = ENV.filter(([, setting]) => setting.section === section);
    if (members.length === 0) continue;
    out.push('', ...comment(title));
    for (const [name, setting] of members) {
      const otherwise = setting.default === undefined && setting.otherwise ? ` (unset: ${setting.otherwise})` : '';
      out.push(...comment(`${plain(setting.doc)}${otherwise}.`), `${name}=${setting.example ?? setting.default ?? ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}
