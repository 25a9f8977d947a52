import assert from "node:assert/strict";
import {
  type HubMessage as OfficialMessage,
  JsonHubProtocol,
  MessageType,
  NullLogger,
} from "@microsoft/signalr";
import type { Frame } from "../../signalr/protocol/hub_protocol.ts";
import { jsonProtocol } from "../../signalr/protocol/json_protocol.ts";
import { type HubMessage, ProtocolError } from "../../signalr/protocol/messages.ts";
import { rejectsWith } from "../helpers/protocol.ts";
import valid from "../testdata/json_protocol_valid.json" with { type: "json" };
import invalid from "../testdata/json_protocol_invalid.json" with { type: "json" };
import written from "../testdata/json_protocol_write.json" with { type: "json" };

const encoder = new TextEncoder();
const official = new JsonHubProtocol();

/** Parses `input`, failing the test on anything thrown that is not a ProtocolError. */
function parseOrProtocolError(input: Frame): void {
  try {
    jsonProtocol.parse(input);
  } catch (error) {
    assert.ok(error instanceof ProtocolError, `${JSON.stringify(input)} threw ${error}`);
  }
}

for (const { name, input, maxMessageSize, messages, rest = "" } of valid) {
  Deno.test(`parse() ${name}`, () => {
    assert.deepEqual(jsonProtocol.parse(input, maxMessageSize), { messages, rest });
  });

  Deno.test(`parse() ${name} from bytes`, () => {
    const parsed = jsonProtocol.parse(encoder.encode(input), maxMessageSize);
    assert.deepEqual(parsed, { messages, rest: encoder.encode(rest) });
  });
}

for (const { name, input, maxMessageSize, error } of invalid) {
  Deno.test(`parse() ${name}`, () => {
    assert.throws(() => jsonProtocol.parse(input, maxMessageSize), rejectsWith(error));
    assert.throws(
      () => jsonProtocol.parse(encoder.encode(input), maxMessageSize),
      rejectsWith(error),
    );
  });
}

Deno.test("parse() rejects a record that is not valid UTF-8", () => {
  const input = new Uint8Array([...encoder.encode('{"type":1,"target":"'), 0xff, 0x22, 0x1e]);
  assert.throws(() => jsonProtocol.parse(input), rejectsWith("Message is not valid UTF-8."));
});

Deno.test("parse() keeps a partial record cut inside a multi-byte character as bytes", () => {
  const frame = encoder.encode('{"type":6}\x1e{"type":1,"target":"é","arguments":[]}\x1e');
  const cut = frame.indexOf(0xc3) + 1;
  const first = jsonProtocol.parse(frame.subarray(0, cut));
  assert.deepEqual(first, { messages: [{ type: 6 }], rest: frame.slice(11, cut) });

  const joined = new Uint8Array([...first.rest as Uint8Array, ...frame.subarray(cut)]);
  assert.deepEqual(jsonProtocol.parse(joined), {
    messages: [{ type: 1, target: "é", arguments: [] }],
    rest: new Uint8Array(),
  });
});

Deno.test("parse() throws nothing but ProtocolError for any corruption of a valid frame", () => {
  const replacements = ['"', "{", "}", "[", "]", "1", "x", "\x1e", ""];
  for (const { input } of valid) {
    for (let i = 0; i < input.length; i++) {
      for (const replacement of replacements) {
        parseOrProtocolError(input.slice(0, i) + replacement + input.slice(i + 1));
      }
    }
    const bytes = encoder.encode(input);
    for (let i = 0; i < bytes.length; i++) {
      for (const byte of [0xff, 0xc3, 0x80, 0x1e, 0x00]) {
        const corrupted = bytes.slice();
        corrupted[i] = byte;
        parseOrProtocolError(corrupted);
      }
    }
  }
});

for (const { name, message, text } of written) {
  Deno.test(`write() ${name}`, () => {
    assert.equal(jsonProtocol.write(message as HubMessage), text);
  });
}

Deno.test("parse() reads back every message write() wrote", () => {
  const messages = valid.flatMap((c) => c.messages) as HubMessage[];
  const frame = messages.map((m) => jsonProtocol.write(m)).join("");
  assert.deepEqual(jsonProtocol.parse(frame), { messages, rest: "" });
});

