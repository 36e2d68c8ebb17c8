import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerCollective, VILLAGE } from "../support/fixtures.js";
import { expectAccessible, expectSameOrigin, keepScreenshot, signIn, startConsole, type ConsoleHarness } from "../support/browser.js";

/**
 * The console in Chromium (issue 9): signing in, the language switch, accessibility of each page (axe-core), and no
 * request to any host but the service's own. Node only: it serves the app on a loopback port and starts a browser.
 */
let h: ConsoleHarness;
let registrarToken: string;

beforeAll(async () => {
  h = await startConsole();
  await registerCollective(h.world, VILLAGE);
  registrarToken = (await h.world.request("POST", "/v1/tokens", { body: { role: "registrar", collectiveCode: VILLAGE.code, label: "午极村文书" } })).body.token;
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe("the console in Chromium", () => {
  it("signs a clerk in with her token, to her collective, and the token shows nowhere", async () => {
    const page = await h.page();
    await page.goto(`${h.origin}/console/sign-in`);
    await expectAccessible(page, "sign-in page");
    await keepScreenshot(page, "sign-in");
    await signIn(page, h.origin, registrarToken);
    expect(new URL(page.url()).pathname).toBe(`/console/collectives/${VILLAGE.code}`);
    await expect.poll(() => page.locator("h1").innerText()).toBe(VILLAGE.name);
    expect(page.url()).not.toContain(registrarToken);
    expect(await page.content()).not.toContain(registrarToken);
    const cookies = await h.browser.cookies();
    const session = cookies.find((c) => c.name === "rr_console")!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/console" });
    expect(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).not.toContain("rr_console");
    await expectAccessible(page, "collective page");
    await keepScreenshot(page, "collective");
    await page.close();
  }, 60_000);

  it("switches every label to English and back", async () => {
    const page = await h.page();
    await signIn(page, h.origin, registrarToken);
    await page.locator("#lang-switch").click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator("#sign-out").innerText()).toBe("Sign out");
    await keepScreenshot(page, "collective-en");
    await page.locator("#lang-switch").click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-CN");
    expect(await page.locator("#sign-out").innerText()).toBe("退出登录");
    await page.close();
  }, 60_000);

  it("made no request to any host but the service's own", () => {
    expect(h.requested.length).toBeGreaterThan(0);
    expectSameOrigin(h);
  });
});
