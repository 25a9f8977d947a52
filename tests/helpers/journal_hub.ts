/**
 * A hub for transport tests that tells them when its connection arrived and
 * left, echoes, and ends its connection on request.
 *
 * @module
 */
import { Hub } from "../../signalr/mod.ts";

/** What the hubs of one test share: when the connection arrived and when it left. */
export class Journal {
  readonly connected = Promise.withResolvers<void>();
  readonly disconnected = Promise.withResolvers<void>();
}

/** Records its connection's arrival and departure in a {@linkcode Journal}. */
export class JournalHub extends Hub {
  readonly #journal: Journal;

  /** Writes to `journal`. */
  constructor(journal: Journal) {
    super();
    this.#journal = journal;
  }

  override onConnected() {
    this.#journal.connected.resolve();
  }

  override onDisconnected() {
    this.#journal.disconnected.resolve();
  }

  /** Returns `value`. */
  echo(value: unknown) {
    return value;
  }

  /** Ends the caller's connection. */
  leave() {
    this.context.abort();
  }
}
