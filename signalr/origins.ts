/**
 * Which web origins may use a hub: the page's own origin always, others only
 * when listed. Applies to CORS (negotiate and the HTTP transports) and to
 * WebSocket upgrades alike, so no other site can hijack a user's session.
 *
 * @module
 */

/** How a request's origin relates to the hub. */
export type OriginVerdict = "none" | "same" | "allowed" | "denied";

/**
 * Judges the request's `Origin` header: `none` without one (not a browser's
 * cross-site request), `same` for the hub's own origin, `allowed` for a listed
 * origin (or any, with `*`), else `denied`.
 *
 * @example
 * ```ts
 * import { judgeOrigin } from "./origins.ts";
 * const request = new Request("http://localhost:8000/hubs/chat", { headers: { Origin: "https://evil.example" } });
 * judgeOrigin(request, ["https://app.example"]); // "denied"
 * ```
 */
export function judgeOrigin(request: Request, allowed: readonly string[]): OriginVerdict {
  const origin = request.headers.get("origin");
  if (origin === null) return "none";
  if (origin === new URL(request.url).origin) return "same";
  if (allowed.includes("*") || allowed.includes(origin)) return "allowed";
  return "denied";
}

/** The CORS headers for an allowed cross-origin request, credentials included. */
export function corsHeaders(request: Request): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": request.headers.get("origin")!,
    "Access-Control-Allow-Credentials": "true",
    Vary: "Origin",
  };
}

/** The answer to a CORS preflight (`OPTIONS`) from an allowed origin. */
export function preflightResponse(request: Request): Response {
  const headers = new Headers(corsHeaders(request));
  headers.set("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
  const requested = request.headers.get("access-control-request-headers");
  if (requested) headers.set("Access-Control-Allow-Headers", requested);
  headers.set("Access-Control-Max-Age", "600");
  return new Response(null, { status: 204, headers });
}
