/**
 * The operators' dashboard feed: a hub whose subscribers receive every hub's
 * stats (connections by transport, groups, message totals and rates) once a
 * second. The timer runs only while someone watches.
 *
 * Client → server: `Subscribe()` (returns the current {@linkcode DashboardUpdate}),
 * `Unsubscribe()`. Server → client: `Stats(update)`.
 *
 * @module
 */
import { Hub, type HubContext, type HubEndpoint, HubError, type HubStats } from "../signalr/mod.ts";

/** One hub's line on the dashboard. */
export interface HubSnapshot {
  /** The hub's path, e.g. `/hubs/chat`. */
  readonly hub: string;
  /** Open connections of this process by transport name. */
  readonly connections: Readonly<Record<string, number>>;
  /** Every open connection of this process. */
  readonly totalConnections: number;
  /** Groups with members in this process. */
  readonly groups: number;
  /** Hub messages received since the start. */
  readonly messagesReceived: number;
  /** Frames sent since the start. */
  readonly messagesSent: number;
  /** Messages received per second since the previous snapshot; 0 for the first. */
  readonly receivedPerSecond: number;
  /** Frames sent per second since the previous snapshot; 0 for the first. */
  readonly sentPerSecond: number;
  /** `"ok"` or `"unreachable"` for a hub with a backplane; absent otherwise. */
  readonly backplane?: "ok" | "unreachable";
}

/** What a subscriber receives: every hub, as of `at`. */
export interface DashboardUpdate {
  /** When the snapshot was taken, ISO 8601. */
  readonly at: string;
  /** One line per hub, in the order the hubs were given. */
  readonly hubs: readonly HubSnapshot[];
}

/** Options of {@linkcode DashboardFeed}. */
export interface DashboardFeedOptions {
  /** How often subscribers get an update, in ms. @default {1000} */
  readonly intervalMs?: number;
  /** Only users with one of these roles may subscribe; unset: anyone. */
  readonly roles?: readonly string[];
  /** Where a failed push is reported. @default {console.error} */
  readonly logError?: (message: string, error?: unknown) => void;
}

/** The running totals a rate is computed from. */
interface Sample {
  readonly at: number;
  readonly received: number;
  readonly sent: number;
}

/**
 * Samples hub stats and pushes them to the watching connections through the
 * dashboard hub's context. Holds a timer only while it has watchers.
 */
export class DashboardFeed {
  /** Only users with one of these roles may watch; undefined: anyone. */
  readonly roles: readonly string[] | undefined;
  readonly #endpoints: () => readonly HubEndpoint[];
  readonly #intervalMs: number;
  readonly #logError: (message: string, error?: unknown) => void;
  readonly #watchers = new Set<string>();
  readonly #previous = new Map<HubEndpoint, Sample>();
  #context: HubContext | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Reports `endpoints()` (read at every tick, so hubs may be added later). */
  constructor(endpoints: () => readonly HubEndpoint[], options: DashboardFeedOptions = {}) {
    this.#endpoints = endpoints;
    this.#intervalMs = options.intervalMs ?? 1000;
    this.roles = options.roles;
    this.#logError = options.logError ?? ((message, error) => console.error(message, error ?? ""));
  }

  /** Connects the feed to the dashboard hub it pushes through. */
  attach(context: HubContext): void {
    this.#context = context;
  }

  /** How many connections watch. */
  get watchers(): number {
    return this.#watchers.size;
  }

  /** Whether the push timer runs (exactly while someone watches). */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Adds a watcher (starting the timer for the first) and returns the stats now. */
  watch(connectionId: string): DashboardUpdate {
    this.#watchers.add(connectionId);
    this.#timer ??= setInterval(() => void this.#push(), this.#intervalMs);
    return this.snapshot();
  }

  /** Removes a watcher; the last one leaving stops the timer. */
  unwatch(connectionId: string): void {
    this.#watchers.delete(connectionId);
    if (this.#watchers.size === 0) this.#stop();
  }

  /** Every hub's stats now, with rates since the previous snapshot. */
  snapshot(): DashboardUpdate {
    const now = performance.now();
    const hubs = this.#endpoints().map((endpoint) => {
      const stats = endpoint.stats;
      const sample = { at: now, received: stats.messagesReceived, sent: stats.messagesSent };
      const previous = this.#previous.get(endpoint);
      this.#previous.set(endpoint, sample);
      return describe(endpoint, stats, rates(previous, sample));
    });
    return { at: new Date().toISOString(), hubs };
  }

  /** Forgets every watcher and stops the timer. */
  close(): void {
    this.#watchers.clear();
    this.#stop();
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#previous.clear();
  }

  async #push(): Promise<void> {
    if (!this.#context || this.#watchers.size === 0) return;
    try {
      await this.#context.clients.clients([...this.#watchers]).send("Stats", this.snapshot());
    } catch (error) {
      this.#logError("Dashboard: pushing stats failed", error);
    }
  }
}

/** Messages per second between two samples, rounded to a tenth; 0 without a previous one. */
function rates(previous: Sample | undefined, sample: Sample) {
  const seconds = previous ? (sample.at - previous.at) / 1000 : 0;
  if (!previous || seconds <= 0) return { receivedPerSecond: 0, sentPerSecond: 0 };
  const rate = (now: number, before: number) => Math.round((now - before) / seconds * 10) / 10;
  return {
    receivedPerSecond: rate(sample.received, previous.received),
    sentPerSecond: rate(sample.sent, previous.sent),
  };
}

function describe(
  endpoint: HubEndpoint,
  stats: HubStats,
  perSecond: { receivedPerSecond: number; sentPerSecond: number },
): HubSnapshot {
  const healthy = endpoint.backplaneHealthy;
  return {
    hub: stats.hub,
    connections: stats.connections,
    totalConnections: Object.values(stats.connections).reduce((sum, n) => sum + n, 0),
    groups: stats.groups,
    messagesReceived: stats.messagesReceived,
    messagesSent: stats.messagesSent,
    ...perSecond,
    ...(healthy === undefined ? {} : { backplane: healthy ? "ok" : "unreachable" }),
  };
}

/** The hub at `/hubs/dashboard`: subscribe to watch, unsubscribe (or disconnect) to stop. */
export class DashboardHub extends Hub {
  readonly #feed: DashboardFeed;

  /** A hub instance serving `feed`'s subscribers. */
  constructor(feed: DashboardFeed) {
    super();
    this.#feed = feed;
  }

  /** Starts pushing `Stats` to the caller each interval; returns the stats now. */
  subscribe(): DashboardUpdate {
    const roles = this.#feed.roles;
    if (roles && !roles.some((role) => this.context.user?.roles?.includes(role))) {
      throw new HubError(`Only ${roles.join(" or ")} users may watch the dashboard. Sign in.`);
    }
    // A connection that closed while this call waited must not hold the timer forever.
    if (this.context.connectionAborted.aborted) return this.#feed.snapshot();
    return this.#feed.watch(this.context.connectionId);
  }

  /** Stops pushing to the caller. */
  unsubscribe(): void {
    this.#feed.unwatch(this.context.connectionId);
  }

  /** A closed connection watches no more. */
  override onDisconnected(): void {
    this.#feed.unwatch(this.context.connectionId);
  }
}
