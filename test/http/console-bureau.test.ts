import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.js";
import type { ImportJobsPort, ImportJobView } from "../../src/commands/imports/jobs.js";
import { movableClock, type MovableClock } from "../../src/lib/clock.js";
import { createIdFactory } from "../../src/lib/ids.js";
import { ConsoleBrowser, textOf, urlsIn, type ConsoleVisit } from "../support/console.js";
import { contractorCode, createToken, GROUP, idNumber, plotCode, recordResolution, registerContract, registerHousehold, registerPlot, unitNumber, VILLAGE } from "../support/fixtures.js";
import { TEST_PUBLIC_BASE_URL, testKeyring } from "../support/keys.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * The bureau's pages of the console (issue 9): the title search by ID number (or plot, unit, certificate) with a
 * stated purpose, rendered from the POST so that the number is in no URL; the statistics page with its server-drawn
 * charts and their tables; the county import's upload form and job page (against a scripted job runner, so that
 * it runs in workerd too; the real runner is driven in test/browser/console-bureau.test.ts), and the 501 where the
 * service runs no imports. Runs on Node and in workerd.
 *
 * The county 371083 has two collectives: the village (午极村) and its neighbour (东村). 孙志强 (moved to Jinan) is a
 * member of both: his household holds plots 1 and 2 and a homestead in the village, and gave plot 2 to 刘振华's
 * household on 2026-11-27 for ¥18,000.00; he holds shares in the neighbour and sold 5 of his 12 to 于海涛 on
 * 2026-10-15 for ¥30,000.00. He also holds 3 shares in a group of another county (370114), outside the bureau's sight.
 */
const NEIGHBOUR = {
  code: "N2371083MA0QW73T00",
  name: "乳山市午极镇东村股份经济合作社",
  level: "village" as const,
  regionCode: "371083108202",
  issuerCode: "37108310820200",
};
const ID = idNumber(1);
const PURPOSE = "不动产登记审核（受理号 2026-0815）";

let world: World;
let clock: MovableClock;
let tokens: Record<"bureau" | "registrar" | "holder" | "bureauGroup", string>;

async function post(path: string, body: unknown, status = 200) {
  const res = await world.request("POST", path, { body });
  expect(res.status, res.text).toBe(status);
  return res.body;
}

async function memberIn(collective: { code: string; regionCode: string }, index: number, name: string) {
  const person = await post("/v1/persons", { idNumber: idNumber(index), name, regionCode: collective.regionCode }, 201);
  await post(`/v1/collectives/${collective.code}/members`, { personId: person.id, joinedOn: "2020-01-01", basis: "original" }, 201);
  return person.id as string;
}

async function registerOn(date: string, path: "transfers" | "withdrawals", body: Record<string, unknown>) {
  clock.set(date);
  const applied = await post(`/v1/${path}`, { agreementSignedOn: date, ...body }, 201);
  await post(`/v1/${path}/${applied.id}/approval`, { resolutionRef: "理事会决定〔2026〕9号", decidedOn: date });
  await post(`/v1/${path}/${applied.id}/payment`, { amount: body.price ?? body.compensation, paidOn: date, reference: "农商银行转账" });
}

