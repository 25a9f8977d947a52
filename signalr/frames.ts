/**
 * Joining frames: what a send coalesces, a long poll returns, or a reader
 * keeps between reads.
 *
 * @module
 */
import type { Frame } from "./protocol/hub_protocol.ts";

const encoder = new TextEncoder();

/**
 * Concatenates frames in order: text stays text; any binary frame makes the
 * result binary (text parts encoded as UTF-8).
 *
 * @example
 * ```ts
 * import { joinFrames } from "./frames.ts";
 * joinFrames(["a\x1e", "b\x1e"]); // "a\x1eb\x1e"
 * joinFrames([new Uint8Array([1]), new Uint8Array([2, 3])]); // Uint8Array [1, 2, 3]
 * ```
 */
export function joinFrames(frames: readonly Frame[]): string | Uint8Array<ArrayBuffer> {
  if (frames.every((frame) => typeof frame === "string")) return frames.join("");
  const parts = frames.map((frame) => typeof frame === "string" ? encoder.encode(frame) : frame);
  const joined = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