/** Messages as the official client builds them, and what parse() makes of each. */
const fromOfficialClient: { name: string; sent: OfficialMessage; read?: HubMessage }[] = [
  {
    name: "a non-blocking Invocation",
    sent: { type: MessageType.Invocation, target: "Send", arguments: ["ann", { n: [1, null] }] },
  },
  {
    name: "an Invocation",
    sent: { type: MessageType.Invocation, invocationId: "0", target: "Echo", arguments: ["é"] },
  },
  {
    name: "an Invocation with streamIds",
    sent: {
      type: MessageType.Invocation,
      invocationId: "1",
      target: "Upload",
      arguments: [],
      streamIds: ["2"],
    },
  },
  {
    name: "a StreamInvocation",
    sent: {
      type: MessageType.StreamInvocation,
      invocationId: "3",
      target: "Counter",
      arguments: [10, 5],
      streamIds: ["4"],
    },
  },
  { name: "a StreamItem", sent: { type: MessageType.StreamItem, invocationId: "4", item: "x" } },
  { name: "a void Completion", sent: { type: MessageType.Completion, invocationId: "4" } },
  {
    name: "a Completion with a result",
    sent: { type: MessageType.Completion, invocationId: "5", result: { ok: true } },
    read: { type: 3, invocationId: "5", result: { ok: true }, hasResult: true },
  },
  {
    name: "a Completion with a null result",
    sent: { type: MessageType.Completion, invocationId: "5", result: null },
    read: { type: 3, invocationId: "5", result: null, hasResult: true },
  },
  {
    name: "a Completion with an error",
    sent: { type: MessageType.Completion, invocationId: "5", error: "Client failed." },
  },
  { name: "a CancelInvocation", sent: { type: MessageType.CancelInvocation, invocationId: "3" } },
  { name: "a Ping", sent: { type: MessageType.Ping } },
  { name: "a Close", sent: { type: MessageType.Close, error: "Bye.", allowReconnect: false } },
  { name: "an Ack", sent: { type: MessageType.Ack, sequenceId: 12 } },
  { name: "a Sequence", sent: { type: MessageType.Sequence, sequenceId: 13 } },
];

for (const { name, sent, read = sent } of fromOfficialClient) {
  Deno.test(`parse() reads ${name} as the official client writes it`, () => {
    assert.deepEqual(jsonProtocol.parse(official.writeMessage(sent)), {
      messages: [read],
      rest: "",
    });
  });
}

/** Messages this server sends, and what the official client makes of each. */
const toOfficialClient: { name: string; sent: HubMessage; read?: OfficialMessage }[] = [
  { name: "a non-blocking Invocation", sent: { type: 1, target: "Joined", arguments: ["ann"] } },
  {
    name: "an Invocation with headers",
    sent: { type: 1, invocationId: "7", target: "Ask", arguments: [1], headers: { a: "b" } },
  },
  { name: "a StreamItem", sent: { type: 2, invocationId: "3", item: { progress: 0.5 } } },
  {
    name: "a Completion with a result",
    sent: { type: 3, invocationId: "0", result: "é", hasResult: true },
    read: { type: MessageType.Completion, invocationId: "0", result: "é" },
  },
  {
    name: "a Completion with a result but no value",
    sent: { type: 3, invocationId: "0", hasResult: true },
    read: { type: MessageType.Completion, invocationId: "0", result: null },
  },
  {
    name: "a Completion with an error",
    sent: { type: 3, invocationId: "0", error: "An unexpected error occurred." },
  },
  { name: "a void Completion", sent: { type: 3, invocationId: "0" } },
  { name: "a Ping", sent: { type: 6 } },
  { name: "a Close with an error", sent: { type: 7, error: "Oops.", allowReconnect: true } },
  { name: "a Close", sent: { type: 7 } },
  { name: "an Ack", sent: { type: 8, sequenceId: 1 } },
  { name: "a Sequence", sent: { type: 9, sequenceId: 2 } },
];

for (const { name, sent, read = sent } of toOfficialClient) {
  Deno.test(`the official client reads ${name} as write() writes it`, () => {
    const frame = jsonProtocol.write(sent);
    assert.equal(typeof frame, "string");
    assert.deepEqual(official.parseMessages(frame as string, NullLogger.instance), [read]);
  });
}

Deno.test("a ProtocolError carries the messages read before the malformed one", () => {
  assert.throws(
    () => jsonProtocol.parse('{"type":6}\x1e{"type":7}\x1enot json\x1e{"type":6}\x1e'),
    (error: unknown) =>
      error instanceof ProtocolError &&
      JSON.stringify(error.parsed) === JSON.stringify([{ type: 6 }, { type: 7 }]),
  );
});
