/**
 * The SignalR hub messages as a readonly discriminated union on `type`.
 *
 * The numeric values are the wire values of the hub protocol specification.
 *
 * @module
 */

/** Wire values of the `type` field. */
export const MessageType = {
  Invocation: 1,
  StreamItem: 2,
  Completion: 3,
  StreamInvocation: 4,
  CancelInvocation: 5,
  Ping: 6,
  Close: 7,
  Ack: 8,
  Sequence: 9,
} as const;

/** Header map some protocols carry on invocation-like messages. */
export type MessageHeaders = Readonly<Record<string, string>>;

/** Invoke a method on the other side; no `invocationId` means no reply is wanted. */
export interface InvocationMessage {
  readonly type: typeof MessageType.Invocation;
  readonly invocationId?: string;
  readonly target: string;
  readonly arguments: readonly unknown[];
  readonly streamIds?: readonly string[];
  readonly headers?: MessageHeaders;
}

/** Invoke a method whose result is a stream of items. */
export interface StreamInvocationMessage {
  readonly type: typeof MessageType.StreamInvocation;
  readonly invocationId: string;
  readonly target: string;
  readonly arguments: readonly unknown[];
  readonly streamIds?: readonly string[];
  readonly headers?: MessageHeaders;
}

/** One item of a stream, for the invocation (or client stream) `invocationId`. */
export interface StreamItemMessage {
  readonly type: typeof MessageType.StreamItem;
  readonly invocationId: string;
  readonly item: unknown;
  readonly headers?: MessageHeaders;
}

/**
 * The end of an invocation or a stream: with `error`, or with `result` when
 * `hasResult` is true, or neither (a void completion).
 */
export interface CompletionMessage {
  readonly type: typeof MessageType.Completion;
  readonly invocationId: string;
  readonly error?: string;
  readonly result?: unknown;
  readonly hasResult?: boolean;
  readonly headers?: MessageHeaders;
}

/** Ask the other side to stop a stream. */
export interface CancelInvocationMessage {
  readonly type: typeof MessageType.CancelInvocation;
  readonly invocationId: string;
  readonly headers?: MessageHeaders;
}

/** Keep-alive. */
export interface PingMessage {
  readonly type: typeof MessageType.Ping;
}

/** The connection is closing, optionally with an error and a hint to reconnect. */
export interface CloseMessage {
  readonly type: typeof MessageType.Close;
  readonly error?: string;
  readonly allowReconnect?: boolean;
}

/** Stateful reconnect: every message up to `sequenceId` has been received. */
export interface AckMessage {
  readonly type: typeof MessageType.Ack;
  readonly sequenceId: number;
}

/** Stateful reconnect: the next message carries `sequenceId`. */
export interface SequenceMessage {
  readonly type: typeof MessageType.Sequence;
  readonly sequenceId: number;
}

/** Any hub message. */
export type HubMessage =
  | InvocationMessage
  | StreamInvocationMessage
  | StreamItemMessage
  | CompletionMessage
  | CancelInvocationMessage
  | PingMessage
  | CloseMessage
  | AckMessage
  | SequenceMessage;

/**
 * The message without its undefined fields, as codecs build them: a parsed
 * message has only the fields its sender sent. Copies rather than deleting,
 * which would turn the object into a slow dictionary.
 *
 * @example
 * ```ts
 * import { compactMessage } from "./messages.ts";
 * compactMessage({ type: 3, invocationId: "1", error: undefined }); // { type: 3, invocationId: "1" }
 * ```
 */
export function compactMessage<T extends HubMessage>(message: T): T {
  const out: Record<string, unknown> = {};
  for (const key in message) {
    const value = message[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

/** The one ping message; it carries nothing. */
export const PING: PingMessage = Object.freeze({ type: MessageType.Ping });

/**
 * Thrown by every codec for input that breaks the protocol; the connection
 * that sent it is closed, nothing else is affected.
 *
 * @example
 * ```ts
 * throw new ProtocolError("Missing required property 'target'.");
 * ```
 */
export class ProtocolError extends Error {
  override name = "InvalidDataException";
  /**
   * The messages of the same input read before the error, in order: the
   * connection runs them before it closes, as ASP.NET Core does.
   */
  parsed: readonly HubMessage[] = [];
}

/**
 * Reads `items` in order with `parse`, leaving out what it returns as
 * `undefined`. A {@linkcode ProtocolError} thrown on one item carries the
 * messages read before it.
 *
 * @example
 * ```ts
 * import { parseEach, ProtocolError } from "./messages.ts";
 * try {
 *   parseEach(["6", "x"], (item) => {
 *     if (item === "x") throw new ProtocolError("Error reading JSON.");
 *     return { type: 6 };
 *   });
 * } catch (error) {
 *   (error as ProtocolError).parsed; // [{ type: 6 }]
 * }
 * ```
 */
export function parseEach<T>(
  items: readonly T[],
  parse: (item: T) => HubMessage | undefined,
): HubMessage[] {
  const messages: HubMessage[] = [];
  for (const item of items) {
    let message: HubMessage | undefined;
    try {
      message = parse(item);
    } catch (error) {
      if (error instanceof ProtocolError) error.parsed = messages;
      throw error;
    }
    if (message) messages.push(message);
  }
  return messages;
}
