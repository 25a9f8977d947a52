/**
 * Who may use a hub endpoint: authenticates each request and checks the
 * hub's authorization rule; a transport request must come from the user who
 * negotiated its connection.
 *
 * @module
 */
import { type AuthorizationRule, isAuthorized } from "./auth/authorization.ts";
import { AuthenticationError } from "./auth/jwt_bearer.ts";
import type { HubConnection } from "./connection.ts";
import type { HubUser } from "./hub.ts";
import { text, unauthorized } from "./http_responses.ts";
import type { HubOptions } from "./options.ts";

/** How a hub endpoint recognises users and whom it admits. */
export interface Guard {
  /** Finds the user behind a request (see `HubOptions.authenticate`). */
  readonly authenticate: HubOptions["authenticate"];
  /** The hub's own rule, if it has one. */
  readonly rule: AuthorizationRule | undefined;
}

/**
 * The user behind a request, or the refusal: 401 for an invalid credential,
 * or for none when the hub requires a user; 403 when the user fails the
 * hub's rule.
 */
export async function authenticate(
  guard: Guard,
  request: Request,
): Promise<{ user: HubUser | undefined } | Response> {
  let user: HubUser | undefined;
  try {
    user = await guard.authenticate?.(request);
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    return unauthorized(`Bearer error="invalid_token"`);
  }
  if (!guard.rule) return { user };
  if (!user) return unauthorized("Bearer");
  if (!(await isAuthorized(user, guard.rule))) return text(403, "Forbidden");
  return { user };
}

/** A transport request must come from the user who negotiated the connection: else the refusal. */
export async function authenticateAs(
  guard: Guard,
  request: Request,
  connection: HubConnection,
): Promise<Response | undefined> {
  const auth = await authenticate(guard, request);
  if (auth instanceof Response) return auth;
  if (auth.user?.id !== connection.user?.id) {
    return text(403, "Forbidden: the connection belongs to another user.");
  }
  return undefined;
}
