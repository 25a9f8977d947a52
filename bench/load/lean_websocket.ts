/**
 * A WebSocket client made for load, not for the world: the upgrade request by
 * hand, frames parsed in place from whatever a TCP read returned (one read
 * can carry hundreds of frames), no event objects, no copies of whole frames.
 * Client frames carry the mask bit with a zero key, which servers accept and
 * which saves masking the payload. Fragmented messages are refused loudly:
 * none of the servers under test sends them.
 *
 * @module
 */
import { type ByteSink, type ByteStream, dial } from "./tcp.ts";

/** Frame opcodes. */
export const Opcode = { Text: 1, Binary: 2, Close: 8, Ping: 9, Pong: 10 } as const;

/** Called for every data frame; `payload` is only valid during the call. */
export type FrameHandler = (opcode: number, payload: Uint8Array) => void;

const encoder = new TextEncoder();
const HEADER_END = encoder.encode("\r\n\r\n");

/**
 * One client WebSocket.
 *
 * @example
 * ```ts ignore
 * import { LeanWebSocket } from "./lean_websocket.ts";
 * const socket = await LeanWebSocket.open(new URL("ws://127.0.0.1:8000/ws"), (op, bytes) => {});
 * socket.sendText("hello");
 * socket.close();
 * ```
 */
export class LeanWebSocket implements ByteSink {
  /** Called once when the socket closes; `error` unless it closed cleanly. */
  onClose: (error?: Error) => void = () => {};
  #stream: ByteStream | undefined;
  readonly #onFrame: FrameHandler;
  #pending: Uint8Array | undefined;
  #upgraded = false;
  #open = true;
  #upgrade = Promise.withResolvers<void>();

  private constructor(onFrame: FrameHandler) {
    this.#onFrame = onFrame;
  }

  /** Connects and upgrades; resolves once the server answered 101. */
  static async open(
    url: URL,
    onFrame: FrameHandler,
    localAddress?: string,
  ): Promise<LeanWebSocket> {
    const socket = new LeanWebSocket(onFrame);
    const port = Number(url.port || 80);
    socket.#stream = await dial(url.hostname, port, socket, localAddress);
    const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
    socket.#stream.write(encoder.encode(
      `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n` +
        `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\n` +
        `Sec-WebSocket-Version: 13\r\n\r\n`,
    ));
    await socket.#upgrade.promise;
    return socket;
  }

  /** Sends a text frame. */
  sendText(text: string): void {
    this.#send(Opcode.Text, encoder.encode(text));
  }

  /** Sends a binary frame. */
  sendBinary(bytes: Uint8Array): void {
    this.#send(Opcode.Binary, bytes);
  }

  /** Sends a Close frame and ends the connection. */
  close(): void {
    if (!this.#open) return;
    this.#send(Opcode.Close, new Uint8Array([0x03, 0xe8]));
    this.#stream?.close();
  }

  /** {@linkcode ByteSink}: bytes from the server. */
  data(chunk: Uint8Array): void {
    let input = chunk;
    if (this.#pending) {
      input = new Uint8Array(this.#pending.length + chunk.length);
      input.set(this.#pending);
      input.set(chunk, this.#pending.length);
      this.#pending = undefined;
    }
    try {
      const used = this.#upgraded ? this.#frames(input) : this.#response(input);
      if (used < input.length) this.#pending = input.slice(used);
    } catch (error) {
      this.#fail(error as Error);
    }
  }

  /** {@linkcode ByteSink}: the connection ended. */
  closed(error?: Error): void {
    if (!this.#open) return;
    this.#open = false;
    const failure = error ?? (this.#upgraded ? undefined : new Error("closed before the upgrade"));
    if (!this.#upgraded) this.#upgrade.reject(failure);
    this.onClose(failure);
  }

  #fail(error: Error): void {
    this.#stream?.close();
    this.closed(error);
  }

  /** Reads the HTTP response to the upgrade; returns the bytes it used. */
  #response(input: Uint8Array): number {
    const end = indexOf(input, HEADER_END);
    if (end < 0) return 0;
    const head = new TextDecoder().decode(input.subarray(0, end));
    if (!/^HTTP\/1\.1 101 /.test(head)) {
      throw new Error(`WebSocket upgrade refused: ${head.split("\r\n")[0]}`);
    }
    this.#upgraded = true;
    this.#upgrade.resolve();
    const used = end + HEADER_END.length;
    return used + this.#frames(input.subarray(used));
  }

  /** Handles every complete frame of `input`; returns the bytes they took. */
  #frames(input: Uint8Array): number {
    let offset = 0;
    while (this.#open && input.length - offset >= 2) {
      const first = input[offset];
      const second = input[offset + 1];
      if ((first & 0x80) === 0 || (first & 0x0f) === 0) {
        throw new Error("Fragmented WebSocket messages are not supported by the load client.");
      }
      let length = second & 0x7f;
      let header = 2;
      if (length === 126) {
        if (input.length - offset < 4) break;
        length = (input[offset + 2] << 8) | input[offset + 3];
        header = 4;
      } else if (length === 127) {
        if (input.length - offset < 10) break;
        length = new DataView(input.buffer, input.byteOffset + offset + 2).getUint32(4);
        header = 10;
      }
      if (second & 0x80) throw new Error("The server sent a masked frame.");
      const end = offset + header + length;
      if (end > input.length) break;
      this.#frame(first & 0x0f, input.subarray(offset + header, end));
      offset = end;
    }
    return offset;
  }

  #frame(opcode: number, payload: Uint8Array): void {
    switch (opcode) {
      case Opcode.Text:
      case Opcode.Binary:
        this.#onFrame(opcode, payload);
        return;
      case Opcode.Ping:
        this.#send(Opcode.Pong, payload.slice());
        return;
      case Opcode.Close:
        this.#send(Opcode.Close, new Uint8Array([0x03, 0xe8]));
        this.closed(new Error("The server closed the WebSocket."));
        this.#stream?.close();
        return;
    }
  }

  #send(opcode: number, payload: Uint8Array): void {
    if (!this.#open || !this.#stream) return;
    const length = payload.length;
    const header = length < 126 ? 6 : length < 65536 ? 8 : 14;
    const frame = new Uint8Array(header + length);
    frame[0] = 0x80 | opcode;
    if (length < 126) {
      frame[1] = 0x80 | length;
    } else if (length < 65536) {
      frame[1] = 0x80 | 126;
      frame[2] = length >> 8;
      frame[3] = length & 0xff;
    } else {
      frame[1] = 0x80 | 127;
      new DataView(frame.buffer).setUint32(6, length);
    }
    // The 4-byte masking key stays zero, so the payload goes out as it is.
    frame.set(payload, header);
    this.#stream.write(frame);
  }
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}
