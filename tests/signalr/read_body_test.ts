/**
 * `readBody`: bounded request bodies, in bytes, however they arrive.
 */
import assert from "node:assert/strict";
import { readBody } from "../../signalr/http_responses.ts";

function streamed(...chunks: Uint8Array[]): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Request("http://x/", { method: "POST", body });
}

Deno.test("readBody: a body streamed in pieces is joined, an empty one is empty bytes", async () => {
  const joined = await readBody(streamed(new Uint8Array([1, 2]), new Uint8Array([3])), 10);
  assert.deepEqual(joined, new Uint8Array([1, 2, 3]));
  const empty = await readBody(streamed(), 10);
  assert.ok(empty instanceof Uint8Array, "bytes, not a string");
  assert.equal(empty.length, 0);
});

Deno.test("readBody: past the limit it gives undefined", async () => {
  assert.equal(await readBody(streamed(new Uint8Array(6), new Uint8Array(6)), 10), undefined);
});
