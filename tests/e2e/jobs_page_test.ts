/**
 * The jobs demo page end to end: the real app (jobs module, demo sign-in) on
 * a random port, the official browser client in real Chromium, signing in
 * with the header's form.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { createApp } from "../../app.ts";
import { demoSignIn } from "../../auth/demo_sign_in.ts";
import { jobsModule } from "../../hubs/jobs/mod.ts";
import { jwtBearer } from "../../signalr/mod.ts";
import { REPORT_HEADER } from "../../hubs/jobs/types/report.ts";
import { chromiumMissingReason, launchChromium } from "../helpers/chromium.ts";
import { serve, type TestServer } from "../helpers/server.ts";
import { SECRET } from "../helpers/tokens.ts";

// What the page defines; the page.evaluate callbacks below run there.
declare const switchboardSession: { token(): string | undefined };

const skipReason = chromiumMissingReason();
if (skipReason !== undefined) console.warn(skipReason);

/** What each test gets: its base URL, a browser, and a way to restart the server. */
interface JobsSite {
  readonly url: string;
  readonly browser: Browser;
  /** Shuts the app down gracefully and starts a fresh one on the same port and data. */
  restart(): Promise<void>;
}

function startSite(dataDir: string, port?: number): TestServer {
  const app = createApp([
    jobsModule({
      dataDir,
      concurrency: 2,
      hubOptions: { authenticate: jwtBearer({ algorithm: "HS256", key: SECRET }) },
    }),
    demoSignIn(SECRET),
  ], { demoSignIn: true });
  return serve(app.hono.fetch, () => app.close(true), port);
}

/** Registers a browser test (skipped, not passed, without Chromium) on a fresh server. */
function browserTest(name: string, fn: (site: JobsSite) => Promise<void>): void {
  Deno.test({
    name,
    ignore: skipReason !== undefined,
    async fn() {
      const dataDir = await Deno.makeTempDir({ prefix: "switchboard-jobs-page-" });
      let server = startSite(dataDir);
      let browser: Browser | undefined;
      const restart = async () => {
        await server.close();
        server = startSite(dataDir, Number(new URL(server.url).port));
      };
      try {
        browser = await launchChromium();
        await fn({ url: server.url, browser, restart });
      } finally {
        await browser?.close();
        await server.close();
        await Deno.remove(dataDir, { recursive: true });
      }
    },
  });
}

/** Opens the jobs page in a fresh context, signs in with the header form, waits for the hub. */
async function openSignedIn(site: JobsSite, name: string, role = "User"): Promise<Page> {
  const page = await (await site.browser.newContext()).newPage();
  await page.goto(`${site.url}/jobs.html`);
  await page.getByTestId("signed-out-hint").waitFor();
  await page.getByTestId("session-name").fill(name);
  await page.getByTestId("session-role").selectOption(role);
  await page.getByTestId("sign-in").click();
  await connected(page);
  return page;
}

async function connected(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
}

/** Starts a job with the page's form and returns its card. */
async function startJob(page: Page, type: "report" | "flaky", stepMs: string) {
  const before = await page.getByTestId("job").count();
  await page.getByTestId("job-type").selectOption(type);
  await page.getByTestId("step-ms").selectOption(stepMs);
  await page.getByTestId("start-button").click();
  await page.getByTestId("job").nth(before).waitFor();
  return page.getByTestId("job").first();
}

function jobWithStatus(page: Page, status: string) {
  return page.locator(`[data-testid="job"][data-status="${status}"]`);
}

