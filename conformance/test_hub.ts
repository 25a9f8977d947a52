/**
 * The hub the official client's functional tests call at `/testhub`: echoes,
 * server-to-client and client-to-server streams, errors, structured values,
 * facts about the connection, and client results.
 *
 * @module
 */
import { Hub } from "../signalr/mod.ts";
import {
  type ComplexObject,
  readComplexObject,
  readCustomObject,
  sampleComplexObject,
} from "./complex_object.ts";

/** The error .NET's test hub throws; its name is what callers see with detailed errors. */
class InvalidOperationError extends Error {
  override name = "InvalidOperationException";
}

/**
 * The functional tests' hub. Methods are matched case-insensitively, so
 * clients call them by their PascalCase names (`Echo`, `StreamingConcat`, …).
 */
export class TestHub extends Hub {
  /** Returns `message`. */
  echo(message: string): string {
    return message;
  }

  /** The caller's connection id. */
  getCallerConnectionId(): string {
    return this.context.connectionId;
  }

  /** How many redirects led here: the `numRedirects` query parameter `/redirect` added. */
  getNumRedirects(): number {
    const value = new URL(this.context.request.url).searchParams.get("numRedirects") ?? "";
    if (!/^\d+$/.test(value)) {
      throw new InvalidOperationError("The connection was not opened through /redirect.");
    }
    return Number(value);
  }

  /** Throws an InvalidOperationException with `message`. */
  throwException(message: string): never {
    throw new InvalidOperationError(message);
  }

  /** Sends `message` back to the caller as the `Message` event. */
  async invokeWithString(message: string): Promise<void> {
    await this.clients.client(this.context.connectionId).send("Message", message);
  }

  /** Sends `message` to every connection as the `Message` event. */
  async sendAll(message: string): Promise<void> {
    await this.clients.all.send("Message", message);
  }

  /** Sends `customObject` back to the caller as the `CustomObject` event. */
  async sendCustomObject(customObject: unknown): Promise<void> {
    const value = readCustomObject(customObject);
    await this.clients.client(this.context.connectionId).send("CustomObject", value);
  }

  /** Streams "a", "b", "c". */
  async *stream(): AsyncGenerator<string> {
    yield* ["a", "b", "c"];
  }

  /** Streams nothing until canceled, then sends the caller `StreamCanceled`. */
  // deno-lint-ignore require-yield -- a stream that never has an item
  async *infiniteStream(): AsyncGenerator<string> {
    const connectionId = this.context.connectionId;
    const signal = this.signal;
    await new Promise((resolve) => {
      if (signal.aborted) resolve(undefined);
      else signal.addEventListener("abort", resolve, { once: true });
    });
    await this.clients.client(connectionId).send("StreamCanceled");
  }

  /** Streams nothing. */
  async *emptyStream(): AsyncGenerator<number> {}

  /** Fails with an InvalidOperationException carrying `message`. */
  // deno-lint-ignore require-yield -- a stream that fails before its first item
  async *streamThrowException(message: string): AsyncGenerator<string> {
    throw new InvalidOperationError(message);
  }

  /** Streams back each item the caller uploads. */
  async *streamEcho(source: AsyncIterable<unknown>): AsyncGenerator<unknown> {
    yield* source;
  }

  /** Joins the strings the caller uploads. */
  async streamingConcat(stream: AsyncIterable<string>): Promise<string> {
    let text = "";
    for await (const item of stream) text += item;
    return text;
  }

  /** The name of the transport in use, e.g. `WebSockets`. */
  getActiveTransportName(): string {
    return this.context.transport;
  }

  /** Returns `complexObject` as it was bound. */
  echoComplexObject(complexObject: unknown): ComplexObject {
    return readComplexObject(complexObject);
  }

  /** Returns a fixed {@linkcode ComplexObject}. */
  sendComplexObject(): ComplexObject {
    return sampleComplexObject();
  }

  /** The connection request's `Content-Type` header, or null. */
  getContentTypeHeader(): string | null {
    return this.context.request.headers.get("content-type");
  }

  /** The connection request's `headerName` header, or null. */
  getHeader(headerName: string): string | null {
    return this.context.request.headers.get(headerName);
  }

  /** The connection request's `cookieName` cookie, or null. */
  getCookie(cookieName: string): string | null {
    for (const pair of (this.context.request.headers.get("cookie") ?? "").split(";")) {
      const at = pair.indexOf("=");
      if (at > 0 && pair.slice(0, at).trim() === cookieName) return pair.slice(at + 1).trim();
    }
    return null;
  }

  /** Asks the caller's `Result` handler for a value and returns it. */
  getCallerResult(): Promise<unknown> {
    return this.clients.caller.invoke("Result");
  }

  /** Asks the `Result` handler of connection `connectionId` for a value and returns it. */
  getClientResult(connectionId: string): Promise<unknown> {
    return this.clients.client(connectionId).invoke("Result");
  }
}
