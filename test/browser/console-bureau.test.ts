import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Client, InStatement } from "@libsql/client";
import { serve, type ServerType } from "@hono/node-server";
import { zipSync } from "fflate";
import { chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCounty, type WriteResult } from "../../seeds/county/write.js";
import { createApp } from "../../src/app.js";
import { ImportJobs } from "../../src/commands/imports/jobs.js";
import { movableClock, type MovableClock } from "../../src/lib/clock.js";
import { createIdFactory } from "../../src/lib/ids.js";
import { chromiumPath, expectAccessible, expectSameOrigin, keepScreenshot, signIn, type ConsoleHarness } from "../support/browser.js";
import { contractorCode, createToken, GROUP, idNumber, plotCode, recordResolution, registerContract, registerHousehold, registerPlot, unitNumber, VILLAGE } from "../support/fixtures.js";
import { TEST_PUBLIC_BASE_URL, testKeyring } from "../support/keys.js";
import { freePort } from "../support/server-process.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * The bureau's pages in Chromium (issue 9): a county bureau officer searches by ID number with a stated purpose and
 * sees the person's rights and their history across the two collectives of the county; the statistics page draws
 * its charts on the server (SVG with titles) beside their tables; the admin uploads a generated NY/T 2539 package
 * and watches its job page refresh itself (htmx, no reload) from "running" to "completed" with the created counts.
 * axe-core on every page, screenshots under test/screenshots/, and no request to another host.
 *
 * The console here is served with a job runner (the Node service's, over this world's database), which
 * startConsole() does not give; the import's database client holds the run at a gate once every row is read, so
 * that the page is seen running before it completes.
 */
const NEIGHBOUR = { code: "N2371083MA0QW73T00", name: "乳山市午极镇东村股份经济合作社", level: "village" as const, regionCode: "371083108202", issuerCode: "37108310820200" };
const ID = idNumber(1);
const HOUSEHOLDS = 12;
const HTMX = join(dirname(fileURLToPath(import.meta.resolve("htmx.org/package.json"))), "dist", "htmx.min.js");
const LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Holds the import's client at the first statement matching `at` until `open()`. */
function gate(at: RegExp) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let reached = false;
  return {
    open,
    get reached() {
      return reached;
    },
    wrap(client: Client): Client {
      return new Proxy(client, {
        get(target, prop) {
          const value = Reflect.get(target, prop, target) as unknown;
          if (prop !== "execute") return typeof value === "function" ? value.bind(target) : value;
          return async (statement: InStatement, ...rest: unknown[]) => {
            const sql = typeof statement === "string" ? statement : statement.sql;
            if (at.test(sql)) {
              reached = true;
              await opened;
            }
            return (target.execute as (...a: unknown[]) => unknown)(statement, ...rest);
          };
        },
      });
    },
  };
}

let h: ConsoleHarness;
let clock: MovableClock;
let dir: string;
let generated: WriteResult;
let tokens: { bureau: string };
const hold = gate(/^UPDATE imports SET source_digest/);

/** The console with a job runner: the world's app deps plus ImportJobs and the htmx asset, in a fresh Chromium profile. */
async function startBureauConsole(world: World): Promise<ConsoleHarness> {
  const ids = createIdFactory(() => world.clock.nowMs());
  const jobs = new ImportJobs({
    target: () => ({ db: world.tdb.db, client: hold.wrap(world.tdb.client), routed: false }),
    clock: world.clock,
    ids,
    uploadDir: join(dir, "uploads"),
    log: () => {},
  });
  const app = createApp({
    db: world.tdb.db,
    router: world.router,
    idKey: world.idKey,
    clock: world.clock,
    ids,
    keyring: await testKeyring(),
    publicBaseUrl: TEST_PUBLIC_BASE_URL,
    imports: jobs,
    asset: async (name) => (name === "htmx.min.js" ? { body: readFileSync(HTMX, "utf8"), contentType: "text/javascript; charset=utf-8" } : null),
  });
  const port = await freePort();
  const server: ServerType = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const userDataDir = mkdtempSync(join(tmpdir(), "registry-console-"));
  const browser = await chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath(), headless: true, args: LAUNCH_ARGS, viewport: { width: 1200, height: 900 }, locale: "zh-CN" });
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

async function post(world: World, path: string, body: unknown, status = 200) {
  const res = await world.request("POST", path, { body });
  expect(res.status, res.text).toBe(status);
  return res.body;
}

/**
 * Through the API: 孙志强 is a member of two collectives of the county 371083 — in the village his household holds
 * plots 1 and 2 (plot 2 transferred to 刘振华's household today) and a homestead; in the neighbour he holds shares,
 * 5 of his 12 sold to 于海涛 on 2026-10-15 — and holds 3 shares in a group of another county (370114).
 */
