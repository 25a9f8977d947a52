/**
 * Serves the conformance app, the server side of the official client's
 * functional tests: `deno task conformance`.
 *
 * Environment: `PORT` (default 8000), `HOST` (default 127.0.0.1).
 *
 * @module
 */
import { createConformanceApp } from "./app.ts";

const port = Number(Deno.env.get("PORT") ?? 8000);
const hostname = Deno.env.get("HOST") ?? "127.0.0.1";

const app = createConformanceApp();
const server = Deno.serve({
  port,
  hostname,
  onListen: ({ hostname, port }) =>
    console.log(`Switchboard conformance app listening on http://${hostname}:${port}/`),
}, app.fetch);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await app.close();
  await server.shutdown();
  Deno.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(signal, shutdown);
