import type { InStatement } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyConstraintFailure } from "../src/storage/commit.js";
import { journal } from "../schema/index.js";
import {
  contractorCode,
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
} from "./support/fixtures.js";
import { createWorld, NOW_MS, type World } from "./support/world.js";
import { refusedByDatabase } from "./support/guards.js";

/**
 * Writing around the domain code: the register is built through the API, then raw SQL tries what the commands
 * never would. The database itself must refuse, naming the rule, and the batch must leave nothing behind.
 */
let world: World;
let memberA: string;
let memberB: string;
const household1 = contractorCode(VILLAGE.issuerCode, 1);
const household2 = contractorCode(VILLAGE.issuerCode, 2);
const plot1 = plotCode(VILLAGE.issuerCode, 1);
const contract1 = household1 + "J";
const homestead1 = unitNumber(VILLAGE.regionCode, 1);

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { homesteadMaxAreaM2: "200" });
  await registerCollective(world, GROUP);
  memberA = (await member(world, VILLAGE.code, 1)).id;
  memberB = (await member(world, VILLAGE.code, 2)).id;
  await registerHousehold(world, VILLAGE, 1, [{ personId: memberA }]);
  await registerHousehold(world, VILLAGE, 2, [{ personId: memberB }]);
  await registerPlot(world, VILLAGE, 1);
  await registerPlot(world, VILLAGE, 2);
  await registerContract(world, VILLAGE, 1, [1]);
  const homestead = await world.request("POST", `/v1/collectives/${VILLAGE.code}/homesteads`, {
    body: { unitNumber: homestead1, contractorCode: household1, areaM2: "150.00", approvedOn: "2020-04-01", origin: "grant" },
  });
  expect(homestead.status, homestead.text).toBe(201);
  await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "折股量化决议" });
  const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    body: { resolutionRef: "折股量化决议", allocations: [{ personId: memberA, shareClass: "population", shares: "10" }] },
  });
  expect(issued.status, issued.text).toBe(201);
});
afterAll(() => world.close());

const refused = (statements: InStatement[], message: string) => refusedByDatabase(world, statements, message);

