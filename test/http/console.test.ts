import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleBrowser, setCookies, textOf, urlsIn } from "../support/console.js";
import { registerCollective, VILLAGE } from "../support/fixtures.js";
import { createWorld, type World } from "../support/world.js";

/**
 * The console's sessions (issue 9): sign-in with a token sets an HttpOnly, SameSite=Strict cookie and the token
 * appears in no URL and no page; every form is refused without the session's CSRF token; signing out, or revoking
 * the token, ends the session; the language switch; checking identifiers as one types. Runs on Node and in workerd.
 */
let world: World;
let registrarToken: string;

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE);
  const issued = await world.request("POST", "/v1/tokens", { body: { role: "registrar", collectiveCode: VILLAGE.code, label: "午极村文书" } });
  expect(issued.status, issued.text).toBe(201);
  registrarToken = issued.body.token;
});
afterAll(() => world.close());

describe("signing in", () => {
  it("shows the sign-in page in Chinese with a labelled password field, loading nothing from another host", async () => {
    const browser = new ConsoleBrowser(world);
    const page = await browser.get("/console/sign-in");
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="zh-CN">');
    expect(page.html).toContain('<label for="f-token">令牌</label>');
    expect(page.html).toMatch(/<input id="f-token" name="token" type="password"/);
    for (const url of urlsIn(page.html)) expect(url, url).toMatch(/^(\/|#)/);
    expect(page.headers.get("Content-Security-Policy")).toContain("default-src 'self'");
  });

  it("sends a visitor without a session to the sign-in page, returning afterwards", async () => {
    const page = await new ConsoleBrowser(world).get(`/console/collectives/${VILLAGE.code}`);
    expect(page.status).toBe(303);
    expect(page.location).toBe(`/console/sign-in?next=${encodeURIComponent(`/console/collectives/${VILLAGE.code}`)}`);
  });

  it("opens a session in an HttpOnly, SameSite=Strict cookie; the token is in no URL, no header but the form's, no page", async () => {
    const browser = new ConsoleBrowser(world);
    await browser.get("/console/sign-in");
    const posted = await browser.post("/console/sign-in", { token: registrarToken, next: "/console" });
    expect(posted.status).toBe(303);
    expect(posted.location).toBe("/console");
    const cookie = setCookies(posted.headers).find((c) => c.startsWith("rr_console="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/console/i);
    expect(cookie).not.toContain(registrarToken);
    const home = await browser.follow(posted);
    expect(home.status).toBe(200);
    expect(home.html).not.toContain(registrarToken);
    const journal = await world.request("GET", "/v1/journal?limit=100");
    expect(journal.body.events.map((e: { type: string }) => e.type)).toContain("console.session_opened");
  });

  it("refuses an unknown token with the problem stated, and opens no session", async () => {
    const browser = new ConsoleBrowser(world);
    await browser.get("/console/sign-in");
    const page = await browser.post("/console/sign-in", { token: "rr_not-a-token-at-all-000000", next: "/console" });
    expect(page.status).toBe(403);
    expect(page.html).toContain('data-code="unauthenticated"');
    expect(textOf(page.html, "problem-detail")).toBe("令牌无效或已被撤销，请核对后重试。");
    expect(browser.cookies.has("rr_console")).toBe(false);
  });

  it("refuses a sign-in form without the sign-in page's CSRF token, or from another origin", async () => {
    const browser = new ConsoleBrowser(world);
    await browser.get("/console/sign-in");
    expect((await browser.post("/console/sign-in", { token: registrarToken }, { csrf: null })).status).toBe(403);
    expect((await browser.post("/console/sign-in", { token: registrarToken }, { csrf: "wrong-wrong-wrong-wrong-wrong" })).status).toBe(403);
    expect((await browser.post("/console/sign-in", { token: registrarToken }, { headers: { Origin: "https://evil.example" } })).status).toBe(403);
    expect(browser.cookies.has("rr_console")).toBe(false);
  });

  it("never sends a signed-in clerk elsewhere than inside the console after sign-in", async () => {
    const browser = new ConsoleBrowser(world);
    await browser.get("/console/sign-in");
    const posted = await browser.post("/console/sign-in", { token: registrarToken, next: "//evil.example/console" });
    expect(posted.location).toBe("/console");
  });
});

describe("a session", () => {
  it("takes a clerk to her collective, and refuses her forms without the session's CSRF token", async () => {
    const browser = new ConsoleBrowser(world);
    const page = await browser.signIn(registrarToken);
    expect(page.status).toBe(200);
    expect(page.html).toContain(VILLAGE.name);
    const refused = await browser.post("/console/lang", { lang: "en", next: "/console" }, { csrf: "x".repeat(30) });
    expect(refused.status).toBe(403);
  });

  it("ends when the clerk signs out: the cookie opens nothing any more", async () => {
    const browser = new ConsoleBrowser(world);
    await browser.signIn(registrarToken);
    const session = browser.cookies.get("rr_console")!;
    const out = await browser.post("/console/sign-out", {});
    expect(out.status).toBe(303);
    expect(browser.cookies.has("rr_console")).toBe(false);
    const replayed = new ConsoleBrowser(world);
    replayed.cookies.set("rr_console", session);
    expect((await replayed.get("/console/collectives")).status).toBe(303);
  });

  it("sends an htmx request of an ended session to the sign-in page as a whole, not as a fragment", async () => {
    const res = await world.app.request("/console/imports/imp_x/progress", { headers: { "HX-Request": "true" } });
    expect(res.status).toBe(204);
    expect(res.headers.get("HX-Redirect")).toBe(`/console/sign-in?next=${encodeURIComponent("/console")}`);
  });

  it("refuses a form larger than a form can be (413) before reading it", async () => {
    const browser = new ConsoleBrowser(world);
    await browser.signIn(registrarToken);
    const huge = await browser.post("/console/lang", { lang: "en", next: "/console", filler: "x".repeat(300 * 1024) });
    expect(huge.status).toBe(413);
  });

  it("ends when its token is revoked", async () => {
    const issued = await world.request("POST", "/v1/tokens", { body: { role: "bureau", regionPrefix: "371083" } });
    const browser = new ConsoleBrowser(world);
    expect((await browser.signIn(issued.body.token)).status).toBe(200);
    expect((await world.request("DELETE", `/v1/tokens/${issued.body.id}`)).status).toBe(204);
    expect((await browser.get("/console/collectives")).status).toBe(303);
  });
});

describe("the language switch", () => {
  it("shows every page in English once switched, and in Chinese again", async () => {
    const browser = new ConsoleBrowser(world);
    await browser.signIn(registrarToken);
    const english = await browser.follow(await browser.post("/console/lang", { lang: "en", next: "/console/collectives" }));
    expect(english.html).toContain('<html lang="en">');
    expect(english.html).toContain("Sign out");
    const chinese = await browser.follow(await browser.post("/console/lang", { lang: "zh", next: "/console/collectives" }));
    expect(chinese.html).toContain('<html lang="zh-CN">');
    expect(chinese.html).toContain("退出登录");
  });
});

describe("checking as one types", () => {
  it.each([
    ["id-number", "11010519491231002X", "✓ 校验通过"],
    ["id-number", "110105194912310021", "最后一位校验码不符，请对照证件核对每一位数字。"],
    ["id-number", "110105194913310021", "第 7–14 位不是有效的出生日期。"],
    ["id-number", "1101", "身份证号码应为 18 位（17 位数字加一位数字或 X），或 15 位旧号码。"],
    ["contractor-code", "371083108201000001", "✓ 校验通过"],
    ["plot-code", "37108310820100000", "地块编码应为 19 位：发包方编码（14 位）加 5 位顺序号。"],
  ])("answers %s %s with “%s”", async (kind, value, expected) => {
    const browser = new ConsoleBrowser(world);
    await browser.signIn(registrarToken);
    const answer = await browser.post(`/console/validate/${kind}`, { value }, { csrf: null, headers: { "X-CSRF-Token": browser.csrf } });
    expect(answer.status).toBe(200);
    expect(answer.html).toBe(expected);
  });
});
