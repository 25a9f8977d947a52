/**
 * Integration tests of hubs with the official client: serve one hub or a
 * whole app on a random loopback port, connect with `@microsoft/signalr`, and
 * stop everything afterwards.
 *
 * @module
 */
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import { HubEndpoint } from "../hub_endpoint.ts";
import type { TransportName } from "../options.ts";

/**
 * What a test server serves: a hub endpoint (from `mapHub`), anything with a
 * `fetch` and an optional `close` (e.g. `{ fetch: app.hono.fetch, close: () =>
 * app.close() }`), or a bare request handler.
 */
export type Servable =
  | ((request: Request) => Response | Promise<Response>)
  | {
    fetch(request: Request): Response | Promise<Response>;
    close?(): Promise<void>;
  };

/** How {@linkcode TestServer.connect} builds a connection. */
export interface TestConnectionOptions {
  /** The hub's path, e.g. `/hubs/chat`. @default the served endpoint's path */
  path?: string;
  /** Use only this transport. @default the client's choice: WebSockets here */
  transport?: TransportName;
  /** The hub protocol. @default {"json"} */
  protocol?: "json" | "messagepack";
  /** A bearer token, or a function the client asks for one before each request. */
  accessToken?: string | (() => string | Promise<string>);
  /** Headers sent with every HTTP request of the connection. */
  headers?: Record<string, string>;
  /** Start the connection before returning it (register early handlers with `false`). @default {true} */
  start?: boolean;
}

/** A server started for one test; `await using` closes it at the end of the scope. */
export interface TestServer extends AsyncDisposable {
  /** The server's base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** An official client connection to a hub of the server, stopped by `close`. */
  connect(options?: TestConnectionOptions): Promise<signalR.HubConnection>;
  /**
   * Stops every connection made with `connect`, closes what is served, then
   * shuts the server down. Calling it again waits for the same close.
   */
  close(): Promise<void>;
}

/**
 * Serves `target` on 127.0.0.1 at a random port.
 *
 * @example
 * ```ts
 * import { Hub, mapHub } from "../mod.ts";
 * import { startTestServer } from "./test_server.ts";
 * class EchoHub extends Hub {
 *   echo(text: string) {
 *     return text;
 *   }
 * }
 * await using server = startTestServer(mapHub("/hubs/echo", () => new EchoHub()));
 * const connection = await server.connect({ transport: "LongPolling", protocol: "messagepack" });
 * await connection.invoke("Echo", "hi"); // "hi"
 * ```
 */
export function startTestServer(target: Servable): TestServer {
  const handler = typeof target === "function"
    ? target
    : (request: Request) => target.fetch(request);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
  const url = `http://127.0.0.1:${server.addr.port}`;
  const connections: signalR.HubConnection[] = [];
  let closing: Promise<void> | undefined;
  const close = () =>
    closing ??= (async () => {
      await Promise.allSettled(connections.map((connection) => connection.stop()));
      if (typeof target !== "function") await target.close?.();
      await server.shutdown();
    })();
  return {
    url,
    async connect(options = {}) {
      const path = options.path ?? (target instanceof HubEndpoint ? target.path : undefined);
      if (path === undefined) {
        throw new Error('Which hub? Give its path: connect({ path: "/hubs/chat" }).');
      }
      const { accessToken } = options;
      const connection = new signalR.HubConnectionBuilder()
        .withUrl(new URL(path, url).href, {
          logger: signalR.NullLogger.instance,
          transport: options.transport && signalR.HttpTransportType[options.transport],
          accessTokenFactory: typeof accessToken === "string" ? () => accessToken : accessToken,
          headers: options.headers,
        })
        .withHubProtocol(
          options.protocol === "messagepack"
            ? new MessagePackHubProtocol()
            : new signalR.JsonHubProtocol(),
        )
        .build();
      connections.push(connection);
      if (options.start ?? true) await connection.start();
      return connection;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
