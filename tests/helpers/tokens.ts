/**
 * Test helpers: JSON Web Tokens signed with `hono/jwt` (HS*, RS256 from a PEM
 * private key, ES256 from a JWK) and key pairs made with WebCrypto; forged
 * tokens (`alg: none`, an altered payload) are put together by hand.
 *
 * @module
 */
import { sign } from "hono/jwt";

/** The HMAC secret the tests share. */
export const SECRET = "switchboard test secret, long enough for HS256";

/** Claims of a token. */
export type Claims = Record<string, unknown>;

/** The JWT NumericDate `seconds` from now (negative for the past). */
export function inSeconds(seconds: number): number {
  return Math.floor(Date.now() / 1000) + seconds;
}

/** An HMAC-signed token: HS256 with {@linkcode SECRET} unless told otherwise. */
export async function hmacToken(
  claims: Claims,
  secret = SECRET,
  algorithm: "HS256" | "HS384" | "HS512" = "HS256",
): Promise<string> {
  return await sign(claims, secret, algorithm);
}

/** An HS256 token for `sub` with `role`, valid for an hour. */
export async function tokenFor(sub: string, role = "User"): Promise<string> {
  return await hmacToken({ sub, role, exp: inSeconds(3600) });
}

/** A key pair in the forms verifiers are given: PEM (SPKI, PKCS#8) and JWK. */
export interface KeyPair {
  readonly publicPem: string;
  readonly privatePem: string;
  readonly publicJwk: JsonWebKey;
  readonly privateJwk: JsonWebKey;
}

/** A fresh RSA key pair for RS256. */
export async function rsaKeyPair(): Promise<KeyPair> {
  return await exportPair(
    await crypto.subtle.generateKey(
      {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      },
      true,
      ["sign", "verify"],
    ),
  );
}

/** A fresh P-256 key pair for ES256. */
export async function ecKeyPair(): Promise<KeyPair> {
  return await exportPair(
    await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ]),
  );
}

/** An RS256 token signed with a PEM private key. */
export async function rs256Token(claims: Claims, privatePem: string): Promise<string> {
  return await sign(claims, privatePem, "RS256");
}

/** An ES256 token signed with a JWK private key; `kid` goes into the header. */
export async function es256Token(
  claims: Claims,
  privateJwk: JsonWebKey,
  kid?: string,
): Promise<string> {
  return await sign(claims, withKid({ ...privateJwk, alg: "ES256" }, kid), "ES256");
}

/** `jwk` labelled with a key id, as a JWKS lists it. */
export function withKid(jwk: JsonWebKey, kid: string | undefined): JsonWebKey {
  return { ...jwk, kid } as JsonWebKey;
}

/** A token with `alg: none` and an empty signature. */
export function unsignedToken(claims: Claims): string {
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

/** `token` with its payload replaced by `claims`, header and signature kept. */
export function withPayload(token: string, claims: Claims): string {
  const [header, , signature] = token.split(".");
  return `${header}.${part(claims)}.${signature}`;
}

async function exportPair(pair: CryptoKeyPair): Promise<KeyPair> {
  const spki = await crypto.subtle.exportKey("spki", pair.publicKey);
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", pair.privateKey);
  return {
    publicPem: pem("PUBLIC KEY", spki),
    privatePem: pem("PRIVATE KEY", pkcs8),
    publicJwk: await crypto.subtle.exportKey("jwk", pair.publicKey),
    privateJwk: await crypto.subtle.exportKey("jwk", pair.privateKey),
  };
}

function pem(label: string, der: ArrayBuffer): string {
  const base64 = btoa(String.fromCharCode(...new Uint8Array(der)));
  const lines = base64.match(/.{1,64}/g)!.join("\n");
  return `-----BEGIN ${label}-----\n${lines}\n-----END ${label}-----\n`;
}

function part(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  return btoa(String.fromCharCode(...bytes)).replace(/=+$/, "").replace(/\+/g, "-").replace(
    /\//g,
    "_",
  );
}
