import { Component, DestroyRef, inject, signal } from "@angular/core";
import { takeUntilDestroyed, toSignal } from "@angular/core/rxjs-interop";
import type { ConnectionState } from "@switchboard/client";
import type { ChatMessage } from "@switchboard/hubs/chat/contract";
import { ChatService } from "../services/chat.service";
import { SessionService } from "../services/session.service";
import { explain } from "../services/errors";

/** A line of the conversation: a message, or a notice such as "Bob joined #lobby". */
type Line =
  | {
    readonly kind: "message";
    readonly message: ChatMessage;
    readonly own: boolean;
  }
  | { readonly kind: "notice"; readonly text: string };

/** How long "X is typing…" stays after that user's last UserTyping, in ms. */
const TYPING_SHOWN_MS = 3000;
/** The least time between two UserTyping sends while typing, in ms. */
const TYPING_THROTTLE_MS = 1000;

/** A chat room: the component subscribes to ChatService's Observables and calls its methods. */
@Component({
  selector: "app-chat",
  template: `
    <section class="card">
      <h1>
        Chat rooms
        <span class="state" data-testid="connection-state" [attr.data-state]="state()">
          {{ state() }}
        </span>
      </h1>
      <form class="row" (submit)="join($event, name.value, roomName.value)">
        <input #name data-testid="name-input" placeholder="Your name" maxlength="64"
          [value]="session.signedIn()?.name ?? ''">
        <input #roomName data-testid="room-input" value="lobby" maxlength="64">
        <button data-testid="join-button" [disabled]="state() !== 'connected'">Join room</button>
      </form>
      @if (error()) {
        <p class="error" data-testid="error" role="alert">{{ error() }}</p>
      }
      <p>Room: <strong data-testid="current-room">{{ room() ? "#" + room() : "none" }}</strong></p>
      <ol class="messages" data-testid="messages">
        @for (line of lines(); track $index) {
          @if (line.kind === "message") {
            <li class="message" data-testid="message" [attr.data-own]="line.own">
              <strong data-testid="message-author">{{ line.message.user }}</strong>
              <span data-testid="message-body">{{ line.message.text }}</span>
            </li>
          } @else {
            <li class="notice" data-testid="notice">{{ line.text }}</li>
          }
        }
      </ol>
      <p class="typing" data-testid="typing-indicator">{{ typing() }}</p>
      <form class="row" (submit)="send($event, message)">
        <input #message data-testid="message-input" maxlength="2000" aria-label="Message"
          [disabled]="!room() || state() !== 'connected'" (input)="typed()">
        <button data-testid="send-button" [disabled]="!room() || state() !== 'connected'">
          Send
        </button>
      </form>
    </section>
  `,
})
export class ChatComponent {
  protected readonly session = inject(SessionService);
  private readonly chat = inject(ChatService);
  protected readonly state = toSignal(this.chat.state$, {
    initialValue: "disconnected" as ConnectionState,
  });
  protected readonly lines = signal<readonly Line[]>([]);
  protected readonly room = signal<string | null>(null);
  protected readonly typing = signal("");
  protected readonly error = signal("");
  private user = "";
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTypingSentAt = 0;

  constructor() {
    this.chat.onMessageSent.pipe(takeUntilDestroyed()).subscribe((message) =>
      this.add({ kind: "message", message, own: true })
    );
    this.chat.onMessageReceived.pipe(takeUntilDestroyed()).subscribe(
      (message) => {
        if (this.typing().startsWith(message.user)) this.typing.set("");
        this.add({ kind: "message", message, own: false });
      },
    );
    this.chat.onUserJoined.pipe(takeUntilDestroyed()).subscribe((
      { user, room },
    ) =>
      this.notice(
        user === this.user ? `You joined #${room}` : `${user} joined #${room}`,
      )
    );
    this.chat.onUserLeft.pipe(takeUntilDestroyed()).subscribe((
      { user, room },
    ) => this.notice(`${user} left #${room}`));
    this.chat.onUserTyping.pipe(takeUntilDestroyed()).subscribe((user) => {
      this.typing.set(`${user} is typing…`);
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.typing.set(""), TYPING_SHOWN_MS);
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(this.typingTimer));
    this.chat.connect().catch((error) => this.error.set(`Could not connect: ${explain(error)}`));
  }

  protected async join(
    event: Event,
    user: string,
    room: string,
  ): Promise<void> {
    event.preventDefault();
    this.error.set("");
    try {
      if (this.room()) await this.chat.leaveRoom();
      this.user = user.trim();
      await this.chat.joinRoom(user, room);
      this.room.set(room.trim());
    } catch (error) {
      this.error.set(explain(error));
    }
  }

  protected async send(event: Event, input: HTMLInputElement): Promise<void> {
    event.preventDefault();
    const room = this.room();
    if (!room || input.value.trim() === "") return;
    try {
      await this.chat.sendMessage(this.user, input.value, room);
      input.value = "";
    } catch (error) {
      this.error.set(explain(error));
    }
  }

  protected typed(): void {
    const room = this.room();
    if (!room || Date.now() - this.lastTypingSentAt < TYPING_THROTTLE_MS) {
      return;
    }
    this.lastTypingSentAt = Date.now();
    this.chat.userTyping(this.user, room).catch((error) => this.error.set(explain(error)));
  }

  private notice(text: string): void {
    this.add({ kind: "notice", text });
  }

  private add(line: Line): void {
    this.lines.update((lines) => [...lines, line]);
  }
}
