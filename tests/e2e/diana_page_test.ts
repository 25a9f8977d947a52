/**
 * The Diana demo page end to end: the real app (Diana module with the offline
 * customer, demo sign-in) on a random port, the official browser client in
 * real Chromium, signing in with the header's form. One browser context runs
 * without the speech APIs: the page must work by typing alone.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { createApp } from "../../app.ts";
import { demoSignIn } from "../../auth/demo_sign_in.ts";
import { dianaModule } from "../../hubs/diana/mod.ts";
import { jwtBearer } from "../../signalr/mod.ts";
import { chromiumMissingReason, launchChromium } from "../helpers/chromium.ts";
import { serve } from "../helpers/server.ts";
import { SECRET } from "../helpers/tokens.ts";

const skipReason = chromiumMissingReason();
if (skipReason !== undefined) console.warn(skipReason);

/** Registers a browser test (skipped, not passed, without Chromium) on a fresh server. */
function browserTest(name: string, fn: (url: string, browser: Browser) => Promise<void>): void {
  Deno.test({
    name,
    ignore: skipReason !== undefined,
    async fn() {
      const app = createApp([
        dianaModule(
          { authenticate: jwtBearer({ algorithm: "HS256", key: SECRET }) },
          { thinkMs: 20, silenceMs: 0, seed: 3 },
        ),
        demoSignIn(SECRET),
      ], { demoSignIn: true });
      const server = serve(app.hono.fetch, () => app.close());
      let browser: Browser | undefined;
      try {
        browser = await launchChromium();
        await fn(server.url, browser);
      } finally {
        await browser?.close();
        await server.close();
      }
    },
  });
}

/** Opens the page (optionally without speech APIs), signs in, waits for the hub; collects page errors. */
async function openSignedIn(
  url: string,
  browser: Browser,
  { speech }: { speech: boolean },
): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  // Failed page resources show up as responses; the browser's own /favicon.ico 404 is no concern.
  page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  page.on("console", (message) => {
    const text = message.text();
    if (message.type() === "error" && !text.startsWith("Failed to load resource")) {
      errors.push(text);
    }
  });
  if (!speech) {
    await page.addInitScript(() => {
      for (const name of ["speechSynthesis", "SpeechRecognition", "webkitSpeechRecognition"]) {
        delete (globalThis as Record<string, unknown>)[name];
      }
    });
  }
  await page.goto(`${url}/diana.html`);
  await page.getByTestId("signed-out-hint").waitFor();
  await page.getByTestId("session-name").fill("Trainee");
  await page.getByTestId("sign-in").click();
  await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
  await page.locator('[data-testid="scenario-select"] option').first().waitFor({
    state: "attached",
  });
  return { page, errors };
}

/** Diana's `n`-th line (0 is her greeting), once it is on the page. */
async function dianaLine(page: Page, n: number): Promise<string> {
  const line = page.locator('[data-testid="line"][data-speaker="diana"]').nth(n);
  await line.waitFor();
  return (await line.getByTestId("line-text").textContent()) ?? "";
}

async function say(page: Page, text: string): Promise<void> {
  await page.getByTestId("say-input").fill(text);
  await page.getByTestId("say-input").press("Enter");
  await page.locator('[data-testid="line"][data-speaker="trainee"]', { hasText: text }).waitFor();
}

browserTest(
  "Diana page: sign in, start a call, type a line, Diana answers, end it: the scorecard shows",
  async (url, browser) => {
    const { page, errors } = await openSignedIn(url, browser, { speech: false });
    assert.equal(await page.getByTestId("mic-button").isHidden(), true);
    await page.getByTestId("scenario-select").selectOption("lost-parcel");
    assert.match(await page.getByTestId("scenario-summary").textContent() ?? "", /Tomás/);
    assert.equal(await page.getByTestId("call").isHidden(), true);

    await page.getByTestId("start-button").click();
    assert.equal(await page.getByTestId("caller-name").textContent(), "Tomás Reyes");
    assert.match(await dianaLine(page, 0), /parcel|delivery|order/i);
    assert.notEqual(await page.getByTestId("emotion").getAttribute("data-emotion"), "");
    assert.equal(await page.getByTestId("start-button").isDisabled(), true);

    await say(page, "Hello, you're through to Parcels, my name is Jo. How can I help?");
    assert.match(await dianaLine(page, 1), /bike|birthday|delivered|tracking/i);
    assert.equal(await page.getByTestId("emotion").getAttribute("data-emotion"), "concerned");

    await page.getByTestId("end-button").click();
    await page.getByTestId("scorecard").waitFor();
    assert.equal(
      await page.getByTestId("scorecard-outcome").textContent(),
      "The trainee ended the call.",
    );
    assert.equal(await page.getByTestId("scorecard-resolution").textContent(), "unresolved");
    assert.equal(await page.getByTestId("scorecard-turns").textContent(), "1");
    assert.equal(
      await page.getByTestId("mood-caption").textContent(),
      "Customer mood: 35 → 41 (out of 100)",
    );
    assert.ok((await page.getByTestId("scorecard-tips").locator("li").count()) > 0);
    assert.equal(await page.getByTestId("call-state").getAttribute("data-state"), "ended");
    assert.equal(await page.getByTestId("say-input").isDisabled(), true);
    assert.equal(await page.getByTestId("start-button").isEnabled(), true);
    assert.deepEqual(errors, []);
  },
);

browserTest(
  "Diana page: when the customer ends the call, the scorecard appears by itself",
  async (url, browser) => {
    const { page, errors } = await openSignedIn(url, browser, { speech: true });
    await page.getByTestId("start-button").click();
    await dianaLine(page, 0);
    const lines = [
      "Hello, thank you for calling, my name is Sam. How can I help?",
      "I'm so sorry, that must be frustrating. Could I have your account number?",
      "Thank you. I'll refund the duplicate charge today and email you a confirmation.",
    ];
    for (const [i, line] of lines.entries()) {
      await say(page, line);
      await dianaLine(page, i + 1);
    }
    await page.getByTestId("scorecard").waitFor();
    assert.equal(
      await page.getByTestId("scorecard-outcome").textContent(),
      "The trainee solved the customer's problem.",
    );
    assert.equal(await page.getByTestId("scorecard-resolution").textContent(), "resolved");
    assert.equal(await page.getByTestId("emotion").getAttribute("data-emotion"), "happy");
    const points = await page.locator("#mood-line").getAttribute("points");
    assert.equal(points?.split(" ").length, 4);
    assert.deepEqual(errors, []);
  },
);
