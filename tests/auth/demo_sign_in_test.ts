import assert from "node:assert/strict";
import { verify } from "hono/jwt";
import { createApp } from "../../app.ts";
import { demoSignIn } from "../../auth/demo_sign_in.ts";

const SECRET = "0123456789abcdef0123456789abcdef";

function post(app: ReturnType<typeof createApp>, body: string): Promise<Response> {
  return Promise.resolve(app.hono.request("/api/token", {
    method: "POST",
    body,
    headers: { "Content-Type": "application/json" },
  }));
}

Deno.test("POST /api/token signs a token whose sub is the name and role the role", async () => {
  const app = createApp([demoSignIn(SECRET)], { demoSignIn: true });
  const response = await post(app, JSON.stringify({ name: " Ann ", role: "Admin" }));
  assert.equal(response.status, 200);
  const body = await response.json();
  assert.equal(body.user, "Ann");
  assert.equal(body.role, "Admin");
  const claims = await verify(body.token, SECRET, "HS256");
  assert.equal(claims.sub, "Ann");
  assert.equal(claims.role, "Admin");
  assert.ok((claims.exp as number) > Date.now() / 1000);
});

Deno.test("POST /api/token refuses bad input with a JSON problem", async () => {
  const app = createApp([demoSignIn(SECRET)], { demoSignIn: true });
  for (
    const body of [
      "not json",
      "{}",
      JSON.stringify({ name: "" }),
      JSON.stringify({ name: "<script>" }),
      JSON.stringify({ name: "x".repeat(33) }),
      JSON.stringify({ name: "Ann", role: "Root" }),
    ]
  ) {
    const response = await post(app, body);
    assert.equal(response.status, 400, body);
    assert.equal(typeof (await response.json()).title, "string");
  }
});

Deno.test("without demo sign-in there is no /api/token and /api/config says so", async () => {
  const app = createApp([]);
  assert.equal((await post(app, JSON.stringify({ name: "Ann" }))).status, 404);
  assert.deepEqual(await (await app.hono.request("/api/config")).json(), { demoSignIn: false });
});
