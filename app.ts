/**
 * Builds the Hono application: the demo pages, the official browser client
 * served from the installed npm package, and every hub module's endpoints and
 * routes. Reads no environment: main.ts passes everything in.
 *
 * @module
 */
import { Hono } from "hono";
import { serveStatic } from "hono/deno";
import { secureHeaders } from "hono/secure-headers";
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

/** App-wide settings the pages need to know. */
export interface AppOptions {
  /** Whether `POST /api/token` (demo sign-in) is mounted. @default {false} */
  readonly demoSignIn?: boolean;
}

/** The application and a way to stop it. */
export interface App {
  /** The Hono app; its `fetch` is the request handler. */
  readonly hono: Hono;
  /**
   * Shuts down gracefully: `/readyz` turns 503, hubs refuse new connections,
   * let running invocations finish and close every connection (inviting
   * clients to reconnect when `allowReconnect`), then modules stop.
   */
  close(allowReconnect?: boolean): Promise<void>;
}

/** The pages load only their own scripts, styles and connections. */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
};

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
export function createApp(modules: readonly AppModule[], options: AppOptions = {}): App {
  const hono = new Hono();
  const endpoints = modules.flatMap((module) => module.endpoints);
  // Hubs first: their upgrade responses must not be touched by the middleware below.
  hono.use("*", async (c, next) => {
    const endpoint = endpoints.find((e) => e.owns(c.req.path));
    if (endpoint) return await endpoint.fetch(c.req.raw);
    await next();
  });
  hono.use("/*", secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  hono.get("/api/config", (c) => c.json({ demoSignIn: options.demoSignIn ?? false }));
  let stopping = false;
  hono.get("/healthz", (c) => c.text("ok"));
  hono.get("/readyz", (c) => {
    const degraded = endpoints.some((e) => e.backplaneHealthy === false);
    const status = stopping ? "stopping" : degraded ? "degraded" : "ready";
    return c.json(
      { status, backplane: degraded ? "unreachable" : "ok" },
      status === "ready" ? 200 : 503,
    );
  });
  for (const module of modules) module.mount?.(hono);
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
      stopping = true;
      await Promise.all(
        modules.flatMap((m) => [...m.endpoints.map((e) => e.close(allowReconnect)), m.close?.()]),
      );
    },
  };
}
