/**
 * The soak's in-process server (the chat hub and the ops module, with a
 * dashboard watcher subscribed throughout) and its measurements: heap after
 * a forced garbage collection, and waiting for the hub to drain.
 *
 * @module
 */
import v8 from "node:v8";
import vm from "node:vm";
import type * as signalR from "@microsoft/signalr";
import { createApp } from "../app.ts";
import { chatModule } from "../hubs/chat/mod.ts";
import { HubMetrics, type OpsModule, opsModule } from "../ops/mod.ts";
import type { HubEndpoint } from "../signalr/mod.ts";
import { connectTo, serve } from "../tests/helpers/server.ts";

/** The server under soak. */
export interface SoakLab {
  /** The chat hub's URL. */
  readonly url: string;
  /** The chat hub. */
  readonly chat: HubEndpoint;
  /** The ops module: metrics and the dashboard feed. */
  readonly ops: OpsModule;
  /** Fetches `/metrics` (the soak scrapes while it churns). */
  scrape(): Promise<void>;
  /** Unsubscribes the watcher, stops the server. */
  close(): Promise<void>;
}

/** Serves chat and ops on a random port, with a dashboard watcher subscribed. */
export async function startSoakLab(): Promise<SoakLab> {
  const chat = chatModule({ logError: () => {} });
  const metrics = new HubMetrics();
  const ops = opsModule(chat.endpoints, { metrics });
  const app = createApp([chat, ops]);
  const server = serve(app.hono.fetch, () => app.close());
  let watcher: signalR.HubConnection | undefined;
  try {
    watcher = await connectTo(`${server.url}/hubs/dashboard`);
    watcher.on("Stats", () => {});
    await watcher.invoke("Subscribe");
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    url: `${server.url}/hubs/chat`,
    chat: chat.endpoints[0],
    ops,
    async scrape() {
      await (await fetch(`${server.url}/metrics`)).text();
    },
    async close() {
      await watcher.stop();
      await server.close();
    },
  };
}

let gc: (() => void) | undefined;

/** Forces a full garbage collection (exposing V8's `gc` at run time, once). */
function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as () => void;
  }
  gc();
}

/** The heap in use after a forced collection, in bytes. */
export function settledHeap(): number {
  collectGarbage();
  return Deno.memoryUsage().heapUsed;
}

/** Waits until the hub has no connections, at most `timeoutMs`; whether it got there. */
export async function drained(endpoint: HubEndpoint, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (endpoint.connectionCount > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return endpoint.connectionCount === 0;
}

/** Bytes as mebibytes with one decimal, for reports. */
export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