beforeAll(async () => {
  clock = movableClock("2026-09-01");
  world = await createWorld(clock);
  for (const collective of [VILLAGE, NEIGHBOUR, GROUP]) await post("/v1/collectives", { ...collective, rules: { noticeDays: 0 } }, 201);
  const moved = await memberIn(VILLAGE, 1, "孙志强");
  const liu = await memberIn(VILLAGE, 2, "刘振华");
  await post(`/v1/collectives/${NEIGHBOUR.code}/members`, { personId: moved, joinedOn: "2020-01-01", basis: "original" }, 201);
  const yu = await memberIn(NEIGHBOUR, 3, "于海涛");
  await post(`/v1/collectives/${GROUP.code}/members`, { personId: moved, joinedOn: "2020-01-01", basis: "original" }, 201);
  await post(`/v1/persons/${moved}/household-registrations`, { kind: "urban", regionCode: "370102", effectiveOn: "2025-06-01" }, 201);
  await registerHousehold(world, VILLAGE, 1, [{ personId: moved }]);
  await registerHousehold(world, VILLAGE, 2, [{ personId: liu }]);
  await registerPlot(world, VILLAGE, 1, "1.50");
  await registerPlot(world, VILLAGE, 2, "0.75");
  await registerContract(world, VILLAGE, 1, [1, 2]);
  await post(`/v1/collectives/${VILLAGE.code}/homesteads`, { unitNumber: unitNumber(VILLAGE.regionCode, 1), contractorCode: contractorCode(VILLAGE.issuerCode, 1), areaM2: "150.00", approvedOn: "2000-01-01", origin: "grant" }, 201);
  const ref = await recordResolution(world, NEIGHBOUR.code, ["equity-issuance"]);
  await post(`/v1/collectives/${NEIGHBOUR.code}/equity/issuances`, { resolutionRef: ref, allocations: [{ personId: moved, shareClass: "population", shares: "12" }, { personId: yu, shareClass: "population", shares: "12" }] }, 201);
  const groupRef = await recordResolution(world, GROUP.code, ["equity-issuance"]);
  await post(`/v1/collectives/${GROUP.code}/equity/issuances`, { resolutionRef: groupRef, allocations: [{ personId: moved, shareClass: "population", shares: "3" }] }, 201);
  await registerOn("2026-10-15", "transfers", { kind: "equity", collectiveCode: NEIGHBOUR.code, from: { personId: moved }, to: { personId: yu }, shares: "5", price: "30000.00" });
  await registerOn(TODAY, "transfers", {
    kind: "land-contract",
    collectiveCode: VILLAGE.code,
    from: { contractorCode: contractorCode(VILLAGE.issuerCode, 1) },
    to: { contractorCode: contractorCode(VILLAGE.issuerCode, 2) },
    plotCodes: [plotCode(VILLAGE.issuerCode, 2)],
    price: "18000.00",
  });
  tokens = {
    bureau: await createToken(world, { role: "bureau", regionPrefix: "371083" }),
    bureauGroup: await createToken(world, { role: "bureau", regionPrefix: "370114" }),
    registrar: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }),
    holder: await createToken(world, { role: "holder", personId: moved }),
  };
}, 60_000);
afterAll(() => world.close());

async function signedIn(token: string, on: World = world): Promise<ConsoleBrowser> {
  const browser = new ConsoleBrowser(on);
  const home = await browser.signIn(token);
  expect(home.status, home.html).toBeLessThan(400);
  return browser;
}

async function search(browser: ConsoleBrowser, fields: Record<string, string>): Promise<ConsoleVisit> {
  await browser.get("/console/search");
  return browser.post("/console/search", fields);
}

async function accessLog() {
  const log = await world.request("GET", "/v1/access-log?limit=500");
  expect(log.status, log.text).toBe(200);
  return log;
}

const errorOf = (html: string, field: string) => textOf(html, `f-${field}-error`);

