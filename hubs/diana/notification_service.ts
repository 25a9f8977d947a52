/**
 * The seed's SignalRNotificationService: maps sessions to the connection that
 * drives them and pushes Diana's events through the hub context, from
 * outside any hub method. Events for a session whose connection dropped wait
 * (a few of them) until the trainee's client binds the session again.
 *
 * @module
 */
import type { HubClients, HubContext } from "../../signalr/mod.ts";
import type { DianaMessage, ErrorEvent, ProcessingEvent } from "./contract.ts";

/** The events are the contract's. */
export type { DianaMessage, ErrorEvent, ProcessingEvent } from "./contract.ts";

/** An event that waits for its session's connection. */
interface Pending {
  readonly method: string;
  readonly args: readonly unknown[];
}

/** How many events wait for a session whose connection dropped; older ones are dropped. */
const OUTBOX_SIZE = 16;

/**
 * Sends Diana's events to the connection bound to each session.
 *
 * @example
 * ```ts
 * import { mapHub, Hub } from "../../signalr/mod.ts";
 * import { NotificationService } from "./notification_service.ts";
 * class Quiet extends Hub {}
 * const endpoint = mapHub("/hubs/quiet", () => new Quiet());
 * const notifier = new NotificationService(endpoint.context);
 * notifier.register("3f2504e0-4f89-41d3-9a0c-0305e82c3301", "connection-id");
 * await endpoint.close();
 * ```
 */
export class NotificationService {
  readonly #clients: HubClients;
  readonly #logError: (message: string, error?: unknown) => void;
  /** Session id → the connection that drives it. */
  readonly #connections = new Map<string, string>();
  /** Session id → events waiting while no connection drives it. */
  readonly #outboxes = new Map<string, Pending[]>();

  /** Sends through `context`; failures to send go to `logError`. */
  constructor(
    context: HubContext,
    logError: (message: string, error?: unknown) => void = console.error,
  ) {
    this.#clients = context.clients;
    this.#logError = logError;
  }

  /** Binds a session to a connection and delivers what waited for it. */
  register(sessionId: string, connectionId: string): void {
    this.#connections.set(sessionId, connectionId);
    const waiting = this.#outboxes.get(sessionId) ?? [];
    this.#outboxes.delete(sessionId);
    for (const event of waiting) this.#send(sessionId, event.method, event.args);
  }

  /** The connection bound to a session, if any. */
  connectionOf(sessionId: string): string | undefined {
    return this.#connections.get(sessionId);
  }

  /** Unbinds the sessions of a closed connection, which keep their events until bound again. */
  connectionClosed(connectionId: string): string[] {
    const sessions: string[] = [];
    for (const [sessionId, bound] of this.#connections) {
      if (bound !== connectionId) continue;
      this.#connections.delete(sessionId);
      this.#outboxes.set(sessionId, []);
      sessions.push(sessionId);
    }
    return sessions;
  }

  /** Forgets a session: its events are dropped from now on. */
  forget(sessionId: string): void {
    this.#connections.delete(sessionId);
    this.#outboxes.delete(sessionId);
  }

  /** Sends `ProcessingStarted`. */
  processingStarted(sessionId: string, state: string): void {
    this.#send(sessionId, "ProcessingStarted", [{ sessionId, state } satisfies ProcessingEvent]);
  }

  /** Sends `DianaStartsSpeaking`. */
  dianaStartsSpeaking(message: DianaMessage): void {
    this.#send(message.sessionId, "DianaStartsSpeaking", [message]);
  }

  /** Sends `DianaInterrupted`, which has no payload. */
  dianaInterrupted(sessionId: string): void {
    this.#send(sessionId, "DianaInterrupted", []);
  }

  /** Sends `Error`. */
  error(sessionId: string, message: string, error?: string): void {
    const event: ErrorEvent = error === undefined ? { sessionId, message } : {
      sessionId,
      message,
      error,
    };
    this.#send(sessionId, "Error", [event]);
  }

  #send(sessionId: string, method: string, args: readonly unknown[]): void {
    const connectionId = this.#connections.get(sessionId);
    if (connectionId === undefined) {
      const outbox = this.#outboxes.get(sessionId);
      if (!outbox) return;
      outbox.push({ method, args });
      if (outbox.length > OUTBOX_SIZE) outbox.shift();
      return;
    }
    this.#clients.client(connectionId).send(method, ...args).catch((error) =>
      this.#logError(`Diana: could not send ${method} for session ${sessionId}`, error)
    );
  }
}
