/**
 * Automatic reconnects of the official client against the conformance app, as
 * the functional tests induce them (by firing the client's server timeout):
 * plain, after a negotiate redirect, and with negotiation skipped.
 */
import assert from "node:assert/strict";
import {
  HttpTransportType,
  type HubConnection,
  HubConnectionBuilder,
  NullLogger,
} from "@microsoft/signalr";
import { type Conformance, VARIANTS, withConformance } from "./fixture.ts";

/** Builds an automatically reconnecting client to `url` that the app stops at the end. */
function reconnecting(app: Conformance, url: string, options: object = {}): HubConnection {
  const connection = new HubConnectionBuilder()
    .withUrl(url, { logger: NullLogger.instance, ...options })
    .withAutomaticReconnect()
    .build();
  app.track(connection);
  return connection;
}

/** Drops the connection as a server timeout would, and resolves with the id it reconnects with. */
function induceReconnect(connection: HubConnection): Promise<string | undefined> {
  const reconnected = new Promise<string | undefined>((resolve) =>
    connection.onreconnected(resolve)
  );
  (connection as unknown as { serverTimeout(): void }).serverTimeout();
  return reconnected;
}

for (const variant of VARIANTS.filter((v) => v.protocolName === "json")) {
  Deno.test(`the client reconnects with a new connection id over ${variant.transportName}`, async () => {
    await withConformance(async (app) => {
      const connection = reconnecting(app, `${app.url}/testhub`, {
        transport: variant.transport,
      });
      await connection.start();
      const initialId = connection.connectionId;
      const newId = await induceReconnect(connection);
      assert.notEqual(newId, initialId);
      assert.equal(await connection.invoke("GetCallerConnectionId"), newId);
      assert.equal(await connection.invoke("Echo", "test"), "test");
    });
  });
}

Deno.test("a client that came through /redirect goes through it again when it reconnects", async () => {
  await withConformance(async (app) => {
    const url = `${app.url}/redirect?numRedirects=0&baseUrl=${app.url}`;
    const connection = reconnecting(app, url);
    assert.equal(connection.connectionId, null);
    await connection.start();
    assert.equal(await connection.invoke("GetCallerConnectionId"), connection.connectionId);
    const before = await connection.invoke<number>("GetNumRedirects");
    const initialId = connection.connectionId;
    const newId = await induceReconnect(connection);
    assert.notEqual(newId, initialId);
    assert.equal(await connection.invoke("GetCallerConnectionId"), newId);
    assert.ok(await connection.invoke<number>("GetNumRedirects") > before);
  });
});

Deno.test("a client that skips negotiation has no connection id and still reconnects", async () => {
  await withConformance(async (app) => {
    const connection = reconnecting(app, `${app.url}/testhub`, {
      transport: HttpTransportType.WebSockets,
      skipNegotiation: true,
    });
    await connection.start();
    assert.equal(connection.connectionId, null);
    assert.equal(await induceReconnect(connection), undefined);
    assert.equal(await connection.invoke("Echo", "test"), "test");
  });
});
