/// <reference lib="dom" />
/**
 * The signed-in session every demo page shares (bundled to /js/session.js):
 * keeps the demo sign-in's token in localStorage (forgotten once its `exp`
 * has passed), and renders who is signed in into the page's `#session` slot:
 * the user and a Sign out button, or, when the server offers demo sign-in, a
 * small sign-in form. Exposes `globalThis.switchboardSession` for the page
 * scripts. User data only ever reaches the page through textContent.
 *
 * @module
 */
import { exposeSession, type SessionView, type SwitchboardSession } from "./session_api.ts";

const STORAGE_KEY = "switchboard.session";
/** setTimeout's longest delay, in ms; a later expiry is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const ROLES = ["User", "Admin"];

/** A stored, still valid session. */
interface Session extends SessionView {
  readonly token: string;
  /** When the token expires, ms since the epoch. */
  readonly expiresAt: number;
}

const listeners = new Set<(view: SessionView | undefined) => void>();
let expiryTimer: ReturnType<typeof setTimeout> | undefined;

/** The stored session if its token is still valid; forgets an expired or unreadable one. */
function current(): Session | undefined {
  const token = localStorage.getItem(STORAGE_KEY);
  if (token === null) return undefined;
  const claims = claimsOf(token);
  if (typeof claims?.exp !== "number" || claims.exp * 1000 <= Date.now()) {
    localStorage.removeItem(STORAGE_KEY);
    return undefined;
  }
  const user = String(claims.name ?? claims.sub);
  const role = typeof claims.role === "string" ? claims.role : undefined;
  return { token, user, role, expiresAt: claims.exp * 1000 };
}

/** A JWT's payload (its claims), or undefined when it is not a JWT. */
function claimsOf(token: string): Record<string, unknown> | undefined {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

/** What listeners see of a session: `{ user, role }`, or undefined when signed out. */
function viewOf(session: Session | undefined): SessionView | undefined {
  return session && { user: session.user, role: session.role };
}

/** Tells every listener (and the header) about the session now, and re-arms the expiry timer. */
function changed(): void {
  const session = current();
  clearTimeout(expiryTimer);
  if (session) {
    expiryTimer = setTimeout(changed, Math.min(session.expiresAt - Date.now(), MAX_TIMER_MS));
  }
  for (const listener of listeners) listener(viewOf(session));
}

/** Asks the server's demo sign-in for a token; throws with the server's explanation. */
async function signIn(name: string, role: string): Promise<SessionView | undefined> {
  const response = await fetch("/api/token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, role }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.title ?? `Sign-in failed (HTTP ${response.status}).`);
  }
  localStorage.setItem(STORAGE_KEY, body.token);
  changed();
  return viewOf(current());
}

/** Forgets the token. */
function signOut(): void {
  localStorage.removeItem(STORAGE_KEY);
  changed();
}

// The header slot.

const slot = document.getElementById("session");
/** Whether the server offers demo sign-in; undefined until /api/config answers. */
let demoSignIn: boolean | undefined;

/** Renders the session into the slot, or nothing while the config is still unknown. */
function render(view: SessionView | undefined): void {
  if (!slot) return;
  if (view) slot.replaceChildren(signedIn(view));
  else if (demoSignIn === undefined) slot.replaceChildren();
  else slot.replaceChildren(demoSignIn ? signInForm() : text("span", "Not signed in"));
}

/** "Signed in as Ann (Admin)" and a Sign out button. */
function signedIn({ user, role }: SessionView): HTMLElement {
  const label = text("span", "Signed in as ");
  label.dataset.testid = "session-user";
  label.append(text("strong", user), role ? ` (${role})` : "");
  const button = text("button", "Sign out");
  button.type = "button";
  button.className = "session-button";
  button.dataset.testid = "sign-out";
  button.addEventListener("click", signOut);
  const box = document.createElement("div");
  box.className = "session-box";
  box.append(label, button);
  return box;
}

/** Name, role and Sign in; shows the server's explanation when it refuses. */
function signInForm(): HTMLFormElement {
  const form = document.createElement("form");
  form.className = "session-form";
  form.autocomplete = "off";
  const fields = document.createElement("fieldset");
  const name = document.createElement("input");
  name.required = true;
  name.maxLength = 32;
  name.placeholder = "Name";
  name.setAttribute("aria-label", "Name");
  name.dataset.testid = "session-name";
  const role = document.createElement("select");
  role.setAttribute("aria-label", "Role");
  role.dataset.testid = "session-role";
  role.append(...ROLES.map((r) => new Option(r, r)));
  const button = text("button", "Sign in");
  button.type = "submit";
  button.className = "session-button";
  button.dataset.testid = "sign-in";
  const error = text("p", "");
  error.className = "session-error";
  error.dataset.testid = "session-error";
  error.setAttribute("role", "alert");
  error.hidden = true;
  fields.append(name, role, button);
  form.append(fields, error);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    fields.disabled = true;
    error.hidden = true;
    try {
      await signIn(name.value, role.value);
    } catch (failure) {
      error.textContent = failure instanceof Error ? failure.message : String(failure);
      error.hidden = false;
      fields.disabled = false;
      name.focus();
    }
  });
  return form;
}

/** A new `tag` element holding `content` as text. */
function text<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  content: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.textContent = content;
  return element;
}

/** Reads whether demo sign-in is on; an unreachable server counts as off. */
async function loadConfig(): Promise<void> {
  try {
    const response = await fetch("/api/config");
    demoSignIn = response.ok && (await response.json()).demoSignIn === true;
  } catch {
    demoSignIn = false;
  }
  render(viewOf(current()));
}

const api: SwitchboardSession = Object.freeze({
  token: () => current()?.token,
  user: () => current()?.user,
  role: () => current()?.role,
  signIn,
  signOut,
  onChange(callback: (view: SessionView | undefined) => void) {
    listeners.add(callback);
    return () => void listeners.delete(callback);
  },
});

listeners.add(render);
// Another tab signed in or out.
addEventListener("storage", (event) => {
  if (event.key === STORAGE_KEY || event.key === null) changed();
});
exposeSession(api);
changed();
loadConfig();
