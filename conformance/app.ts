/**
 * The conformance app: the server side the official JavaScript client's
 * functional tests expect, built from the engine like any Switchboard app.
 *
 * - `/testhub`: {@linkcode TestHub} over every transport, JSON and MessagePack
 * - `/testhub-nowebsockets`: the same hub over Server-Sent Events and long polling only
 * - `/echo`: a raw connection that echoes every frame (no hub protocol)
 * - `/authorizedhub`: {@linkcode AuthorizedHub}, for bearers of a token from `/generateJwtToken`
 * - `/redirect…`, `/bad-negotiate…`, `GET /clientresult/:id`, `GET /generateJwtToken`: see ./routes.ts
 *
 * @module
 */
import { Hono } from "hono";
import {
  type HubOptions,
  jsonProtocol,
  jwtBearer,
  mapHub,
  messagePackProtocol,
} from "../signalr/mod.ts";
import { AuthorizedHub } from "./authorized_hub.ts";
import { echoEndpoint } from "./echo_endpoint.ts";
import {
  allowAnyOrigin,
  badNegotiate,
  clientResult,
  generateJwtToken,
  negotiateCookies,
  redirectNegotiate,
} from "./routes.ts";
import { TestHub } from "./test_hub.ts";

/** The conformance app and a way to stop it. */
export interface ConformanceApp {
  /** The request handler. */
  readonly fetch: (request: Request) => Response | Promise<Response>;
  /** Closes every hub connection. */
  close(): Promise<void>;
}

/**
 * Builds the conformance app. Its hubs send detailed errors, offer stateful
 * reconnect and let any origin in, as the .NET test app's do; `options` adds
 * to or overrides that.
 *
 * @example
 * ```ts
 * import { createConformanceApp } from "./app.ts";
 * const app = createConformanceApp();
 * // Deno.serve(app.fetch);
 * await app.close();
 * ```
 */
export function createConformanceApp(options: HubOptions = {}): ConformanceApp {
  const hubOptions: HubOptions = {
    enableDetailedErrors: true,
    allowStatefulReconnects: true,
    allowedOrigins: ["*"],
    protocols: [jsonProtocol, messagePackProtocol],
    ...options,
  };
  const testHub = mapHub("/testhub", () => new TestHub(), hubOptions);
  const noWebSockets = mapHub("/testhub-nowebsockets", () => new TestHub(), {
    ...hubOptions,
    transports: ["ServerSentEvents", "LongPolling"],
  });
  // A fresh secret per app: its tokens are only good for this process.
  const secret = crypto.randomUUID() + crypto.randomUUID();
  const authorized = mapHub("/authorizedhub", () => new AuthorizedHub(), {
    ...hubOptions,
    authenticate: jwtBearer({ algorithm: "HS256", key: secret }),
  });
  const endpoints = [testHub, noWebSockets, authorized];

  const hono = new Hono();
  hono.use(allowAnyOrigin(), redirectNegotiate(), negotiateCookies(), badNegotiate());
  for (const endpoint of endpoints) {
    const handle = (c: { req: { raw: Request } }) => endpoint.fetch(c.req.raw);
    hono.all(endpoint.path, handle);
    hono.all(`${endpoint.path}/*`, handle);
  }
  const echo = echoEndpoint("/echo");
  hono.all("/echo", (c) => echo.fetch(c.req.raw));
  hono.all("/echo/*", (c) => echo.fetch(c.req.raw));
  hono.get("/clientresult/:id", clientResult(testHub));
  hono.get("/generateJwtToken", generateJwtToken(secret));

  return {
    fetch: hono.fetch,
    async close() {
      echo.close();
      await Promise.all(endpoints.map((endpoint) => endpoint.close()));
    },
  };
}
