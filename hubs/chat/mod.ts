/**
 * The chat module: its hub mounted at `/hubs/chat`.
 *
 * @module
 */
import { type HubOptions, mapHub } from "../../signalr/mod.ts";
import type { AppModule } from "../../app.ts";
import { ChatHub } from "./chat_hub.ts";
import { CHAT_HUB_PATH } from "./contract.ts";

export { ChatHub, type ChatMessage } from "./chat_hub.ts";

/** Mounts the chat hub at `/hubs/chat`. */
export function chatModule(options: HubOptions = {}): AppModule {
  return { endpoints: [mapHub(CHAT_HUB_PATH, () => new ChatHub(), options)] };
}
