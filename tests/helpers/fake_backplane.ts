/**
 * An in-memory publish/subscribe bus standing in for Redis in lifetime
 * manager tests: each simulated process gets its own {@linkcode FakeBackplane}
 * on a shared {@linkcode FakeBus}, and the bus can be taken down.
 *
 * @module
 */
import type { Backplane } from "../../signalr/mod.ts";

type Handler = (payload: Uint8Array) => void;

/** The shared bus: which process listens on which channel. */
export class FakeBus {
  /** Channel → the handler of each process subscribed to it. */
  readonly channels = new Map<string, Map<FakeBackplane, Handler>>();
  readonly #waiting: (() => void)[] = [];
  #up = true;

  /**
   * While false every publish rejects, and subscribing or unsubscribing
   * waits until the bus is up again (as Redis clients queue those commands).
   */
  get up(): boolean {
    return this.#up;
  }

  set up(value: boolean) {
    this.#up = value;
    if (value) { for (const run of this.#waiting.splice(0)) run(); }
  }

  /** Runs `change` now, or once the bus is up again. */
  whenUp(change: () => void): Promise<void> {
    if (this.#up) {
      change();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(() => resolve(change())));
  }

  /** A new process's view of the bus. */
  connect(): FakeBackplane {
    return new FakeBackplane(this);
  }
}

/** One process's connection to a {@linkcode FakeBus}. */
export class FakeBackplane implements Backplane {
  readonly #bus: FakeBus;
  /** Every channel published to, in order. */
  readonly published: string[] = [];

  constructor(bus: FakeBus) {
    this.#bus = bus;
  }

  get healthy(): boolean {
    return this.#bus.up;
  }

  /** The channels this process is subscribed to, sorted. */
  get channels(): string[] {
    return [...this.#bus.channels].filter(([, handlers]) => handlers.has(this))
      .map(([channel]) => channel).sort();
  }

  publish(channel: string, payload: Uint8Array): Promise<number> {
    if (!this.#bus.up) return Promise.reject(new Error("the fake bus is down"));
    this.published.push(channel);
    // Delivered after the publisher's turn, each subscriber with its own copy, as over a network.
    const handlers = [...this.#bus.channels.get(channel)?.values() ?? []];
    for (const handler of handlers) queueMicrotask(() => handler(payload.slice()));
    return Promise.resolve(handlers.length);
  }

  subscribe(channel: string, onMessage: Handler): Promise<void> {
    return this.#bus.whenUp(() => {
      let handlers = this.#bus.channels.get(channel);
      if (!handlers) this.#bus.channels.set(channel, handlers = new Map());
      handlers.set(this, onMessage);
    });
  }

  unsubscribe(channel: string): Promise<void> {
    return this.#bus.whenUp(() => {
      const handlers = this.#bus.channels.get(channel);
      if (handlers?.delete(this) && handlers.size === 0) this.#bus.channels.delete(channel);
    });
  }
}
