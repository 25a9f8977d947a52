import assert from "node:assert/strict";
import { type HubMessage as OfficialMessage, MessageType, NullLogger } from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import { joinFrames } from "../../signalr/frames.ts";
import { messagePackProtocol } from "../../signalr/protocol/messagepack_protocol.ts";
import { type HubMessage, ProtocolError } from "../../signalr/protocol/messages.ts";
import { hex, rejectsWith } from "../helpers/protocol.ts";
import valid from "../testdata/messagepack_protocol_valid.json" with { type: "json" };
import invalid from "../testdata/messagepack_protocol_invalid.json" with { type: "json" };
import written from "../testdata/messagepack_protocol_write.json" with { type: "json" };

const official = new MessagePackHubProtocol();

/** Fixture JSON with `{ "$date": iso }` as a Date and `{ "$bin": hex }` as a Uint8Array. */
function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (typeof value !== "object" || value === null) return value;
  if ("$date" in value) return new Date(value.$date as string);
  if ("$bin" in value) return hex(value.$bin as string);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, revive(item)]));
}

/** Parses `chunks` one after another as a connection does, carrying the rest over. */
function parseChunks(chunks: Uint8Array[], maxMessageSize?: number) {
  const messages: HubMessage[] = [];
  let rest: Uint8Array = new Uint8Array();
  for (const chunk of chunks) {
    const parsed = messagePackProtocol.parse(
      joinFrames([rest, chunk]) as Uint8Array,
      maxMessageSize,
    );
    messages.push(...parsed.messages);
    assert.ok(parsed.rest instanceof Uint8Array);
    rest = parsed.rest;
  }
  return { messages, rest };
}

/** Parses `input`, failing the test on anything thrown that is not a ProtocolError. */
function parseOrProtocolError(input: Uint8Array, maxMessageSize?: number): void {
  try {
    messagePackProtocol.parse(input, maxMessageSize);
  } catch (error) {
    assert.ok(error instanceof ProtocolError, `${input} threw ${error}`);
  }
}

/** The frames of `frames` joined, as the official client's parseMessages wants them. */
function arrayBuffer(...frames: Uint8Array[]): ArrayBuffer {
  return (joinFrames(frames) as Uint8Array<ArrayBuffer>).buffer;
}

Deno.test("messagePackProtocol is the binary protocol 'messagepack', version 2", () => {
  const { name, version, transferFormat } = messagePackProtocol;
  assert.deepEqual({ name, version, transferFormat }, {
    name: "messagepack",
    version: 2,
    transferFormat: "Binary",
  });
});

for (const { name, input, maxMessageSize, messages, rest = "" } of valid) {
  Deno.test(`parse() ${name}`, () => {
    const chunks = [input].flat().map(hex);
    assert.deepEqual(parseChunks(chunks, maxMessageSize), {
      messages: revive(messages),
      rest: hex(rest),
    });
  });
}

for (const { name, input, maxMessageSize, error } of invalid) {
  Deno.test(`parse() ${name}`, () => {
    assert.throws(() => messagePackProtocol.parse(hex(input), maxMessageSize), rejectsWith(error));
  });
}

Deno.test("parse() rejects a text frame", () => {
  assert.throws(
    () => messagePackProtocol.parse("\x02\x91\x06"),
    rejectsWith("The MessagePack protocol accepts binary frames only, not text."),
  );
});

Deno.test("parse() throws nothing but ProtocolError for any corruption of a valid frame", () => {
  const replacements = [0x00, 0x01, 0x7f, 0x80, 0x90, 0xc0, 0xc1, 0xc4, 0xd6, 0xdc, 0xdf, 0xff];
  for (const { input } of valid) {
    const frame = joinFrames([input].flat().map(hex)) as Uint8Array;
    for (let i = 0; i < frame.length; i++) {
      parseOrProtocolError(frame.subarray(0, i));
      parseOrProtocolError(
        joinFrames([frame.subarray(0, i), frame.subarray(i + 1)]) as Uint8Array,
        40,
      );
      for (const byte of replacements) {
        const corrupted = frame.slice();
        corrupted[i] = byte;
        parseOrProtocolError(corrupted);
      }
    }
  }
});

