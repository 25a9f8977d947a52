/**
 * The live property: a real server fed hostile frames over raw WebSockets,
 * in the handshake or after it, in JSON or MessagePack. Whatever arrives,
 * the server stays up, a connection it closes gets a Close message (or a
 * handshake error) naming a protocol error, never another failure, and a
 * healthy connection on the same hub keeps working. Every socket is closed
 * and forgotten by the hub before the next case.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import type * as signalR from "@microsoft/signalr";
import { Hub, type HubEndpoint, mapHub, messagePackProtocol } from "../signalr/mod.ts";
import { MessageType } from "../signalr/protocol/messages.ts";
import { connectTo, serve, type TestServer } from "../tests/helpers/server.ts";
import { asText, hostileBytes } from "./inputs.ts";

class EchoHub extends Hub {
  echo(value: unknown) {
    return value;
  }
}

/** How long a case waits for the server's answer to its probe, in ms; no answer is fine too. */
const ANSWER_WAIT_MS = 500;

/** The server under fuzz, with one healthy official client. */
export interface LiveLab {
  /** The echo hub's URL. */
  readonly url: string;
  /** The echo hub. */
  readonly endpoint: HubEndpoint;
  /** An official client that must keep working throughout. */
  readonly healthy: signalR.HubConnection;
  /**
   * How the cases ended: closed by the server (or refused in the handshake),
   * or still open when the case ended; the errors the server closed with, by kind.
   */
  readonly outcomes: {
    closedByServer: number;
    survived: number;
    readonly errors: Record<string, number>;
  };
  /** Stops the client and the server. */
  close(): Promise<void>;
}

/** Serves an echo hub (detailed errors on, so a Close names the error's type) and connects a client. */
export async function startLiveLab(): Promise<LiveLab> {
  const endpoint = mapHub("/hubs/echo", () => new EchoHub(), {
    enableDetailedErrors: true,
    logError: () => {},
  });
  const server: TestServer = serve((request) => endpoint.fetch(request), () => endpoint.close());
  const url = `${server.url}/hubs/echo`;
  const healthy = await connectTo(url);
  return {
    url,
    endpoint,
    healthy,
    outcomes: { closedByServer: 0, survived: 0, errors: {} },
    async close() {
      await healthy.stop();
      await server.close();
    },
  };
}

/** A WebSocket spoken by hand, noting what the server says: errors, the probe's answer, the close. */
class RawSocket {
  /** Errors of the handshake response and of Close messages. */
  readonly errors: string[] = [];
  /** Settles once the socket has closed. */
  readonly closed: Promise<void>;
  /** Whether the server closed the socket (rather than this side). */
  closedByServer = false;
  /** Whether the handshake response and the probe's Completion arrived. */
  readonly heard = { handshake: false, probe: false };
  readonly #socket: WebSocket;
  #closing = false;
  #isClosed = false;
  #wake: (() => void) | undefined;

  constructor(url: string) {
    this.#socket = new WebSocket(url.replace(/^http/, "ws"));
    this.#socket.binaryType = "arraybuffer";
    this.#socket.onmessage = ({ data }) => {
      this.#read(data);
      this.#wake?.();
    };
    this.closed = new Promise((resolve) => {
      this.#socket.onclose = () => {
        this.#isClosed = true;
        this.closedByServer = !this.#closing;
        this.#wake?.();
        resolve();
      };
    });
  }

  /** Resolves once the socket is open. */
  opened(): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#socket.onopen = resolve;
      this.#socket.onerror = () => reject(new Error("the raw WebSocket did not open"));
    });
  }

  send(frame: string | Uint8Array): void {
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(frame);
  }

  /** Waits until `done()` or the close, at most `ms`: the server need not answer. */
  async until(done: () => boolean, ms: number): Promise<void> {
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      this.#wake?.();
    }, ms);
    try {
      while (!done() && !this.#isClosed && !expired) {
        await new Promise<void>((resolve) => this.#wake = resolve);
      }
    } finally {
      this.#wake = undefined;
      clearTimeout(timer);
    }
  }

  /** Closes the socket (if the server has not) and waits until it has closed. */
  async close(): Promise<void> {
    this.#closing = !this.#isClosed;
    if (this.#socket.readyState !== WebSocket.CLOSED) this.#socket.close();
    await this.closed;
  }

  #read(data: string | ArrayBuffer): void {
    const messages = typeof data === "string"
      ? data.split("\x1e").filter(Boolean).map((record) => JSON.parse(record))
      : messagePackProtocol.parse(new Uint8Array(data)).messages;
    for (const message of messages) {
      if (message.type === undefined) this.heard.handshake = true;
      if (message.type === MessageType.Completion && message.invocationId === "probe") {
        this.heard.probe = true;
      }
      const closing = message.type === undefined || message.type === MessageType.Close;
      if (closing && typeof message.error === "string") this.errors.push(message.error);
    }
  }
}

/** What the engine says when it closes a connection for bad input, by error type. */
const ERROR_TYPE =
  /^(?:Connection closed with an error\.|An unexpected error occurred during connection handshake\.) (\w+):/;

/** One case: the protocol, whether the garbage replaces the handshake, and the frames. */
const liveCase = fc.constantFrom("json" as const, "messagepack" as const).chain((format) =>
  fc.record({
    format: fc.constant(format),
    inHandshake: fc.boolean(),
    frames: fc.array(
      fc.tuple(hostileBytes(format), fc.boolean()).map(([bytes, text]) =>
        text ? asText(bytes) : bytes
      ),
      { minLength: 1, maxLength: 3 },
    ),
    handshakeGarbage: hostileBytes("handshake"),
  })
);

function probe(format: "json" | "messagepack"): string | Uint8Array {
  const invocation = {
    type: MessageType.Invocation,
    invocationId: "probe",
    target: "Echo",
    arguments: [1],
  };
  return format === "json"
    ? JSON.stringify(invocation) + "\x1e"
    : messagePackProtocol.write(invocation) as Uint8Array;
}

/** "Hostile frames close at most their own connection, with a protocol error; the hub lives on." */
export function liveProperty(lab: LiveLab) {
  return fc.asyncProperty(liveCase, async ({ format, inHandshake, frames, handshakeGarbage }) => {
    const socket = new RawSocket(lab.url);
    await socket.opened();
    const handshake = `{"protocol":"${format}","version":1}\x1e`;
    try {
      if (inHandshake) {
        socket.send(handshakeGarbage);
        socket.send(handshake); // completes an incomplete request, or arrives after a refusal
        await socket.until(() => socket.heard.handshake, ANSWER_WAIT_MS);
      } else {
        socket.send(handshake);
        await socket.until(() => socket.heard.handshake, ANSWER_WAIT_MS);
        for (const frame of frames) socket.send(frame);
        socket.send(probe(format));
        await socket.until(() => socket.heard.probe, ANSWER_WAIT_MS);
      }
    } finally {
      await socket.close();
    }
    if (socket.closedByServer || socket.errors.length > 0) lab.outcomes.closedByServer++;
    else lab.outcomes.survived++;
    for (const error of socket.errors) {
      const type = ERROR_TYPE.exec(error)?.[1];
      const kind = type ?? error.slice(0, 60);
      lab.outcomes.errors[kind] = (lab.outcomes.errors[kind] ?? 0) + 1;
      if (type !== undefined) assert.equal(type, "InvalidDataException", error);
    }
    assert.equal(await lab.healthy.invoke("Echo", "still here"), "still here");
    for (let i = 0; i < 200 && lab.endpoint.connectionCount > 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.equal(lab.endpoint.connectionCount, 1, "only the healthy connection is left");
  });
}
