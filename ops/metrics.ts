/**
 * Prometheus metrics of the hubs, with prom-client. Gauges and message
 * counters are read from each hub's `stats` at scrape time (nothing on the
 * hot path); invocation counts and latencies come from a `HubObserver`.
 *
 * Series (every one labelled by `hub`, the hub's path):
 * - `signalr_connections{hub,transport}` gauge: open connections by transport
 * - `signalr_groups{hub}` gauge: groups with members in this process
 * - `signalr_messages_received_total{hub}`, `signalr_messages_sent_total{hub}` counters
 * - `signalr_invocations_total{hub,method}`, `signalr_invocation_errors_total{hub,method}` counters
 * - `signalr_invocation_duration_seconds{hub,method}` histogram
 * - `signalr_backplane_up{hub}` gauge, for hubs with a backplane
 * - prom-client's default process metrics (`process_resident_memory_bytes`, …)
 *
 * @module
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { HubEndpoint, HubObserver, HubStats } from "../signalr/mod.ts";

/** Transports reported even at zero, so their series never vanish. */
const TRANSPORTS = ["WebSockets", "ServerSentEvents", "LongPolling"];

/** Invocation latency buckets, in seconds: from sub-millisecond calls to slow ones. */
const DURATION_BUCKETS = [
  0.0005,
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
];

/** Options of {@linkcode HubMetrics}. */
export interface HubMetricsOptions {
  /** Also export prom-client's default process and runtime metrics. @default {true} */
  readonly processMetrics?: boolean;
}

/**
 * A Prometheus registry fed by hub endpoints. Create it before the hubs, hand
 * its {@linkcode HubMetrics.observer} to their options, then
 * {@linkcode HubMetrics.track} the endpoints.
 *
 * @example
 * ```ts
 * import { HubMetrics } from "./metrics.ts";
 * import { Hub, mapHub } from "../signalr/mod.ts";
 * const metrics = new HubMetrics();
 * const chat = mapHub("/hubs/chat", () => new (class extends Hub {})(), {
 *   observer: metrics.observer,
 * });
 * metrics.track([chat]);
 * const text = await metrics.scrape(); // Prometheus text format
 * await chat.close();
 * ```
 */
export class HubMetrics {
  /** The registry holding every series; add application metrics to it if needed. */
  readonly registry: Registry = new Registry();
  /** Counts invocations, errors and latencies; pass it as the hubs' `observer`. */
  readonly observer: HubObserver;
  readonly #endpoints = new Set<HubEndpoint>();

  /** Registers the series; nothing is read until a scrape. */
  constructor(options: HubMetricsOptions = {}) {
    const registers = [this.registry];
    const endpoints = () => [...this.#endpoints];
    /** A counter whose value is a running total the hubs keep, copied at scrape time. */
    const totalFromStats = (name: string, help: string, read: (stats: HubStats) => number) =>
      new Counter({
        name,
        help,
        labelNames: ["hub"],
        registers,
        collect() {
          this.reset();
          for (const endpoint of endpoints()) {
            this.inc({ hub: endpoint.path }, read(endpoint.stats));
          }
        },
      });
    new Gauge({
      name: "signalr_connections",
      help: "Open connections by transport.",
      labelNames: ["hub", "transport"],
      registers,
      collect() {
        this.reset();
        for (const endpoint of endpoints()) {
          const { hub, connections } = endpoint.stats;
          for (const transport of new Set([...TRANSPORTS, ...Object.keys(connections)])) {
            this.set({ hub, transport }, connections[transport] ?? 0);
          }
        }
      },
    });
    new Gauge({
      name: "signalr_groups",
      help: "Groups with members in this process.",
      labelNames: ["hub"],
      registers,
      collect() {
        this.reset();
        for (const endpoint of endpoints()) this.set({ hub: endpoint.path }, endpoint.stats.groups);
      },
    });
    totalFromStats(
      "signalr_messages_received_total",
      "Hub messages received from clients.",
      (s) => s.messagesReceived,
    );
    totalFromStats("signalr_messages_sent_total", "Frames sent to clients.", (s) => s.messagesSent);
    new Gauge({
      name: "signalr_backplane_up",
      help: "Whether the hub's backplane is reachable (1) or not (0); hubs without one are absent.",
      labelNames: ["hub"],
      registers,
      collect() {
        this.reset();
        for (const endpoint of endpoints()) {
          const healthy = endpoint.backplaneHealthy;
          if (healthy !== undefined) this.set({ hub: endpoint.path }, healthy ? 1 : 0);
        }
      },
    });
    const invocations = new Counter({
      name: "signalr_invocations_total",
      help: "Hub method invocations that finished, failed ones included.",
      labelNames: ["hub", "method"],
      registers,
    });
    const errors = new Counter({
      name: "signalr_invocation_errors_total",
      help: "Hub method invocations that failed.",
      labelNames: ["hub", "method"],
      registers,
    });
    const duration = new Histogram({
      name: "signalr_invocation_duration_seconds",
      help: "How long hub methods ran (streams: until they ended).",
      labelNames: ["hub", "method"],
      buckets: DURATION_BUCKETS,
      registers,
    });
    // The engine reports only methods the hub declares, so `method` stays a small set.
    this.observer = {
      invoked({ hub, method, durationMs, error }) {
        invocations.inc({ hub, method });
        if (error !== undefined) errors.inc({ hub, method });
        duration.observe({ hub, method }, durationMs / 1000);
      },
    };
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Reports these endpoints from the next scrape on; tracking one twice is harmless. */
  track(endpoints: readonly HubEndpoint[]): void {
    for (const endpoint of endpoints) this.#endpoints.add(endpoint);
  }

  /** The `Content-Type` of {@linkcode HubMetrics.scrape}'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every series in the Prometheus text exposition format. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
