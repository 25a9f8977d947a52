/**
 * The messages processes exchange over a backplane: every kind survives
 * encoding, frames keep their type (text stays a string, binary stays bytes),
 * and anything else is a ProtocolError.
 */
import assert from "node:assert/strict";
import { encode } from "@msgpack/msgpack";
import { type Audience, ProtocolError } from "../../../signalr/mod.ts";
import type { Frame } from "../../../signalr/protocol/hub_protocol.ts";
import {
  type BackplaneMessage,
  decodeBackplaneMessage,
  encodeBackplaneMessage,
} from "../../../signalr/lifetime/backplane_protocol.ts";

const textFrame = '{"type":1,"target":"Hit","arguments":["ü ✓"]}\x1e';
const binaryFrame = new Uint8Array([0x0d, 0x96, 0x01, 0x80, 0xc0, 0xa3, 0x48, 0x69, 0x74, 0x90]);

const frames = new Map<string, Frame>([["json", textFrame], ["messagepack", binaryFrame]]);

const AUDIENCES: readonly Audience[] = [
  { kind: "all" },
  { kind: "all", excluded: ["c1", "c2"] },
  { kind: "connections", ids: ["c1"] },
  { kind: "groups", names: ["red", "blue"] },
  { kind: "groups", names: ["red"], excluded: ["c3"] },
  { kind: "users", ids: ["ann", "bob"] },
];

const MESSAGES: ReadonlyArray<readonly [string, BackplaneMessage]> = [
  ...AUDIENCES.map((audience) =>
    [
      `an invocation to ${JSON.stringify(audience)}`,
      { kind: "invocation", id: "m1", sender: "s1", audience, target: "Hit", frames },
    ] as const
  ),
  [
    "a group add command",
    { kind: "group", id: "g1", sender: "s1", action: "add", connectionId: "c1", group: "red" },
  ],
  [
    "a group remove command",
    { kind: "group", id: "g2", sender: "s1", action: "remove", connectionId: "c1", group: "red" },
  ],
  ["an ack", { kind: "ack", id: "g1" }],
  [
    "a client result request",
    { kind: "invoke", id: "i1", sender: "s2", connectionId: "c1", target: "Ask", args: [6, "x"] },
  ],
  ["a client result", { kind: "result", id: "i1", result: { answer: 42, nested: [null, "ü"] } }],
  ["a client error", { kind: "result", id: "i2", error: "Error: nicht heute ✗" }],
];

for (const [what, message] of MESSAGES) {
  Deno.test(`${what} round-trips`, () => {
    assert.deepEqual(decodeBackplaneMessage(encodeBackplaneMessage(message)), message);
  });
}

Deno.test("an invocation's frames come back as a string and as bytes", () => {
  const decoded = decodeBackplaneMessage(encodeBackplaneMessage(MESSAGES[0][1]));
  assert.equal(decoded.kind, "invocation");
  if (decoded.kind !== "invocation") return;
  assert.equal(typeof decoded.frames.get("json"), "string");
  assert.ok(decoded.frames.get("messagepack") instanceof Uint8Array);
  assert.deepEqual(decoded.frames.get("messagepack"), binaryFrame);
});

const GARBAGE: ReadonlyArray<readonly [string, Uint8Array, RegExp]> = [
  ["unreadable bytes", new Uint8Array([0xc1]), /Unreadable backplane message/],
  ["a truncated message", encode({ kind: "ack", id: "1" }).slice(0, 5), /Unreadable/],
  ["an empty payload", new Uint8Array(), /Unreadable/],
  ["a number", encode(42), /must be an object with an id/],
  ["nil", encode(null), /must be an object with an id/],
  ["an object without an id", encode({ kind: "ack" }), /must be an object with an id/],
  ["an id that is not a string", encode({ kind: "ack", id: 7 }), /must be an object with an id/],
  [
    "an unknown kind",
    encode({ kind: "gossip", id: "1" }),
    /Unknown backplane message kind 'gossip'/,
  ],
  ["no kind at all", encode({ id: "1" }), /Unknown backplane message kind 'undefined'/],
  [
    "an invocation without frames",
    encode({ kind: "invocation", id: "1", target: "Hit" }),
    /needs a target and frames/,
  ],
  [
    "an invocation without a target",
    encode({ kind: "invocation", id: "1", frames: {} }),
    /needs a target and frames/,
  ],
];

for (const [what, bytes, message] of GARBAGE) {
  Deno.test(`decodeBackplaneMessage() rejects ${what} with a ProtocolError`, () => {
    assert.throws(() => decodeBackplaneMessage(bytes), (error: Error) => {
      assert.ok(error instanceof ProtocolError, `${error.name}: ${error.message}`);
      assert.match(error.message, message);
      return true;
    });
  });
}
