/**
 * One hub connection: the handshake, framing through the chosen protocol,
 * keep-alive and timeouts, and an ordered inbox of hub messages. It knows
 * nothing of hub methods; it hands messages to a {@linkcode ConnectionHandler}.
 *
 * @module
 */
import { type HubUser, withErrorDetails } from "./hub.ts";
import type { ResolvedHubOptions } from "./options.ts";
import {
  negotiateProtocol,
  parseHandshakeRequest,
  writeHandshakeResponse,
} from "./protocol/handshake.ts";
import type { Frame, HubProtocol } from "./protocol/hub_protocol.ts";
import { type HubMessage, MessageType, PING, ProtocolError } from "./protocol/messages.ts";
import { isSequenced, MessageBuffer } from "./message_buffer.ts";
import { HubCounters } from "./observer.ts";
import { PendingResults } from "./client_results.ts";
import { SerializedMessage } from "./serialized_message.ts";
import { type Flushable, Outbox, scheduleFlush } from "./outbox.ts";
import { joinFrames } from "./frames.ts";
import type { Transport, TransportEvents } from "./transports/transport.ts";

/** What a connection reports to the hub endpoint that owns it. */
export interface ConnectionHandler {
  /** The handshake succeeded; hub messages wait until the returned promise settles. */
  connected(connection: HubConnection): Promise<void>;
  /**
   * One hub message, in arrival order. Returning a promise holds back the
   * messages after it until it settles.
   */
  dispatch(connection: HubConnection, message: HubMessage): Promise<void> | void;
  /** The connection closed; `error` says why if it failed. Called once. */
  closed(connection: HubConnection, error?: Error): void;
}

/** Where a connection is in its life. */
export type ConnectionState = "handshaking" | "connected" | "closed";

/** Identity and origin of a connection, fixed when it is created. */
export interface ConnectionInit {
  readonly connectionId: string;
  readonly connectionToken: string;
  readonly user: HubUser | undefined;
  readonly request: { readonly headers: Headers; readonly url: string };
  /** Whether negotiate granted stateful reconnect (used if the handshake asks for version 2+). */
  readonly statefulReconnect: boolean;
}

/** One client's connection to one hub. */
export class HubConnection implements TransportEvents, Flushable {
  /** The public id hub code sees. */
  readonly connectionId: string;
  /** The secret id the transports use (`?id=`). */
  readonly connectionToken: string;
  /** The authenticated user, if any. */
  readonly user: HubUser | undefined;
  /**
   * The request that opened the current transport (before one did, the
   * negotiate request): its headers carry the cookies and user agent hub code
   * may look at.
   */
  request: { readonly headers: Headers; readonly url: string };
  /** Groups this connection is in; kept by the lifetime manager. */
  readonly groups = new Set<string>();
  #items: Map<unknown, unknown> | undefined;
  /** The protocol chosen in the handshake. */
  protocol: HubProtocol | undefined;
  /** The transport carrying the connection, once one attached. */
  transport: Transport | undefined;
  /** Where the connection is in its life. */
  state: ConnectionState = "handshaking";

  readonly #options: ResolvedHubOptions;
  readonly #handler: ConnectionHandler;
  readonly #aborted = new AbortController();
  #pending: Frame = "";
  /** Messages waiting to be dispatched, in order; a protocol error fails the connection when reached. */
  #inbox: (HubMessage | ProtocolError)[] = [];
  /** Set once a frame broke the protocol: what follows it is not read. */
  #failing = false;
  #pumping = false;
  #ready: Promise<void> | undefined;
  #createdAt = Date.now();
  #lastReceivedAt = this.#createdAt;
  #lastSentAt = this.#createdAt;
  readonly #statefulReconnect: boolean;
  readonly #counters: HubCounters;
  #buffer: MessageBuffer | undefined;
  #disconnectedAt: number | undefined;
  #reserved = false;
  readonly #outbox = new Outbox();
  #stall: { waiting: number; since: number } | undefined;
  /** Client results waited for; created by the first `invoke` (most connections never need it). */
  #results: PendingResults | undefined;
  /** The id of the next invocation the server sends its client. */
  #nextInvocationId = 0;

