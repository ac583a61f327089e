/**
 * `cloudstack-mcp --help`: every subcommand, option and environment variable. The options and variables are
 * rendered from the settings schema (src/settings/schema.ts), the usage lines are written here.
 */
import { renderHelpEnvironment, renderHelpOptions } from './settings/render.js';

export const HELP_TEXT = `cloudstack-mcp — an MCP server for Apache CloudStack with a built-in policy engine

Usage:
  cloudstack-mcp [options]                 serve MCP over stdio (what agent clients launch)
  cloudstack-mcp --http [--host H] [--port P] [options]
                                           serve Streamable HTTP at http://H:P/mcp
  cloudstack-mcp simulator [options]       run the CloudStack API simulator on its own (simulator --help)
  cloudstack-mcp policy check FILE         validate a policy file and print the effective table
  cloudstack-mcp demo [--no-color]         a scripted agent session against the embedded simulator
  cloudstack-mcp --version | --help

${renderHelpOptions()}

${renderHelpEnvironment()}

Durations take a unit: 500ms, 30s, 2m, 1h; a bare number is milliseconds (one below 1000 is refused).
Keys and tokens are used without surrounding whitespace.

Exit codes: 0 ok, 1 runtime failure (policy check: the file is invalid), 2 bad usage or configuration.`;

export const SIMULATOR_HELP = `cloudstack-mcp simulator — the CloudStack API simulator on its own, until Ctrl+C

Usage: cloudstack-mcp simulator [options]
  It prints its URL and API keys; point CLOUDSTACK_API_URL, CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY at them.

Options (each also CLOUDSTACK_SIM_<OPTION>, e.g. CLOUDSTACK_SIM_PORT=8080):
  --port PORT                 port (default 8080; 0 picks a free one)
  --host HOST                 bind address (default 127.0.0.1)
  --api-key K --secret-key S  root admin keys (default: the printed demo keys)
  --user-api-key K --user-secret-key S
                              keys of the non-admin user (default: the printed demo keys)
  --seed N                    seed of the generated cloud (default 42)
  --job-ms N                  how long async jobs run, ms (default 2000; 0 = done on the next request)
  --strict                    behave like enforce.post.requests.and.timestamps=true
Faults, to see how a client copes:
  --latency-ms N              extra delay before every answer
  --error-rate R              share 0..1 of requests answered with a server error
  --malformed-rate R          share 0..1 of requests answered with a malformed body
  --job-failure-rate R        share 0..1 of async jobs that fail
  --hanging-job-rate R        share 0..1 of async jobs that never finish
  --clock-skew-ms N           the simulator's clock runs this far ahead (early signature expiry, 401)`;

export const POLICY_HELP = `Usage: cloudstack-mcp policy check FILE
  Validate a policy file and print the effective table: every tool, allowed / denied / hidden / approval,
  its limits and conditions. Exit code 0 if the file is valid, 1 if not (each problem with its JSON path).`;

export const DEMO_HELP = `Usage: cloudstack-mcp demo [--no-color]
  A scripted agent session: starts this server over stdio against the embedded simulator with
  policy.example.json and drives it with an MCP client (reads, a migration with progress, a rate limit,
  a denied tool, an approval). Colour only on a terminal; --no-color or NO_COLOR=1 turn it off.`;
