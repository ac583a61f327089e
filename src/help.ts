/** `cloudstack-mcp --help`: every subcommand, option and environment variable. Kept beside the CLI, in one place. */
export const HELP_TEXT = `cloudstack-mcp — an MCP server for Apache CloudStack with a built-in policy engine

Usage:
  cloudstack-mcp [options]                 serve MCP over stdio (what agent clients launch)
  cloudstack-mcp --http [--host H] [--port P] [options]
                                           serve Streamable HTTP at http://H:P/mcp
  cloudstack-mcp simulator [--port 8080] [--api-key K] [--secret-key S] [--seed N] [--job-ms N] [--strict]
                                           run the CloudStack API simulator on its own
  cloudstack-mcp policy check FILE         validate a policy file and print the effective table
  cloudstack-mcp demo                      a scripted agent session against the embedded simulator
  cloudstack-mcp --version | --help

Options:
  --http               serve Streamable HTTP instead of stdio
  --host HOST          HTTP bind address (default 127.0.0.1; anything else needs CLOUDSTACK_MCP_TOKEN)
  --port PORT          HTTP port (default 3000)
  --policy FILE        policy file (default: CLOUDSTACK_MCP_POLICY, else the built-in read-only policy)
  --read-only          list and allow only read-only tools, whatever the policy says
  --simulator          serve against an in-process CloudStack simulator instead of a real cloud
  --log-level LEVEL    debug | info | warn | error (default info); logs go to stderr

Environment (also read from .env in the working directory):
  CLOUDSTACK_API_URL                  e.g. https://cloud.example.com/client/api (required unless --simulator)
  CLOUDSTACK_API_KEY                  API key of the CloudStack user (required unless --simulator)
  CLOUDSTACK_SECRET_KEY               secret key of that user (required unless --simulator)
  CLOUDSTACK_TIMEOUT                  per-request timeout in ms (default 30000)
  CLOUDSTACK_ASYNC_TIMEOUT            longest wait for an async job in ms (default 600000)
  CLOUDSTACK_SIGNATURE_TTL            how long a signed request stays valid, ms (default 300000, max 840000)
  CLOUDSTACK_TLS_REJECT_UNAUTHORIZED  false to accept self-signed certificates (lab clouds only; default true)
  CLOUDSTACK_CA_FILE                  PEM file of a private CA to trust
  CLOUDSTACK_MCP_POLICY               policy file (hot-reloaded on change)
  CLOUDSTACK_MCP_AUDIT_LOG            file to append audit records to (default: stderr)
  CLOUDSTACK_MCP_TOKEN                bearer token for --http (required when not bound to loopback; 16+ chars)
  CLOUDSTACK_MCP_ALLOWED_HOSTS        extra Host/Origin names accepted by --http, comma-separated
  CLOUDSTACK_MCP_READ_ONLY            true for --read-only
  CLOUDSTACK_MCP_APPROVAL_TIMEOUT     how long an approval request waits for the human, ms (default 120000)
  CLOUDSTACK_MCP_LOG_LEVEL            debug | info | warn | error (default info)

Exit codes: 0 ok, 1 runtime failure, 2 bad usage or configuration.`;