Deno.test("parse() reads on after rejecting a malformed payload", () => {
  const malformed = hex("03 93 01 80");
  assert.throws(() => messagePackProtocol.parse(malformed), ProtocolError);
  assert.deepEqual(messagePackProtocol.parse(hex("02 91 06")), {
    messages: [{ type: 6 }],
    rest: new Uint8Array(),
  });
});

for (const { name, message, bytes } of written) {
  Deno.test(`write() ${name}`, () => {
    assert.deepEqual(messagePackProtocol.write(revive(message) as HubMessage), hex(bytes));
  });
}

Deno.test("write() returns a frame of its own that later writes leave unchanged", () => {
  const first = messagePackProtocol.write({ type: 2, invocationId: "1", item: "a".repeat(100) });
  const copy = (first as Uint8Array).slice();
  messagePackProtocol.write({ type: 2, invocationId: "2", item: "b".repeat(3000) });
  assert.deepEqual(first, copy);
});

Deno.test("write() rejects a message of a type it does not know", () => {
  const unknown = { type: 99 } as unknown as HubMessage;
  assert.throws(() => messagePackProtocol.write(unknown), TypeError);
});

Deno.test("parse() reads back every message write() wrote", () => {
  const messages = revive(valid.flatMap((c) => c.messages)) as HubMessage[];
  const frame = joinFrames(messages.map((m) => messagePackProtocol.write(m))) as Uint8Array;
  assert.deepEqual(messagePackProtocol.parse(frame), { messages, rest: new Uint8Array() });
});

const date = new Date("2024-02-29T12:34:56.789Z");

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
      streamIds: ["2", "3"],
    },
  },
  {
    name: "an Invocation with headers",
    sent: {
      type: MessageType.Invocation,
      target: "Send",
      arguments: [1.5, -7, true],
      headers: { a: "b" },
    },
  },
  {
    name: "an Invocation with a Date and bytes",
    sent: {
      type: MessageType.Invocation,
      target: "Save",
      arguments: [date, new Uint8Array([0, 1, 255])],
    },
  },
  {
    name: "a StreamInvocation",
    sent: {
      type: MessageType.StreamInvocation,
      invocationId: "3",
      target: "Counter",
      arguments: [10, 5],
    },
  },
  {
    name: "a StreamInvocation with streamIds",
    sent: {
      type: MessageType.StreamInvocation,
      invocationId: "3",
      target: "Counter",
      arguments: [10],
      streamIds: ["4"],
    },
  },
  { name: "a StreamItem", sent: { type: MessageType.StreamItem, invocationId: "4", item: "x" } },
  {
    name: "a StreamItem with a nested value",
    sent: { type: MessageType.StreamItem, invocationId: "4", item: { at: date, tags: ["a"] } },
  },
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
  // The official client writes every Close as [7, nil], whatever its error.
  { name: "a Close", sent: { type: MessageType.Close, error: "Bye." }, read: { type: 7 } },
  { name: "an Ack", sent: { type: MessageType.Ack, sequenceId: 12 } },
  { name: "a Sequence", sent: { type: MessageType.Sequence, sequenceId: 13 } },
];

function writtenByOfficialClient(message: OfficialMessage): Uint8Array {
  return new Uint8Array(official.writeMessage(message));
}

for (const { name, sent, read = sent } of fromOfficialClient) {
  Deno.test(`parse() reads ${name} as the official client writes it`, () => {
    assert.deepEqual(messagePackProtocol.parse(writtenByOfficialClient(sent)), {
      messages: [read],
      rest: new Uint8Array(),
    });
  });
}

Deno.test("parse() reads several messages the official client wrote in one buffer", () => {
  const frame = joinFrames(
    fromOfficialClient.map(({ sent }) => writtenByOfficialClient(sent)),
  ) as Uint8Array;
  assert.deepEqual(messagePackProtocol.parse(frame), {
    messages: fromOfficialClient.map(({ sent, read = sent }) => read),
    rest: new Uint8Array(),
  });
});

