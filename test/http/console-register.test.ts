import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleBrowser, textOf, urlsIn, type ConsoleVisit } from "../support/console.js";
import {
  contractorCode,
  createToken,
  GROUP,
  idNumber,
  member,
  plotCode,
  recordResolution,
  registerCollective,
  registerContract,
  registerHousehold,
  registerPlot,
  unitNumber,
  VILLAGE,
} from "../support/fixtures.js";
import { createWorld, type World } from "../support/world.js";

/**
 * The collective's register in the console (issue 9): the overview with its counts, the member roster and the
 * one-visit registration of a new member, households (list, page, registration with co-holders), plots (list, page
 * with the outline and the chain of title), homesteads, and the cap table. The pages call the API's commands, so
 * roles and scopes answer as the API does. Runs on Node and in workerd.
 *
 * VILLAGE: 户主一 (head) and 配偶一 (spouse, co-holder) in household 0001, holding plots 1 (with an outline) and 2
 * under contract 0001J and homestead 1; 孙志强 with an urban hukou in 济南; 成员五 and 成员六 in no household;
 * shares: 户主一 100, 配偶一 50, the collective 50.
 */
let world: World;
let tokens: Record<"registrar" | "registrarGroup" | "bureau" | "holder", string>;
let head: { id: string; name: string };
let spouse: { id: string; name: string };
let urban: { id: string; name: string };
let free: { id: string; name: string }[];

const village = `/console/collectives/${VILLAGE.code}`;
const household1 = contractorCode(VILLAGE.issuerCode, 1);
const plot1 = plotCode(VILLAGE.issuerCode, 1);
const plot2 = plotCode(VILLAGE.issuerCode, 2);
const unit1 = unitNumber(VILLAGE.regionCode, 1);

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { homesteadMaxAreaM2: "200" });
  await registerCollective(world, GROUP);
  head = await member(world, VILLAGE.code, 1, "户主一");
  spouse = await member(world, VILLAGE.code, 2, "配偶一");
  urban = await member(world, VILLAGE.code, 3, "孙志强");
  free = [await member(world, VILLAGE.code, 5, "成员五"), await member(world, VILLAGE.code, 6, "成员六")];
  const hukou = await world.request("POST", `/v1/persons/${urban.id}/household-registrations`, { body: { kind: "urban", regionCode: "370102", effectiveOn: "2021-03-01" } });
  expect(hukou.status, hukou.text).toBe(201);
  await registerHousehold(world, VILLAGE, 1, [{ personId: head.id }, { personId: spouse.id, relation: "spouse", coHolder: true }]);
  const outlined = await world.request("POST", `/v1/collectives/${VILLAGE.code}/plots`, {
    body: {
      plotCode: plot1,
      name: "东岭地",
      areaMu: "1.5",
      areaM2: "1000",
      landUse: "cropping",
      basicFarmland: true,
      boundaries: { east: "王家地", south: "生产路", west: "水渠", north: "李家地" },
      geometry: { type: "Polygon", coordinates: [[[121.5, 36.9], [121.502, 36.9], [121.502, 36.901], [121.5, 36.9012], [121.5, 36.9]]] },
    },
  });
  expect(outlined.status, outlined.text).toBe(201);
  await registerPlot(world, VILLAGE, 2, "2.25");
  await registerContract(world, VILLAGE, 1, [1, 2]);
  const homestead = await world.request("POST", `/v1/collectives/${VILLAGE.code}/homesteads`, {
    body: { unitNumber: unit1, contractorCode: household1, areaM2: "180.5", approvedOn: "2024-05-01", origin: "grant", approvalRef: "乳宅批〔2024〕015号" },
  });
  expect(homestead.status, homestead.text).toBe(201);
  const resolutionRef = await recordResolution(world, VILLAGE.code, ["equity-issuance"]);
  const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    body: { resolutionRef, allocations: [{ personId: head.id, shareClass: "population", shares: "100" }, { personId: spouse.id, shareClass: "population", shares: "50" }], collectiveShares: "50" },
  });
  expect(issued.status, issued.text).toBe(201);
  tokens = {
    registrar: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code, label: "午极村文书" }),
    registrarGroup: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }),
    bureau: await createToken(world, { role: "bureau", regionPrefix: "371083" }),
    holder: await createToken(world, { role: "holder", personId: head.id }),
  };
});
afterAll(() => world.close());

async function clerk(): Promise<ConsoleBrowser> {
  const browser = new ConsoleBrowser(world);
  await browser.signIn(tokens.registrar);
  return browser;
}

