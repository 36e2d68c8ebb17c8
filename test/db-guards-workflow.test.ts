import type { InStatement } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyConstraintFailure } from "../src/storage/commit.js";
import { contractorCode, expectProblem, member, plotCode, registerCollective, registerContract, registerHousehold, registerPlot, resolutionBody, unitNumber, VILLAGE } from "./support/fixtures.js";
import { createWorld, NOW_MS, TODAY, type World } from "./support/world.js";
import { refusedByDatabase } from "./support/guards.js";

/**
 * Writing around the workflow code: applications are made, approved, registered, rejected and cancelled through
 * the API, then raw SQL tries what the commands never would. The database itself must refuse, naming the rule,
 * and leave nothing behind; and closing an application by hand must still release what it reserved.
 */
let world: World;
const person: string[] = []; // A..E = members 1..5
const household = (seq: number) => contractorCode(VILLAGE.issuerCode, seq); // H1..H5, member i the only member of Hi
const plot = (seq: number) => plotCode(VILLAGE.issuerCode, seq);
const unit = (seq: number) => unitNumber(VILLAGE.regionCode, seq);
const ids = { equityOpen: "", landOpen: "", homesteadOpen: "", registered: "", rejected: "", cancelled: "", homesteadRegistered: "" };

async function post(path: string, body: unknown, status = 201) {
  const res = await world.request("POST", path, { body });
  expect(res.status, `${path} ${res.text}`).toBe(status);
  return res.body;
}
const base = { collectiveCode: VILLAGE.code, agreementSignedOn: "2026-11-20" };
const equity = (from: number, to: number, shares: string) => post("/v1/transfers", { ...base, kind: "equity", from: { personId: person[from - 1] }, to: { personId: person[to - 1] }, shares, price: "1000.00" });
async function settle(type: "transfers" | "withdrawals", id: string, amount: string) {
  await post(`/v1/${type}/${id}/approval`, { resolutionRef: "理事会决定", decidedOn: TODAY }, 200);
  await post(`/v1/${type}/${id}/payment`, { amount, paidOn: TODAY, reference: "银行流水" }, 200);
}

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { noticeDays: 0, homesteadMaxAreaM2: "200" });
  for (let i = 1; i <= 5; i++) {
    person.push((await member(world, VILLAGE.code, i)).id);
    await registerHousehold(world, VILLAGE, i, [{ personId: person[i - 1]! }]);
  }
  for (let seq = 1; seq <= 4; seq++) await registerPlot(world, VILLAGE, seq);
  await registerContract(world, VILLAGE, 1, [1, 2, 3]); // 1998-10-01 → 2028-09-30
  await registerContract(world, VILLAGE, 2, [4]);
  for (const [seq, holder] of [[1, 1], [2, 4], [3, 2]] as const) {
    await post(`/v1/collectives/${VILLAGE.code}/homesteads`, { unitNumber: unit(seq), contractorCode: household(holder), areaM2: "150.00", approvedOn: "2015-04-01", origin: "grant" });
  }
  await post(`/v1/collectives/${VILLAGE.code}/resolutions`, resolutionBody("折股量化决议", ["equity-issuance"]));
  await post(`/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    resolutionRef: "折股量化决议",
    allocations: [1, 2].map((i) => ({ personId: person[i - 1], shareClass: "population", shares: "10" })),
  });

  // Open: A's 4 shares to B, H1's plot 1 to H2, H1's homestead to H3.
  ids.equityOpen = (await equity(1, 2, "4")).id;
  ids.landOpen = (await post("/v1/transfers", { ...base, kind: "land-contract", from: { contractorCode: household(1) }, to: { contractorCode: household(2) }, plotCodes: [plot(1)], price: "20000.00" })).id;
  ids.homesteadOpen = (await post("/v1/transfers", { ...base, kind: "homestead", from: { contractorCode: household(1) }, to: { contractorCode: household(3) }, unitNumber: unit(1), price: "90000.00" })).id;
  // Closed: A's 1 share to C registered; B's shares to C rejected and cancelled; H4's homestead passed to H5.
  ids.registered = (await equity(1, 3, "1")).id;
  await settle("transfers", ids.registered, "1000.00");
  ids.rejected = (await equity(2, 3, "1")).id;
  await post(`/v1/transfers/${ids.rejected}/rejection`, { reason: "价格不符" }, 200);
  ids.cancelled = (await equity(2, 3, "2")).id;
  await post(`/v1/transfers/${ids.cancelled}/cancellation`, {}, 200);
  ids.homesteadRegistered = (await post("/v1/transfers", { ...base, kind: "homestead", from: { contractorCode: household(4) }, to: { contractorCode: household(5) }, unitNumber: unit(2), price: "80000.00" })).id;
  await settle("transfers", ids.homesteadRegistered, "80000.00");
  // A lease of plot 2 for 2027.
  await post(`/v1/plots/${plot(2)}/management-rights`, { kind: "lease", transferee: { name: "乳山市绿源家庭农场" }, startsOn: "2027-01-01", endsOn: "2027-12-31", annualRent: "800.00" });
});
afterAll(() => world.close());

const refused = (statements: InStatement[], message: string) => refusedByDatabase(world, statements, message);

async function one(sql: string, args: (string | number)[]) {
  return (await world.tdb.client.execute({ sql, args })).rows[0]!;
}

/** An INSERT of an application row as the commands write it; `over` replaces columns. */
function applicationRow(over: Record<string, string | number | null>): InStatement {
  const row: Record<string, string | number | null> = {
    id: "trf_raw",
    kind: "transfer",
    subject: "equity",
    collective_code: VILLAGE.code,
    status: "in-notice",
    applicant_person_id: person[0]!,
    from_person_id: person[0]!,
    from_contractor_code: null,
    to_person_id: person[1]!,
    to_contractor_code: null,
    shares_e4: 10_000,
    unit_number: null,
    amount_fen: 100_000,
    agreement_signed_on: "2026-11-20",
    required_consents_json: "[]",
    notice_starts_on: TODAY,
    notice_ends_on: TODAY,
    created_at_ms: NOW_MS,
    updated_at_ms: NOW_MS,
    ...over,
  };
  const columns = Object.keys(row);
  return { sql: `INSERT INTO applications (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, args: Object.values(row) };
}
/** A household's application (H`from` → H`to`): of plots (listed in application_plots) or of a homestead. */
const householdApplication = (id: string, from: number, to: number, over: Record<string, string | number | null> = {}) =>
  applicationRow({ id, subject: "land-contract", applicant_person_id: person[from - 1]!, from_person_id: null, to_person_id: null, from_contractor_code: household(from), to_contractor_code: household(to), shares_e4: null, ...over });
