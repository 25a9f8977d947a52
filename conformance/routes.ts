/**
 * The HTTP behaviour around the test hubs that the official client's
 * functional tests rely on: permissive CORS, cookies set by negotiate, a
 * negotiate redirect, a failing negotiate, and client results over HTTP.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { sign } from "hono/jwt";
import type { HubEndpoint } from "../signalr/mod.ts";

/**
 * Lets any origin call with credentials, echoing what the preflight asks for,
 * and answers every OPTIONS request with 204. For tests only: no real server
 * should trust every origin.
 */
export function allowAnyOrigin(): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (c.req.method === "OPTIONS") {
      c.res = new Response(null, { status: 204 });
    } else {
      await next();
    }
    if (!origin || c.res.status === 101) return;
    const headers = c.res.headers;
    headers.set("Access-Control-Allow-Origin", origin);
    headers.set("Access-Control-Allow-Credentials", "true");
    const method = c.req.header("access-control-request-method");
    if (method) headers.set("Access-Control-Allow-Methods", method);
    const requested = c.req.header("access-control-request-headers");
    if (requested) headers.set("Access-Control-Allow-Headers", requested);
  };
}

/**
 * Answers anything under `/redirect` with a negotiate redirect to
 * `{baseUrl}/testhub?numRedirects=N`, `baseUrl` taken from the query and `N`
 * counting the redirects this app has given.
 */
export function redirectNegotiate(): MiddlewareHandler {
  let redirects = 0;
  return async (c, next) => {
    if (!underSegment(c, "/redirect")) return await next();
    const baseUrl = c.req.query("baseUrl") ?? "";
    return c.json({ url: `${baseUrl}/testhub?numRedirects=${++redirects}` });
  };
}

/**
 * Sets the cookies `testCookie=testValue` and `testCookie2=testValue2`, and an
 * already expired `expiredCookie`, on every response to a negotiate request.
 */
export function negotiateCookies(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.req.path.includes("/negotiate")) return;
    const headers = c.res.headers;
    headers.append("Set-Cookie", "testCookie=testValue; path=/");
    headers.append("Set-Cookie", "testCookie2=testValue2; path=/");
    const past = new Date(Date.now() - 3_600_000).toUTCString();
    headers.append("Set-Cookie", `expiredCookie=doesntmatter; expires=${past}; path=/`);
  };
}

/** Answers anything under `/bad-negotiate` with 400 and a plain-text body. */
export function badNegotiate(): MiddlewareHandler {
  return async (c, next) => {
    if (!underSegment(c, "/bad-negotiate")) return await next();
    return c.text("Some response from server", 400);
  };
}

/**
 * `GET /clientresult/:id`: asks connection `id` of `endpoint` for the result
 * of its `Result` handler, and answers with it as text, or with the error's
 * message when the client failed to give one.
 */
export function clientResult(endpoint: HubEndpoint): (c: Context) => Promise<Response> {
  return async (c) => {
    try {
      const result = await endpoint.context.clients.client(c.req.param("id")!).invoke("Result");
      return c.text(String(result));
    } catch (error) {
      return c.text(error instanceof Error ? error.message : String(error));
    }
  };
}

/** Whether the request path is `segment` or below it, ignoring case as ASP.NET Core does. */
function underSegment(c: Context, segment: string): boolean {
  const path = c.req.path.toLowerCase();
  return path === segment || path.startsWith(`${segment}/`);
}

/**
 * `GET /generateJwtToken`: a short-lived HS256 token (as text) that
 * `/authorizedhub` accepts; its subject is a fresh user id.
 */
export function generateJwtToken(secret: string): (c: Context) => Promise<Response> {
  return async (c) => {
    const now = Math.floor(Date.now() / 1000);
    const token = await sign(
      { sub: crypto.randomUUID(), name: "testuser", iat: now, exp: now + 5 * 60 },
      secret,
      "HS256",
    );
    return c.text(token);
  };
}