browserTest(
  "jobs page: a report's progress bar reaches 100 % live and its link downloads the CSV",
  async (site) => {
    const page = await openSignedIn(site, "Alice");
    assert.equal(await page.getByTestId("signed-out-hint").isHidden(), true);
    assert.equal(await page.getByTestId("broadcast-input").isHidden(), true, "admins only");
    // Records every value the progress bars show, in order (the test has no DOM types).
    await page.evaluate(`
      globalThis.seen = [];
      new MutationObserver((records) => {
        for (const r of records) globalThis.seen.push(Number(r.target.getAttribute("value")));
      }).observe(document.getElementById("jobs"), { subtree: true, attributeFilter: ["value"] });
    `);

    const job = await startJob(page, "report", "100");
    await jobWithStatus(page, "completed").waitFor();
    assert.equal(await job.getByTestId("job-progress").getAttribute("value"), "100");
    assert.equal(await job.getByTestId("job-percent").textContent(), "100 %");
    assert.equal(await job.getByTestId("job-status").textContent(), "Completed");
    assert.equal(await job.getByTestId("job-cancel").isHidden(), true);
    const seen = await page.evaluate("globalThis.seen") as number[];
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b), "progress only moves forward");
    assert.equal(seen.at(-1), 100);

    const id = await job.getAttribute("data-job-id");
    const link = job.getByTestId("job-download");
    assert.match((await link.textContent())!, new RegExp(`^Download report-${id}\\.csv \\(`));
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    assert.equal(download.suggestedFilename(), `report-${id}.csv`);
    const content = await Deno.readTextFile((await download.path())!);
    const lines = content.trimEnd().split("\r\n");
    assert.equal(lines[0], REPORT_HEADER);
    assert.equal(lines.length, 1 + 100 + 1);
    assert.match(lines.at(-1)!, /^total,,,\d+,,\d+\.\d\d$/);
    const served = await page.evaluate(async (url) => {
      const headers = { Authorization: `Bearer ${switchboardSession.token()}` };
      return await (await fetch(url, { headers })).text();
    }, `/files/report-${id}.csv`);
    assert.equal(content, served);
  },
);

browserTest(
  "jobs page: failures and cancels show, and the list comes back on reload",
  async (site) => {
    const page = await openSignedIn(site, "Bob");
    const flaky = await startJob(page, "flaky", "100");
    await jobWithStatus(page, "failed").waitFor();
    assert.equal(
      await flaky.getByTestId("job-detail").textContent(),
      "Failed: The upstream service stopped answering at 40 %.",
    );
    assert.equal(await flaky.getByTestId("job-download").isHidden(), true);

    const slow = await startJob(page, "report", "3000");
    await jobWithStatus(page, "running").waitFor();
    await slow.getByTestId("job-cancel").click();
    await slow.and(jobWithStatus(page, "failed")).waitFor();
    assert.equal(await slow.getByTestId("job-detail").textContent(), "Failed: canceled");

    await page.reload();
    await connected(page);
    await page.getByTestId("job").nth(1).waitFor();
    const details = await page.getByTestId("job-detail").allTextContents();
    assert.deepEqual(details, [
      "Failed: canceled",
      "Failed: The upstream service stopped answering at 40 %.",
    ]);
  },
);

browserTest(
  "jobs page: an admin's broadcast shows as a banner on every page; others get no form",
  async (site) => {
    const admin = await openSignedIn(site, "Root", "Admin");
    const user = await openSignedIn(site, "Carol");
    assert.equal(await user.getByTestId("broadcast-input").isHidden(), true);
    await admin.getByTestId("broadcast-input").fill("Maintenance in 5 minutes <b>!</b>");
    await admin.getByTestId("broadcast-button").click();
    for (const page of [user, admin]) {
      await page.getByTestId("system-banner").waitFor();
      assert.equal(
        await page.getByTestId("system-text").textContent(),
        "Maintenance in 5 minutes <b>!</b>",
      );
      assert.equal(await page.getByTestId("system-text").locator("b").count(), 0);
    }
  },
);

browserTest(
  "jobs page: after a server restart it reconnects, subscribes again and shows the interrupted job",
  async (site) => {
    const page = await openSignedIn(site, "Dana");
    await startJob(page, "report", "3000");
    await jobWithStatus(page, "running").waitFor();
    await site.restart();
    await jobWithStatus(page, "failed").waitFor();
    await connected(page);
    assert.equal(
      await page.getByTestId("job-detail").textContent(),
      "Failed: interrupted by a server restart",
    );
    const job = await startJob(page, "report", "100");
    await job.and(jobWithStatus(page, "completed")).waitFor();
  },
);