  /** Creates a connection waiting for its transport and handshake. */
  constructor(
    init: ConnectionInit,
    options: ResolvedHubOptions,
    handler: ConnectionHandler,
    counters: HubCounters = new HubCounters(),
  ) {
    this.#counters = counters;
    this.connectionId = init.connectionId;
    this.connectionToken = init.connectionToken;
    this.user = init.user;
    this.request = init.request;
    this.#statefulReconnect = init.statefulReconnect;
    this.#options = options;
    this.#handler = handler;
  }

  /** When the connection was created, or its transport attached (ms since the epoch). */
  get createdAt(): number {
    return this.#createdAt;
  }

  /** Per-connection storage for hub code (created when first used). */
  get items(): Map<unknown, unknown> {
    return this.#items ??= new Map();
  }

  /** Aborted when the connection closes. */
  get closedSignal(): AbortSignal {
    return this.#aborted.signal;
  }

  /**
   * Whether a transport request may take this connection: it has none yet, or
   * it is a stateful connection whose transport dropped (a reconnect).
   */
  get available(): boolean {
    if (this.#reserved) return false;
    return this.state === "handshaking" ? !this.transport : this.#buffer !== undefined;
  }

  /** Marks the connection as taken while its transport is being set up (a WebSocket upgrade). */
  reserve(): void {
    this.#reserved = true;
    this.#createdAt = Date.now();
  }

  /**
   * Creates a transport whose events are ignored once another transport
   * replaces it, and attaches it. On a stateful connection that lost its
   * transport, this resumes: the unacknowledged messages are replayed.
   */
  attachNew<T extends Transport>(create: (events: TransportEvents) => T): T {
    const transport: T = create({
      received: (frame) => this.transport === transport && this.received(frame),
      closed: (error) => this.transport === transport && this.closed(error),
    });
    const previous = this.transport;
    this.transport = transport;
    this.#reserved = false;
    const now = Date.now();
    this.#lastReceivedAt = this.#lastSentAt = now;
    if (this.state === "connected" && this.#buffer) {
      this.#disconnectedAt = undefined;
      // What waited for the old transport is in the buffer, and is replayed.
      this.#outbox.clear();
      previous?.close();
      this.#buffer.reconnected();
    } else {
      this.#createdAt = now;
    }
    return transport;
  }

  /** Transport event: data from the client. */
  received(frame: Frame): void {
    if (this.state === "closed") return;
    this.#lastReceivedAt = Date.now();
    try {
      const input = this.#pending.length === 0 ? frame : joinFrames([this.#pending, frame]);
      if (this.state === "handshaking") {
        this.#pending = this.#handshake(input) ?? "";
      } else {
        this.#read(input);
      }
    } catch (error) {
      this.#failed(error);
    }
  }

  /**
   * Transport event: the transport ended. A stateful connection whose
   * transport failed waits `disconnectTimeoutMs` for the client to come back.
   */
  closed(error?: Error): void {
    if (error && this.#buffer && this.state === "connected") {
      this.transport = undefined;
      this.#disconnectedAt = Date.now();
      this.#buffer.disconnected();
      return;
    }
    this.#finish(error);
  }

  /** Writes one message (or a message already serialized for a broadcast). */
  write(message: HubMessage | SerializedMessage): void {
    if (this.state !== "connected" || !this.protocol) return;
    const serialized = message instanceof SerializedMessage;
    const frame = serialized ? message.frameFor(this.protocol) : this.protocol.write(message);
    this.#lastSentAt = Date.now();
    const plain = serialized ? message.message : message;
    if (this.#buffer && isSequenced(plain)) {
      if (!this.#buffer.write(frame)) {
        this.close("Connection closed with an error. The client is not acknowledging messages.");
      }
      return;
    }
    this.#sendFrame(frame);
  }

  /** Queues a frame for the transport; frames queued in one burst leave as one send. */
  #sendFrame(frame: Frame): void {
    if (!this.transport) return;
    this.#counters.messagesSent++;
    if (this.#outbox.add(frame)) scheduleFlush(this);
  }

  /**
   * Hands what was queued to the transport (see {@linkcode scheduleFlush}),
   * and drops a client that stopped reading.
   */
  flush(): void {
    const frame = this.#outbox.take();
    const transport = this.transport;
    if (frame === undefined || !transport) return;
    try {
      transport.send(frame);
    } catch (error) {
      this.#abandon(`its transport failed to send: ${(error as Error).message}`);
      return;
    }
    if (transport.bufferedAmount > this.#options.maximumSendBufferSize) {
      this.#abandon("the client is not reading: its send buffer is full");
    }
  }

  /**
   * Ends a connection whose client stopped reading, without a Close message
   * (it could not be delivered).
   */
  #abandon(reason: string): void {
    this.#options.logError(`Closing connection ${this.connectionId}: ${reason}.`);
    this.#outbox.clear();
    this.transport?.close();
    this.#finish(new Error(`Connection closed: ${reason}.`));
  }

