/**
 * The messages hub processes exchange over a backplane, encoded with
 * MessagePack. Invocations carry their frames already serialized for every
 * hub protocol, so no process serializes a message again.
 *
 * @module
 */
import { decode, encode } from "@msgpack/msgpack";
import type { Frame } from "../protocol/hub_protocol.ts";
import { ProtocolError } from "../protocol/messages.ts";
import type { Audience } from "./lifetime_manager.ts";

/** One message between processes. `id` is unique per message; `sender` names the process. */
export type BackplaneMessage =
  | {
    readonly kind: "invocation";
    readonly id: string;
    readonly sender: string;
    readonly audience: Audience;
    readonly target: string;
    readonly frames: ReadonlyMap<string, Frame>;
  }
  | {
    readonly kind: "group";
    readonly id: string;
    readonly sender: string;
    readonly action: "add" | "remove";
    readonly connectionId: string;
    readonly group: string;
  }
  | { readonly kind: "ack"; readonly id: string }
  | {
    readonly kind: "invoke";
    readonly id: string;
    readonly sender: string;
    readonly connectionId: string;
    readonly target: string;
    readonly args: readonly unknown[];
  }
  | {
    readonly kind: "result";
    readonly id: string;
    readonly error?: string;
    readonly result?: unknown;
  };

/**
 * Encodes a backplane message.
 *
 * @example
 * ```ts
 * import { decodeBackplaneMessage, encodeBackplaneMessage } from "./backplane_protocol.ts";
 * decodeBackplaneMessage(encodeBackplaneMessage({ kind: "ack", id: "1" })); // { kind: "ack", id: "1" }
 * ```
 */
export function encodeBackplaneMessage(message: BackplaneMessage): Uint8Array {
  if (message.kind === "invocation") {
    return encode({ ...message, frames: Object.fromEntries(message.frames) });
  }
  return encode(message);
}

/** Decodes a backplane message; throws {@linkcode ProtocolError} for anything else. */
export function decodeBackplaneMessage(bytes: Uint8Array): BackplaneMessage {
  let value: unknown;
  try {
    value = decode(bytes);
  } catch (error) {
    throw new ProtocolError(`Unreadable backplane message: ${(error as Error).message}`);
  }
  if (
    typeof value !== "object" || value === null ||
    typeof (value as { id?: unknown }).id !== "string"
  ) {
    throw new ProtocolError("A backplane message must be an object with an id.");
  }
  const message = value as Record<string, unknown>;
  switch (message.kind) {
    case "invocation": {
      const frames = message.frames;
      if (typeof frames !== "object" || frames === null || typeof message.target !== "string") {
        throw new ProtocolError("A backplane invocation needs a target and frames.");
      }
      return {
        ...(message as unknown as BackplaneMessage & { kind: "invocation" }),
        frames: new Map(Object.entries(frames as Record<string, Frame>)),
      };
    }
    case "group":
    case "ack":
    case "invoke":
    case "result":
      return message as unknown as BackplaneMessage;
    default:
      throw new ProtocolError(`Unknown backplane message kind '${String(message.kind)}'.`);
  }
}
