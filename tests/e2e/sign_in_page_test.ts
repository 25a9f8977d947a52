/**
 * The sign-in header end to end: the app as `deno task dev` builds it (demo
 * sign-in on) or with demo sign-in off, on a random port, in real Chromium,
 * with the official browser client the pages load.
 */
import assert from "node:assert/strict";
import type * as SignalR from "@microsoft/signalr";
import type { Browser, Page } from "playwright-core";
import { createApp } from "../../app.ts";
import { demoSignIn } from "../../auth/demo_sign_in.ts";
import { chatModule } from "../../hubs/chat/mod.ts";
import { jobsModule } from "../../hubs/jobs/mod.ts";
import { type HubOptions, jwtBearer } from "../../signalr/mod.ts";
import { chromiumMissingReason, launchChromium } from "../helpers/chromium.ts";
import { serve } from "../helpers/server.ts";
import { hmacToken, inSeconds, SECRET } from "../helpers/tokens.ts";

// What the pages define; the page.evaluate callbacks below run there.
declare const signalR: typeof SignalR;
declare const switchboardSession: { token(): string | undefined };

const skipReason = chromiumMissingReason();
if (skipReason !== undefined) console.warn(skipReason);

/** Where session.js keeps the token. */
const STORAGE_KEY = "switchboard.session";

/** The app as main.ts builds it in dev mode, or without demo sign-in. */
function startSite(withDemoSignIn: boolean) {
  const options: HubOptions = { authenticate: jwtBearer({ algorithm: "HS256", key: SECRET }) };
  const modules = [chatModule(options), jobsModule({ hubOptions: options })];
  const app = createApp(withDemoSignIn ? [...modules, demoSignIn(SECRET)] : modules, {
    demoSignIn: withDemoSignIn,
  });
  return serve(app.hono.fetch, () => app.close());
}

/** Registers a browser test (skipped, not passed, without Chromium) on a fresh server and page. */
function browserTest(
  name: string,
  withDemoSignIn: boolean,
  fn: (page: Page, url: string) => Promise<void>,
): void {
  Deno.test({
    name,
    ignore: skipReason !== undefined,
    async fn() {
      const server = startSite(withDemoSignIn);
      let browser: Browser | undefined;
      try {
        browser = await launchChromium();
        const page = await (await browser.newContext()).newPage();
        await fn(page, server.url);
      } finally {
        await browser?.close();
        await server.close();
      }
    },
  });
}

/** Signs in with the header's form and waits until the header says so. */
async function signIn(page: Page, name: string, role: "User" | "Admin"): Promise<void> {
  await page.getByTestId("session-name").fill(name);
  await page.getByTestId("session-role").selectOption(role);
  await page.getByTestId("sign-in").click();
  await page.getByTestId("session-user").waitFor();
}

/** The header's "Signed in as …" text, once it shows. */
async function signedInText(page: Page): Promise<string | null> {
  await page.getByTestId("session-user").waitFor();
  return await page.getByTestId("session-user").textContent();
}

function storedToken(page: Page): Promise<string | null> {
  return page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);
}

browserTest(
  "sign-in header: a demo user signs in on the home page, stays signed in on reload, signs out",
  true,
  async (page, url) => {
    await page.goto(url);
    await page.getByTestId("sign-in").waitFor();
    assert.equal(await page.getByTestId("session-user").count(), 0);

    await signIn(page, "Ann", "Admin");
    assert.equal(await signedInText(page), "Signed in as Ann (Admin)");
    assert.equal(await page.getByTestId("sign-in").count(), 0);
    assert.match((await storedToken(page)) ?? "", /^[\w-]+\.[\w-]+\.[\w-]+$/);

    await page.reload();
    assert.equal(await signedInText(page), "Signed in as Ann (Admin)");

    await page.getByTestId("sign-out").click();
    await page.getByTestId("sign-in").waitFor();
    assert.equal(await page.getByTestId("session-user").count(), 0);
    assert.equal(await storedToken(page), null);
    await page.reload();
    await page.getByTestId("sign-in").waitFor();
  },
);

