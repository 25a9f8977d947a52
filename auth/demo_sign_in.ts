/**
 * Demo sign-in: `POST /api/token` with `{ name, role }` returns a signed JWT,
 * so the demo pages can try the protected hubs. Only for development: main.ts
 * mounts it in dev mode or when `DEMO_SIGN_IN` is set.
 *
 * @module
 */
import type { Hono } from "hono";
import { sign } from "hono/jwt";
import type { AppModule } from "../app.ts";

/** Roles the demo offers. */
export const DEMO_ROLES = ["User", "Admin"] as const;

/** How long a demo token lives, in seconds. */
export const DEMO_TOKEN_LIFETIME = 8 * 60 * 60;

/**
 * Mounts `POST /api/token`. Tokens are HS256-signed with `secret`, `sub` is the
 * name, `role` the chosen role.
 */
export function demoSignIn(secret: string, algorithm = "HS256"): AppModule {
  return {
    endpoints: [],
    mount(app: Hono) {
      app.post("/api/token", async (c) => {
        let body: unknown;
        try {
          body = await c.req.json();
        } catch {
          return c.json({ title: "The body must be JSON: { name, role }." }, 400);
        }
        const { name, role = "User" } = (body ?? {}) as { name?: unknown; role?: unknown };
        if (typeof name !== "string" || !/^[\p{L}\p{N} ._-]{1,32}$/u.test(name.trim())) {
          return c.json({ title: "name must be 1 to 32 letters, digits, spaces, . _ or -." }, 400);
        }
        if (typeof role !== "string" || !(DEMO_ROLES as readonly string[]).includes(role)) {
          return c.json({ title: `role must be one of ${DEMO_ROLES.join(", ")}.` }, 400);
        }
        const now = Math.floor(Date.now() / 1000);
        const exp = now + DEMO_TOKEN_LIFETIME;
        const user = name.trim();
        const token = await sign(
          { sub: user, name: user, role, iat: now, exp },
          secret,
          algorithm as "HS256",
        );
        return c.json({ token, user, role, expiresAt: new Date(exp * 1000).toISOString() });
      });
    },
  };
}
