/**
 * The chat hub with official clients in two rooms: who hears what, the shape
 * of a message, and the errors bad input gets.
 */
import assert from "node:assert/strict";
import type { HubConnection } from "@microsoft/signalr";
import { type ChatMessage, chatModule } from "../../hubs/chat/mod.ts";
import { connectTo, serve } from "../helpers/server.ts";

const EVENTS = ["ReceiveMessage", "MessageSent", "UserJoined", "UserLeft", "UserTyping"];

/** One chat client and the events it received, each as `[name, ...args]`. */
interface Member {
  readonly connection: HubConnection;
  readonly events: unknown[][];
}

type Members = Record<string, Member>;

/** Where each member starts. */
const ROOMS = { ann: "lobby", bob: "lobby", cat: "lobby", dan: "games" };

/**
 * Serves the chat module, connects ann, bob and cat to room "lobby" and dan to
 * room "games", forgets the join events, and runs `body`.
 */
async function chatRooms(body: (members: Members) => Promise<void>): Promise<void> {
  const [endpoint] = chatModule({ logError: () => {} }).endpoints;
  assert.equal(endpoint.path, "/hubs/chat");
  const server = serve((request) => endpoint.fetch(request), () => endpoint.close());
  const members: Members = {};
  try {
    for (const [name, room] of Object.entries(ROOMS)) {
      members[name] = await join(`${server.url}/hubs/chat`);
      await members[name].connection.invoke("JoinRoom", name, room);
    }
    await take(members);
    await body(members);
  } finally {
    await Promise.all(Object.values(members).map((member) => member.connection.stop()));
    await server.close();
  }
}

async function join(url: string): Promise<Member> {
  const connection = await connectTo(url);
  const events: unknown[][] = [];
  for (const name of EVENTS) connection.on(name, (...args) => events.push([name, ...args]));
  return { connection, events };
}

/**
 * Every member's events since the last call. A round trip on each connection
 * first (leaving a room it never joined, which tells no one) makes sure that
 * any event sent before has arrived.
 */
async function take(members: Members): Promise<Record<string, unknown[][]>> {
  await Promise.all(
    Object.values(members).map((member) => member.connection.invoke("LeaveRoom", "x", "nowhere")),
  );
  return Object.fromEntries(
    Object.entries(members).map(([name, member]) => [name, member.events.splice(0)]),
  );
}

const hubError = (method: string, text: string) => ({
  message: `An unexpected error occurred invoking '${method}' on the server. HubException: ${text}`,
});

Deno.test("SendMessage reaches the others in the room only and echoes MessageSent to the sender", async () => {
  await chatRooms(async (members) => {
    await members.ann.connection.invoke("SendMessage", "ann", "hello lobby", "lobby");
    const seen = await take(members);
    const message = seen.ann[0]?.[1];
    assert.deepEqual(seen, {
      ann: [["MessageSent", message]],
      bob: [["ReceiveMessage", message]],
      cat: [["ReceiveMessage", message]],
      dan: [],
    });

    await members.dan.connection.invoke("SendMessage", "dan", "hello games", "games");
    assert.deepEqual((await take(members)).ann, []);
  });
});