const landApplication = (id: string, from: number, to: number) => householdApplication(id, from, to);
const homesteadApplication = (id: string, seq: number, from: number, to: number) => householdApplication(id, from, to, { subject: "homestead", unit_number: unit(seq) });

describe("shares: an open application reserves them, and only applications move the reservation", () => {
  it("holds the state the API built: A holds 9 shares with 4 reserved by its one open application", async () => {
    expect(await one("SELECT shares_e4, reserved_e4 FROM equity_holdings WHERE account = ?", [person[0]!])).toMatchObject({ shares_e4: 90_000, reserved_e4: 40_000 });
  });

  it("refuses an application for more than the free shares with CHECK reserved_must_be_covered", async () => {
    // 9 held, 4 reserved: 6 more do not fit.
    await refused([applicationRow({ shares_e4: 60_000 })], "CHECK constraint failed: reserved_must_be_covered");
  });

  it("refuses an application from a person who holds no shares with insufficient_shares", async () => {
    const error = await refused([applicationRow({ applicant_person_id: person[3]!, from_person_id: person[3]!, to_person_id: person[1]! })], "insufficient_shares");
    expect(classifyConstraintFailure(error)).toBe("insufficient_shares");
  });

  it.each([
    ["releasing the reservation", "reserved_e4 = 0"],
    ["adding to the reservation", "reserved_e4 = reserved_e4 + 10000"],
  ])("refuses %s by a direct UPDATE with reservation_must_match_applications", async (_name, set) => {
    const error = await refused([{ sql: `UPDATE equity_holdings SET ${set} WHERE collective_code = ? AND account = ?`, args: [VILLAGE.code, person[0]!] }], "reservation_must_match_applications");
    expect(classifyConstraintFailure(error)).toBe("reservation_must_match_applications");
  });
});

describe("plots and homesteads: one open application each", () => {
  it("refuses a second open reservation of a plot (UNIQUE), classified plot_in_pending_application, and keeps the whole batch out", async () => {
    const error = await refused(
      [landApplication("trf_raw_land", 1, 3), { sql: "INSERT INTO application_plots (application_id, plot_code, open) VALUES ('trf_raw_land', ?, 1)", args: [plot(1)] }],
      "UNIQUE constraint failed: application_plots.plot_code",
    );
    expect(classifyConstraintFailure(error)).toBe("plot_in_pending_application");
  });

  it("refuses an open reservation of a plot by a closed application with application_already_closed", async () => {
    const error = await refused([{ sql: "INSERT INTO application_plots (application_id, plot_code, open) VALUES (?, ?, 1)", args: [ids.cancelled, plot(3)] }], "application_already_closed");
    expect(classifyConstraintFailure(error)).toBe("application_already_closed");
  });

  it("refuses a second open application for a homestead (UNIQUE), classified homestead_in_pending_application", async () => {
    const error = await refused([homesteadApplication("trf_raw_home", 1, 1, 5)], "UNIQUE constraint failed: applications.unit_number");
    expect(classifyConstraintFailure(error)).toBe("homestead_in_pending_application");
  });
});

