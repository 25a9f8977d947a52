/**
 * A hub's HTTP face: negotiate, the transport requests, the registry of
 * connections by token, and the one heartbeat that drives every connection's
 * timers. Web-standard: `Request` in, `Response` out.
 *
 * @module
 */
import { createGroupManager, createHubClients, type HubContext } from "./clients.ts";
import { type ConnectionHandler, HubConnection } from "./connection.ts";
import { HubDispatcher } from "./dispatcher.ts";
import type { Hub } from "./hub.ts";
import { corsHeaders, judgeOrigin, preflightResponse } from "./origins.ts";
import { HubCounters } from "./observer.ts";
import { ConnectionRegistry } from "./connection_registry.ts";
import { authenticate, authenticateAs, type Guard } from "./request_guard.ts";
import { NO_CONNECTION, notOffered, readBody, snapshot, text } from "./http_responses.ts";
import { randomId } from "./ids.ts";
import type { HubLifetimeManager } from "./lifetime/lifetime_manager.ts";
import { MemoryLifetimeManager } from "./lifetime/memory.ts";
import { BackplaneLifetimeManager } from "./lifetime/backplane.ts";
import { negotiateResponseBody, requestedNegotiateVersion } from "./negotiate.ts";
import {
  type HubOptions,
  type ResolvedHubOptions,
  resolveHubOptions,
  type TransportName,
} from "./options.ts";
import { LongPollingTransport } from "./transports/long_polling.ts";
import { ServerSentEventsTransport } from "./transports/server_sent_events.ts";
import { upgradeWebSocket, WebSocketTransport } from "./transports/websocket.ts";

/** A snapshot of a hub's activity. */
export interface HubStats {
  /** The hub's path. */
  readonly hub: string;
  /** Open connections of this process by transport name. */
  readonly connections: Readonly<Record<string, number>>;
  /** Groups with members on this process. */
  readonly groups: number;
  /** Hub messages received since the start. */
  readonly messagesReceived: number;
  /** Frames sent since the start. */
  readonly messagesSent: number;
}

/** A hub mounted at a path. */
export class HubEndpoint {
  /** The path the hub is mounted at, e.g. `/hubs/chat`. */
  readonly path: string;
  /** Reaches the hub's clients from outside hub methods. */
  readonly context: HubContext;
  readonly #lowerPath: string;
  readonly #counters = new HubCounters();
  readonly #options: ResolvedHubOptions;
  readonly #manager: HubLifetimeManager;
  readonly #dispatcher: HubDispatcher;
  readonly #connections: ConnectionRegistry;
  readonly #guard: Guard;
  readonly #connecting = new Map<HubConnection, Promise<void>>();
  readonly #handler: ConnectionHandler;
  #closing = false;

  /** Mounts `createHub`'s hubs at `path`. Prefer {@linkcode mapHub}. */
  constructor(
    path: string,
    createHub: () => Hub,
    options: HubOptions = {},
    manager?: HubLifetimeManager,
  ) {
    this.path = path.replace(/\/+$/, "");
    this.#lowerPath = this.path.toLowerCase();
    this.#options = resolveHubOptions(options);
    this.#connections = new ConnectionRegistry(this.#options);
    this.#manager = manager ?? defaultManager(this.#lowerPath, this.#options);
    const clients = createHubClients(this.#manager);
    const groups = createGroupManager(this.#manager);
    this.context = { clients, groups };
    this.#dispatcher = new HubDispatcher(
      this.path,
      createHub,
      this.#manager,
      clients,
      groups,
      this.#options,
    );
    this.#guard = { authenticate: this.#options.authenticate, rule: this.#dispatcher.hubRule };
    this.#handler = {
      connected: (connection) => {
        const ready = this.#connected(connection);
        this.#connecting.set(connection, ready);
        return ready;
      },
      dispatch: (connection, message) => this.#dispatcher.dispatch(connection, message),
      closed: (connection, error) => void this.#closed(connection, error),
    };
  }