async function buildCounty(world: World) {
  clock.set("2026-09-01");
  for (const c of [VILLAGE, NEIGHBOUR, GROUP]) await post(world, "/v1/collectives", { ...c, rules: { noticeDays: 0 } }, 201);
  const person = async (index: number, name: string, collective: { code: string; regionCode: string }) => {
    const p = await post(world, "/v1/persons", { idNumber: idNumber(index), name, regionCode: collective.regionCode }, 201);
    await post(world, `/v1/collectives/${collective.code}/members`, { personId: p.id, joinedOn: "2020-01-01", basis: "original" }, 201);
    return p.id as string;
  };
  const moved = await person(1, "孙志强", VILLAGE);
  const liu = await person(2, "刘振华", VILLAGE);
  const yu = await person(3, "于海涛", NEIGHBOUR);
  for (const c of [NEIGHBOUR, GROUP]) await post(world, `/v1/collectives/${c.code}/members`, { personId: moved, joinedOn: "2020-01-01", basis: "original" }, 201);
  await post(world, `/v1/persons/${moved}/household-registrations`, { kind: "urban", regionCode: "370102", effectiveOn: "2025-06-01" }, 201);
  await registerHousehold(world, VILLAGE, 1, [{ personId: moved }]);
  await registerHousehold(world, VILLAGE, 2, [{ personId: liu }]);
  await registerPlot(world, VILLAGE, 1, "1.50");
  await registerPlot(world, VILLAGE, 2, "0.75");
  await registerContract(world, VILLAGE, 1, [1, 2]);
  await post(world, `/v1/collectives/${VILLAGE.code}/homesteads`, { unitNumber: unitNumber(VILLAGE.regionCode, 1), contractorCode: contractorCode(VILLAGE.issuerCode, 1), areaM2: "150.00", approvedOn: "2000-01-01", origin: "grant" }, 201);
  const ref = await recordResolution(world, NEIGHBOUR.code, ["equity-issuance"]);
  await post(world, `/v1/collectives/${NEIGHBOUR.code}/equity/issuances`, { resolutionRef: ref, allocations: [{ personId: moved, shareClass: "population", shares: "12" }, { personId: yu, shareClass: "population", shares: "12" }] }, 201);
  const groupRef = await recordResolution(world, GROUP.code, ["equity-issuance"]);
  await post(world, `/v1/collectives/${GROUP.code}/equity/issuances`, { resolutionRef: groupRef, allocations: [{ personId: moved, shareClass: "population", shares: "3" }] }, 201);
  const register = async (date: string, body: Record<string, unknown>) => {
    clock.set(date);
    const applied = await post(world, "/v1/transfers", { agreementSignedOn: date, ...body }, 201);
    await post(world, `/v1/transfers/${applied.id}/approval`, { resolutionRef: "理事会决定〔2026〕9号", decidedOn: date });
    await post(world, `/v1/transfers/${applied.id}/payment`, { amount: body.price, paidOn: date, reference: "农商银行转账" });
  };
  await register("2026-10-15", { kind: "equity", collectiveCode: NEIGHBOUR.code, from: { personId: moved }, to: { personId: yu }, shares: "5", price: "30000.00" });
  await register(TODAY, {
    kind: "land-contract",
    collectiveCode: VILLAGE.code,
    from: { contractorCode: contractorCode(VILLAGE.issuerCode, 1) },
    to: { contractorCode: contractorCode(VILLAGE.issuerCode, 2) },
    plotCodes: [plotCode(VILLAGE.issuerCode, 2)],
    price: "18000.00",
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "console-bureau-"));
  generated = await writeCounty(join(dir, "package"), { households: HOUSEHOLDS, seed: 23 });
  clock = movableClock("2026-09-01");
  const world = await createWorld(clock);
  await buildCounty(world);
  tokens = { bureau: await createToken(world, { role: "bureau", regionPrefix: "371083" }) };
  h = await startBureauConsole(world);
}, 90_000);

