/**
 * HTTP helpers of the jobs REST routes: RFC 9457 problem responses and the
 * caller's identity from the same bearer tokens the hubs accept.
 *
 * @module
 */
import { AuthenticationError, type HubOptions, type HubUser } from "../../signalr/mod.ts";

/** The hub options' `authenticate` function, reused for REST. */
export type Authenticate = NonNullable<HubOptions["authenticate"]>;

/**
 * A problem response (`application/problem+json`): `{ type, title, status, detail? }`.
 *
 * @example
 * ```ts
 * import { problem } from "./http.ts";
 * problem(400, "The job request is not valid.", "stepMs must be an integer from 10 to 10000.");
 * ```
 */
export function problem(
  status: number,
  title: string,
  detail?: string,
  headers: Record<string, string> = {},
): Response {
  const body = { type: "about:blank", title, status, ...(detail ? { detail } : {}) };
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/problem+json",
      "Cache-Control": "no-store",
      ...headers,
    },
  });
}

/** A JSON response that is never cached. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers },
  });
}

/**
 * The signed-in user behind a request, or a 401 problem: no credential, an
 * invalid one, or no way to check one (`authenticate` unset).
 */
export async function signedInUser(
  request: Request,
  authenticate: Authenticate | undefined,
): Promise<HubUser | Response> {
  let user: HubUser | undefined;
  try {
    user = await authenticate?.(request);
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    return problem(401, "The access token is not valid.", error.message, {
      "WWW-Authenticate": `Bearer error="invalid_token"`,
    });
  }
  if (user) return user;
  return problem(401, "Sign in first.", "Send an access token: Authorization: Bearer <token>.", {
    "WWW-Authenticate": "Bearer",
  });
}

/** A positive integer id from a path segment, or `undefined`. */
export function parseId(segment: string): number | undefined {
  if (!/^[1-9][0-9]{0,15}$/.test(segment)) return undefined;
  const id = Number(segment);
  return Number.isSafeInteger(id) ? id : undefined;
}
