/**
 * The MessagePack hub protocol: each message is one MessagePack array whose
 * first item is the message type, framed by a VarInt length prefix.
 *
 * Values travel as MessagePack does them: a `Date` as the timestamp extension,
 * a `Uint8Array` as bin (decoded bin values are views into the input frame).
 *
 * @module
 */
import { Decoder, Encoder } from "@msgpack/msgpack";
import { splitFrames, writeFrame } from "./binary_framing.ts";
import type { Frame, HubProtocol } from "./hub_protocol.ts";
import {
  compactMessage,
  type HubMessage,
  type MessageHeaders,
  MessageType,
  parseEach,
  ProtocolError,
} from "./messages.ts";

/** Completion result kinds on the wire. */
const ResultKind = { Error: 1, Void: 2, NonVoid: 3 } as const;

/** Names and fewest array items of every message type this codec reads. */
const LAYOUTS: Readonly<Record<number, { name: string; items: number }>> = {
  [MessageType.Invocation]: { name: "Invocation", items: 5 },
  [MessageType.StreamItem]: { name: "StreamItem", items: 4 },
  [MessageType.Completion]: { name: "Completion", items: 4 },
  [MessageType.StreamInvocation]: { name: "StreamInvocation", items: 5 },
  [MessageType.CancelInvocation]: { name: "CancelInvocation", items: 3 },
  [MessageType.Ping]: { name: "Ping", items: 1 },
  [MessageType.Close]: { name: "Close", items: 2 },
  [MessageType.Ack]: { name: "Ack", items: 2 },
  [MessageType.Sequence]: { name: "Sequence", items: 2 },
};

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

type Items = readonly unknown[];

function requireItems(items: Items, type: number, count: number): void {
  if (items.length >= count) return;
  const { name } = LAYOUTS[type];
  throw new ProtocolError(
    `Invalid payload for ${name} message: expected at least ${count} items, got ${items.length}.`,
  );
}

function int32Item(items: Items, index: number, name: string): number {
  const value = items[index];
  if (!Number.isInteger(value) || (value as number) < INT32_MIN || (value as number) > INT32_MAX) {
    throw new ProtocolError(`Reading '${name}' as Int32 failed.`);
  }
  return value as number;
}

function int64Item(items: Items, index: number, name: string): number {
  const value = items[index];
  if (!Number.isSafeInteger(value)) throw new ProtocolError(`Reading '${name}' as Int64 failed.`);
  return value as number;
}

/** A string or nil (`undefined`). */
function stringItem(items: Items, index: number, name: string): string | undefined {
  const value = items[index];
  if (value === null) return undefined;
  if (typeof value !== "string") throw new ProtocolError(`Reading '${name}' as String failed.`);
  return value;
}

/** A string that must be neither nil nor empty. */
function requiredStringItem(items: Items, index: number, name: string, what: string): string {
  const value = stringItem(items, index, name);
  if (!value) throw new ProtocolError(`Null or empty ${what}.`);
  return value;
}

function invocationIdItem(items: Items, type: number): string {
  const what = `invocation ID for ${LAYOUTS[type].name} message`;
  return requiredStringItem(items, 2, "invocationId", what);
}

function arrayItem(items: Items, index: number, name: string): unknown[] {
  const value = items[index];
  if (!Array.isArray(value)) throw new ProtocolError(`Reading array length for '${name}' failed.`);
  return value;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null &&
    Object.getPrototypeOf(value) === Object.prototype;
}

/** The headers map at index 1; `undefined` when it is empty. */
function headersItem(items: Items): MessageHeaders | undefined {
  const value = items[1];
  if (!isMap(value)) throw new ProtocolError("Reading map length for 'headers' failed.");
  const entries = Object.entries(value);
  if (entries.length === 0) return undefined;
  entries.forEach(([key, header], i) => {
    if (key === "") throw new ProtocolError("Null or empty key in header.");
    if (typeof header !== "string") {
      throw new ProtocolError(`Reading 'headers[${i}].Value' as String failed.`);
    }
    if (header === "") throw new ProtocolError("Null or empty value in header.");
  });
  return value as MessageHeaders;
}

/** The stream IDs at index 5 when present; `undefined` when absent or empty. */
function streamIdsItem(items: Items): string[] | undefined {
  if (items.length <= 5) return undefined;
  const ids = arrayItem(items, 5, "streamIds");
  ids.forEach((_, i) => requiredStringItem(ids, i, `streamIds[${i}]`, "value in streamIds"));
  return ids.length > 0 ? ids as string[] : undefined;
}

const decoder = new Decoder();

/**
 * Why the decoder failed. It reports a payload that ends inside a value as a
 * bare `RangeError`; extra bytes after the value and malformed bytes come
 * with messages of their own.
 */
function decodeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const truncated = error instanceof RangeError && !error.message.startsWith("Extra ");
  return truncated ? "the payload ends inside a value." : error.message;
}

function decodeItems(payload: Uint8Array): Items {
  let value: unknown;
  try {
    value = decoder.decode(payload);
  } catch (error) {
    throw new ProtocolError(`Cannot read MessagePack payload: ${decodeFailure(error)}`, {
      cause: error,
    });
  }
  if (!Array.isArray(value)) {
    throw new ProtocolError("Unexpected MessagePack type. Expected an array.");
  }
  return value;
}

