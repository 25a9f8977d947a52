/**
 * The operators' dashboard end to end: the real app (chat and ops modules) on
 * a random port, the dashboard page in real Chromium under the app's CSP, and
 * a chat page in another browser context whose connection appears on the
 * dashboard and disappears when it leaves.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { createApp } from "../../app.ts";
import { chatModule } from "../../hubs/chat/mod.ts";
import { opsModule } from "../../ops/mod.ts";
import { chromiumMissingReason, launchChromium } from "../helpers/chromium.ts";
import { serve } from "../helpers/server.ts";

const skipReason = chromiumMissingReason();
if (skipReason !== undefined) console.warn(skipReason);

/** The selector of a figure on a hub's card. */
function figure(hub: string, inner: string): string {
  return `[data-testid="hub-card"][data-hub="${hub}"] ${inner}`;
}

/** Waits until the element `selector` names reads exactly `text` (a digit string). */
async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).filter({ hasText: new RegExp(`^${text}$`) }).waitFor({
    timeout: 10_000,
  });
}

Deno.test({
  name:
    "the dashboard shows a chat client's connection appear, by transport, and go when it leaves",
  ignore: skipReason !== undefined,
  async fn() {
    const chat = chatModule();
    const app = createApp([chat, opsModule(chat.endpoints, { dashboard: { intervalMs: 200 } })]);
    const server = serve(app.hono.fetch, () => app.close());
    const browser = await launchChromium();
    const problems: string[] = [];
    try {
      const dashboard = await browser.newPage();
      // Failed page resources are caught by status below (the browser's own favicon request is not).
      dashboard.on("console", (message) => {
        const text = message.text();
        if (message.type() === "error" && !text.startsWith("Failed to load resource")) {
          problems.push(text);
        }
      });
      dashboard.on(
        "response",
        (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`),
      );
      dashboard.on("pageerror", (error) => problems.push(error.message));
      await dashboard.goto(`${server.url}/dashboard.html`);
      await dashboard.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
      const chatConnections = figure("/hubs/chat", '[data-testid="hub-connections"]');
      await waitForText(dashboard, chatConnections, "0");
      await waitForText(
        dashboard,
        figure("/hubs/dashboard", '[data-testid="hub-connections"]'),
        "1",
      );

      const visitor = await browser.newContext();
      const chatPage = await visitor.newPage();
      await chatPage.goto(`${server.url}/chat.html`);
      await chatPage.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
      await waitForText(dashboard, chatConnections, "1");
      await waitForText(dashboard, figure("/hubs/chat", '[data-transport="WebSockets"]'), "1");
      assert.equal(await dashboard.textContent('[data-testid="total-connections"]'), "2");

      await visitor.close();
      await waitForText(dashboard, chatConnections, "0");
      assert.deepEqual(problems, [], "no script errors or CSP violations");
    } finally {
      await browser.close();
      await server.close();
    }
  },
});
