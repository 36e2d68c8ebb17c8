import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTRACTS_PER_BATCH } from "../src/commands/extensions/apply-plan.js";
import { contractorCode, idNumber, plotCode, recordResolution, registerCollective, VILLAGE } from "./support/fixtures.js";
import { createWorld, NOW_MS, TODAY, type Res, type World } from "./support/world.js";

/**
 * The bulk extension over a generated collective of 500 households (Node only). The register is loaded with raw
 * multi-row INSERTs that satisfy every CHECK, trigger and foreign key (persons, memberships, households and their
 * members, 3 plots and one contract per household, the plots' title versions and the contracts' first register
 * versions); the resolution, three court seizures, the plan and its application go through HTTP.
 *
 * Household i: plots of grassland when i % 50 = 0, of forest land when i % 50 = 1, else arable; its contract ends
 * 2031-09-30 (outside the window) when i % 100 = 99, else 2028-09-30; households 10, 20 and 30 are seized.
 */
const HOUSEHOLDS = 500;
const PLOTS_EACH = 3;
const CODE = VILLAGE.code;
const SEIZED = [10, 20, 30];

let world: World;
let applied: Res;
let applySeconds = 0;

const landUseOf = (i: number) => (i % 50 === 0 ? "livestock" : i % 50 === 1 ? "forestry" : "cropping");
const endsOnOf = (i: number) => (i % 100 === 99 ? "2031-09-30" : "2028-09-30");
const contractOf = (i: number) => `${contractorCode(VILLAGE.issuerCode, i + 1)}J`;

async function insertRows(table: string, cols: string[], rows: unknown[][]) {
  const per = 200;
  const statements = [];
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    statements.push({ sql: `INSERT INTO ${table} (${cols.join(", ")}) VALUES ${part.map(() => `(${cols.map(() => "?").join(", ")})`).join(", ")}`, args: part.flat() as never[] });
  }
  await world.tdb.client.batch(statements, "write");
}

async function loadRegister() {
  const persons: unknown[][] = [];
  const memberships: unknown[][] = [];
  const households: unknown[][] = [];
  const members: unknown[][] = [];
  const plots: unknown[][] = [];
  const contracts: unknown[][] = [];
  const links: unknown[][] = [];
  const titles: unknown[][] = [];
  const registrations: unknown[][] = [];
  for (let i = 0; i < HOUSEHOLDS; i++) {
    const personId = `prs_371083_scale${String(i).padStart(5, "0")}`;
    const contractor = contractorCode(VILLAGE.issuerCode, i + 1);
    const contract = `${contractor}J`;
    persons.push([personId, "resident-id", idNumber(i, { birth: `19${60 + (i % 30)}0615` }), `成员${i}`, "male", `19${60 + (i % 30)}-06-15`, NOW_MS]);
    memberships.push([`mbr_scale${i}`, CODE, personId, "2000-01-01", "original", null, "active", NOW_MS]);
    households.push([contractor, CODE, personId, "active", 0, NOW_MS]);
    members.push([`hhm_scale${i}`, CODE, contractor, personId, "head", "02", 1, "active", NOW_MS]);
    contracts.push([contract, CODE, contractor, "household", "1998-10-01", endsOnOf(i), null, "active", NOW_MS]);
    const codes: string[] = [];
    for (let k = 0; k < PLOTS_EACH; k++) {
      const plot = plotCode(VILLAGE.issuerCode, i * PLOTS_EACH + k + 1);
      codes.push(plot);
      plots.push([plot, CODE, null, 15000, null, landUseOf(i), "contracted", 1, "路", "渠", "沟", "林", NOW_MS]);
      links.push([`cpl_scale${i}_${k}`, CODE, contract, plot, "active", NOW_MS, null]);
      titles.push([`ttl_scale${i}_${k}`, CODE, "plot", plot, "household", contractor, contract, null, "first-registration", "1998-10-01", null, NOW_MS, null, null, 0, null]);
    }
    registrations.push([`reg_scale${i}`, CODE, "land-contract", contract, 1, "first", contractor, JSON.stringify(codes), null, "1998-10-01", null, 0, NOW_MS]);
  }
  await insertRows("persons", ["id", "id_type", "id_number", "name", "sex", "birth_date", "created_at_ms"], persons);
  await insertRows("memberships", ["id", "collective_code", "person_id", "joined_on", "basis", "resolution_ref", "status", "created_at_ms"], memberships);
  await insertRows("households", ["contractor_code", "collective_code", "representative_id", "status", "homestead_barred", "created_at_ms"], households);
  await insertRows("household_members", ["id", "collective_code", "contractor_code", "person_id", "relation", "relation_code", "co_holder", "status", "created_at_ms"], members);
  await insertRows("plots", ["plot_code", "collective_code", "name", "area_mu_e4", "area_m2_e2", "land_use", "category", "basic_farmland", "boundary_east", "boundary_south", "boundary_west", "boundary_north", "created_at_ms"], plots);
  await insertRows("land_contracts", ["contract_code", "collective_code", "contractor_code", "mode", "starts_on", "ends_on", "certificate_no", "status", "created_at_ms"], contracts);
  await insertRows("contract_plots", ["id", "collective_code", "contract_code", "plot_code", "status", "created_at_ms", "ended_at_ms"], links);
  await insertRows(
    "title_versions",
    ["id", "collective_code", "kind", "subject", "holder_kind", "holder", "contract_code", "shares_e4", "act", "valid_from", "valid_to", "recorded_from_ms", "recorded_to_ms", "application_id", "journal_seq", "certificate_no"],
    titles,
  );
  await insertRows("right_registrations", ["id", "collective_code", "right_kind", "right_code", "version", "act", "contractor_code", "plot_codes_json", "certificate_serial", "effective_on", "application_id", "journal_seq", "recorded_at_ms"], registrations);
}