function parseCompletion(items: Items): HubMessage {
  const type = MessageType.Completion;
  const headers = headersItem(items);
  const invocationId = invocationIdItem(items, type);
  const kind = int32Item(items, 3, "resultKind");
  if (kind === ResultKind.Void) return compactMessage({ type, invocationId, headers });
  if (kind !== ResultKind.Error && kind !== ResultKind.NonVoid) {
    throw new ProtocolError("Invalid invocation result kind.");
  }
  requireItems(items, type, 5);
  if (kind === ResultKind.NonVoid) {
    return compactMessage({ type, invocationId, result: items[4], hasResult: true, headers });
  }
  const error = stringItem(items, 4, "error");
  if (error === undefined) throw new ProtocolError("Reading 'error' as String failed.");
  return compactMessage({ type, invocationId, error, headers });
}

/**
 * Reads one MessagePack payload (without its length prefix) as a hub message;
 * `undefined` for a message type this server does not know.
 */
function parseMessage(payload: Uint8Array): HubMessage | undefined {
  const items = decodeItems(payload);
  const type = int32Item(items, 0, "messageType");
  const layout = LAYOUTS[type];
  if (layout === undefined) return undefined;
  requireItems(items, type, layout.items);
  switch (type) {
    case MessageType.Invocation:
      return compactMessage({
        type,
        invocationId: stringItem(items, 2, "invocationId") || undefined,
        target: requiredStringItem(items, 3, "target", "target for Invocation message"),
        arguments: arrayItem(items, 4, "arguments"),
        streamIds: streamIdsItem(items),
        headers: headersItem(items),
      });
    case MessageType.StreamInvocation:
      return compactMessage({
        type,
        invocationId: invocationIdItem(items, type),
        target: requiredStringItem(items, 3, "target", "target for StreamInvocation message"),
        arguments: arrayItem(items, 4, "arguments"),
        streamIds: streamIdsItem(items),
        headers: headersItem(items),
      });
    case MessageType.StreamItem:
      return compactMessage({
        type,
        invocationId: invocationIdItem(items, type),
        item: items[3],
        headers: headersItem(items),
      });
    case MessageType.Completion:
      return parseCompletion(items);
    case MessageType.CancelInvocation:
      return compactMessage({
        type,
        invocationId: invocationIdItem(items, type),
        headers: headersItem(items),
      });
    case MessageType.Ping:
      return { type };
    case MessageType.Close: {
      const error = stringItem(items, 1, "error");
      if (items.length < 3) return compactMessage({ type, error });
      if (typeof items[2] !== "boolean") {
        throw new ProtocolError("Reading 'allowReconnect' as Boolean failed.");
      }
      return compactMessage({ type, error, allowReconnect: items[2] });
    }
    case MessageType.Ack:
    case MessageType.Sequence:
      return { type, sequenceId: int64Item(items, 1, "sequenceId") };
  }
}

const NO_HEADERS: MessageHeaders = Object.freeze({});

/** The MessagePack array of one message, before encoding. */
function toItems(message: HubMessage): unknown[] {
  switch (message.type) {
    case MessageType.Invocation:
    case MessageType.StreamInvocation:
      return [
        message.type,
        message.headers ?? NO_HEADERS,
        message.invocationId || null,
        message.target,
        message.arguments,
        message.streamIds ?? [],
      ];
    case MessageType.StreamItem:
      return [message.type, message.headers ?? NO_HEADERS, message.invocationId, message.item];
    case MessageType.Completion: {
      const { type, invocationId } = message;
      const headers = message.headers ?? NO_HEADERS;
      if (message.error !== undefined) {
        return [type, headers, invocationId, ResultKind.Error, message.error];
      }
      if (message.hasResult) {
        return [type, headers, invocationId, ResultKind.NonVoid, message.result];
      }
      return [type, headers, invocationId, ResultKind.Void];
    }
    case MessageType.CancelInvocation:
      return [message.type, message.headers ?? NO_HEADERS, message.invocationId];
    case MessageType.Ping:
      return [message.type];
    case MessageType.Close:
      return message.allowReconnect === undefined
        ? [message.type, message.error ?? null]
        : [message.type, message.error ?? null, message.allowReconnect];
    case MessageType.Ack:
    case MessageType.Sequence:
      return [message.type, message.sequenceId];
    default:
      throw new TypeError(`Cannot write hub message of type ${(message as HubMessage).type}.`);
  }
}

const encoder = new Encoder();

/**
 * The MessagePack hub protocol, version 2 (version 2 adds the
 * stateful-reconnect messages Ack and Sequence). `parse` returns the rest as
 * a `Uint8Array` and rejects text frames, which a binary protocol never sends.
 *
 * @example
 * ```ts
 * import { messagePackProtocol } from "./messagepack_protocol.ts";
 * messagePackProtocol.parse(new Uint8Array([0x02, 0x91, 0x06, 0x02]));
 * // { messages: [{ type: 6 }], rest: Uint8Array [0x02] }
 * messagePackProtocol.write({ type: 6 }); // Uint8Array [0x02, 0x91, 0x06]
 * ```
 */
export const messagePackProtocol: HubProtocol = {
  name: "messagepack",
  version: 2,
  transferFormat: "Binary",
  parse(input: Frame, maxMessageSize = Infinity) {
    if (typeof input === "string") {
      throw new ProtocolError("The MessagePack protocol accepts binary frames only, not text.");
    }
    const { payloads, rest } = splitFrames(input, maxMessageSize);
    return { messages: parseEach(payloads, parseMessage), rest };
  },
  write(message: HubMessage) {
    return writeFrame(encoder.encodeSharedRef(toItems(message)));
  },
};
