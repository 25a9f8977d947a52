import assert from "node:assert/strict";
import { jwtConfig } from "../../auth/jwt_config.ts";

const SECRET = "0123456789abcdef0123456789abcdef";

Deno.test("jwtConfig: no settings means no authentication", () => {
  assert.equal(jwtConfig({}), undefined);
});

Deno.test("jwtConfig: a secret pins HS256 and can sign", () => {
  const config = jwtConfig({ secret: SECRET })!;
  assert.equal(config.verify.algorithm, "HS256");
  assert.equal(config.signingSecret, SECRET);
});

Deno.test("jwtConfig: a secret with HS512 pins HS512", () => {
  assert.equal(jwtConfig({ secret: SECRET, algorithm: "HS512" })!.verify.algorithm, "HS512");
});

Deno.test("jwtConfig refuses what cannot be right", () => {
  const cases: [Parameters<typeof jwtConfig>[0], RegExp][] = [
    [{ secret: "short" }, /at least 32 characters/],
    [{ secret: SECRET, algorithm: "RS256" }, /needs an HMAC JWT_ALGORITHM/],
    [{ secret: SECRET, publicKeyPem: "x" }, /Set only one of/],
    [{ publicKeyPem: "-----BEGIN PUBLIC KEY-----" }, /needs JWT_ALGORITHM/],
    [{ publicKeyPem: "-----BEGIN PUBLIC KEY-----", algorithm: "HS256" }, /needs JWT_ALGORITHM/],
    [{ publicKeyPem: "not a key", algorithm: "RS256" }, /PEM public key/],
    [{ jwksJson: "{", algorithm: "ES256" }, /not valid JSON/],
    [{ jwksJson: '{"keys":[]}', algorithm: "ES256" }, /non-empty 'keys'/],
  ];
  for (const [settings, message] of cases) {
    assert.throws(() => jwtConfig(settings), message, JSON.stringify(settings));
  }
});

Deno.test("jwtConfig: a PEM key or a JWKS verifies with the pinned algorithm and cannot sign", () => {
  const pem = jwtConfig({
    publicKeyPem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
    algorithm: "RS256",
  })!;
  assert.equal(pem.verify.algorithm, "RS256");
  assert.equal(pem.signingSecret, undefined);
  const jwks = jwtConfig({ jwksJson: '{"keys":[{"kty":"EC","kid":"a"}]}', algorithm: "ES256" })!;
  assert.deepEqual(jwks.verify.key, [{ kty: "EC", kid: "a" }]);
});
