/**
 * What the session script (session.ts, loaded first on every page) offers
 * the page scripts on `globalThis.switchboardSession`.
 *
 * @module
 */

/** Who is signed in, as listeners see it. */
export interface SessionView {
  readonly user: string;
  /** "User" or "Admin", if the token names a role. */
  readonly role: string | undefined;
}

/** The signed-in session every demo page shares. */
export interface SwitchboardSession {
  /** The bearer token of the signed-in user, or undefined. */
  token(): string | undefined;
  /** The signed-in user's name, or undefined. */
  user(): string | undefined;
  /** The signed-in user's role ("User" or "Admin"), or undefined. */
  role(): string | undefined;
  /** Asks the server's demo sign-in for a token; rejects with the server's explanation. */
  signIn(name: string, role: string): Promise<SessionView | undefined>;
  /** Forgets the token. */
  signOut(): void;
  /**
   * Calls `callback(view)`, or `callback(undefined)` once signed out, on
   * every change; returns a function that stops the calls.
   */
  onChange(callback: (view: SessionView | undefined) => void): () => void;
}

/** The global the session script sets. */
type WithSession = { switchboardSession: SwitchboardSession };

/** The page's session, as the session script exposes it. */
export function pageSession(): SwitchboardSession {
  return (globalThis as unknown as WithSession).switchboardSession;
}

/** Exposes `session` to the page scripts; the session script calls it once. */
export function exposeSession(session: SwitchboardSession): void {
  (globalThis as unknown as WithSession).switchboardSession = session;
}
