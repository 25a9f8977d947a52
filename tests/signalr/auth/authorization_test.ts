/**
 * Authorization rules: `isAuthorized` for users, roles and policies, and the
 * rules `@authorize` declares on hub classes and methods.
 */
import assert from "node:assert/strict";
import { authorize, Hub, type HubUser } from "../../../signalr/mod.ts";
import { isAuthorized, ruleOf } from "../../../signalr/auth/authorization.ts";

const ann: HubUser = { id: "ann", roles: ["User"] };
const root: HubUser = { id: "root", roles: ["User", "Admin"] };
const guest: HubUser = { id: "guest" };

Deno.test("no rule passes an anonymous caller: every rule needs a signed-in user", async () => {
  assert.equal(await isAuthorized(undefined, {}), false);
  assert.equal(await isAuthorized(undefined, { policy: () => true }), false);
});

Deno.test("an empty rule passes any signed-in user", async () => {
  assert.equal(await isAuthorized(guest, {}), true);
  assert.equal(await isAuthorized(ann, { roles: [] }), true);
});

Deno.test("roles: the user needs any one of them", async () => {
  assert.equal(await isAuthorized(root, { roles: ["Admin"] }), true);
  assert.equal(await isAuthorized(ann, { roles: ["Admin", "User"] }), true);
  assert.equal(await isAuthorized(ann, { roles: ["Admin"] }), false);
  assert.equal(await isAuthorized(guest, { roles: ["User"] }), false);
});

Deno.test("a synchronous policy decides for the user", async () => {
  const rule = { policy: (user: HubUser) => user.id === "ann" };
  assert.equal(await isAuthorized(ann, rule), true);
  assert.equal(await isAuthorized(root, rule), false);
});

Deno.test("an asynchronous policy is awaited", async () => {
  const rule = { policy: (user: HubUser) => Promise.resolve(user.id === "root") };
  assert.equal(await isAuthorized(root, rule), true);
  assert.equal(await isAuthorized(ann, rule), false);
});

Deno.test("roles and policy must both pass", async () => {
  const rule = { roles: ["Admin"], policy: (user: HubUser) => user.id !== "root" };
  assert.equal(await isAuthorized(root, rule), false);
  assert.equal(await isAuthorized({ id: "boss", roles: ["Admin"] }, rule), true);
  assert.equal(await isAuthorized(ann, { ...rule, policy: () => true }), false);
});

@authorize()
class GuardedHub extends Hub {
  @authorize({ roles: ["Admin"] })
  shutdown() {}

  status() {}
}

class OpenHub extends Hub {
  status() {}
}

Deno.test("@authorize() on a hub class declares an empty rule for it", () => {
  assert.deepEqual(ruleOf(GuardedHub), {});
  assert.equal(ruleOf(OpenHub), undefined);
});

Deno.test("@authorize({ roles }) on a method declares its rule; other methods have none", () => {
  assert.deepEqual(ruleOf(GuardedHub.prototype.shutdown), { roles: ["Admin"] });
  assert.equal(ruleOf(GuardedHub.prototype.status), undefined);
  assert.equal(ruleOf(OpenHub.prototype.status), undefined);
});