describe("the title search", () => {
  it("shows a form with the ID number checked as one types and a required purpose; the search is a POST", async () => {
    const browser = await signedIn(tokens.bureau);
    const page = await browser.get("/console/search");
    expect(page.status).toBe(200);
    expect(page.html).toContain("<h1>权属查询</h1>");
    expect(page.html).toMatch(/<form class="stack" method="post" action="\/console\/search"/);
    expect(page.html).toMatch(/<input id="f-idNumber" name="idNumber"[^>]*hx-post="\/console\/validate\/id-number"/);
    expect(page.html).toMatch(/<input id="f-purpose" name="purpose"[^>]*required/);
    expect(page.html).toContain('<label for="f-purpose">查询目的 *</label>');
  });

  it("finds by ID number every right in the county across both collectives, with current holder and chain of title; none of another county", async () => {
    const browser = await signedIn(tokens.bureau);
    const page = await search(browser, { idNumber: ID, purpose: PURPOSE });
    expect(page.status, page.html).toBe(200);
    expect(textOf(page.html, "result-count")).toBe("在您的辖区内找到 4 项权利。");
    const plot1 = plotCode(VILLAGE.issuerCode, 1);
    const plot2 = plotCode(VILLAGE.issuerCode, 2);
    const unit = unitNumber(VILLAGE.regionCode, 1);
    const urls = urlsIn(page.html);
    for (const href of [`/console/plots/${plot1}`, `/console/plots/${plot2}`, `/console/homesteads/${unit}`, `/console/collectives/${NEIGHBOUR.code}/equity`]) expect(urls).toContain(href);
    expect(page.html).toContain(VILLAGE.name);
    expect(page.html).toContain(NEIGHBOUR.name);
    expect(page.html).not.toContain(GROUP.name);
    // Plot 2: first registered to 孙志强's household, transferred to 刘振华's today.
    const plot2Card = page.html.slice(page.html.indexOf(`data-subject="${plot2}"`));
    const chain = plot2Card.slice(0, plot2Card.indexOf("</table>"));
    expect(chain).toContain("首次登记");
    expect(chain).toContain("转让");
    expect(chain).toContain("2026年11月27日");
    expect(chain).toContain("至今");
    expect(chain).toContain(`/console/households/${contractorCode(VILLAGE.issuerCode, 2)}`);
    // The neighbour's shares: 12, then 7 after the sale of 2026-10-15.
    const equity = page.html.slice(page.html.indexOf('data-kind="equity"'));
    expect(equity).toContain("12 股");
    expect(equity).toContain("7 股");
    expect(equity).toContain("2026年10月15日");
    // The certificates are links; the ID number is in no URL of the page.
    expect(urls.some((u) => u.startsWith("/console/certificates/"))).toBe(true);
    for (const url of urls) expect(url).not.toContain(ID);
  });

  it("writes the search to the access log with its purpose, and the ID number only as a keyed hash", async () => {
    const before = (await accessLog()).body.entries.length;
    const browser = await signedIn(tokens.bureau);
    await search(browser, { idNumber: ID, purpose: "司法协助查询" });
    const log = await accessLog();
    expect(log.body.entries.length).toBe(before + 1);
    expect(log.body.entries[0]).toMatchObject({ role: "bureau", scope: "371083", purpose: "司法协助查询", queryKind: "idNumber", results: 4 });
    expect(log.text).not.toContain(ID);
  });

  it("refuses a search without a purpose, beside the field, keeping what was typed, and logs nothing", async () => {
    const before = (await accessLog()).body.entries.length;
    const browser = await signedIn(tokens.bureau);
    const page = await search(browser, { idNumber: ID, purpose: "" });
    expect(page.status).toBe(400);
    expect(page.html).toContain('data-code="validation_failed"');
    expect(errorOf(page.html, "purpose")).not.toBe("");
    expect(page.html).toMatch(/<input id="f-purpose" name="purpose"[^>]*aria-invalid="true"/);
    expect(page.html).toContain(`value="${ID}"`);
    expect(page.html).not.toContain('id="results"');
    expect((await accessLog()).body.entries.length).toBe(before);
  });

  it("asks for exactly one of the four: none, or two at once, is refused with 400", async () => {
    const browser = await signedIn(tokens.bureau);
    const none = await search(browser, { purpose: PURPOSE });
    expect(none.status).toBe(400);
    expect(errorOf(none.html, "idNumber")).toContain("exactly one");
    const two = await search(browser, { idNumber: ID, plotCode: plotCode(VILLAGE.issuerCode, 1), purpose: PURPOSE });
    expect(two.status).toBe(400);
    expect(errorOf(two.html, "plotCode")).toContain("exactly one");
  });

  it("refuses an ID number whose check character is wrong with the rule broken", async () => {
    const wrong = ID.slice(0, 17) + (ID.endsWith("0") ? "1" : "0");
    const browser = await signedIn(tokens.bureau);
    const page = await search(browser, { idNumber: wrong, purpose: PURPOSE });
    expect(page.status).toBe(422);
    expect(page.html).toContain('data-code="id_number_check_character_mismatch"');
    expect(textOf(page.html, "problem-detail")).not.toContain(wrong);
  });

  it("finds by plot code the plot and its chain", async () => {
    const browser = await signedIn(tokens.bureau);
    const page = await search(browser, { plotCode: plotCode(VILLAGE.issuerCode, 2), purpose: PURPOSE });
    expect(page.status).toBe(200);
    expect(textOf(page.html, "result-count")).toBe("在您的辖区内找到 1 项权利。");
    expect(textOf(page.html, "result-0-holder")).toContain("刘振华");
  });

  it("answers a bureau of another county with nothing, and a clerk with her collective's rights only", async () => {
    const outside = await search(await signedIn(tokens.bureauGroup), { idNumber: ID, purpose: PURPOSE });
    expect(outside.status).toBe(200);
    expect(outside.html).toContain(GROUP.name);
    expect(outside.html).not.toContain(VILLAGE.name);
    const clerk = await search(await signedIn(tokens.registrar), { idNumber: ID, purpose: PURPOSE });
    expect(textOf(clerk.html, "result-count")).toBe("在您的辖区内找到 3 项权利。");
    expect(clerk.html).not.toContain(NEIGHBOUR.name);
  });

  it("refuses a farmer's search with the problem stated (403 forbidden)", async () => {
    const page = await search(await signedIn(tokens.holder), { idNumber: ID, purpose: PURPOSE });
    expect(page.status).toBe(403);
    expect(page.html).toContain('data-code="forbidden"');
  });

  it("refuses a search posted without the session's CSRF token", async () => {
    const browser = await signedIn(tokens.bureau);
    await browser.get("/console/search");
    expect((await browser.post("/console/search", { idNumber: ID, purpose: PURPOSE }, { csrf: null })).status).toBe(403);
  });

  it("speaks English once switched: labels, act names and dates", async () => {
    const browser = await signedIn(tokens.bureau);
    await browser.post("/console/lang", { lang: "en", next: "/console/search" });
    const page = await search(browser, { plotCode: plotCode(VILLAGE.issuerCode, 2), purpose: PURPOSE });
    expect(page.html).toContain("<h1>Title search</h1>");
    expect(page.html).toContain("Chain of title");
    expect(page.html).toContain("First registration");
    expect(page.html).toContain("27 Nov 2026");
  });
});

