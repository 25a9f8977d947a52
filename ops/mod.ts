/**
 * The operations module: `GET /metrics` (Prometheus) and the live
 * operators' dashboard's hub at `/hubs/dashboard` (the page is
 * `static/dashboard.html`), both fed by the hubs they are given.
 *
 * @example
 * ```ts
 * import { createApp } from "../app.ts";
 * import { chatModule } from "../hubs/chat/mod.ts";
 * import { combineObservers, HubMetrics, opsModule } from "./mod.ts";
 * import { loggingObserver } from "./logging.ts";
 * const metrics = new HubMetrics();
 * const chat = chatModule({ observer: combineObservers(metrics.observer, loggingObserver()) });
 * const app = createApp([chat, opsModule(chat.endpoints, { metrics })]);
 * // Deno.serve(app.hono.fetch);
 * await app.close();
 * ```
 *
 * @module
 */
import type { Hono } from "hono";
import type { AppModule } from "../app.ts";
import { type HubEndpoint, type HubObserver, type HubOptions, mapHub } from "../signalr/mod.ts";
import { DashboardFeed, type DashboardFeedOptions, DashboardHub } from "./dashboard_hub.ts";
import { timingSafeEqual } from "node:crypto";
import { HubMetrics } from "./metrics.ts";
import { unauthorized } from "../signalr/http_responses.ts";

export {
  DashboardFeed,
  DashboardHub,
  type DashboardUpdate,
  type HubSnapshot,
} from "./dashboard_hub.ts";
export { HubMetrics, type HubMetricsOptions } from "./metrics.ts";
export { configureLogging, engineErrorLogger, LOG_LEVELS, loggingObserver } from "./logging.ts";

/** Where the dashboard hub is mounted. */
export const DASHBOARD_HUB_PATH = "/hubs/dashboard";

/** Options of {@linkcode opsModule}. */
export interface OpsOptions {
  /**
   * The metrics to expose. Create them before the hubs so their options can
   * carry `metrics.observer` (invocation counts and latencies).
   * @default {new HubMetrics()}
   */
  readonly metrics?: HubMetrics;
  /**
   * Options of the dashboard hub (`observer`, `logError`, `authenticate`,
   * `allowedOrigins`, …). A `backplane` is ignored: the dashboard shows this
   * process.
   */
  readonly hubOptions?: HubOptions;
  /** The push interval and who may watch. */
  readonly dashboard?: Omit<DashboardFeedOptions, "logError">;
  /**
   * When set, `GET /metrics` answers only requests with
   * `Authorization: Bearer <metricsToken>` (Prometheus' `authorization`
   * setting); others get 401. Unset: open, for an internal network.
   */
  readonly metricsToken?: string;
}

/** The module, with the metrics and the dashboard feed it serves. */
export interface OpsModule extends AppModule {
  /** The registry behind `GET /metrics`. */
  readonly metrics: HubMetrics;
  /** The feed behind `/hubs/dashboard`. */
  readonly dashboard: DashboardFeed;
}

/**
 * Mounts `GET /metrics` and the dashboard hub for `endpoints` (the dashboard
 * hub reports itself too).
 */
export function opsModule(endpoints: readonly HubEndpoint[], options: OpsOptions = {}): OpsModule {
  const metrics = options.metrics ?? new HubMetrics();
  const hubOptions: HubOptions = { ...options.hubOptions, backplane: undefined };
  const reported = [...endpoints];
  const feed = new DashboardFeed(() => reported, {
    ...options.dashboard,
    logError: hubOptions.logError,
  });
  const dashboard = mapHub(DASHBOARD_HUB_PATH, () => new DashboardHub(feed), hubOptions);
  feed.attach(dashboard.context);
  reported.push(dashboard);
  metrics.track(reported);
  return {
    endpoints: [dashboard],
    metrics,
    dashboard: feed,
    mount(app: Hono) {
      const token = options.metricsToken;
      app.get("/metrics", async (c) => {
        if (token !== undefined && !bearerMatches(c.req.header("Authorization"), token)) {
          return unauthorized("Bearer");
        }
        return new Response(await metrics.scrape(), {
          headers: { "Content-Type": metrics.contentType, "Cache-Control": "no-store" },
        });
      });
    },
    close() {
      feed.close();
      return Promise.resolve();
    },
  };
}

/** Whether `header` is `Bearer <token>`, compared in constant time. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const encoder = new TextEncoder();
  const given = encoder.encode(header ?? "");
  const expected = encoder.encode(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * One observer that tells each of `observers` in turn. Observers must not
 * throw: the engine would take it for a failure of the event's connection or
 * invocation.
 *
 * @example
 * ```ts
 * import { combineObservers, HubMetrics, loggingObserver } from "./mod.ts";
 * const observer = combineObservers(new HubMetrics().observer, loggingObserver());
 * ```
 */
export function combineObservers(...observers: readonly HubObserver[]): HubObserver {
  return {
    connected: (event) => observers.forEach((observer) => observer.connected?.(event)),
    disconnected: (event) => observers.forEach((observer) => observer.disconnected?.(event)),
    invoked: (event) => observers.forEach((observer) => observer.invoked?.(event)),
  };
}
