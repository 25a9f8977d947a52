/// <reference lib="dom" />
/**
 * The jobs demo page (bundled to /js/jobs.js): starts background jobs over
 * REST (`/api/jobs`) and follows them live on the `/hubs/job` hub with the
 * typed client, as the signed-in user of session.ts. After every (re)connect
 * it lists and subscribes again: the server forgets groups when a connection
 * ends. User data only ever reaches the page through textContent.
 *
 * @module
 */
import type { Subscription } from "rxjs";
import { type ConnectionState, type HubClient, hubClient } from "../../client/mod.ts";
import {
  type FileResult,
  type Job,
  JOB_HUB_PATH,
  type JobContract,
  type JobStatus,
} from "../../hubs/jobs/contract.ts";
import { byId, errorBox, explain } from "./page.ts";
import { pageSession } from "./session_api.ts";
import { type JobCard, jobCard, paintJob } from "./job_card.ts";

/** How long to wait before starting again after the connection failed or closed, in ms. */
const RESTART_DELAY_MS = 5000;
/** Statuses in the order a job goes through them: news never moves a job back. */
const STATUS_RANK: Record<JobStatus, number> = { queued: 0, running: 1, completed: 2, failed: 2 };
const STATE_LABELS: Record<ConnectionState | "signed-out", string> = {
  "signed-out": "Signed out",
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  disconnected: "Disconnected",
};

/** The signed-in user's hub client and what the page listens to on it. */
interface Hub {
  readonly client: HubClient<JobContract>;
  readonly subscriptions: Subscription;
}

const session = pageSession();
const ui = {
  state: byId("connection-state"),
  hint: byId("signed-out-hint"),
  startForm: byId<HTMLFormElement>("start-form"),
  startFields: byId<HTMLFieldSetElement>("start-fields"),
  jobType: byId<HTMLSelectElement>("job-type"),
  stepMs: byId<HTMLSelectElement>("step-ms"),
  section: byId("jobs-section"),
  list: byId("jobs"),
  banner: byId("system-banner"),
  bannerText: byId("system-text"),
  bannerDismiss: byId("system-dismiss"),
  broadcastForm: byId<HTMLFormElement>("broadcast-form"),
  broadcastFields: byId<HTMLFieldSetElement>("broadcast-fields"),
  broadcastInput: byId<HTMLInputElement>("broadcast-input"),
};
const errors = errorBox();

/** The hub of the signed-in user, or undefined when signed out. */
let hub: Hub | undefined;
/** Whose hub it is: `user/role/token`, to notice a different sign-in. */
let signedInAs: string | undefined;
/** Jobs on the page by id. */
const jobs = new Map<number, { job: Job; card: JobCard }>();

// Session: a new sign-in gets a new connection; signing out drops it.

session.onChange(() => void follow());

async function follow(): Promise<void> {
  const identity = session.token() && `${session.user()}/${session.role()}/${session.token()}`;
  if (identity === signedInAs) return;
  signedInAs = identity;
  const previous = hub;
  hub = undefined;
  jobs.clear();
  ui.list.replaceChildren();
  errors.clear();
  render();
  previous?.subscriptions.unsubscribe();
  await previous?.client.stop();
  if (identity) connect();
}

function connect(): void {
  const client = hubClient<JobContract>(JOB_HUB_PATH, {
    accessTokenFactory: () => session.token() ?? "",
  });
  const subscriptions = client.on("JobStarted").subscribe((id) =>
    change(id, { status: "running" })
  );
  subscriptions.add(
    client.on("JobProgress").subscribe(([id, progress]) =>
      change(id, { status: "running", progress })
    ),
  );
  subscriptions.add(
    client.on("JobCompleted").subscribe(([id, result]) =>
      change(id, { status: "completed", progress: 100, result })
    ),
  );
  subscriptions.add(
    client.on("JobFailed").subscribe(([id, error]) => change(id, { status: "failed", error })),
  );
  subscriptions.add(client.on("SystemNotification").subscribe(showBanner));
  subscriptions.add(client.state$.subscribe(setState));
  subscriptions.add(client.closed$.subscribe(() => {
    errors.show(`The connection closed. Trying again in ${RESTART_DELAY_MS / 1000} s.`);
    setTimeout(() => start(current), RESTART_DELAY_MS);
  }));
  // After every (re)connect: list the jobs and follow the unfinished ones again.
  client.rejoin(async () => {
    if (client.state !== "reconnecting") errors.clear();
    await refresh(current);
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
    const why = explain(error);
    errors.show(`Could not connect (${why}). Trying again in ${RESTART_DELAY_MS / 1000} s.`);
    setTimeout(() => start(current), RESTART_DELAY_MS);
  }
}

/**
 * Lists the user's jobs, then subscribes to every unfinished one on the
 * page; the hub answers with each one's state so far. A job the server no
 * longer knows is shown failed with the server's word for it.
 */
async function refresh(current: Hub): Promise<void> {
  try {
    const list = await api<Job[]>("GET", "/api/jobs");
    for (const job of [...list].reverse()) show(job);
  } catch (error) {
    errors.show(error);
  }
  const unfinished = [...jobs.values()].filter(({ job }) => !isFinished(job));
  await Promise.all(unfinished.map(({ job }) => subscribe(current, job.id)));
}

async function subscribe(current: Hub, id: number): Promise<void> {
  try {
    await current.client.invoke("SubscribeToJob", id);
  } catch (error) {
    if (hub !== current) return;
    if (/was not found/.test(explain(error))) {
      change(id, { status: "failed", error: explain(error) });
    } else errors.show(error);
  }
}

// User actions.

ui.startForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  ui.startFields.disabled = true;
  errors.clear();
  try {
    const job = await api<Job>("POST", "/api/jobs", {
      type: ui.jobType.value,
      stepMs: Number(ui.stepMs.value),
    });
    show(job);
    if (hub) await subscribe(hub, job.id);
  } catch (error) {
    errors.show(error);
  } finally {
    render();
  }
});

