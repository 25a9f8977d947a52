/// <reference lib="dom" />
/**
 * The Diana demo page (bundled to /js/diana.js): a training call with an AI
 * customer on the `/hubs/notification` hub (the async notification pattern)
 * with the typed client, as the signed-in user of session.ts. Hub methods
 * return at once; Diana's lines arrive as events. Her voice and the
 * trainee's microphone come from diana_voice.js where the browser has them;
 * typing works everywhere. User data only ever reaches the page through
 * textContent.
 *
 * @module
 */
import type { Subscription } from "rxjs";
import { type ConnectionState, type HubClient, hubClient } from "../../client/mod.ts";
import {
  DIANA_HUB_PATH,
  type DianaContract,
  type DianaMessage,
  type Emotion,
  type ScenarioSummary,
  type SessionStatus,
} from "../../hubs/diana/contract.ts";
import { byId, errorBox, explain } from "./page.ts";
import { pageSession } from "./session_api.ts";
import { dianaVoice } from "./diana_voice_api.ts";
import { showScorecard } from "./scorecard.ts";

/** Reconnect delays, as in the seed: 2 s, 5 s, 10 s, then give up. */
const RECONNECT_DELAYS_MS = [2000, 5000, 10000];
/** How long to wait before starting again after the connection closed, in ms. */
const RESTART_DELAY_MS = 5000;
const STATE_LABELS: Record<ConnectionState | "signed-out", string> = {
  "signed-out": "Signed out",
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  disconnected: "Disconnected",
};
/** Where the call is, as the page shows it. */
type CallState = "idle" | "thinking" | "speaking" | "listening" | "ended";
const CALL_LABELS: Record<CallState, string> = {
  idle: "",
  thinking: "Diana is thinking…",
  speaking: "Diana is speaking…",
  listening: "Your turn",
  ended: "Call ended",
};
const EMOTIONS: Record<Emotion, [face: string, label: string]> = {
  angry: ["😠", "Angry"],
  frustrated: ["😣", "Frustrated"],
  concerned: ["😟", "Concerned"],
  calm: ["😌", "Calm"],
  happy: ["😊", "Happy"],
};

/** The call on the page. */
interface Call {
  readonly sessionId: string;
  state: CallState;
  /** Diana's latest line in the transcript. */
  lastLine?: HTMLElement;
  /** Stops her voice. */
  hush?: () => void;
}

/** The signed-in user's hub client and what the page listens to on it. */
interface Hub {
  readonly client: HubClient<DianaContract>;
  readonly subscriptions: Subscription;
}

const session = pageSession();
const voice = dianaVoice();
const ui = {
  connectionState: byId("connection-state"),
  reconnectingBanner: byId("reconnecting-banner"),
  signedOutHint: byId("signed-out-hint"),
  setupForm: byId<HTMLFormElement>("setup-form"),
  setupFields: byId<HTMLFieldSetElement>("setup-fields"),
  scenarioSelect: byId<HTMLSelectElement>("scenario-select"),
  scenarioSummary: byId("scenario-summary"),
  call: byId("call"),
  emotionFace: byId("emotion-face"),
  callerName: byId("caller-name"),
  emotion: byId("emotion"),
  callState: byId("call-state"),
  transcript: byId("transcript"),
  sayForm: byId<HTMLFormElement>("say-form"),
  sayFields: byId<HTMLFieldSetElement>("say-fields"),
  sayInput: byId<HTMLInputElement>("say-input"),
  micButton: byId<HTMLButtonElement>("mic-button"),
  endButton: byId<HTMLButtonElement>("end-button"),
  scorecard: byId("scorecard"),
  lineTemplate: byId<HTMLTemplateElement>("line-template"),
};
const errors = errorBox();

/** The hub of the signed-in user, or undefined when signed out. */
let hub: Hub | undefined;
/** Whose hub it is: `user/token`, to notice a different sign-in. */
let signedInAs: string | undefined;
/** Scenario summaries by id. */
let scenarios = new Map<string, ScenarioSummary>();
/** The call on the page, or undefined. */
let call: Call | undefined;
/** Stops the microphone while the trainee talks, or undefined. */
let stopListening: (() => void) | undefined;

// Session: a new sign-in gets a new connection; signing out drops it.

session.onChange(() => void follow());

