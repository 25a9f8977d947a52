/**
 * The test hub's plain methods with the official client over every transport
 * and protocol, as the client's functional tests (HubConnectionTests.ts) call
 * them: results, events, errors with detailed messages, structured values.
 */
import assert from "node:assert/strict";
import { nextEvent } from "../helpers/server.ts";
import { eachVariant } from "./fixture.ts";

const MESSAGE = "你好，世界！";

eachVariant("Echo returns its argument", async (app) => {
  const connection = await app.connect();
  assert.equal(await connection.invoke("Echo", MESSAGE), MESSAGE);
});

eachVariant(
  "a sent InvokeWithString reaches the caller's handler, whatever its case",
  async (app) => {
    const connection = await app.connect();
    const received = nextEvent(connection, "mESSage");
    await connection.send("InvokeWithString", MESSAGE);
    assert.deepEqual(await received, [MESSAGE]);
  },
);

eachVariant("SendAll reaches every connection", async (app) => {
  const [ann, bob] = [await app.connect(), await app.connect()];
  const received = [nextEvent(ann, "Message"), nextEvent(bob, "Message")];
  await ann.invoke("SendAll", "to all");
  assert.deepEqual(await Promise.all(received), [["to all"], ["to all"]]);
});

eachVariant("SendCustomObject comes back as the CustomObject event", async (app) => {
  const connection = await app.connect();
  const received = nextEvent(connection, "CustomObject");
  await connection.send("SendCustomObject", { Name: "test", Value: 42 });
  assert.deepEqual(await received, [{ Name: "test", Value: 42 }]);
});

eachVariant("ThrowException rejects with the exception's type and message", async (app) => {
  const connection = await app.connect();
  await assert.rejects(connection.invoke("ThrowException", "An error occurred."), {
    message:
      "An unexpected error occurred invoking 'ThrowException' on the server. InvalidOperationException: An error occurred.",
  });
  assert.equal(await connection.invoke("Echo", "still open"), "still open");
});

eachVariant("invoking a streaming method is refused", async (app) => {
  const connection = await app.connect();
  for (const method of ["EmptyStream", "Stream"]) {
    await assert.rejects(connection.invoke(method), {
      message:
        `The client attempted to invoke the streaming '${method}' method with a non-streaming invocation.`,
    });
  }
});

eachVariant("GetActiveTransportName names the transport in use", async (app, variant) => {
  const connection = await app.connect();
  assert.equal(await connection.invoke("GetActiveTransportName"), variant.transportName);
});

eachVariant("GetCallerConnectionId is the client's connection id", async (app) => {
  const connection = await app.connect();
  assert.ok(connection.connectionId);
  assert.equal(await connection.invoke("GetCallerConnectionId"), connection.connectionId);
});

eachVariant("EchoComplexObject returns the object as sent", async (app, variant) => {
  const connection = await app.connect();
  const json = variant.protocolName === "json";
  const sent = {
    ByteArray: json ? "aGVsbG8=" : new Uint8Array([0x68, 0x65, 0x6c, 0x6c, 0x6f]),
    DateTime: json ? "2002-04-01T10:20:15Z" : new Date(Date.UTC(2002, 3, 1, 10, 20, 15)),
    Guid: "00010203-0405-0607-0706-050403020100",
    IntArray: [0x01, 0x02, 0x03, 0xff],
    String: "Hello, World!",
  };
  assert.deepEqual(await connection.invoke("EchoComplexObject", sent), sent);
});

eachVariant(
  "SendComplexObject returns bytes, a date and a GUID in the protocol's forms",
  async (app, variant) => {
    const connection = await app.connect();
    const json = variant.protocolName === "json";
    assert.deepEqual(await connection.invoke("SendComplexObject"), {
      ByteArray: json ? "AQID" : new Uint8Array([0x1, 0x2, 0x3]),
      DateTime: json ? "2000-01-01T00:00:00Z" : new Date(Date.UTC(2000, 0, 1)),
      Guid: "00010203-0405-0607-0706-050403020100",
      IntArray: [0x01, 0x02, 0x03],
      String: "hello world",
    });
  },
);

eachVariant("a stopped connection starts again and keeps its handlers", async (app) => {
  const connection = app.build();
  const received: unknown[] = [];
  connection.on("Message", (message) => received.push(message));
  for (const round of [1, 2]) {
    await connection.start();
    await connection.invoke("InvokeWithString", `round ${round}`);
    assert.equal(await connection.invoke("Echo", MESSAGE), MESSAGE);
    await connection.stop();
  }
  assert.deepEqual(received, ["round 1", "round 2"]);
});