/** Messages this server sends, and what the official client makes of each. */
const toOfficialClient: { name: string; sent: HubMessage; read: unknown }[] = [
  {
    name: "a non-blocking Invocation",
    sent: { type: 1, target: "Joined", arguments: ["ann"] },
    read: { type: 1, target: "Joined", arguments: ["ann"], headers: {}, streamIds: [] },
  },
  {
    name: "an Invocation with headers",
    sent: { type: 1, invocationId: "7", target: "Ask", arguments: [1], headers: { a: "b" } },
    read: {
      type: 1,
      invocationId: "7",
      target: "Ask",
      arguments: [1],
      headers: { a: "b" },
      streamIds: [],
    },
  },
  {
    name: "an Invocation with a Date and bytes",
    sent: { type: 1, target: "Saved", arguments: [date, new Uint8Array([0, 1, 255])] },
    read: {
      type: 1,
      target: "Saved",
      arguments: [date, new Uint8Array([0, 1, 255])],
      headers: {},
      streamIds: [],
    },
  },
  {
    name: "a StreamItem",
    sent: { type: 2, invocationId: "3", item: { progress: 0.5 } },
    read: { type: 2, invocationId: "3", item: { progress: 0.5 }, headers: {} },
  },
  {
    name: "a Completion with a result",
    sent: { type: 3, invocationId: "0", result: "é", hasResult: true },
    read: { type: 3, invocationId: "0", result: "é", error: undefined, headers: {} },
  },
  {
    name: "a Completion with a result but no value",
    sent: { type: 3, invocationId: "0", hasResult: true },
    read: { type: 3, invocationId: "0", result: null, error: undefined, headers: {} },
  },
  {
    name: "a Completion with an error",
    sent: { type: 3, invocationId: "0", error: "An unexpected error occurred." },
    read: {
      type: 3,
      invocationId: "0",
      error: "An unexpected error occurred.",
      result: undefined,
      headers: {},
    },
  },
  {
    name: "a void Completion",
    sent: { type: 3, invocationId: "0" },
    read: { type: 3, invocationId: "0", error: undefined, result: undefined, headers: {} },
  },
  { name: "a Ping", sent: { type: 6 }, read: { type: 6 } },
  {
    name: "a Close with an error that allows reconnecting",
    sent: { type: 7, error: "Oops.", allowReconnect: true },
    read: { type: 7, error: "Oops.", allowReconnect: true },
  },
  {
    name: "a Close",
    sent: { type: 7 },
    read: { type: 7, error: null, allowReconnect: undefined },
  },
  { name: "an Ack", sent: { type: 8, sequenceId: 1 }, read: { type: 8, sequenceId: 1 } },
  { name: "a Sequence", sent: { type: 9, sequenceId: 2 }, read: { type: 9, sequenceId: 2 } },
];

for (const { name, sent, read } of toOfficialClient) {
  Deno.test(`the official client reads ${name} as write() writes it`, () => {
    const frame = messagePackProtocol.write(sent);
    assert.ok(frame instanceof Uint8Array);
    assert.deepEqual(official.parseMessages(arrayBuffer(frame), NullLogger.instance), [read]);
  });
}

Deno.test("the official client reads several messages write() wrote into one buffer", () => {
  const frames = toOfficialClient.map(({ sent }) => messagePackProtocol.write(sent) as Uint8Array);
  assert.deepEqual(
    official.parseMessages(arrayBuffer(...frames), NullLogger.instance),
    toOfficialClient.map(({ read }) => read),
  );
});

Deno.test("a ProtocolError carries the messages read before the malformed one", () => {
  assert.throws(
    () => messagePackProtocol.parse(new Uint8Array([0x02, 0x91, 0x06, 0x01, 0xc1])),
    (error: unknown) =>
      error instanceof ProtocolError &&
      JSON.stringify(error.parsed) === JSON.stringify([{ type: 6 }]),
  );
});
