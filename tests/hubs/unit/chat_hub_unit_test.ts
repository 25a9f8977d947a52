/**
 * The chat hub as a unit, with the testing kit: who each method sends to,
 * rooms as groups, the rule that only members speak in a room, and the
 * errors bad input gets.
 */
import assert from "node:assert/strict";
import { HubError } from "../../../signalr/mod.ts";
import { type HubMethodName, HubTestKit } from "../../../signalr/testing/mod.ts";
import {
  ChatHub,
  type ChatMessage,
  MAX_ROOM_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_USER_LENGTH,
} from "../../../hubs/chat/chat_hub.ts";

/** A kit whose caller ("ann-connection") has joined room "lobby" as "ann"; nothing sent yet. */
async function annInLobby(): Promise<HubTestKit> {
  const kit = new HubTestKit({ connectionId: "ann-connection" });
  await kit.invoke(new ChatHub(), "JoinRoom", "ann", "lobby");
  kit.clearSent();
  return kit;
}

Deno.test("SendMessage sends ReceiveMessage to the others in the room and MessageSent to the caller", async () => {
  const kit = await annInLobby();
  await kit.invoke(new ChatHub(), "SendMessage", " ann ", "  hello lobby  ", "lobby");
  const [received, echoed] = kit.sent;
  assert.deepEqual(kit.sent, [
    { to: { othersInGroup: "lobby" }, method: "ReceiveMessage", args: received.args },
    { to: "caller", method: "MessageSent", args: received.args },
  ]);
  assert.equal(echoed.args[0], received.args[0], "one message object for both");
  const message = received.args[0] as ChatMessage;
  assert.deepEqual(message, {
    user: "ann",
    text: "  hello lobby  ",
    room: "lobby",
    timestamp: message.timestamp,
  });
  assert.equal(new Date(message.timestamp).toISOString(), message.timestamp);
});

Deno.test("JoinRoom adds the caller to the room's group and tells the room, the joiner included", async () => {
  const kit = new HubTestKit({ connectionId: "dan-connection" });
  await kit.invoke(new ChatHub(), "JoinRoom", "dan", " games ");
  assert.deepEqual(kit.groups.history, [
    { action: "add", connectionId: "dan-connection", group: "games" },
  ]);
  assert.deepEqual(kit.sent, [{
    to: { group: "games" },
    method: "UserJoined",
    args: ["dan", "games"],
  }]);
});

Deno.test("LeaveRoom removes the caller and tells the room; leaving a room never joined tells no one", async () => {
  const kit = await annInLobby();
  await kit.invoke(new ChatHub(), "LeaveRoom", "ann", "lobby");
  assert.deepEqual(kit.groups.of(), []);
  assert.deepEqual(kit.sent, [{
    to: { group: "lobby" },
    method: "UserLeft",
    args: ["ann", "lobby"],
  }]);

  kit.clearSent();
  await kit.invoke(new ChatHub(), "LeaveRoom", "ann", "nowhere");
  assert.deepEqual(kit.sent, []);
});

Deno.test("UserTyping reaches the others in the room only", async () => {
  const kit = await annInLobby();
  await kit.invoke(new ChatHub(), "UserTyping", "ann", "lobby");
  assert.deepEqual(kit.sent, [{
    to: { othersInGroup: "lobby" },
    method: "UserTyping",
    args: ["ann"],
  }]);
});

Deno.test("only members speak in a room: another connection must join first", async () => {
  const kit = await annInLobby();
  kit.connectionId = "bob-connection";
  const joinFirst = new HubError("Join the room 'lobby' first.");
  await assert.rejects(kit.invoke(new ChatHub(), "SendMessage", "bob", "hi", "lobby"), joinFirst);
  await assert.rejects(kit.invoke(new ChatHub(), "UserTyping", "bob", "lobby"), joinFirst);
  assert.deepEqual(kit.sent, []);

  await kit.invoke(new ChatHub(), "JoinRoom", "bob", "lobby");
  await kit.invoke(new ChatHub(), "SendMessage", "bob", "hi", "lobby");
  kit.assertSent({ to: "caller", method: "MessageSent" });
});

Deno.test("bad input gets a clear HubError and sends nothing", async () => {
  const kit = await annInLobby();
  const cases: [HubMethodName<ChatHub>, unknown[], string][] = [
    ["SendMessage", ["ann", "", "lobby"], "The message text must not be empty."],
    ["SendMessage", ["ann", "   ", "lobby"], "The message text must not be empty."],
    ["SendMessage", ["ann", 42, "lobby"], "The message text must be a string."],
    [
      "SendMessage",
      ["ann", "x".repeat(MAX_TEXT_LENGTH + 1), "lobby"],
      `The message text must be at most ${MAX_TEXT_LENGTH} characters long.`,
    ],
    ["SendMessage", [null, "hi", "lobby"], "The user name must be a string."],
    ["JoinRoom", ["ann", " "], "The room name must not be empty."],
    [
      "JoinRoom",
      ["ann", "r".repeat(MAX_ROOM_LENGTH + 1)],
      `The room name must be at most ${MAX_ROOM_LENGTH} characters long.`,
    ],
    [
      "JoinRoom",
      ["u".repeat(MAX_USER_LENGTH + 1), "lobby"],
      `The user name must be at most ${MAX_USER_LENGTH} characters long.`,
    ],
    ["LeaveRoom", ["ann", 7], "The room name must be a string."],
  ];
  for (const [method, args, error] of cases) {
    await assert.rejects(
      kit.invoke(new ChatHub(), method, ...args),
      new HubError(error),
      `${method}(${args.join(", ")})`,
    );
  }
  assert.deepEqual(kit.sent, []);
  assert.deepEqual(kit.groups.of(), ["lobby"]);
});

Deno.test("a disconnect tells the others in every room the connection had joined", async () => {
  const kit = await annInLobby();
  await kit.invoke(new ChatHub(), "JoinRoom", "ann", "games");
  kit.clearSent();
  await kit.attach(new ChatHub()).onDisconnected();
  assert.deepEqual(kit.sent, [
    { to: { othersInGroup: "lobby" }, method: "UserLeft", args: ["ann", "lobby"] },
    { to: { othersInGroup: "games" }, method: "UserLeft", args: ["ann", "games"] },
  ]);
});