const count = async (sql: string, args: (string | number)[] = []) => Number((await world.tdb.client.execute({ sql, args })).rows[0]![0]);

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE);
  const started = performance.now();
  await loadRegister();
  const loadSeconds = (performance.now() - started) / 1000;
  const ref = await recordResolution(world, CODE, ["term-extension"]);
  for (const i of SEIZED) {
    const res = await world.request("POST", `/v1/collectives/${CODE}/encumbrances`, {
      body: { kind: "seizure", subjectKind: "land-contract", subject: contractOf(i), party: "乳山市人民法院", documentRef: `（2026）鲁1083执${i}号`, registeredOn: "2026-11-20" },
    });
    expect(res.status, res.text).toBe(201);
  }
  const proposeStarted = performance.now();
  const plan = await world.request("POST", `/v1/collectives/${CODE}/extension-plans`, {
    body: { resolutionRef: ref, windowFrom: "2027-01-01", windowTo: "2028-12-31", noticeStartsOn: "2026-11-01", noticeEndsOn: "2026-11-16", grasslandYears: 50 },
  });
  const proposeSeconds = (performance.now() - proposeStarted) / 1000;
  expect(plan.status, plan.text).toBe(201);
  expect(plan.body.preview.counts).toEqual({ covered: 495, planned: 492, heldBack: 3, byReason: { right_seized: 3 } });
  const applyStarted = performance.now();
  applied = await world.request("POST", `/v1/extension-plans/${plan.body.id}/application`, { body: { appliedOn: TODAY } });
  applySeconds = (performance.now() - applyStarted) / 1000;
  console.log(
    `extension scale: ${HOUSEHOLDS} households, ${HOUSEHOLDS * PLOTS_EACH} plots loaded in ${loadSeconds.toFixed(2)} s; ` +
      `plan proposed (preview of 495 contracts) in ${proposeSeconds.toFixed(2)} s; applied (492 extended, 3 held back, ` +
      `${Math.ceil(495 / CONTRACTS_PER_BATCH)} batches of ≤ ${CONTRACTS_PER_BATCH}) in ${applySeconds.toFixed(2)} s = ${(492 / applySeconds).toFixed(0)} contracts/s`,
  );
}, 120_000);
afterAll(() => world.close());

