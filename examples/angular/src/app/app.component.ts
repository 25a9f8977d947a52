import { Component } from "@angular/core";
import { RouterLink, RouterLinkActive, RouterOutlet } from "@angular/router";
import { SignInComponent } from "./sign-in.component";

/** The shell: navigation, who is signed in, and the routed page. */
@Component({
  selector: "app-root",
  imports: [RouterLink, RouterLinkActive, RouterOutlet, SignInComponent],
  template: `
    <header class="site-header">
      <span class="brand">Switchboard · Angular</span>
      <nav class="site-nav">
        <a routerLink="/chat" routerLinkActive="active" data-testid="nav-chat">Chat</a>
        <a routerLink="/jobs" routerLinkActive="active" data-testid="nav-jobs">Jobs</a>
        <a routerLink="/diana" routerLinkActive="active" data-testid="nav-diana">Diana</a>
      </nav>
      <app-sign-in />
    </header>
    <main><router-outlet /></main>
  `,
})
export class AppComponent {}