ui.broadcastForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await hub?.client.invoke("BroadcastSystemNotification", ui.broadcastInput.value);
    ui.broadcastInput.value = "";
    errors.clear();
  } catch (error) {
    errors.show(error);
  }
});

ui.bannerDismiss.addEventListener("click", () => {
  ui.banner.hidden = true;
});

async function cancel(id: number): Promise<void> {
  try {
    show(await api<Job>("DELETE", `/api/jobs/${id}`));
  } catch (error) {
    errors.show(error);
  }
}

/** Downloads a job's file with the bearer token (a plain link cannot send it). */
async function download(result: FileResult): Promise<void> {
  try {
    const response = await fetch(result.url, { headers: authorization() });
    if (!response.ok) throw new Error(await problemText(response));
    const href = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = href;
    link.download = result.filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
  } catch (error) {
    errors.show(error);
  }
}

// REST.

function authorization(): Record<string, string> {
  return { Authorization: `Bearer ${session.token() ?? ""}` };
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers = authorization();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(await problemText(response));
  return await response.json();
}

/** The explanation in a problem response (`{ title, detail }`). */
async function problemText(response: Response): Promise<string> {
  const problem = await response.json().catch(() => ({}));
  const text = [problem.title, problem.detail].filter(Boolean).join(" ");
  return text || `The server answered ${response.status}.`;
}

// Jobs on the page.

function isFinished(job: Pick<Job, "status">): boolean {
  return job.status === "completed" || job.status === "failed";
}

/** Shows a job as the server sent it, newest at the top. */
function show(job: Job): void {
  if (jobs.has(job.id)) return change(job.id, job);
  const card = jobCard(job, {
    download: () => download(jobs.get(job.id)!.job.result as FileResult),
    cancel: () => cancel(job.id),
  });
  jobs.set(job.id, { job, card });
  ui.list.prepend(card.item);
  paintJob(job, card);
}

/** Applies an event's news to a job on the page; progress never goes back. */
function change(id: number, news: Partial<Job> & Pick<Job, "status">): void {
  const known = jobs.get(id);
  if (!known) return;
  const { job } = known;
  if (STATUS_RANK[news.status] < STATUS_RANK[job.status]) return;
  if (isFinished(job) && news.status !== job.status) return;
  const progress = Math.max(job.progress ?? 0, news.progress ?? 0);
  known.job = { ...job, ...news, progress };
  paintJob(known.job, known.card);
}

// Rendering.

function setState(state: ConnectionState): void {
  ui.state.dataset.state = state;
  ui.state.textContent = STATE_LABELS[state];
  render();
}

function render(): void {
  const signedIn = signedInAs !== undefined;
  const connected = hub?.client.state === "connected";
  if (!signedIn) {
    ui.state.dataset.state = "signed-out";
    ui.state.textContent = STATE_LABELS["signed-out"];
  }
  ui.hint.hidden = signedIn;
  ui.startForm.hidden = !signedIn;
  ui.section.hidden = !signedIn;
  ui.startFields.disabled = !connected;
  ui.broadcastForm.hidden = !signedIn || session.role() !== "Admin";
  ui.broadcastFields.disabled = !connected;
}

function showBanner(message: string): void {
  ui.bannerText.textContent = message;
  ui.banner.hidden = false;
}

follow();
