/**
 * Switchboard's composition root: reads the configuration from the
 * environment, builds the app, serves it, and shuts down gracefully.
 *
 * Environment: `PORT` (default 8000), `HOST` (default 127.0.0.1).
 *
 * @module
 */
import { createApp } from "./app.ts";
import { chatModule } from "./hubs/chat/mod.ts";

const port = Number(Deno.env.get("PORT") ?? 8000);
const hostname = Deno.env.get("HOST") ?? "127.0.0.1";

const app = createApp([chatModule()]);
const server = Deno.serve({
  port,
  hostname,
  onListen: ({ hostname, port }) =>
    console.log(`Switchboard listening on http://${hostname}:${port}/`),
}, app.hono.fetch);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await app.close(true);
  await server.shutdown();
  Deno.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) Deno.addSignalListener(signal, shutdown);
