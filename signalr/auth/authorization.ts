/**
 * Authorization rules for hubs and hub methods, declared with the
 * {@linkcode authorize} decorator (the equivalent of .NET's `[Authorize]`).
 *
 * @module
 */
import type { HubUser } from "../hub.ts";

/** Who may connect to a hub or call a method. Any rule requires a signed-in user. */
export interface AuthorizationRule {
  /** The user needs at least one of these roles. */
  readonly roles?: readonly string[];
  /** A further check of the user. */
  readonly policy?: (user: HubUser) => boolean | Promise<boolean>;
}

const rules = new WeakMap<object, AuthorizationRule>();

/**
 * Requires a signed-in user (and the rule's roles or policy) for a hub class
 * or one hub method.
 *
 * @example
 * ```ts
 * import { authorize } from "./authorization.ts";
 * import { Hub } from "../hub.ts";
 * @authorize()
 * class JobHub extends Hub {
 *   @authorize({ roles: ["Admin"] })
 *   async broadcastSystemNotification(message: string) {
 *     await this.clients.all.send("SystemNotification", message);
 *   }
 * }
 * ```
 */
export function authorize(rule: AuthorizationRule = {}) {
  // deno-lint-ignore ban-types
  return <T extends Function>(
    target: T,
    _context: ClassDecoratorContext | ClassMethodDecoratorContext,
  ): T => {
    rules.set(target, rule);
    return target;
  };
}

/**
 * The rule declared on a hub method function, or on a hub class or one of
 * its base classes (a rule is inherited, as .NET's `[Authorize]` is).
 */
export function ruleOf(target: object): AuthorizationRule | undefined {
  for (
    let current: object | null = target;
    current;
    current = typeof current === "function" ? Object.getPrototypeOf(current) : null
  ) {
    const rule = rules.get(current);
    if (rule) return rule;
  }
  return undefined;
}

/** Whether `user` satisfies `rule`. */
export async function isAuthorized(
  user: HubUser | undefined,
  rule: AuthorizationRule,
): Promise<boolean> {
  if (!user) return false;
  if (rule.roles?.length && !rule.roles.some((role) => user.roles?.includes(role))) return false;
  return rule.policy ? await rule.policy(user) : true;
}
