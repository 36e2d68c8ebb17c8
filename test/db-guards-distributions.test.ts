import type { InStatement } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyConstraintFailure } from "../src/storage/commit.js";
import { member, registerCollective, resolutionBody, VILLAGE } from "./support/fixtures.js";
import { refusedByDatabase, snapshot } from "./support/guards.js";
import { createWorld, NOW_MS, TODAY, type World } from "./support/world.js";

/**
 * Writing around the distribution commands: a distribution is recorded and one line paid through the API, then raw
 * SQL tries what the commands never would. The database itself must refuse, naming the rule, and leave nothing
 * behind: lines that do not add up, a line after the distribution, a second payment, a changed amount, a deletion.
 */
let world: World;
const person: string[] = [];
let distributionId = "";
/** Line numbers: the paid line (person A's), the unpaid person line (B's) and the collective's line. */
const line = { paid: 0, unpaid: 0, collective: 0 };

async function post(path: string, body: unknown, status = 201) {
  const res = await world.request("POST", path, { body });
  expect(res.status, `${path} ${res.text}`).toBe(status);
  return res.body;
}

const refused = (statements: InStatement[], message: string) => refusedByDatabase(world, statements, message);

async function rows(sql: string, args: (string | number)[] = []) {
  return (await world.tdb.client.execute({ sql, args })).rows;
}