  /** Tracks whether the client reads what waits for it; true when it has stalled too long. */
  #stalled(now: number): boolean {
    const waiting = this.transport?.bufferedAmount ?? 0;
    if (waiting === 0 || (this.#stall && waiting < this.#stall.waiting)) {
      this.#stall = waiting === 0 ? undefined : { waiting, since: now };
      return false;
    }
    this.#stall ??= { waiting, since: now };
    return now - this.#stall.since >= this.#options.sendTimeoutMs;
  }

  /**
   * Resolves once the transport holds at most `transportMaxBufferSize` bytes
   * for the client (or the connection closed, or `signal` aborted): streams
   * wait here so a slow reader never makes the server buffer without bound.
   */
  async drained(signal: AbortSignal): Promise<void> {
    const limit = this.#options.transportMaxBufferSize;
    while (
      this.state === "connected" && !signal.aborted &&
      (this.transport?.bufferedAmount ?? 0) > limit
    ) {
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
  }

  /**
   * Invokes `target(...args)` on the client and resolves with its result
   * (a client result); rejects on a client error, disconnect or timeout.
   */
  invoke(target: string, args: readonly unknown[]): Promise<unknown> {
    if (this.state !== "connected") {
      return Promise.reject(new Error(`Connection '${this.connectionId}' is not connected.`));
    }
    this.#results ??= new PendingResults(this.#options.clientResultTimeoutMs);
    const invocationId = `s${this.#nextInvocationId++}`;
    const result = this.#results.expect(
      invocationId,
      `The client did not answer '${target}' in time.`,
    );
    this.write({ type: MessageType.Invocation, invocationId, target, arguments: args });
    return result;
  }

  /**
   * Sends a Close message (with `error` and `allowReconnect` when given), then
   * ends the transport.
   */
  close(error?: string, allowReconnect?: boolean): void {
    if (this.state === "closed") return;
    if (this.state === "connected") {
      this.write({ type: MessageType.Close, error, allowReconnect });
    }
    this.flush();
    this.transport?.close();
    this.#finish(error === undefined ? undefined : new Error(error));
  }

