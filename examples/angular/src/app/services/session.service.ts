import { HttpClient } from "@angular/common/http";
import { computed, inject, Injectable, signal } from "@angular/core";
import { firstValueFrom } from "rxjs";
import { SWITCHBOARD_URL } from "./switchboard";

/** Where Switchboard's own pages keep the token too: one sign-in for both on one origin. */
const STORAGE_KEY = "switchboard.session";

/** Who is signed in, from the token's claims. */
export interface SignedIn {
  readonly name: string;
  readonly role: string;
}

/**
 * The demo sign-in (`POST /api/token`, on when Switchboard runs with
 * `--dev` or DEMO_SIGN_IN=true): keeps the bearer token the job and Diana
 * hubs require. The hubs read it through `token()` before every (re)connect.
 */
@Injectable({ providedIn: "root" })
export class SessionService {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(SWITCHBOARD_URL);
  private readonly stored = signal(localStorage.getItem(STORAGE_KEY));

  /** Who is signed in, or null. */
  readonly signedIn = computed(() => claimsOf(this.stored()));

  /** The bearer token, or null when signed out. */
  token(): string | null {
    return this.stored();
  }

  /** Asks for a token; rejects with the server's explanation. */
  async signIn(name: string, role: string): Promise<void> {
    const url = `${this.baseUrl}/api/token`;
    const { token } = await firstValueFrom(
      this.http.post<{ token: string }>(url, { name, role }),
    );
    localStorage.setItem(STORAGE_KEY, token);
    this.stored.set(token);
  }

  /** Forgets the token. */
  signOut(): void {
    localStorage.removeItem(STORAGE_KEY);
    this.stored.set(null);
  }
}

function claimsOf(token: string | null): SignedIn | null {
  if (!token) return null;
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    // The payload is UTF-8 (names may be "Tomás"): decode the bytes, not atob's Latin-1.
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims.exp === "number" && claims.exp * 1000 <= Date.now()) return null;
    return {
      name: String(claims.name ?? claims.sub),
      role: String(claims.role ?? ""),
    };
  } catch {
    return null;
  }
}
