/**
 * Switchboard's hub engine: an ASP.NET Core SignalR compatible server for Deno.
 * It knows nothing of any application; mount hubs with {@linkcode mapHub} and
 * hand their `fetch` to any Web-standard server.
 *
 * @example
 * ```ts
 * import { Hub, mapHub } from "./mod.ts";
 * class ChatHub extends Hub {
 *   async send(text: string) {
 *     await this.clients.all.send("Receive", text);
 *   }
 * }
 * const chat = mapHub("/hubs/chat", () => new ChatHub());
 * // Deno.serve((request) => chat.fetch(request));
 * await chat.close();
 * ```
 *
 * @module
 */
export { Hub, type HubCallerContext, HubError, type HubUser } from "./hub.ts";
export { HubEndpoint, type HubStats, mapHub } from "./hub_endpoint.ts";
export type { ConnectionEvent, HubObserver, InvocationEvent } from "./observer.ts";
export type {
  ClientProxy,
  GroupManager,
  HubCallerClients,
  HubClients,
  HubContext,
  SingleClientProxy,
} from "./clients.ts";
export type { HubOptions, TransportName } from "./options.ts";
export type { RateLimit } from "./rate_limiter.ts";
export { type AuthorizationRule, authorize } from "./auth/authorization.ts";
export {
  AuthenticationError,
  type JwtAlgorithm,
  jwtBearer,
  type JwtBearerOptions,
} from "./auth/jwt_bearer.ts";
export type { Audience, HubLifetimeManager } from "./lifetime/lifetime_manager.ts";
export { MemoryLifetimeManager } from "./lifetime/memory.ts";
export { type Backplane, BackplaneLifetimeManager } from "./lifetime/backplane.ts";
export { RedisBackplane } from "./lifetime/redis_backplane.ts";
export type { HubProtocol, TransferFormat } from "./protocol/hub_protocol.ts";
export { jsonProtocol } from "./protocol/json_protocol.ts";
export { messagePackProtocol } from "./protocol/messagepack_protocol.ts";
export { ProtocolError } from "./protocol/messages.ts";
