import { Component, inject, signal } from "@angular/core";
import { takeUntilDestroyed, toSignal } from "@angular/core/rxjs-interop";
import type { ConnectionState } from "@switchboard/client";
import type { Scorecard } from "@switchboard/hubs/diana/contract";
import { DianaService } from "../services/diana.service";
import { SessionService } from "../services/session.service";
import { explain } from "../services/errors";

/** A line of the call. */
interface CallLine {
  readonly speaker: "Diana" | "You";
  readonly text: string;
}

/** A training call with Diana: type what you would say; her lines arrive as events. */
@Component({
  selector: "app-diana",
  template: `
    <section class="card">
      <h1>
        Diana
        <span class="state" data-testid="connection-state" [attr.data-state]="state()">
          {{ state() }}
        </span>
      </h1>
      @if (!session.signedIn()) {
        <p>Sign in (top right) to take a call.</p>
      } @else if (!inCall()) {
        <button type="button" data-testid="start-call" (click)="startCall()">Start a call</button>
      }
      @if (error()) {
        <p class="error" data-testid="error" role="alert">{{ error() }}</p>
      }
      <ol class="messages" data-testid="transcript">
        @for (line of lines(); track $index) {
          <li data-testid="line"><strong>{{ line.speaker }}:</strong> {{ line.text }}</li>
        }
      </ol>
      @if (thinking()) {
        <p class="typing" data-testid="thinking">Diana is {{ thinking() }}…</p>
      }
      @if (inCall()) {
        <form class="row" (submit)="say($event, line)">
          <input #line data-testid="say-input" aria-label="What you say" maxlength="2000">
          <button data-testid="say-button">Say</button>
          <button type="button" data-testid="end-call" (click)="endCall()">Hang up</button>
        </form>
      }
      @if (scorecard(); as card) {
        <p data-testid="scorecard">Score {{ card.score }} / 100 · {{ card.reason }}</p>
      }
    </section>
  `,
})
export class DianaComponent {
  protected readonly session = inject(SessionService);
  private readonly diana = inject(DianaService);
  protected readonly state = toSignal(this.diana.state$, {
    initialValue: "disconnected" as ConnectionState,
  });
  protected readonly lines = signal<readonly CallLine[]>([]);
  protected readonly thinking = signal("");
  protected readonly inCall = signal(false);
  protected readonly scorecard = signal<Scorecard | null>(null);
  protected readonly error = signal("");

  constructor() {
    this.diana.onProcessingStarted.pipe(takeUntilDestroyed()).subscribe((
      { state },
    ) => this.thinking.set(state.toLowerCase()));
    this.diana.onDianaSpeaking.pipe(takeUntilDestroyed()).subscribe(
      (message) => {
        this.thinking.set("");
        this.lines.update((
          lines,
        ) => [...lines, { speaker: "Diana", text: message.text }]);
        if (message.shouldEndCall) void this.showScorecard();
      },
    );
    this.diana.onError.pipe(takeUntilDestroyed()).subscribe(({ message }) =>
      this.error.set(message)
    );
  }

  protected async startCall(): Promise<void> {
    this.error.set("");
    this.lines.set([]);
    this.scorecard.set(null);
    try {
      await this.diana.connect(crypto.randomUUID());
      this.inCall.set(true);
    } catch (error) {
      this.error.set(explain(error));
    }
  }

  protected async say(event: Event, input: HTMLInputElement): Promise<void> {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    this.lines.update((lines) => [...lines, { speaker: "You", text }]);
    try {
      await this.diana.userSpoke(text);
    } catch (error) {
      this.error.set(explain(error));
    }
  }

  protected async endCall(): Promise<void> {
    try {
      await this.diana.endSession();
      await this.showScorecard();
    } catch (error) {
      this.error.set(explain(error));
    }
  }

  private async showScorecard(): Promise<void> {
    this.inCall.set(false);
    this.scorecard.set((await this.diana.getStatus()).scorecard);
  }
}
