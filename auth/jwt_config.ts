/**
 * Turns the JWT environment variables (read by main.ts) into verification
 * options and, where the key is a shared secret, a way to sign tokens.
 *
 * @module
 */
import type { JwtAlgorithm, JwtBearerOptions } from "../signalr/mod.ts";

/** The JWT settings as main.ts found them. */
export interface JwtSettings {
  /** `JWT_SECRET`: the HMAC secret (HS256 unless `JWT_ALGORITHM` says otherwise). */
  readonly secret?: string;
  /** `JWT_ALGORITHM`: the one algorithm accepted. */
  readonly algorithm?: string;
  /** Contents of `JWT_PUBLIC_KEY_FILE`: a PEM public key. */
  readonly publicKeyPem?: string;
  /** Contents of `JWT_JWKS_FILE`: a JWKS document. */
  readonly jwksJson?: string;
}

/** What the app needs: how to verify, and a signing secret when there is one. */
export interface JwtConfig {
  readonly verify: JwtBearerOptions;
  readonly signingSecret?: string;
}

const HMAC = ["HS256", "HS384", "HS512"];
const ASYMMETRIC = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "ES512", "EdDSA"];

/**
 * Validates the settings; `undefined` when none are given. Throws with a clear
 * message for a contradictory or unusable configuration.
 *
 * @example
 * ```ts
 * import { jwtConfig } from "./jwt_config.ts";
 * jwtConfig({ secret: "0123456789abcdef0123456789abcdef" })?.verify.algorithm; // "HS256"
 * ```
 */
export function jwtConfig(settings: JwtSettings): JwtConfig | undefined {
  const { secret, publicKeyPem, jwksJson } = settings;
  const sources = [secret, publicKeyPem, jwksJson].filter((s) => s !== undefined).length;
  if (sources === 0) return undefined;
  if (sources > 1) {
    throw new Error("Set only one of JWT_SECRET, JWT_PUBLIC_KEY_FILE and JWT_JWKS_FILE.");
  }
  if (secret !== undefined) {
    const algorithm = settings.algorithm ?? "HS256";
    if (!HMAC.includes(algorithm)) {
      throw new Error(`JWT_SECRET needs an HMAC JWT_ALGORITHM (${HMAC.join(", ")}).`);
    }
    if (secret.length < 32) throw new Error("JWT_SECRET must be at least 32 characters long.");
    return {
      verify: { algorithm: algorithm as JwtAlgorithm, key: secret },
      signingSecret: secret,
    };
  }
  const algorithm = settings.algorithm;
  if (algorithm === undefined || !ASYMMETRIC.includes(algorithm)) {
    throw new Error(
      `A public key or JWKS needs JWT_ALGORITHM set to one of ${ASYMMETRIC.join(", ")}.`,
    );
  }
  if (publicKeyPem !== undefined) {
    if (!publicKeyPem.includes("PUBLIC KEY")) {
      throw new Error("JWT_PUBLIC_KEY_FILE must hold a PEM public key.");
    }
    return { verify: { algorithm: algorithm as JwtAlgorithm, key: publicKeyPem } };
  }
  let keys: unknown;
  try {
    keys = (JSON.parse(jwksJson!) as { keys?: unknown }).keys;
  } catch {
    throw new Error("JWT_JWKS_FILE is not valid JSON.");
  }
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new Error("JWT_JWKS_FILE must hold a JWKS with a non-empty 'keys' array.");
  }
  return { verify: { algorithm: algorithm as JwtAlgorithm, key: keys as JsonWebKey[] } };
}
