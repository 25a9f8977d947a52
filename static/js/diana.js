/**
 * The Diana demo page: a training call with an AI customer on the
 * `/hubs/notification` hub (the async notification pattern), as the
 * signed-in user of session.js. Hub methods return at once; Diana's lines
 * arrive as events. Her voice and the trainee's microphone come from
 * diana_voice.js where the browser has them; typing works everywhere. User
 * data only ever reaches the page through textContent.
 */
"use strict";

(() => {
  /** Reconnect delays, as in the seed: 2 s, 5 s, 10 s, then give up. */
  const RECONNECT_DELAYS_MS = [2000, 5000, 10000];
  /** How long to wait before starting again after the connection closed, in ms. */
  const RESTART_DELAY_MS = 5000;
  const STATE_LABELS = {
    "signed-out": "Signed out",
    connecting: "Connecting…",
    connected: "Connected",
    reconnecting: "Reconnecting…",
    disconnected: "Disconnected",
  };
  const CALL_LABELS = {
    idle: "",
    thinking: "Diana is thinking…",
    speaking: "Diana is speaking…",
    listening: "Your turn",
    ended: "Call ended",
  };
  const EMOTIONS = {
    angry: ["😠", "Angry"],
    frustrated: ["😣", "Frustrated"],
    concerned: ["😟", "Concerned"],
    calm: ["😌", "Calm"],
    happy: ["😊", "Happy"],
  };

  const session = globalThis.switchboardSession;
  const voice = globalThis.dianaVoice;
  const byId = (id) => document.getElementById(id);
  /** The page's elements, as `ui.sayInput` for `#say-input`. */
  const ui = Object.fromEntries(
    `connection-state reconnecting-banner signed-out-hint setup-form setup-fields scenario-select
     scenario-summary error error-text error-dismiss call emotion-face caller-name emotion
     call-state transcript say-form say-fields say-input mic-button end-button scorecard
     scorecard-outcome mood-curve mood-line mood-caption scorecard-tips line-template`
      .split(/\s+/)
      .map((id) => [id.replace(/-(\w)/g, (_, c) => c.toUpperCase()), byId(id)]),
  );

  /** The hub connection of the signed-in user, or undefined when signed out. */
  let connection;
  /** Whose connection it is: `user/token`, to notice a different sign-in. */
  let signedInAs;
  /** Scenario summaries by id. */
  let scenarios = new Map();
  /** The call on the page: `{ sessionId, state, lastLine, hush }`, or undefined. */
  let call;
  /** Stops the microphone while the trainee talks, or undefined. */
  let stopListening;

  // Session: a new sign-in gets a new connection; signing out drops it.

  session.onChange(() => void follow());

  async function follow() {
    const identity = session.token() && `${session.user()}/${session.token()}`;
    if (identity === signedInAs) return;
    signedInAs = identity;
    const previous = connection;
    connection = undefined;
    resetCall();
    clearError();
    render();
    await previous?.stop();
    if (identity) connect();
  }

  function connect() {
    const current = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/notification", { accessTokenFactory: () => session.token() ?? "" })
      .withAutomaticReconnect(RECONNECT_DELAYS_MS)
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    connection = current;
    current.on("ProcessingStarted", (event) => ours(event) && setCallState("thinking"));
    current.on("DianaStartsSpeaking", (message) => ours(message) && dianaSpeaks(message));
    current.on("DianaInterrupted", () => call?.state === "speaking" && stopSpeaking());
    current.on("Error", (event) => {
      if (!ours(event)) return;
      showError(event.error ? `${event.message} (${event.error})` : event.message);
      if (call.state === "thinking") setCallState("listening");
    });
    current.onreconnecting(() => {
      ui.reconnectingBanner.hidden = false;
      setState("reconnecting");
    });
    current.onreconnected(async () => {
      ui.reconnectingBanner.hidden = true;
      setState("connected");
      await rebind(current);
    });
    current.onclose(() => {
      if (connection !== current) return;
      ui.reconnectingBanner.hidden = true;
      setState("disconnected");
      showError(`The connection was lost. Trying again in ${RESTART_DELAY_MS / 1000} s.`);
      setTimeout(() => start(current), RESTART_DELAY_MS);
    });
    start(current);
  }

  async function start(current) {
    if (connection !== current) return;
    setState("connecting");
    try {
      await current.start();
      if (scenarios.size === 0) listScenarios(await current.invoke("ListScenarios"));
    } catch (error) {
      if (connection !== current) return;
      setState("disconnected");
      showError(
        `Could not connect (${explain(error)}). Trying again in ${RESTART_DELAY_MS / 1000} s.`,
      );
      setTimeout(() => start(current), RESTART_DELAY_MS);
      return;
    }
    clearError();
    setState("connected");
    await rebind(current);
  }

  /**
   * Binds the running call to the new connection (any call with its session
   * id does; lines written meanwhile follow), and shows the scorecard if the
   * call ended meanwhile. A call the server no longer knows is over.
   */
  async function rebind(current) {
    if (!call || call.state === "ended") return;
    try {
      const status = await current.invoke("GetStatus", call.sessionId);
      if (status.state === "ended") showScorecard(status);
    } catch (error) {
      showError(`The call was lost: ${explain(error)}`);
      setCallState("ended");
    }
  }

  function ours(event) {
    return call !== undefined && event?.sessionId === call.sessionId;
  }

  // Diana's side of the call.

  function dianaSpeaks(message) {
    call.lastLine = addLine("diana", message.text);
    setEmotion(message.emotion);
    setCallState("speaking");
    const speaking = call;
    call.hush = voice.speak(message.text, message.emotion, () => {
      if (call === speaking && call.state === "speaking") setCallState("listening");
    });
    if (message.shouldEndCall) endOfCall();
  }

  /** Silences Diana; it is the trainee's turn (unless the call is over). */
  function stopSpeaking() {
    call.hush?.();
    if (call.state !== "ended") setCallState("listening");
  }

  /** The trainee talks over Diana: she stops, and the server drops what she was saying. */
  function interrupt() {
    if (call?.state !== "speaking") return;
    call.lastLine.dataset.interrupted = "true";
    stopSpeaking();
    connection.invoke("UserInterrupted", call.sessionId).catch(showError);
  }

  async function endOfCall() {
    setCallState("ended");
    stopMicrophone();
    try {
      showScorecard(await connection.invoke("GetStatus", call.sessionId));
    } catch (error) {
      showError(error);
    }
  }

  // The trainee's side of the call.

  ui.setupForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    resetCall();
    clearError();
    call = { sessionId: crypto.randomUUID(), state: "idle" };
    const scenario = scenarios.get(ui.scenarioSelect.value);
    ui.callerName.textContent = scenario?.customer ?? "Diana";
    setEmotion(undefined);
    setCallState("thinking");
    try {
      await connection.invoke("InitiateSessionWithScenario", call.sessionId, scenario.id);
      ui.sayInput.focus();
    } catch (error) {
      showError(error);
      resetCall();
    }
    render();
  });

  ui.sayForm.addEventListener("submit", (event) => {
    event.preventDefault();
    say(ui.sayInput.value);
  });

  async function say(text) {
    if (!call || call.state === "ended" || text.trim() === "") return;
    interrupt();
    addLine("trainee", text.trim());
    if (ui.sayInput.value === text) ui.sayInput.value = "";
    try {
      await connection.invoke("UserSpoke", call.sessionId, text);
    } catch (error) {
      showError(error);
    }
  }

  ui.sayInput.addEventListener("input", interrupt);

  ui.endButton.addEventListener("click", async () => {
    if (!call || call.state === "ended") return;
    try {
      await connection.invoke("EndSession", call.sessionId);
      stopSpeaking();
      await endOfCall();
    } catch (error) {
      showError(error);
    }
  });

  // The trainee talks: each sentence is a line; starting to talk over Diana interrupts her.
  ui.micButton.addEventListener("click", () => {
    if (stopListening) return stopMicrophone();
    stopListening = voice.listen({ onSpeechStart: interrupt, onLine: say, onError: showError });
    ui.micButton.setAttribute("aria-pressed", "true");
    ui.micButton.textContent = "Listening…";
  });

  function stopMicrophone() {
    stopListening?.();
    stopListening = undefined;
    ui.micButton.setAttribute("aria-pressed", "false");
    ui.micButton.textContent = "Speak";
  }

  ui.scenarioSelect.addEventListener("change", renderSummary);
  ui.errorDismiss.addEventListener("click", clearError);

  // Rendering.

  function listScenarios(list) {
    scenarios = new Map(list.map((scenario) => [scenario.id, scenario]));
    ui.scenarioSelect.replaceChildren(...list.map((s) => new Option(s.title, s.id)));
    renderSummary();
  }

  function renderSummary() {
    ui.scenarioSummary.textContent = scenarios.get(ui.scenarioSelect.value)?.summary ?? "";
  }

  function resetCall() {
    call?.hush?.();
    stopMicrophone();
    call = undefined;
    ui.transcript.replaceChildren();
    ui.scorecard.hidden = true;
    ui.reconnectingBanner.hidden = true;
  }

  /** Appends a line to the transcript from the page's template; returns it. */
  function addLine(speaker, text) {
    const item = ui.lineTemplate.content.firstElementChild.cloneNode(true);
    item.dataset.speaker = speaker;
    const who = speaker === "diana" ? ui.callerName.textContent : "You";
    item.querySelector(".line-speaker").textContent = who;
    item.querySelector(".line-text").textContent = text;
    ui.transcript.append(item);
    ui.transcript.scrollTop = ui.transcript.scrollHeight;
    return item;
  }

  function setEmotion(emotion) {
    const [face, label] = EMOTIONS[emotion] ?? ["😐", "On the line"];
    ui.emotion.dataset.emotion = emotion ?? "";
    ui.emotion.textContent = label;
    ui.emotionFace.textContent = face;
  }

  function setCallState(state) {
    if (!call) return;
    call.state = state;
    ui.callState.dataset.state = state;
    ui.callState.textContent = CALL_LABELS[state];
    render();
  }

  function setState(state) {
    ui.connectionState.dataset.state = state;
    ui.connectionState.textContent = STATE_LABELS[state];
    render();
  }

  function render() {
    const signedIn = signedInAs !== undefined;
    const connected = connection?.state === signalR.HubConnectionState.Connected;
    if (!signedIn) {
      ui.connectionState.dataset.state = "signed-out";
      ui.connectionState.textContent = STATE_LABELS["signed-out"];
    }
    const calling = call !== undefined && call.state !== "ended";
    ui.signedOutHint.hidden = signedIn;
    ui.setupForm.hidden = !signedIn;
    ui.setupFields.disabled = !connected || scenarios.size === 0 || calling;
    ui.call.hidden = !signedIn || !call;
    ui.sayFields.disabled = !connected || !call || call.state === "ended";
    ui.micButton.hidden = !voice.canListen;
  }

  function showScorecard(status) {
    const card = status.scorecard;
    if (!card || status.sessionId !== call?.sessionId) return;
    setCallState("ended");
    ui.scorecardOutcome.textContent = card.reason;
    const seconds = Math.round(card.durationMs / 1000);
    const values = {
      score: `${card.score} / 100`,
      resolution: card.resolution,
      empathy: `${card.empathy} / 100`,
      duration: `${Math.floor(seconds / 60)} min ${seconds % 60} s`,
      turns: String(card.turns),
      interruptions: String(card.interruptions),
    };
    for (const [name, value] of Object.entries(values)) {
      byId(`scorecard-${name}`).textContent = value;
    }
    const curve = card.moodCurve;
    const step = 300 / Math.max(1, curve.length - 1);
    ui.moodLine.setAttribute("points", curve.map((m, i) => `${i * step},${100 - m}`).join(" "));
    ui.moodCurve.setAttribute("aria-label", `Customer mood: ${curve.join(", ")} out of 100`);
    ui.moodCaption.textContent = `Customer mood: ${curve[0]} → ${curve.at(-1)} (out of 100)`;
    const tips = card.tips.map((tip) =>
      Object.assign(document.createElement("li"), { textContent: tip })
    );
    ui.scorecardTips.replaceChildren(...tips);
    ui.scorecard.hidden = false;
    render();
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
    const text = error instanceof Error ? error.message : String(error);
    const marker = "HubException: ";
    const at = text.lastIndexOf(marker);
    return at === -1 ? text : text.slice(at + marker.length);
  }

  follow();
})();
