/**
 * `jwtBearer` and `bearerToken` on plain requests: who a valid token makes the
 * caller, and every way a token is refused (times, signatures, algorithms,
 * keys, issuer, audience, subject); where a token may travel.
 */
import assert from "node:assert/strict";
import { AuthenticationError, jwtBearer, type JwtBearerOptions } from "../../../signalr/mod.ts";
import { bearerToken } from "../../../signalr/auth/jwt_bearer.ts";
import {
  type Claims,
  ecKeyPair,
  es256Token,
  hmacToken,
  inSeconds,
  rs256Token,
  rsaKeyPair,
  SECRET,
  unsignedToken,
  withKid,
  withPayload,
} from "../../helpers/tokens.ts";

const HS256: JwtBearerOptions = { algorithm: "HS256", key: SECRET };

/** A negotiate POST carrying `token` in its Authorization header. */
function withToken(token: string): Request {
  return new Request("http://localhost/hub/negotiate?negotiateVersion=1", {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
  });
}

async function authenticate(options: JwtBearerOptions, token: string) {
  return await jwtBearer(options)(withToken(token));
}

async function assertRefused(options: JwtBearerOptions, token: string): Promise<void> {
  await assert.rejects(authenticate(options, token), AuthenticationError);
}

const claims = (extra: Claims = {}): Claims => ({ sub: "ann", exp: inSeconds(600), ...extra });

Deno.test("a valid HS256 token gives the user: id from sub, role, every claim, expiresAt from exp", async () => {
  const exp = inSeconds(600);
  const payload = { sub: "ann", role: "Admin", name: "Ann", exp };
  const user = await authenticate(HS256, await hmacToken(payload));
  assert.deepEqual(user, { id: "ann", roles: ["Admin"], claims: payload, expiresAt: exp * 1000 });
});

Deno.test("roles also come from a roles array", async () => {
  const user = await authenticate(HS256, await hmacToken(claims({ roles: ["User", "Admin"] })));
  assert.deepEqual(user?.roles, ["User", "Admin"]);
});

Deno.test("a token without exp gives a user whose credential does not expire", async () => {
  const user = await authenticate(HS256, await hmacToken({ sub: "ann" }));
  assert.equal(user?.id, "ann");
  assert.equal(user?.expiresAt, undefined);
  assert.deepEqual(user?.roles, []);
});

Deno.test("a request without a token is anonymous", async () => {
  const request = new Request("http://localhost/hub/negotiate", { method: "POST" });
  assert.equal(await jwtBearer(HS256)(request), undefined);
});

Deno.test("a token expired beyond the clock skew is refused", async () => {
  await assertRefused(HS256, await hmacToken(claims({ exp: inSeconds(-60) })));
  await assertRefused(
    { ...HS256, clockSkewSeconds: 0 },
    await hmacToken(claims({ exp: inSeconds(-1) })),
  );
});

Deno.test("a token expired within the clock skew is accepted", async () => {
  const user = await authenticate(HS256, await hmacToken(claims({ exp: inSeconds(-10) })));
  assert.equal(user?.id, "ann");
});

Deno.test("a token not valid yet (nbf beyond the clock skew) is refused; within it, accepted", async () => {
  await assertRefused(HS256, await hmacToken(claims({ nbf: inSeconds(60) })));
  const user = await authenticate(HS256, await hmacToken(claims({ nbf: inSeconds(10) })));
  assert.equal(user?.id, "ann");
});

Deno.test("a token issued by a clock ahead of ours, within the clock skew, is accepted", async () => {
  const user = await authenticate(HS256, await hmacToken(claims({ iat: inSeconds(10) })));
  assert.equal(user?.id, "ann");
});

Deno.test("a token signed with another secret is refused", async () => {
  await assertRefused(HS256, await hmacToken(claims(), "another secret"));
});

Deno.test("a token whose payload was altered after signing is refused", async () => {
  const token = await hmacToken(claims({ role: "User" }));
  await assertRefused(HS256, withPayload(token, claims({ role: "Admin" })));
});

Deno.test("an unsigned token (alg: none) is refused", async () => {
  await assertRefused(HS256, unsignedToken(claims()));
});

Deno.test("text that is not a JWT is refused", async () => {
  await assertRefused(HS256, "not-a-jwt");
});

Deno.test("an HS512 token is refused when HS256 is pinned, even with the right secret", async () => {
  await assertRefused(HS256, await hmacToken(claims(), SECRET, "HS512"));
});