describe("the statistics page", () => {
  it("shows the county's numbers in cards and tables, and its charts drawn on the server, each with a title", async () => {
    const browser = await signedIn(tokens.bureau);
    const page = await browser.get("/console/statistics");
    expect(page.status, page.html).toBe(200);
    expect(textOf(page.html, "as-of")).toBe("统计截至 2026年11月27日（北京时间），区划代码前缀：371083。");
    expect(page.html).toMatch(/<section class="card" id="card-members"[\s\S]*?<dt>集体经济组织<\/dt><dd>2<\/dd>/);
    for (const chart of ["chart-counts", "chart-prices", "chart-compensation", "chart-shares"]) {
      expect(page.html).toMatch(new RegExp(`<svg id="${chart}" class="chart" role="img" aria-labelledby="${chart}-title"`));
      expect(textOf(page.html, `${chart}-title`)).not.toBe("");
    }
    expect(textOf(page.html, "chart-counts-title")).toBe("每月登记的转让与退出（件）");
    for (const table of ["table-applications", "table-counts", "table-prices", "table-compensation", "table-shares"]) expect(page.html).toContain(`<table id="${table}">`);
    for (const url of urlsIn(page.html)) expect(url, url).toMatch(/^(\/|#)/);
  });

  it("tables each month: October's ¥30,000.00 share sale and November's ¥18,000.00 plot, in the 24 months up to today", async () => {
    const browser = await signedIn(tokens.bureau);
    const page = await browser.get("/console/statistics");
    const counts = page.html.slice(page.html.indexOf('<table id="table-counts">'));
    const rows = [...counts.slice(0, counts.indexOf("</table>")).matchAll(/<tr><th scope="row">([^<]+)<\/th>((?:<td[^>]*>[^<]*<\/td>)+)<\/tr>/g)].map((m) => [m[1], ...[...m[2]!.matchAll(/>([^<]*)<\/td>/g)].map((c) => c[1])]);
    expect(rows).toHaveLength(25); // 24 months and the total
    expect(rows[0]![0]).toBe("2024年12月");
    expect(rows.find((r) => r[0] === "2026年10月")).toEqual(["2026年10月", "1", "¥30,000.00", "0", "¥0.00"]);
    expect(rows.find((r) => r[0] === "2026年11月")).toEqual(["2026年11月", "1", "¥18,000.00", "0", "¥0.00"]);
    expect(rows.at(-1)).toEqual(["合计", "2", "¥48,000.00", "0", "¥0.00"]);
    const shares = page.html.slice(page.html.indexOf('<table id="table-shares">'));
    expect(shares).toMatch(/居住在城镇的成员<\/th><td class="num">7 股<\/td><td class="num">1<\/td><td class="num">29.2%<\/td>/);
  });

  it("narrows to a finer prefix and a window of months from the form (a GET: no ID number is involved)", async () => {
    const browser = await signedIn(tokens.bureau);
    const page = await browser.get(`/console/statistics?regionPrefix=${NEIGHBOUR.regionCode}&from=2026-10&to=2026-11`);
    expect(page.status).toBe(200);
    expect(textOf(page.html, "as-of")).toContain(NEIGHBOUR.regionCode);
    expect(page.html).toMatch(/id="card-members"[\s\S]*?<dt>集体经济组织<\/dt><dd>1<\/dd>/);
    expect(page.html).toContain('value="2026-10"');
    const counts = page.html.slice(page.html.indexOf('<table id="table-counts">'), page.html.indexOf("</table>", page.html.indexOf('<table id="table-counts">')));
    expect(counts.match(/<th scope="row">/g)).toHaveLength(3);
  });

  it("refuses a malformed month or a window that ends before it begins, beside the field, with 400", async () => {
    const browser = await signedIn(tokens.bureau);
    const bad = await browser.get("/console/statistics?from=2026-13");
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('data-code="validation_failed"');
    expect(errorOf(bad.html, "from")).not.toBe("");
    const backwards = await browser.get("/console/statistics?from=2026-11&to=2026-01");
    expect(backwards.status).toBe(400);
    expect(errorOf(backwards.html, "to")).not.toBe("");
    expect(backwards.html).not.toContain("<svg");
  });

  it("counts nothing for a bureau asking about another county's prefix (the command decides)", async () => {
    const browser = await signedIn(tokens.bureauGroup);
    const page = await browser.get("/console/statistics?regionPrefix=371083");
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/id="card-members"[\s\S]*?<dt>集体经济组织<\/dt><dd>0<\/dd>/);
  });

  it("shows a clerk her collective's numbers, without a prefix field", async () => {
    const browser = await signedIn(tokens.registrar);
    const page = await browser.get("/console/statistics");
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('name="regionPrefix"');
    expect(textOf(page.html, "as-of")).toContain(VILLAGE.regionCode);
    expect(page.html).toMatch(/id="card-members"[\s\S]*?<dt>集体经济组织<\/dt><dd>1<\/dd>/);
  });

  it("refuses a farmer with the problem stated (403 forbidden)", async () => {
    const page = await (await signedIn(tokens.holder)).get("/console/statistics");
    expect(page.status).toBe(403);
    expect(page.html).toContain('data-code="forbidden"');
  });

  it("labels charts and tables in English once switched", async () => {
    const browser = await signedIn(tokens.bureau);
    await browser.post("/console/lang", { lang: "en", next: "/console/statistics" });
    const page = await browser.get("/console/statistics");
    expect(textOf(page.html, "chart-counts-title")).toBe("Transfers and withdrawals registered per month (count)");
    expect(page.html).toContain('<th scope="row">Oct 2026</th>');
    expect(page.html).toContain("Members living in cities");
  });
});

/** A job runner that does what a test says: records uploads, answers jobs as scripted. */
class ScriptedImports implements ImportJobsPort {
  uploads: { bytes: Uint8Array; actor: string; county: string | null; contentLength: number | null }[] = [];
  jobs = new Map<string, ImportJobView>();
  running = false;
  busy() {
    return this.running;
  }
  async submit(body: ReadableStream<Uint8Array>, request: { actor: string; county: string | null; contentLength: number | null }) {
    const bytes = new Uint8Array(await new Response(body).arrayBuffer());
    this.uploads.push({ bytes, ...request });
    if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) return { ok: false as const, code: "import_file_unreadable" as const, detail: "The upload is not a zip archive." };
    const jobId = `imp_${String(this.uploads.length).padStart(4, "0")}`;
    this.jobs.set(jobId, running(jobId));
    return { ok: true as const, jobId };
  }
  async get(jobId: string) {
    return this.jobs.get(jobId) ?? null;
  }
}

