import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractorCode, createToken, idNumber, member, plotCode, recordResolution, registerCollective, registerContract, registerHousehold, registerPlot, unitNumber, VILLAGE } from "../support/fixtures.js";
import { expectAccessible, expectSameOrigin, keepScreenshot, signIn, startConsole, type ConsoleHarness } from "../support/browser.js";

/**
 * The collective's register in Chromium (issue 9): a clerk registers a member (the live check catches a wrong check
 * digit before she submits), registers a household of two with one co-holder and finds both on the lists; a refused
 * form states the registry's detail; a plot's page draws its stored outline. axe-core and a screenshot on every page.
 * Node only: it serves the app on a loopback port and starts a browser.
 */
let h: ConsoleHarness;
let registrarToken: string;
let free: { id: string; name: string }[];
let head: { id: string; name: string };

const village = `/console/collectives/${VILLAGE.code}`;
const plot1 = plotCode(VILLAGE.issuerCode, 1);
const unit1 = unitNumber(VILLAGE.regionCode, 1);

beforeAll(async () => {
  h = await startConsole();
  const world = h.world;
  await registerCollective(world, VILLAGE, { homesteadMaxAreaM2: "200" });
  head = await member(world, VILLAGE.code, 1, "王建国");
  const spouse = await member(world, VILLAGE.code, 2, "李秀兰");
  const urban = await member(world, VILLAGE.code, 3, "孙志强");
  await world.request("POST", `/v1/persons/${urban.id}/household-registrations`, { body: { kind: "urban", regionCode: "370102", effectiveOn: "2021-03-01" } });
  free = [await member(world, VILLAGE.code, 5, "赵志刚"), await member(world, VILLAGE.code, 6, "赵小梅")];
  await registerHousehold(world, VILLAGE, 1, [{ personId: head.id }, { personId: spouse.id, relation: "spouse", coHolder: true }]);
  const plot = await world.request("POST", `/v1/collectives/${VILLAGE.code}/plots`, {
    body: {
      plotCode: plot1,
      name: "东岭地",
      areaMu: "1.5",
      landUse: "cropping",
      basicFarmland: true,
      boundaries: { east: "王家地", south: "生产路", west: "水渠", north: "李家地" },
      geometry: { type: "Polygon", coordinates: [[[121.5, 36.9], [121.5021, 36.9002], [121.5018, 36.9013], [121.5003, 36.9011], [121.5, 36.9]]] },
    },
  });
  expect(plot.status, plot.text).toBe(201);
  await registerPlot(world, VILLAGE, 2, "2.25");
  await registerContract(world, VILLAGE, 1, [1, 2]);
  const homestead = await world.request("POST", `/v1/collectives/${VILLAGE.code}/homesteads`, {
    body: { unitNumber: unit1, contractorCode: contractorCode(VILLAGE.issuerCode, 1), areaM2: "180.5", approvedOn: "2024-05-01", origin: "grant", approvalRef: "乳宅批〔2024〕015号" },
  });
  expect(homestead.status, homestead.text).toBe(201);
  const resolutionRef = await recordResolution(world, VILLAGE.code, ["equity-issuance"]);
  const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    body: { resolutionRef, allocations: [{ personId: head.id, shareClass: "population", shares: "100" }, { personId: spouse.id, shareClass: "population", shares: "60" }, { personId: urban.id, shareClass: "population", shares: "40" }], collectiveShares: "50" },
  });
  expect(issued.status, issued.text).toBe(201);
  registrarToken = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code, label: "午极村文书" });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** Opens a page of the console, checks it with axe and keeps its screenshot. */
async function visit(page: Page, path: string, name: string) {
  await page.goto(`${h.origin}${path}`);
  await expectAccessible(page, name);
  await keepScreenshot(page, name);
}

