/**
 * The operators' dashboard: subscribes to the `/hubs/dashboard` hub with the
 * official browser client (the global `signalR`) and renders one card per hub
 * (connections by transport, groups, messages in and out per second) from
 * every `Stats` push. Sends the signed-in session's token, if any
 * (static/js/session.js), for servers that reserve the dashboard to a role.
 * Server data only ever reaches the page through textContent.
 */
"use strict";

(() => {
  /** How long to wait before starting again after the connection failed or closed, in ms. */
  const RESTART_DELAY_MS = 5000;
  const TRANSPORTS = [
    ["WebSockets", "WebSockets"],
    ["ServerSentEvents", "Server-Sent Events"],
    ["LongPolling", "Long polling"],
  ];
  const STATE_LABELS = {
    connecting: "Connecting…",
    connected: "Live",
    reconnecting: "Reconnecting…",
    disconnected: "Disconnected",
  };

  const byId = (id) => document.getElementById(id);
  const ui = {
    state: byId("connection-state"),
    error: byId("error"),
    errorText: byId("error-text"),
    totalConnections: byId("total-connections"),
    totalGroups: byId("total-groups"),
    totalIn: byId("total-in"),
    totalOut: byId("total-out"),
    hubs: byId("hubs"),
    empty: byId("hubs-empty"),
    updatedAt: byId("updated-at"),
  };
  const session = globalThis.switchboardSession;
  /** Hub path → its card's elements. */
  const cards = new Map();
  let restartTimer;

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/dashboard", { accessTokenFactory: () => session?.token() ?? "" })
    .withAutomaticReconnect()
    .build();

  connection.on("Stats", render);
  connection.onreconnecting(() => setState("reconnecting"));
  connection.onreconnected(() => {
    setState("connected");
    subscribe();
  });
  connection.onclose(() => {
    setState("disconnected");
    restartSoon();
  });
  // A new sign-in carries a new token: connect again with it.
  session?.onChange(async () => {
    if (connection.state !== signalR.HubConnectionState.Disconnected) await connection.stop();
    start();
  });

  async function start() {
    clearTimeout(restartTimer);
    if (connection.state !== signalR.HubConnectionState.Disconnected) return;
    setState("connecting");
    try {
      await connection.start();
    } catch (error) {
      setState("disconnected");
      showError(`Could not connect (${messageOf(error)}). Trying again in 5 s.`);
      restartSoon();
      return;
    }
    setState("connected");
    await subscribe();
  }

  function restartSoon() {
    clearTimeout(restartTimer);
    restartTimer = setTimeout(start, RESTART_DELAY_MS);
  }

  async function subscribe() {
    try {
      render(await connection.invoke("Subscribe"));
      clearError();
    } catch (error) {
      showError(explain(error));
    }
  }

  // Rendering.

  function setState(state) {
    ui.state.dataset.state = state;
    ui.state.textContent = STATE_LABELS[state];
  }

  function render(update) {
    const seen = new Set();
    for (const hub of update.hubs) {
      seen.add(hub.hub);
      renderHub(hub);
    }
    for (const [path, card] of cards) {
      if (seen.has(path)) continue;
      card.root.remove();
      cards.delete(path);
    }
    ui.empty.hidden = cards.size > 0;
    const sum = (field) => update.hubs.reduce((total, hub) => total + hub[field], 0);
    ui.totalConnections.textContent = count(sum("totalConnections"));
    ui.totalGroups.textContent = count(sum("groups"));
    ui.totalIn.textContent = rate(sum("receivedPerSecond"));
    ui.totalOut.textContent = rate(sum("sentPerSecond"));
    ui.updatedAt.dateTime = update.at;
    ui.updatedAt.textContent = new Date(update.at).toLocaleTimeString();
  }

  function renderHub(hub) {
    const card = cards.get(hub.hub) ?? createCard(hub.hub);
    card.total.textContent = count(hub.totalConnections);
    card.totalLabel.textContent = hub.totalConnections === 1 ? " connection" : " connections";
    for (const [name] of TRANSPORTS) {
      card.transports.get(name).textContent = count(hub.connections[name] ?? 0);
    }
    const reconnecting = hub.connections.Reconnecting ?? 0;
    card.reconnecting.hidden = reconnecting === 0;
    card.reconnectingValue.textContent = count(reconnecting);
    card.groups.textContent = count(hub.groups);
    card.received.textContent = rate(hub.receivedPerSecond);
    card.sent.textContent = rate(hub.sentPerSecond);
    card.received.title = `${count(hub.messagesReceived)} received since the start`;
    card.sent.title = `${count(hub.messagesSent)} sent since the start`;
    card.backplane.hidden = hub.backplane === undefined;
    card.backplane.dataset.backplane = hub.backplane ?? "";
    card.backplane.textContent = hub.backplane === "ok" ? "backplane ok" : "backplane unreachable";
  }

  function createCard(path) {
    const root = element("li", "card hub-card");
    root.dataset.testid = "hub-card";
    root.dataset.hub = path;

    const head = element("div", "hub-card-head");
    const name = element("h3", "hub-name", path);
    const backplane = element("span", "badge hub-backplane");
    backplane.hidden = true;
    head.append(name, backplane);

    const totalLine = element("p", "hub-total");
    const total = element("strong", "", "0");
    total.dataset.testid = "hub-connections";
    const totalLabel = element("span", "", " connections");
    totalLine.append(total, totalLabel);

    const transportList = element("dl", "hub-figures");
    const transports = new Map();
    for (const [key, label] of TRANSPORTS) {
      const value = figure(transportList, label);
      value.dataset.transport = key;
      transports.set(key, value);
    }
    const reconnectingValue = figure(transportList, "Reconnecting");
    const reconnecting = reconnectingValue.parentElement;
    reconnecting.hidden = true;

    const statList = element("dl", "hub-figures hub-traffic");
    const groups = figure(statList, "Groups");
    groups.dataset.testid = "hub-groups";
    const received = figure(statList, "In");
    received.dataset.testid = "hub-in";
    const sent = figure(statList, "Out");
    sent.dataset.testid = "hub-out";

    root.append(head, totalLine, transportList, statList);
    ui.hubs.append(root);
    const card = {
      root,
      total,
      totalLabel,
      transports,
      reconnecting,
      reconnectingValue,
      groups,
      received,
      sent,
      backplane,
    };
    cards.set(path, card);
    return card;
  }

  /** Appends a term and its value to a list; returns the value element. */
  function figure(list, label) {
    const row = element("div", "hub-figure");
    const value = element("dd", "", "0");
    row.append(element("dt", "", label), value);
    list.append(row);
    return value;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const count = (n) => n.toLocaleString();
  const rate = (n) => `${n.toFixed(1)}/s`;

  function showError(text) {
    ui.errorText.textContent = text;
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

  start();
})();
