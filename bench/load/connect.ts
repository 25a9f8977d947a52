/**
 * Opens the right load client for a server.
 *
 * @module
 */
import type { BenchClient, ClientKind } from "./bench_client.ts";
import { SignalRClient } from "./signalr_client.ts";
import { SocketIoClient } from "./socketio_client.ts";

/** The path the bench hub (and the raw server's equivalent) is served at. */
const HUB_PATH = "/hubs/bench";

/**
 * Connects one client of `kind` to the server at `origin` (`http://host:port`),
 * from `localAddress` when given.
 */
export function connectClient(
  kind: ClientKind,
  origin: string,
  localAddress?: string,
): Promise<BenchClient> {
  if (kind === "socketio") return SocketIoClient.connect(new URL(origin), localAddress);
  const url = new URL(HUB_PATH, origin.replace(/^http/, "ws"));
  return SignalRClient.connect(url, kind === "signalr-json" ? "json" : "messagepack", localAddress);
}