async function as(token: string): Promise<ConsoleBrowser> {
  const browser = new ConsoleBrowser(world);
  await browser.signIn(token);
  return browser;
}

/** What every page must hold to: one h1, column headers scoped, every visible control labelled, nothing from another host. */
function expectWellFormed(page: ConsoleVisit) {
  const html = page.html;
  expect(html.match(/<h1[ >]/g)?.length, "one h1").toBe(1);
  for (const th of html.match(/<thead>[\s\S]*?<\/thead>/g) ?? []) for (const cell of th.match(/<th[ >][^>]*>/g) ?? []) expect(cell).toContain('scope="col"');
  for (const control of html.match(/<(input|select)\b[^>]*>/g) ?? []) {
    if (/type="hidden"/.test(control)) continue;
    const id = /\bid="([^"]+)"/.exec(control)?.[1];
    expect(id, control).toBeTruthy();
    expect(html, `label for ${id}`).toContain(`for="${id}"`);
  }
  for (const url of urlsIn(html)) expect(url, url).toMatch(/^(\/|#)/);
}

/** The rows of a table, each as its cells' text. */
function rowsOf(html: string, tableId: string): string[][] {
  const table = new RegExp(`<table[^>]*id="${tableId}"[^>]*>([\\s\\S]*?)</table>`).exec(html)?.[1] ?? "";
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? "";
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((d) => d[1]!.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim()));
}

describe("the collective's overview", () => {
  it("shows the facts, what the register holds, a link to each part, and the clerk's two actions", async () => {
    const page = await (await clerk()).get(village);
    expect(page.status).toBe(200);
    expectWellFormed(page);
    expect(textOf(page.html, "count-members")).toBe("5 人");
    expect(page.html).toContain("其中户籍在城镇 1 人");
    expect(textOf(page.html, "count-households")).toBe("1 户");
    expect(textOf(page.html, "count-plots")).toBe("2 块");
    expect(page.html).toContain("共 3.75 亩（2,500.00 m²）");
    expect(page.html).toContain("已承包 2 块，3.75 亩（2,500.00 m²）");
    expect(textOf(page.html, "count-homesteads")).toBe("1 宗");
    expect(page.html).toContain("面积 180.50 m²（0.2708 亩）");
    expect(textOf(page.html, "count-equity")).toBe("200 股");
    expect(page.html).toContain("集体持有 50 股");
    for (const part of ["members", "households", "plots", "homesteads", "equity"]) expect(page.html).toContain(`href="${village}/${part}"`);
    expect(page.html).toContain(`href="${village}/members/new"`);
    expect(page.html).toContain("登记新成员");
    expect(page.html).toContain(`href="${village}/households/new"`);
    expect(page.html).toContain("登记新户");
  });

  it("shows a county bureau the same register without the clerk's actions", async () => {
    const page = await (await as(tokens.bureau)).get(village);
    expect(page.status).toBe(200);
    expect(textOf(page.html, "count-members")).toBe("5 人");
    expect(page.html).not.toContain(`${village}/members/new`);
  });

  it("answers a farmer's token and another collective's clerk as if the collective did not exist", async () => {
    for (const token of [tokens.holder, tokens.registrarGroup]) {
      const page = await (await as(token)).get(village);
      expect(page.status).toBe(404);
      expect(page.html).toContain('data-code="collective_not_found"');
    }
  });
});

describe("the member roster", () => {
  it("lists each member with masked ID number, join date, basis, status, and an urban hukou as a neutral tag", async () => {
    const page = await (await clerk()).get(`${village}/members`);
    expect(page.status).toBe(200);
    expectWellFormed(page);
    const rows = rowsOf(page.html, "roster");
    const sun = rows.find((r) => r[0] === "孙志强")!;
    expect(sun).toEqual(["孙志强", `${idNumber(3).slice(0, 4)}**********${idNumber(3).slice(-4)}`, "男", "2020年1月1日", "原始成员（改革中确认）", "在册", "城镇户籍（济南）"]);
    expect(page.html).toContain('<span class="tag urban" data-hukou="urban">城镇户籍（济南）</span>');
    expect(page.html).not.toContain(idNumber(3));
    expect(page.html).not.toContain('class="problem"');
    expect(page.html).toContain("进城落户不影响成员身份和任何权益");
  });

  it("shows a county bureau the full ID numbers, as the command returns them", async () => {
    const page = await (await as(tokens.bureau)).get(`${village}/members`);
    expect(page.html).toContain(idNumber(3));
  });

  it("speaks English once switched, the hukou tag included", async () => {
    const browser = await clerk();
    const page = await browser.follow(await browser.post("/console/lang", { lang: "en", next: `${village}/members` }));
    expect(page.html).toContain('<th scope="col">Joined on</th>');
    expect(page.html).toContain("Urban hukou (Jinan)");
    expect(page.html).toContain("1 Jan 2020");
    expect(page.html).toContain("Original member (confirmed in the reform)");
  });
});

