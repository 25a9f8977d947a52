/** Server-sent event parsing: the data of each event, however the text is split. */
import assert from "node:assert/strict";
import { sseData, SseParser } from "../../../hubs/diana/sse.ts";

const CASES: readonly { name: string; text: string; data: string[] }[] = [
  {
    name: "chat-completion chunks and [DONE]",
    text: 'data: {"a":1}\n\ndata: {"a":2}\n\ndata: [DONE]\n\n',
    data: ['{"a":1}', '{"a":2}', "[DONE]"],
  },
  {
    name: "CRLF and CR line breaks",
    text: "data: one\r\n\r\ndata: two\r\rdata: 3\n\n",
    data: ["one", "two", "3"],
  },
  {
    name: "comments and other fields",
    text: ": ping\nevent: x\nid: 1\ndata: hi\nretry: 5\n\n",
    data: ["hi"],
  },
  { name: "multi-line data", text: "data: a\ndata: b\n\n", data: ["a\nb"] },
  { name: "no space after the colon", text: "data:tight\n\n", data: ["tight"] },
  { name: "an event without data", text: "event: ping\n\n", data: [] },
  { name: "a last event without a blank line", text: "data: end", data: ["end"] },
];

for (const { name, text, data } of CASES) {
  Deno.test(`SseParser: ${name}, split anywhere`, () => {
    for (let at = 0; at <= text.length; at++) {
      const parser = new SseParser();
      const events = [
        ...parser.push(text.slice(0, at)),
        ...parser.push(text.slice(at)),
        ...parser.end(),
      ];
      assert.deepEqual(events, data, `split at ${at}`);
    }
  });
}

Deno.test("sseData() reads the events of a byte stream", async () => {
  const bytes = new TextEncoder().encode("data: héllo\n\ndata: [DONE]\n\n");
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
      controller.close();
    },
  });
  const events = [];
  for await (const data of sseData(body)) events.push(data);
  assert.deepEqual(events, ["héllo", "[DONE]"]);
});
