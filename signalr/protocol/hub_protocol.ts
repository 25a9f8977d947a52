/**
 * The interface every hub protocol codec implements. Codecs are pure: they turn
 * bytes or text into messages and back, and never touch I/O.
 *
 * @module
 */
import type { HubMessage } from "./messages.ts";

/** How a protocol's frames travel: text (UTF-8) or binary. */
export type TransferFormat = "Text" | "Binary";

/** A serialized frame as a transport sends it. */
export type Frame = string | Uint8Array;

/** A hub protocol codec such as JSON or MessagePack. */
export interface HubProtocol {
  /** The name clients ask for in the handshake, e.g. `"json"`. */
  readonly name: string;
  /** The highest protocol version this codec speaks. */
  readonly version: number;
  /** Whether frames are text or binary. */
  readonly transferFormat: TransferFormat;
  /**
   * Parses every complete message in `input`, returning them and the bytes or
   * text of an incomplete trailing message to keep for the next call.
   * Throws {@linkcode ProtocolError} for input that breaks the protocol or a
   * message larger than `maxMessageSize` bytes.
   */
  parse(input: Frame, maxMessageSize?: number): { messages: HubMessage[]; rest: Frame };
  /** Serializes one message, framing included. */
  write(message: HubMessage): Frame;
}
