import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleBrowser, textOf, urlsIn } from "../support/console.js";
import {
  contractorCode,
  createToken,
  GROUP,
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
 * The console's transfers and withdrawals (issue 9): a person's rights page with its one-click starts, the
 * application form filled in from the register (免填单) with the co-holders' written consents recorded in the same
 * visit (一次办好), an application's page offering only the steps its state allows, each step refused or taken
 * through the same commands as the API, the collective's list with its filter, and the printable certificate.
 * "Today" is 2026-11-27 (CST). The village's charter gives 7 days of notice, the group's none. Runs on Node and in
 * workerd.
 */
let world: World;
let clerk: string; // the village's registrar
let groupClerk: string;
let bureau: string;
let seller: { id: string; name: string };
let buyer: { id: string; name: string };
let sellerToken: string;
let head: { id: string }; // household 1's representative
let spouse: { id: string };
let son: { id: string };
let receiverHead: { id: string };
let g1: { id: string };
let g2: { id: string };
const household1 = contractorCode(VILLAGE.issuerCode, 1);
const household2 = contractorCode(VILLAGE.issuerCode, 2);
const homestead1 = unitNumber(VILLAGE.regionCode, 1);

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { noticeDays: 7 });
  await registerCollective(world, GROUP, { noticeDays: 0 });
  clerk = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code, label: "午极村文书" });
  groupClerk = await createToken(world, { role: "registrar", collectiveCode: GROUP.code, label: "小组文书" });
  bureau = await createToken(world, { role: "bureau", regionPrefix: "371083" });

  seller = await member(world, VILLAGE.code, 1, "孙秀英");
  buyer = await member(world, VILLAGE.code, 2, "于海涛");
  head = await member(world, VILLAGE.code, 3, "孙建国");
  spouse = await member(world, VILLAGE.code, 4, "王桂兰");
  son = await member(world, VILLAGE.code, 5, "孙小明");
  receiverHead = await member(world, VILLAGE.code, 6, "李强");
  const ref = await recordResolution(world, VILLAGE.code, ["equity-issuance"]);
  const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    body: { resolutionRef: ref, allocations: [{ personId: seller.id, shareClass: "population", shares: "100" }, { personId: buyer.id, shareClass: "population", shares: "10" }] },
  });
  expect(issued.status, issued.text).toBe(201);
  const hukou = await world.request("POST", `/v1/persons/${seller.id}/household-registrations`, { body: { kind: "urban", regionCode: "370102", effectiveOn: "2025-06-01" } });
  expect(hukou.status, hukou.text).toBe(201);
  sellerToken = await createToken(world, { role: "holder", personId: seller.id });

  await registerHousehold(world, VILLAGE, 1, [{ personId: head.id }, { personId: spouse.id, relation: "spouse" }, { personId: son.id, relation: "son" }]);
  await registerHousehold(world, VILLAGE, 2, [{ personId: receiverHead.id }]);
  for (const p of [1, 2, 3, 4]) await registerPlot(world, VILLAGE, p);
  await registerContract(world, VILLAGE, 1, [1, 2, 3, 4]);
  const homestead = await world.request("POST", `/v1/collectives/${VILLAGE.code}/homesteads`, {
    body: { unitNumber: homestead1, contractorCode: household1, areaM2: "180", approvedOn: "2024-05-01", origin: "grant" },
  });
  expect(homestead.status, homestead.text).toBe(201);

  g1 = await member(world, GROUP.code, 101, "张伟");
  g2 = await member(world, GROUP.code, 102, "刘芳");
  const groupRef = await recordResolution(world, GROUP.code, ["equity-issuance"]);
  const groupIssued = await world.request("POST", `/v1/collectives/${GROUP.code}/equity/issuances`, {
    body: { resolutionRef: groupRef, allocations: [{ personId: g1.id, shareClass: "population", shares: "50" }, { personId: g2.id, shareClass: "population", shares: "50" }] },
  });
  expect(groupIssued.status, groupIssued.text).toBe(201);
});
afterAll(() => world.close());

async function signedIn(token: string) {
  const browser = new ConsoleBrowser(world);
  await browser.signIn(token);
  return browser;
}

