/**
 * A SignalR client for load, over {@linkcode LeanWebSocket}: it connects
 * straight to the WebSocket (skipping negotiate, as the official client's
 * `skipNegotiation` does), writes the handshake, JSON records and
 * MessagePack messages by hand (framed with the engine's VarInt framing,
 * which the conformance tests check against the official client), and reads
 * a Tick's timestamp from the bytes
 * without decoding the whole message. It also drives the raw Deno server,
 * which speaks the same JSON shapes.
 *
 * @module
 */
import { decode, encode } from "@msgpack/msgpack";
import { splitFrames, writeFrame } from "../../signalr/protocol/binary_framing.ts";
import { RECORD_SEPARATOR_CODE as RECORD_SEPARATOR } from "../../signalr/protocol/text_framing.ts";
import type { BenchClient } from "./bench_client.ts";
import { LeanWebSocket, Opcode } from "./lean_websocket.ts";

/** The hub protocols the client speaks. */
export type SignalRProtocol = "json" | "messagepack";

const TYPE_PREFIX = new TextEncoder().encode('{"type":');
const TICK_PREFIX = new TextEncoder().encode('{"type":1,"target":"Tick","arguments":[');
const PING = { json: '{"type":6}\x1e', messagepack: new Uint8Array([0x02, 0x91, 0x06]) };
const decoder = new TextDecoder();

/** One SignalR connection of the bench hub. */
export class SignalRClient implements BenchClient {
  onTick: (sentAt: number) => void = () => {};
  onClose: (error?: Error) => void = () => {};
  readonly #protocol: SignalRProtocol;
  readonly #pending = new Map<string, PromiseWithResolvers<unknown>>();
  readonly #handshake = Promise.withResolvers<void>();
  #socket: LeanWebSocket | undefined;
  #handshaken = false;
  #nextId = 0;

  private constructor(protocol: SignalRProtocol) {
    this.#protocol = protocol;
  }

  /** Connects to the hub at `url` (a `ws:` URL) and completes the handshake. */
  static async connect(
    url: URL,
    protocol: SignalRProtocol,
    localAddress?: string,
  ): Promise<SignalRClient> {
    const client = new SignalRClient(protocol);
    const socket = await LeanWebSocket.open(
      url,
      (op, bytes) => client.#frame(op, bytes),
      localAddress,
    );
    client.#socket = socket;
    socket.onClose = (error) => client.#closed(error ?? new Error("The connection closed."));
    socket.sendText(`{"protocol":"${protocol}","version":1}\x1e`);
    await client.#handshake.promise;
    return client;
  }

  join(group: string): Promise<void> {
    return this.#invoke("Join", [group]).then(() => {});
  }

  broadcast(group: string, sentAt: number, seq: number, text: string): void {
    this.#send("Broadcast", [group, sentAt, seq, text]);
  }

  echo(value: unknown): Promise<unknown> {
    return this.#invoke("Echo", [value]);
  }