const homesteadRow = (over: Record<string, unknown>) => {
  const row = {
    unit_number: unitNumber(VILLAGE.regionCode, 2),
    collective_code: VILLAGE.code,
    contractor_code: household1,
    area_m2_e2: 10_000,
    max_area_m2_e2: 20_000,
    approved_on: "2021-01-01",
    origin: "existing",
    approval_ref: null,
    annotations_json: "[]",
    status: "active",
    created_at_ms: NOW_MS,
    ...over,
  };
  const columns = Object.keys(row);
  return { sql: `INSERT INTO homesteads (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, args: Object.values(row) as never[] };
};

const entry = (debit: string, credit: string, sharesE4: number, kind = "transfer"): InStatement => ({
  sql: "INSERT INTO equity_entries (collective_code, journal_seq, kind, debit_account, credit_account, share_class, shares_e4, recorded_at_ms) VALUES (?, 1, ?, ?, ?, 'population', ?, ?)",
  args: [VILLAGE.code, kind, debit, credit, sharesE4, NOW_MS],
});

/** A raw journal row linked to its predecessor's hash (unless `prevHash` says otherwise), so that only the rule under test fires. */
const journalRow = async (stream: string, streamSeq: number, prevHash?: string | null): Promise<{ sql: string; args: (string | number | null)[] }> => {
  const previous = await world.tdb.client.execute({ sql: "SELECT hash FROM journal WHERE stream = ? AND stream_seq = ?", args: [stream, streamSeq - 1] });
  // With no predecessor row (a skipped seq), NULL is what the linkage check compares with: only contiguity fires.
  const linked = streamSeq === 1 ? "0".repeat(64) : ((previous.rows[0]?.hash as string | undefined) ?? null);
  return {
    sql: "INSERT INTO journal (stream, stream_seq, collective_code, type, actor, subject, data_json, recorded_at_ms, prev_hash, hash) VALUES (?, ?, NULL, 'test.raw', 'tok_raw', 'raw', '{}', ?, ?, ?)",
    args: [stream, streamSeq, NOW_MS, prevHash === undefined ? linked : prevHash, "f".repeat(64)],
  };
};

async function streamHead(stream: string): Promise<number> {
  const res = await world.tdb.client.execute({ sql: "SELECT COALESCE(MAX(stream_seq), 0) AS head FROM journal WHERE stream = ?", args: [stream] });
  return Number(res.rows[0]!.head);
}

describe("land: one active contract per plot", () => {
  it("refuses a second active contract on a plot (UNIQUE), and keeps the contract row of the same batch out too", async () => {
    const error = await refused(
      [
        {
          sql: "INSERT INTO land_contracts (contract_code, collective_code, contractor_code, mode, starts_on, ends_on, status, created_at_ms) VALUES (?, ?, ?, 'household', '2000-01-01', '2030-01-01', 'active', ?)",
          args: [household2 + "J", VILLAGE.code, household2, NOW_MS],
        },
        { sql: "INSERT INTO contract_plots (id, collective_code, contract_code, plot_code, status, created_at_ms) VALUES ('cpl_raw', ?, ?, ?, 'active', ?)", args: [VILLAGE.code, household2 + "J", plot1, NOW_MS] },
      ],
      "UNIQUE constraint failed: contract_plots.plot_code",
    );
    expect(classifyConstraintFailure(error)).toBe("plot_already_contracted");
  });

  it("keeps an ended link to the same plot (history is not a second contract)", async () => {
    await world.tdb.client.execute({
      sql: "INSERT INTO contract_plots (id, collective_code, contract_code, plot_code, status, created_at_ms, ended_at_ms) VALUES ('cpl_history', ?, ?, ?, 'ended', ?, ?)",
      args: [VILLAGE.code, contract1, plot1, NOW_MS, NOW_MS],
    });
    const active = await world.tdb.client.execute({ sql: "SELECT COUNT(*) AS n FROM contract_plots WHERE plot_code = ? AND status = 'active'", args: [plot1] });
    expect(Number(active.rows[0]!.n)).toBe(1);
  });

  it("refuses a link to a plot that does not exist (FOREIGN KEY)", async () => {
    const error = await refused(
      [{ sql: "INSERT INTO contract_plots (id, collective_code, contract_code, plot_code, status, created_at_ms) VALUES ('cpl_ghost', ?, ?, ?, 'active', ?)", args: [VILLAGE.code, contract1, plotCode(VILLAGE.issuerCode, 999), NOW_MS] }],
      "FOREIGN KEY constraint failed",
    );
    expect(classifyConstraintFailure(error)).toBe("constraint_violation");
  });

  it("refuses a plot code outside the collective's issuing party with plot_code_outside_issuer", async () => {
    const error = await refused(
      [
        {
          sql: "INSERT INTO plots (plot_code, collective_code, area_mu_e4, land_use, category, basic_farmland, boundary_east, boundary_south, boundary_west, boundary_north, created_at_ms) VALUES (?, ?, 15000, 'cropping', 'contracted', 0, 'a', 'b', 'c', 'd', ?)",
          args: [plotCode(GROUP.issuerCode, 1), VILLAGE.code, NOW_MS],
        },
      ],
      "plot_code_outside_issuer",
    );
    expect(classifyConstraintFailure(error)).toBe("plot_code_outside_issuer");
  });
});

describe("homesteads: one household, one homestead, within the cap", () => {
  it("refuses a second granted homestead for a household with household_already_has_homestead", async () => {
    const error = await refused([homesteadRow({ origin: "grant" })], "household_already_has_homestead");
    expect(classifyConstraintFailure(error)).toBe("household_already_has_homestead");
  });

  it("refuses a second existing homestead without the multiple-homesteads annotation with homestead_annotation_required", async () => {
    const error = await refused([homesteadRow({ origin: "existing", annotations_json: '[{"code":"note","text":"继承"}]' })], "homestead_annotation_required");
    expect(classifyConstraintFailure(error)).toBe("homestead_annotation_required");
  });

  it("registers a second existing homestead that carries the multiple-homesteads annotation", async () => {
    const row = homesteadRow({ unit_number: unitNumber(VILLAGE.regionCode, 3), origin: "existing", annotations_json: '[{"code":"multiple-homesteads","text":"一户多宅（继承）"}]' });
    await world.tdb.client.execute(row);
    const count = await world.tdb.client.execute({ sql: "SELECT COUNT(*) AS n FROM homesteads WHERE contractor_code = ? AND status = 'active'", args: [household1] });
    expect(Number(count.rows[0]!.n)).toBe(2);
  });

  it("refuses a grant over its stored cap with CHECK homestead_area_exceeds_cap, even with the over-area annotation", async () => {
    const error = await refused(
      [homesteadRow({ contractor_code: household2, origin: "grant", area_m2_e2: 20_001, max_area_m2_e2: 20_000, annotations_json: '[{"code":"over-area","text":"超标"}]' })],
      "CHECK constraint failed: homestead_area_exceeds_cap",
    );
    expect(classifyConstraintFailure(error)).toBe("homestead_area_exceeds_cap");
  });

  it("refuses an existing homestead over the cap without its over-area annotation with CHECK homestead_annotation_required", async () => {
    const error = await refused(
      [homesteadRow({ contractor_code: household2, origin: "existing", area_m2_e2: 25_000, max_area_m2_e2: 20_000 })],
      "CHECK constraint failed: homestead_annotation_required",
    );
    expect(classifyConstraintFailure(error)).toBe("homestead_annotation_required");
  });

  it("refuses a homestead outside the collective's county with unit_number_outside_county", async () => {
    const error = await refused([homesteadRow({ contractor_code: household2, unit_number: unitNumber(GROUP.regionCode, 1) })], "unit_number_outside_county");
    expect(classifyConstraintFailure(error)).toBe("unit_number_outside_county");
  });

  it("refuses to reactivate a cancelled grant while the household holds another with household_already_has_homestead", async () => {
    const cancelled = homesteadRow({ unit_number: unitNumber(VILLAGE.regionCode, 4), origin: "grant", status: "cancelled" });
    await world.tdb.client.execute(cancelled);
    const error = await refused(
      [{ sql: "UPDATE homesteads SET status = 'active' WHERE unit_number = ?", args: [unitNumber(VILLAGE.regionCode, 4)] }],
      "household_already_has_homestead",
    );
    expect(classifyConstraintFailure(error)).toBe("household_already_has_homestead");
  });
});

describe("equity: the ledger is double-entry, append-only, and the holdings are its balances", () => {
  it("refuses an entry that would take a person's holding below zero with holding_must_not_be_negative", async () => {
    // memberA holds 10 shares (100000 units); moving 10.0001 shares away would leave −0.0001.
    const error = await refused([entry(memberA, memberB, 100_001)], "holding_must_not_be_negative");
    expect(classifyConstraintFailure(error)).toBe("holding_must_not_be_negative");
  });

  it("posts a valid transfer entry to both holdings, and the holdings still sum to zero", async () => {
    await world.tdb.client.execute(entry(memberA, memberB, 25_000));
    const rows = await world.tdb.client.execute({ sql: "SELECT account, shares_e4 FROM equity_holdings WHERE collective_code = ?", args: [VILLAGE.code] });
    const holdings = Object.fromEntries(rows.rows.map((r) => [String(r.account), Number(r.shares_e4)]));
    expect(holdings).toEqual({ "@issued": -100_000, [memberA]: 75_000, [memberB]: 25_000 });
  });

  it("refuses a direct UPDATE of a holding with holding_must_match_ledger", async () => {
    const error = await refused(
      [{ sql: "UPDATE equity_holdings SET shares_e4 = shares_e4 + 10000 WHERE collective_code = ? AND account = ?", args: [VILLAGE.code, memberA] }],
      "holding_must_match_ledger",
    );
    expect(classifyConstraintFailure(error)).toBe("holding_must_match_ledger");
  });

  it.each([
    ["inserting a holding no entry produced", { sql: "INSERT INTO equity_holdings (collective_code, account, shares_e4) VALUES (?, 'prs_ghost', 10000)", args: [VILLAGE.code] }],
    ["replacing a holding with another balance", { sql: "INSERT OR REPLACE INTO equity_holdings (collective_code, account, shares_e4) VALUES (?, '@issued', 0)", args: [VILLAGE.code] }],
    ["deleting a holding", { sql: "DELETE FROM equity_holdings WHERE collective_code = ?", args: [VILLAGE.code] }],
    ["moving a holding to another account", { sql: "UPDATE equity_holdings SET account = 'prs_ghost' WHERE collective_code = ? AND account = '@issued'", args: [VILLAGE.code] }],
  ])("refuses %s with holding_must_match_ledger", async (_name, statement) => {
    const error = await refused([statement as InStatement], "holding_must_match_ledger");
    expect(classifyConstraintFailure(error)).toBe("holding_must_match_ledger");
  });

  it.each([
    ["UPDATE", "UPDATE equity_entries SET shares_e4 = 1"],
    ["DELETE", "DELETE FROM equity_entries"],
  ])("refuses %s on equity_entries with equity_ledger_is_append_only", async (_name, sql) => {
    const error = await refused([sql], "equity_ledger_is_append_only");
    expect(classifyConstraintFailure(error)).toBe("equity_ledger_is_append_only");
  });

  it.each([
    ["a zero entry", () => entry(memberA, memberB, 0), "CHECK constraint failed: shares_must_be_positive"],
    ["an entry from an account to itself", () => entry(memberA, memberA, 1), "CHECK constraint failed: accounts_must_be_different"],
    ["a transfer out of the issued account", () => entry("@issued", memberB, 1, "transfer"), "CHECK constraint failed: issued_account_only_issues"],
    ["an issuance that does not come from the issued account", () => entry(memberA, memberB, 1, "issuance"), "CHECK constraint failed: issued_account_only_issues"],
  ])("refuses %s", async (_name, statement, message) => {
    await refused([statement()], message);
  });
});

describe("journal: append-only, each stream contiguous", () => {
  it.each([
    ["UPDATE", "UPDATE journal SET data_json = '{}'"],
    ["DELETE", "DELETE FROM journal WHERE stream_seq = 1"],
  ])("refuses %s on the journal with journal_is_append_only", async (_name, sql) => {
    const error = await refused([sql], "journal_is_append_only");
    expect(classifyConstraintFailure(error)).toBe("journal_is_append_only");
  });

  it("refuses a journal row that skips a stream_seq with stream_head_moved", async () => {
    const head = await streamHead(VILLAGE.code);
    const error = await refused([await journalRow(VILLAGE.code, head + 2)], "stream_head_moved");
    expect(classifyConstraintFailure(error)).toBe("stream_head_moved");
  });

  it("refuses a journal row that repeats the head with stream_head_moved", async () => {
    const head = await streamHead(VILLAGE.code);
    const error = await refused([await journalRow(VILLAGE.code, head)], "stream_head_moved");
    expect(classifyConstraintFailure(error)).toBe("stream_head_moved");
  });

  it("refuses a journal row that does not carry its predecessor's hash with journal_chain_broken", async () => {
    const head = await streamHead(VILLAGE.code);
    await refused([await journalRow(VILLAGE.code, head + 1, "e".repeat(64))], "journal_chain_broken");
    await refused([await journalRow(VILLAGE.code, head + 1, null)], "journal_chain_broken");
    await refused([await journalRow("person:raw", 1, "e".repeat(64))], "journal_chain_broken");
    expect(await streamHead(VILLAGE.code)).toBe(head);
  });

  it("refuses a journal row without its own hash with journal_chain_broken", async () => {
    const head = await streamHead(VILLAGE.code);
    const row = await journalRow(VILLAGE.code, head + 1);
    await refused([{ sql: row.sql.replace("?, ?)", "?, NULL)"), args: row.args.slice(0, 4) }], "journal_chain_broken");
    expect(await streamHead(VILLAGE.code)).toBe(head);
  });

  it("refuses, through drizzle as commit() writes, a batch whose journal row lost the race, and classifies the wrapped error", async () => {
    const head = await streamHead(VILLAGE.code);
    const prev = await world.tdb.client.execute({ sql: "SELECT hash FROM journal WHERE stream = ? AND stream_seq = ?", args: [VILLAGE.code, head] });
    const row = { stream: VILLAGE.code, streamSeq: head + 1, type: "test.raw", actor: "tok_raw", subject: "raw", dataJson: "{}", recordedAtMs: NOW_MS, prevHash: prev.rows[0]!.hash as string, hash: "f".repeat(64) };
    const { db } = world.tdb;
    const error = await db.batch([db.insert(journal).values(row), db.insert(journal).values(row)]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(classifyConstraintFailure(error)).toBe("stream_head_moved");
    expect(await streamHead(VILLAGE.code)).toBe(head);
  });
});

describe("memberships, households, tokens, identities", () => {
  it("refuses ending a membership for a change of hukou with CHECK termination_reason_known", async () => {
    const error = await refused(
      [{ sql: "UPDATE memberships SET status = 'ended', ended_on = '2025-01-01', end_reason = 'moved-hukou' WHERE person_id = ?", args: [memberB] }],
      "CHECK constraint failed: termination_reason_known",
    );
    expect(classifyConstraintFailure(error)).toBe("termination_reason_known");
  });

  it("refuses ending a membership before it began with CHECK termination_before_joining", async () => {
    const error = await refused(
      [{ sql: "UPDATE memberships SET status = 'ended', ended_on = '2019-12-31', end_reason = 'death' WHERE person_id = ?", args: [memberB] }],
      "CHECK constraint failed: termination_before_joining",
    );
    expect(classifyConstraintFailure(error)).toBe("termination_before_joining");
  });

  it("refuses a second active membership of a person (UNIQUE) as already_a_member", async () => {
    const error = await refused(
      [{ sql: "INSERT INTO memberships (id, collective_code, person_id, joined_on, basis, status, created_at_ms) VALUES ('mbr_raw', ?, ?, '2021-01-01', 'birth', 'active', ?)", args: [VILLAGE.code, memberA, NOW_MS] }],
      "UNIQUE constraint failed: memberships.collective_code, memberships.person_id",
    );
    expect(classifyConstraintFailure(error)).toBe("already_a_member");
  });

  it("refuses a contractor code outside the collective's issuing party with contractor_code_outside_issuer", async () => {
    const error = await refused(
      [{ sql: "INSERT INTO households (contractor_code, collective_code, representative_id, status, created_at_ms) VALUES (?, ?, ?, 'active', ?)", args: [contractorCode(GROUP.issuerCode, 7), VILLAGE.code, memberB, NOW_MS] }],
      "contractor_code_outside_issuer",
    );
    expect(classifyConstraintFailure(error)).toBe("contractor_code_outside_issuer");
  });

  it.each([
    ["a bureau token scoped to a collective", "bureau", VILLAGE.code, "3710", null],
    ["a registrar token without a collective", "registrar", null, null, null],
    ["an admin token with a scope", "admin", VILLAGE.code, null, null],
    ["a holder token without a person", "holder", VILLAGE.code, null, null],
    ["a bureau token with a 5-digit prefix", "bureau", null, "37108", null],
  ])("refuses %s with CHECK token_scope_matches_role", async (name, role, collectiveCode, regionPrefix, personId) => {
    const error = await refused(
      [{ sql: "INSERT INTO tokens (id, token_hash, role, collective_code, region_prefix, person_id, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)", args: [`tok_${name.length}`, `hash-${name}`, role, collectiveCode, regionPrefix, personId, NOW_MS] }],
      "CHECK constraint failed: token_scope_matches_role",
    );
    expect(classifyConstraintFailure(error)).toBe("token_scope_invalid");
  });

  it("refuses changing a collective's codes with collective_identity_is_immutable", async () => {
    const error = await refused([{ sql: "UPDATE collectives SET issuer_code = ? WHERE code = ?", args: [VILLAGE.regionCode + "09", VILLAGE.code] }], "collective_identity_is_immutable");
    expect(classifyConstraintFailure(error)).toBe("collective_identity_is_immutable");
  });

  it("refuses changing a person's ID number with id_number_is_immutable", async () => {
    const error = await refused([{ sql: "UPDATE persons SET id_number = '11010519491231002X' WHERE id = ?", args: [memberA] }], "id_number_is_immutable");
    expect(classifyConstraintFailure(error)).toBe("id_number_is_immutable");
  });
});

describe("classifyConstraintFailure", () => {
  it.each([
    ["a syntax error", "SELEC 1"],
    ["a missing table", "SELECT * FROM no_such_table"],
  ])("answers null for %s (not a rule: the command must not retry it)", async (_name, sql) => {
    const error = await world.tdb.client.execute(sql).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(classifyConstraintFailure(error)).toBeNull();
  });

  it("answers null for what is not an Error", () => {
    expect(classifyConstraintFailure("UNIQUE constraint failed: contract_plots.plot_code")).toBeNull();
    expect(classifyConstraintFailure(null)).toBeNull();
  });
});

describe("titles: versions append-only, certificates immutable, access log append-only", () => {
  const currentPlotVersion = async () =>
    String((await world.tdb.client.execute({ sql: "SELECT id FROM title_versions WHERE subject = ? AND recorded_to_ms IS NULL AND valid_to IS NULL", args: [plot1] })).rows[0]!.id);
  const validCertificate = async () => String((await world.tdb.client.execute({ sql: "SELECT certificate_no FROM certificates WHERE subject = ? AND status = 'valid'", args: [contract1] })).rows[0]!.certificate_no);

  it.each([
    ["deleting a version", () => "DELETE FROM title_versions"],
    ["moving a version's valid time", async () => `UPDATE title_versions SET valid_from = '1990-01-01' WHERE id = '${await currentPlotVersion()}'`],
    ["changing a version's holder while closing it", async () => `UPDATE title_versions SET holder = '${household2}', recorded_to_ms = 1 WHERE id = '${await currentPlotVersion()}'`],
  ])("refuses %s with title_history_is_append_only", async (_name, statement) => {
    const error = await refused([await statement()], "title_history_is_append_only");
    expect(classifyConstraintFailure(error)).toBe("title_history_is_append_only");
  });

  it("refuses a second current holder of a plot (partial UNIQUE)", async () => {
    await refused(
      [
        {
          sql: "INSERT INTO title_versions (id, collective_code, kind, subject, holder_kind, holder, act, valid_from, recorded_from_ms, journal_seq) VALUES ('ttl_raw', ?, 'plot', ?, 'household', ?, 'transfer', '2026-01-01', ?, 1)",
          args: [VILLAGE.code, plot1, household2, NOW_MS],
        },
      ],
      "UNIQUE constraint failed: title_versions",
    );
  });

  it("refuses a negative holding in the title history", async () => {
    await refused(
      [
        {
          sql: "INSERT INTO title_versions (id, collective_code, kind, subject, holder_kind, holder, shares_e4, act, valid_from, recorded_from_ms, journal_seq) VALUES ('ttl_neg', ?, 'equity', 'prs_x', 'person', 'prs_x', -1, 'transfer', '2026-01-01', ?, 1)",
          args: [VILLAGE.code, NOW_MS],
        },
      ],
      "CHECK constraint failed: holding_must_not_be_negative",
    );
  });

  it.each([
    ["deleting a certificate", async () => `DELETE FROM certificates WHERE certificate_no = '${await validCertificate()}'`],
    ["rewriting a certificate's signed payload", async () => `UPDATE certificates SET payload_json = '{}' WHERE certificate_no = '${await validCertificate()}'`],
    ["bringing a superseded certificate back", async () => `UPDATE certificates SET status = 'valid', superseded_by = NULL, ended_on = NULL WHERE status <> 'valid'`],
  ])("refuses %s with certificate_is_immutable", async (_name, statement) => {
    const sql = await statement();
    if (sql.includes("status <> 'valid'")) {
      // Make sure there is a superseded certificate to bring back: supersede one through the guard's own rules.
      await world.tdb.client.execute({ sql: "UPDATE certificates SET status = 'cancelled', ended_on = '2026-11-27', ended_at_ms = ? WHERE certificate_no = ?", args: [NOW_MS, await validCertificate()] });
    }
    await refused([sql], "certificate_is_immutable");
  });

  it("refuses a second valid certificate of one right (partial UNIQUE)", async () => {
    const cert = (await world.tdb.client.execute({ sql: "SELECT * FROM certificates WHERE kind = 'homestead' AND status = 'valid'" })).rows[0]!;
    await refused(
      [
        {
          sql: "INSERT INTO certificates (certificate_no, collective_code, kind, subject, holder_kind, holder, status, issued_on, issued_at_ms, journal_seq, payload_json, signature, key_id) VALUES (?, ?, 'homestead', ?, 'household', ?, 'valid', '2026-11-27', ?, 1, '{}', 'x', 'k')",
          args: [`${homestead1}-0099`, VILLAGE.code, String(cert.subject), household1, NOW_MS],
        },
      ],
      "UNIQUE constraint failed: certificates",
    );
  });

  it.each([
    ["UPDATE", "UPDATE access_log SET purpose = 'x'"],
    ["DELETE", "DELETE FROM access_log"],
  ])("refuses %s on the access log with access_log_is_append_only", async (_name, sql) => {
    await world.tdb.client.execute({
      sql: "INSERT INTO access_log (at_ms, token_id, role, purpose, query_kind, query_value, results) VALUES (?, 'tok_x', 'bureau', '审核', 'plotCode', ?, 1)",
      args: [NOW_MS, plot1],
    });
    await refused([sql], "access_log_is_append_only");
  });

  it("refuses a search logged without a purpose", async () => {
    await refused(
      [{ sql: "INSERT INTO access_log (at_ms, token_id, role, purpose, query_kind, query_value, results) VALUES (?, 'tok_x', 'bureau', ' ', 'plotCode', ?, 1)", args: [NOW_MS, plot1] }],
      "CHECK constraint failed: access_purpose_required",
    );
  });
});

describe("succession: only from the deceased", () => {
  it("refuses a succession entry from a living member with deceased_membership_not_ended", async () => {
    const error = await refused([entry(memberA, memberB, 10_000, "succession")], "deceased_membership_not_ended");
    expect(classifyConstraintFailure(error)).toBe("deceased_membership_not_ended");
  });

  it("refuses a succession entry from a member who left for another reason than death", async () => {
    const left = (await member(world, VILLAGE.code, 40)).id;
    await world.tdb.client.execute({ sql: "UPDATE memberships SET status = 'ended', ended_on = '2026-01-01', end_reason = 'voluntary-exit' WHERE person_id = ?", args: [left] });
    await refused([entry(left, memberB, 1, "succession")], "deceased_membership_not_ended");
  });
});
