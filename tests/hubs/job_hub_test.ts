import assert from "node:assert/strict";
import { sign } from "hono/jwt";
import { jobsModule } from "../../hubs/jobs/mod.ts";
import { jwtBearer } from "../../signalr/mod.ts";
import { connectTo, nextEvent, serve, type TestServer } from "../helpers/server.ts";

const SECRET = "0123456789abcdef0123456789abcdef";

function token(sub: string, role: string): Promise<string> {
  return sign({ sub, role, exp: Math.floor(Date.now() / 1000) + 600 }, SECRET, "HS256");
}

function start(): TestServer {
  const module = jobsModule({ authenticate: jwtBearer({ algorithm: "HS256", key: SECRET }) });
  const [endpoint] = module.endpoints;
  return serve((r) => endpoint.fetch(r), () => endpoint.close());
}

function asUser(server: TestServer, sub: string, role = "User") {
  return connectTo(`${server.url}/hubs/job`, { accessTokenFactory: () => token(sub, role) });
}

Deno.test("the job hub refuses anonymous clients", async () => {
  const server = start();
  try {
    await assert.rejects(connectTo(`${server.url}/hubs/job`), /401/);
  } finally {
    await server.close();
  }
});

Deno.test("SubscribeToJob confirms and UnsubscribeFromJob confirms; bad ids are refused", async () => {
  const server = start();
  const ann = await asUser(server, "ann");
  try {
    const confirmed = nextEvent(ann, "SubscriptionConfirmed");
    await ann.invoke("SubscribeToJob", 7);
    assert.deepEqual(await confirmed, [7]);
    const left = nextEvent(ann, "UnsubscriptionConfirmed");
    await ann.invoke("UnsubscribeFromJob", 7);
    assert.deepEqual(await left, [7]);
    for (const bad of [0, -1, 1.5, "7", null]) {
      await assert.rejects(
        ann.invoke("SubscribeToJob", bad),
        /HubException: The job id must be a positive integer\./,
      );
    }
  } finally {
    await ann.stop();
    await server.close();
  }
});

Deno.test("BroadcastSystemNotification is for admins only and reaches every client", async () => {
  const server = start();
  const admin = await asUser(server, "root", "Admin");
  const ann = await asUser(server, "ann");
  try {
    await assert.rejects(
      ann.invoke("BroadcastSystemNotification", "hi"),
      (e: Error) =>
        e.message === "Failed to invoke 'BroadcastSystemNotification' because user is unauthorized",
    );
    const toAnn = nextEvent(ann, "SystemNotification");
    const toAdmin = nextEvent(admin, "SystemNotification");
    await admin.invoke("BroadcastSystemNotification", "Maintenance in 5 minutes");
    assert.deepEqual(await toAnn, ["Maintenance in 5 minutes"]);
    assert.deepEqual(await toAdmin, ["Maintenance in 5 minutes"]);
    await assert.rejects(admin.invoke("BroadcastSystemNotification", " "), /non-empty string/);
  } finally {
    await ann.stop();
    await admin.stop();
    await server.close();
  }
});