  /** Whether the backplane is reachable; `undefined` without one. */
  get backplaneHealthy(): boolean | undefined {
    return this.#options.backplane?.healthy;
  }

  /** What the hub has done so far, for metrics and the operators' dashboard. */
  get stats(): HubStats {
    const connections: Record<string, number> = {};
    for (const connection of this.#connections.values()) {
      if (connection.state !== "connected") continue;
      const name = connection.transport?.name ?? "Reconnecting";
      connections[name] = (connections[name] ?? 0) + 1;
    }
    return {
      hub: this.path,
      connections,
      groups: this.#manager.groupCount,
      messagesReceived: this.#counters.messagesReceived,
      messagesSent: this.#counters.messagesSent,
    };
  }

  /** How many connections are open or negotiated. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /**
   * Answers a request for this hub: negotiate or a transport request; 404 for
   * other paths. Cross-origin requests from origins not allowed get 403;
   * allowed ones get CORS headers (and preflights an answer).
   */
  async fetch(request: Request): Promise<Response> {
    const verdict = judgeOrigin(request, this.#options.allowedOrigins);
    if (verdict === "denied") return text(403, "Origin not allowed.");
    if (verdict === "allowed" && request.method === "OPTIONS") return preflightResponse(request);
    const response = await this.#route(request);
    if (verdict !== "allowed" || response.status === 101) return response;
    for (const [name, value] of Object.entries(corsHeaders(request))) {
      response.headers.set(name, value);
    }
    return response;
  }

  /** Whether a request path is this hub's (matched case-insensitively, as ASP.NET Core routes). */
  owns(pathname: string): boolean {
    const path = pathname.toLowerCase();
    return path === this.#lowerPath || path.startsWith(`${this.#lowerPath}/`);
  }

  async #route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (!this.owns(url.pathname)) return text(404, "Not Found");
    if (this.#closing && !url.searchParams.has("id")) {
      return text(503, "The server is shutting down.", { "Retry-After": "1" });
    }
    const rest = url.pathname.slice(this.path.length).toLowerCase();
    if (rest === "/negotiate") return await this.#negotiate(request, url);
    if (rest === "" || rest === "/") return await this.#transport(request, url);
    return text(404, "Not Found");
  }

