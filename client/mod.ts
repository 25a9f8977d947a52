/**
 * Switchboard's typed client: the official `@microsoft/signalr` client with
 * calls typed by a hub contract, events and the connection state as RxJS
 * Observables, automatic reconnect, an access-token factory, and group
 * re-joining after every reconnect. Runs in browsers, Deno and Node; needs
 * only `@microsoft/signalr` and `rxjs`.
 *
 * @example
 * ```ts
 * import { hubClient } from "./mod.ts";
 * import type { ChatContract } from "../hubs/chat/contract.ts";
 * const chat = hubClient<ChatContract>("http://127.0.0.1:8000/hubs/chat", {
 *   reconnect: [0, 2000, 10000],
 * });
 * chat.on("ReceiveMessage").subscribe((message) => console.log(message.user, message.text));
 * chat.rejoin(() => chat.invoke("JoinRoom", "Ann", "lobby"));
 * // await chat.start();
 * // await chat.invoke("SendMessage", "Ann", "Hello", "lobby");
 * ```
 *
 * @module
 */
export { type ConnectionState, HubClient, hubClient } from "./hub_client.ts";
export { buildConnection, type HubClientOptions } from "./options.ts";
export type {
  ArgsOf,
  EventPayload,
  EventTuple,
  HubContract,
  InvokeMethodName,
  InvokeResult,
  MethodName,
  StreamItem,
  StreamMethodName,
} from "./contract.ts";
export type {
  ClientProxyOf,
  HubCallerClientsOf,
  HubClientsOf,
  HubContextOf,
  HubMethodsOf,
  SingleClientProxyOf,
} from "./hub_typing.ts";
