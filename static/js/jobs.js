/**
 * The jobs demo page: starts background jobs over REST (`/api/jobs`) and
 * follows them live on the `/hubs/job` hub with the official browser client
 * (the global `signalR`), as the signed-in user of session.js. After a
 * reconnect it lists and subscribes again: the server forgets groups when a
 * connection ends. User data only ever reaches the page through textContent.
 */
"use strict";

(() => {
  /** How long to wait before starting again after the connection failed or closed, in ms. */
  const RESTART_DELAY_MS = 5000;
  const TITLES = { report: "Report", flaky: "Flaky job" };
  /** Statuses in the order a job goes through them: news never moves a job back. */
  const STATUS_RANK = { queued: 0, running: 1, completed: 2, failed: 2 };
  const STATUS_LABELS = {
    queued: "Queued",
    running: "Running",
    completed: "Completed",
    failed: "Failed",
  };
  const STATE_LABELS = {
    "signed-out": "Signed out",
    connecting: "Connecting…",
    connected: "Connected",
    reconnecting: "Reconnecting…",
    disconnected: "Disconnected",
  };

  const session = globalThis.switchboardSession;
  const byId = (id) => document.getElementById(id);
  const ui = {
    state: byId("connection-state"),
    hint: byId("signed-out-hint"),
    startForm: byId("start-form"),
    startFields: byId("start-fields"),
    jobType: byId("job-type"),
    stepMs: byId("step-ms"),
    error: byId("error"),
    errorText: byId("error-text"),
    errorDismiss: byId("error-dismiss"),
    section: byId("jobs-section"),
    list: byId("jobs"),
    template: byId("job-template"),
    banner: byId("system-banner"),
    bannerText: byId("system-text"),
    bannerDismiss: byId("system-dismiss"),
    broadcastForm: byId("broadcast-form"),
    broadcastFields: byId("broadcast-fields"),
    broadcastInput: byId("broadcast-input"),
  };

  /** The hub connection of the signed-in user, or undefined when signed out. */
  let connection;
  /** Whose connection it is: `user/role/token`, to notice a different sign-in. */
  let signedInAs;
  /** Jobs on the page by id: `{ job, card }`. */
  const jobs = new Map();

  // Session: a new sign-in gets a new connection; signing out drops it.

  session.onChange(() => void follow());

  async function follow() {
    const identity = session.token() && `${session.user()}/${session.role()}/${session.token()}`;
    if (identity === signedInAs) return;
    signedInAs = identity;
    const previous = connection;
    connection = undefined;
    jobs.clear();
    ui.list.replaceChildren();
    clearError();
    render();
    await previous?.stop();
    if (identity) connect();
  }

  function connect() {
    const current = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/job", { accessTokenFactory: () => session.token() ?? "" })
      .withAutomaticReconnect()
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    connection = current;
    current.on("JobStarted", (id) => change(id, { status: "running" }));
    current.on("JobProgress", (id, progress) => change(id, { status: "running", progress }));
    current.on("JobCompleted", (id, result) => {
      change(id, { status: "completed", progress: 100, result });
    });
    current.on("JobFailed", (id, error) => change(id, { status: "failed", error }));
    current.on("SystemNotification", showBanner);
    current.onreconnecting(() => setState("reconnecting"));
    current.onreconnected(async () => {
      setState("connected");
      await refresh(current);
    });
    current.onclose(() => {
      if (connection !== current) return;
      setState("disconnected");
      showError(`The connection closed. Trying again in ${RESTART_DELAY_MS / 1000} s.`);
      setTimeout(() => start(current), RESTART_DELAY_MS);
    });
    start(current);
  }

  async function start(current) {
    if (connection !== current) return;
    setState("connecting");
    try {
      await current.start();
    } catch (error) {
      if (connection !== current) return;
      setState("disconnected");
      const why = explain(error);
      showError(`Could not connect (${why}). Trying again in ${RESTART_DELAY_MS / 1000} s.`);
      setTimeout(() => start(current), RESTART_DELAY_MS);
      return;
    }
    clearError();
    setState("connected");
    await refresh(current);
  }

  /**
   * Lists the user's jobs, then subscribes to every unfinished one on the
   * page; the hub answers with each one's state so far. A job the server no
   * longer knows is shown failed with the server's word for it.
   */
  async function refresh(current) {
    try {
      const list = await api("GET", "/api/jobs");
      for (const job of [...list].reverse()) show(job);
    } catch (error) {
      showError(error);
    }
    const unfinished = [...jobs.values()].filter(({ job }) => !isFinished(job));
    await Promise.all(unfinished.map(({ job }) => subscribe(current, job.id)));
  }

  async function subscribe(current, id) {
    try {
      await current.invoke("SubscribeToJob", id);
    } catch (error) {
      if (connection !== current) return;
      if (/was not found/.test(explain(error))) {
        change(id, { status: "failed", error: explain(error) });
      } else showError(error);
    }
  }

  // User actions.

  ui.startForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    ui.startFields.disabled = true;
    clearError();
    try {
      const job = await api("POST", "/api/jobs", {
        type: ui.jobType.value,
        stepMs: Number(ui.stepMs.value),
      });
      show(job);
      await subscribe(connection, job.id);
    } catch (error) {
      showError(error);
    } finally {
      render();
    }
  });

  ui.broadcastForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await connection.invoke("BroadcastSystemNotification", ui.broadcastInput.value);
      ui.broadcastInput.value = "";
      clearError();
    } catch (error) {
      showError(error);
    }
  });

  ui.errorDismiss.addEventListener("click", clearError);
  ui.bannerDismiss.addEventListener("click", () => {
    ui.banner.hidden = true;
  });

  async function cancel(id) {
    try {
      show(await api("DELETE", `/api/jobs/${id}`));
    } catch (error) {
      showError(error);
    }
  }

  /** Downloads a job's file with the bearer token (a plain link cannot send it). */
  async function download(result) {
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
      showError(error);
    }
  }

  // REST.

  function authorization() {
    return { Authorization: `Bearer ${session.token() ?? ""}` };
  }

  async function api(method, path, body) {
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
  async function problemText(response) {
    const problem = await response.json().catch(() => ({}));
    const text = [problem.title, problem.detail].filter(Boolean).join(" ");
    return text || `The server answered ${response.status}.`;
  }

  // Jobs on the page.

  function isFinished(job) {
    return job.status === "completed" || job.status === "failed";
  }

  /** Shows a job as the server sent it, newest at the top. */
  function show(job) {
    const known = jobs.get(job.id);
    if (known) return change(job.id, job);
    const card = createCard(job);
    jobs.set(job.id, { job, card });
    ui.list.prepend(card.item);
    paint(job, card);
  }

  /** Applies an event's news to a job on the page; progress never goes back. */
  function change(id, news) {
    const known = jobs.get(id);
    if (!known) return;
    const { job } = known;
    if (STATUS_RANK[news.status] < STATUS_RANK[job.status]) return;
    if (isFinished(job) && news.status !== job.status) return;
    const progress = Math.max(job.progress ?? 0, news.progress ?? 0);
    known.job = { ...job, ...news, progress };
    paint(known.job, known.card);
  }

  /** A job's card, cloned from the page's template. */
  function createCard(job) {
    const item = ui.template.content.firstElementChild.cloneNode(true);
    const part = (testid) => item.querySelector(`[data-testid="${testid}"]`);
    item.dataset.jobId = String(job.id);
    part("job-title").textContent = `${TITLES[job.type] ?? job.type} #${job.id}`;
    part("job-progress").setAttribute("aria-label", `Progress of job ${job.id}`);
    const card = {
      item,
      status: part("job-status"),
      progress: part("job-progress"),
      percent: part("job-percent"),
      detail: part("job-detail"),
      link: part("job-download"),
      cancelButton: part("job-cancel"),
    };
    card.link.addEventListener("click", (event) => {
      event.preventDefault();
      download(jobs.get(job.id).job.result);
    });
    card.cancelButton.addEventListener("click", () => cancel(job.id));
    return card;
  }

  function paint(job, card) {
    card.item.dataset.status = job.status;
    card.status.textContent = STATUS_LABELS[job.status] ?? job.status;
    card.progress.value = job.progress ?? 0;
    card.percent.textContent = `${job.progress ?? 0} %`;
    card.cancelButton.hidden = isFinished(job);
    const result = job.status === "completed" ? job.result : undefined;
    card.link.hidden = !result?.url;
    if (result?.url) {
      card.link.href = result.url;
      card.link.textContent = `Download ${result.filename} (${result.size})`;
    }
    card.detail.textContent = job.status === "queued"
      ? "Waiting for a free slot…"
      : job.status === "running"
      ? `Working: ${(job.params?.stepMs ?? 1000) / 1000} s per 10 %`
      : job.status === "failed"
      ? `Failed: ${job.error}`
      : "";
  }

  // Rendering.

  function setState(state) {
    ui.state.dataset.state = state;
    ui.state.textContent = STATE_LABELS[state];
    render();
  }

  function render() {
    const signedIn = signedInAs !== undefined;
    const connected = connection?.state === signalR.HubConnectionState.Connected;
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

  function showBanner(message) {
    ui.bannerText.textContent = message;
    ui.banner.hidden = false;
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
