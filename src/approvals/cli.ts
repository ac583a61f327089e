/**
 * `cloudstack-mcp approvals list | approve ID | deny ID --reason ...`: the operator's side of the approvals
 * list from a shell, talking to the running server's JSON API with the operator credential.
 * Exit codes: 0 done, 1 refused or not found (or the server unreachable), 2 usage or configuration.
 */
import { parseArgs } from 'node:util';
import type { ApprovalRecord } from './types.js';

export interface ApprovalsIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly fetch?: typeof fetch;
}

export const APPROVALS_HELP = `Usage: cloudstack-mcp approvals <command> [options]

Commands:
  list                     pending approvals, then recent decisions
  approve ID [--reason R]  approve a pending call (the agent's repeated call then runs once)
  deny ID --reason R       deny it; the agent is told the reason

Options:
  --url URL     the approvals page of the running server (default http://127.0.0.1:3000/approvals,
                or http://127.0.0.1:$CLOUDSTACK_MCP_APPROVAL_PORT/approvals when that is set)
  --by NAME     your name for the audit trail (default $USER)
  --json        print the server's JSON answer
  -h, --help    this text

Environment:
  CLOUDSTACK_MCP_APPROVER_TOKEN  the operator credential (required; the MCP bearer token is refused)

Exit codes: 0 done, 1 refused or not found, 2 usage or configuration.`;

const OPTIONS = {
  url: { type: 'string' },
  by: { type: 'string' },
  reason: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runApprovalsCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: ApprovalsIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr(`cloudstack-mcp approvals: ${error instanceof Error ? error.message : String(error)}\n${APPROVALS_HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const print = (text: string): number => {
    io.stdout(text);
    return 0;
  };
  if (values.help) return print(APPROVALS_HELP);
  const [command, id, ...extra] = positionals;
  const usage = (text: string): number => {
    io.stderr(`cloudstack-mcp approvals: ${text}\nRun cloudstack-mcp approvals --help for the usage.`);
    return 2;
  };
  if (command !== 'list' && command !== 'approve' && command !== 'deny') return usage(command ? `unknown command '${command}': list, approve or deny` : 'a command is required: list, approve or deny');
  if (command === 'list' ? id !== undefined : !id || extra.length > 0) return usage(command === 'list' ? 'list takes no argument' : `${command} takes one approval id`);
  if (command === 'deny' && !values.reason?.trim()) return usage('deny needs --reason: the agent is told why');
  const token = env.CLOUDSTACK_MCP_APPROVER_TOKEN;
  if (!token) return usage('CLOUDSTACK_MCP_APPROVER_TOKEN is not set: it is the operator credential the server was started with');
  const base = pageUrl(values.url, env.CLOUDSTACK_MCP_APPROVAL_PORT);
  if (base instanceof Error) return usage(base.message);

  const by = values.by ?? env.USER ?? 'operator';
  const path = command === 'list' ? 'api/list' : `api/${encodeURIComponent(id!)}/${command}`;
  const body = command === 'list' ? undefined : JSON.stringify(values.reason ? { reason: values.reason } : {});
  let response: Response;
  try {
    response = await (io.fetch ?? fetch)(`${base}/${path}`, {
      method: command === 'list' ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-approver': by, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
    });
  } catch (error) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, a refused port) is its cause.
    const { cause } = error as { cause?: { code?: string; message?: string } };
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    io.stderr(`cloudstack-mcp approvals: cannot reach ${base} (${reason}): is the server running, and is --url right?`);
    return 1;
  }
  const answer = (await response.json().catch(() => ({}))) as { approvals?: ApprovalRecord[]; approval?: ApprovalRecord; message?: string };
  if (!response.ok) {
    io.stderr(`cloudstack-mcp approvals: ${answer.message ?? `the server answered HTTP ${response.status}`}`);
    return response.status >= 500 ? 1 : response.status === 400 ? 2 : 1;
  }
  if (values.json) return print(JSON.stringify(answer, null, 2));
  if (command === 'list') return print(formatList(answer.approvals ?? [], Date.now()));
  return print(`${command === 'approve' ? 'Approved' : 'Denied'} ${describe(answer.approval!)}`);
}

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
}

/** The page URL, e.g. http://127.0.0.1:3000/approvals; a bare server address gets /approvals. */
function pageUrl(given: string | undefined, approvalPort: string | undefined): string | Error {
  const fallback = approvalPort ? `http://127.0.0.1:${approvalPort}/approvals` : 'http://127.0.0.1:3000/approvals';
  let url: URL;
  try {
    url = new URL(given ?? fallback);
  } catch {
    return new Error(`--url: '${given}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return new Error('--url: must be http:// or https://');
  // The operator token must not cross a network in the clear: plain http only to this machine.
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.hostname.startsWith('127.');
  if (url.protocol === 'http:' && !loopback) return new Error(`--url: refusing to send the operator token over plain http to ${url.hostname}; use https`);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path === '' ? '/approvals' : path}`;
}

function describe(approval: ApprovalRecord): string {
  const on = approval.resource ? ` on ${String(approval.resource.fields.name ?? approval.resource.id)}` : '';
  const reason = approval.decisionReason ? `: ${approval.decisionReason}` : '';
  return `${approval.id} (${approval.tool}${on}), by ${approval.decidedBy ?? '?'}${reason}`;
}

export function formatList(approvals: readonly ApprovalRecord[], now: number): string {
  if (approvals.length === 0) return 'No approvals pending or recent.';
  const rows = approvals.map((approval) => [
    approval.id,
    approval.status,
    approval.tool,
    approval.resource ? String(approval.resource.fields.name ?? approval.resource.id) : '-',
    approval.status === 'pending' ? `expires in ${Math.max(0, Math.round((approval.expiresAt - now) / 60_000))} min` : (approval.decidedBy ?? ''),
    approval.reason,
  ]);
  const header = ['ID', 'STATUS', 'TOOL', 'RESOURCE', 'WHEN/WHO', 'WHY'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
