/**
 * The parser properties, shared by the test suite (a few thousand cases) and
 * `deno task fuzz` (a hundred thousand and more): whatever bytes or text
 * arrive, a parser returns well-formed messages or throws `ProtocolError`;
 * nothing else escapes. And what a parser returns, both protocols can write
 * again (a hub may forward a client's arguments to clients of either). And
 * a frame cut into pieces, parsed piece by piece with the rest carried over
 * as a connection does, reads as the whole frame does.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { joinFrames } from "../signalr/frames.ts";
import { jsonProtocol, messagePackProtocol, ProtocolError } from "../signalr/mod.ts";
import { parseHandshakeRequest } from "../signalr/protocol/handshake.ts";
import type { Frame, HubProtocol } from "../signalr/protocol/hub_protocol.ts";
import type { HubMessage } from "../signalr/protocol/messages.ts";
import { asText, type FuzzedFormat, hostileBytes } from "./inputs.ts";

/** One parser under fuzz. */
export interface FuzzTarget {
  /** Its name in reports, e.g. `jsonProtocol.parse`. */
  readonly name: string;
  /** Which seeds and generated messages its input starts from. */
  readonly format: FuzzedFormat;
  /** Parses `input`; returns what the parser returned, or undefined when it threw ProtocolError. */
  parse(input: Frame, maxMessageSize?: number): unknown;
  /** Fails (with an assertion) if what the parser returned is malformed. */
  check(result: unknown, input: Frame): void;
}

/** Calls `parse`; a ProtocolError is a refusal (undefined), anything else escaping fails. */
function refusing<T>(name: string, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ProtocolError) return undefined;
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(`${name} let ${what} escape instead of a ProtocolError`, { cause: error });
  }
}

function protocolTarget(protocol: HubProtocol, format: FuzzedFormat): FuzzTarget {
  const name = `${protocol === jsonProtocol ? "jsonProtocol" : "messagePackProtocol"}.parse`;
  return {
    name,
    format,
    parse: (input, max) => refusing(name, () => protocol.parse(input, max)),
    check(result, input) {
      if (result === undefined) return;
      const { messages, rest } = result as { messages: HubMessage[]; rest: Frame };
      assert.ok(Array.isArray(messages));
      for (const message of messages) {
        assert.ok(Number.isInteger(message.type) && message.type >= 1 && message.type <= 9);
      }
      assert.equal(typeof rest, typeof input, "the rest is of the input's kind");
      assert.ok(rest.length <= input.length);
    },
  };
}

/** The three parsers fuzzed: both hub protocols and the handshake. */
export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  protocolTarget(jsonProtocol, "json"),
  protocolTarget(messagePackProtocol, "messagepack"),
  {
    name: "parseHandshakeRequest",
    format: "handshake",
    parse: (input) => refusing("parseHandshakeRequest", () => parseHandshakeRequest(input)),
    check(result, input) {
      if (result === undefined) return;
      const { request, rest } = result as NonNullable<ReturnType<typeof parseHandshakeRequest>>;
      assert.equal(typeof request.protocol, "string");
      assert.ok(Number.isInteger(request.version));
      assert.equal(typeof rest, typeof input);
      assert.ok(rest.length < input.length, "the record separator was consumed");
    },
  },
];

/**
 * A frame as a transport delivers it: binary, or text for a text frame (half
 * the time for the text formats; MessagePack refuses text at once, so rarely).
 */
const frameOf = (format: FuzzedFormat) =>
  fc.tuple(hostileBytes(format), fc.integer({ min: 0, max: 9 })).map(([bytes, dice]): Frame =>
    dice < (format === "messagepack" ? 1 : 5) ? asText(bytes) : bytes
  );

/** The limit a hub sets (maximumReceiveMessageSize), small to reach its checks; or none. */
const maxMessageSize = fc.option(fc.integer({ min: 0, max: 256 }), { nil: undefined });

/** "`target` returns well-formed results or throws ProtocolError, for any frame." */
export function parserProperty(target: FuzzTarget) {
  return fc.property(frameOf(target.format), maxMessageSize, (input, max) => {
    target.check(target.parse(input, max), input);
  });
}

/** "Messages a hub protocol parsed can be written by both protocols." */
export function rewriteProperty(target: FuzzTarget) {
  return fc.property(frameOf(target.format), (input) => {
    const result = target.parse(input) as { messages: HubMessage[] } | undefined;
    for (const message of result?.messages ?? []) {
      for (const protocol of [jsonProtocol, messagePackProtocol]) {
        try {
          protocol.write(message);
        } catch (error) {
          throw new Error(
            `${protocol.name} cannot write ${target.name}'s ${JSON.stringify(message)}`,
            { cause: error },
          );
        }
      }
    }
  });
}

/** Cuts `input` at `cuts` (positions reduced modulo its length), in order. */
function pieces(input: Frame, cuts: number[]): Frame[] {
  const at = [...new Set(cuts.map((cut) => cut % (input.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((start, i) => input.slice(start, at[i] ?? input.length));
}

/** "A frame parsed in pieces, the rest carried over, reads as the whole frame." */
export function chunkingProperty(target: FuzzTarget) {
  return fc.property(
    frameOf(target.format),
    fc.array(fc.nat(), { maxLength: 4 }),
    (input, cuts) => {
      const whole = target.parse(input) as { messages: HubMessage[]; rest: Frame } | undefined;
      const messages: HubMessage[] = [];
      let rest: Frame = typeof input === "string" ? "" : new Uint8Array();
      for (const piece of pieces(input, cuts)) {
        const parsed = target.parse(joinFrames([rest, piece])) as typeof whole;
        if (parsed === undefined) {
          assert.equal(whole, undefined, "a piece was refused, the whole frame was not");
          return;
        }
        messages.push(...parsed.messages);
        rest = parsed.rest;
      }
      assert.ok(whole !== undefined, "the whole frame was refused, its pieces were not");
      assert.deepEqual(messages, whole.messages);
      assert.deepEqual(rest, whole.rest);
    },
  );
}
