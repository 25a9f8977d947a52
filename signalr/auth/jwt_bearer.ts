/**
 * JWT bearer authentication for hub requests, on top of `hono/jwt`'s pure
 * verifier. The algorithm is pinned by configuration, never taken from the
 * token; `exp` and `nbf` are checked with a small clock skew.
 *
 * @module
 */
import { decode, verify } from "hono/jwt";
import type { HubUser } from "../hub.ts";

/** Algorithms a deployment can pin. */
export type JwtAlgorithm =
  | "HS256"
  | "HS384"
  | "HS512"
  | "RS256"
  | "RS384"
  | "RS512"
  | "PS256"
  | "ES256"
  | "ES384"
  | "ES512"
  | "EdDSA";

/** How tokens are verified. */
export interface JwtBearerOptions {
  /** The only algorithm accepted. */
  readonly algorithm: JwtAlgorithm;
  /**
   * The verification key: the shared secret for HS*, a PEM public key, or
   * JWKs (a JWKS's `keys`; the token's `kid` picks one).
   */
  readonly key: string | JsonWebKey | readonly JsonWebKey[];
  /** Seconds of clock difference tolerated for `exp` and `nbf`. @default {30} */
  readonly clockSkewSeconds?: number;
  /** Required `iss`, if set. */
  readonly issuer?: string;
  /** Required `aud` (one of the token's), if set. */
  readonly audience?: string;
}

/** A request carried a token that is not valid; the endpoint answers 401. */
export class AuthenticationError extends Error {
  override name = "AuthenticationError";
}

/**
 * The bearer token of a hub request: the `Authorization` header, or for
 * WebSocket and Server-Sent Events requests (which browsers cannot give
 * headers) the `access_token` query parameter.
 */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  const upgrade = request.headers.get("upgrade")?.toLowerCase() === "websocket";
  const eventStream = request.headers.get("accept")?.includes("text/event-stream") ?? false;
  if (request.method === "GET" && (upgrade || eventStream)) {
    return new URL(request.url).searchParams.get("access_token") ?? undefined;
  }
  return undefined;
}

/** The user a verified payload describes: `sub` is the id, `role`/`roles` the roles. */
export function userFromClaims(claims: Record<string, unknown>): HubUser {
  const sub = claims.sub;
  if (typeof sub !== "string" || sub.length === 0) {
    throw new AuthenticationError("The token has no subject.");
  }
  const roles = [claims.role, claims.roles].flat().filter((r): r is string =>
    typeof r === "string"
  );
  const exp = typeof claims.exp === "number" ? claims.exp * 1000 : undefined;
  return { id: sub, roles, claims, expiresAt: exp };
}

/**
 * Builds an `authenticate` function for hub options: `undefined` for a request
 * without a token, the user for a valid one, and an {@linkcode AuthenticationError}
 * for anything else.
 *
 * @example
 * ```ts
 * import { jwtBearer } from "./jwt_bearer.ts";
 * const authenticate = jwtBearer({ algorithm: "HS256", key: "a long random secret" });
 * await authenticate(new Request("http://localhost/hubs/chat/negotiate")); // undefined
 * ```
 */
export function jwtBearer(
  options: JwtBearerOptions,
): (request: Request) => Promise<HubUser | undefined> {
  const skew = options.clockSkewSeconds ?? 30;
  return async (request) => {
    const token = bearerToken(request);
    if (token === undefined) return undefined;
    let claims: Record<string, unknown>;
    try {
      claims = await verify(token, keyFor(token, options.key), {
        alg: options.algorithm,
        exp: false,
        nbf: false,
        iat: false,
        iss: options.issuer,
        aud: options.audience,
      }) as Record<string, unknown>;
    } catch (error) {
      throw new AuthenticationError(`The token is not valid: ${(error as Error).message}`);
    }
    checkTimes(claims, skew);
    return userFromClaims(claims);
  };
}

function keyFor(token: string, key: JwtBearerOptions["key"]): string | JsonWebKey {
  if (!Array.isArray(key)) return key as string | JsonWebKey;
  let kid: string | undefined;
  try {
    kid = (decode(token).header as { kid?: string }).kid;
  } catch {
    throw new AuthenticationError("The token is not a JWT.");
  }
  const found = kid === undefined && key.length === 1
    ? key[0]
    : key.find((k) => (k as { kid?: string }).kid === kid);
  if (!found) throw new AuthenticationError("No key matches the token's key id.");
  return found;
}

function checkTimes(claims: Record<string, unknown>, skew: number): void {
  const now = Date.now() / 1000;
  const { exp, nbf } = claims;
  if (exp !== undefined && (typeof exp !== "number" || exp + skew <= now)) {
    throw new AuthenticationError("The token has expired.");
  }
  if (nbf !== undefined && (typeof nbf !== "number" || nbf - skew > now)) {
    throw new AuthenticationError("The token is not valid yet.");
  }
}
