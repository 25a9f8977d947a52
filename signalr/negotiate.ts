/**
 * The negotiate exchange: which negotiate version the client asked for, and
 * the JSON body that names the connection and its transports.
 *
 * @module
 */
import type { TransportName } from "./options.ts";
import { TRANSFER_FORMATS } from "./transports/transport.ts";

/** The newest negotiate version this server speaks. */
export const NEGOTIATE_VERSION = 1;

/**
 * Reads `negotiateVersion` from the query: absent means 0, a newer version than
 * ours is answered with ours. Returns an error text for a value that is not a
 * non-negative integer.
 *
 * @example
 * ```ts
 * import { requestedNegotiateVersion } from "./negotiate.ts";
 * requestedNegotiateVersion(new URL("http://x/hub/negotiate?negotiateVersion=5")); // 1
 * ```
 */
export function requestedNegotiateVersion(url: URL): number | { error: string } {
  const raw = url.searchParams.get("negotiateVersion");
  if (raw === null) return 0;
  const version = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(version)) {
    return { error: `The client requested an invalid protocol version '${raw}'` };
  }
  return Math.min(version, NEGOTIATE_VERSION);
}

/** What a negotiate response says. */
export interface NegotiateResult {
  readonly negotiateVersion: number;
  readonly connectionId: string;
  readonly connectionToken: string;
  readonly transports: readonly TransportName[];
  readonly useStatefulReconnect?: boolean;
}

/**
 * The negotiate response body. Version 0 has no separate token: the client
 * uses the connection id on its transport requests, so the token is sent in
 * its place.
 */
export function negotiateResponseBody(result: NegotiateResult): string {
  const availableTransports = result.transports.map((transport) => ({
    transport,
    transferFormats: TRANSFER_FORMATS[transport],
  }));
  if (result.negotiateVersion === 0) {
    return JSON.stringify({
      connectionId: result.connectionToken,
      negotiateVersion: 0,
      availableTransports,
    });
  }
  return JSON.stringify({
    connectionId: result.connectionId,
    connectionToken: result.connectionToken,
    negotiateVersion: result.negotiateVersion,
    availableTransports,
    ...(result.useStatefulReconnect ? { useStatefulReconnect: true } : {}),
  });
}
