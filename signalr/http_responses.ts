/**
 * Small HTTP helpers of the hub endpoint: plain-text answers with the .NET
 * wording, and request reading that never buffers more than it may.
 *
 * @module
 */
import type { TransportName } from "./options.ts";

/** The body ASP.NET Core sends for an unknown connection token. */
export const NO_CONNECTION = "No Connection with that ID";

/** A plain-text response. */
export function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { "Content-Type": "text/plain", ...headers } });
}

/** 401 with a bearer challenge. */
export function unauthorized(challenge: string): Response {
  return text(401, "Unauthorized", { "WWW-Authenticate": challenge });
}

/** 404 for a transport the hub does not offer. */
export function notOffered(transport: TransportName): Response {
  return text(404, `${transport} transport not supported by this end point type`);
}

/** What hub code may see of a request, copied: an upgraded request can no longer be read. */
export function snapshot(request: Request): { headers: Headers; url: string } {
  return { headers: new Headers(request.headers), url: request.url };
}

/**
 * Reads a request body of at most `limit` bytes; `undefined` (and the rest
 * left unread) beyond it, however the body is sent.
 *
 * @example
 * ```ts
 * import { readBody } from "./http_responses.ts";
 * await readBody(new Request("http://x/", { method: "POST", body: "12345" }), 4); // undefined
 * ```
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}
