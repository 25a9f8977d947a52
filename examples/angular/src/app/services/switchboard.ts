import { InjectionToken } from "@angular/core";

/**
 * Switchboard's base URL: `?server=http://127.0.0.1:8000` when the app is
 * hosted elsewhere (Switchboard's ALLOWED_ORIGINS must then list this page's
 * origin; only its hubs answer other origins), else this page's own origin
 * (`ng serve` proxies /hubs, /api and /files to Switchboard).
 */
export const SWITCHBOARD_URL = new InjectionToken<string>("SWITCHBOARD_URL", {
  providedIn: "root",
  factory: () => new URLSearchParams(location.search).get("server") ?? location.origin,
});
