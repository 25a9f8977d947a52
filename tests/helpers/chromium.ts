/**
 * Test helpers: launch the system's Chromium (Debian's `chromium` package)
 * through playwright-core. Nothing here ever downloads a browser.
 *
 * @module
 */
import { type Browser, chromium } from "playwright-core";

/** Where Debian's `chromium` package installs the browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Command-line switches that keep a test browser quiet and self-contained. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * Why browser tests cannot run here, or `undefined` when Chromium is installed.
 *
 * @example
 * ```ts
 * const reason = chromiumMissingReason();
 * if (reason) console.warn(reason);
 * ```
 */
export function chromiumMissingReason(): string | undefined {
  try {
    if (Deno.statSync(CHROMIUM_PATH).isFile) return undefined;
  } catch {
    // Missing or unreadable: explained below.
  }
  return `Chromium is missing at ${CHROMIUM_PATH}, so the browser tests are skipped: ` +
    "install Debian's chromium package (.ci/run does).";
}

/**
 * Launches a headless Chromium from {@linkcode CHROMIUM_PATH}; close it when done.
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * try {
 *   const page = await browser.newPage();
 *   await page.goto("about:blank");
 * } finally {
 *   await browser.close();
 * }
 * ```
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
