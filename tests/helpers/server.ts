/**
 * Test helpers: serve a handler on a random loopback port, find a free port
 * for a process to listen on, and build official `@microsoft/signalr`
 * connections to a server.
 *
 * @module
 */
import * as signalR from "@microsoft/signalr";

/** A server started for one test. */
export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Stops the server (and whatever `onClose` stops first). */
  close(): Promise<void>;
}

/**
 * Serves `handler` on 127.0.0.1 at a random port (or `port`, to restart a
 * server where its clients expect it). `onClose` runs before the server stops.
 */
export function serve(
  handler: (request: Request) => Response | Promise<Response>,
  onClose?: () => Promise<void>,
  port = 0,
): TestServer {
  const server = Deno.serve({ hostname: "127.0.0.1", port, onListen() {} }, handler);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    async close() {
      await onClose?.();
      await server.shutdown();
    },
  };
}

/**
 * A loopback port that was free a moment ago, for a server started elsewhere
 * (a child process, `redis-server`) or restarted on the same port.
 */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Options for {@linkcode connectTo}. */
export interface ConnectOptions extends signalR.IHttpConnectionOptions {
  /** Start the connection before returning it. @default {true} */
  start?: boolean;
}

/** Builds (and by default starts) an official client connection to `url`, with logging off. */
export async function connectTo(
  url: string,
  options: ConnectOptions = {},
): Promise<signalR.HubConnection> {
  const { start = true, ...http } = options;
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(url, { logger: signalR.NullLogger.instance, ...http })
    .build();
  if (start) await connection.start();
  return connection;
}

/** Resolves with the arguments of the next `method` event on `connection`. */
export function nextEvent(
  connection: signalR.HubConnection,
  method: string,
  timeoutMs = 5000,
): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      connection.off(method, handler);
      reject(new Error(`No ${method} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (...args: unknown[]) => {
      clearTimeout(timer);
      connection.off(method, handler);
      resolve(args);
    };
    connection.on(method, handler);
  });
}