afterAll(async () => {
  hold.open();
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const textIn = (page: Page, selector: string) => page.locator(selector).innerText();

describe("the bureau's console in Chromium", () => {
  it("lets a bureau officer search by ID number with a purpose and see the rights and their history across the county", async () => {
    const page = await h.page();
    await signIn(page, h.origin, tokens.bureau);
    await page.goto(`${h.origin}/console/search`);
    await expectAccessible(page, "search form");
    await page.getByLabel("身份证号码").fill(ID);
    await expect.poll(() => textIn(page, "#f-idNumber-live")).toBe("✓ 校验通过");
    await page.getByLabel(/查询目的/).fill("不动产登记审核（受理号 2026-0815）");
    await keepScreenshot(page, "bureau-search");
    await Promise.all([page.waitForURL(`${h.origin}/console/search`), page.locator("#search").click()]);
    await expect.poll(() => textIn(page, "#result-count")).toBe("在您的辖区内找到 4 项权利。");
    expect(page.url()).toBe(`${h.origin}/console/search`);
    expect(h.requested.some((u) => u.includes(ID))).toBe(false);
    expect(await page.locator("section.result").count()).toBe(4);
    const results = await textIn(page, "#results");
    expect(results).toContain(VILLAGE.name);
    expect(results).toContain(NEIGHBOUR.name);
    expect(results).not.toContain(GROUP.name);
    const plot2 = page.locator(`section[data-subject="${plotCode(VILLAGE.issuerCode, 2)}"] table`);
    await expect.poll(() => plot2.locator("tbody tr").count()).toBe(2);
    expect(await plot2.innerText()).toMatch(/首次登记[\s\S]*转让/);
    const equity = await page.locator('section[data-kind="equity"] table').innerText();
    expect(equity).toContain("2026年10月15日");
    expect(equity).toContain("7 股");
    await expectAccessible(page, "search results");
    await keepScreenshot(page, "bureau-search-results");
    await page.close();
  }, 60_000);

  it("shows the statistics with charts drawn on the server, each with a title, and the same numbers in tables", async () => {
    const page = await h.page();
    await signIn(page, h.origin, tokens.bureau);
    await page.goto(`${h.origin}/console/statistics`);
    for (const chart of ["chart-counts", "chart-prices", "chart-compensation", "chart-shares"]) {
      await expect.poll(() => page.locator(`svg#${chart}`).isVisible()).toBe(true);
      expect(await page.locator(`svg#${chart} > title`).textContent()).not.toBe("");
      expect(await page.locator(`svg#${chart} rect`).count()).toBeGreaterThan(0);
    }
    expect(await page.locator("svg#chart-counts > title").textContent()).toBe("每月登记的转让与退出（件）");
    expect(await page.locator("#table-shares").innerText()).toContain("居住在城镇的成员");
    await expectAccessible(page, "statistics");
    await keepScreenshot(page, "bureau-statistics");
    await page.locator("#table-counts").locator("xpath=ancestor::details/summary").click();
    await expect.poll(() => page.locator("#table-counts").isVisible()).toBe(true);
    const october = page.locator("#table-counts tr", { hasText: "2026年10月" });
    expect(await october.innerText()).toMatch(/1\s+¥30,000\.00\s+0\s+¥0\.00/);
    await expectAccessible(page, "statistics with a table open");
    await page.locator("#lang-switch").click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator("svg#chart-counts > title").textContent()).toBe("Transfers and withdrawals registered per month (count)");
    await expectAccessible(page, "statistics in English");
    await keepScreenshot(page, "bureau-statistics-en");
    await page.locator("#lang-switch").click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.close();
  }, 60_000);

  it("lets the admin upload a county package and watch its job page refresh itself to completed, with the created counts", async () => {
    const page = await h.page();
    await signIn(page, h.origin, h.world.adminToken);
    await page.goto(`${h.origin}/console/imports`);
    await expectAccessible(page, "import upload form");
    await keepScreenshot(page, "import-upload");
    const folder = join(dir, "package");
    const files = Object.fromEntries(readdirSync(folder).filter((n) => n.endsWith(".csv")).map((n) => [`乳山市确权数据/${n}`, readFileSync(join(folder, n))]));
    await page.locator("#f-package").setInputFiles({ name: "乳山市确权数据.zip", mimeType: "application/zip", buffer: Buffer.from(zipSync(files)) });
    await Promise.all([page.waitForURL(/\/console\/imports\/imp_[0-9a-z]+$/), page.locator("#start-import").click()]);
    // Held at the gate once every row is read: the page shows the run.
    await expect.poll(() => hold.reached).toBe(true);
    await expect.poll(() => textIn(page, "#job-status")).toBe("状态：正在导入");
    const rowsRead = Object.values(generated.rows).reduce((a, b) => a + b, 0);
    await expect.poll(() => textIn(page, "#job-rows")).toBe(rowsRead.toLocaleString("en"));
    expect(await page.locator("progress#job-progress").getAttribute("value")).not.toBeNull();
    expect(await page.locator("#refresh").getAttribute("href")).toBe(new URL(page.url()).pathname);
    await expectAccessible(page, "import running");
    await keepScreenshot(page, "import-running");
    // A mark in the document: it survives only if the page updates itself rather than reloading.
    await page.evaluate(() => ((globalThis as unknown as { __stillHere: boolean }).__stillHere = true));
    hold.open();
    await expect.poll(() => textIn(page, "#job-status"), { timeout: 30_000 }).toBe("状态：已完成");
    expect(await page.evaluate(() => (globalThis as unknown as { __stillHere?: boolean }).__stillHere)).toBe(true);
    expect(await textIn(page, "#created-collectives")).toBe("1");
    expect(await textIn(page, "#created-households")).toBe(String(HOUSEHOLDS));
    expect(await textIn(page, "#created-plots")).toBe(generated.rows.DK.toLocaleString("en"));
    expect(await page.locator("#refresh").count()).toBe(0);
    await expectAccessible(page, "import completed");
    await keepScreenshot(page, "import-completed");
    await page.close();
  }, 90_000);

  it("made no request to any host but the service's own", () => {
    expect(h.requested.length).toBeGreaterThan(0);
    expectSameOrigin(h);
  });
});
