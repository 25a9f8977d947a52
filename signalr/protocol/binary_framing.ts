/**
 * Binary framing of the MessagePack protocol: every message is preceded by its
 * length as a VarInt (7 bits a byte, least significant group first, the high
 * bit set on every byte but the last; at most 5 bytes, at most 2 GB).
 *
 * @module
 */
import { ProtocolError } from "./messages.ts";

/** A VarInt length prefix never needs more bytes than this. */
const MAX_PREFIX_BYTES = 5;

/** The largest length the fifth prefix byte can carry without passing 2 GB. */
const MAX_LAST_PREFIX_BYTE = 0x07;

const TOO_LARGE = "Messages over 2GB in size are not supported.";

/**
 * Reads the length prefix at `offset`: the payload length and the prefix size
 * in bytes, or `undefined` when the input ends inside the prefix.
 */
function readLengthPrefix(
  input: Uint8Array,
  offset: number,
): { length: number; size: number } | undefined {
  let length = 0;
  for (let i = 0; i < MAX_PREFIX_BYTES; i++) {
    if (offset + i >= input.length) return undefined;
    const byte = input[offset + i];
    length += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) {
      if (i === MAX_PREFIX_BYTES - 1 && byte > MAX_LAST_PREFIX_BYTE) {
        throw new ProtocolError(TOO_LARGE);
      }
      return { length, size: i + 1 };
    }
  }
  throw new ProtocolError(TOO_LARGE);
}

/**
 * Splits `input` into the payloads of its complete messages and the bytes of
 * an incomplete trailing message (kept for the next call). Payloads and rest
 * are views into `input`, not copies.
 *
 * Throws {@linkcode ProtocolError} for a prefix longer than 5 bytes or over
 * 2 GB, and for a declared length over `maxMessageSize` bytes, as soon as
 * the prefix is read (before the payload arrives).
 *
 * @example
 * ```ts
 * import { splitFrames } from "./binary_framing.ts";
 * splitFrames(new Uint8Array([0x02, 0x91, 0x06, 0x02, 0x91]));
 * // { payloads: [Uint8Array [0x91, 0x06]], rest: Uint8Array [0x02, 0x91] }
 * ```
 */
export function splitFrames(
  input: Uint8Array,
  maxMessageSize = Infinity,
): { payloads: Uint8Array[]; rest: Uint8Array } {
  const payloads: Uint8Array[] = [];
  let offset = 0;
  while (offset < input.length) {
    const prefix = readLengthPrefix(input, offset);
    if (prefix === undefined) break;
    if (prefix.length > maxMessageSize) {
      throw new ProtocolError(`The maximum message size of ${maxMessageSize}B was exceeded.`);
    }
    const end = offset + prefix.size + prefix.length;
    if (end > input.length) break;
    payloads.push(input.subarray(offset + prefix.size, end));
    offset = end;
  }
  return { payloads, rest: input.subarray(offset) };
}

/**
 * Returns a new buffer holding `payload` behind its VarInt length prefix.
 *
 * @example
 * ```ts
 * import { writeFrame } from "./binary_framing.ts";
 * writeFrame(new Uint8Array([0x91, 0x06])); // Uint8Array [0x02, 0x91, 0x06]
 * ```
 */
export function writeFrame(payload: Uint8Array): Uint8Array {
  let prefixSize = 1;
  for (let rest = payload.length >>> 7; rest > 0; rest >>>= 7) prefixSize++;
  const frame = new Uint8Array(prefixSize + payload.length);
  let length = payload.length;
  let i = 0;
  for (; length > 0x7f; length >>>= 7) frame[i++] = (length & 0x7f) | 0x80;
  frame[i] = length;
  frame.set(payload, prefixSize);
  return frame;
}
