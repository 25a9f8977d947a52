/**
 * The hub behind `/authorizedhub`: only callers with a valid bearer token
 * (from `/generateJwtToken`) may connect.
 *
 * @module
 */
import { authorize, Hub } from "../signalr/mod.ts";

/** Echoes, and tells the caller who the token says they are. */
@authorize()
export class AuthorizedHub extends Hub {
  /** Returns `message`. */
  echo(message: string): string {
    return message;
  }

  /** The user id (the token's subject). */
  getUserNameIdentifier(): string {
    return this.context.userIdentifier ?? "";
  }

  /** One claim of the token, or an empty string. */
  getUserClaim(type: string): string {
    const value = this.context.user?.claims?.[type];
    return value === undefined ? "" : String(value);
  }
}