async function follow(): Promise<void> {
  const identity = session.token() && `${session.user()}/${session.token()}`;
  if (identity === signedInAs) return;
  signedInAs = identity;
  const previous = hub;
  hub = undefined;
  resetCall();
  errors.clear();
  render();
  previous?.subscriptions.unsubscribe();
  await previous?.client.stop();
  if (identity) connect();
}

function connect(): void {
  const client = hubClient<DianaContract>(DIANA_HUB_PATH, {
    accessTokenFactory: () => session.token() ?? "",
    reconnect: RECONNECT_DELAYS_MS,
  });
  const subscriptions = client.on("ProcessingStarted").subscribe((event) => {
    if (ours(event)) setCallState("thinking");
  });
  subscriptions.add(
    client.on("DianaStartsSpeaking").subscribe((message) => {
      if (ours(message)) dianaSpeaks(message);
    }),
  );
  subscriptions.add(
    client.on("DianaInterrupted").subscribe(() => {
      if (call?.state === "speaking") stopSpeaking();
    }),
  );
  subscriptions.add(
    client.on("Error").subscribe((event) => {
      if (!ours(event)) return;
      errors.show(event.error ? `${event.message} (${event.error})` : event.message);
      if (call?.state === "thinking") setCallState("listening");
    }),
  );
  subscriptions.add(client.state$.subscribe(setState));
  subscriptions.add(client.errors$.subscribe(errors.show));
  subscriptions.add(client.closed$.subscribe(() => {
    errors.show(`The connection was lost. Trying again in ${RESTART_DELAY_MS / 1000} s.`);
    setTimeout(() => start(current), RESTART_DELAY_MS);
  }));
  // After every (re)connect: the scenarios once, then the running call on this connection.
  client.rejoin(async () => {
    if (client.state !== "reconnecting") errors.clear();
    if (scenarios.size === 0) listScenarios(await client.invoke("ListScenarios"));
    await rebind(client);
  });
  const current = hub = { client, subscriptions };
  start(current);
}

async function start(current: Hub): Promise<void> {
  if (hub !== current) return;
  try {
    await current.client.start();
  } catch (error) {
    if (hub !== current) return;
    errors.show(
      `Could not connect (${explain(error)}). Trying again in ${RESTART_DELAY_MS / 1000} s.`,
    );
    setTimeout(() => start(current), RESTART_DELAY_MS);
  }
}

/**
 * Binds the running call to the new connection (any call with its session
 * id does; lines written meanwhile follow), and shows the scorecard if the
 * call ended meanwhile. A call the server no longer knows is over.
 */
async function rebind(client: HubClient<DianaContract>): Promise<void> {
  if (!call || call.state === "ended") return;
  try {
    const status = await client.invoke("GetStatus", call.sessionId);
    if (status.state === "ended") scorecard(status);
  } catch (error) {
    errors.show(`The call was lost: ${explain(error)}`);
    setCallState("ended");
  }
}

function ours(event: { readonly sessionId: string }): boolean {
  return call !== undefined && event.sessionId === call.sessionId;
}

// Diana's side of the call.

function dianaSpeaks(message: DianaMessage): void {
  const speaking = call!;
  speaking.lastLine = addLine("diana", message.text);
  setEmotion(message.emotion);
  setCallState("speaking");
  speaking.hush = voice.speak(message.text, message.emotion, () => {
    if (call === speaking && speaking.state === "speaking") setCallState("listening");
  });
  if (message.shouldEndCall) endOfCall();
}

/** Silences Diana; it is the trainee's turn (unless the call is over). */
function stopSpeaking(): void {
  call?.hush?.();
  if (call?.state !== "ended") setCallState("listening");
}

/** The trainee talks over Diana: she stops, and the server drops what she was saying. */
function interrupt(): void {
  if (!call || call.state !== "speaking") return;
  if (call.lastLine) call.lastLine.dataset.interrupted = "true";
  stopSpeaking();
  hub?.client.invoke("UserInterrupted", call.sessionId).catch(errors.show);
}

async function endOfCall(): Promise<void> {
  setCallState("ended");
  stopMicrophone();
  try {
    if (call && hub) scorecard(await hub.client.invoke("GetStatus", call.sessionId));
  } catch (error) {
    errors.show(error);
  }
}

// The trainee's side of the call.

