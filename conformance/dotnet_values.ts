/**
 * Values that travel as .NET's do in both hub protocols: through MessagePack
 * as native bin and timestamp values, through JSON in System.Text.Json's
 * text forms (base64 for bytes, ISO 8601 without empty fractions for dates).
 *
 * @module
 */

/**
 * Bytes that JSON writes as a base64 string, like a .NET `byte[]`, and
 * MessagePack as bin.
 *
 * @example
 * ```ts
 * import { Base64Bytes } from "./dotnet_values.ts";
 * JSON.stringify(new Base64Bytes([1, 2, 3])); // '"AQID"'
 * ```
 */
export class Base64Bytes extends Uint8Array {
  /** The base64 text. */
  toJSON(): string {
    return this.toBase64();
  }
}

/**
 * A UTC date that JSON writes as .NET writes a UTC `DateTime`
 * (`2000-01-01T00:00:00Z`: fraction digits only when there are some), and
 * MessagePack as a timestamp.
 *
 * @example
 * ```ts
 * import { UtcDateTime } from "./dotnet_values.ts";
 * JSON.stringify(new UtcDateTime(Date.UTC(2000, 0, 1))); // '"2000-01-01T00:00:00Z"'
 * ```
 */
export class UtcDateTime extends Date {
  /** The ISO 8601 text, without trailing zeros in the fraction. */
  override toJSON(): string {
    return this.toISOString().replace(/\.(\d*?)0*Z$/, (_, digits) => digits ? `.${digits}Z` : "Z");
  }
}

/** Reads bytes from MessagePack bin or JSON base64 text; `undefined` for anything else. */
export function readBytes(value: unknown): Base64Bytes | undefined {
  if (value instanceof Uint8Array) return new Base64Bytes(value);
  if (typeof value !== "string") return undefined;
  try {
    return new Base64Bytes(Uint8Array.fromBase64(value));
  } catch {
    return undefined;
  }
}

/** Reads a date from a MessagePack timestamp or JSON ISO 8601 text; `undefined` for anything else. */
export function readDateTime(value: unknown): UtcDateTime | undefined {
  const time = value instanceof Date
    ? value.getTime()
    : typeof value === "string" && ISO_8601.test(value)
    ? Date.parse(value)
    : NaN;
  return Number.isNaN(time) ? undefined : new UtcDateTime(time);
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
