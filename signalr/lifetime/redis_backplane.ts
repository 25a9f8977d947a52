/**
 * The Redis backplane: publish/subscribe over two `ioredis` connections. It
 * reconnects with backoff, reports an outage once (not per message) and its
 * recovery, and never queues publishes while Redis is away.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { Redis } from "ioredis";
import type { Backplane } from "./backplane.ts";

/** Where the backplane reports its state changes. */
export interface RedisBackplaneOptions {
  /** Called once when Redis becomes unreachable and once when it is back. */
  readonly log?: (message: string) => void;
}

/** Backoff between reconnection attempts: 100 ms, doubling, at most 5 s. */
function retryDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.min(attempt, 6), 5_000);
}

/**
 * A backplane over the Redis server at `url` (`redis://host:port/db`).
 *
 * @example
 * ```ts ignore
 * const backplane = new RedisBackplane("redis://127.0.0.1:6379");
 * await backplane.connected();
 * ```
 */
export class RedisBackplane implements Backplane {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #handlers = new Map<string, (payload: Uint8Array) => void>();
  readonly #log: (message: string) => void;
  #down = false;
  #closing = false;

  /** Connects to `url`; use {@linkcode RedisBackplane.connected} to wait for it. */
  constructor(url: string, options: RedisBackplaneOptions = {}) {
    this.#log = options.log ?? ((message) => console.warn(message));
    const settings = { retryStrategy: retryDelay, maxRetriesPerRequest: null, lazyConnect: true };
    this.#publisher = new Redis(url, { ...settings, enableOfflineQueue: false });
    this.#subscriber = new Redis(url, settings);
    for (const client of [this.#publisher, this.#subscriber]) {
      client.on("error", () => this.#outage());
      client.on("close", () => this.#outage());
      client.on("ready", () => this.#recovered());
    }
    this.#subscriber.on("messageBuffer", (channel: Buffer, message: Buffer) => {
      // Copied: the client may reuse its read buffer, frames must outlive it.
      this.#handlers.get(channel.toString())?.(new Uint8Array(message));
    });
  }

  get healthy(): boolean {
    return this.#publisher.status === "ready" && this.#subscriber.status === "ready";
  }

  /** Resolves once both connections are up; rejects if Redis cannot be reached at first. */
  async connected(): Promise<void> {
    await Promise.all([this.#publisher.connect(), this.#subscriber.connect()]);
  }

  async publish(channel: string, payload: Uint8Array): Promise<number> {
    return await this.#publisher.publish(
      channel,
      Buffer.from(payload.buffer, payload.byteOffset, payload.length),
    );
  }

  async subscribe(channel: string, onMessage: (payload: Uint8Array) => void): Promise<void> {
    this.#handlers.set(channel, onMessage);
    await this.#subscriber.subscribe(channel);
  }

  async unsubscribe(channel: string): Promise<void> {
    this.#handlers.delete(channel);
    await this.#subscriber.unsubscribe(channel);
  }

  /** Closes both connections. */
  close(): void {
    this.#closing = true;
    this.#publisher.disconnect();
    this.#subscriber.disconnect();
  }

  #outage(): void {
    if (this.#down || this.#closing || this.healthy) return;
    this.#down = true;
    this.#log("Redis backplane unreachable: serving local clients only, reconnecting.");
  }

  #recovered(): void {
    if (!this.#down || !this.healthy) return;
    this.#down = false;
    this.#log("Redis backplane reachable again: cross-process delivery resumed.");
  }
}
