import assert from "node:assert/strict";
import type { HubProtocol } from "../signalr/protocol/hub_protocol.ts";
import { jsonProtocol } from "../signalr/protocol/json_protocol.ts";
import type { HubMessage } from "../signalr/protocol/messages.ts";
import { SerializedMessage } from "../signalr/serialized_message.ts";

/** A protocol that records every message it writes; frames name the protocol. */
function countingProtocol(name: string) {
  const written: HubMessage[] = [];
  const protocol: HubProtocol = {
    name,
    version: 1,
    transferFormat: "Text",
    parse: () => assert.fail("not used"),
    write(message) {
      written.push(message);
      return `${name}:${written.length}`;
    },
  };
  return { protocol, written };
}

const message: HubMessage = { type: 1, target: "Tick", arguments: [1] };

Deno.test("frameFor() serializes once per protocol however often it is asked", () => {
  const { protocol, written } = countingProtocol("a");
  const serialized = new SerializedMessage(message);
  for (let i = 0; i < 5; i++) assert.equal(serialized.frameFor(protocol), "a:1");
  assert.deepEqual(written, [message]);
});

Deno.test("frameFor() gives every protocol its own frame, each serialized once", () => {
  const protocols = ["a", "b", "c"].map(countingProtocol);
  const serialized = new SerializedMessage(message);
  serialized.frameFor(protocols[0].protocol);
  assert.deepEqual(protocols.map((p) => p.written.length), [1, 0, 0], "only the one asked");
  for (let round = 0; round < 3; round++) {
    for (const { protocol } of round % 2 ? protocols.toReversed() : protocols) {
      assert.equal(serialized.frameFor(protocol), `${protocol.name}:1`);
    }
  }
  for (const { written } of protocols) assert.deepEqual(written, [message]);
});

Deno.test("frameFor() is the protocol's own serialization of the message", () => {
  const serialized = new SerializedMessage(message);
  assert.equal(serialized.frameFor(jsonProtocol), jsonProtocol.write(message));
  assert.equal(serialized.message, message);
});
