/**
 * Turns a connection's hub messages into hub method calls: finds the method,
 * binds the arguments, runs it on a fresh hub instance, streams, cancels, and
 * replies with the .NET error texts.
 *
 * @module
 */
import {
  createCallerClients,
  type GroupManager,
  type HubCallerClients,
  type HubClients,
} from "./clients.ts";
import type { HubConnection } from "./connection.ts";
import { type Hub, type HubCallerContext, HubError, withErrorDetails } from "./hub.ts";
import { discoverHubMethods, type HubMethod } from "./hub_methods.ts";
import type { HubLifetimeManager } from "./lifetime/lifetime_manager.ts";
import type { ResolvedHubOptions } from "./options.ts";
import { StreamChannel } from "./stream_channel.ts";
import { type AuthorizationRule, isAuthorized, ruleOf } from "./auth/authorization.ts";
import { TokenBucket } from "./rate_limiter.ts";
import type { HubObserver } from "./observer.ts";
import {
  type HubMessage,
  type InvocationMessage,
  MessageType,
  type StreamInvocationMessage,
} from "./protocol/messages.ts";

/** Per-connection bookkeeping of running work. */
interface ConnectionWork {
  /** The caller-relative targets, built once per connection. */
  readonly callerClients: HubCallerClients;
  /** The hub's view of the connection, built once per connection. */
  readonly context: HubCallerContext;
  running: number;
  slotFreed?: () => void;
  /** Running server-to-client streams by invocation id (created on first use). */
  streams?: Map<string, AbortController>;
  /** Client-to-server streams by stream id (created on first use). */
  uploads?: Map<string, StreamChannel<unknown>>;
  readonly bucket: TokenBucket | undefined;
}

/** Dispatches hub messages to the methods of one hub class. */
export class HubDispatcher {
  /** The rule on the hub class itself, if any (see `authorize`). */
  readonly hubRule: AuthorizationRule | undefined;
  readonly #createHub: () => Hub;
  readonly #methods: Map<string, HubMethod>;
  readonly #manager: HubLifetimeManager;
  readonly #clients: HubClients;
  readonly #groups: GroupManager;
  readonly #options: ResolvedHubOptions;
  readonly #work = new Map<HubConnection, ConnectionWork>();
  readonly #hub: string;
  readonly #observer: HubObserver | undefined;

  /** Discovers the methods of the hubs `createHub` makes. */
  constructor(
    hub: string,
    createHub: () => Hub,
    manager: HubLifetimeManager,
    clients: HubClients,
    groups: GroupManager,
    options: ResolvedHubOptions,
  ) {
    this.#hub = hub;
    this.#observer = options.observer;
    this.#createHub = createHub;
    const sample = createHub();
    this.#methods = discoverHubMethods(sample);
    this.hubRule = ruleOf(sample.constructor);
    this.#manager = manager;
    this.#clients = clients;
    this.#groups = groups;
    this.#options = options;
  }

