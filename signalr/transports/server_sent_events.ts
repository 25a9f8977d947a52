/**
 * The Server-Sent Events transport: a `text/event-stream` response carries
 * frames to the client (`data:` per line, a blank line after each frame);
 * the client sends with POST requests that the endpoint routes to the connection.
 *
 * @module
 */
import type { Frame } from "../protocol/hub_protocol.ts";
import { TRANSFER_FORMATS, type Transport, type TransportEvents } from "./transport.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Formats one frame as an event: every line prefixed with `data: `, then a
 * blank line.
 *
 * @example
 * ```ts
 * import { formatEvent } from "./server_sent_events.ts";
 * formatEvent("a\nb"); // "data: a\r\ndata: b\r\n\r\n"
 * ```
 */
export function formatEvent(text: string): string {
  // Hub protocol records never hold a line break: the common case needs no split.
  if (!text.includes("\n")) return `data: ${text}\r\n\r\n`;
  return text.split(/\r?\n/).map((line) => `data: ${line}\r\n`).join("") + "\r\n";
}

/** An event stream carrying one connection's frames to the client. */
export class ServerSentEventsTransport implements Transport {
  readonly name = "ServerSentEvents";
  readonly transferFormats = TRANSFER_FORMATS.ServerSentEvents;
  /** The streaming response to return for the GET request. */
  readonly response: Response;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #open = true;

  /** Starts the event stream; `events.closed` fires when the client goes away. */
  constructor(events: TransportEvents) {
    // High-water mark 0 with byte sizes: desiredSize is minus the bytes queued.
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
        // A comment first, so that every browser fires the stream's open event at once.
        controller.enqueue(encoder.encode(":\r\n"));
      },
      cancel: () => {
        this.#open = false;
        events.closed();
      },
    }, { highWaterMark: 0, size: (chunk) => chunk.byteLength });
    this.response = new Response(body, {
      headers: {
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-cache, no-store",
        "X-Accel-Buffering": "no",
      },
    });
  }

  get bufferedAmount(): number {
    return this.#open ? Math.max(0, -(this.#controller.desiredSize ?? 0)) : 0;
  }

  send(frame: Frame): void {
    if (!this.#open) return;
    const text = typeof frame === "string" ? frame : decoder.decode(frame);
    this.#controller.enqueue(encoder.encode(formatEvent(text)));
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#controller.close();
  }
}
