/**
 * A message serialized at most once per protocol, however many connections it
 * is written to.
 *
 * @module
 */
import type { Frame, HubProtocol } from "./protocol/hub_protocol.ts";
import type { HubMessage } from "./protocol/messages.ts";

/**
 * Caches the frame of one message for each protocol that asks for it.
 *
 * @example
 * ```ts
 * import { SerializedMessage } from "./serialized_message.ts";
 * import { jsonProtocol } from "./protocol/json_protocol.ts";
 * const message = new SerializedMessage({ type: 1, target: "Tick", arguments: [1] });
 * message.frameFor(jsonProtocol) === message.frameFor(jsonProtocol); // true: serialized once
 * ```
 */
export class SerializedMessage {
  #protocol?: HubProtocol;
  #frame?: Frame;
  #others?: Map<HubProtocol, Frame>;
  readonly #given: ReadonlyMap<string, Frame> | undefined;

  /**
   * Wraps `message`; nothing is serialized until a protocol asks. `frames`,
   * when given, are the message already serialized by protocol name (as a
   * backplane delivers it) and are used instead of serializing again.
   */
  constructor(readonly message: HubMessage, frames?: ReadonlyMap<string, Frame>) {
    this.#given = frames;
  }

  /** The frames of every protocol in `protocols`, by name (serializing each at most once). */
  framesFor(protocols: readonly HubProtocol[]): Map<string, Frame> {
    return new Map(protocols.map((protocol) => [protocol.name, this.frameFor(protocol)]));
  }

  /** The message's frame in `protocol`, serialized on first request. */
  frameFor(protocol: HubProtocol): Frame {
    if (this.#protocol === protocol) return this.#frame!;
    if (this.#protocol === undefined) {
      this.#protocol = protocol;
      return this.#frame = this.#given?.get(protocol.name) ?? protocol.write(this.message);
    }
    this.#others ??= new Map();
    let frame = this.#others.get(protocol);
    if (frame === undefined) {
      frame = this.#given?.get(protocol.name) ?? protocol.write(this.message);
      this.#others.set(protocol, frame);
    }
    return frame;
  }
}
