/**
 * The handshake that opens every hub connection: the client names a protocol
 * and version, the server answers with an empty object or an error. Both are
 * JSON text records, whatever protocol follows.
 *
 * @module
 */
import type { Frame, HubProtocol, TransferFormat } from "./hub_protocol.ts";
import { ProtocolError } from "./messages.ts";
import { RECORD_SEPARATOR, RECORD_SEPARATOR_CODE, writeRecord } from "./text_framing.ts";

/** What the client asks for. */
export interface HandshakeRequest {
  readonly protocol: string;
  readonly version: number;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads a handshake request from the start of `input`. Returns `undefined`
 * while the record is incomplete; otherwise the request and whatever followed
 * it in the same frame (kept for the hub protocol).
 * Throws {@linkcode ProtocolError} for a malformed request.
 *
 * @example
 * ```ts
 * import { parseHandshakeRequest } from "./handshake.ts";
 * parseHandshakeRequest('{"protocol":"json","version":1}\x1e{"type":6}\x1e');
 * // { request: { protocol: "json", version: 1 }, rest: '{"type":6}\x1e' }
 * ```
 */
export function parseHandshakeRequest(
  input: Frame,
): { request: HandshakeRequest; rest: Frame } | undefined {
  let text: string;
  let rest: Frame;
  if (typeof input === "string") {
    const end = input.indexOf(RECORD_SEPARATOR);
    if (end < 0) return undefined;
    text = input.slice(0, end);
    rest = input.slice(end + 1);
  } else {
    const end = input.indexOf(RECORD_SEPARATOR_CODE);
    if (end < 0) return undefined;
    try {
      text = decoder.decode(input.subarray(0, end));
    } catch {
      throw new ProtocolError("The handshake request is not valid UTF-8.");
    }
    rest = input.subarray(end + 1);
  }
  return { request: readRequest(text), rest };
}

function readRequest(text: string): HandshakeRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProtocolError("The handshake request is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ProtocolError("Unexpected JSON Token Type. Expected a JSON Object.");
  }
  const { protocol, version } = value as Record<string, unknown>;
  if (protocol === undefined) {
    throw new ProtocolError(`Missing required property 'protocol'. Message content: ${text}`);
  }
  if (typeof protocol !== "string") {
    throw new ProtocolError("Expected 'protocol' to be of type String.");
  }
  if (version === undefined) {
    throw new ProtocolError(`Missing required property 'version'. Message content: ${text}`);
  }
  // An Int32, as .NET reads it.
  if (typeof version !== "number" || !Number.isInteger(version) || Math.abs(version) > 2 ** 31) {
    throw new ProtocolError("Expected 'version' to be of type Integer.");
  }
  return { protocol, version };
}

/**
 * Chooses the protocol for a request, or returns the .NET error text that the
 * handshake response must carry.
 *
 * @example
 * ```ts
 * import { negotiateProtocol } from "./handshake.ts";
 * import { jsonProtocol } from "./json_protocol.ts";
 * negotiateProtocol({ protocol: "xml", version: 1 }, [jsonProtocol], "Text");
 * // { error: "The protocol 'xml' is not supported." }
 * ```
 */
export function negotiateProtocol(
  request: HandshakeRequest,
  protocols: readonly HubProtocol[],
  transportFormats: readonly TransferFormat[],
): { protocol: HubProtocol } | { error: string } {
  const wanted = request.protocol.toLowerCase();
  const protocol = protocols.find((p) => p.name.toLowerCase() === wanted);
  if (!protocol) return { error: `The protocol '${request.protocol}' is not supported.` };
  if (request.version > protocol.version) {
    return {
      error:
        `The server does not support version ${request.version} of the '${protocol.name}' protocol.`,
    };
  }
  if (!transportFormats.includes(protocol.transferFormat)) {
    return {
      error:
        `Cannot use the '${protocol.name}' protocol on the current transport. The transport does not support '${protocol.transferFormat}' transfer format.`,
    };
  }
  return { protocol };
}

/** The handshake response record: `{}` on success, `{"error":…}` otherwise. */
export function writeHandshakeResponse(error?: string): string {
  return writeRecord(error === undefined ? "{}" : JSON.stringify({ error }));
}
