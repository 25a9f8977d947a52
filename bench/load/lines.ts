/**
 * JSON lines between the runner and its child processes.
 *
 * @module
 */

/** Yields each line of a byte stream, without its line break. */
export async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest) yield rest;
}

/** Writes one JSON line to stdout. */
export function emit(message: Record<string, unknown>): void {
  console.log(JSON.stringify(message));
}