Deno.test("a message is { user, text, room, timestamp } with the server's ISO timestamp", async () => {
  await chatRooms(async ({ ann, bob }) => {
    const before = Date.now();
    const received = new Promise((resolve) => bob.connection.on("ReceiveMessage", resolve));
    await ann.connection.invoke("SendMessage", "ann", "  spaced text  ", "lobby");
    const after = Date.now();
    const message = await received as ChatMessage;
    assert.deepEqual(message, {
      user: "ann",
      text: "  spaced text  ",
      room: "lobby",
      timestamp: message.timestamp,
    });
    assert.match(message.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(new Date(message.timestamp).toISOString(), message.timestamp);
    const sentAt = Date.parse(message.timestamp);
    assert.ok(before <= sentAt && sentAt <= after, `${message.timestamp} is not the send time`);
  });
});

Deno.test("JoinRoom tells everyone in the room, the joiner included", async () => {
  await chatRooms(async (members) => {
    await members.dan.connection.invoke("JoinRoom", "dan", "lobby");
    const joined = [["UserJoined", "dan", "lobby"]];
    assert.deepEqual(await take(members), { ann: joined, bob: joined, cat: joined, dan: joined });

    await members.dan.connection.invoke("SendMessage", "dan", "in both rooms", "lobby");
    const seen = await take(members);
    assert.deepEqual(seen.ann.map(([event]) => event), ["ReceiveMessage"]);
  });
});

Deno.test("UserTyping reaches the others in the room only", async () => {
  await chatRooms(async (members) => {
    await members.bob.connection.invoke("UserTyping", "bob", "lobby");
    const typing = [["UserTyping", "bob"]];
    assert.deepEqual(await take(members), { ann: typing, bob: [], cat: typing, dan: [] });
  });
});

Deno.test("LeaveRoom tells the room and stops the room's messages", async () => {
  await chatRooms(async (members) => {
    await members.cat.connection.invoke("LeaveRoom", "cat", "lobby");
    const left = [["UserLeft", "cat", "lobby"]];
    assert.deepEqual(await take(members), { ann: left, bob: left, cat: [], dan: [] });

    await members.ann.connection.invoke("SendMessage", "ann", "cat is gone", "lobby");
    await members.ann.connection.invoke("UserTyping", "ann", "lobby");
    const seen = await take(members);
    assert.deepEqual(seen.cat, []);
    assert.deepEqual(seen.bob.map(([event]) => event), ["ReceiveMessage", "UserTyping"]);
  });
});

Deno.test("a member who disconnects is announced as UserLeft in each of its rooms", async () => {
  await chatRooms(async (members) => {
    const { bob, ...rest } = members;
    await bob.connection.invoke("JoinRoom", "bob", "games");
    await take(members);
    const announcements = ["ann", "cat", "dan"].map((name) =>
      new Promise((resolve) => members[name].connection.on("UserLeft", (...args) => resolve(args)))
    );
    await bob.connection.stop();
    assert.deepEqual(await Promise.all(announcements), [
      ["bob", "lobby"],
      ["bob", "lobby"],
      ["bob", "games"],
    ]);
    const seen = await take(rest);
    assert.deepEqual(seen, {
      ann: [["UserLeft", "bob", "lobby"]],
      cat: [["UserLeft", "bob", "lobby"]],
      dan: [["UserLeft", "bob", "games"]],
    });
  });
});

Deno.test("bad input is rejected with a clear message and delivers nothing", async () => {
  await chatRooms(async (members) => {
    const invoke = (method: string, ...args: unknown[]) =>
      members.ann.connection.invoke(method, ...args);
    const cases: [string, unknown[], string][] = [
      ["SendMessage", ["ann", null, "lobby"], "The message text must be a string."],
      ["SendMessage", ["ann", 42, "lobby"], "The message text must be a string."],
      ["SendMessage", [42, "hi", "lobby"], "The user name must be a string."],
      ["SendMessage", ["ann", "hi", { room: "lobby" }], "The room name must be a string."],
      ["SendMessage", ["ann", "", "lobby"], "The message text must not be empty."],
      ["SendMessage", ["ann", "   ", "lobby"], "The message text must not be empty."],
      [
        "SendMessage",
        ["ann", "x".repeat(2001), "lobby"],
        "The message text must be at most 2000 characters long.",
      ],
      ["SendMessage", ["", "hi", "lobby"], "The user name must not be empty."],
      ["SendMessage", ["ann", "hi", ""], "The room name must not be empty."],
      [
        "SendMessage",
        ["ann", "hi", "r".repeat(65)],
        "The room name must be at most 64 characters long.",
      ],
      ["JoinRoom", ["ann", " "], "The room name must not be empty."],
      ["JoinRoom", [["ann"], "lobby"], "The user name must be a string."],
      ["LeaveRoom", ["ann", 7], "The room name must be a string."],
      ["UserTyping", ["ann", "r".repeat(65)], "The room name must be at most 64 characters long."],
    ];
    for (const [method, args, text] of cases) {
      await assert.rejects(invoke(method, ...args), hubError(method, text), `${method}(${args})`);
    }
    assert.deepEqual(await take(members), { ann: [], bob: [], cat: [], dan: [] });
  });
});

Deno.test("missing arguments are rejected as a failed invocation", async () => {
  await chatRooms(async ({ ann }) => {
    for (const args of [[], ["ann"], ["ann", "hi"]]) {
      await assert.rejects(ann.connection.invoke("SendMessage", ...args), {
        message: "Failed to invoke 'SendMessage' due to an error on the server.",
      });
    }
    await assert.rejects(ann.connection.invoke("JoinRoom", "ann"), {
      message: "Failed to invoke 'JoinRoom' due to an error on the server.",
    });
  });
});

Deno.test("a text of exactly 2,000 characters and a room name of 64 are accepted", async () => {
  await chatRooms(async (members) => {
    const room = "r".repeat(64);
    const text = "x".repeat(2000);
    await members.ann.connection.invoke("JoinRoom", "ann", room);
    await members.bob.connection.invoke("JoinRoom", "bob", room);
    await take(members);
    await members.ann.connection.invoke("SendMessage", "ann", text, room);
    const seen = await take(members);
    assert.deepEqual(seen.bob.map(([event, message]) => [event, (message as ChatMessage).text]), [
      ["ReceiveMessage", text],
    ]);
    assert.deepEqual(seen.cat, []);
  });
});
