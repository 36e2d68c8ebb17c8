import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import type { Clock } from "../../src/lib/clock.js";
import { freePort } from "./server-process.js";
import { createWorld, type World } from "./world.js";

/**
 * The console in a real browser (Debian's Chromium driven by playwright-core, stack-notes #18): the app served on a
 * loopback port with the assets the Node server serves (htmx from node_modules), a fresh profile, and per page:
 * every request the page makes is recorded (none may leave the service's origin), axe-core checks accessibility
 * (no serious or critical violation), and a screenshot is kept under test/screenshots/ (ignored by git) for review.
 */
const LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SCREENSHOTS = join(ROOT, "test", "screenshots");
const ASSETS: Record<string, string> = {
  "htmx.min.js": join(dirname(fileURLToPath(import.meta.resolve("htmx.org/package.json"))), "dist", "htmx.min.js"),
};
const AXE = readFileSync(join(dirname(fileURLToPath(import.meta.resolve("axe-core/package.json"))), "axe.min.js"), "utf8");

export function chromiumPath(): string {
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("Chromium is not installed: this test needs Debian's chromium package (apt-get install -y chromium), found with `command -v chromium`.");
  }
}

export interface ConsoleHarness {
  world: World;
  origin: string;
  browser: BrowserContext;
  /** Every URL requested by any page, for the same-origin check. */
  requested: string[];
  /** A new tab (its requests recorded). */
  page(): Promise<Page>;
  close(): Promise<void>;
}

export async function startConsole(clock?: Clock): Promise<ConsoleHarness> {
  const executablePath = chromiumPath();
  const world = await createWorld(clock, {
    asset: async (name) => (ASSETS[name] ? { body: readFileSync(ASSETS[name]!, "utf8"), contentType: "text/javascript; charset=utf-8" } : null),
  });
  const port = await freePort();
  const server: ServerType = serve({ fetch: world.app.fetch, port, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const userDataDir = mkdtempSync(join(tmpdir(), "registry-console-"));
  const browser = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: LAUNCH_ARGS, viewport: { width: 1200, height: 900 }, locale: "zh-CN" });
  const requested: string[] = [];
  browser.on("request", (r) => requested.push(r.url()));
  return {
    world,
    origin,
    browser,
    requested,
    page: () => browser.newPage(),
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      world.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the sign-in form, as a clerk does. */
export async function signIn(page: Page, origin: string, token: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${origin}/console/sign-in`);
  await page.getByLabel(/令牌|Token/).fill(token);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/console/sign-in")), page.locator("#sign-in").click()]);
}

/** axe-core in the page: no serious or critical violation (WCAG 2 A/AA rules). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Evaluated over the DevTools protocol, which the pages' Content-Security-Policy (script-src 'self') does not govern.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3) }));
  });
  const grave = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(grave, `${what}: ${JSON.stringify(grave, null, 1)}`).toEqual([]);
}

/** A screenshot for review, test/screenshots/<name>.png (not committed). */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Every request any page made stayed on the service's own origin. */
export function expectSameOrigin(harness: ConsoleHarness): void {
  const outside = harness.requested.filter((u) => !u.startsWith(`${harness.origin}/`) && !u.startsWith("data:") && u !== "about:blank");
  expect(outside).toEqual([]);
}