const STARTED_MS = Date.parse("2026-11-27T04:00:00Z");
const running = (jobId: string): ImportJobView => ({
  jobId,
  status: "running",
  progress: { phase: "reading", rows: 12_345, bytesRead: 3 * 1024 * 1024, totalBytes: 12 * 1024 * 1024, rowsPerSecond: 4_100, secondsLeft: 65 },
  startedAtMs: STARTED_MS,
  endedAtMs: null,
});
const report = (status: "completed" | "refused", errors: { file: string; line: number; field: string; code: string; message: string }[], errorCount = errors.length) => ({
  importId: "imp_0001",
  status,
  rows: { FBF: 1, CBF: 30, CBF_JTCY: 96, CBHT: 30, CBDKXX: 88, DK: 88, CBJYQZ: 30 },
  created: status === "completed" ? { collectives: 1, persons: 96, memberships: 94, households: 30, plots: 88, contracts: 30 } : { collectives: 0, persons: 0, memberships: 0, households: 0, plots: 0, contracts: 0 },
  unchangedRows: 0,
  encodings: { "CBF.csv": "GB18030", "DK.csv": "UTF-8" },
  errors,
  errorCount,
  startedAtMs: STARTED_MS,
  durationMs: 2_400,
});

const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);

/** The app over this world's databases, with a job runner. */
async function appWith(on: World, imports: ImportJobsPort): Promise<App> {
  return createApp({ db: on.tdb.db, router: on.router, idKey: on.idKey, clock: on.clock, ids: createIdFactory(() => on.clock.nowMs()), keyring: await testKeyring(), publicBaseUrl: TEST_PUBLIC_BASE_URL, imports });
}