  keepAlive(): void {
    const ping = PING[this.#protocol];
    if (typeof ping === "string") this.#socket?.sendText(ping);
    else this.#socket?.sendBinary(ping);
  }

  close(): void {
    this.onClose = () => {};
    this.#socket?.close();
  }

  #invoke(target: string, args: unknown[]): Promise<unknown> {
    const id = String(this.#nextId++);
    const result = Promise.withResolvers<unknown>();
    this.#pending.set(id, result);
    this.#send(target, args, id);
    return result.promise;
  }

  #send(target: string, args: unknown[], invocationId?: string): void {
    if (this.#protocol === "json") {
      this.#socket!.sendText(
        JSON.stringify({ type: 1, invocationId, target, arguments: args }) + "\x1e",
      );
    } else {
      this.#socket!.sendBinary(writeFrame(encode([1, {}, invocationId ?? null, target, args, []])));
    }
  }

  #closed(error: Error): void {
    this.#handshake.reject(error);
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.onClose(error);
  }

  #frame(opcode: number, bytes: Uint8Array): void {
    if (!this.#handshaken) return this.#handshakeResponse(bytes);
    if (opcode === Opcode.Text) this.#jsonRecords(bytes, 0);
    else this.#messagePackFrames(bytes);
  }

  #handshakeResponse(bytes: Uint8Array): void {
    const end = bytes.indexOf(RECORD_SEPARATOR);
    const response = JSON.parse(decoder.decode(bytes.subarray(0, end)));
    if (response.error) {
      this.#handshake.reject(new Error(`Handshake refused: ${response.error}`));
      return;
    }
    this.#handshaken = true;
    this.#handshake.resolve();
    this.#jsonRecords(bytes, end + 1);
  }

  #jsonRecords(bytes: Uint8Array, from: number): void {
    for (let start = from, end = bytes.indexOf(RECORD_SEPARATOR, start); end >= 0;) {
      const record = bytes.subarray(start, end);
      if (startsWith(record, TICK_PREFIX)) {
        this.onTick(leadingNumber(record, TICK_PREFIX.length));
      } else {
        const type = startsWith(record, TYPE_PREFIX) ? record[TYPE_PREFIX.length] - 0x30 : -1;
        if (type !== 6) this.#message(JSON.parse(decoder.decode(record)));
      }
      start = end + 1;
      end = bytes.indexOf(RECORD_SEPARATOR, start);
    }
  }

  #messagePackFrames(bytes: Uint8Array): void {
    for (const payload of splitFrames(bytes).payloads) {
      const sentAt = tickTimestamp(payload);
      if (sentAt !== undefined) this.onTick(sentAt);
      else if (payload[1] !== 6) this.#message(messagePackMessage(payload));
    }
  }

  /** A decoded message other than a Tick or a Ping. */
  #message(message: { type: number; invocationId?: string; error?: string; result?: unknown }) {
    if (message.type === 1 && (message as { target?: string }).target === "Tick") {
      this.onTick((message as unknown as { arguments: number[] }).arguments[0]);
    } else if (message.type === 3) {
      const pending = this.#pending.get(message.invocationId!);
      this.#pending.delete(message.invocationId!);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.result);
    } else if (message.type === 7) {
      this.#closed(new Error(`The server closed the connection: ${message.error ?? "no error"}`));
    }
  }
}

/** The timestamp of a MessagePack Tick laid out as the servers write it, read in place. */
function tickTimestamp(payload: Uint8Array): number | undefined {
  // [1, {}, nil, "Tick", [float64 sentAt, seq, text], []]
  if (
    payload[1] !== 1 || payload[4] !== 0xa4 || payload[5] !== 0x54 || payload[10] !== 0xcb ||
    payload[2] !== 0x80 || payload[3] !== 0xc0 || payload[9] !== 0x93
  ) {
    return undefined;
  }
  return new DataView(payload.buffer, payload.byteOffset + 11, 8).getFloat64(0);
}

/** A MessagePack hub message as the JSON shape the client handles. */
function messagePackMessage(payload: Uint8Array) {
  const items = decode(payload) as unknown[];
  const type = items[0] as number;
  if (type === 1) return { type, target: items[3] as string, arguments: items[4] as number[] };
  if (type === 3) {
    const invocationId = items[2] as string;
    return items[3] === 1
      ? { type, invocationId, error: items[4] as string }
      : { type, invocationId, result: items[4] };
  }
  return { type, error: type === 7 ? (items[1] as string | undefined) : undefined };
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** The JSON number that starts at `from` and ends at the next `,` or `]`. */
function leadingNumber(bytes: Uint8Array, from: number): number {
  let text = "";
  for (let i = from; i < bytes.length && bytes[i] !== 0x2c && bytes[i] !== 0x5d; i++) {
    text += String.fromCharCode(bytes[i]);
  }
  return Number(text);
}
