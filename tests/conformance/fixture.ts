/**
 * The conformance app served on a random port, and the official client in
 * each transport and protocol the functional tests run it with.
 *
 * @module
 */
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import { createConformanceApp } from "../../conformance/app.ts";
import { serve } from "../helpers/server.ts";

/** A transport and a hub protocol to run a test over. */
export interface Variant {
  /** E.g. `json over WebSockets`. */
  readonly name: string;
  readonly transport: signalR.HttpTransportType;
  /** E.g. `WebSockets`, as the server names it. */
  readonly transportName: string;
  /** `json` or `messagepack`. */
  readonly protocolName: string;
  /** Makes a fresh protocol instance. */
  readonly protocol: () => signalR.IHubProtocol;
}

const json = () => new signalR.JsonHubProtocol();
const messagePack = () => new MessagePackHubProtocol();

/** Every transport with JSON, and MessagePack on the transports that carry binary. */
export const VARIANTS: readonly Variant[] = [
  ["WebSockets", json],
  ["ServerSentEvents", json],
  ["LongPolling", json],
  ["WebSockets", messagePack],
  ["LongPolling", messagePack],
].map(([transport, protocol]) => {
  const transportName = transport as keyof typeof signalR.HttpTransportType;
  const make = protocol as () => signalR.IHubProtocol;
  return {
    name: `${make().name} over ${transportName}`,
    transport: signalR.HttpTransportType[transportName],
    transportName,
    protocolName: make().name,
    protocol: make,
  };
});

/** The served app, and connections that close with it. */
export interface Conformance {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Builds and starts an official client to `path` (default `/testhub`), stopped at the end. */
  connect(options?: ConnectOptions): Promise<signalR.HubConnection>;
  /** Builds an official client without starting it; it is stopped at the end too. */
  build(options?: ConnectOptions): signalR.HubConnection;
  /** Stops `connection` at the end, with the others. */
  track(connection: signalR.HubConnection): void;
}

/** How to build a connection. */
export interface ConnectOptions extends signalR.IHttpConnectionOptions {
  /** Path or absolute URL. @default {"/testhub"} */
  readonly path?: string;
  readonly protocol?: signalR.IHubProtocol;
}

/** Serves a fresh conformance app for `body`, then stops every connection and the server. */
export async function withConformance(body: (app: Conformance) => Promise<void>): Promise<void> {
  // Quiet: several hub methods fail on purpose.
  const app = createConformanceApp({ logError: () => {} });
  const server = serve(app.fetch, () => app.close());
  const connections: signalR.HubConnection[] = [];
  const build = (options: ConnectOptions = {}) => {
    const { path = "/testhub", protocol = json(), ...http } = options;
    const url = /^https?:/.test(path) ? path : `${server.url}${path}`;
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(url, { logger: signalR.NullLogger.instance, ...http })
      .withHubProtocol(protocol)
      .build();
    connections.push(connection);
    return connection;
  };
  try {
    await body({
      url: server.url,
      build,
      track: (connection) => connections.push(connection),
      async connect(options) {
        const connection = build(options);
        await connection.start();
        return connection;
      },
    });
  } finally {
    await Promise.all(connections.map((connection) => connection.stop()));
    await server.close();
  }
}

/**
 * Registers one Deno test per variant, named `name (json over WebSockets)`,
 * whose body connects with that variant's transport and protocol.
 */
export function eachVariant(
  name: string,
  body: (app: Conformance, variant: Variant) => Promise<void>,
): void {
  for (const variant of VARIANTS) {
    Deno.test(`${name} (${variant.name})`, () =>
      withConformance((app) =>
        body({
          ...app,
          build: (options) =>
            app.build({ transport: variant.transport, protocol: variant.protocol(), ...options }),
          connect: (options) =>
            app.connect({ transport: variant.transport, protocol: variant.protocol(), ...options }),
        }, variant)
      ));
  }
}
