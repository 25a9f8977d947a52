/**
 * The chat hub's contract, shared by the hub, the demo page and any typed
 * client: its path, the methods clients invoke and the events it sends, with
 * their payloads. Types and constants only; imports nothing from the server.
 *
 * @example
 * ```ts
 * import type { ChatContract } from "./contract.ts";
 * import { hubClient } from "../../client/mod.ts";
 * const chat = hubClient<ChatContract>("http://127.0.0.1:8000/hubs/chat");
 * chat.on("ReceiveMessage").subscribe((message) => console.log(message.text));
 * ```
 *
 * @module
 */
import type { HubContract } from "../../client/contract.ts";
import type { HubCallerClientsOf, HubMethodsOf } from "../../client/hub_typing.ts";

/** Where the chat hub is mounted. */
export const CHAT_HUB_PATH = "/hubs/chat";

/** A chat message as clients receive it. */
export interface ChatMessage {
  readonly user: string;
  readonly text: string;
  readonly room: string;
  /** When the server received it, ISO 8601. */
  readonly timestamp: string;
}

/** Client → server. Only members of a room may send to it or signal typing there. */
export interface ChatServerMethods {
  /** Sends `text` to the others in `room`; the caller gets `MessageSent`. */
  SendMessage(user: string, text: string, room: string): void;
  /** Joins `room`; everyone there, the caller included, gets `UserJoined`. */
  JoinRoom(user: string, room: string): void;
  /** Leaves `room`; the others there get `UserLeft`. */
  LeaveRoom(user: string, room: string): void;
  /** Tells the others in `room` that `user` is typing. */
  UserTyping(user: string, room: string): void;
}

/** Server → client. */
export interface ChatClientEvents {
  /** Someone else's message in a room the client joined. */
  ReceiveMessage(message: ChatMessage): void;
  /** The caller's own message, with the server's timestamp. */
  MessageSent(message: ChatMessage): void;
  /** `user` joined `room`. */
  UserJoined(user: string, room: string): void;
  /** `user` left `room` (or disconnected). */
  UserLeft(user: string, room: string): void;
  /** `user` is typing in the client's room. */
  UserTyping(user: string): void;
}

/** Both sides of the chat hub. */
export interface ChatContract extends HubContract {
  readonly server: ChatServerMethods;
  readonly client: ChatClientEvents;
}

/** What the `ChatHub` class implements: `sendMessage`, `joinRoom`, `leaveRoom`, `userTyping`. */
export type ChatHubMethods = HubMethodsOf<ChatServerMethods>;

/** The chat hub's `this.clients`, sending only chat events. */
export type ChatCallerClients = HubCallerClientsOf<ChatClientEvents>;