/** A line row as the command writes it; `over` replaces columns. */
function lineRow(over: Record<string, string | number | null>): InStatement {
  const row: Record<string, string | number | null> = {
    distribution_id: "dst_raw",
    line_no: 1,
    collective_code: VILLAGE.code,
    holder_kind: "person",
    person_id: person[0]!,
    shares_e4: 10_000,
    amount_fen: 60,
    ...over,
  };
  const columns = Object.keys(row);
  return { sql: `INSERT INTO distribution_lines (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, args: Object.values(row) };
}

/** A distribution row as the command writes it (net 100 fen, no reserve, 2 shares); `over` replaces columns. */
function distributionRow(over: Record<string, string | number | null>): InStatement {
  const row: Record<string, string | number | null> = {
    id: "dst_raw",
    collective_code: VILLAGE.code,
    record_date: TODAY,
    net_income_fen: 100,
    reserve_basis_points: 0,
    reserve_fen: 0,
    distributable_fen: 100,
    total_shares_e4: 20_000,
    description: "raw",
    resolution_ref: "raw 决议",
    created_at_ms: NOW_MS,
    journal_seq: 0,
    ...over,
  };
  const columns = Object.keys(row);
  return { sql: `INSERT INTO distributions (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, args: Object.values(row) };
}

/** Two lines of 60 + 40 fen over 1 + 1 shares for `dst_raw`, then its row: what a correct batch looks like. */
const rawDistribution = (lineOver: Record<string, string | number | null> = {}, rowOver: Record<string, string | number | null> = {}) => [
  lineRow({ line_no: 1, person_id: person[0]!, amount_fen: 60 }),
  lineRow({ line_no: 2, person_id: person[1]!, amount_fen: 40, ...lineOver }),
  distributionRow(rowOver),
];

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE);
  for (let i = 1; i <= 2; i++) person.push((await member(world, VILLAGE.code, i)).id);
  await post(`/v1/collectives/${VILLAGE.code}/resolutions`, resolutionBody("折股量化决议", ["equity-issuance"]));
  await post(`/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    resolutionRef: "折股量化决议",
    allocations: person.map((personId) => ({ personId, shareClass: "population", shares: "1" })),
    collectiveShares: "1",
  });
  await post(`/v1/collectives/${VILLAGE.code}/resolutions`, resolutionBody("成员代表大会决议〔2026〕5号", ["distribution"], { body: "representatives-assembly" }));
  const recorded = await post(`/v1/collectives/${VILLAGE.code}/distributions`, {
    recordDate: TODAY,
    netIncome: "100.00",
    reservePercent: "10",
    description: "2026年度分配",
    resolutionRef: "成员代表大会决议〔2026〕5号",
  });
  distributionId = recorded.id;
  const lineNo = (personId: string | null) => recorded.lines.find((l: { personId: string | null }) => l.personId === personId).lineNo as number;
  Object.assign(line, { paid: lineNo(person[0]!), unpaid: lineNo(person[1]!), collective: lineNo(null) });
  await post(`/v1/collectives/${VILLAGE.code}/distributions/${distributionId}/payments`, { personId: person[0]!, amount: "30.00", paidOn: TODAY, reference: "代发 0001" });
});
afterAll(() => world.close());

describe("the distribution the API wrote", () => {
  it("holds three lines of 30.00 adding up to the distributable 90.00, the first paid", async () => {
    const lines = await rows("SELECT line_no, holder_kind, person_id, amount_fen, paid_on FROM distribution_lines WHERE distribution_id = ? ORDER BY line_no", [distributionId]);
    expect(lines.map((r) => [r.line_no, r.holder_kind, r.person_id, r.amount_fen, r.paid_on])).toEqual(
      [
        [line.paid, "person", person[0]!, 3000, TODAY],
        [line.unpaid, "person", person[1]!, 3000, null],
        [3, "collective", null, 3000, null], // equal holdings: persons first, the collective last
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    expect((await rows("SELECT distributable_fen, reserve_fen FROM distributions WHERE id = ?", [distributionId]))[0]).toMatchObject({ distributable_fen: 9000, reserve_fen: 1000 });
  });

  it("accepts a raw distribution written as the command writes it: lines first, the row last", async () => {
    const before = await snapshot(world);
    const ok = [lineRow({ distribution_id: "dst_ok", line_no: 1, amount_fen: 50 }), lineRow({ distribution_id: "dst_ok", line_no: 2, person_id: person[1]!, amount_fen: 50 }), distributionRow({ id: "dst_ok", resolution_ref: "ok 决议" })];
    await world.tdb.client.batch(ok, "write");
    expect(await snapshot(world)).not.toEqual(before);
    expect((await rows("SELECT COUNT(*) AS n FROM distribution_lines WHERE distribution_id = 'dst_ok'"))[0]!.n).toBe(2);
  });
});

describe("a distribution's lines add up, and nothing is added after it", () => {
  it.each([
    ["lines short of the distributable amount", { amount_fen: 39 }, {}],
    ["lines over the distributable amount", { amount_fen: 41 }, {}],
    ["shares that do not add up to the total", { shares_e4: 20_000 }, {}],
    ["a distributable amount the lines do not make", {}, { distributable_fen: 90, reserve_fen: 10 }],
  ])("refuses %s with distribution_lines_must_add_up", async (_name, lineOver, rowOver) => {
    const error = await refused(rawDistribution(lineOver, rowOver), "distribution_lines_must_add_up");
    expect(classifyConstraintFailure(error)).toBe("distribution_lines_must_add_up");
  });

  it("refuses the row before its lines (it would have none) with distribution_lines_must_add_up", async () => {
    const [first, second, row] = rawDistribution();
    await refused([row!, first!, second!], "distribution_lines_must_add_up");
  });

  it("refuses a line added to a recorded distribution with distribution_is_final", async () => {
    const error = await refused([lineRow({ distribution_id: distributionId, line_no: 4, person_id: "prs_late", amount_fen: 0 })], "distribution_is_final");
    expect(classifyConstraintFailure(error)).toBe("distribution_is_final");
  });

  it("refuses a second line for the same holder (UNIQUE), the collective's included", async () => {
    await refused([lineRow({ line_no: 1 }), lineRow({ line_no: 2 }), distributionRow({})], "UNIQUE constraint failed: distribution_lines.distribution_id, distribution_lines.person_id");
    await refused(
      [
        lineRow({ line_no: 1, holder_kind: "collective", person_id: null, amount_fen: 50 }),
        lineRow({ line_no: 2, holder_kind: "collective", person_id: null, amount_fen: 50 }),
        distributionRow({}),
      ],
      "UNIQUE constraint failed: distribution_lines.distribution_id",
    );
  });

  it("refuses the same record date and resolution twice (UNIQUE), classified distribution_already_recorded", async () => {
    const error = await refused(
      [
        lineRow({ distribution_id: "dst_again", line_no: 1, amount_fen: 100, shares_e4: 20_000 }),
        distributionRow({ id: "dst_again", resolution_ref: "成员代表大会决议〔2026〕5号" }),
      ],
      "UNIQUE constraint failed: distributions.collective_code, distributions.record_date, distributions.resolution_ref",
    );
    expect(classifyConstraintFailure(error)).toBe("distribution_already_recorded");
  });

  it.each([
    ["a net income of 0", "net_income_must_be_positive", { net_income_fen: 0, distributable_fen: 0, total_shares_e4: 0 }],
    ["a reserve over 100%", "reserve_percent_invalid", { reserve_basis_points: 10_001 }],
    ["reserve + distributable ≠ net income", "distribution_amounts_inconsistent", { reserve_fen: 5 }],
  ] as const)("refuses %s with CHECK %s", async (_name, code, rowOver) => {
    const statements = "total_shares_e4" in rowOver ? [distributionRow({ ...rowOver, id: "dst_zero" })] : rawDistribution({}, rowOver);
    const error = await refused(statements, `CHECK constraint failed: ${code}`);
    expect(classifyConstraintFailure(error)).toBe(code);
  });

  it.each([
    ["a negative amount", "amount_must_not_be_negative", { amount_fen: -1 }],
    ["a line of 0 shares", "shares_must_be_positive", { shares_e4: 0 }],
    ["a person line without a person", "distribution_holder_known", { person_id: null }],
    ["a collective line naming a person", "distribution_holder_known", { holder_kind: "collective" }],
  ])("refuses %s with CHECK %s", async (_name, code, lineOver) => {
    await refused([lineRow({ line_no: 9, distribution_id: "dst_bad", ...lineOver })], `CHECK constraint failed: ${code}`);
  });
});

describe("each line is paid once, whole, and nothing else changes", () => {
  it("refuses a second payment of a paid line with line_already_paid", async () => {
    const error = await refused(
      [{ sql: "UPDATE distribution_lines SET paid_on = ?, payment_ref = 'again', paid_at_ms = ? WHERE distribution_id = ? AND line_no = ?", args: [TODAY, NOW_MS, distributionId, line.paid] }],
      "line_already_paid",
    );
    expect(classifyConstraintFailure(error)).toBe("line_already_paid");
  });

  it("refuses undoing a payment with line_already_paid", async () => {
    await refused([{ sql: "UPDATE distribution_lines SET paid_on = NULL, payment_ref = NULL, paid_at_ms = NULL WHERE distribution_id = ? AND line_no = ?", args: [distributionId, line.paid] }], "line_already_paid");
  });

  it("refuses a payment without its reference or time with CHECK payment_recorded_whole", async () => {
    const error = await refused([{ sql: "UPDATE distribution_lines SET paid_on = ? WHERE distribution_id = ? AND line_no = ?", args: [TODAY, distributionId, line.unpaid] }], "CHECK constraint failed: payment_recorded_whole");
    expect(classifyConstraintFailure(error)).toBe("payment_recorded_whole");
  });

  it.each([
    ["the amount", "amount_fen = 3001"],
    ["the shares", "shares_e4 = 20000"],
    ["the holder", "person_id = 'prs_other'"],
    ["the line number", "line_no = 7"],
  ])("refuses changing %s of an unpaid line with distribution_is_final", async (_name, set) => {
    const error = await refused([{ sql: `UPDATE distribution_lines SET ${set} WHERE distribution_id = ? AND line_no = ?`, args: [distributionId, line.unpaid] }], "distribution_is_final");
    expect(classifyConstraintFailure(error)).toBe("distribution_is_final");
  });

  it("refuses moving a fen between two lines, which keeps the sum, with distribution_is_final", async () => {
    await refused(
      [
        { sql: "UPDATE distribution_lines SET amount_fen = amount_fen + 1 WHERE distribution_id = ? AND line_no = ?", args: [distributionId, line.unpaid] },
        { sql: "UPDATE distribution_lines SET amount_fen = amount_fen - 1 WHERE distribution_id = ? AND line_no = ?", args: [distributionId, line.collective] },
      ],
      "distribution_is_final",
    );
  });

  it.each([
    ["the net income", "net_income_fen = 200, distributable_fen = 190"],
    ["the record date", "record_date = '2026-01-01'"],
    ["the resolution", "resolution_ref = '改写'"],
  ])("refuses changing %s of a distribution with distribution_is_final", async (_name, set) => {
    await refused([{ sql: `UPDATE distributions SET ${set} WHERE id = ?`, args: [distributionId] }], "distribution_is_final");
  });

  it.each([
    ["an unpaid line", "DELETE FROM distribution_lines WHERE distribution_id = ? AND paid_on IS NULL"],
    ["a paid line", "DELETE FROM distribution_lines WHERE distribution_id = ? AND paid_on IS NOT NULL"],
    ["a distribution", "DELETE FROM distributions WHERE id = ?"],
  ])("refuses deleting %s with distribution_is_final", async (_name, sql) => {
    const error = await refused([{ sql, args: [distributionId] }], "distribution_is_final");
    expect(classifyConstraintFailure(error)).toBe("distribution_is_final");
  });

  it("still takes the one payment of an unpaid line, whole", async () => {
    await world.tdb.client.batch([{ sql: "UPDATE distribution_lines SET paid_on = ?, payment_ref = 'raw', paid_at_ms = ? WHERE distribution_id = ? AND line_no = ?", args: [TODAY, NOW_MS, distributionId, line.collective] }], "write");
    expect((await rows("SELECT paid_on FROM distribution_lines WHERE distribution_id = ? AND line_no = ?", [distributionId, line.collective]))[0]!.paid_on).toBe(TODAY);
  });
});
