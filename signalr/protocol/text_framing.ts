/**
 * Text framing shared by the handshake and the JSON protocol: every record ends
 * with the ASCII record separator (0x1E).
 *
 * @module
 */

/** The record separator that ends every text record. */
export const RECORD_SEPARATOR = "\x1e";

/** The record separator as a byte. */
export const RECORD_SEPARATOR_CODE = 0x1e;

/**
 * Splits `input` into complete records and the unterminated text after the
 * last separator.
 *
 * @example
 * ```ts
 * import { splitRecords } from "./text_framing.ts";
 * splitRecords("a\x1eb\x1ec"); // { records: ["a", "b"], rest: "c" }
 * ```
 */
export function splitRecords(input: string): { records: string[]; rest: string } {
  const records = input.split(RECORD_SEPARATOR);
  const rest = records.pop() ?? "";
  return { records, rest };
}

/** Terminates one record with the separator. */
export function writeRecord(text: string): string {
  return text + RECORD_SEPARATOR;
}
