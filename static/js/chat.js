/**
 * The chat demo page: joins a room on the `/hubs/chat` hub with the official
 * browser client (the global `signalR`) and shows its messages, notices and
 * typing indicator. The hub is open to everyone; a signed-in visitor (see
 * session.js) connects with their token and finds their name filled in.
 * User data only ever reaches the page through textContent.
 */
"use strict";

(() => {
  /** How long "X is typing…" stays after that user's last UserTyping, in ms. */
  const TYPING_SHOWN_MS = 3000;
  /** The least time between two UserTyping sends while typing, in ms. */
  const TYPING_THROTTLE_MS = 1000;
  /** How long to wait before starting again after the connection failed or closed, in ms. */
  const RESTART_DELAY_MS = 5000;
  const NAME_KEY = "switchboard.chat.name";

  const STATE_LABELS = {
    connecting: "Connecting…",
    connected: "Connected",
    reconnecting: "Reconnecting…",
    disconnected: "Disconnected",
  };

  const byId = (id) => document.getElementById(id);
  const ui = {
    state: byId("connection-state"),
    joinForm: byId("join-form"),
    joinFields: byId("join-fields"),
    nameInput: byId("name-input"),
    roomInput: byId("room-input"),
    joinButton: byId("join-button"),
    error: byId("error"),
    errorText: byId("error-text"),
    errorDismiss: byId("error-dismiss"),
    currentRoom: byId("current-room"),
    messages: byId("messages"),
    typing: byId("typing-indicator"),
    sendForm: byId("send-form"),
    sendFields: byId("send-fields"),
    messageInput: byId("message-input"),
  };

  const session = globalThis.switchboardSession;
  const connection = new signalR.HubConnectionBuilder()
    // Read at every (re)connect: a sign-in or sign-out applies from the next one.
    .withUrl("/hubs/chat", { accessTokenFactory: () => session.token() ?? "" })
    .withAutomaticReconnect()
    .build();

  /** The room this page is in and the name it joined with, or undefined. */
  let joined;
  /** The join in flight: its own UserJoined notice reads "You joined". */
  let pendingJoin;
  /** A join or switch is running: the join form waits for it. */
  let busy = false;
  let lastTypingSentAt = 0;
  /** Users typing → the timer that forgets them. */
  const typingUsers = new Map();

  // Server → client events.

  connection.on("MessageSent", (message) => addMessage(message, true));
  connection.on("ReceiveMessage", (message) => {
    forgetTyping(message.user);
    addMessage(message, false);
  });
  connection.on("UserJoined", (user, room) => {
    const own = pendingJoin && pendingJoin.user === user && pendingJoin.room === room;
    addNotice(own ? `You joined #${room}` : `${user} joined #${room}`);
  });
  connection.on("UserLeft", (user, room) => {
    forgetTyping(user);
    addNotice(`${user} left #${room}`);
  });
  connection.on("UserTyping", (user) => {
    clearTimeout(typingUsers.get(user));
    typingUsers.set(user, setTimeout(() => forgetTyping(user), TYPING_SHOWN_MS));
    renderTyping();
  });

  // Connection lifecycle.

  connection.onreconnecting(() => setState("reconnecting"));
  connection.onreconnected(() => {
    setState("connected");
    addNotice("Reconnected.");
    rejoin();
  });
  connection.onclose(() => {
    setState("disconnected");
    showError(`The connection closed. Trying again in ${RESTART_DELAY_MS / 1000} s.`);
    setTimeout(start, RESTART_DELAY_MS);
  });

  async function start() {
    setState("connecting");
    try {
      await connection.start();
    } catch (error) {
      setState("disconnected");
      showError(
        `Could not connect (${messageOf(error)}). Trying again in ${RESTART_DELAY_MS / 1000} s.`,
      );
      setTimeout(start, RESTART_DELAY_MS);
      return;
    }
    clearError();
    setState("connected");
    await rejoin();
  }

  /** Joins the current room again: the server forgets groups when a connection ends. */
  async function rejoin() {
    if (!joined) return;
    const room = joined;
    joined = undefined;
    await join(room);
  }

  async function join(target) {
    pendingJoin = target;
    try {
      await connection.invoke("JoinRoom", target.user, target.room);
      joined = target;
    } catch (error) {
      showError(error);
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
    clearError();
    try {
      if (joined) {
        await connection.invoke("LeaveRoom", joined.user, joined.room);
        addNotice(`You left #${joined.room}`);
        joined = undefined;
        typingUsers.forEach((_, user) => forgetTyping(user));
      }
      await join(target);
    } catch (error) {
      showError(error);
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
      await connection.invoke("SendMessage", joined.user, text, joined.room);
      if (ui.messageInput.value === text) ui.messageInput.value = "";
      lastTypingSentAt = 0;
      clearError();
    } catch (error) {
      showError(error);
    }
  });

  ui.messageInput.addEventListener("input", () => {
    if (!joined || ui.messageInput.value === "") return;
    const now = Date.now();
    if (now - lastTypingSentAt < TYPING_THROTTLE_MS) return;
    lastTypingSentAt = now;
    connection.send("UserTyping", joined.user, joined.room).catch(showError);
  });

  ui.errorDismiss.addEventListener("click", clearError);

  // Rendering.

  function setState(state) {
    ui.state.dataset.state = state;
    ui.state.textContent = STATE_LABELS[state];
    if (state !== "connected") typingUsers.forEach((_, user) => forgetTyping(user));
    render();
  }

  function render() {
    const connected = connection.state === signalR.HubConnectionState.Connected;
    ui.joinFields.disabled = !connected || busy;
    ui.sendFields.disabled = !connected || !joined || busy;
    ui.joinButton.textContent = joined ? "Switch room" : "Join room";
    ui.currentRoom.textContent = joined ? `#${joined.room}` : "none";
    ui.messageInput.placeholder = joined ? `Message #${joined.room}` : "Join a room to chat";
  }

  function addMessage(message, own) {
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

  function addNotice(text) {
    const item = document.createElement("li");
    item.className = "notice";
    item.dataset.testid = "notice";
    item.textContent = text;
    append(item);
  }

  /** Appends to the list, following the newest item unless the reader scrolled up. */
  function append(item) {
    const list = ui.messages;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.append(item);
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  function forgetTyping(user) {
    clearTimeout(typingUsers.get(user));
    if (typingUsers.delete(user)) renderTyping();
  }

  function renderTyping() {
    const users = [...typingUsers.keys()];
    ui.typing.textContent = users.length === 0
      ? ""
      : users.length === 1
      ? `${users[0]} is typing…`
      : users.length === 2
      ? `${users[0]} and ${users[1]} are typing…`
      : "Several people are typing…";
  }

  function showError(error) {
    ui.errorText.textContent = typeof error === "string" ? error : explain(error);
    ui.error.hidden = false;
  }

  function clearError() {
    ui.error.hidden = true;
    ui.errorText.textContent = "";
  }

  /** The server's explanation from a failed invocation, without the client's preamble. */
  function explain(error) {
    const text = messageOf(error);
    const marker = "HubException: ";
    const at = text.lastIndexOf(marker);
    return at === -1 ? text : text.slice(at + marker.length);
  }

  function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
  }

  ui.nameInput.value = session.user() ?? localStorage.getItem(NAME_KEY) ?? "";
  session.onChange((signedIn) => {
    if (signedIn && !joined) ui.nameInput.value = signedIn.user;
  });
  start();
})();
