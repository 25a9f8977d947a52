/**
 * Client results over every transport and protocol: the server asks a
 * client's `Result` handler for a value, from `GET /clientresult/{id}` (the
 * hub context, as the functional tests do) and from hub methods.
 */
import assert from "node:assert/strict";
import { eachVariant } from "./fixture.ts";

async function text(url: string): Promise<string> {
  const response = await fetch(url);
  assert.equal(response.status, 200);
  return await response.text();
}

eachVariant("/clientresult/{id} answers with what the client's handler returns", async (app) => {
  const connection = app.build();
  connection.on("Result", () => 10);
  await connection.start();
  assert.equal(await text(`${app.url}/clientresult/${connection.connectionId}`), "10");
});

eachVariant(
  "/clientresult/{id} answers with the error the client's handler throws",
  async (app) => {
    const connection = app.build();
    connection.on("Result", () => {
      throw new Error("from callback");
    });
    await connection.start();
    assert.equal(
      await text(`${app.url}/clientresult/${connection.connectionId}`),
      "Error: from callback",
    );
  },
);

eachVariant("/clientresult/{id} says so when the client has no handler", async (app) => {
  const connection = await app.connect();
  assert.equal(
    await text(`${app.url}/clientresult/${connection.connectionId}`),
    "Client didn't provide a result.",
  );
});

eachVariant("a hub method gets the caller's result", async (app) => {
  const connection = app.build();
  connection.on("Result", () => ({ answer: 42 }));
  await connection.start();
  assert.deepEqual(await connection.invoke("GetCallerResult"), { answer: 42 });
});

eachVariant("a hub method gets another connection's result", async (app) => {
  const asked = app.build();
  asked.on("Result", () => "from the other one");
  await asked.start();
  const asking = await app.connect();
  assert.equal(
    await asking.invoke("GetClientResult", asked.connectionId),
    "from the other one",
  );
});

eachVariant("a hub method's client result fails with the client's error", async (app) => {
  const connection = app.build();
  connection.on("Result", () => {
    throw new Error("no result today");
  });
  await connection.start();
  await assert.rejects(connection.invoke("GetCallerResult"), {
    message:
      "An unexpected error occurred invoking 'GetCallerResult' on the server. HubException: Error: no result today",
  });
});