const formKeyOf = (html: string) => /name="formKey" value="([^"]+)"/.exec(html)![1]!;

/** An equity transfer applied through the API (the console's pages are what is under test). */
async function applyEquity(collective: { code: string }, from: string, to: string, shares = "1", price = "1000.00", token?: string) {
  const res = await world.request("POST", "/v1/transfers", {
    token,
    body: { kind: "equity", collectiveCode: collective.code, from: { personId: from }, to: { personId: to }, shares, price, agreementSignedOn: "2026-11-20" },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

/** The ids of the action forms a page offers. */
const actionsOf = (html: string) => [...html.matchAll(/id="action-([a-z]+)[-"]/g)].map((m) => m[1]);

describe("a person's rights page", () => {
  it("shows a clerk the member's shares with their certificate, her city hukou as a fact, and one-click starts", async () => {
    const browser = await signedIn(clerk);
    const page = await browser.get(`/console/persons/${seller.id}`);
    expect(page.status).toBe(200);
    expect(textOf(page.html, "main")).toBe("孙秀英");
    expect(page.html).toContain("城镇户籍");
    expect(textOf(page.html, "urban-fact")).toContain("不影响其集体经济组织成员身份和各项权益");
    expect(textOf(page.html, "id-number")).toMatch(/^3710\*+\d{3}[\dX]$/);
    expect(page.html).toContain("100 股");
    const no = /data-certificate="(37108310820100-GQ-\d{6})"/.exec(page.html)![1]!;
    expect((await world.request("GET", `/v1/certificates/${no}`)).body).toMatchObject({ status: "valid", holder: { id: seller.id } });
    expect(urlsIn(page.html)).toContain(`/console/transfers/new?kind=equity&amp;collective=${VILLAGE.code}&amp;from=${seller.id}`);
    expect(urlsIn(page.html)).toContain(`/console/transfers/new?kind=equity&amp;collective=${VILLAGE.code}&amp;from=${seller.id}&amp;action=withdrawal`);
  });

  it("shows a household member's household with its co-holders, plots in mu and m², homestead and land starts", async () => {
    const browser = await signedIn(clerk);
    const page = await browser.get(`/console/persons/${spouse.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`data-household="${household1}"`);
    for (const name of ["孙建国", "王桂兰", "孙小明"]) expect(page.html).toContain(name);
    expect(page.html).toContain("1.5 亩（1,000.00 m²）");
    expect(page.html).toContain("6 亩（4,000.00 m²）");
    expect(page.html).toContain(homestead1);
    expect(page.html).toContain("180.00 m²（0.27 亩）");
    expect(urlsIn(page.html)).toContain(`/console/transfers/new?kind=land-contract&amp;from=${household1}`);
    expect(urlsIn(page.html)).toContain(`/console/transfers/new?kind=homestead&amp;from=${household1}&amp;action=withdrawal`);
  });

  it("shows a farmer his own rights with the starts for his shares, and no one else's", async () => {
    const browser = await signedIn(sellerToken);
    const home = await browser.get("/console");
    expect(home.location).toBe(`/console/persons/${seller.id}`);
    const own = await browser.get(`/console/persons/${seller.id}`);
    expect(own.status).toBe(200);
    expect(own.html).toContain('id="transfer-' + VILLAGE.code + '"');
    // The member roster is not his to see: he names the receiver by the person id the clerk gives him.
    const form = await browser.get(`/console/transfers/new?kind=equity&collective=${VILLAGE.code}&from=${seller.id}`);
    expect(form.status).toBe(200);
    expect(form.html).toMatch(/<input id="f-to" name="to" type="text"/);
    const other = await browser.get(`/console/persons/${buyer.id}`);
    expect(other.status).toBe(404);
    expect(other.html).toContain('data-code="person_not_found"');
  });

  it("shows a county bureau the rights, read-only: no application can be started", async () => {
    const browser = await signedIn(bureau);
    const page = await browser.get(`/console/persons/${seller.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("100 股");
    expect(page.html).not.toContain("/console/transfers/new");
  });
});

describe("the application form", () => {
  it("is filled in from the register: the giver, the shares held and free, the members to choose from, today's date", async () => {
    const browser = await signedIn(clerk);
    const form = await browser.get(`/console/transfers/new?kind=equity&collective=${VILLAGE.code}&from=${seller.id}`);
    expect(form.status).toBe(200);
    expect(textOf(form.html, "main")).toBe("股份转让申请");
    expect(textOf(form.html, "giver-name")).toBe("孙秀英");
    expect(textOf(form.html, "held")).toBe("100 股");
    expect(form.html).toContain(`<option value="${buyer.id}">于海涛（`);
    expect(form.html).not.toContain(`<option value="${seller.id}"`);
    expect(form.html).toMatch(/<input id="f-agreementSignedOn" name="agreementSignedOn" type="date" value="2026-11-27"/);
  });

  it("applies with the API's command and shows the application in its notice, with the days left", async () => {
    const browser = await signedIn(clerk);
    const form = await browser.get(`/console/transfers/new?kind=equity&collective=${VILLAGE.code}&from=${seller.id}`);
    const posted = await browser.post("/console/transfers/new", {
      kind: "equity", action: "transfer", from: seller.id, collective: VILLAGE.code, formKey: formKeyOf(form.html),
      to: buyer.id, shares: "5", price: "30000.00", agreementSignedOn: "2026-11-20",
    });
    expect(posted.status, posted.html).toBe(303);
    expect(posted.location).toMatch(/^\/console\/transfers\/trf_[0-9a-z_]+\?done=applied$/);
    const page = await browser.follow(posted);
    expect(textOf(page.html, "notice")).toBe("申请已受理。");
    expect(textOf(page.html, "status")).toBe("公示中");
    expect(textOf(page.html, "giver")).toBe("孙秀英");
    expect(textOf(page.html, "receiver")).toBe("于海涛");
    expect(textOf(page.html, "amount")).toBe("¥30,000.00");
    expect(page.html).toContain("公示期还剩 7 天，至 2026年12月4日");
    const id = /trf_[0-9a-z_]+/.exec(posted.location!)![0];
    const api = await world.request("GET", `/v1/transfers/${id}`);
    expect(api.body).toMatchObject({ status: "in-notice", shares: "5", price: "30000.00", agreementSignedOn: "2026-11-20", from: { personId: seller.id }, to: { personId: buyer.id } });
  });

  it("keeps what was typed and says which field is wrong when the price is missing (400)", async () => {
    const browser = await signedIn(clerk);
    const form = await browser.get(`/console/transfers/new?kind=equity&collective=${VILLAGE.code}&from=${seller.id}`);
    const refused = await browser.post("/console/transfers/new", {
      kind: "equity", action: "transfer", from: seller.id, collective: VILLAGE.code, formKey: formKeyOf(form.html),
      to: buyer.id, shares: "2", price: "", agreementSignedOn: "2026-11-20",
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('data-code="validation_failed"');
    expect(textOf(refused.html, "problem-detail")).toBe("请检查：转让价款（元）。");
    expect(refused.html).toMatch(/id="f-price"[^>]*aria-invalid="true"/);
    expect(refused.html).toMatch(/id="f-shares" name="shares" type="text" value="2"/);
    expect(refused.html).toContain(`<option value="${buyer.id}" selected="">`);
  });

  it("shows the registry's refusal when the giver does not hold the shares free (409 insufficient_shares)", async () => {
    const browser = await signedIn(clerk);
    const form = await browser.get(`/console/transfers/new?kind=equity&collective=${VILLAGE.code}&from=${seller.id}`);
    const refused = await browser.post("/console/transfers/new", {
      kind: "equity", action: "transfer", from: seller.id, collective: VILLAGE.code, formKey: formKeyOf(form.html),
      to: buyer.id, shares: "5000", price: "1.00", agreementSignedOn: "2026-11-20",
    });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('data-code="insufficient_shares"');
    expect(textOf(refused.html, "problem-detail")).toContain("does not hold that many shares");
  });

  it("makes one application however often the same form is sent", async () => {
    const browser = await signedIn(clerk);
    const form = await browser.get(`/console/transfers/new?kind=equity&collective=${VILLAGE.code}&from=${seller.id}`);
    const fields = {
      kind: "equity", action: "transfer", from: seller.id, collective: VILLAGE.code, formKey: formKeyOf(form.html),
      to: buyer.id, shares: "1.2345", price: "777.77", agreementSignedOn: "2026-11-20",
    };
    const first = await browser.post("/console/transfers/new", fields);
    const again = await browser.post("/console/transfers/new", fields);
    expect(first.status).toBe(303);
    expect(again.status).toBe(303);
    expect(again.location).toBe(first.location);
    const list = await world.request("GET", `/v1/collectives/${VILLAGE.code}/transfers`);
    expect(list.body.applications.filter((a: { price: string }) => a.price === "777.77")).toHaveLength(1);
  });

  it("lists the household's plots, the other households and the co-holders; ticked consents are recorded at once", async () => {
    const browser = await signedIn(clerk);
    const form = await browser.get(`/console/transfers/new?kind=land-contract&from=${household1}`);
    expect(form.status).toBe(200);
    expect(textOf(form.html, "main")).toBe("土地承包经营权转让申请");
    for (const p of [1, 2, 3, 4]) expect(form.html).toContain(`name="plotCodes" value="${plotCode(VILLAGE.issuerCode, p)}"`);
    expect(form.html).toContain(`<option value="${household2}">李强（${household2}）</option>`);
    expect(form.html).not.toContain(`<option value="${household1}"`);
    expect(textOf(form.html, "co-holders")).toBe("王桂兰（配偶）、孙小明（子）");
    const posted = await browser.post("/console/transfers/new", {
      kind: "land-contract", action: "transfer", from: household1, collective: VILLAGE.code, formKey: formKeyOf(form.html),
      to: household2, plotCodes: [plotCode(VILLAGE.issuerCode, 1)], price: "12000.00", agreementSignedOn: "2026-11-27",
      consents: [spouse.id, son.id],
    });
    expect(posted.status, posted.html).toBe(303);
    const page = await browser.follow(posted);
    expect(textOf(page.html, "status")).toBe("公示中");
    expect(page.html).toContain("书面同意（经办人记录）");
    const id = /trf_[0-9a-z_]+/.exec(posted.location!)![0];
    const api = await world.request("GET", `/v1/transfers/${id}`);
    expect(api.body.consents.given.map((g: { personId: string; via: string }) => [g.personId, g.via]).sort()).toEqual([[spouse.id, "written"], [son.id, "written"]].sort());
  });

  it("leaves an application waiting for the co-holder whose consent is not at hand, and offers to record it later", async () => {
    const browser = await signedIn(clerk);
    const form = await browser.get(`/console/transfers/new?kind=land-contract&from=${household1}&plot=${plotCode(VILLAGE.issuerCode, 2)}`);
    expect(form.html).toContain(`value="${plotCode(VILLAGE.issuerCode, 2)}" checked=""`);
    const posted = await browser.post("/console/transfers/new", {
      kind: "land-contract", action: "transfer", from: household1, collective: VILLAGE.code, formKey: formKeyOf(form.html),
      to: household2, plotCodes: [plotCode(VILLAGE.issuerCode, 2)], price: "9000.00", agreementSignedOn: "2026-11-27", consents: [spouse.id],
    });
    const page = await browser.follow(posted);
    expect(textOf(page.html, "status")).toBe("待共有人同意");
    expect(actionsOf(page.html)).toContain("consent");
    expect(page.html).toContain(`name="personId" value="${son.id}"`);
    expect(page.html).not.toContain(`name="personId" value="${spouse.id}"`);
    const id = /trf_[0-9a-z_]+/.exec(posted.location!)![0];
    const consented = await browser.follow(await browser.post(`/console/transfers/${id}/consent`, { personId: son.id }));
    expect(textOf(consented.html, "notice")).toBe("已记录共有人同意。");
    expect(textOf(consented.html, "status")).toBe("公示中");
    expect(consented.html).toContain("公示期还剩 7 天，至 2026年12月4日");
  });

  it("makes a share withdrawal, returning the shares to the collective, and shows it as a withdrawal", async () => {
    const browser = await signedIn(clerk);
    const form = await browser.get(`/console/transfers/new?kind=equity&collective=${VILLAGE.code}&from=${seller.id}&action=withdrawal`);
    expect(textOf(form.html, "main")).toBe("股份退出申请");
    expect(form.html).not.toContain('name="to"');
    const posted = await browser.post("/console/transfers/new", {
      kind: "equity", action: "withdrawal", from: seller.id, collective: VILLAGE.code, formKey: formKeyOf(form.html),
      shares: "3", compensation: "18000.00", agreementSignedOn: "2026-11-25",
    });
    expect(posted.status, posted.html).toBe(303);
    expect(posted.location).toMatch(/^\/console\/transfers\/wdr_[0-9a-z_]+\?done=applied$/);
    const page = await browser.follow(posted);
    expect(textOf(page.html, "main")).toBe("股份退出申请");
    expect(textOf(page.html, "receiver")).toBe("本集体经济组织");
    expect(textOf(page.html, "amount")).toBe("¥18,000.00");
    const id = /wdr_[0-9a-z_]+/.exec(posted.location!)![0];
    expect((await world.request("GET", `/v1/withdrawals/${id}`)).body).toMatchObject({ status: "in-notice", shares: "3", compensation: "18000.00" });
  });

  it("lets a co-holder consent with her own token, and offers her nothing else", async () => {
    const applied = await world.request("POST", "/v1/transfers", {
      body: { kind: "land-contract", collectiveCode: VILLAGE.code, from: { contractorCode: household1 }, to: { contractorCode: household2 }, plotCodes: [plotCode(VILLAGE.issuerCode, 3)], price: "8000.00", agreementSignedOn: "2026-11-27" },
    });
    expect(applied.status, applied.text).toBe(201);
    const id = applied.body.id as string;
    const coHolder = await signedIn(await createToken(world, { role: "holder", personId: spouse.id }));
    const page = await coHolder.get(`/console/transfers/${id}`);
    expect(page.status).toBe(200);
    expect(actionsOf(page.html)).toEqual(["consent"]);
    expect(page.html).toContain(`name="personId" value="${spouse.id}"`);
    expect(page.html).not.toContain(`name="personId" value="${son.id}"`);
    await coHolder.follow(await coHolder.post(`/console/transfers/${id}/consent`, { personId: spouse.id }));
    const api = await world.request("GET", `/v1/transfers/${id}`);
    expect(api.body.consents.given).toEqual([expect.objectContaining({ personId: spouse.id, via: "holder" })]);
    const again = await coHolder.post(`/console/transfers/${id}/consent`, { personId: son.id });
    expect(again.status).toBe(403);
    expect(again.html).toContain('data-code="forbidden"');
  });

  it("fills a homestead withdrawal with the household's homestead and asks for the compensation", async () => {
    const browser = await signedIn(clerk);
    const form = await browser.get(`/console/transfers/new?kind=homestead&from=${household1}&action=withdrawal`);
    expect(form.status).toBe(200);
    expect(textOf(form.html, "main")).toBe("宅基地退出申请");
    expect(form.html).toContain(`<option value="${homestead1}" selected="">`);
    expect(form.html).toContain('name="compensation"');
    expect(form.html).not.toContain('name="to"');
  });
});

describe("an application's page", () => {
  it("offers during the notice only approval, objection, rejection and cancellation — and refuses an early approval", async () => {
    const id = await applyEquity(VILLAGE, seller.id, buyer.id);
    const browser = await signedIn(clerk);
    const page = await browser.get(`/console/transfers/${id}`);
    expect(actionsOf(page.html).sort()).toEqual(["approval", "cancellation", "objection", "rejection"]);
    const refused = await browser.post(`/console/transfers/${id}/approval`, { resolutionRef: "理事会决定〔2026〕9号", decidedOn: "2026-11-27" });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('data-code="notice_period_running"');
    expect(textOf(refused.html, "problem-detail")).toBe("The public notice runs until 2026-12-04 (China Standard Time); decide on or after that date.");
    expect(refused.html).toContain('value="理事会决定〔2026〕9号"');
    expect((await world.request("GET", `/v1/transfers/${id}`)).body.status).toBe("in-notice");
  });

  it("takes an objection, then offers its resolution instead of the approval; dismissed, the notice goes on", async () => {
    const id = await applyEquity(VILLAGE, seller.id, buyer.id);
    const browser = await signedIn(clerk);
    await browser.get(`/console/transfers/${id}`);
    const objected = await browser.follow(await browser.post(`/console/transfers/${id}/objection`, { objectorName: "孙大伟", grounds: "价格过低" }));
    expect(textOf(objected.html, "status")).toBe("有异议待处理");
    expect(actionsOf(objected.html)).not.toContain("approval");
    expect(actionsOf(objected.html)).toContain("resolution");
    const objectionId = /data-objection="(obj_[0-9a-z_]+)"/.exec(objected.html)![1]!;
    const dismissed = await browser.follow(
      await browser.post(`/console/transfers/${id}/resolution`, { objectionId, [`outcome-${objectionId}`]: "dismissed", [`note-${objectionId}`]: "经核实价格公允" }),
    );
    expect(textOf(dismissed.html, "status")).toBe("公示中");
    expect(dismissed.html).toContain("经核实价格公允");
    expect(actionsOf(dismissed.html)).toContain("approval");
  });

  it("walks a transfer to registration: approval, a refused payment of the wrong amount, the payment, the new certificates", async () => {
    const id = await applyEquity(GROUP, g1.id, g2.id, "5", "30000.00");
    const browser = await signedIn(groupClerk);
    await browser.get(`/console/transfers/${id}`);
    const approved = await browser.follow(await browser.post(`/console/transfers/${id}/approval`, { resolutionRef: "理事会决定〔2026〕9号", decidedOn: "2026-11-27" }));
    expect(textOf(approved.html, "status")).toBe("已批准，待付款");
    expect(actionsOf(approved.html).sort()).toEqual(["payment", "rejection"]);
    expect(approved.html).toMatch(/id="f-amount" name="amount" type="text" value="30000.00"/);
    const wrong = await browser.post(`/console/transfers/${id}/payment`, { amount: "3000.00", paidOn: "2026-11-27", reference: "农商银行 0001" });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain('data-code="payment_amount_mismatch"');
    expect(textOf(wrong.html, "problem-detail")).toBe("The payment must be the full price agreed, once.");
    expect(wrong.html).toMatch(/id="f-amount" name="amount" type="text" value="3000.00"[^>]*aria-invalid="true"/);
    const paid = await browser.follow(await browser.post(`/console/transfers/${id}/payment`, { amount: "30000.00", paidOn: "2026-11-27", reference: "农商银行 0001" }));
    expect(textOf(paid.html, "notice")).toBe("付款已记录，变更已登记。");
    expect(textOf(paid.html, "status")).toBe("已登记");
    expect(actionsOf(paid.html)).toEqual([]);
    const certificates = [...paid.html.matchAll(/data-certificate="([^"]+)"/g)].map((m) => m[1]!);
    expect(certificates).toHaveLength(2);
    const holders = [];
    for (const no of certificates) {
      const certificate = await world.request("GET", `/v1/certificates/${no}`);
      expect(certificate.body).toMatchObject({ status: "valid", collectiveCode: GROUP.code, kind: "equity" });
      holders.push(certificate.body.holder.id);
    }
    expect(holders.sort()).toEqual([g1.id, g2.id].sort());
  });

  it("offers a farmer only the cancellation of his own application, and a bureau nothing at all", async () => {
    const id = await applyEquity(VILLAGE, seller.id, buyer.id, "1", "1000.00", sellerToken);
    const farmer = await signedIn(sellerToken);
    const own = await farmer.get(`/console/transfers/${id}`);
    expect(own.status).toBe(200);
    expect(actionsOf(own.html)).toEqual(["cancellation"]);
    const cancelled = await farmer.follow(await farmer.post(`/console/transfers/${id}/cancellation`, { cancelReason: "不再转让" }));
    expect(textOf(cancelled.html, "status")).toBe("已撤回");
    const county = await signedIn(bureau);
    const seen = await county.get(`/console/transfers/${id}`);
    expect(seen.status).toBe(200);
    expect(actionsOf(seen.html)).toEqual([]);
    expect(seen.html).toContain("您没有可办理的事项");
  });

  it("is not found for another collective's clerk, and refuses a step without the page's CSRF token", async () => {
    const id = await applyEquity(VILLAGE, seller.id, buyer.id);
    const other = await signedIn(groupClerk);
    const page = await other.get(`/console/transfers/${id}`);
    expect(page.status).toBe(404);
    expect(page.html).toContain('data-code="application_not_found"');
    const browser = await signedIn(clerk);
    const forged = await browser.post(`/console/transfers/${id}/rejection`, { rejectReason: "x" }, { csrf: "forged-forged-forged-forged" });
    expect(forged.status).toBe(403);
    expect((await world.request("GET", `/v1/transfers/${id}`)).body.status).toBe("in-notice");
  });
});

describe("the collective's transfers and withdrawals", () => {
  it("lists them with links to each, and filters by status", async () => {
    const id = await applyEquity(VILLAGE, seller.id, buyer.id, "0.5", "500.00");
    const browser = await signedIn(clerk);
    const all = await browser.get(`/console/collectives/${VILLAGE.code}/transfers`);
    expect(all.status).toBe(200);
    expect(urlsIn(all.html)).toContain(`/console/transfers/${id}`);
    expect(all.html).toMatch(new RegExp(`data-application="${id}" data-status="in-notice"`));
    const registered = await browser.get(`/console/collectives/${VILLAGE.code}/transfers?status=registered`);
    expect(registered.html).not.toContain(`data-application="${id}"`);
    expect(registered.html).toContain("没有符合条件的申请。");
    const english = await browser.follow(await browser.post("/console/lang", { lang: "en", next: `/console/collectives/${VILLAGE.code}/transfers` }));
    expect(english.html).toContain("In public notice");
    expect(english.html).toContain("Transfers");
  });
});

describe("the printable certificate", () => {
  it("is the API's certificate page with a print button bound by a script of the service, and a way back", async () => {
    const browser = await signedIn(clerk);
    const rights = await browser.get(`/console/persons/${seller.id}`);
    const no = /data-certificate="([^"]+)"/.exec(rights.html)![1]!;
    const page = await browser.get(`/console/certificates/${no}?back=${encodeURIComponent(`/console/persons/${seller.id}`)}`);
    expect(page.status).toBe(200);
    expect(textOf(page.html, "certificate-no")).toBe(no);
    expect(page.html).toContain("股权证");
    expect(page.html).toMatch(/<button type="button" id="print" hidden(="")?>打印证书<\/button>/);
    expect(textOf(page.html, "print-hint")).toBe("按 Ctrl+P 打印");
    expect(page.html).toMatch(/<script src="\/console\/assets\/print\.js" defer(="")?><\/script>/);
    expect(page.html).not.toMatch(/<script>|onclick=/);
    expect(urlsIn(page.html)).toContain(`/console/persons/${seller.id}`);
    expect(page.headers.get("Content-Security-Policy")).toContain("script-src 'self'");
    const script = await browser.get("/console/assets/print.js");
    expect(script.headers.get("Content-Type")).toMatch(/^text\/javascript/);
    expect(script.html).toContain("window.print()");
  });

  it("is not found for a clerk of another collective, and never sends the reader off the console", async () => {
    const browser = await signedIn(clerk);
    const rights = await browser.get(`/console/persons/${seller.id}`);
    const no = /data-certificate="([^"]+)"/.exec(rights.html)![1]!;
    const outside = await (await signedIn(groupClerk)).get(`/console/certificates/${no}`);
    expect(outside.status).toBe(404);
    expect(outside.html).toContain('data-code="certificate_not_found"');
    const elsewhere = await browser.get(`/console/certificates/${no}?back=${encodeURIComponent("https://evil.example/")}`);
    expect(urlsIn(elsewhere.html)).not.toContain("https://evil.example/");
  });
});
