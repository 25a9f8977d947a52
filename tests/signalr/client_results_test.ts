/**
 * Client results: the server invokes a client method and waits for what its
 * handler returns, from hub methods and from the hub context, over every
 * transport and protocol; and every way such a wait can fail.
 */
import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";
import { Hub, type HubEndpoint, HubError, mapHub } from "../../signalr/mod.ts";
import { serve } from "../helpers/server.ts";
import { type Variant, VARIANTS } from "../helpers/variants.ts";
import { startTcpProxy } from "../helpers/tcp_proxy.ts";

/** Asks clients; a failed wait reaches the caller as a HubError with its message. */
class ResultsHub extends Hub {
  askCaller(question: string) {
    return reported(this.clients.caller.invoke("Ask", question));
  }

  askClient(connectionId: string, question: string) {
    return reported(this.clients.client(connectionId).invoke("Ask", question));
  }
}

async function reported(result: Promise<unknown>): Promise<unknown> {
  try {
    return await result;
  } catch (error) {
    throw new HubError((error as Error).message);
  }
}

/** The message a caller sees when `method`'s wait for a client result failed with `text`. */
const failedWith = (method: string, text: string) =>
  `An unexpected error occurred invoking '${method}' on the server. HubException: ${text}`;

/** What a test gets from {@linkcode withServer}. */
interface Lab {
  readonly endpoint: HubEndpoint;
  /** The server's port. */
  readonly port: number;
  /**
   * Builds and starts an official client with `variant` to the hub on `port`
   * (default: the server's); stopped at the end.
   */
  connect(variant: Variant, port?: number): Promise<signalR.HubConnection>;
}

/** Serves a ResultsHub at `/hub` for `body`. */
async function withServer(
  body: (lab: Lab) => Promise<void>,
  clientResultTimeoutMs?: number,
): Promise<void> {
  const endpoint = mapHub("/hub", () => new ResultsHub(), { clientResultTimeoutMs });
  const server = serve((request) => endpoint.fetch(request), () => endpoint.close());
  const connections: signalR.HubConnection[] = [];
  const port = Number(new URL(server.url).port);
  try {
    await body({
      endpoint,
      port,
      async connect(variant, to = port) {
        const connection = new signalR.HubConnectionBuilder()
          .withUrl(`http://127.0.0.1:${to}/hub`, {
            transport: variant.transport,
            logger: signalR.NullLogger.instance,
          })
          .withHubProtocol(variant.protocol())
          .build();
        connections.push(connection);
        await connection.start();
        return connection;
      },
    });
  } finally {
    await Promise.all(connections.map((connection) => connection.stop()));
    await server.close();
  }
}

for (const v of VARIANTS) {
  Deno.test(`${v.name}: caller.invoke returns the caller's handler value`, async () => {
    await withServer(async ({ connect }) => {
      const connection = await connect(v);
      connection.on("Ask", (question: string) => `${question} → ja ✓`);
      assert.equal(await connection.invoke("AskCaller", "klar?"), "klar? → ja ✓");
    });
  });

  Deno.test(`${v.name}: client(id).invoke returns another connection's handler value`, async () => {
    await withServer(async ({ connect }) => {
      const asker = await connect(v);
      const answerer = await connect(v);
      answerer.on("Ask", async (question: string) => {
        await Promise.resolve();
        return { question, answer: 42, nested: [null, "ü"] };
      });
      assert.deepEqual(await asker.invoke("AskClient", answerer.connectionId, "why?"), {
        question: "why?",
        answer: 42,
        nested: [null, "ü"],
      });
    });
  });

  Deno.test(`${v.name}: a client handler that throws rejects the hub's wait with its error`, async () => {
    await withServer(async ({ connect }) => {
      const connection = await connect(v);
      connection.on("Ask", () => {
        throw new Error("nicht heute ✗");
      });
      await assert.rejects(connection.invoke("AskCaller", "now?"), (error: Error) => {
        assert.ok(error.message.startsWith(failedWith("AskCaller", "")), error.message);
        assert.match(error.message, /nicht heute ✗/);
        return true;
      });
    });
  });

  Deno.test(`${v.name}: a client with no handler rejects the hub's wait: no result was provided`, async () => {
    await withServer(async ({ connect }) => {
      const connection = await connect(v);
      await assert.rejects(connection.invoke("AskCaller", "anyone?"), {
        message: failedWith("AskCaller", "Client didn't provide a result."),
      });
    });
  });

  Deno.test(`${v.name}: a client that never answers rejects the hub's wait after clientResultTimeoutMs`, async () => {
    await withServer(async ({ connect }) => {
      const connection = await connect(v);
      connection.on("Ask", () => new Promise(() => {}));
      await assert.rejects(connection.invoke("AskCaller", "hello?"), {
        message: failedWith("AskCaller", "The client did not answer 'Ask' in time."),
      });
      assert.equal(connection.state, signalR.HubConnectionState.Connected);
    }, 200);
  });

  Deno.test(`${v.name}: the hub context gets a client result from outside hub methods`, async () => {
    await withServer(async ({ connect, endpoint }) => {
      const connection = await connect(v);
      connection.on("Ask", (a: number, b: number) => a * b);
      const product = await endpoint.context.clients.client(connection.connectionId!).invoke(
        "Ask",
        6,
        7,
      );
      assert.equal(product, 42);
    });
  });

  Deno.test(`${v.name}: a client disconnecting while a result is pending rejects the wait`, async () => {
    await withServer(async ({ connect, endpoint }) => {
      const connection = await connect(v);
      const asked = Promise.withResolvers<void>();
      connection.on("Ask", () => {
        asked.resolve();
        return new Promise(() => {});
      });
      const pending = endpoint.context.clients.client(connection.connectionId!).invoke("Ask");
      const rejected = assert.rejects(pending, /disconnected/);
      await asked.promise;
      await connection.stop();
      await rejected;
    });
  });
}

Deno.test("invoking an unknown connection id rejects with 'Connection '<id>' does not exist.'", async () => {
  await withServer(async ({ connect, endpoint }) => {
    await assert.rejects(endpoint.context.clients.client("nobody").invoke("Ask"), {
      message: "Connection 'nobody' does not exist.",
    });
    const connection = await connect(VARIANTS[0]);
    await assert.rejects(connection.invoke("AskClient", "nobody", "there?"), {
      message: failedWith("AskClient", "Connection 'nobody' does not exist."),
    });
  });
});

Deno.test("a connection cut off while a result is pending rejects the wait", async () => {
  await withServer(async ({ connect, endpoint, port }) => {
    const proxy = startTcpProxy(port);
    try {
      const connection = await connect(VARIANTS[0], proxy.port);
      const asked = Promise.withResolvers<void>();
      connection.on("Ask", () => {
        asked.resolve();
        return new Promise(() => {});
      });
      const pending = endpoint.context.clients.client(connection.connectionId!).invoke("Ask");
      const rejected = assert.rejects(pending, /disconnected/);
      await asked.promise;
      proxy.cut();
      await rejected;
    } finally {
      await proxy.close();
    }
  });
});
