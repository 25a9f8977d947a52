/// <reference lib="dom" />
/**
 * The chat demo page (bundled to /js/chat.js): joins a room on the
 * `/hubs/chat` hub with the typed client and shows its messages, notices and
 * typing indicator. The hub is open to everyone; a signed-in visitor (see
 * session.ts) connects with their token and finds their name filled in.
 * User data only ever reaches the page through textContent.
 *
 * @module
 */
import { type ConnectionState, hubClient } from "../../client/mod.ts";
import { CHAT_HUB_PATH, type ChatContract, type ChatMessage } from "../../hubs/chat/contract.ts";
import { byId, errorBox, messageOf } from "./page.ts";
import { pageSession } from "./session_api.ts";

/** How long "X is typing…" stays after that user's last UserTyping, in ms. */
const TYPING_SHOWN_MS = 3000;
/** The least time between two UserTyping sends while typing, in ms. */
const TYPING_THROTTLE_MS = 1000;
/** How long to wait before starting again after the connection failed or closed, in ms. */
const RESTART_DELAY_MS = 5000;
const NAME_KEY = "switchboard.chat.name";

const STATE_LABELS: Record<ConnectionState, string> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  disconnected: "Disconnected",
};

/** A room and the name the page joins it with. */
interface Membership {
  readonly user: string;
  readonly room: string;
}

const ui = {
  state: byId("connection-state"),
  joinForm: byId<HTMLFormElement>("join-form"),
  joinFields: byId<HTMLFieldSetElement>("join-fields"),
  nameInput: byId<HTMLInputElement>("name-input"),
  roomInput: byId<HTMLInputElement>("room-input"),
  joinButton: byId("join-button"),
  currentRoom: byId("current-room"),
  messages: byId("messages"),
  typing: byId("typing-indicator"),
  sendForm: byId<HTMLFormElement>("send-form"),
  sendFields: byId<HTMLFieldSetElement>("send-fields"),
  messageInput: byId<HTMLInputElement>("message-input"),
};
const errors = errorBox();

const session = pageSession();
const chat = hubClient<ChatContract>(CHAT_HUB_PATH, {
  // Read at every (re)connect: a sign-in or sign-out applies from the next one.
  accessTokenFactory: () => session.token() ?? "",
});

/** The room this page is in and the name it joined with, or undefined. */
let joined: Membership | undefined;
/** The join in flight: its own UserJoined notice reads "You joined". */
let pendingJoin: Membership | undefined;
/** A join or switch is running: the join form waits for it. */
let busy = false;
let lastTypingSentAt = 0;
/** Users typing → the timer that forgets them. */
const typingUsers = new Map<string, ReturnType<typeof setTimeout>>();

// Server → client events.

chat.on("MessageSent").subscribe((message) => addMessage(message, true));
chat.on("ReceiveMessage").subscribe((message) => {
  forgetTyping(message.user);
  addMessage(message, false);
});
chat.on("UserJoined").subscribe(([user, room]) => {
  const own = pendingJoin?.user === user && pendingJoin.room === room;
  addNotice(own ? `You joined #${room}` : `${user} joined #${room}`);
});
chat.on("UserLeft").subscribe(([user, room]) => {
  forgetTyping(user);
  addNotice(`${user} left #${room}`);
});
chat.on("UserTyping").subscribe((user) => {
  clearTimeout(typingUsers.get(user));
  typingUsers.set(user, setTimeout(() => forgetTyping(user), TYPING_SHOWN_MS));
  renderTyping();
});

// Connection lifecycle.

chat.state$.subscribe(setState);
// After every (re)connect: the server forgot the room, so join it again.
chat.rejoin(async () => {
  if (chat.state === "reconnecting") addNotice("Reconnected.");
  else errors.clear();
  if (!joined) return;
  const room = joined;
  joined = undefined;
  await join(room);
});
chat.closed$.subscribe(() => {
  errors.show(`The connection closed. Trying again in ${RESTART_DELAY_MS / 1000} s.`);
  setTimeout(start, RESTART_DELAY_MS);
});

async function start(): Promise<void> {
  try {
    await chat.start();
  } catch (error) {
    errors.show(
      `Could not connect (${messageOf(error)}). Trying again in ${RESTART_DELAY_MS / 1000} s.`,
    );
    setTimeout(start, RESTART_DELAY_MS);
  }
}

