/**
 * The chat demo page end to end: the real app on a random port, the official
 * browser client in real Chromium, two visitors in separate browser contexts.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { createApp } from "../../app.ts";
import { chatModule } from "../../hubs/chat/mod.ts";
import { chromiumMissingReason, launchChromium } from "../helpers/chromium.ts";
import { serve, type TestServer } from "../helpers/server.ts";

const skipReason = chromiumMissingReason();
if (skipReason !== undefined) console.warn(skipReason);

/** What each test gets: its base URL, a running browser, and a way to restart the server. */
interface ChatSite {
  readonly url: string;
  readonly browser: Browser;
  /** Shuts the app down gracefully and starts a fresh one on the same port. */
  restart(): Promise<void>;
}

function startSite(port?: number): TestServer {
  const app = createApp([chatModule()]);
  return serve(app.hono.fetch, () => app.close(true), port);
}

/** Registers a browser test that is skipped, not passed, when Chromium is missing. */
function browserTest(name: string, fn: (site: ChatSite) => Promise<void>): void {
  Deno.test({
    name,
    ignore: skipReason !== undefined,
    async fn() {
      let server = startSite();
      let browser: Browser | undefined;
      const restart = async () => {
        await server.close();
        server = startSite(Number(new URL(server.url).port));
      };
      try {
        browser = await launchChromium();
        await fn({ url: server.url, browser, restart });
      } finally {
        await browser?.close();
        await server.close();
      }
    },
  });
}

/** Opens the chat page in a fresh browser context and waits until it is connected. */
async function openChat({ browser, url }: ChatSite): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/chat.html`);
  await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
  return page;
}

/** Fills in the name and room, joins, and waits for the page's own join notice. */
async function joinRoom(page: Page, name: string, room: string): Promise<void> {
  await page.getByTestId("name-input").fill(name);
  await page.getByTestId("room-input").fill(room);
  await page.getByTestId("join-button").click();
  await notice(page, `You joined #${room}`).waitFor();
}

function notice(page: Page, text: string) {
  return page.getByTestId("notice").filter({ hasText: text });
}

function message(page: Page, text: string) {
  return page.getByTestId("message").filter({ hasText: text });
}

/** Waits for `text`'s message on `page`; returns its author and whether it is the page's own. */
async function waitForMessage(page: Page, text: string) {
  const item = message(page, text);
  await item.waitFor();
  return {
    author: await item.getByTestId("message-author").textContent(),
    own: await item.getAttribute("data-own"),
  };
}

async function waitForEmptyTypingIndicator(page: Page): Promise<void> {
  await page.waitForFunction(
    `document.querySelector('[data-testid="typing-indicator"]').textContent === ""`,
  );
}

browserTest(
  "chat page: two visitors in one room see each other's messages, the sender's echo and typing",
  async (site) => {
    const alice = await openChat(site);
    const bob = await openChat(site);
    assert.equal(await alice.getByTestId("connection-state").textContent(), "Connected");
    assert.equal(await bob.getByTestId("connection-state").textContent(), "Connected");

    await joinRoom(alice, "Alice", "lobby");
    await joinRoom(bob, "Bob", "lobby");
    await notice(alice, "Bob joined #lobby").waitFor();
    assert.equal(await alice.getByTestId("current-room").textContent(), "#lobby");

    const input = alice.getByTestId("message-input");
    await input.pressSequentially("Hello Bob");
    await bob.getByTestId("typing-indicator").filter({ hasText: "Alice is typing…" }).waitFor();

    await input.press("Enter");
    assert.deepEqual(await waitForMessage(bob, "Hello Bob"), { author: "Alice", own: "false" });
    assert.deepEqual(await waitForMessage(alice, "Hello Bob"), { author: "Alice", own: "true" });
    assert.equal(await input.inputValue(), "");
    await waitForEmptyTypingIndicator(bob);

    await bob.getByTestId("message-input").fill("Hi Alice");
    await bob.getByTestId("send-button").click();
    assert.deepEqual(await waitForMessage(alice, "Hi Alice"), { author: "Bob", own: "false" });
  },
);

browserTest("chat page: shows the server's explanation when a join is invalid", async (site) => {
  const page = await openChat(site);
  assert.equal(await page.getByTestId("error").isHidden(), true);

  await page.getByTestId("join-button").click();
  await page.getByTestId("error").waitFor();
  assert.equal(
    await page.getByTestId("error-text").textContent(),
    "The user name must not be empty.",
  );
  assert.equal(await page.getByTestId("current-room").textContent(), "none");
  assert.equal(await page.getByTestId("message-input").isDisabled(), true);

  await joinRoom(page, "Alice", "lobby");
  assert.equal(await page.getByTestId("message-input").isEnabled(), true);
});

browserTest(
  "chat page: switching rooms leaves the old room and joins the new one",
  async (site) => {
    const alice = await openChat(site);
    const bob = await openChat(site);
    await joinRoom(alice, "Alice", "lobby");
    await joinRoom(bob, "Bob", "lobby");

    await bob.getByTestId("room-input").fill("garden");
    await bob.getByTestId("join-button").click();
    await notice(bob, "You joined #garden").waitFor();
    await notice(bob, "You left #lobby").waitFor();
    await notice(alice, "Bob left #lobby").waitFor();
    assert.equal(await bob.getByTestId("current-room").textContent(), "#garden");
    assert.equal(await bob.getByTestId("join-button").textContent(), "Switch room");

    await alice.getByTestId("room-input").fill("garden");
    await alice.getByTestId("join-button").click();
    await notice(bob, "Alice joined #garden").waitFor();
    await alice.getByTestId("message-input").fill("Found you");
    await alice.getByTestId("message-input").press("Enter");
    assert.deepEqual(await waitForMessage(bob, "Found you"), { author: "Alice", own: "false" });
  },
);

browserTest(
  "chat page: reconnects after the server drops the connection and rejoins its room",
  async (site) => {
    const alice = await openChat(site);
    const bob = await openChat(site);
    await joinRoom(alice, "Alice", "lobby");
    await joinRoom(bob, "Bob", "lobby");

    await site.restart();
    for (const page of [alice, bob]) {
      await notice(page, "Reconnected.").waitFor();
      await notice(page, "You joined #lobby").nth(1).waitFor();
      await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    }

    await alice.getByTestId("message-input").fill("Still here");
    await alice.getByTestId("message-input").press("Enter");
    assert.deepEqual(await waitForMessage(bob, "Still here"), { author: "Alice", own: "false" });
  },
);
