/**
 * The WebSocket transport over `Deno.upgradeWebSocket`: text frames for text
 * protocols, binary frames for binary ones.
 *
 * @module
 */
import type { Frame } from "../protocol/hub_protocol.ts";
import { TRANSFER_FORMATS, type Transport, type TransportEvents } from "./transport.ts";

/** A WebSocket carrying one connection. */
export class WebSocketTransport implements Transport {
  readonly name = "WebSockets";
  readonly transferFormats = TRANSFER_FORMATS.WebSockets;
  readonly #socket: WebSocket;

  /** Wires `socket` to `events`; call once the socket is open. */
  constructor(socket: WebSocket, events: TransportEvents) {
    this.#socket = socket;
    socket.binaryType = "arraybuffer";
    socket.onmessage = (event) => {
      const data = event.data;
      events.received(typeof data === "string" ? data : new Uint8Array(data as ArrayBuffer));
    };
    // An error is always followed by a close event, which reports it: no
    // error listener, one listener less to keep per connection.
    socket.onclose = (event) =>
      events.closed(event.wasClean ? undefined : new Error("The WebSocket closed abnormally."));
  }

  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  send(frame: Frame): void {
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(frame);
  }

  close(): void {
    if (this.#socket.readyState <= WebSocket.OPEN) this.#socket.close(1000);
  }
}

/**
 * Upgrades `request` and calls `onOpen` with the open socket.
 *
 * @example
 * ```ts ignore
 * return upgradeWebSocket(request, (socket) => connection.attach(new WebSocketTransport(socket, connection)));
 * ```
 */
export function upgradeWebSocket(
  request: Request,
  onOpen: (socket: WebSocket) => void,
): Response {
  const { socket, response } = Deno.upgradeWebSocket(request, { idleTimeout: 0 });
  // A listener that removes itself: nothing is kept per connection once open.
  socket.addEventListener("open", () => onOpen(socket), { once: true });
  return response;
}