describe("bulk extension over 500 households", () => {
  it("extends every eligible contract and reports the counts", () => {
    expect(applied.status, applied.text).toBe(200);
    expect(applied.body.status).toBe("applied");
    expect(applied.body.report.counts).toEqual({ covered: 495, extended: 492, heldBack: 3, byReason: { right_seized: 3 } });
    expect(applied.body.report.heldBack.map((h: { contractCode: string }) => h.contractCode)).toEqual(SEIZED.map(contractOf));
    expect(applySeconds).toBeLessThan(60);
  });

  it("moves every eligible contract's end: arable and forest land 30 years, grassland 50", async () => {
    expect(await count("SELECT COUNT(*) FROM land_contracts WHERE ends_on = '2058-09-30'")).toBe(492 - 10);
    expect(await count("SELECT COUNT(*) FROM land_contracts WHERE ends_on = '2078-09-30'")).toBe(10);
    expect(await count("SELECT COUNT(*) FROM land_contracts WHERE ends_on = '2028-09-30'")).toBe(3);
    expect(await count("SELECT COUNT(*) FROM land_contracts WHERE ends_on = '2031-09-30'")).toBe(5);
  });

  it("records a register version and reissues a certificate for each, stating the new term; title versions do not change", async () => {
    expect(await count("SELECT COUNT(*) FROM right_registrations WHERE act = 'term-extension' AND version = 2")).toBe(492);
    expect(await count("SELECT COUNT(*) FROM certificates WHERE kind = 'land-contract' AND status = 'valid'")).toBe(492);
    expect(await count("SELECT COUNT(*) FROM title_versions")).toBe(HOUSEHOLDS * PLOTS_EACH);
    expect(await count("SELECT COUNT(*) FROM contract_extensions WHERE outcome = 'extended'")).toBe(492);
    const cert = await world.request("GET", `/v1/certificates/${contractOf(0)}-0002`);
    expect(cert.status, cert.text).toBe(200);
    expect(JSON.parse(cert.body.payload).right).toMatchObject({ contractCode: contractOf(0), endsOn: "2078-09-30", plotCount: 3 });
  });

  it("journals each batch, the last as extension_plan.applied with the plan's counts", async () => {
    expect(await count("SELECT COUNT(*) FROM journal WHERE type = 'extension_plan.progressed'")).toBe(Math.ceil(495 / CONTRACTS_PER_BATCH) - 1);
    const [row] = (await world.tdb.client.execute("SELECT data_json FROM journal WHERE type = 'extension_plan.applied'")).rows;
    expect(JSON.parse(String(row![0])).counts).toMatchObject({ covered: 495, extended: 492, heldBack: 3 });
    const verification = await world.request("GET", "/v1/journal/verification");
    expect(verification.body.valid).toBe(true);
  });

  it("the database keeps outcomes immutable and a plan's status moving once (migration 0016)", async () => {
    const run = (sql: string) => world.tdb.client.execute(sql);
    await expect(run("UPDATE contract_extensions SET reason = 'x'")).rejects.toThrow(/extension_history_is_append_only/);
    await expect(run("DELETE FROM contract_extensions")).rejects.toThrow(/extension_history_is_append_only/);
    await expect(run("UPDATE extension_plans SET status = 'in-notice', applied_on = NULL")).rejects.toThrow(/extension_plan_not_in_notice/);
    await expect(run("UPDATE extension_plans SET window_to = '2029-12-31'")).rejects.toThrow(/extension_plan_is_immutable/);
    await expect(run("DELETE FROM extension_plans")).rejects.toThrow(/extension_plan_is_immutable/);
    await expect(
      run(`INSERT INTO contract_extensions (plan_id, contract_code, collective_code, outcome, previous_ends_on, reason) SELECT id, '${contractOf(99)}', collective_code, 'held-back', '2031-09-30', 'no-plots' FROM extension_plans`),
    ).rejects.toThrow(/extension_plan_not_in_notice/);
  });
});