describe("applications: closed ones are final, terms never change", () => {
  it.each([
    ["registered", "registered", "status = 'in-notice'"],
    ["rejected", "rejected", "status = 'approved'"],
    ["cancelled", "cancelled", "status = 'in-notice'"],
    ["registered", "registered", "closing_reason = '改写'"],
  ] as const)("refuses changing a %s application (%s → %s) with application_already_closed", async (_label, which, set) => {
    const id = ids[which];
    expect((await one("SELECT status FROM applications WHERE id = ?", [id])).status).toBe(which);
    const error = await refused([{ sql: `UPDATE applications SET ${set} WHERE id = ?`, args: [id] }], "application_already_closed");
    expect(classifyConstraintFailure(error)).toBe("application_already_closed");
  });

  it.each([
    ["shares_e4", "shares_e4 = 10000"],
    ["amount_fen", "amount_fen = 1"],
    ["to_person_id", "to_person_id = 'prs_other'"],
    ["from_person_id", "from_person_id = 'prs_other'"],
    ["kind", "kind = 'withdrawal', to_person_id = NULL"],
  ])("refuses changing %s of an open application with application_terms_are_immutable", async (_column, set) => {
    const error = await refused([{ sql: `UPDATE applications SET ${set} WHERE id = ?`, args: [ids.equityOpen] }], "application_terms_are_immutable");
    expect(classifyConstraintFailure(error)).toBe("application_terms_are_immutable");
  });

  it("refuses marking an application registered without its payment with CHECK registration_needs_payment", async () => {
    await refused([{ sql: "UPDATE applications SET status = 'registered' WHERE id = ?", args: [ids.equityOpen] }], "CHECK constraint failed: registration_needs_payment");
  });
});

describe("registrations: history is append-only", () => {
  it("holds the homestead's versions the API wrote: the grant and the transfer to H5", async () => {
    const versions = await world.tdb.client.execute({ sql: "SELECT version, act, contractor_code FROM right_registrations WHERE right_code = ? ORDER BY version", args: [unit(2)] });
    expect(versions.rows.map((r) => [r.version, r.act, r.contractor_code])).toEqual([
      [1, "first", household(4)],
      [2, "transfer-in", household(5)],
    ]);
  });

  it.each([
    ["UPDATE", "UPDATE right_registrations SET contractor_code = NULL"],
    ["DELETE", "DELETE FROM right_registrations WHERE version = 2"],
  ])("refuses %s on right_registrations with register_history_is_append_only", async (_name, sql) => {
    const error = await refused([sql], "register_history_is_append_only");
    expect(classifyConstraintFailure(error)).toBe("register_history_is_append_only");
  });
});

describe("homesteads: a household that transferred its homestead gets no new grant", () => {
  it("refuses a grant to H4, barred 'transferred' by its registered transfer, with homestead_regrant_refused", async () => {
    expect((await one("SELECT homestead_barred FROM households WHERE contractor_code = ?", [household(4)])).homestead_barred).toBe("transferred");
    const error = await refused(
      [
        {
          sql: "INSERT INTO homesteads (unit_number, collective_code, contractor_code, area_m2_e2, max_area_m2_e2, approved_on, origin, annotations_json, status, created_at_ms) VALUES (?, ?, ?, 12000, 20000, '2026-11-01', 'grant', '[]', 'active', ?)",
          args: [unit(9), VILLAGE.code, household(4), NOW_MS],
        },
      ],
      "homestead_regrant_refused",
    );
    expect(classifyConstraintFailure(error)).toBe("homestead_regrant_refused");
    // The API says the same.
    const res = await world.request("POST", `/v1/collectives/${VILLAGE.code}/homesteads`, {
      body: { unitNumber: unit(9), contractorCode: household(4), areaM2: "120.00", approvedOn: "2026-11-01", origin: "grant" },
    });
    expectProblem(res, 409, "homestead_regrant_refused");
  });
});