browserTest(
  "sign-in header: the chat page prefills the signed-in name and connects with the token",
  true,
  async (page, url) => {
    await page.goto(url);
    await signIn(page, "Ann", "User");
    const token = await storedToken(page);

    const negotiate = page.waitForRequest((r) => r.url().includes("/hubs/chat/negotiate"));
    await page.goto(`${url}/chat.html`);
    assert.equal((await negotiate).headers()["authorization"], `Bearer ${token}`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
    assert.equal(await signedInText(page), "Signed in as Ann (User)");
    assert.equal(await page.getByTestId("name-input").inputValue(), "Ann");

    await page.getByTestId("join-button").click();
    await page.getByTestId("notice").filter({ hasText: "You joined #lobby" }).waitFor();
    await page.getByTestId("message-input").fill("Hello from Ann");
    await page.getByTestId("message-input").press("Enter");
    const message = page.getByTestId("message").filter({ hasText: "Hello from Ann" });
    await message.waitFor();
    assert.equal(await message.getByTestId("message-author").textContent(), "Ann");
  },
);

browserTest(
  "sign-in header: an invalid name shows the server's explanation as text",
  true,
  async (page, url) => {
    await page.goto(url);
    await page.getByTestId("session-name").fill("<script>");
    await page.getByTestId("sign-in").click();
    await page.getByTestId("session-error").waitFor();
    assert.equal(
      await page.getByTestId("session-error").textContent(),
      "name must be 1 to 32 letters, digits, spaces, . _ or -.",
    );
    assert.equal(await page.getByTestId("session").locator("script").count(), 0);
    assert.equal(await storedToken(page), null);

    await signIn(page, "Zoë", "User");
    assert.equal(await signedInText(page), "Signed in as Zoë (User)");
  },
);

browserTest(
  "sign-in header: the signed-in admin's token opens the job hub; without one it is refused",
  true,
  async (page, url) => {
    await page.goto(url);
    await signIn(page, "Ann", "Admin");
    await page.goto(`${url}/chat.html`);
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();

    const notification = await page.evaluate(async () => {
      const token = switchboardSession.token();
      const connection = new signalR.HubConnectionBuilder()
        .withUrl("/hubs/job", { accessTokenFactory: () => token ?? "" })
        .configureLogging(signalR.LogLevel.None)
        .build();
      const received = new Promise((resolve) => connection.on("SystemNotification", resolve));
      await connection.start();
      try {
        await connection.invoke("BroadcastSystemNotification", "hi");
        return await received;
      } finally {
        await connection.stop();
      }
    });
    assert.equal(notification, "hi");

    const refusal = await page.evaluate(async () => {
      const connection = new signalR.HubConnectionBuilder()
        .withUrl("/hubs/job")
        .configureLogging(signalR.LogLevel.None)
        .build();
      try {
        await connection.start();
        await connection.stop();
        return "connected";
      } catch (error) {
        return String(error);
      }
    });
    assert.match(refusal, /Status code '401'/);
  },
);

browserTest(
  "sign-in header: a stored token is forgotten once it expires, on load or while the page is open",
  true,
  async (page, url) => {
    await page.clock.install();
    await page.goto(url);
    const expired = await hmacToken({ sub: "Ann", name: "Ann", role: "User", exp: inSeconds(-1) });
    await page.evaluate(([key, token]) => localStorage.setItem(key, token), [STORAGE_KEY, expired]);
    await page.reload();
    await page.getByTestId("sign-in").waitFor();
    assert.equal(await storedToken(page), null);

    const hourLong = await hmacToken({ sub: "Bo", name: "Bo", role: "User", exp: inSeconds(3600) });
    await page.evaluate(([key, token]) => localStorage.setItem(key, token), [
      STORAGE_KEY,
      hourLong,
    ]);
    await page.reload();
    assert.equal(await signedInText(page), "Signed in as Bo (User)");
    await page.clock.fastForward("01:00:01");
    await page.getByTestId("sign-in").waitFor();
    assert.equal(await storedToken(page), null);
  },
);

browserTest(
  "sign-in header: with demo sign-in off it says Not signed in and offers no form",
  false,
  async (page, url) => {
    for (const path of ["/", "/chat.html"]) {
      await page.goto(`${url}${path}`);
      const header = page.getByTestId("session");
      await header.filter({ hasText: "Not signed in" }).waitFor();
      assert.equal(await header.textContent(), "Not signed in");
      assert.equal(await header.locator("form, input, button").count(), 0);
    }
    const response = await page.request.post(`${url}/api/token`, {
      data: { name: "Ann", role: "Admin" },
    });
    assert.equal(response.status(), 404);
  },
);
