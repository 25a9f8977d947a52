/**
 * The long-polling transport: each GET ("poll") is answered with whatever
 * frames are waiting, or held until some arrive or the poll times out. The
 * client sends with POST requests that the endpoint routes to the connection.
 *
 * @module
 */
import type { Frame } from "../protocol/hub_protocol.ts";
import { TRANSFER_FORMATS, type Transport } from "./transport.ts";
import { joinFrames } from "../frames.ts";

interface WaitingPoll {
  readonly respond: (response: Response) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** The frames of one connection waiting for the client's next poll. */
export class LongPollingTransport implements Transport {
  readonly name = "LongPolling";
  readonly transferFormats = TRANSFER_FORMATS.LongPolling;
  readonly #pollTimeoutMs: number;
  readonly #onClientClose: () => void;
  #buffer: Frame[] = [];
  /** The length of what `#buffer` holds, kept as frames come and go. */
  #bufferedAmount = 0;
  #waiting: WaitingPoll | undefined;
  #flushScheduled = false;
  #closed = false;

  /**
   * @param pollTimeoutMs how long a poll is held with nothing to send
   * @param onClientClose called when the client ends the connection (DELETE)
   */
  constructor(pollTimeoutMs: number, onClientClose: () => void) {
    this.#pollTimeoutMs = pollTimeoutMs;
    this.#onClientClose = onClientClose;
  }

  /** Whether the transport has ended; polls then drain what is left, then get 204. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Answers one poll: waiting frames at once, else the next frames, else an
   * empty 200 after the poll timeout. A newer poll supersedes this one (204).
   */
  poll(): Promise<Response> {
    this.#supersede();
    if (this.#buffer.length > 0) return Promise.resolve(this.#drain());
    if (this.#closed) return Promise.resolve(new Response(null, { status: 204 }));
    return new Promise((respond) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        respond(new Response(null, { status: 200 }));
      }, this.#pollTimeoutMs);
      this.#waiting = { respond, timer };
    });
  }

  /** The client's DELETE: end the connection and release the waiting poll. */
  delete(): void {
    // The client left: nobody will poll for what is still waiting.
    this.#buffer = [];
    this.#bufferedAmount = 0;
    this.close();
    this.#onClientClose();
  }

  get bufferedAmount(): number {
    return this.#bufferedAmount;
  }

  send(frame: Frame): void {
    if (this.#closed) return;
    this.#buffer.push(frame);
    this.#bufferedAmount += frame.length;
    this.#scheduleFlush();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#scheduleFlush();
  }

  /** Answers the waiting poll once the current burst of sends is over. */
  #scheduleFlush(): void {
    if (this.#flushScheduled || !this.#waiting) return;
    this.#flushScheduled = true;
    queueMicrotask(() => {
      this.#flushScheduled = false;
      const waiting = this.#waiting;
      if (!waiting) return;
      this.#waiting = undefined;
      clearTimeout(waiting.timer);
      waiting.respond(
        this.#buffer.length > 0 ? this.#drain() : new Response(null, { status: 204 }),
      );
    });
  }

  #supersede(): void {
    const waiting = this.#waiting;
    if (!waiting) return;
    this.#waiting = undefined;
    clearTimeout(waiting.timer);
    waiting.respond(new Response(null, { status: 204 }));
  }

  #drain(): Response {
    const frames = this.#buffer;
    this.#buffer = [];
    this.#bufferedAmount = 0;
    const body = joinFrames(frames);
    if (typeof body === "string") {
      return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    return new Response(body, { headers: { "Content-Type": "application/octet-stream" } });
  }
}
