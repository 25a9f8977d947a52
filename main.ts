/**
 * Switchboard's composition root: reads the configuration from the
 * environment, builds the app, serves it, and shuts down gracefully.
 * Every variable is listed in the README's configuration table.
 *
 * @module
 */
import denoConfig from "./deno.json" with { type: "json" };
import { createApp } from "./app.ts";
import { helpText, parseCommandLine } from "./cli.ts";
import { demoSignIn } from "./auth/demo_sign_in.ts";
import { jwtConfig } from "./auth/jwt_config.ts";
import { chatModule } from "./hubs/chat/mod.ts";
import { jobsModule } from "./hubs/jobs/mod.ts";
import { dianaModule } from "./hubs/diana/mod.ts";
import { type HubOptions, jwtBearer, RedisBackplane } from "./signalr/mod.ts";
import {
  combineObservers,
  configureLogging,
  engineErrorLogger,
  HubMetrics,
  loggingObserver,
  opsModule,
} from "./ops/mod.ts";

/** Used only by `deno task dev` when no JWT_SECRET is set: never in production. */
const DEV_SECRET = "switchboard-development-secret-not-for-production";

const command = (() => {
  try {
    return parseCommandLine(Deno.args);
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(2);
  }
})();
if (command.kind === "help") {
  console.log(helpText(denoConfig.version));
  Deno.exit(0);
}
if (command.kind === "version") {
  console.log(`switchboard ${denoConfig.version}`);
  Deno.exit(0);
}

const dev = command.dev;
const env = (name: string) => Deno.env.get(name) || undefined;
const fileOf = (name: string) => {
  const path = env(name);
  return path === undefined ? undefined : Deno.readTextFileSync(path);
};

configureLogging(env("LOG_LEVEL") ?? "info");
/** Prometheus metrics, fed by every hub's observer and stats. */
const metrics = new HubMetrics();

const port = command.port ?? Number(env("PORT") ?? 8000);
const hostname = command.host ?? env("HOST") ?? "127.0.0.1";
const jwt = jwtConfig({
  secret: env("JWT_SECRET") ??
    (dev && !env("JWT_PUBLIC_KEY_FILE") && !env("JWT_JWKS_FILE") ? DEV_SECRET : undefined),
  algorithm: env("JWT_ALGORITHM"),
  publicKeyPem: fileOf("JWT_PUBLIC_KEY_FILE"),
  jwksJson: fileOf("JWT_JWKS_FILE"),
});
const signIn = dev || env("DEMO_SIGN_IN") === "true";
if (signIn && !jwt?.signingSecret) {
  throw new Error("Demo sign-in signs tokens with JWT_SECRET: set it, or turn DEMO_SIGN_IN off.");
}
if (!jwt) console.warn("No JWT configuration: the job and notification hubs will refuse everyone.");

const redisUrl = env("REDIS_URL");
const backplane = redisUrl ? new RedisBackplane(redisUrl) : undefined;
// Serve at once even if Redis is down: local clients work, the backplane retries.
backplane?.connected().catch((error) => console.warn(`Redis backplane: ${error.message}`));

const hubOptions: HubOptions = {
  backplane,
  observer: combineObservers(metrics.observer, loggingObserver()),
  logError: engineErrorLogger(),
  authenticate: jwt ? jwtBearer(jwt.verify) : undefined,
  allowedOrigins: env("ALLOWED_ORIGINS")?.split(",").map((o) => o.trim()).filter(Boolean) ?? [],
  enableDetailedErrors: env("DETAILED_ERRORS") === "true",
  allowStatefulReconnects: true,
  maximumConnectionsPerUser: Number(env("MAX_CONNECTIONS_PER_USER") ?? 20),
  invocationRateLimit: {
    perSecond: Number(env("INVOCATIONS_PER_SECOND") ?? 50),
    burst: Number(env("INVOCATION_BURST") ?? 100),
  },
};

const hubModules = [
  chatModule(hubOptions),
  jobsModule({
    hubOptions,
    dataDir: env("DATA_DIR") ?? "data",
    concurrency: Number(env("JOB_CONCURRENCY") ?? 2),
    maxActiveJobsPerUser: Number(env("MAX_JOBS_PER_USER") ?? 10),
    retentionHours: Number(env("JOB_RETENTION_HOURS") ?? 168),
  }),
  dianaModule(hubOptions, {
    thinkMs: Number(env("DIANA_THINK_MS") ?? 1200),
    silenceMs: Number(env("DIANA_SILENCE_MS") ?? 25_000),
    llm: env("DIANA_LLM_URL")
      ? {
        baseUrl: env("DIANA_LLM_URL")!,
        model: env("DIANA_LLM_MODEL") ?? "gpt-4o-mini",
        apiKey: env("DIANA_LLM_KEY"),
      }
      : undefined,
  }),
];
const dashboardRoles = env("DASHBOARD_ROLES")?.split(",").map((r) => r.trim()).filter(Boolean);
const app = createApp([
  ...hubModules,
  opsModule(hubModules.flatMap((m) => m.endpoints), {
    metrics,
    hubOptions,
    dashboard: { roles: dashboardRoles?.length ? dashboardRoles : undefined },
    metricsToken: env("METRICS_TOKEN"),
  }),
  ...(signIn ? [demoSignIn(jwt!.signingSecret!, jwt!.verify.algorithm)] : []),
], { demoSignIn: signIn });
const server = Deno.serve({
  port,
  hostname,
  onListen: ({ hostname, port }) =>
    console.log(`Switchboard listening on http://${hostname}:${port}/${dev ? " (dev mode)" : ""}`),
}, app.hono.fetch);

/** How long a graceful shutdown may take before the process exits anyway, in ms. */
const SHUTDOWN_MS = Number(env("SHUTDOWN_TIMEOUT_MS") ?? 10_000);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  const forced = setTimeout(() => Deno.exit(1), SHUTDOWN_MS);
  await app.close(true);
  backplane?.close();
  await server.shutdown();
  clearTimeout(forced);
  Deno.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(signal, shutdown);
