import assert from "node:assert/strict";
import { VARIANTS, withConformance } from "./fixture.ts";

for (const variant of VARIANTS) {
  Deno.test(`/authorizedhub accepts a token from /generateJwtToken over ${variant.name}`, async () => {
    await withConformance(async ({ url, connect }) => {
      const token = await (await fetch(`${url}/generateJwtToken`)).text();
      const connection = await connect({
        path: "/authorizedhub",
        transport: variant.transport,
        protocol: variant.protocol(),
        accessTokenFactory: () => token,
      });
      assert.equal(await connection.invoke("Echo", "hello"), "hello");
      assert.match(await connection.invoke("GetUserNameIdentifier"), /^[0-9a-f-]{36}$/);
      assert.equal(await connection.invoke("GetUserClaim", "name"), "testuser");
    });
  });
}

Deno.test("/authorizedhub refuses a client without a token", async () => {
  await withConformance(async ({ build }) => {
    const connection = build({ path: "/authorizedhub" });
    await assert.rejects(connection.start(), /401/);
  });
});

Deno.test("/authorizedhub refuses a token it did not issue", async () => {
  await withConformance(async ({ url, build }) => {
    const token = await (await fetch(`${url}/generateJwtToken`)).text();
    const forged = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    const connection = build({ path: "/authorizedhub", accessTokenFactory: () => forged });
    await assert.rejects(connection.start(), /401/);
  });
});