  /**
   * Shuts the hub down gracefully: refuses new connections (503), lets running
   * invocations finish, closes every connection (with `allowReconnect` when
   * given, so clients move to another process), lets long-polling clients
   * collect their Close message, and stops the heartbeat — all within
   * `drainMs`.
   */
  async close(allowReconnect?: boolean, drainMs = 5_000): Promise<void> {
    this.#closing = true;
    const deadline = Date.now() + drainMs;
    await waitUntil(() => this.#dispatcher.running === 0, deadline);
    for (const connection of [...this.#connections.values()]) {
      connection.close(undefined, allowReconnect);
    }
    await Promise.allSettled([...this.#connecting.values()]);
    // Long-polling clients between polls still have to fetch their Close message.
    await waitUntil(() => !this.#connections.undelivered, deadline);
    this.#connections.clear();
  }

  async #negotiate(request: Request, url: URL): Promise<Response> {
    if (request.method !== "POST") return text(405, "Method Not Allowed", { Allow: "POST" });
    const version = requestedNegotiateVersion(url);
    if (typeof version !== "number") return text(400, version.error);
    if (Number(request.headers.get("content-length") ?? 0) > MAX_NEGOTIATE_BODY) {
      return text(413, "Request body too large.");
    }
    const auth = await authenticate(this.#guard, request);
    if (auth instanceof Response) return auth;
    const statefulReconnect = this.#options.allowStatefulReconnects && version > 0 &&
      url.searchParams.get("useStatefulReconnect") === "true";
    const connection = this.#create(request, auth.user, version === 0, statefulReconnect);
    if (connection instanceof Response) return connection;
    const body = negotiateResponseBody({
      negotiateVersion: version,
      connectionId: connection.connectionId,
      connectionToken: connection.connectionToken,
      transports: this.#options.transports,
      useStatefulReconnect: statefulReconnect,
    });
    return new Response(body, {
      headers: { "Content-Type": "application/json", "Cache-Control": "no-cache" },
    });
  }

  async #transport(request: Request, url: URL): Promise<Response> {
    const id = url.searchParams.get("id");
    if (request.headers.get("upgrade")?.toLowerCase() === "websocket") {
      return await this.#webSocket(request, id);
    }
    if (id === null) return text(400, "Connection ID required");
    const lingering = this.#connections.lingering(id);
    if (lingering) {
      return request.method === "GET" ? lingering.poll() : text(404, NO_CONNECTION);
    }
    const connection = this.#connections.get(id);
    if (!connection) return text(404, NO_CONNECTION);
    const refused = await authenticateAs(this.#guard, request, connection);
    if (refused) return refused;
    switch (request.method) {
      case "GET":
        return request.headers.get("accept")?.includes("text/event-stream")
          ? this.#serverSentEvents(connection, request)
          : this.#longPoll(connection, request);
      case "POST":
        return await this.#receive(connection, request);
      case "DELETE":
        if (!(connection.transport instanceof LongPollingTransport)) {
          return text(400, "Cannot terminate this connection using the DELETE endpoint.");
        }
        connection.transport.delete();
        return text(202, "");
      default:
        return text(405, "Method Not Allowed", { Allow: "GET, POST, DELETE" });
    }
  }

  async #webSocket(request: Request, id: string | null): Promise<Response> {
    if (!this.#options.transports.includes("WebSockets")) return notOffered("WebSockets");
    let connection: HubConnection;
    if (id === null) {
      const auth = await authenticate(this.#guard, request);
      if (auth instanceof Response) return auth;
      const created = this.#create(request, auth.user, false, false);
      if (created instanceof Response) return created;
      connection = created;
    } else {
      const found = this.#connections.get(id);
      if (!found) return text(404, NO_CONNECTION);
      const refused = await authenticateAs(this.#guard, request, found) ??
        this.#refuseTransport(found, "WebSockets");
      if (refused) return refused;
      connection = found;
    }
    connection.reserve();
    // A connection created just above already holds this request.
    if (id !== null) connection.request = snapshot(request);
    return upgradeWebSocket(request, (socket) => {
      connection.attachNew((events) => new WebSocketTransport(socket, events));
    });
  }

  #serverSentEvents(connection: HubConnection, request: Request): Response {
    if (!this.#options.transports.includes("ServerSentEvents")) {
      return notOffered("ServerSentEvents");
    }
    const refused = this.#refuseTransport(connection, "ServerSentEvents");
    if (refused) return refused;
    connection.request = snapshot(request);
    return connection.attachNew((events) => new ServerSentEventsTransport(events)).response;
  }

  #longPoll(connection: HubConnection, request: Request): Promise<Response> | Response {
    if (!this.#options.transports.includes("LongPolling")) return notOffered("LongPolling");
    const transport = connection.transport;
    if (transport instanceof LongPollingTransport) return transport.poll();
    const refused = this.#refuseTransport(connection, "LongPolling");
    if (refused) return refused;
    connection.request = snapshot(request);
    connection.attachNew(() =>
      new LongPollingTransport(this.#options.longPollTimeoutMs, () => connection.closed())
    );
    // The first poll returns at once: it tells the client the transport is up.
    return new Response(null, { status: 200 });
  }

  /** A transport request for a connection that already has a transport. */
  #refuseTransport(connection: HubConnection, wanted: TransportName): Response | undefined {
    const current = connection.transport;
    if (connection.available && (!current || current.name === wanted)) return undefined;
    if (current && current.name !== wanted) {
      return text(400, "Cannot change transports mid-connection");
    }
    return text(409, "Connection is already active.");
  }

  /** A POST: data from an SSE or long-polling client. */
  async #receive(connection: HubConnection, request: Request): Promise<Response> {
    const transport = connection.transport;
    if (!transport) return text(400, "No transport is open for this connection.");
    if (transport.name === "WebSockets") {
      return text(405, "POST requests are not allowed for WebSocket connections.");
    }
    const limit = this.#options.maximumReceiveMessageSize * 4;
    if (Number(request.headers.get("content-length") ?? 0) > limit) {
      return text(413, "Request body too large.");
    }
    const body = await readBody(request, limit);
    if (!body) return text(413, "Request body too large.");
    connection.received(body);
    return text(200, "");
  }

  #create(
    request: Request,
    user: HubConnection["user"],
    tokenIsId: boolean,
    statefulReconnect: boolean,
  ): HubConnection | Response {
    const max = this.#options.maximumConnectionsPerUser;
    if (user && max > 0 && this.#connections.countOf(user.id) >= max) {
      return text(429, "Too many connections for this user.");
    }
    const connectionToken = randomId();
    const connection = new HubConnection(
      {
        connectionId: tokenIsId ? connectionToken : randomId(),
        connectionToken,
        user,
        request: snapshot(request),
        statefulReconnect,
      },
      this.#options,
      this.#handler,
      this.#counters,
    );
    this.#connections.add(connection);
    return connection;
  }

  async #connected(connection: HubConnection): Promise<void> {
    await this.#manager.onConnected(connection);
    this.#options.observer?.connected?.(this.#describe(connection));
    await this.#dispatcher.connected(connection);
  }

  #describe(connection: HubConnection) {
    return {
      hub: this.path,
      connectionId: connection.connectionId,
      transport: connection.transport?.name ?? "",
      protocol: connection.protocol?.name ?? "",
      userId: connection.user?.id,
    };
  }

  async #closed(connection: HubConnection, error?: Error): Promise<void> {
    this.#connections.remove(connection);
    const ready = this.#connecting.get(connection);
    if (!ready) return;
    this.#options.observer?.disconnected?.({ ...this.#describe(connection), error });
    try {
      await ready.catch(() => {});
      await this.#dispatcher.disconnected(connection, error);
    } catch (failure) {
      this.#options.logError("onDisconnected failed", failure);
    } finally {
      await this.#manager.onDisconnected(connection);
      this.#connecting.delete(connection);
    }
  }
}

async function waitUntil(done: () => boolean, deadline: number): Promise<void> {
  while (!done() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** In memory, or across processes when the options name a backplane. */
function defaultManager(path: string, options: ResolvedHubOptions): HubLifetimeManager {
  if (!options.backplane) return new MemoryLifetimeManager();
  return new BackplaneLifetimeManager(options.backplane, {
    channelPrefix: `switchboard:${path}`,
    protocols: options.protocols,
    timeoutMs: options.clientResultTimeoutMs,
    logError: options.logError,
  });
}

/** Negotiate carries no body worth reading; anything larger is refused. */
const MAX_NEGOTIATE_BODY = 4096;

/**
 * Mounts a hub at `path`. `createHub` makes a fresh hub instance for each
 * invocation; pass services through its closure.
 *
 * @example
 * ```ts
 * import { Hub, mapHub } from "./mod.ts";
 * class EchoHub extends Hub {
 *   echo(text: string) {
 *     return text;
 *   }
 * }
 * const echo = mapHub("/hubs/echo", () => new EchoHub());
 * // Deno.serve((request) => echo.fetch(request));
 * await echo.close();
 * ```
 */
export function mapHub(path: string, createHub: () => Hub, options?: HubOptions): HubEndpoint {
  return new HubEndpoint(path, createHub, options);
}
