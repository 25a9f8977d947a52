/**
 * Turns a connection's hub messages into hub method calls: finds the method,
 * binds the arguments, runs it on a fresh hub instance, streams, cancels, and
 * replies with the .NET error texts.
 *
 * @module
 */
import { createCallerClients, type GroupManager, type HubClients } from "./clients.ts";
import type { HubConnection } from "./connection.ts";
import { type Hub, type HubCallerContext, HubError } from "./hub.ts";
import { discoverHubMethods, type HubMethod } from "./hub_methods.ts";
import type { HubLifetimeManager } from "./lifetime/lifetime_manager.ts";
import type { ResolvedHubOptions } from "./options.ts";
import {
  type HubMessage,
  type InvocationMessage,
  MessageType,
  type StreamInvocationMessage,
} from "./protocol/messages.ts";

/** Per-connection bookkeeping of running work. */
interface ConnectionWork {
  running: number;
  slotFreed?: () => void;
  readonly streams: Map<string, AbortController>;
}

/** Dispatches hub messages to the methods of one hub class. */
export class HubDispatcher {
  readonly #createHub: () => Hub;
  readonly #methods: Map<string, HubMethod>;
  readonly #manager: HubLifetimeManager;
  readonly #clients: HubClients;
  readonly #groups: GroupManager;
  readonly #options: ResolvedHubOptions;
  readonly #work = new Map<HubConnection, ConnectionWork>();

  /** Discovers the methods of the hubs `createHub` makes. */
  constructor(
    createHub: () => Hub,
    manager: HubLifetimeManager,
    clients: HubClients,
    groups: GroupManager,
    options: ResolvedHubOptions,
  ) {
    this.#createHub = createHub;
    this.#methods = discoverHubMethods(createHub());
    this.#manager = manager;
    this.#clients = clients;
    this.#groups = groups;
    this.#options = options;
  }

  /** Runs the hub's `onConnected` for a connection that finished its handshake. */
  async connected(connection: HubConnection): Promise<void> {
    this.#work.set(connection, { running: 0, streams: new Map() });
    await this.#hubFor(connection, connection.closedSignal).onConnected();
  }

  /** Runs the hub's `onDisconnected` and stops the connection's streams. */
  async disconnected(connection: HubConnection, error?: Error): Promise<void> {
    const work = this.#work.get(connection);
    this.#work.delete(connection);
    for (const stream of work?.streams.values() ?? []) stream.abort();
    await this.#hubFor(connection, connection.closedSignal).onDisconnected(error);
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
        return this.#limit(work, this.#invoke(connection, message));
      case MessageType.StreamInvocation:
        void this.#stream(connection, work, message);
        return;
      case MessageType.CancelInvocation:
        work.streams.get(message.invocationId)?.abort();
        return;
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

  async #invoke(connection: HubConnection, message: InvocationMessage): Promise<void> {
    const { invocationId, target } = message;
    const bound = this.#bind(message);
    if (typeof bound === "string") return this.#reply(connection, invocationId, bound);
    if (bound.streaming) {
      return this.#reply(
        connection,
        invocationId,
        `The client attempted to invoke the streaming '${target}' method with a non-streaming invocation.`,
      );
    }
    let result: unknown;
    try {
      const hub = this.#hubFor(connection, connection.closedSignal);
      result = await bound.invoke(hub, message.arguments);
    } catch (error) {
      this.#log(target, error);
      return this.#reply(
        connection,
        invocationId,
        this.#errorText(`An unexpected error occurred invoking '${target}' on the server.`, error),
      );
    }
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
    const bound = this.#bind(message);
    if (typeof bound === "string") return this.#reply(connection, invocationId, bound);
    if (!bound.streaming) {
      return this.#reply(
        connection,
        invocationId,
        `The client attempted to invoke the non-streaming '${target}' method with a streaming invocation.`,
      );
    }
    if (work.streams.has(invocationId)) {
      return this.#reply(
        connection,
        invocationId,
        `Invocation ID '${invocationId}' is already in use.`,
      );
    }
    const controller = new AbortController();
    work.streams.set(invocationId, controller);
    const signal = AbortSignal.any([controller.signal, connection.closedSignal]);
    let error: string | undefined;
    try {
      const hub = this.#hubFor(connection, signal);
      const items = bound.invoke(hub, message.arguments) as AsyncIterable<unknown>;
      for await (const item of items) {
        if (signal.aborted) break;
        connection.write({ type: MessageType.StreamItem, invocationId, item });
      }
    } catch (cause) {
      if (!signal.aborted) {
        this.#log(target, cause);
        error = this.#errorText("An error occurred on the server while streaming results.", cause);
      }
    } finally {
      work.streams.delete(invocationId);
    }
    connection.write({ type: MessageType.Completion, invocationId, error });
  }

  /** Finds the method and checks the argument count, or returns the error text. */
  #bind(message: InvocationMessage | StreamInvocationMessage): HubMethod | string {
    const { target } = message;
    const method = this.#methods.get(target.toLowerCase());
    const failed = `Failed to invoke '${target}' due to an error on the server.`;
    if (!method) return `${failed} HubException: Method does not exist.`;
    const given = message.arguments.length;
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

  #hubFor(connection: HubConnection, signal: AbortSignal): Hub {
    const hub = this.#createHub();
    hub.context = callerContext(connection);
    hub.clients = createCallerClients(this.#manager, this.#clients, connection.connectionId);
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
    if (
      error instanceof HubError || (this.#options.enableDetailedErrors && error instanceof Error)
    ) {
      return `${message} ${error.name}: ${error.message}`;
    }
    return message;
  }

  #log(target: string, error: unknown): void {
    if (error instanceof HubError) return;
    this.#options.logError(`Hub method '${target}' failed`, error);
  }
}

/** The hub's view of a connection. */
function callerContext(connection: HubConnection): HubCallerContext {
  return {
    connectionId: connection.connectionId,
    user: connection.user,
    userIdentifier: connection.user?.id,
    items: connection.items,
    request: connection.request,
    transport: connection.transport?.name ?? "",
    connectionAborted: connection.closedSignal,
    abort: () => connection.close(),
  };
}
