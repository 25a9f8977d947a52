/**
 * What every load client can do against every server under test, whatever
 * it speaks: the bench hub's three methods and the Tick event.
 *
 * @module
 */

/** How a load client talks to its server. */
export type ClientKind = "signalr-json" | "signalr-msgpack" | "socketio";

/** One load connection. */
export interface BenchClient {
  /** Called for every Tick with the timestamp it carries (ms since the epoch). */
  onTick: (sentAt: number) => void;
  /** Called once if the connection closes without being asked to. */
  onClose: (error?: Error) => void;
  /** Joins `group`; resolves once the server confirmed. */
  join(group: string): Promise<void>;
  /** Asks the server to send `Tick(sentAt, seq, text)` to `group`; expects no reply. */
  broadcast(group: string, sentAt: number, seq: number, text: string): void;
  /** Invokes `Echo(value)`; resolves when the result arrives. */
  echo(value: unknown): Promise<unknown>;
  /** Sends what keeps an idle connection alive, when the protocol needs the client to. */
  keepAlive(): void;
  /** Closes the connection. */
  close(): void;
}

/** The wall clock in milliseconds with sub-millisecond precision, comparable across processes. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}