describe("the collective's register in Chromium", () => {
  it("lets a clerk register a member, the live check naming a wrong check digit before she submits", async () => {
    const page = await h.page();
    await signIn(page, h.origin, registrarToken);
    expect(new URL(page.url()).pathname).toBe(village);
    await expectAccessible(page, "register overview");
    await keepScreenshot(page, "register-overview");
    await Promise.all([page.waitForURL(`${h.origin}${village}/members/new`), page.locator("#new-member").click()]);
    await expectAccessible(page, "new member form");
    const good = idNumber(40, { female: true });
    const wrong = good.slice(0, 17) + (good.endsWith("1") ? "2" : "1");
    await page.getByLabel("证件号码").fill(wrong);
    await expect.poll(() => page.locator("#f-idNumber-live").innerText()).toBe("最后一位校验码不符，请对照证件核对每一位数字。");
    await expectAccessible(page, "new member form with the live check's message");
    await keepScreenshot(page, "register-member-live-check");
    await page.getByLabel("证件号码").fill(good);
    await expect.poll(() => page.locator("#f-idNumber-live").innerText()).toBe("✓ 校验通过");
    await page.getByLabel("姓名").fill("孙秀英");
    await page.getByLabel("加入日期").fill("2026-11-20");
    await Promise.all([page.waitForURL(/\/members\?registered=prs_/), page.locator("#register-member").click()]);
    await expect.poll(() => page.locator("#notice").innerText()).toBe("已登记新成员：孙秀英。");
    await expect.poll(() => page.locator("#roster tr", { hasText: "孙秀英" }).innerText()).toContain("2026年11月20日");
    expect(await page.locator("#roster tr", { hasText: "孙志强" }).locator(".tag.urban").innerText()).toBe("城镇户籍（济南）");
    await expectAccessible(page, "member roster");
    await keepScreenshot(page, "register-members");
    await page.close();
  }, 60_000);

  it("shows the registry's detail when the same member is registered twice", async () => {
    const page = await h.page();
    await signIn(page, h.origin, registrarToken);
    await page.goto(`${h.origin}${village}/members/new`);
    await page.getByLabel("证件号码").fill(idNumber(1));
    await page.getByLabel("姓名").fill("王建国");
    await page.getByLabel("加入日期").fill("2026-11-20");
    await page.locator("#register-member").click();
    await expect.poll(() => page.locator("#problem").getAttribute("data-code")).toBe("already_a_member");
    expect(await page.locator("#problem-detail").innerText()).toBe(`Person ${head.id} is already an active member of ${VILLAGE.code}.`);
    expect(await page.locator("#f-idNumber-error").innerText()).toBe("此人已是本集体成员");
    expect(await page.getByLabel("姓名").inputValue()).toBe("王建国");
    await expectAccessible(page, "refused member form");
    await keepScreenshot(page, "register-member-refused");
    await page.close();
  }, 60_000);

  it("lets a clerk register a household of two, one of them co-holder, and find it on the list", async () => {
    const page = await h.page();
    await signIn(page, h.origin, registrarToken);
    await visit(page, `${village}/households/new`, "register-household-form");
    const [a, b] = free as [{ id: string; name: string }, { id: string; name: string }];
    const code = contractorCode(VILLAGE.issuerCode, 2);
    expect(await page.getByLabel("承包方编码").inputValue()).toBe(code);
    await page.getByLabel(a.name, { exact: true }).check();
    await page.getByLabel(b.name, { exact: true }).check();
    await page.getByLabel(`${a.name}与户主关系`).selectOption("head");
    await page.getByLabel(`${b.name}与户主关系`).selectOption("daughter");
    await page.getByLabel(`${b.name}为共有人`).check();
    await page.getByLabel("承包方代表").selectOption(a.id);
    await Promise.all([page.waitForURL(`${h.origin}/console/households/${code}?notice=registered`), page.locator("#register-household").click()]);
    await expect.poll(() => page.locator("#notice").innerText()).toBe("已登记该户。");
    expect(await page.locator(`#household-members tr[data-person="${a.id}"] td[data-co-holder]`).innerText()).toBe("否");
    expect(await page.locator(`#household-members tr[data-person="${b.id}"] td[data-co-holder]`).innerText()).toBe("是");
    await expectAccessible(page, "new household's page");
    await keepScreenshot(page, "register-household");
    await visit(page, `${village}/households`, "register-households");
    expect(await page.locator(`#households tr[data-household="${code}"]`).innerText()).toContain(b.name);
    await page.close();
  }, 60_000);

  it("draws a plot's stored outline with its four boundaries", async () => {
    const page = await h.page();
    await signIn(page, h.origin, registrarToken);
    await visit(page, `/console/plots/${plot1}`, "register-plot");
    const path = page.locator("#plot-outline path");
    await expect.poll(() => path.count()).toBe(1);
    expect(await path.getAttribute("d")).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+){4} Z$/);
    const box = await path.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(await page.locator("#plot-outline").innerHTML()).toContain("北 李家地");
    expect(await page.locator("#title-history tbody tr").count()).toBe(1);
    await page.close();
  }, 60_000);

  it("shows the lists of plots and homesteads, a homestead and the cap table, each accessible", async () => {
    const page = await h.page();
    await signIn(page, h.origin, registrarToken);
    await visit(page, `${village}/plots`, "register-plots");
    expect(await page.locator("#plots tbody tr").count()).toBe(2);
    await visit(page, `${village}/homesteads`, "register-homesteads");
    await Promise.all([page.waitForURL(`${h.origin}/console/homesteads/${unit1}`), page.locator(`#homesteads a[href="/console/homesteads/${unit1}"]`).click()]);
    await expectAccessible(page, "homestead page");
    await keepScreenshot(page, "register-homestead");
    await visit(page, `/console/households/${contractorCode(VILLAGE.issuerCode, 1)}`, "register-household-with-rights");
    expect(await page.locator("#application-links a").count()).toBe(4);
    await visit(page, `${village}/equity`, "register-equity");
    expect(await page.locator("#cap-chart rect").count()).toBe(4);
    expect(await page.locator("#cap-table tbody tr").count()).toBe(4);
    await page.locator("#lang-switch").click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("en");
    await expectAccessible(page, "cap table in English");
    await keepScreenshot(page, "register-equity-en");
    await page.locator("#lang-switch").click();
    await expect.poll(() => page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.close();
  }, 60_000);

  it("made no request to any host but the service's own", () => {
    expect(h.requested.length).toBeGreaterThan(0);
    expectSameOrigin(h);
  });
});
