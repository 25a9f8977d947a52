/**
 * Test helpers for the hub protocol codecs: bytes from fixture hex, and a
 * predicate for `assert.throws` that matches one `ProtocolError`.
 *
 * @module
 */
import { ProtocolError } from "../../signalr/protocol/messages.ts";

/** Bytes from fixture hex such as `"02 91 06"`. */
export function hex(text: string): Uint8Array {
  const digits = text.replaceAll(" ", "");
  return Uint8Array.from(
    { length: digits.length / 2 },
    (_, i) => parseInt(digits.slice(2 * i, 2 * i + 2), 16),
  );
}

/** A check for `assert.throws`: the error is a `ProtocolError` with exactly `message`. */
export function rejectsWith(message: string): (error: unknown) => boolean {
  return (error: unknown) => error instanceof ProtocolError && error.message === message;
}
