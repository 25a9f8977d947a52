/**
 * The command line of `switchboard` (and of `deno task start`): flags, and the
 * help text that lists every flag and environment variable with its default.
 *
 * @module
 */

/** What the command line asks for. */
export type Command =
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | {
    readonly kind: "serve";
    readonly port?: number;
    readonly host?: string;
    readonly dev: boolean;
  };

/** Every environment variable Switchboard reads, with its default and meaning. */
export const ENVIRONMENT: readonly (readonly [name: string, fallback: string, meaning: string])[] =
  [
    ["PORT", "8000", "TCP port (--port wins)"],
    ["HOST", "127.0.0.1", "address to listen on (--host wins); 0.0.0.0 serves a network"],
    ["JWT_SECRET", "-", "HMAC secret (32+ characters) for bearer tokens"],
    ["JWT_ALGORITHM", "HS256 with a secret", "the only token algorithm accepted"],
    ["JWT_PUBLIC_KEY_FILE", "-", "PEM public key that verifies tokens"],
    ["JWT_JWKS_FILE", "-", "JWKS file; the token's kid picks the key"],
    ["DEMO_SIGN_IN", "off (on with --dev)", "true mounts POST /api/token for the demo pages"],
    ["ALLOWED_ORIGINS", "-", "comma-separated extra origins allowed to use the hubs"],
    ["DETAILED_ERRORS", "off", "true sends exception details to clients"],
    ["MAX_CONNECTIONS_PER_USER", "20", "connections one user may hold on one hub"],
    ["INVOCATIONS_PER_SECOND", "50", "sustained hub method calls per connection"],
    ["INVOCATION_BURST", "100", "calls a connection may make at once"],
    ["REDIS_URL", "-", "redis://host:port: processes sharing it act as one"],
    ["DATA_DIR", "./data", "where jobs (jobs.sqlite) and their result files are kept"],
    ["JOB_CONCURRENCY", "2", "background jobs running at once"],
    ["MAX_JOBS_PER_USER", "10", "queued or running jobs one user may have"],
    [
      "JOB_RETENTION_HOURS",
      "168",
      "finished jobs and their files are deleted after this (0: kept)",
    ],
    ["SHUTDOWN_TIMEOUT_MS", "10000", "bound on a graceful shutdown (SIGTERM, SIGINT)"],
    ["DIANA_THINK_MS", "1200", "the offline customer's typical thinking delay"],
    ["DIANA_SILENCE_MS", "25000", "silence before Diana checks in (0: never)"],
    ["DIANA_LLM_URL", "-", "OpenAI-compatible API base URL (…/v1): Diana's lines from a model"],
    ["DIANA_LLM_MODEL", "gpt-4o-mini", "the model, with DIANA_LLM_URL"],
    ["DIANA_LLM_KEY", "-", "bearer key for DIANA_LLM_URL"],
    ["LOG_LEVEL", "info", "trace, debug, info, warning, error or fatal (JSON lines on stdout)"],
    ["METRICS_TOKEN", "- (open)", "bearer token GET /metrics requires (Prometheus authorization)"],
    ["DASHBOARD_ROLES", "- (anyone)", "comma-separated roles allowed to watch /dashboard.html"],
  ];

/**
 * Reads the command line; throws with a clear message for an unknown flag or
 * a bad value.
 *
 * @example
 * ```ts
 * import { parseCommandLine } from "./cli.ts";
 * parseCommandLine(["--port", "9000"]); // { kind: "serve", port: 9000, host: undefined, dev: false }
 * ```
 */
export function parseCommandLine(args: readonly string[]): Command {
  let port: number | undefined;
  let host: string | undefined;
  let dev = false;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = () => {
      const next = inline ?? args[++i];
      if (next === undefined) throw new Error(`${flag} needs a value.`);
      return next;
    };
    switch (flag) {
      case "-h":
      case "--help":
        return { kind: "help" };
      case "-V":
      case "--version":
        return { kind: "version" };
      case "--dev":
        dev = true;
        break;
      case "--port": {
        const text = value();
        port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535) throw new Error(`--port ${text} is not a port.`);
        break;
      }
      case "--host":
        host = value();
        break;
      default:
        throw new Error(`Unknown option ${flag}. Try --help.`);
    }
  }
  return { kind: "serve", port, host, dev };
}

/** The `--help` text. */
export function helpText(version: string): string {
  const width = Math.max(...ENVIRONMENT.map(([name]) => name.length));
  const variables = ENVIRONMENT.map(([name, fallback, meaning]) =>
    `  ${name.padEnd(width)}  ${meaning} (default: ${fallback})`
  );
  return [
    `Switchboard ${version}: a SignalR-protocol hub server with its demo pages.`,
    "",
    "Usage: switchboard [options]",
    "",
    "Options:",
    "  --port <n>     TCP port to listen on (default: $PORT or 8000)",
    "  --host <addr>  address to listen on (default: $HOST or 127.0.0.1)",
    "  --dev          development mode: demo sign-in with a development secret",
    "  -V, --version  print the version and exit",
    "  -h, --help     print this help and exit",
    "",
    "Environment:",
    ...variables,
  ].join("\n");
}
