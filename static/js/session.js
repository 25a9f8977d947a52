// Built from static/src/session.ts by `deno task bundle` (Deno 2.9.6): edit the source, not this file.
(() => {
  // static/src/session_api.ts
  function exposeSession(session) {
    globalThis.switchboardSession = session;
  }

  // static/src/session.ts
  var STORAGE_KEY = "switchboard.session";
  var MAX_TIMER_MS = 2 ** 31 - 1;
  var ROLES = [
    "User",
    "Admin"
  ];
  var listeners = /* @__PURE__ */ new Set();
  var expiryTimer;
  function current() {
    const token = localStorage.getItem(STORAGE_KEY);
    if (token === null) return void 0;
    const claims = claimsOf(token);
    if (typeof claims?.exp !== "number" || claims.exp * 1e3 <= Date.now()) {
      localStorage.removeItem(STORAGE_KEY);
      return void 0;
    }
    const user = String(claims.name ?? claims.sub);
    const role = typeof claims.role === "string" ? claims.role : void 0;
    return {
      token,
      user,
      role,
      expiresAt: claims.exp * 1e3
    };
  }
  function claimsOf(token) {
    try {
      const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return void 0;
    }
  }
  function viewOf(session) {
    return session && {
      user: session.user,
      role: session.role
    };
  }
  function changed() {
    const session = current();
    clearTimeout(expiryTimer);
    if (session) {
      expiryTimer = setTimeout(changed, Math.min(session.expiresAt - Date.now(), MAX_TIMER_MS));
    }
    for (const listener of listeners) listener(viewOf(session));
  }
  async function signIn(name, role) {
    const response = await fetch("/api/token", {
      method: "POST",
      headers: {
        "Content-Type": "application/json"
      },
      body: JSON.stringify({
        name,
        role
      })
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(body.title ?? `Sign-in failed (HTTP ${response.status}).`);
    }
    localStorage.setItem(STORAGE_KEY, body.token);
    changed();
    return viewOf(current());
  }
  function signOut() {
    localStorage.removeItem(STORAGE_KEY);
    changed();
  }
  var slot = document.getElementById("session");
  var demoSignIn;
  function render(view) {
    if (!slot) return;
    if (view) slot.replaceChildren(signedIn(view));
    else if (demoSignIn === void 0) slot.replaceChildren();
    else slot.replaceChildren(demoSignIn ? signInForm() : text("span", "Not signed in"));
  }
  function signedIn({ user, role }) {
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
  function signInForm() {
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
  function text(tag, content) {
    const element = document.createElement(tag);
    element.textContent = content;
    return element;
  }
  async function loadConfig() {
    try {
      const response = await fetch("/api/config");
      demoSignIn = response.ok && (await response.json()).demoSignIn === true;
    } catch {
      demoSignIn = false;
    }
    render(viewOf(current()));
  }
  var api = Object.freeze({
    token: () => current()?.token,
    user: () => current()?.user,
    role: () => current()?.role,
    signIn,
    signOut,
    onChange(callback) {
      listeners.add(callback);
      return () => void listeners.delete(callback);
    }
  });
  listeners.add(render);
  addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY || event.key === null) changed();
  });
  exposeSession(api);
  changed();
  loadConfig();
})();
