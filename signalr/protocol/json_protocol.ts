/**
 * The JSON hub protocol: one JSON object per record, records ended by 0x1E.
 *
 * @module
 */
import type { Frame, HubProtocol } from "./hub_protocol.ts";
import {
  compactMessage,
  type HubMessage,
  MessageType,
  parseEach,
  ProtocolError,
} from "./messages.ts";
import { RECORD_SEPARATOR_CODE, splitRecords, writeRecord } from "./text_framing.ts";

const decoder = new TextDecoder("utf-8", { fatal: true });

type Fields = Record<string, unknown>;

function required(fields: Fields, name: string): unknown {
  const value = fields[name];
  if (value === undefined) throw new ProtocolError(`Missing required property '${name}'.`);
  return value;
}

function expect<T>(name: string, value: unknown, kind: string, ok: boolean): T {
  if (!ok) throw new ProtocolError(`Expected '${name}' to be of type ${kind}.`);
  return value as T;
}

function stringField(fields: Fields, name: string, optional: boolean): string | undefined {
  const value = optional ? fields[name] : required(fields, name);
  if (value === undefined || value === null && optional) return undefined;
  return expect<string>(name, value, "String", typeof value === "string");
}

function integerField(fields: Fields, name: string): number {
  const value = required(fields, name);
  return expect<number>(name, value, "Integer", Number.isSafeInteger(value));
}

function headersField(fields: Fields): Record<string, string> | undefined {
  const value = fields.headers;
  if (value === undefined || value === null) return undefined;
  const ok = typeof value === "object" && !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === "string");
  return expect("headers", value, "Object of String", ok);
}

function streamIdsField(fields: Fields): string[] | undefined {
  const value = fields.streamIds;
  if (value === undefined || value === null) return undefined;
  const ok = Array.isArray(value) && value.every((v) => typeof v === "string");
  return expect("streamIds", value, "Array of String", ok);
}

function argumentsField(fields: Fields): unknown[] {
  const value = required(fields, "arguments");
  return expect("arguments", value, "Array", Array.isArray(value));
}

/**
 * Reads one JSON record as a hub message; `undefined` for a message type this
 * server does not know (the spec lets receivers ignore those).
 */
export function parseJsonMessage(record: string): HubMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(record);
  } catch {
    throw new ProtocolError("Error reading JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ProtocolError("Unexpected JSON Token Type. Expected a JSON Object.");
  }
  const fields = value as Fields;
  const type = integerField(fields, "type");
  switch (type) {
    case MessageType.Invocation:
      return compactMessage({
        type,
        invocationId: stringField(fields, "invocationId", true),
        target: stringField(fields, "target", false)!,
        arguments: argumentsField(fields),
        streamIds: streamIdsField(fields),
        headers: headersField(fields),
      });
    case MessageType.StreamInvocation:
      return compactMessage({
        type,
        invocationId: stringField(fields, "invocationId", false)!,
        target: stringField(fields, "target", false)!,
        arguments: argumentsField(fields),
        streamIds: streamIdsField(fields),
        headers: headersField(fields),
      });
    case MessageType.StreamItem:
      return compactMessage({
        type,
        invocationId: stringField(fields, "invocationId", false)!,
        item: required(fields, "item"),
        headers: headersField(fields),
      });
    case MessageType.Completion: {
      const error = stringField(fields, "error", true);
      const hasResult = "result" in fields;
      if (error !== undefined && hasResult) {
        throw new ProtocolError("The 'error' and 'result' properties are mutually exclusive.");
      }
      return compactMessage({
        type,
        invocationId: stringField(fields, "invocationId", false)!,
        error,
        result: fields.result,
        hasResult: hasResult || undefined,
        headers: headersField(fields),
      });
    }
    case MessageType.CancelInvocation:
      return compactMessage({
        type,
        invocationId: stringField(fields, "invocationId", false)!,
        headers: headersField(fields),
      });
    case MessageType.Ping:
      return { type };
    case MessageType.Close: {
      const allowReconnect = fields.allowReconnect;
      return compactMessage({
        type,
        error: stringField(fields, "error", true),
        allowReconnect: allowReconnect === undefined ? undefined : expect<boolean>(
          "allowReconnect",
          allowReconnect,
          "Boolean",
          typeof allowReconnect === "boolean",
        ),
      });
    }
    case MessageType.Ack:
    case MessageType.Sequence:
      return { type, sequenceId: integerField(fields, "sequenceId") };
    default:
      return undefined;
  }
}

/** Writes one hub message as a JSON object, without the record separator. */
export function formatJsonMessage(message: HubMessage): string {
  if (message.type === MessageType.Completion) {
    // `hasResult` is not on the wire; a result that is present is never left out.
    const { type, invocationId, headers, error, hasResult, result } = message;
    return JSON.stringify(
      hasResult
        ? { type, invocationId, headers, result: result ?? null }
        : { type, invocationId, headers, error },
    );
  }
  return JSON.stringify(message);
}

const encoder = new TextEncoder();

/** Throws when a record is over `max` UTF-8 bytes; counts bytes only when it might be. */
function checkSize(record: Frame, max: number): void {
  if (typeof record === "string" && record.length * 3 <= max) return;
  if (
    record.length > max || typeof record === "string" && encoder.encode(record).length > max
  ) {
    throw new ProtocolError(`The maximum message size of ${max}B was exceeded.`);
  }
}

/**
 * Decodes the complete records of `input`. The bytes after the last separator
 * stay bytes: they may end inside a character that the next frame completes.
 */
function splitByteRecords(input: Uint8Array): { records: string[]; rest: Uint8Array } {
  const end = input.lastIndexOf(RECORD_SEPARATOR_CODE) + 1;
  let text: string;
  try {
    text = decoder.decode(input.subarray(0, end));
  } catch {
    throw new ProtocolError("Message is not valid UTF-8.");
  }
  return { records: splitRecords(text).records, rest: input.slice(end) };
}

/**
 * The JSON hub protocol, version 2 (version 2 adds the stateful-reconnect
 * messages Ack and Sequence).
 *
 * @example
 * ```ts
 * import { jsonProtocol } from "./json_protocol.ts";
 * jsonProtocol.parse('{"type":6}\x1e{"ty'); // { messages: [{ type: 6 }], rest: '{"ty' }
 * jsonProtocol.write({ type: 6 }); // '{"type":6}\x1e'
 * ```
 */
export const jsonProtocol: HubProtocol = {
  name: "json",
  version: 2,
  transferFormat: "Text",
  parse(input: Frame, maxMessageSize = Infinity) {
    const { records, rest } = typeof input === "string"
      ? splitRecords(input)
      : splitByteRecords(input);
    checkSize(rest, maxMessageSize);
    const messages = parseEach(records, (record) => {
      checkSize(record, maxMessageSize);
      return parseJsonMessage(record);
    });
    return { messages, rest };
  },
  write(message: HubMessage) {
    return writeRecord(formatJsonMessage(message));
  },
};
