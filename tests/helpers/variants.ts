/**
 * Every transport and hub protocol pair the official client allows, for
 * tests that run once per pair.
 *
 * @module
 */
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";

/** A transport and a hub protocol the official client can pair. */
export interface Variant {
  /** E.g. `json over WebSockets`. */
  readonly name: string;
  readonly transport: signalR.HttpTransportType;
  /** Makes a fresh protocol instance (clients must not share one). */
  readonly protocol: () => signalR.IHubProtocol;
}

/** Pairs a transport with a protocol. */
export function variant(
  transport: keyof typeof signalR.HttpTransportType,
  protocol: () => signalR.IHubProtocol,
): Variant {
  return {
    name: `${protocol().name} over ${transport}`,
    transport: signalR.HttpTransportType[transport],
    protocol,
  };
}

/** A fresh JSON protocol. */
export const json = () => new signalR.JsonHubProtocol();
/** A fresh MessagePack protocol. */
export const messagePack = () => new MessagePackHubProtocol();

/** WebSockets and long polling with JSON and MessagePack; Server-Sent Events with JSON. */
export const VARIANTS: readonly Variant[] = [
  variant("WebSockets", json),
  variant("WebSockets", messagePack),
  variant("ServerSentEvents", json),
  variant("LongPolling", json),
  variant("LongPolling", messagePack),
];
