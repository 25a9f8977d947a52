/**
 * fast-check arbitraries of hostile input for the hub protocol parsers:
 * random bytes, structure-aware messages with wrong types in every field, and
 * valid messages mutated (bit flips, truncations, deletions, duplications,
 * insertions of other messages' bytes), alone or several to a frame.
 *
 * @module
 */
import fc from "fast-check";
import { encode } from "@msgpack/msgpack";
import { joinFrames } from "../signalr/frames.ts";
import { writeFrame } from "../signalr/protocol/binary_framing.ts";
import jsonValid from "../tests/testdata/json_protocol_valid.json" with { type: "json" };
import jsonInvalid from "../tests/testdata/json_protocol_invalid.json" with { type: "json" };
import jsonWritten from "../tests/testdata/json_protocol_write.json" with { type: "json" };
import packValid from "../tests/testdata/messagepack_protocol_valid.json" with { type: "json" };
import packInvalid from "../tests/testdata/messagepack_protocol_invalid.json" with { type: "json" };
import packWritten from "../tests/testdata/messagepack_protocol_write.json" with { type: "json" };
import handshakes from "../tests/testdata/handshake.json" with { type: "json" };
import { hex } from "../tests/helpers/protocol.ts";

const encoder = new TextEncoder();

/** The byte fixtures of the codec tests, valid and invalid: the seeds mutations start from. */
const SEEDS = {
  json: [...jsonValid, ...jsonInvalid].map((c) => encoder.encode(c.input))
    .concat(jsonWritten.map((c) => encoder.encode(c.text))),
  messagepack: [...packValid, ...packInvalid].map((c) => hex([c.input].flat().join(" ")))
    .concat(packWritten.map((c) => hex(c.bytes))),
  handshake: [...handshakes.valid, ...handshakes.incomplete, ...handshakes.invalid]
    .map((c) => encoder.encode(c.input))
    .concat(handshakes.invalidBytes.map((c) => Uint8Array.from(c.bytes))),
} as const;

/** Bytes that tend to matter to the parsers: separators, MessagePack markers, UTF-8 edges. */
const INTERESTING = [0x00, 0x1e, 0x22, 0x7b, 0x7d, 0x7f, 0x80, 0x90, 0xc0, 0xc1, 0xdd, 0xff];

/** The message fields of the hub protocol, each given values of the right and wrong types. */
const FIELDS = [
  "type",
  "invocationId",
  "target",
  "arguments",
  "streamIds",
  "headers",
  "item",
  "result",
  "error",
  "allowReconnect",
  "sequenceId",
];

/** Any JSON value, kept small. */
const jsonValue = fc.jsonValue({ maxDepth: 3 });

/** Values MessagePack can carry beyond JSON's: bin, timestamps, big and float numbers. */
const packValue = fc.oneof(
  jsonValue,
  fc.uint8Array({ maxLength: 16 }),
  fc.date({ noInvalidDate: true }),
  fc.double(),
  fc.constantFrom(2 ** 53, -(2 ** 63), 2 ** 64 - 1, 0xffffffff + 1),
);

/** A message type: the nine known ones, and a few that are not. */
const messageType = fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: -2, max: 300 }));

/** A JSON record that looks like a hub message, with arbitrary values in its fields. */
const jsonMessage = fc.record(
  Object.fromEntries(FIELDS.map((f) => [f, f === "type" ? messageType : jsonValue])),
  { requiredKeys: ["type"] },
).map((fields) => encoder.encode(JSON.stringify(fields) + "\x1e"));

/** A length-prefixed MessagePack array whose first item is a message type. */
const packMessage = fc.tuple(messageType, fc.array(packValue, { maxLength: 7 }))
  .map(([type, items]) => writeFrame(encode([type, ...items])));

/** A handshake request with arbitrary protocol and version values, and what may follow it. */
const handshakeRequest = fc.tuple(
  fc.record({
    protocol: fc.oneof(fc.constantFrom("json", "messagepack", "JSON"), jsonValue),
    version: fc.oneof(fc.integer({ min: -1, max: 3 }), jsonValue),
  }, { requiredKeys: [] }),
  fc.uint8Array({ maxLength: 16 }),
).map(([request, rest]) =>
  joinFrames([encoder.encode(JSON.stringify(request) + "\x1e"), rest]) as Uint8Array
);

/** One change to a byte string; positions are reduced modulo its length. */
type Mutation =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "set"; at: number; byte: number }
  | { kind: "truncate"; at: number }
  | { kind: "delete"; at: number; length: number }
  | { kind: "duplicate"; at: number; length: number }
  | { kind: "insert"; at: number; bytes: Uint8Array };

function mutation(donors: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Mutation> {
  const at = fc.nat();
  return fc.oneof(
    fc.record({ kind: fc.constant("flip" as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({
      kind: fc.constant("set" as const),
      at,
      byte: fc.oneof(fc.constantFrom(...INTERESTING), fc.integer({ min: 0, max: 255 })),
    }),
    fc.record({ kind: fc.constant("truncate" as const), at }),
    fc.record({ kind: fc.constant("delete" as const), at, length: fc.integer({ min: 1, max: 8 }) }),
    fc.record({
      kind: fc.constant("duplicate" as const),
      at,
      length: fc.integer({ min: 1, max: 16 }),
    }),
    fc.record({
      kind: fc.constant("insert" as const),
      at,
      bytes: fc.oneof(donors, fc.uint8Array({ minLength: 1, maxLength: 8 })),
    }),
  );
}

/** Applies `change` to `input`, returning new bytes. */
function mutate(input: Uint8Array, change: Mutation): Uint8Array {
  const at = input.length === 0 ? 0 : change.at % (input.length + 1);
  const before = input.subarray(0, at);
  switch (change.kind) {
    case "flip":
    case "set": {
      if (at >= input.length) return input;
      const copy = input.slice();
      copy[at] = change.kind === "flip" ? copy[at] ^ (1 << change.bit) : change.byte;
      return copy;
    }
    case "truncate":
      return input.slice(0, at);
    case "delete":
      return joinFrames([before, input.subarray(at + change.length)]) as Uint8Array;
    case "duplicate":
      return joinFrames([input.subarray(0, at + change.length), input.subarray(at)]) as Uint8Array;
    case "insert":
      return joinFrames([before, change.bytes, input.subarray(at)]) as Uint8Array;
  }
}

/** The parsers fuzzed, by the seeds and generated messages each starts from. */
export type FuzzedFormat = keyof typeof SEEDS;

/**
 * Hostile input for one format: random bytes; generated messages; one to
 * four valid or generated messages in one frame, then up to six mutations.
 */
export function hostileBytes(format: FuzzedFormat): fc.Arbitrary<Uint8Array> {
  const generated = format === "json"
    ? jsonMessage
    : format === "messagepack"
    ? packMessage
    : handshakeRequest;
  const whole = fc.oneof(fc.constantFrom(...SEEDS[format]), generated);
  const frame = fc.array(whole, { minLength: 1, maxLength: 4 }).map((parts) =>
    joinFrames(parts) as Uint8Array
  );
  return fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 128 }) },
    { weight: 2, arbitrary: generated },
    {
      weight: 5,
      arbitrary: fc.tuple(frame, fc.array(mutation(whole), { minLength: 1, maxLength: 6 }))
        .map(([bytes, changes]) => changes.reduce(mutate, bytes)),
    },
  );
}

/** Decodes bytes as a transport hands text frames over (invalid UTF-8 becomes U+FFFD). */
export function asText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}