  /** How many invocations are running on all connections. */
  get running(): number {
    let count = 0;
    for (const work of this.#work.values()) count += work.running;
    return count;
  }

  /** Runs the hub's `onConnected` for a connection that finished its handshake. */
  async connected(connection: HubConnection): Promise<void> {
    const limit = this.#options.invocationRateLimit;
    const work: ConnectionWork = {
      callerClients: createCallerClients(this.#manager, this.#clients, connection.connectionId),
      context: new ConnectionContext(connection),
      running: 0,
      bucket: limit ? new TokenBucket(limit) : undefined,
    };
    this.#work.set(connection, work);
    await this.#hubFor(work, connection.closedSignal).onConnected();
  }

  /** Runs the hub's `onDisconnected` and stops the connection's streams. */
  async disconnected(connection: HubConnection, error?: Error): Promise<void> {
    const work = this.#work.get(connection);
    this.#work.delete(connection);
    if (!work) return;
    for (const stream of work.streams?.values() ?? []) stream.abort();
    for (const upload of work.uploads?.values() ?? []) upload.end(new Error("Connection closed."));
    await this.#hubFor(work, connection.closedSignal).onDisconnected(error);
  }

  /**
   * Handles one message. The returned promise, if any, holds back the
   * connection's next messages: that is how invocations run in order.
   */
  dispatch(connection: HubConnection, message: HubMessage): Promise<void> | void {
    const work = this.#work.get(connection);
    if (!work) return;
    switch (message.type) {
      case MessageType.Invocation:
        // A call that uploads streams must not hold the inbox: its items follow it there.
        if (message.streamIds?.length) return void this.#invoke(connection, work, message);
        return this.#limit(work, this.#invoke(connection, work, message));
      case MessageType.StreamInvocation:
        void this.#stream(connection, work, message);
        return;
      case MessageType.CancelInvocation:
        work.streams?.get(message.invocationId)?.abort();
        return;
      case MessageType.StreamItem:
        // Holding the inbox until the item fits bounds the upload's buffer.
        return work.uploads?.get(message.invocationId)?.push(message.item);
      case MessageType.Completion: {
        const upload = work.uploads?.get(message.invocationId);
        work.uploads?.delete(message.invocationId);
        // The client's error text reaches hub code as a HubError, as in .NET.
        upload?.end(message.error === undefined ? undefined : new HubError(message.error));
        return;
      }
      default:
        return;
    }
  }

  /** Holds the inbox while the connection has its maximum of invocations running. */
  #limit(work: ConnectionWork, invocation: Promise<void>): Promise<void> | void {
    work.running++;
    void invocation.finally(() => {
      work.running--;
      const wake = work.slotFreed;
      work.slotFreed = undefined;
      wake?.();
    });
    if (work.running < this.#options.maximumParallelInvocationsPerClient) return;
    return new Promise((resolve) => work.slotFreed = resolve);
  }

  async #invoke(
    connection: HubConnection,
    work: ConnectionWork,
    message: InvocationMessage,
  ): Promise<void> {
    const { invocationId, target } = message;
    const admitted = this.#admit(connection, work, message);
    const bound = admitted instanceof Promise ? await admitted : admitted;
    if (typeof bound === "string") return this.#reply(connection, invocationId, bound);
    if (bound.streaming) {
      return this.#reply(
        connection,
        invocationId,
        `The client attempted to invoke the streaming '${target}' method with a non-streaming invocation.`,
      );
    }
    let result: unknown;
    const args = this.#withUploads(work, message);
    if (typeof args === "string") return this.#reply(connection, invocationId, args);
    const started = performance.now();
    try {
      const hub = this.#hubFor(work, connection.closedSignal);
      const returned = bound.invoke(hub, args);
      result = returned instanceof Promise ? await returned : returned;
    } catch (error) {
      this.#log(target, error);
      this.#observe(connection, bound.name, started, error);
      return this.#reply(
        connection,
        invocationId,
        this.#errorText(`An unexpected error occurred invoking '${target}' on the server.`, error),
      );
    } finally {
      this.#endUploads(work, message);
    }
    this.#observe(connection, bound.name, started);
    if (invocationId !== undefined) {
      connection.write({
        type: MessageType.Completion,
        invocationId,
        result,
        hasResult: true,
      });
    }
  }

  async #stream(
    connection: HubConnection,
    work: ConnectionWork,
    message: StreamInvocationMessage,
  ): Promise<void> {
    const { invocationId, target } = message;
    const bound = await this.#admit(connection, work, message);
    if (typeof bound === "string") return this.#reply(connection, invocationId, bound);
    if (!bound.streaming) {
      return this.#reply(
        connection,
        invocationId,
        `The client attempted to invoke the non-streaming '${target}' method with a streaming invocation.`,
      );
    }
    if (work.streams?.has(invocationId)) {
      return this.#reply(
        connection,
        invocationId,
        `Invocation ID '${invocationId}' is already in use.`,
      );
    }
    const args = this.#withUploads(work, message);
    if (typeof args === "string") return this.#reply(connection, invocationId, args);
    const controller = new AbortController();
    (work.streams ??= new Map()).set(invocationId, controller);
    const signal = AbortSignal.any([controller.signal, connection.closedSignal]);
    let error: string | undefined;
    let started = false;
    let failure: unknown;
    const startedAt = performance.now();
    try {
      const hub = this.#hubFor(work, signal);
      const items = bound.invoke(hub, args) as AsyncIterable<unknown>;
      for await (const item of items) {
        started = true;
        if (signal.aborted) break;
        connection.write({ type: MessageType.StreamItem, invocationId, item });
        await connection.drained(signal);
      }
    } catch (cause) {
      if (!signal.aborted) {
        failure = cause;
        this.#log(target, cause);
        // A generator that fails before its first item failed to start, like a .NET
        // streaming method that throws when called; later failures are stream errors.
        error = this.#errorText(
          started
            ? "An error occurred on the server while streaming results."
            : `An unexpected error occurred invoking '${target}' on the server.`,
          cause,
        );
      }
    } finally {
      work.streams?.delete(invocationId);
      this.#endUploads(work, message);
    }
    this.#observe(connection, bound.name, startedAt, failure);
    connection.write({ type: MessageType.Completion, invocationId, error });
  }

  /** Tells the observer; an observer's own failure never changes an invocation's outcome. */
  #observe(connection: HubConnection, method: string, startedAt: number, error?: unknown): void {
    try {
      this.#observer?.invoked?.({
        hub: this.#hub,
        connectionId: connection.connectionId,
        method,
        durationMs: performance.now() - startedAt,
        error,
      });
    } catch (failure) {
      this.#options.logError("The hub observer failed", failure);
    }
  }

  /**
   * Finds the method and checks the rate limit, the caller's authorization and
   * the argument count; returns the method or the error text. Synchronous
   * unless the method has an authorization rule to check.
   */
  #admit(
    connection: HubConnection,
    work: ConnectionWork,
    message: InvocationMessage | StreamInvocationMessage,
  ): HubMethod | string | Promise<HubMethod | string> {
    const { target } = message;
    if (work.bucket && !work.bucket.take()) {
      return `Failed to invoke '${target}' because the invocation rate limit was exceeded.`;
    }
    const bound = this.#bind(message);
    if (typeof bound === "string" || !bound.rule) return bound;
    return isAuthorized(connection.user, bound.rule).then((allowed) =>
      allowed ? bound : `Failed to invoke '${target}' because user is unauthorized`
    );
  }

  /** Finds the method and checks the argument count, or returns the error text. */
  #bind(message: InvocationMessage | StreamInvocationMessage): HubMethod | string {
    const { target } = message;
    const method = this.#methods.get(target.toLowerCase());
    const failed = `Failed to invoke '${target}' due to an error on the server.`;
    if (!method) return `${failed} HubException: Method does not exist.`;
    const given = message.arguments.length + (message.streamIds?.length ?? 0);
    if (given !== method.parameterCount) {
      return this.#errorText(
        failed,
        Object.assign(
          new Error(
            `Invocation provides ${given} argument(s) but target expects ${method.parameterCount}.`,
          ),
          { name: "InvalidDataException" },
        ),
      );
    }
    return method;
  }

  /**
   * The method's arguments: the message's, then one async iterable per
   * uploaded stream, in `streamIds` order. An error text if an id is taken.
   */
  #withUploads(
    work: ConnectionWork,
    message: InvocationMessage | StreamInvocationMessage,
  ): unknown[] | string {
    const ids = message.streamIds ?? [];
    if (ids.length === 0) return message.arguments as unknown[];
    if (new Set(ids).size !== ids.length || ids.some((id) => work.uploads?.has(id))) {
      return `Stream ID is already in use.`;
    }
    const channels = ids.map((id) => {
      const channel = new StreamChannel<unknown>(this.#options.streamBufferCapacity);
      (work.uploads ??= new Map()).set(id, channel);
      return channel;
    });
    return [...message.arguments, ...channels];
  }

  /** Stops the uploads of a finished invocation; later items for them are dropped. */
  #endUploads(work: ConnectionWork, message: InvocationMessage | StreamInvocationMessage): void {
    for (const id of message.streamIds ?? []) {
      work.uploads?.get(id)?.end();
      work.uploads?.delete(id);
    }
  }

  #hubFor(work: ConnectionWork, signal: AbortSignal): Hub {
    const hub = this.#createHub();
    hub.context = work.context;
    hub.clients = work.callerClients;
    hub.groups = this.#groups;
    hub.signal = signal;
    return hub;
  }

  #reply(connection: HubConnection, invocationId: string | undefined, error: string): void {
    if (invocationId === undefined) return;
    connection.write({ type: MessageType.Completion, invocationId, error });
  }

  /** `message`, plus the error's type and text for a HubError or with detailed errors on. */
  #errorText(message: string, error: unknown): string {
    return withErrorDetails(
      message,
      error,
      error instanceof HubError || this.#options.enableDetailedErrors,
    );
  }

  /** Logs an unexpected failure, unless an observer hears of every invocation anyway. */
  #log(target: string, error: unknown): void {
    if (error instanceof HubError || this.#observer?.invoked) return;
    this.#options.logError(`Hub method '${target}' failed`, error);
  }
}

/**
 * The hub's view of a connection, one per connection. Everything is read
 * from the connection when asked: a new transport (a reconnect, the next
 * long poll) replaces the request and transport.
 */
class ConnectionContext implements HubCallerContext {
  readonly #connection: HubConnection;

  constructor(connection: HubConnection) {
    this.#connection = connection;
  }

  get connectionId(): string {
    return this.#connection.connectionId;
  }
  get user(): HubConnection["user"] {
    return this.#connection.user;
  }
  get userIdentifier(): string | undefined {
    return this.#connection.user?.id;
  }
  get items(): Map<unknown, unknown> {
    return this.#connection.items;
  }
  get request(): HubCallerContext["request"] {
    return this.#connection.request;
  }
  get transport(): string {
    return this.#connection.transport?.name ?? "";
  }
  get connectionAborted(): AbortSignal {
    return this.#connection.closedSignal;
  }
  abort(): void {
    this.#connection.close();
  }
}
