/**
 * What the engine reports about its work, for logs and metrics that live
 * outside it: plain counters read on demand (cheap on the hot path), and an
 * observer called per connection and per invocation.
 *
 * @module
 */

/** Running totals of one hub; the engine only ever increments them. */
export class HubCounters {
  /** Hub messages received from clients. */
  messagesReceived = 0;
  /** Frames written to clients (a broadcast counts once per recipient). */
  messagesSent = 0;
}

/** Callbacks for events worth a log line or a metric. Every one is optional. */
export interface HubObserver {
  /** A connection completed its handshake. */
  connected?(event: ConnectionEvent): void;
  /** A connection that had completed its handshake closed; `error` says why if it failed. */
  disconnected?(event: ConnectionEvent & { readonly error?: Error }): void;
  /** A hub method finished (a stream: when it ended); `error` if it failed. */
  invoked?(event: InvocationEvent): void;
}

/** A connection of a hub. */
export interface ConnectionEvent {
  readonly hub: string;
  readonly connectionId: string;
  readonly transport: string;
  readonly protocol: string;
  readonly userId?: string;
}

/** One finished invocation. */
export interface InvocationEvent {
  readonly hub: string;
  readonly connectionId: string;
  readonly method: string;
  readonly durationMs: number;
  readonly error?: unknown;
}