async function join(target: Membership): Promise<void> {
  pendingJoin = target;
  try {
    await chat.invoke("JoinRoom", target.user, target.room);
    joined = target;
  } catch (error) {
    errors.show(error);
  } finally {
    pendingJoin = undefined;
    render();
  }
}

// User actions.

ui.joinForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const target = { user: ui.nameInput.value.trim(), room: ui.roomInput.value.trim() };
  if (joined && joined.user === target.user && joined.room === target.room) return;
  busy = true;
  render();
  errors.clear();
  try {
    if (joined) {
      await chat.invoke("LeaveRoom", joined.user, joined.room);
      addNotice(`You left #${joined.room}`);
      joined = undefined;
      typingUsers.forEach((_, user) => forgetTyping(user));
    }
    await join(target);
  } catch (error) {
    errors.show(error);
  } finally {
    busy = false;
    render();
  }
  if (joined) {
    localStorage.setItem(NAME_KEY, joined.user);
    ui.messageInput.focus();
  }
});

ui.sendForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = ui.messageInput.value;
  if (!joined || text.trim() === "") return;
  try {
    await chat.invoke("SendMessage", joined.user, text, joined.room);
    if (ui.messageInput.value === text) ui.messageInput.value = "";
    lastTypingSentAt = 0;
    errors.clear();
  } catch (error) {
    errors.show(error);
  }
});

ui.messageInput.addEventListener("input", () => {
  if (!joined || ui.messageInput.value === "") return;
  const now = Date.now();
  if (now - lastTypingSentAt < TYPING_THROTTLE_MS) return;
  lastTypingSentAt = now;
  chat.send("UserTyping", joined.user, joined.room).catch(errors.show);
});

// Rendering.

function setState(state: ConnectionState): void {
  ui.state.dataset.state = state;
  ui.state.textContent = STATE_LABELS[state];
  if (state !== "connected") typingUsers.forEach((_, user) => forgetTyping(user));
  render();
}

function render(): void {
  const connected = chat.state === "connected";
  ui.joinFields.disabled = !connected || busy;
  ui.sendFields.disabled = !connected || !joined || busy;
  ui.joinButton.textContent = joined ? "Switch room" : "Join room";
  ui.currentRoom.textContent = joined ? `#${joined.room}` : "none";
  ui.messageInput.placeholder = joined ? `Message #${joined.room}` : "Join a room to chat";
}

function addMessage(message: ChatMessage, own: boolean): void {
  const item = document.createElement("li");
  item.className = "message";
  item.dataset.testid = "message";
  item.dataset.own = String(own);

  const meta = document.createElement("div");
  meta.className = "message-meta";
  const author = document.createElement("span");
  author.className = "message-author";
  author.dataset.testid = "message-author";
  author.textContent = message.user;
  const time = document.createElement("time");
  time.dateTime = message.timestamp;
  time.textContent = new Date(message.timestamp).toLocaleTimeString([], {
    hour: "2-digit",
    minute: "2-digit",
  });
  meta.append(author, time);

  const body = document.createElement("p");
  body.className = "message-body";
  body.dataset.testid = "message-body";
  body.textContent = message.text;

  item.append(meta, body);
  append(item);
}

function addNotice(text: string): void {
  const item = document.createElement("li");
  item.className = "notice";
  item.dataset.testid = "notice";
  item.textContent = text;
  append(item);
}

/** Appends to the list, following the newest item unless the reader scrolled up. */
function append(item: HTMLElement): void {
  const list = ui.messages;
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.append(item);
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function forgetTyping(user: string): void {
  clearTimeout(typingUsers.get(user));
  if (typingUsers.delete(user)) renderTyping();
}

function renderTyping(): void {
  const users = [...typingUsers.keys()];
  ui.typing.textContent = users.length === 0
    ? ""
    : users.length === 1
    ? `${users[0]} is typing…`
    : users.length === 2
    ? `${users[0]} and ${users[1]} are typing…`
    : "Several people are typing…";
}

ui.nameInput.value = session.user() ?? localStorage.getItem(NAME_KEY) ?? "";
session.onChange((signedIn) => {
  if (signedIn && !joined) ui.nameInput.value = signedIn.user;
});
start();
