import { Component, inject, signal } from "@angular/core";
import { HttpErrorResponse } from "@angular/common/http";
import { SessionService } from "./services/session.service";

/** Who is signed in, or the demo sign-in form (Switchboard's `POST /api/token`). */
@Component({
  selector: "app-sign-in",
  template: `
    @if (session.signedIn(); as user) {
      <span data-testid="session-user">Signed in as <strong>{{ user.name }}</strong> ({{ user.role }})</span>
      <button type="button" (click)="session.signOut()">Sign out</button>
    } @else {
      <form class="row" (submit)="signIn($event, name.value, role.value)">
        <input #name data-testid="session-name" placeholder="Name" maxlength="32" aria-label="Name">
        <select #role data-testid="session-role" aria-label="Role">
          <option>User</option>
          <option>Admin</option>
        </select>
        <button data-testid="sign-in">Sign in</button>
      </form>
      @if (error()) {
        <span class="error" role="alert">{{ error() }}</span>
      }
    }
  `,
})
export class SignInComponent {
  protected readonly session = inject(SessionService);
  protected readonly error = signal("");

  protected async signIn(
    event: Event,
    name: string,
    role: string,
  ): Promise<void> {
    event.preventDefault();
    this.error.set("");
    try {
      await this.session.signIn(name, role);
    } catch (error) {
      const title = error instanceof HttpErrorResponse ? error.error?.title : undefined;
      this.error.set(title ?? "Sign-in failed.");
    }
  }
}
