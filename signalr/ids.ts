/**
 * Random identifiers for connections.
 *
 * @module
 */

/**
 * 128 random bits as URL-safe base64 (22 characters).
 *
 * @example
 * ```ts
 * import { randomId } from "./ids.ts";
 * randomId().length; // 22
 * ```
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
