/**
 * The chat hub from the seed article: rooms are groups; messages go to the
 * others in the room and are echoed to the sender with the server's timestamp.
 *
 * @module
 */
import { Hub, HubError } from "../../signalr/mod.ts";
import type { ChatCallerClients, ChatHubMethods, ChatMessage } from "./contract.ts";

/** A chat message as clients receive it is the contract's. */
export type { ChatMessage } from "./contract.ts";

/** The longest message text accepted. */
export const MAX_TEXT_LENGTH = 2000;
/** The longest room name accepted. */
export const MAX_ROOM_LENGTH = 64;
/** The longest user name accepted. */
export const MAX_USER_LENGTH = 64;

/** Key of the connection's joined rooms (room → user name) in `context.items`. */
const ROOMS = Symbol("chat rooms");

/**
 * Chat rooms over SignalR groups. Only members of a room may send to it or
 * signal typing there.
 *
 * Client → server: `SendMessage(user, text, room)`, `JoinRoom(user, room)`,
 * `LeaveRoom(user, room)`, `UserTyping(user, room)`.
 * Server → client: `ReceiveMessage(message)`, `MessageSent(message)`,
 * `UserJoined(user, room)`, `UserLeft(user, room)`, `UserTyping(user)`.
 */
export class ChatHub extends Hub implements ChatHubMethods {
  /** The targets, typed by the contract: a wrong event name or payload fails `deno check`. */
  declare clients: ChatCallerClients;

  /** Sends `text` to the others in `room` and echoes it to the caller. */
  async sendMessage(user: unknown, text: unknown, room: unknown): Promise<void> {
    const message: ChatMessage = {
      user: requireName("user", user, MAX_USER_LENGTH),
      text: requireText(text),
      room: this.#joined(room),
      timestamp: new Date().toISOString(),
    };
    await this.clients.othersInGroup(message.room).send("ReceiveMessage", message);
    await this.clients.caller.send("MessageSent", message);
  }

  /** Adds the caller to `room` and tells the room, the caller included. */
  async joinRoom(user: unknown, room: unknown): Promise<void> {
    const name = requireName("user", user, MAX_USER_LENGTH);
    const roomName = requireName("room", room, MAX_ROOM_LENGTH);
    await this.groups.addToGroup(this.context.connectionId, roomName);
    this.#rooms().set(roomName, name);
    await this.clients.group(roomName).send("UserJoined", name, roomName);
  }

  /** Removes the caller from `room` and tells the others there. */
  async leaveRoom(user: unknown, room: unknown): Promise<void> {
    const name = requireName("user", user, MAX_USER_LENGTH);
    const roomName = requireName("room", room, MAX_ROOM_LENGTH);
    await this.groups.removeFromGroup(this.context.connectionId, roomName);
    if (this.#rooms().delete(roomName)) {
      await this.clients.group(roomName).send("UserLeft", name, roomName);
    }
  }

  /** Tells the others in `room` that `user` is typing. */
  async userTyping(user: unknown, room: unknown): Promise<void> {
    const name = requireName("user", user, MAX_USER_LENGTH);
    await this.clients.othersInGroup(this.#joined(room)).send("UserTyping", name);
  }

  /** Tells every room the connection was in that its user left. */
  override async onDisconnected(): Promise<void> {
    for (const [room, user] of this.#rooms()) {
      await this.clients.othersInGroup(room).send("UserLeft", user, room);
    }
  }

  /** The room name, if the caller has joined it; only members may speak in a room. */
  #joined(room: unknown): string {
    const name = requireName("room", room, MAX_ROOM_LENGTH);
    if (!this.#rooms().has(name)) throw new HubError(`Join the room '${name}' first.`);
    return name;
  }

  #rooms(): Map<string, string> {
    let rooms = this.context.items.get(ROOMS) as Map<string, string> | undefined;
    if (!rooms) this.context.items.set(ROOMS, rooms = new Map());
    return rooms;
  }
}

function requireName(field: string, value: unknown, max: number): string {
  if (typeof value !== "string") throw new HubError(`The ${field} name must be a string.`);
  const name = value.trim();
  if (name.length === 0) throw new HubError(`The ${field} name must not be empty.`);
  if (name.length > max) {
    throw new HubError(`The ${field} name must be at most ${max} characters long.`);
  }
  return name;
}

function requireText(value: unknown): string {
  if (typeof value !== "string") throw new HubError("The message text must be a string.");
  if (value.trim().length === 0) throw new HubError("The message text must not be empty.");
  if (value.length > MAX_TEXT_LENGTH) {
    throw new HubError(`The message text must be at most ${MAX_TEXT_LENGTH} characters long.`);
  }
  return value;
}