describe("registering a new member", () => {
  const form = (fields: Record<string, string>) => ({ idType: "resident-id", idNumber: "", name: "", joinedOn: "2026-11-01", basis: "original", resolutionRef: "", ...fields });

  it("offers the form with the live ID check, today's date and the bases", async () => {
    const page = await (await clerk()).get(`${village}/members/new`);
    expect(page.status).toBe(200);
    expectWellFormed(page);
    expect(page.html).toContain('hx-post="/console/validate/id-number"');
    expect(page.html).toMatch(/<input id="f-joinedOn" name="joinedOn" type="date" value="2026-11-27"/);
    expect(page.html).toContain('<option value="birth">出生</option>');
  });

  it("registers the person and admits the member in one visit, then shows the roster with a notice", async () => {
    const browser = await clerk();
    await browser.get(`${village}/members/new`);
    const posted = await browser.post(`${village}/members/new`, form({ idNumber: idNumber(40, { female: true }), name: "孙秀英", joinedOn: "2026-11-20" }));
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(new RegExp(`^${village}/members\\?registered=prs_`));
    const roster = await browser.follow(posted);
    expect(textOf(roster.html, "notice")).toBe("已登记新成员：孙秀英。");
    expect(rowsOf(roster.html, "roster").find((r) => r[0] === "孙秀英")).toMatchObject(["孙秀英", expect.stringContaining("****"), "女", "2026年11月20日", "原始成员（改革中确认）", "在册", "—"]);
    const journal = (await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}&limit=500`)).body.events.map((e: { type: string }) => e.type);
    expect(journal).toContain("member.admitted");
  });

  it("refuses a wrong check digit with the rule beside the ID number, keeping what was typed", async () => {
    const browser = await clerk();
    await browser.get(`${village}/members/new`);
    const good = idNumber(41);
    const wrong = good.slice(0, 17) + (good.endsWith("1") ? "2" : "1");
    const page = await browser.post(`${village}/members/new`, form({ idNumber: wrong, name: "错号码" }));
    expect(page.status).toBe(422);
    expect(page.html).toContain('data-code="id_number_check_character_mismatch"');
    expect(textOf(page.html, "problem-detail")).toContain("check character");
    expect(textOf(page.html, "f-idNumber-error")).toBe("身份证号码校验码不符");
    expect(page.html).toMatch(/<input id="f-idNumber" name="idNumber" type="text" value="[^"]*"[^>]*aria-invalid="true"/);
    expect(page.html).toContain('value="错号码"');
  });

  it("refuses the same member twice with 409 already_a_member and the registry's detail", async () => {
    const browser = await clerk();
    await browser.get(`${village}/members/new`);
    const page = await browser.post(`${village}/members/new`, form({ idNumber: idNumber(3), name: "孙志强" }));
    expect(page.status).toBe(409);
    expect(page.html).toContain('data-code="already_a_member"');
    expect(textOf(page.html, "problem-detail")).toBe(`Person ${urban.id} is already an active member of ${VILLAGE.code}.`);
    expect(textOf(page.html, "f-idNumber-error")).toBe("此人已是本集体成员");
  });

  it("asks for the resolution when the basis needs one, beside its field", async () => {
    const browser = await clerk();
    await browser.get(`${village}/members/new`);
    const page = await browser.post(`${village}/members/new`, form({ idNumber: idNumber(42), name: "新生儿", basis: "birth" }));
    expect(page.status).toBe(422);
    expect(page.html).toContain('data-code="resolution_ref_required"');
    expect(textOf(page.html, "f-resolutionRef-error")).toBe("需要成员大会决议文号");
  });

  it("refuses a joining date after today with 422 date_in_future", async () => {
    const browser = await clerk();
    await browser.get(`${village}/members/new`);
    const page = await browser.post(`${village}/members/new`, form({ idNumber: idNumber(43), name: "明日", joinedOn: "2026-12-01" }));
    expect(page.status).toBe(422);
    expect(textOf(page.html, "f-joinedOn-error")).toBe("日期晚于今天");
  });

  it("names every empty required field at once (400 validation_failed)", async () => {
    const browser = await clerk();
    await browser.get(`${village}/members/new`);
    const page = await browser.post(`${village}/members/new`, form({ joinedOn: "" }));
    expect(page.status).toBe(400);
    expect(page.html).toContain('data-code="validation_failed"');
    for (const field of ["idNumber", "name", "joinedOn"]) expect(textOf(page.html, `f-${field}-error`)).toBe("请填写此项。");
  });

  it("lets the command refuse a read-only bureau (403 forbidden): nothing is registered", async () => {
    const browser = await as(tokens.bureau);
    await browser.get(`${village}/members/new`);
    const page = await browser.post(`${village}/members/new`, form({ idNumber: idNumber(44), name: "局里登记" }));
    expect(page.status).toBe(403);
    expect(page.html).toContain('data-code="forbidden"');
    const lookup = await world.request("POST", "/v1/persons/lookup", { body: { idNumber: idNumber(44) } });
    expect(lookup.status).toBe(404);
  });
});

describe("households", () => {
  it("lists each household with representative, member count, co-holders, contract and homestead", async () => {
    const page = await (await clerk()).get(`${village}/households`);
    expect(page.status).toBe(200);
    expectWellFormed(page);
    expect(rowsOf(page.html, "households")[0]).toEqual([household1, "户主一", "2", "户主一、配偶一", `${household1}J 2 块，3.75 亩（2,500.00 m²）`, unit1]);
    expect(page.html).toContain(`href="/console/households/${household1}"`);
    expect(page.html).toContain(`href="/console/homesteads/${unit1}"`);
  });

  it("offers only the members in no household, with the next free contractor code filled in", async () => {
    const page = await (await clerk()).get(`${village}/households/new`);
    expect(page.status).toBe(200);
    expectWellFormed(page);
    expect(page.html).toContain('hx-post="/console/validate/contractor-code"');
    expect(page.html).toMatch(new RegExp(`id="f-contractorCode" name="contractorCode" type="text" value="${contractorCode(VILLAGE.issuerCode, 2)}"`));
    for (const person of free) expect(page.html).toContain(`id="pick-${person.id}"`);
    expect(page.html).not.toContain(`id="pick-${head.id}"`);
    expect(page.html).not.toContain(`id="pick-${spouse.id}"`);
  });

  it("registers a household of two members, one of them co-holder, and shows its page", async () => {
    const browser = await clerk();
    await browser.get(`${village}/households/new`);
    const [a, b] = [free[0]!, free[1]!];
    const code = contractorCode(VILLAGE.issuerCode, 7);
    const posted = await browser.post(`${village}/households/new`, {
      contractorCode: code,
      representativeId: a.id,
      member: [a.id, b.id],
      [`relation-${a.id}`]: "head",
      [`relation-${b.id}`]: "daughter",
      coHolder: [b.id],
    });
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`/console/households/${code}?notice=registered`);
    const page = await browser.follow(posted);
    expectWellFormed(page);
    expect(textOf(page.html, "notice")).toBe("已登记该户。");
    expect(textOf(page.html, "representative")).toBe("成员五");
    expect(rowsOf(page.html, "household-members").map((r) => [r[0], r[2], r[3]])).toEqual([
      ["成员五 承包方代表", "户主", "否"],
      ["成员六", "女", "是"],
    ]);
    const api = await world.request("GET", `/v1/households/${code}`);
    expect(api.body.members.map((m: { coHolder: boolean }) => m.coHolder)).toEqual([false, true]);
    const list = await browser.get(`${village}/households`);
    expect(rowsOf(list.html, "households").map((r) => r[0])).toEqual([household1, code]);
  });

  it("refuses a form without members, and a picked member without a relation beside that member", async () => {
    const browser = await clerk();
    await browser.get(`${village}/households/new`);
    const empty = await browser.post(`${village}/households/new`, { contractorCode: contractorCode(VILLAGE.issuerCode, 8), representativeId: "" });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('data-code="validation_failed"');
    expect(textOf(empty.html, "f-representativeId-error")).toBe("请填写此项。");
    expect(textOf(empty.html, "members-error")).not.toBe("");
    const picked = await browser.post(`${village}/households/new`, { contractorCode: contractorCode(VILLAGE.issuerCode, 8), representativeId: urban.id, member: [urban.id], [`relation-${urban.id}`]: "" });
    expect(picked.status).toBe(400);
    expect(textOf(picked.html, `relation-${urban.id}-error`)).not.toBe("");
    expect(picked.html).toMatch(new RegExp(`id="pick-${urban.id}" checked`));
  });

  it("refuses a representative outside the household and a code of another issuer, each beside its field", async () => {
    const browser = await clerk();
    await browser.get(`${village}/households/new`);
    const outside = await browser.post(`${village}/households/new`, { contractorCode: contractorCode(VILLAGE.issuerCode, 9), representativeId: head.id, member: [urban.id], [`relation-${urban.id}`]: "head" });
    expect(outside.status).toBe(422);
    expect(outside.html).toContain('data-code="representative_not_in_household"');
    expect(textOf(outside.html, "f-representativeId-error")).toBe("户主（代表）不在本户成员中");
    const foreign = await browser.post(`${village}/households/new`, { contractorCode: contractorCode(GROUP.issuerCode, 9), representativeId: urban.id, member: [urban.id], [`relation-${urban.id}`]: "head" });
    expect(foreign.status).toBe(422);
    expect(foreign.html).toContain('data-code="contractor_code_outside_issuer"');
    expect(textOf(foreign.html, "f-contractorCode-error")).toBe("承包方编码不属于本发包方");
  });

  it("shows a household's contract with its plots and areas, its homestead, its certificates and the links to apply", async () => {
    const page = await (await clerk()).get(`/console/households/${household1}`);
    expect(page.status).toBe(200);
    expectWellFormed(page);
    expect(rowsOf(page.html, "household-members").map((r) => [r[0], r[2], r[3]])).toEqual([
      ["户主一 承包方代表", "户主", "是"],
      ["配偶一", "配偶", "是"],
    ]);
    expect(page.html).toContain(`href="/console/plots/${plot1}"`);
    expect(page.html).toContain("1.5 亩（1,000.00 m²）");
    expect(page.html).toContain("2 块，3.75 亩（2,500.00 m²）");
    expect(page.html).toContain("180.50 m²（0.2708 亩）");
    expect(page.html).toContain(`href="/console/certificates/${household1}J-0001"`);
    expect(page.html).toContain(`href="/console/certificates/${unit1}-0001"`);
    const links = urlsIn(page.html).filter((u) => u.startsWith("/console/transfers/new"));
    expect(links).toEqual([
      `/console/transfers/new?kind=land-contract&amp;from=${household1}`,
      `/console/transfers/new?action=withdrawal&amp;kind=land-contract&amp;from=${household1}`,
      `/console/transfers/new?kind=homestead&amp;from=${household1}`,
      `/console/transfers/new?action=withdrawal&amp;kind=homestead&amp;from=${household1}`,
    ]);
  });

  it("shows a bureau the household without the links to apply, and the farmer his own household", async () => {
    const bureau = await (await as(tokens.bureau)).get(`/console/households/${household1}`);
    expect(bureau.status).toBe(200);
    expect(bureau.html).not.toContain("/console/transfers/new");
    const farmer = await (await as(tokens.holder)).get(`/console/households/${household1}`);
    expect(farmer.status).toBe(200);
    expect(farmer.html).toContain("配偶一");
    expect(farmer.html).not.toContain("/console/transfers/new");
  });
});

describe("plots", () => {
  it("lists each plot with area in mu and m², land use, the household contracting it and the farmland flag", async () => {
    const page = await (await clerk()).get(`${village}/plots`);
    expect(page.status).toBe(200);
    expectWellFormed(page);
    expect(textOf(page.html, "plot-totals")).toBe("共 2 块，3.75 亩（2,500.00 m²）；已承包 2 块，3.75 亩（2,500.00 m²）。");
    expect(rowsOf(page.html, "plots")).toEqual([
      [plot1, "东岭地", "1.5 亩（1,000.00 m²）", "种植业", "户主一", "是"],
      [plot2, "—", "2.25 亩（1,500.00 m²）", "种植业", "户主一", "否"],
    ]);
  });

  it("pages after a plot code, with a way back to the first page", async () => {
    const page = await (await clerk()).get(`${village}/plots?after=${plot1}`);
    expect(rowsOf(page.html, "plots").map((r) => r[0])).toEqual([plot2]);
    expect(page.html).toContain(`<a class="button secondary" href="${village}/plots">回到第一页</a>`);
    expect(page.html).not.toContain('id="next-page"');
    expect(textOf(page.html, "plot-totals")).toContain("共 2 块");
  });

  it("draws a plot's outline from its stored geometry with its four boundaries, and shows contract, holder and chain of title", async () => {
    const page = await (await clerk()).get(`/console/plots/${plot1}`);
    expect(page.status).toBe(200);
    expectWellFormed(page);
    expect(page.html).toMatch(/<svg id="plot-outline"[^>]*role="img"/);
    expect(page.html).toMatch(/<path d="M[\d.]+,[\d.]+ L[\d.]+,[\d.]+ L[\d.]+,[\d.]+ L[\d.]+,[\d.]+ L[\d.]+,[\d.]+ Z"/);
    for (const side of ["北 李家地", "南 生产路", "西 水渠", "东 王家地"]) expect(page.html).toContain(side);
    expect(textOf(page.html, "plot-area")).toBe("1.5 亩（1,000.00 m²）");
    expect(page.html).toContain(`<a href="/console/households/${household1}">户主一（${household1}）</a>`);
    expect(page.html).toContain("1998年10月1日至2028年9月30日");
    const history = rowsOf(page.html, "title-history");
    expect(history).toHaveLength(1);
    expect(history[0]!.slice(0, 5)).toEqual(["1998年10月1日", "至今", `农户 户主一（${household1}）`, `${household1}J`, "首次登记"]);
    expect(page.html).toContain("无权利限制。");
  });

  it("shows the four boundaries around an empty frame when no outline is stored", async () => {
    const page = await (await clerk()).get(`/console/plots/${plot2}`);
    expect(page.status).toBe(200);
    expect(page.html).not.toMatch(/<path d=/);
    expect(page.html).toContain("未登记地块图形，仅示四至。");
  });

  it("answers a plot outside the clerk's collective as not found", async () => {
    const page = await (await as(tokens.registrarGroup)).get(`/console/plots/${plot1}`);
    expect(page.status).toBe(404);
    expect(page.html).toContain('data-code="plot_not_found"');
  });
});

describe("homesteads", () => {
  it("lists the homesteads with household, area in m² and mu, approval and origin", async () => {
    const page = await (await clerk()).get(`${village}/homesteads`);
    expect(page.status).toBe(200);
    expectWellFormed(page);
    expect(textOf(page.html, "homestead-totals")).toBe("共 1 宗，面积 180.50 m²（0.2708 亩）。");
    expect(rowsOf(page.html, "homesteads")).toEqual([[unit1, `户主一（${household1}）`, "180.50 m²（0.2708 亩）", "2024年5月1日", "新批", "—"]]);
  });

  it("shows a homestead's area, holder household, approval, annotations and history", async () => {
    const page = await (await clerk()).get(`/console/homesteads/${unit1}`);
    expect(page.status).toBe(200);
    expectWellFormed(page);
    expect(textOf(page.html, "homestead-area")).toBe("180.50 m²（0.2708 亩）");
    expect(page.html).toContain("乳宅批〔2024〕015号");
    expect(page.html).toContain("200.00 m²（0.3 亩）");
    expect(page.html).toContain("无附记。");
    expect(rowsOf(page.html, "title-history")[0]!.slice(0, 5)).toEqual(["2024年5月1日", "至今", `农户 户主一（${household1}）`, "—", "首次登记"]);
  });
});

describe("the cap table", () => {
  it("draws holders by shares, the collective's own holding too, and gives the same numbers with percentages", async () => {
    const page = await (await clerk()).get(`${village}/equity`);
    expect(page.status).toBe(200);
    expectWellFormed(page);
    expect(page.html).toMatch(/<svg id="cap-chart"[^>]*role="img"/);
    const chart = /<svg id="cap-chart"[\s\S]*?<\/svg>/.exec(page.html)![0];
    expect(chart.match(/<rect /g)).toHaveLength(3);
    for (const label of ["户主一", "配偶一", "集体持有", "100 股 · 50%", "50 股 · 25%"]) expect(chart).toContain(label);
    expect(textOf(page.html, "equity-total")).toBe("已配置股份共 200 股；集体持有 50 股（25%）。");
    const rows = rowsOf(page.html, "cap-table");
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ["户主一", "100 股", "50%"],
      ["配偶一", "50 股", "25%"],
      ["集体持有", "50 股", "25%"],
    ]);
    expect(page.html).toContain(`href="/console/persons/${head.id}"`);
  });
});