  /** Timer work, called by the endpoint's heartbeat: handshake timeout, keep-alive, client timeout. */
  tick(now: number): void {
    const options = this.#options;
    if (this.#disconnectedAt !== undefined) {
      if (now - this.#disconnectedAt >= options.disconnectTimeoutMs) {
        this.#finish(new Error("The client did not reconnect in time."));
      }
      return;
    }
    if (this.state === "handshaking") {
      if (
        (this.transport || this.#reserved) && now - this.#createdAt >= options.handshakeTimeoutMs
      ) {
        this.#rejectHandshake("Handshake was canceled.");
      }
      return;
    }
    if (this.state !== "connected") return;
    if (this.#stalled(now)) {
      this.#abandon(`the client has read nothing for ${options.sendTimeoutMs} ms`);
      return;
    }
    const expiresAt = this.user?.expiresAt;
    if (options.closeOnAuthenticationExpiration && expiresAt !== undefined && now >= expiresAt) {
      this.close("Unauthorized: the access token has expired.", true);
      return;
    }
    if (now - this.#lastReceivedAt >= options.clientTimeoutMs) {
      this.close("Server timeout elapsed without receiving a message from the client.");
      return;
    }
    const ack = this.#buffer?.takeAck();
    if (ack !== undefined) {
      this.#lastSentAt = now;
      this.#sendFrame(ack);
    } else if (now - this.#lastSentAt >= options.keepAliveIntervalMs) {
      this.write(PING_FRAMES);
    }
  }

  #handshake(input: Frame): Frame | undefined {
    const max = this.#options.maximumReceiveMessageSize;
    const parsed = parseHandshakeRequest(input);
    const size = parsed ? input.length - parsed.rest.length : input.length;
    if (size > Math.min(max, MAX_HANDSHAKE_SIZE)) {
      throw new ProtocolError("The handshake request is too large.");
    }
    if (!parsed) return input;
    const choice = negotiateProtocol(
      parsed.request,
      this.#options.protocols,
      this.transport?.transferFormats ?? [],
    );
    if ("error" in choice) {
      this.#rejectHandshake(choice.error);
      return undefined;
    }
    this.protocol = choice.protocol;
    if (this.#statefulReconnect && parsed.request.version >= 2) {
      this.#buffer = new MessageBuffer(
        choice.protocol,
        this.#options.statefulReconnectBufferSize,
        (frame) => this.#sendFrame(frame),
      );
    }
    this.transport!.send(writeHandshakeResponse());
    this.#lastSentAt = Date.now();
    this.state = "connected";
    // A failing onConnected closes the connection; the inbox waits for it either way.
    this.#ready = this.#handler.connected(this).catch((error) => this.#failed(error));
    if (parsed.rest.length > 0) this.#read(parsed.rest);
    return undefined;
  }

  #read(input: Frame): void {
    if (this.#failing) return;
    let messages: readonly HubMessage[];
    let failure: ProtocolError | undefined;
    try {
      const parsed = this.protocol!.parse(input, this.#options.maximumReceiveMessageSize);
      messages = parsed.messages;
      this.#pending = parsed.rest;
    } catch (error) {
      // As in ASP.NET Core, the messages before a malformed one still run;
      // the connection fails when the inbox reaches the error.
      if (!(error instanceof ProtocolError) || error.parsed.length === 0) throw error;
      messages = error.parsed;
      failure = error;
      this.#failing = true;
    }
    this.#counters.messagesReceived += messages.length;
    for (const message of messages) {
      if (message.type === MessageType.Ping) continue;
      if (message.type === MessageType.Close) {
        this.close();
        return;
      }
      if (message.type === MessageType.Ack) {
        this.#buffer?.ack(message.sequenceId);
        continue;
      }
      if (message.type === MessageType.Sequence) {
        if (this.#buffer && !this.#buffer.resetSequence(message.sequenceId)) {
          this.close(
            "Connection closed with an error. Sequence ID greater than amount of messages received.",
          );
          return;
        }
        continue;
      }
      if (this.#buffer && isSequenced(message) && !this.#buffer.accept()) continue;
      if (
        message.type === MessageType.Completion &&
        this.#results?.settle(message.invocationId, message)
      ) continue;
      this.#inbox.push(message);
    }
    if (failure) this.#inbox.push(failure);
    if (this.#inbox.length > 0 && !this.#pumping) void this.#pump();
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      await this.#ready;
      while (this.#inbox.length > 0 && this.state === "connected") {
        const message = this.#inbox.shift()!;
        if (message instanceof ProtocolError) throw message;
        const held = this.#handler.dispatch(this, message);
        if (held) await held;
      }
    } catch (error) {
      this.#failed(error);
    } finally {
      this.#pumping = false;
    }
  }

  #rejectHandshake(error: string): void {
    this.transport?.send(writeHandshakeResponse(error));
    this.transport?.close();
    this.#finish(new Error(error));
  }

  #failed(error: unknown): void {
    const cause = error instanceof Error ? error : new Error(String(error));
    if (this.state === "handshaking") {
      this.#rejectHandshake(
        withErrorDetails(
          "An unexpected error occurred during connection handshake.",
          cause,
          this.#options.enableDetailedErrors,
        ),
      );
      return;
    }
    this.close(
      withErrorDetails(
        "Connection closed with an error.",
        cause,
        this.#options.enableDetailedErrors,
      ),
    );
  }

  #finish(error?: Error): void {
    if (this.state === "closed") return;
    this.state = "closed";
    this.#inbox = [];
    this.#pending = "";
    this.#aborted.abort(error ?? CONNECTION_CLOSED);
    this.#results?.rejectAll(new Error(`Connection '${this.connectionId}' disconnected.`));
    this.#handler.closed(this, error);
  }
}

/**
 * The reason a connection's `closedSignal` gives when it closed without an
 * error: one shared instance, so mass disconnects do not build an exception
 * (and its stack trace) per connection.
 */
const CONNECTION_CLOSED = new DOMException("The connection closed.", "AbortError");

/** The keep-alive ping, serialized once per protocol for every connection. */
const PING_FRAMES = new SerializedMessage(PING);

/** The largest handshake request accepted, in bytes. */
const MAX_HANDSHAKE_SIZE = 4096;

/** How often a waiting stream checks whether the transport drained. */
const DRAIN_POLL_MS = 10;
