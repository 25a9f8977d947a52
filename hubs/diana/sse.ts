/**
 * Server-sent events, as far as chat-completion streams use them: the `data:`
 * payloads of each event. Pure line parsing plus a thin reader over a byte
 * stream.
 *
 * @module
 */

/**
 * Splits server-sent event text into the data payloads of complete events.
 * Feed it text as it arrives, in chunks split anywhere.
 *
 * @example
 * ```ts
 * import { SseParser } from "./sse.ts";
 * const parser = new SseParser();
 * parser.push("data: {\"a\"");   // []
 * parser.push(":1}\n\ndata: [DONE]\n\n"); // ['{"a":1}', "[DONE]"]
 * ```
 */
export class SseParser {
  #buffer = "";
  #data: string[] = [];

  /** Adds text; returns the data of every event it completed. */
  push(text: string): string[] {
    this.#buffer += text;
    const events: string[] = [];
    let end: number;
    while ((end = this.#buffer.search(/\r\n|\r|\n/)) !== -1) {
      const line = this.#buffer.slice(0, end);
      const breakLength = this.#buffer.startsWith("\r\n", end) ? 2 : 1;
      // A lone "\r" at the end may be the first half of "\r\n": wait for more.
      if (breakLength === 1 && this.#buffer[end] === "\r" && end === this.#buffer.length - 1) break;
      this.#buffer = this.#buffer.slice(end + breakLength);
      const event = this.#line(line);
      if (event !== undefined) events.push(event);
    }
    return events;
  }

  /** Ends the stream; returns the data of a last event not followed by a blank line. */
  end(): string[] {
    const events = this.#buffer === "" ? [] : this.push("\n");
    const last = this.#line("");
    return last === undefined ? events : [...events, last];
  }

  /** Handles one line; a blank line dispatches the event gathered so far. */
  #line(line: string): string | undefined {
    if (line === "") {
      if (this.#data.length === 0) return undefined;
      const data = this.#data.join("\n");
      this.#data = [];
      return data;
    }
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.#data.push(value);
    return undefined;
  }
}

/**
 * The data payloads of the events in a byte stream, as they arrive.
 *
 * @example
 * ```ts
 * import { sseData } from "./sse.ts";
 * const body = new Response("data: hello\n\n").body!;
 * for await (const data of sseData(body)) console.log(data); // "hello"
 * ```
 */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const parser = new SseParser();
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(value);
    }
    yield* parser.end();
  } finally {
    await reader.cancel().catch(() => {});
  }
}
