/**
 * Finds the invocable methods of a hub class: its public prototype methods,
 * looked up case-insensitively as ASP.NET Core does.
 *
 * @module
 */
import { type AuthorizationRule, ruleOf } from "./auth/authorization.ts";
import { Hub } from "./hub.ts";

/** One invocable hub method. */
export interface HubMethod {
  /** The method's name as declared. */
  readonly name: string;
  /** How many arguments it declares (`Function.length`). */
  readonly parameterCount: number;
  /** Whether it is an async generator, i.e. streams its results. */
  readonly streaming: boolean;
  /** Who may call it, if restricted (see `authorize`). */
  readonly rule: AuthorizationRule | undefined;
  /** Calls the method on a hub instance. */
  readonly invoke: (hub: Hub, args: readonly unknown[]) => unknown;
}

const LIFECYCLE = new Set(["constructor", "onconnected", "ondisconnected"]);
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor;

/**
 * Maps lower-cased names to the methods of `hub`'s class and its ancestors up
 * to {@linkcode Hub}. Names starting with `_` and the lifecycle methods are not
 * invocable; `#private` methods are invisible anyway.
 *
 * @example
 * ```ts
 * import { Hub } from "./hub.ts";
 * import { discoverHubMethods } from "./hub_methods.ts";
 * class ChatHub extends Hub { sendMessage(_text: string) {} }
 * discoverHubMethods(new ChatHub()).get("sendmessage")?.parameterCount; // 1
 * ```
 */
export function discoverHubMethods(hub: Hub): Map<string, HubMethod> {
  const methods = new Map<string, HubMethod>();
  for (
    let proto = Object.getPrototypeOf(hub);
    proto && proto !== Hub.prototype && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const key = name.toLowerCase();
      if (LIFECYCLE.has(key) || name.startsWith("_") || methods.has(key)) continue;
      const fn = Object.getOwnPropertyDescriptor(proto, name)?.value;
      if (typeof fn !== "function") continue;
      methods.set(key, {
        name,
        parameterCount: fn.length,
        streaming: fn instanceof AsyncGeneratorFunction,
        rule: ruleOf(fn),
        invoke: (target, args) => fn.apply(target, args),
      });
    }
  }
  return methods;
}