/** Posts the upload form as a browser does (multipart/form-data), with the session and the page's CSRF token. */
async function upload(browser: ConsoleBrowser, app: App, fields: { package?: Uint8Array; county?: string; csrf?: string | null }): Promise<ConsoleVisit> {
  await browser.get("/console/imports");
  const form = new FormData();
  if (fields.csrf !== null) form.append("_csrf", fields.csrf ?? browser.csrf);
  if (fields.package) form.append("package", new File([fields.package], "乳山市确权数据.zip", { type: "application/zip" }));
  else form.append("package", new File([], "", { type: "application/octet-stream" }));
  if (fields.county !== undefined) form.append("county", fields.county);
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await app.request("/console/imports", { method: "POST", body: form, headers: { Cookie: cookie } });
  return { status: res.status, location: res.headers.get("Location"), html: await res.text(), headers: res.headers };
}

describe("the county import pages", () => {
  let imports: ScriptedImports;
  let app: App;
  let admin: ConsoleBrowser;
  beforeAll(async () => {
    imports = new ScriptedImports();
    app = await appWith(world, imports);
    admin = await signedIn(world.adminToken, { ...world, app });
  });

  it("says on a service without a job runner (Workers) that imports run on the Node service: 501", async () => {
    const browser = await signedIn(world.adminToken);
    const page = await browser.get("/console/imports");
    expect(page.status).toBe(501);
    expect(page.html).toContain('data-code="imports_not_supported_here"');
    expect(textOf(page.html, "problem-detail")).toContain("npm run import");
  });

  it("shows the admin a multipart upload form", async () => {
    const page = await admin.get("/console/imports");
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<form class="stack" method="post" action="\/console\/imports" enctype="multipart\/form-data"/);
    expect(page.html).toMatch(/<input id="f-package" name="package" type="file" accept="[^"]*\.zip/);
    expect(page.html).toContain('<label for="f-package">数据包（zip） *</label>');
    expect(page.html).not.toContain('name="county"'); // one database: no county to choose
  });

  it("hands the uploaded zip to the job runner and goes to the job's page (post/redirect/get)", async () => {
    const before = imports.uploads.length;
    const posted = await upload(admin, app, { package: ZIP });
    expect(posted.status, posted.html).toBe(303);
    expect(posted.location).toMatch(/^\/console\/imports\/imp_\d{4}$/);
    expect(imports.uploads).toHaveLength(before + 1);
    const received = imports.uploads.at(-1)!;
    expect([...received.bytes]).toEqual([...ZIP]);
    expect(received).toMatchObject({ county: null, contentLength: ZIP.byteLength });
    expect(received.actor).toMatch(/^tok_/);
  });

  it("shows a running job's phase, rows, rows/s and time left on a progress bar, polling every second, with a refresh link", async () => {
    const posted = await upload(admin, app, { package: ZIP });
    const page = await admin.follow(posted);
    expect(page.status).toBe(200);
    const id = posted.location!.split("/").at(-1)!;
    expect(page.html).toMatch(new RegExp(`<section class="card" id="job"[^>]*data-status="running"[^>]*hx-get="/console/imports/${id}/progress" hx-trigger="every 1s" hx-swap="outerHTML"`));
    expect(page.html).toMatch(/<progress id="job-progress" max="12582912" value="3145728"/);
    expect(textOf(page.html, "job-phase")).toBe("读取并逐行校验");
    expect(textOf(page.html, "job-rows")).toBe("12,345");
    expect(page.html).toContain("4,100 行/秒");
    expect(textOf(page.html, "job-left")).toBe("约 1 分 5 秒");
    expect(page.html).toContain(`<a href="/console/imports/${id}" id="refresh">刷新</a>`);
  });

  it("answers the progress fragment for htmx, and once the job has completed: the created counts, and no more polling", async () => {
    const posted = await upload(admin, app, { package: ZIP });
    const id = posted.location!.split("/").at(-1)!;
    const fragment = await admin.get(`/console/imports/${id}/progress`);
    expect(fragment.status).toBe(200);
    expect(fragment.html.startsWith('<section class="card" id="job"')).toBe(true);
    expect(fragment.html).toContain('hx-trigger="every 1s"');
    imports.jobs.set(id, { ...running(id), status: "completed", progress: { ...running(id).progress!, phase: "done", secondsLeft: 0 }, endedAtMs: STARTED_MS + 2_400, report: { ...report("completed", []), importId: id } });
    const ended = await admin.get(`/console/imports/${id}/progress`);
    expect(ended.html).not.toContain("hx-trigger");
    expect(ended.html).toContain('data-status="completed"');
    expect(textOf(ended.html, "job-status")).toBe("状态：已完成");
    expect(textOf(ended.html, "created-households")).toBe("30");
    expect(textOf(ended.html, "created-plots")).toBe("88");
    expect(ended.html).not.toContain('id="refresh"');
  });

  it("lists every bad row of a refused package — file, line, field, rule code, message — and never an ID number", async () => {
    const posted = await upload(admin, app, { package: ZIP });
    const id = posted.location!.split("/").at(-1)!;
    const errors = [
      { file: "CBF_JTCY.csv", line: 17, field: "CYZJHM", code: "id_number_check_character_mismatch", message: `The ID number ${idNumber(9)} does not match its check character.` },
      { file: "DK.csv", line: 4, field: "SCMJM", code: "area_must_be_positive", message: "The area must be positive." },
    ];
    imports.jobs.set(id, { ...running(id), status: "refused", endedAtMs: STARTED_MS + 2_400, report: { ...report("refused", errors, 1_204), importId: id } });
    const page = await admin.get(`/console/imports/${id}`);
    expect(textOf(page.html, "job-status")).toBe("状态：已拒绝：存在错误行，未写入任何数据");
    expect(page.html).toContain("错误行（共 1,204 处）");
    expect(page.html).toMatch(/<td>CBF_JTCY\.csv<\/td><td class="num">17<\/td><td><code>CYZJHM<\/code><\/td><td><code>id_number_check_character_mismatch<\/code><\/td>/);
    expect(page.html).toContain("仅列出前 2 处。");
    expect(page.html).not.toContain(idNumber(9));
    expect(page.html).not.toContain('<table id="created">');
  });

  it("states why a failed job failed", async () => {
    const posted = await upload(admin, app, { package: ZIP });
    const id = posted.location!.split("/").at(-1)!;
    imports.jobs.set(id, { ...running(id), status: "failed", endedAtMs: STARTED_MS + 100, error: { code: "import_in_progress", detail: "Another import holds collective N2371083MA0QW7T334." } });
    const page = await admin.get(`/console/imports/${id}`);
    expect(page.html).toContain('data-code="import_in_progress"');
    expect(textOf(page.html, "problem-detail")).toBe("Another import holds collective N2371083MA0QW7T334.");
  });

  it("refuses an upload without a file (400), while another import runs (409), and what is not a zip (422), on the form", async () => {
    const empty = await upload(admin, app, {});
    expect(empty.status).toBe(400);
    expect(errorOf(empty.html, "package")).toBe("请选择一个 zip 文件。");
    imports.running = true;
    try {
      const busy = await upload(admin, app, { package: ZIP });
      expect(busy.status).toBe(409);
      expect(busy.html).toContain('data-code="import_in_progress"');
    } finally {
      imports.running = false;
    }
    const notZip = await upload(admin, app, { package: new TextEncoder().encode("FBF,CBF\n") });
    expect(notZip.status).toBe(422);
    expect(notZip.html).toContain('data-code="import_file_unreadable"');
  });

  it("answers an unknown or malformed job id with 404 import_not_found", async () => {
    for (const path of ["/console/imports/imp_9999", "/console/imports/not-an-id", "/console/imports/imp_9999/progress"]) {
      const page = await admin.get(path);
      expect(page.status, path).toBe(404);
      expect(page.html).toContain('data-code="import_not_found"');
    }
  });

  it("is the admin's only: a bureau is refused (403), and a form without the CSRF token too", async () => {
    const bureau = await signedIn(tokens.bureau, { ...world, app });
    const page = await bureau.get("/console/imports");
    expect(page.status).toBe(403);
    expect(page.html).toContain('data-code="forbidden"');
    expect((await upload(admin, app, { package: ZIP, csrf: null })).status).toBe(403);
  });

  it("asks which county the package goes to when the registry keeps one database per county", async () => {
    const routed = await createWorld(undefined, { counties: ["371083"] });
    try {
      const scripted = new ScriptedImports();
      const routedApp = await appWith(routed, scripted);
      const browser = await signedIn(routed.adminToken, { ...routed, app: routedApp });
      expect((await browser.get("/console/imports")).html).toMatch(/<input id="f-county" name="county"[^>]*required/);
      const missing = await upload(browser, routedApp, { package: ZIP });
      expect(missing.status).toBe(400);
      expect(errorOf(missing.html, "county")).not.toBe("");
      const posted = await upload(browser, routedApp, { package: ZIP, county: "371083" });
      expect(posted.status).toBe(303);
      expect(posted.location).toMatch(/^\/console\/imports\/imp_\d{4}\?county=371083$/);
      expect(scripted.uploads.at(-1)!.county).toBe("371083");
      const page = await browser.follow(posted);
      expect(page.html).toContain("/progress?county=371083");
    } finally {
      routed.close();
    }
  });
});
