/**
 * The demo's operator: a person at a shell holding the operator credential, which the agent never sees. It runs
 * the real `cloudstack-mcp approvals` CLI against the approvals page the server announced on stderr at start-up,
 * exactly as a human operator would, so the agent's call can only go through once someone else approved it.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The line src/approvals/start.ts prints in stdio mode. */
const PAGE_LINE = /operator approvals at (http:\/\/\S+)/;
const PAGE_WAIT_MS = 10_000;

export interface DemoOperator {
  /** Put in the server's environment as CLOUDSTACK_MCP_APPROVER_TOKEN (16+ characters, never printed). */
  readonly token: string;
  /** Hands the operator what the server writes on stderr, where the page's address appears. */
  watch(serverOutput: string): void;
  /** Runs `cloudstack-mcp approvals ARGS --url PAGE` as the operator: the command line as shown, and its output. */
  approvals(args: readonly string[]): Promise<{ readonly command: string; readonly output: string }>;
}

export function createDemoOperator(cli: string): DemoOperator {
  const token = randomBytes(24).toString('base64url');
  let seen = '';
  let announce: (url: string) => void = () => {};
  const page = new Promise<string>((resolve) => (announce = resolve));

  const pageUrl = async (): Promise<string> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the server did not print the approvals page address')), PAGE_WAIT_MS);
    });
    try {
      return await Promise.race([page, late]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    token,
    watch(serverOutput) {
      seen += serverOutput;
      const match = PAGE_LINE.exec(seen);
      if (match) announce(match[1]!);
    },
    async approvals(args) {
      const argv = ['approvals', ...args, '--url', await pageUrl()];
      // Only what the CLI needs: the credential, and a name for the audit trail instead of $USER.
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', CLOUDSTACK_MCP_APPROVER_TOKEN: token, USER: 'operator' };
      const command = `cloudstack-mcp ${argv.map((arg) => (/[\s"'$]/.test(arg) ? JSON.stringify(arg) : arg)).join(' ')}`;
      try {
        const { stdout } = await execFileAsync(process.execPath, [cli, ...argv], { env, timeout: 20_000 });
        return { command, output: stdout.trimEnd() };
      } catch (error) {
        const { stderr } = error as { stderr?: string };
        throw new Error(`${command} failed: ${stderr?.trim() || (error instanceof Error ? error.message : String(error))}`);
      }
    },
  };
}
