/// <reference lib="dom" />
/**
 * What the demo page scripts share: element lookup, the server's explanation
 * of a failure, and the page's error box (`#error`, `#error-text`,
 * `#error-dismiss`). User data only ever reaches the page through textContent.
 *
 * @module
 */

/** The element with `id`; the pages always have the ones their scripts ask for. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** An error's message, or the value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The server's explanation from a failed invocation, without the client's preamble. */
export function explain(error: unknown): string {
  const text = messageOf(error);
  const marker = "HubException: ";
  const at = text.lastIndexOf(marker);
  return at === -1 ? text : text.slice(at + marker.length);
}

/** The page's error box. */
export interface ErrorBox {
  /** Shows a text as it is, or an error's explanation. */
  show(error: unknown): void;
  /** Hides the box. */
  clear(): void;
}

/** Binds the page's error box; its ✕ button hides it. */
export function errorBox(): ErrorBox {
  const box = byId("error");
  const text = byId("error-text");
  const clear = () => {
    box.hidden = true;
    text.textContent = "";
  };
  byId("error-dismiss").addEventListener("click", clear);
  return {
    show(error) {
      text.textContent = typeof error === "string" ? error : explain(error);
      box.hidden = false;
    },
    clear,
  };
}
