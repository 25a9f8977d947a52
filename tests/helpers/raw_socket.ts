/**
 * A WebSocket that speaks the JSON hub protocol by hand, over Deno's
 * `WebSocket`: for tests that check the wire itself (the handshake, framing,
 * Pings, Close messages) rather than what the official client makes of it.
 *
 * @module
 */

/** The JSON handshake request, without its record separator (`RawSocket.send` adds it). */
export const HANDSHAKE = '{"protocol":"json","version":1}';

/** A WebSocket speaking the JSON hub protocol by hand; it reads record by record. */
export class RawSocket {
  /** Settles when the socket has closed. */
  readonly closed: Promise<CloseEvent>;
  readonly #socket: WebSocket;
  readonly #records: string[] = [];
  #wake: (() => void) | undefined;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.onmessage = (event) => {
      this.#records.push(...String(event.data).split("\x1e").filter((record) => record !== ""));
      this.#wake?.();
    };
    this.closed = new Promise((resolve) => socket.onclose = resolve);
  }

  /** Opens a socket to the hub at `url` (http or ws); no handshake is sent. */
  static async open(url: string): Promise<RawSocket> {
    const socket = new WebSocket(url.replace(/^http/, "ws"));
    const raw = new RawSocket(socket);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = () => reject(new Error("WebSocket failed to open"));
    });
    return raw;
  }

  /** Whether the socket is still open. */
  get isOpen(): boolean {
    return this.#socket.readyState === WebSocket.OPEN;
  }

  /** Sends `records` in one frame, each ended by the record separator. */
  send(...records: string[]): void {
    this.sendFrame(records.map((record) => record + "\x1e").join(""));
  }

  /** Sends one frame as it is. */
  sendFrame(frame: string): void {
    this.#socket.send(frame);
  }

  /** The next record, parsed; fails if the socket closes or `timeoutMs` pass first. */
  async next(timeoutMs = 5000): Promise<Record<string, unknown>> {
    if (this.#records.length === 0) {
      const arrived = Promise.withResolvers<void>();
      this.#wake = arrived.resolve;
      const timer = setTimeout(arrived.resolve, timeoutMs);
      await Promise.race([arrived.promise, this.closed]);
      clearTimeout(timer);
      this.#wake = undefined;
    }
    const record = this.#records.shift();
    if (record === undefined) {
      throw new Error(`No record: the socket closed or ${timeoutMs} ms passed`);
    }
    return JSON.parse(record);
  }

  /** The next record that is not a Ping; each wait fails after `timeoutMs`, as {@linkcode next}. */
  async nextNotPing(timeoutMs = 5000): Promise<Record<string, unknown>> {
    for (;;) {
      const message = await this.next(timeoutMs);
      if (message.type !== 6) return message;
    }
  }

  /** Closes the socket (if open) and waits until it has closed. */
  async close(): Promise<void> {
    if (this.#socket.readyState !== WebSocket.CLOSED) this.#socket.close();
    await this.closed;
  }
}
