/**
 * The Angular example end to end: installs it from the npm registry, builds
 * it with the Angular CLI, serves the build from a tiny static server on one
 * loopback port and Switchboard (its ALLOWED_ORIGINS listing that origin) on
 * another, then two visitors chat in real Chromium through the example's
 * ChatService, before and after a Switchboard restart (the service joins
 * its room again by itself). Skipped, with the reason, without Chromium or
 * without npm and its registry.
 */
import assert from "node:assert/strict";
import { extname, join, normalize } from "node:path";
import type { Browser, Page } from "playwright-core";
import { createApp } from "../../app.ts";
import { chatModule } from "../../hubs/chat/mod.ts";
import { chromiumMissingReason, launchChromium } from "../helpers/chromium.ts";
import { serve, type TestServer } from "../helpers/server.ts";

const EXAMPLE_DIR = new URL("../../examples/angular/", import.meta.url).pathname;

/** Why npm cannot install the example here, or `undefined` when it can. */
async function npmMissingReason(): Promise<string | undefined> {
  const why = "so the Angular example test is skipped";
  try {
    const ping = await new Deno.Command("npm", { args: ["ping"], stdout: "null", stderr: "null" })
      .output();
    return ping.success ? undefined : `The npm registry is unreachable (npm ping failed), ${why}.`;
  } catch {
    return `npm is not installed, ${why}.`;
  }
}

const skipReason = chromiumMissingReason() ?? await npmMissingReason();
if (skipReason !== undefined) console.warn(skipReason);

/** Runs `command` in the example's folder; throws with its output when it fails. */
async function run(command: string, args: string[]): Promise<void> {
  const { success, stdout, stderr } = await new Deno.Command(command, {
    args,
    cwd: EXAMPLE_DIR,
    env: { NG_CLI_ANALYTICS: "false", NO_COLOR: "1" },
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  if (!success) {
    throw new Error(`${command} ${args.join(" ")} failed:\n${decode(stdout)}${decode(stderr)}`);
  }
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** Serves the files of `root` read-only; `/` is index.html. */
function staticFiles(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const path = normalize(decodeURIComponent(new URL(request.url).pathname));
    const file = join(root, path === "/" ? "index.html" : path);
    if (!file.startsWith(root)) return new Response("Not found", { status: 404 });
    try {
      const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
      return new Response(await Deno.readFile(file), { headers: { "Content-Type": type } });
    } catch {
      return new Response("Not found", { status: 404 });
    }
  };
}

/** Switchboard with the chat hub, open to the example's origin. */
function startSwitchboard(exampleOrigin: string, port?: number): TestServer {
  const app = createApp([chatModule({ allowedOrigins: [exampleOrigin] })]);
  return serve(app.hono.fetch, () => app.close(true), port);
}

/** Opens the example's chat page in a fresh context and joins `room` as `name`. */
async function joinChat(browser: Browser, url: string, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  await connected(page);
  await page.getByTestId("name-input").fill(name);
  await page.getByTestId("room-input").fill("lobby");
  await page.getByTestId("join-button").click();
  await notice(page, "You joined #lobby").waitFor();
  return page;
}

async function connected(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor();
}

function notice(page: Page, text: string) {
  return page.getByTestId("notice").filter({ hasText: text });
}

async function say(page: Page, text: string): Promise<void> {
  await page.getByTestId("message-input").fill(text);
  await page.getByTestId("message-input").press("Enter");
}

async function waitForMessage(page: Page, text: string) {
  const item = page.getByTestId("message").filter({ hasText: text });
  await item.waitFor();
  return {
    author: await item.getByTestId("message-author").textContent(),
    own: await item.getAttribute("data-own"),
  };
}

Deno.test({
  name: "angular example: builds, and its ChatService chats through Switchboard across a restart",
  ignore: skipReason !== undefined,
  async fn() {
    const outDir = await Deno.makeTempDir({ prefix: "switchboard-angular-" });
    let site: TestServer | undefined;
    let switchboard: TestServer | undefined;
    let browser: Browser | undefined;
    try {
      await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"]);
      await run("node_modules/.bin/ng", ["build", "--output-path", outDir]);
      site = serve(staticFiles(join(outDir, "browser")));
      switchboard = startSwitchboard(site.url);
      const port = Number(new URL(switchboard.url).port);
      const chatUrl = `${site.url}/?server=${encodeURIComponent(switchboard.url)}#/chat`;

      browser = await launchChromium();
      const alice = await joinChat(browser, chatUrl, "Alice");
      const bob = await joinChat(browser, chatUrl, "Bob");
      await notice(alice, "Bob joined #lobby").waitFor();
      await say(alice, "Hello from Angular");
      assert.deepEqual(await waitForMessage(bob, "Hello from Angular"), {
        author: "Alice",
        own: "false",
      });
      assert.deepEqual(await waitForMessage(alice, "Hello from Angular"), {
        author: "Alice",
        own: "true",
      });

      await switchboard.close();
      switchboard = startSwitchboard(site.url, port);
      for (const page of [alice, bob]) {
        await notice(page, "You joined #lobby").nth(1).waitFor();
        await connected(page);
      }
      await say(bob, "Back again");
      assert.deepEqual(await waitForMessage(alice, "Back again"), { author: "Bob", own: "false" });
    } finally {
      await browser?.close();
      await switchboard?.close();
      await site?.close();
      await Deno.remove(outDir, { recursive: true });
    }
  },
});
