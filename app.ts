/**
 * Builds the Hono application: the demo pages, the official browser client
 * served from the installed npm package, and every hub module's endpoints and
 * routes. Reads no environment: main.ts passes everything in.
 *
 * @module
 */
import { Hono } from "hono";
import { serveStatic } from "hono/deno";
import { join } from "node:path";
import type { HubEndpoint } from "./signalr/mod.ts";

/** What a hub module contributes to the app. */
export interface AppModule {
  /** Its hub endpoints. */
  readonly endpoints: readonly HubEndpoint[];
  /** Adds its REST routes, if any. */
  readonly mount?: (app: Hono) => void;
  /** Stops its background work. */
  readonly close?: () => Promise<void>;
}

/** The application and a way to stop it. */
export interface App {
  /** The Hono app; its `fetch` is the request handler. */
  readonly hono: Hono;
  /** Closes every hub connection (optionally inviting clients to reconnect) and module. */
  close(allowReconnect?: boolean): Promise<void>;
}

const ROOT = import.meta.dirname!;
const STATIC_DIR = join(ROOT, "static");
const BROWSER_CLIENT_DIR = join(ROOT, "node_modules", "@microsoft", "signalr", "dist", "browser");

/**
 * Composes the app from hub modules.
 *
 * @example
 * ```ts
 * import { createApp } from "./app.ts";
 * import { chatModule } from "./hubs/chat/mod.ts";
 * const app = createApp([chatModule()]);
 * // Deno.serve(app.hono.fetch);
 * await app.close();
 * ```
 */
export function createApp(modules: readonly AppModule[]): App {
  const hono = new Hono();
  for (const module of modules) {
    for (const endpoint of module.endpoints) {
      const handle = (c: { req: { raw: Request } }) => endpoint.fetch(c.req.raw);
      hono.all(endpoint.path, handle);
      hono.all(`${endpoint.path}/*`, handle);
    }
    module.mount?.(hono);
  }
  hono.use(
    "/lib/signalr/*",
    serveStatic({
      root: BROWSER_CLIENT_DIR,
      rewriteRequestPath: (path) => path.replace(/^\/lib\/signalr/, ""),
    }),
  );
  hono.use("/*", serveStatic({ root: STATIC_DIR }));
  return {
    hono,
    async close(allowReconnect?: boolean) {
      await Promise.all(
        modules.flatMap((m) => [...m.endpoints.map((e) => e.close(allowReconnect)), m.close?.()]),
      );
    },
  };
}
