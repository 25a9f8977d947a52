import { inject, Injectable, type OnDestroy } from "@angular/core";
import { map, type Observable } from "rxjs";
import { type ConnectionState, hubClient } from "@switchboard/client";
import {
  CHAT_HUB_PATH,
  type ChatContract,
  type ChatMessage,
} from "@switchboard/hubs/chat/contract";
import { SWITCHBOARD_URL } from "./switchboard";

/** Someone joined or left a room. */
export interface RoomNotice {
  readonly user: string;
  readonly room: string;
}

/**
 * The seed's ChatSignalRService on the typed client: server events as
 * Observables, hub methods as promises. Components never touch the
 * connection. After a reconnect it joins its room again by itself.
 */
@Injectable({ providedIn: "root" })
export class ChatService implements OnDestroy {
  private readonly client = hubClient<ChatContract>(
    `${inject(SWITCHBOARD_URL)}${CHAT_HUB_PATH}`,
    { reconnect: [0, 2000, 10000, 30000] },
  );
  private room: RoomNotice | null = null;
  private starting: Promise<void> | null = null;

  /** The connection state. */
  readonly state$: Observable<ConnectionState> = this.client.state$;
  /** Others' messages in the joined room. */
  readonly onMessageReceived: Observable<ChatMessage> = this.client.on(
    "ReceiveMessage",
  );
  /** Our own messages, as the server stamped them. */
  readonly onMessageSent: Observable<ChatMessage> = this.client.on(
    "MessageSent",
  );
  /** Someone (us included) joined the room. */
  readonly onUserJoined: Observable<RoomNotice> = this.client.on("UserJoined")
    .pipe(
      map(([user, room]) => ({ user, room })),
    );
  /** Someone left the room. */
  readonly onUserLeft: Observable<RoomNotice> = this.client.on("UserLeft").pipe(
    map(([user, room]) => ({ user, room })),
  );
  /** Someone in the room is typing. */
  readonly onUserTyping: Observable<string> = this.client.on("UserTyping");

  constructor() {
    // The server forgets groups when a connection ends: join the room again.
    this.client.rejoin(() => this.room && this.joinRoom(this.room.user, this.room.room));
  }

  /** Connects once; later calls wait for the same start. */
  connect(): Promise<void> {
    this.starting ??= this.client.start().catch((error) => {
      this.starting = null;
      throw error;
    });
    return this.starting;
  }

  async joinRoom(user: string, room: string): Promise<void> {
    await this.client.invoke("JoinRoom", user, room);
    this.room = { user, room };
  }

  async leaveRoom(): Promise<void> {
    if (!this.room) return;
    await this.client.invoke("LeaveRoom", this.room.user, this.room.room);
    this.room = null;
  }

  sendMessage(user: string, text: string, room: string): Promise<void> {
    return this.client.invoke("SendMessage", user, text, room);
  }

  userTyping(user: string, room: string): Promise<void> {
    return this.client.send("UserTyping", user, room);
  }

  ngOnDestroy(): void {
    void this.client.stop();
  }
}