Deno.test("algorithm confusion: an HS256 token keyed with the RS256 public key is refused", async () => {
  const { publicPem } = await rsaKeyPair();
  await assertRefused({ algorithm: "RS256", key: publicPem }, await hmacToken(claims(), publicPem));
});

Deno.test("RS256 verifies with a PEM public key; another key pair's token is refused", async () => {
  const [pair, other] = [await rsaKeyPair(), await rsaKeyPair()];
  const options: JwtBearerOptions = { algorithm: "RS256", key: pair.publicPem };
  const user = await authenticate(options, await rs256Token(claims(), pair.privatePem));
  assert.equal(user?.id, "ann");
  await assertRefused(options, await rs256Token(claims(), other.privatePem));
});

Deno.test("ES256 verifies with a JWK public key", async () => {
  const { publicJwk, privateJwk } = await ecKeyPair();
  const options: JwtBearerOptions = { algorithm: "ES256", key: publicJwk };
  const user = await authenticate(options, await es256Token(claims(), privateJwk));
  assert.equal(user?.id, "ann");
});

Deno.test("a JWKS picks the key by kid; an unknown or missing kid is refused", async () => {
  const [first, second] = [await ecKeyPair(), await ecKeyPair()];
  const options: JwtBearerOptions = {
    algorithm: "ES256",
    key: [withKid(first.publicJwk, "first"), withKid(second.publicJwk, "second")],
  };
  for (const [pair, kid] of [[first, "first"], [second, "second"]] as const) {
    const user = await authenticate(options, await es256Token(claims(), pair.privateJwk, kid));
    assert.equal(user?.id, "ann");
  }
  await assertRefused(options, await es256Token(claims(), first.privateJwk, "third"));
  await assertRefused(options, await es256Token(claims(), first.privateJwk));
  await assertRefused(options, await es256Token(claims(), first.privateJwk, "second"));
});

Deno.test("a configured issuer is required", async () => {
  const options = { ...HS256, issuer: "https://issuer.example" };
  const user = await authenticate(
    options,
    await hmacToken(claims({ iss: "https://issuer.example" })),
  );
  assert.equal(user?.id, "ann");
  await assertRefused(options, await hmacToken(claims({ iss: "https://other.example" })));
  await assertRefused(options, await hmacToken(claims()));
});

Deno.test("a configured audience must be one of the token's", async () => {
  const options = { ...HS256, audience: "switchboard" };
  for (const aud of ["switchboard", ["billing", "switchboard"]]) {
    assert.equal((await authenticate(options, await hmacToken(claims({ aud }))))?.id, "ann");
  }
  await assertRefused(options, await hmacToken(claims({ aud: "billing" })));
  await assertRefused(options, await hmacToken(claims()));
});

Deno.test("a token without a subject is refused", async () => {
  await assertRefused(HS256, await hmacToken({ role: "Admin", exp: inSeconds(600) }));
  await assertRefused(HS256, await hmacToken(claims({ sub: "" })));
});

Deno.test("bearerToken reads the Authorization header, whatever the case of 'Bearer'", () => {
  for (const scheme of ["Bearer", "bearer", "BEARER"]) {
    const request = new Request("http://localhost/hub/negotiate", {
      method: "POST",
      headers: { Authorization: `${scheme} abc.def.ghi` },
    });
    assert.equal(bearerToken(request), "abc.def.ghi");
  }
  const basic = new Request("http://localhost/hub", { headers: { Authorization: "Basic abc" } });
  assert.equal(bearerToken(basic), undefined);
});

Deno.test("bearerToken reads access_token from the query of WebSocket and event-stream GETs", () => {
  const url = "http://localhost/hub?id=x&access_token=abc.def.ghi";
  const upgrade = new Request(url, { headers: { Upgrade: "websocket", Connection: "Upgrade" } });
  const eventStream = new Request(url, { headers: { Accept: "text/event-stream" } });
  assert.equal(bearerToken(upgrade), "abc.def.ghi");
  assert.equal(bearerToken(eventStream), "abc.def.ghi");
});

Deno.test("bearerToken ignores access_token in the query of negotiate, POSTs and long polls", () => {
  const negotiate = new Request("http://localhost/hub/negotiate?access_token=abc.def.ghi", {
    method: "POST",
  });
  const post = new Request("http://localhost/hub?id=x&access_token=abc.def.ghi", {
    method: "POST",
    headers: { Accept: "text/event-stream" },
  });
  const poll = new Request("http://localhost/hub?id=x&access_token=abc.def.ghi", {
    headers: { Accept: "*/*" },
  });
  for (const request of [negotiate, post, poll]) assert.equal(bearerToken(request), undefined);
});
