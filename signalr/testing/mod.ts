/**
 * Switchboard's testing kit for hub authors, a separate entry beside the
 * engine's `mod.ts`: {@linkcode HubTestKit} unit-tests hub methods against a
 * recording context; {@linkcode startTestServer} serves hubs on a loopback
 * port for tests with the official `@microsoft/signalr` client.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hub, mapHub } from "../mod.ts";
 * import { HubTestKit, startTestServer } from "./mod.ts";
 * class GreeterHub extends Hub {
 *   async greet(name: string) {
 *     await this.clients.caller.send("Greeted", `Hello, ${name}!`);
 *   }
 * }
 *
 * // A unit test: no server, every send recorded.
 * const kit = new HubTestKit();
 * await kit.invoke(new GreeterHub(), "Greet", "Ann");
 * assert.deepEqual(kit.sent, [{ to: "caller", method: "Greeted", args: ["Hello, Ann!"] }]);
 *
 * // An integration test: a real server and the official client.
 * await using server = startTestServer(mapHub("/hubs/greeter", () => new GreeterHub()));
 * const connection = await server.connect();
 * const greeted = new Promise((resolve) => connection.on("Greeted", resolve));
 * await connection.invoke("Greet", "Bob");
 * assert.equal(await greeted, "Hello, Bob!");
 * ```
 *
 * @module
 */
export {
  type ExpectedMessage,
  type HubMethodName,
  type HubMethodResult,
  HubTestKit,
  type HubTestKitOptions,
} from "./hub_test_kit.ts";
export type { SendTarget, SentMessage } from "./recording_clients.ts";
export { type GroupChange, RecordingGroups } from "./recording_groups.ts";
export {
  type Servable,
  startTestServer,
  type TestConnectionOptions,
  type TestServer,
} from "./test_server.ts";
