/**
 * The connections of one hub endpoint by token, the closed long-polling
 * connections whose last frames may still be polled, and the one heartbeat
 * that drives every connection's timers (no timer per connection or message).
 *
 * @module
 */
import type { HubConnection } from "./connection.ts";
import type { ResolvedHubOptions } from "./options.ts";
import { LongPollingTransport } from "./transports/long_polling.ts";

/** How long a closed long-polling connection still answers polls (its last frames, then 204). */
const LINGER_MS = 5_000;

/** Live connections by token, and the heartbeat that ticks them. */
export class ConnectionRegistry {
  readonly #options: ResolvedHubOptions;
  readonly #connections = new Map<string, HubConnection>();
  readonly #lingering = new Map<string, { transport: LongPollingTransport; since: number }>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  /** Uses the options' timers to pick the heartbeat period. */
  constructor(options: ResolvedHubOptions) {
    this.#options = options;
  }

  /** How many connections are open or negotiated. */
  get size(): number {
    return this.#connections.size;
  }

  /** Every open or negotiated connection. */
  values(): IterableIterator<HubConnection> {
    return this.#connections.values();
  }

  /** The connection a token names, if it is open or negotiated. */
  get(token: string): HubConnection | undefined {
    return this.#connections.get(token);
  }

  /** The transport of a closed long-polling connection whose last frames may still be polled. */
  lingering(token: string): LongPollingTransport | undefined {
    return this.#lingering.get(token)?.transport;
  }

  /** How many connections `userId` holds. */
  countOf(userId: string): number {
    let count = 0;
    for (const connection of this.#connections.values()) {
      if (connection.user?.id === userId) count++;
    }
    return count;
  }

  /** Registers a new connection and makes sure the heartbeat runs. */
  add(connection: HubConnection): void {
    this.#connections.set(connection.connectionToken, connection);
    this.#startHeartbeat();
  }

  /** Forgets a closed connection; a long-polling one lingers for its last poll. */
  remove(connection: HubConnection): void {
    this.#connections.delete(connection.connectionToken);
    if (connection.transport instanceof LongPollingTransport) {
      this.#lingering.set(connection.connectionToken, {
        transport: connection.transport,
        since: Date.now(),
      });
    }
  }

  /** Whether a lingering long-polling connection still holds frames for its client. */
  get undelivered(): boolean {
    for (const { transport } of this.#lingering.values()) {
      if (transport.bufferedAmount > 0) return true;
    }
    return false;
  }

  /** Forgets lingering connections and stops the heartbeat. */
  clear(): void {
    this.#lingering.clear();
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  #startHeartbeat(): void {
    if (this.#heartbeat !== undefined) return;
    const o = this.#options;
    const period = Math.max(
      5,
      Math.min(
        1000,
        o.keepAliveIntervalMs / 4,
        o.clientTimeoutMs / 4,
        o.handshakeTimeoutMs / 4,
        o.negotiateTimeoutMs / 4,
      ),
    );
    this.#heartbeat = setInterval(() => this.#tick(), period);
  }

  #tick(): void {
    const now = Date.now();
    for (const connection of this.#connections.values()) {
      const unclaimed = connection.state === "handshaking" && connection.available;
      if (unclaimed && now - connection.createdAt >= this.#options.negotiateTimeoutMs) {
        connection.close();
      } else {
        connection.tick(now);
      }
    }
    for (const [token, { since }] of this.#lingering) {
      if (now - since >= LINGER_MS) this.#lingering.delete(token);
    }
    if (this.#connections.size === 0 && this.#lingering.size === 0) this.clear();
  }
}
