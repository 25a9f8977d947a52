/**
 * Streams in both directions between the test hub and the official client,
 * over every transport and protocol: results, cancellation, errors, and
 * uploads fed from a `signalR.Subject`.
 */
import assert from "node:assert/strict";
import { type HubConnection, Subject } from "@microsoft/signalr";
import { nextEvent } from "../helpers/server.ts";
import { eachVariant } from "./fixture.ts";

/** The items of a server-to-client stream, or its error. */
function collect(connection: HubConnection, method: string, ...args: unknown[]) {
  return new Promise<unknown[]>((resolve, reject) => {
    const items: unknown[] = [];
    connection.stream(method, ...args).subscribe({
      next: (item) => items.push(item),
      complete: () => resolve(items),
      error: reject,
    });
  });
}

eachVariant("Stream streams a, b, c", async (app) => {
  const connection = await app.connect();
  assert.deepEqual(await collect(connection, "Stream"), ["a", "b", "c"]);
});

eachVariant("EmptyStream completes without items", async (app) => {
  const connection = await app.connect();
  assert.deepEqual(await collect(connection, "EmptyStream"), []);
});

eachVariant("disposing the subscription cancels InfiniteStream on the server", async (app) => {
  const connection = await app.connect();
  const canceled = nextEvent(connection, "StreamCanceled");
  const subscription = connection.stream("InfiniteStream").subscribe({
    next: () => assert.fail("InfiniteStream has no items"),
    complete: () => {},
    error: (error) => assert.fail(error),
  });
  subscription.dispose();
  assert.deepEqual(await canceled, []);
  assert.equal(await connection.invoke("Echo", "still open"), "still open");
});

eachVariant("streaming a non-streaming method is refused", async (app) => {
  const connection = await app.connect();
  await assert.rejects(collect(connection, "Echo", "42"), {
    message:
      "The client attempted to invoke the non-streaming 'Echo' method with a streaming invocation.",
  });
});

eachVariant(
  "a streaming method that throws when invoked fails the stream with the exception",
  async (app) => {
    const connection = await app.connect();
    await assert.rejects(collect(connection, "StreamThrowException", "An error occurred."), {
      message:
        "An unexpected error occurred invoking 'StreamThrowException' on the server. InvalidOperationException: An error occurred.",
    });
  },
);

eachVariant("StreamingConcat joins what a Subject uploads", async (app) => {
  const connection = await app.connect();
  const subject = new Subject<string>();
  const result = connection.invoke("StreamingConcat", subject);
  subject.next("Hello ");
  subject.next("world");
  subject.next("!");
  subject.complete();
  assert.equal(await result, "Hello world!");
});

eachVariant(
  "an upload that ends with an error fails StreamingConcat with its message",
  async (app) => {
    const connection = await app.connect();
    const subject = new Subject<string>();
    const result = connection.invoke("StreamingConcat", subject);
    subject.next("Hello ");
    subject.error(new Error("Something bad"));
    await assert.rejects(result, {
      message:
        "An unexpected error occurred invoking 'StreamingConcat' on the server. HubException: Something bad",
    });
  },
);

eachVariant("StreamEcho streams back each uploaded item", async (app) => {
  const connection = await app.connect();
  const subject = new Subject<unknown>();
  const echoed = collect(connection, "StreamEcho", subject);
  for (const item of ["one", 2, { three: 3 }]) subject.next(item);
  subject.complete();
  assert.deepEqual(await echoed, ["one", 2, { three: 3 }]);
});
