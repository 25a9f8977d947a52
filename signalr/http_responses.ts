/**
 * Small HTTP helpers of the hub endpoint: plain-text answers with the .NET
 * wording, and request reading that never buffers more than it may.
 *
 * @module
 */
import type { TransportName } from "./options.ts";
import { joinFrames } from "./frames.ts";

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

/**
 * What hub code may see of a request, copied (an upgraded request can no
 * longer be read): its URL and headers. The headers are kept as one flat list
 * of strings, the cheapest form for the many connections whose hub never
 * reads them, and become a `Headers` object when first asked for.
 */
class RequestSnapshot {
  readonly url: string;
  #pairs: string[] | undefined;
  #headers: Headers | undefined;

  constructor(request: Request) {
    this.url = request.url;
    const pairs: string[] = [];
    request.headers.forEach((value, name) => pairs.push(name, value));
    this.#pairs = pairs;
  }

  get headers(): Headers {
    if (!this.#headers) {
      const pairs = this.#pairs!;
      this.#headers = new Headers();
      for (let i = 0; i < pairs.length; i += 2) this.#headers.append(pairs[i], pairs[i + 1]);
      this.#pairs = undefined;
    }
    return this.#headers;
  }
}

/**
 * Copies what hub code may see of a request.
 *
 * @example
 * ```ts
 * import { snapshot } from "./http_responses.ts";
 * const copy = snapshot(new Request("http://x/hub", { headers: { "user-agent": "test" } }));
 * copy.headers.get("user-agent"); // "test"
 * ```
 */
export function snapshot(request: Request): { readonly headers: Headers; readonly url: string } {
  return new RequestSnapshot(request);
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
  if (chunks.length <= 1) return chunks[0] ?? new Uint8Array();
  return joinFrames(chunks) as Uint8Array;
}