ui.setupForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  resetCall();
  errors.clear();
  const started: Call = call = { sessionId: crypto.randomUUID(), state: "idle" };
  const scenario = scenarios.get(ui.scenarioSelect.value);
  ui.callerName.textContent = scenario?.customer ?? "Diana";
  setEmotion(undefined);
  setCallState("thinking");
  try {
    if (!hub || !scenario) throw new Error("Choose a scenario once connected.");
    await hub.client.invoke("InitiateSessionWithScenario", started.sessionId, scenario.id);
    ui.sayInput.focus();
  } catch (error) {
    errors.show(error);
    resetCall();
  }
  render();
});

ui.sayForm.addEventListener("submit", (event) => {
  event.preventDefault();
  say(ui.sayInput.value);
});

async function say(text: string): Promise<void> {
  if (!call || call.state === "ended" || text.trim() === "") return;
  interrupt();
  addLine("trainee", text.trim());
  if (ui.sayInput.value === text) ui.sayInput.value = "";
  try {
    await hub?.client.invoke("UserSpoke", call.sessionId, text);
  } catch (error) {
    errors.show(error);
  }
}

ui.sayInput.addEventListener("input", interrupt);

ui.endButton.addEventListener("click", async () => {
  if (!call || call.state === "ended") return;
  try {
    await hub?.client.invoke("EndSession", call.sessionId);
    stopSpeaking();
    await endOfCall();
  } catch (error) {
    errors.show(error);
  }
});

// The trainee talks: each sentence is a line; starting to talk over Diana interrupts her.
ui.micButton.addEventListener("click", () => {
  if (stopListening) return stopMicrophone();
  stopListening = voice.listen({ onSpeechStart: interrupt, onLine: say, onError: errors.show });
  ui.micButton.setAttribute("aria-pressed", "true");
  ui.micButton.textContent = "Listening…";
});

function stopMicrophone(): void {
  stopListening?.();
  stopListening = undefined;
  ui.micButton.setAttribute("aria-pressed", "false");
  ui.micButton.textContent = "Speak";
}

ui.scenarioSelect.addEventListener("change", renderSummary);

// Rendering.

function listScenarios(list: readonly ScenarioSummary[]): void {
  scenarios = new Map(list.map((scenario) => [scenario.id, scenario]));
  ui.scenarioSelect.replaceChildren(...list.map((s) => new Option(s.title, s.id)));
  renderSummary();
}

function renderSummary(): void {
  ui.scenarioSummary.textContent = scenarios.get(ui.scenarioSelect.value)?.summary ?? "";
}

function resetCall(): void {
  call?.hush?.();
  stopMicrophone();
  call = undefined;
  ui.transcript.replaceChildren();
  ui.scorecard.hidden = true;
  ui.reconnectingBanner.hidden = true;
}

/** Appends a line to the transcript from the page's template; returns it. */
function addLine(speaker: "diana" | "trainee", text: string): HTMLElement {
  const item = ui.lineTemplate.content.firstElementChild!.cloneNode(true) as HTMLElement;
  item.dataset.speaker = speaker;
  const who = speaker === "diana" ? ui.callerName.textContent : "You";
  item.querySelector(".line-speaker")!.textContent = who;
  item.querySelector(".line-text")!.textContent = text;
  ui.transcript.append(item);
  ui.transcript.scrollTop = ui.transcript.scrollHeight;
  return item;
}

function setEmotion(emotion: Emotion | undefined): void {
  const [face, label] = emotion ? EMOTIONS[emotion] : ["😐", "On the line"];
  ui.emotion.dataset.emotion = emotion ?? "";
  ui.emotion.textContent = label;
  ui.emotionFace.textContent = face;
}

function setCallState(state: CallState): void {
  if (!call) return;
  call.state = state;
  ui.callState.dataset.state = state;
  ui.callState.textContent = CALL_LABELS[state];
  render();
}

function setState(state: ConnectionState): void {
  ui.reconnectingBanner.hidden = state !== "reconnecting";
  ui.connectionState.dataset.state = state;
  ui.connectionState.textContent = STATE_LABELS[state];
  render();
}

function render(): void {
  const signedIn = signedInAs !== undefined;
  const connected = hub?.client.state === "connected";
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

/** Shows the call's scorecard, once it has one. */
function scorecard(status: SessionStatus): void {
  if (!status.scorecard || status.sessionId !== call?.sessionId) return;
  setCallState("ended");
  showScorecard(status.scorecard);
  render();
}

follow();
