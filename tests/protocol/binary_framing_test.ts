import assert from "node:assert/strict";
import { splitFrames, writeFrame } from "../../signalr/protocol/binary_framing.ts";
import { rejectsWith } from "../helpers/protocol.ts";

function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

const TOO_LARGE = "Messages over 2GB in size are not supported.";

Deno.test("splitFrames() returns the payload of every complete message", () => {
  const input = bytes(0x02, 0x91, 0x06, 0x03, 0x92, 0x08, 0x01, 0x01, 0x2a);
  assert.deepEqual(splitFrames(input), {
    payloads: [bytes(0x91, 0x06), bytes(0x92, 0x08, 0x01), bytes(0x2a)],
    rest: bytes(),
  });
});

Deno.test("splitFrames() returns nothing for an empty input", () => {
  assert.deepEqual(splitFrames(bytes()), { payloads: [], rest: bytes() });
});

Deno.test("splitFrames() returns an empty payload for a length of zero", () => {
  assert.deepEqual(splitFrames(bytes(0x00, 0x00)), { payloads: [bytes(), bytes()], rest: bytes() });
});

Deno.test("splitFrames() keeps an incomplete payload as rest", () => {
  const input = bytes(0x02, 0x91, 0x06, 0x03, 0x92, 0x08);
  assert.deepEqual(splitFrames(input), {
    payloads: [bytes(0x91, 0x06)],
    rest: bytes(0x03, 0x92, 0x08),
  });
});

Deno.test("splitFrames() keeps an incomplete length prefix as rest", () => {
  assert.deepEqual(splitFrames(bytes(0x02, 0x91, 0x06, 0x80)), {
    payloads: [bytes(0x91, 0x06)],
    rest: bytes(0x80),
  });
  assert.deepEqual(splitFrames(bytes(0xff, 0xff, 0xff, 0xff)), {
    payloads: [],
    rest: bytes(0xff, 0xff, 0xff, 0xff),
  });
});

Deno.test("splitFrames() reads a length prefix split across calls", () => {
  const payload = new Uint8Array(300).fill(7);
  const frame = writeFrame(payload);
  assert.deepEqual(frame.subarray(0, 2), bytes(0xac, 0x02));

  const first = splitFrames(frame.subarray(0, 1));
  assert.deepEqual(first, { payloads: [], rest: bytes(0xac) });
  const joined = new Uint8Array([...first.rest, ...frame.subarray(1)]);
  assert.deepEqual(splitFrames(joined), { payloads: [payload], rest: bytes() });
});

Deno.test("splitFrames() waits for the payload of the largest length, 2^31 - 1", () => {
  const input = bytes(0xff, 0xff, 0xff, 0xff, 0x07, 0x01);
  assert.deepEqual(splitFrames(input), { payloads: [], rest: input });
});

Deno.test("splitFrames() accepts a length prefix with redundant zero groups", () => {
  assert.deepEqual(splitFrames(bytes(0x81, 0x80, 0x00, 0x2a)), {
    payloads: [bytes(0x2a)],
    rest: bytes(),
  });
});

Deno.test("splitFrames() returns views into its input, not copies", () => {
  const input = bytes(0x01, 0x2a, 0x02, 0x91);
  const { payloads, rest } = splitFrames(input);
  assert.equal(payloads[0].buffer, input.buffer);
  assert.equal(rest.buffer, input.buffer);
});

Deno.test("splitFrames() accepts a message of exactly maxMessageSize bytes", () => {
  assert.deepEqual(splitFrames(bytes(0x02, 0x91, 0x06), 2), {
    payloads: [bytes(0x91, 0x06)],
    rest: bytes(),
  });
});

Deno.test("splitFrames() rejects a length over maxMessageSize before its payload arrives", () => {
  assert.throws(
    () => splitFrames(bytes(0x80, 0x01), 127),
    rejectsWith("The maximum message size of 127B was exceeded."),
  );
  assert.throws(
    () => splitFrames(bytes(0x01, 0x2a, 0x03, 0x91), 2),
    rejectsWith("The maximum message size of 2B was exceeded."),
  );
});

Deno.test("splitFrames() rejects a length prefix longer than 5 bytes", () => {
  assert.throws(() => splitFrames(bytes(0x80, 0x80, 0x80, 0x80, 0x80)), rejectsWith(TOO_LARGE));
  assert.throws(
    () => splitFrames(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0x01)),
    rejectsWith(TOO_LARGE),
  );
});

Deno.test("splitFrames() rejects a 5-byte length over 2 GB", () => {
  assert.throws(() => splitFrames(bytes(0x80, 0x80, 0x80, 0x80, 0x08)), rejectsWith(TOO_LARGE));
  assert.throws(() => splitFrames(bytes(0xff, 0xff, 0xff, 0xff, 0x0f)), rejectsWith(TOO_LARGE));
});

/** Payload lengths at the edges of each prefix size, and the prefix written for each. */
const prefixes: [number, number[]][] = [
  [0, [0x00]],
  [1, [0x01]],
  [127, [0x7f]],
  [128, [0x80, 0x01]],
  [300, [0xac, 0x02]],
  [16383, [0xff, 0x7f]],
  [16384, [0x80, 0x80, 0x01]],
  [2097151, [0xff, 0xff, 0x7f]],
  [2097152, [0x80, 0x80, 0x80, 0x01]],
];

for (const [length, prefix] of prefixes) {
  Deno.test(`writeFrame() writes the length ${length} as a ${prefix.length}-byte prefix`, () => {
    const payload = new Uint8Array(length).fill(0x5a);
    const frame = writeFrame(payload);
    assert.deepEqual(frame.subarray(0, prefix.length), bytes(...prefix));
    assert.deepEqual(frame.subarray(prefix.length), payload);
    assert.deepEqual(splitFrames(frame), { payloads: [payload], rest: bytes() });
  });
}

Deno.test("writeFrame() copies the payload into a buffer of its own", () => {
  const payload = bytes(0x91, 0x06);
  const frame = writeFrame(payload);
  payload[1] = 0x07;
  assert.deepEqual(frame, bytes(0x02, 0x91, 0x06));
  assert.equal(frame.byteLength, frame.buffer.byteLength);
});
