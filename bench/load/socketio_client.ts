/**
 * The load client for Socket.IO: Socket.IO's own client, one manager per
 * connection (`forceNew`, or every socket would share one WebSocket), on the
 * WebSocket transport only (as the SignalR clients skip negotiate).
 *
 * @module
 */
import { io, type Socket } from "socket.io-client";
import type { BenchClient } from "./bench_client.ts";

/** One Socket.IO connection of the bench server. */
export class SocketIoClient implements BenchClient {
  onTick: (sentAt: number) => void = () => {};
  onClose: (error?: Error) => void = () => {};
  readonly #socket: Socket;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on("tick", (sentAt: number) => this.onTick(sentAt));
    socket.on("disconnect", (reason) => this.onClose(new Error(`disconnected: ${reason}`)));
  }

  /** Connects to the server at `url` (an `http:` URL) and its default namespace. */
  static connect(url: URL, localAddress?: string): Promise<SocketIoClient> {
    const socket = io(url.origin, {
      transports: ["websocket"],
      forceNew: true,
      reconnection: false,
      timeout: 60_000,
      ...(localAddress ? { localAddress } : {}),
    });
    return new Promise((resolve, reject) => {
      socket.once("connect", () => resolve(new SocketIoClient(socket)));
      socket.once("connect_error", (error) => {
        socket.close();
        reject(error);
      });
    });
  }

  async join(group: string): Promise<void> {
    await this.#socket.emitWithAck("join", group);
  }

  broadcast(group: string, sentAt: number, seq: number, text: string): void {
    this.#socket.emit("broadcast", group, sentAt, seq, text);
  }

  echo(value: unknown): Promise<unknown> {
    return this.#socket.emitWithAck("echo", value);
  }

  keepAlive(): void {
    // Engine.IO's server pings; the client answers by itself.
  }

  close(): void {
    this.onClose = () => {};
    this.#socket.close();
  }
}
