import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";
// The functional tests drive /echo with the client's connection layer, which the package's
// index does not export; its own module does.
import { HttpConnection } from "@microsoft/signalr/dist/cjs/HttpConnection.js";
import { createConformanceApp } from "../../conformance/app.ts";
import { serve } from "../helpers/server.ts";

const CASES: [string, signalR.HttpTransportType, signalR.TransferFormat][] = [
  ["WebSockets", signalR.HttpTransportType.WebSockets, signalR.TransferFormat.Text],
  ["WebSockets", signalR.HttpTransportType.WebSockets, signalR.TransferFormat.Binary],
  ["ServerSentEvents", signalR.HttpTransportType.ServerSentEvents, signalR.TransferFormat.Text],
  ["LongPolling", signalR.HttpTransportType.LongPolling, signalR.TransferFormat.Text],
  ["LongPolling", signalR.HttpTransportType.LongPolling, signalR.TransferFormat.Binary],
];

for (const [name, transport, format] of CASES) {
  const formatName = signalR.TransferFormat[format];
  Deno.test(`/echo sends back what the client's HttpConnection sends over ${name} (${formatName})`, async () => {
    const app = createConformanceApp({ logError: () => {} });
    const server = serve(app.fetch, () => app.close());
    const connection = new HttpConnection(`${server.url}/echo`, {
      transport,
      logger: signalR.NullLogger.instance,
    });
    try {
      const received = new Promise<string | ArrayBuffer>((resolve) => {
        connection.onreceive = resolve;
      });
      await connection.start(format);
      const message = format === signalR.TransferFormat.Binary
        ? new Uint8Array([1, 2, 3, 250]).buffer
        : "Hello, echo! ☎";
      await connection.send(message);
      const echoed = await received;
      if (typeof message === "string") assert.equal(echoed, message);
      else assert.deepEqual(new Uint8Array(echoed as ArrayBuffer), new Uint8Array(message));
    } finally {
      await connection.stop();
      await server.close();
    }
  });
}