describe("management rights: within the contract, never overlapping", () => {
  const circulation = (startsOn: string, endsOn: string, plotSeq = 2): InStatement => ({
    sql: "INSERT INTO management_rights (id, collective_code, plot_code, contract_code, kind, transferee_name, starts_on, ends_on, annual_rent_fen, status, created_at_ms) VALUES ('mgr_raw', ?, ?, ?, 'lease', '某合作社', ?, ?, 50000, 'active', ?)",
    args: [VILLAGE.code, plot(plotSeq), household(1) + "J", startsOn, endsOn, NOW_MS],
  });

  it.each([
    ["inside the filed lease", "2027-03-01", "2027-06-30"],
    ["across its start", "2026-12-01", "2027-01-01"],
    ["across its end", "2027-12-31", "2028-06-30"],
  ])("refuses a circulation of the same plot %s with management_right_overlaps", async (_name, startsOn, endsOn) => {
    const error = await refused([circulation(startsOn, endsOn)], "management_right_overlaps");
    expect(classifyConstraintFailure(error)).toBe("management_right_overlaps");
  });

  it.each([
    ["ending after the contract", "2028-01-01", "2028-10-01"],
    ["starting before the contract", "1998-09-30", "1999-09-30"],
  ])("refuses a circulation %s with management_term_exceeds_contract", async (_name, startsOn, endsOn) => {
    const error = await refused([circulation(startsOn, endsOn, 3)], "management_term_exceeds_contract");
    expect(classifyConstraintFailure(error)).toBe("management_term_exceeds_contract");
  });

  it("refuses a circulation that ends before it starts with CHECK management_term_invalid", async () => {
    await refused([circulation("2026-06-01", "2026-05-01", 3)], "CHECK constraint failed: management_term_invalid");
  });

  it("accepts the next year's lease of the same plot, right after the filed one", async () => {
    await world.tdb.client.execute(circulation("2028-01-01", "2028-09-30"));
    expect(Number((await one("SELECT COUNT(*) AS n FROM management_rights WHERE plot_code = ? AND status = 'active'", [plot(2)])).n)).toBe(2);
  });
});

describe("closing an application by SQL releases what it reserved (the triggers do it)", () => {
  it("releases an equity application's shares when it is cancelled by hand", async () => {
    const before = Number((await one("SELECT reserved_e4 FROM equity_holdings WHERE account = ?", [person[1]!])).reserved_e4);
    const { id } = await equity(2, 4, "3");
    expect(Number((await one("SELECT reserved_e4 FROM equity_holdings WHERE account = ?", [person[1]!])).reserved_e4)).toBe(before + 30_000);
    await world.tdb.client.execute({ sql: "UPDATE applications SET status = 'cancelled', closing_reason = '人工撤回' WHERE id = ?", args: [id] });
    expect(Number((await one("SELECT reserved_e4 FROM equity_holdings WHERE account = ?", [person[1]!])).reserved_e4)).toBe(before);
    // The shares are free again: B may promise all 10.
    expect((await equity(2, 4, "10")).status).toBe("in-notice");
  });

  it("releases a land application's plots when it is rejected by hand, so the plot may enter another application", async () => {
    const { id } = await post("/v1/transfers", { ...base, kind: "land-contract", from: { contractorCode: household(1) }, to: { contractorCode: household(3) }, plotCodes: [plot(3)], price: "9000.00" });
    await refused([landApplication("trf_raw_plot3", 1, 4), { sql: "INSERT INTO application_plots (application_id, plot_code, open) VALUES ('trf_raw_plot3', ?, 1)", args: [plot(3)] }], "UNIQUE constraint failed: application_plots.plot_code");
    await world.tdb.client.execute({ sql: "UPDATE applications SET status = 'rejected', closing_reason = '人工驳回' WHERE id = ?", args: [id] });
    expect(Number((await one("SELECT open FROM application_plots WHERE application_id = ?", [id])).open)).toBe(0);
    const again = await post("/v1/transfers", { ...base, kind: "land-contract", from: { contractorCode: household(1) }, to: { contractorCode: household(4) }, plotCodes: [plot(3)], price: "9000.00" });
    expect(again.plotCodes).toEqual([plot(3)]);
  });

  it("releases a homestead application's unit when it is cancelled by hand, so the unit may enter another application", async () => {
    const { id } = await post("/v1/transfers", { ...base, kind: "homestead", from: { contractorCode: household(2) }, to: { contractorCode: household(3) }, unitNumber: unit(3), price: "70000.00" });
    await world.tdb.client.execute({ sql: "UPDATE applications SET status = 'cancelled' WHERE id = ?", args: [id] });
    const again = await post("/v1/withdrawals", { ...base, kind: "homestead", from: { contractorCode: household(2) }, unitNumber: unit(3), compensation: "50000.00" });
    expect(again).toMatchObject({ unitNumber: unit(3), status: "in-notice" });
  });
});
