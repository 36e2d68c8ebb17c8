import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, expectProblem, GROUP, member, recordResolution, registerCollective, registerPerson, VILLAGE, type ResolutionMatter } from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, NOW_MS, TODAY, type World } from "../support/world.js";

/**
 * Resolutions of the members' general meeting and the representatives' assembly (RCEO Law Arts. 26–28): recorded
 * with their counts, passed or not by the statute's numbers, and required — recorded, passed, of a competent body,
 * on the matter, held in time — by every act that needs one: admissions (but original members), share issuances,
 * rules changes and income distributions.
 */
let world: World;
let registrar: string;
const holders: string[] = [];
let nextPerson = 600;

const path = (code = VILLAGE.code) => `/v1/collectives/${code}/resolutions`;

const meeting = (over: Record<string, unknown> = {}) => ({
  ref: "午极村成员大会决议〔2026〕4号",
  body: "general-meeting",
  heldOn: "2026-11-20",
  eligible: 30,
  present: 20,
  votesFor: 20,
  votesAgainst: 0,
  matters: ["member-confirmation"],
  ...over,
});

const post = (body: unknown, token?: string, code = VILLAGE.code) => world.request("POST", path(code), { body, token });

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { noticeDays: 0 });
  await registerCollective(world, GROUP);
  registrar = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code });
  for (let i = 0; i < 3; i++) holders.push((await member(world, VILLAGE.code, 500 + i, `持股人${i}`)).id);
  const quantified = await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "午极村成员大会决议〔2020〕2号（折股量化）" });
  const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
    body: { resolutionRef: quantified, allocations: holders.map((personId) => ({ personId, shareClass: "population", shares: "10" })) },
  });
  expect(issued.status, issued.text).toBe(201);
});
afterAll(() => world.close());

describe("POST /v1/collectives/{code}/resolutions", () => {
  describe("accepts", () => {
    it("records a general meeting that passed with exactly 2/3 present and 2/3 of all members for, and journals it", async () => {
      const res = await post(meeting({ ref: "决议〔2026〕恰好", matters: ["distribution", "member-confirmation", "distribution"] }), registrar);
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({
        collectiveCode: VILLAGE.code,
        ref: "决议〔2026〕恰好",
        body: "general-meeting",
        heldOn: "2026-11-20",
        eligible: 30,
        present: 20,
        votesFor: 20,
        votesAgainst: 0,
        matters: ["member-confirmation", "distribution"],
        passed: true,
        quorum: { required: 20, present: 20, met: true },
        majority: { required: 20, votesFor: 20, met: true },
        shortfalls: [],
      });
      expect(res.body.id).toMatch(/^rsl_371083_/);
      const journal = await world.request("GET", `/v1/journal?collectiveCode=${VILLAGE.code}&limit=1000`);
      const events = journal.body.events.filter((e: { type: string; subject: string }) => e.type === "resolution.recorded" && e.subject === res.body.id);
      expect(events).toHaveLength(1);
      expect(events[0].data).toMatchObject({ ref: "决议〔2026〕恰好", passed: true, shortfalls: [], matters: ["member-confirmation", "distribution"] });
    });

    it.each([
      ["one short of a quorum (19 of 30 present)", { present: 19, votesFor: 19 }, ["quorum", "majority"]],
      ["a quorum but 2/3 of those present, not of all members (19 of 30)", { present: 28, votesFor: 19, votesAgainst: 9 }, ["majority"]],
      ["a quorum of 31 needing 21, with 20 present", { eligible: 31, present: 20, votesFor: 20 }, ["quorum", "majority"]],
    ])("records a meeting that did not pass — %s — with passed false and why", async (name, counts, shortfalls) => {
      const res = await post(meeting({ ref: `未通过 ${name}`, ...counts }));
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ passed: false, shortfalls });
    });

    it("answers the same ref with the same facts 200 with the same record, and writes nothing", async () => {
      const first = await post(meeting({ ref: "决议〔2026〕重复" }));
      expect(first.status, first.text).toBe(201);
      const again = await post(meeting({ ref: "决议〔2026〕重复" }), registrar);
      expect(again.status, again.text).toBe(200);
      expect(again.body).toEqual(first.body);
      const listed = await world.request("GET", `${path()}?ref=${encodeURIComponent("决议〔2026〕重复")}`);
      expect(listed.body.resolutions.map((r: { id: string }) => r.id)).toEqual([first.body.id]);
    });

    it("records a representatives' assembly of more than 20 on distributions and term extensions", async () => {
      const res = await post(meeting({ ref: "成员代表大会决议〔2026〕5号", body: "representatives-assembly", eligible: 21, present: 14, votesFor: 14, matters: ["term-extension", "distribution"] }));
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ body: "representatives-assembly", passed: true, matters: ["term-extension", "distribution"] });
    });

    it("replays an Idempotency-Key with the first answer", async () => {
      const headers = { "Idempotency-Key": "resolution-once" };
      const first = await world.request("POST", path(), { body: meeting({ ref: "决议 幂等" }), headers });
      const again = await world.request("POST", path(), { body: meeting({ ref: "决议 幂等" }), headers });
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.headers.get("idempotency-replayed")).toBe("true");
      expect(again.body).toEqual(first.body);
    });
  });

  describe("rejects", () => {
    it("refuses the same ref with other facts with 409 resolution_already_recorded, naming what differs", async () => {
      expect((await post(meeting({ ref: "决议〔2026〕改票" }))).status).toBe(201);
      const res = await post(meeting({ ref: "决议〔2026〕改票", votesFor: 18, matters: ["member-confirmation", "other"] }));
      expectProblem(res, 409, "resolution_already_recorded");
      expect(res.body.detail).toContain("votesFor, matters");
    });

    it("refuses a meeting held after today (CST) with 422 date_in_future", async () => {
      expectProblem(await post(meeting({ ref: "明日决议", heldOn: "2026-11-28" })), 422, "date_in_future");
    });

    it.each([
      ["more present than eligible", { present: 31 }],
      ["more votes than present", { present: 20, votesFor: 15, votesAgainst: 6 }],
      ["nobody eligible", { eligible: 0, present: 0, votesFor: 0 }],
    ])("refuses counts that do not hang together (%s) with 422 resolution_counts_invalid", async (_, counts) => {
      expectProblem(await post(meeting({ ref: "不合计决议", ...counts })), 422, "resolution_counts_invalid");
    });

    it("refuses an assembly of 20 representatives with 422 representatives_assembly_too_small", async () => {
      expectProblem(await post(meeting({ ref: "小代表大会", body: "representatives-assembly", eligible: 20, matters: ["distribution"] })), 422, "representatives_assembly_too_small");
    });

    it.each([
      ["member-confirmation", "representatives_cannot_confirm_members"],
      ["equity-issuance", "representatives_cannot_quantify_shares"],
      ["rules-change", "representatives_cannot_change_charter"],
    ])("refuses the representatives' assembly deciding %s with 422 %s (Art. 28)", async (matter, code) => {
      expectProblem(await post(meeting({ ref: `代表大会 ${matter}`, body: "representatives-assembly", eligible: 25, matters: ["distribution", matter] })), 422, code);
      const listed = await world.request("GET", `${path()}?ref=${encodeURIComponent(`代表大会 ${matter}`)}`);
      expect(listed.body.resolutions).toEqual([]);
    });

    it.each([
      ["an unknown matter", { matters: ["hukou"] }, "#/matters/0"],
      ["no matter", { matters: [] }, "#/matters"],
      ["an unknown body", { body: "board" }, "#/body"],
      ["a fractional count", { present: 20.5 }, "#/present"],
      ["a negative count", { votesAgainst: -1 }, "#/votesAgainst"],
      ["an empty ref", { ref: " " }, "#/ref"],
    ])("refuses %s with 400 validation_failed", async (_, over, pointer) => {
      const res = await post(meeting(over));
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer }));
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => path(),
    body: () => meeting({ ref: "安全测试" }),
    refused: async () => [
      { name: "bureau covering the collective", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" },
      { name: "holder of a member", token: await createToken(world, { role: "holder", personId: holders[0]! }), status: 403, code: "forbidden" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "collective_not_found" },
    ],
  });
});

describe("GET /v1/collectives/{code}/resolutions and /{id}", () => {
  let older: { id: string };
  let newer: { id: string };
  beforeAll(async () => {
    older = (await post(meeting({ ref: "组决议 甲", heldOn: "2024-03-01", matters: ["other"] }), undefined, GROUP.code)).body;
    newer = (await post(meeting({ ref: "组决议 乙", heldOn: "2025-03-01", present: 10, votesFor: 10, matters: ["other"] }), undefined, GROUP.code)).body;
  });

  it("lists the collective's resolutions, the latest meeting first, passed or not", async () => {
    const res = await world.request("GET", path(GROUP.code));
    expect(res.status, res.text).toBe(200);
    const ours = res.body.resolutions.filter((r: { id: string }) => [older.id, newer.id].includes(r.id));
    expect(ours.map((r: { id: string; passed: boolean }) => [r.id, r.passed])).toEqual([
      [newer.id, false],
      [older.id, true],
    ]);
  });

  it("answers one resolution to a bureau covering the collective", async () => {
    const bureau = await createToken(world, { role: "bureau", regionPrefix: "3701" });
    const res = await world.request("GET", `${path(GROUP.code)}/${older.id}`, { token: bureau });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: older.id, ref: "组决议 甲", passed: true });
  });

  it("answers another collective's resolution id with 404 resolution_not_found", async () => {
    expectProblem(await world.request("GET", `${path()}/${older.id}`), 404, "resolution_not_found");
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => path(GROUP.code),
    refused: async () => [
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }), status: 404, code: "collective_not_found" },
      { name: "bureau of another region", token: await createToken(world, { role: "bureau", regionPrefix: "3710" }), status: 404, code: "collective_not_found" },
      { name: "holder", token: await createToken(world, { role: "holder", personId: holders[0]! }), status: 404, code: "collective_not_found" },
    ],
  });
  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `${path(GROUP.code)}/${older.id}`,
    refused: async () => [{ name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }), status: 404, code: "collective_not_found" }],
  });
});

/**
 * Every act that needs a resolution, refused for each reason in turn. The act on the matter's own general meeting
 * resolution is accepted; the refusals change nothing (the next test's act would otherwise see it).
 */
describe("acts that need a passing resolution", () => {
  let outsider = "";
  type Act = { name: string; matter: ResolutionMatter; run: (ref: string) => ReturnType<World["request"]> };
  const acts: Act[] = [
    {
      name: "admission by marriage",
      matter: "member-confirmation",
      run: (ref) => world.request("POST", `/v1/collectives/${VILLAGE.code}/members`, { body: { personId: outsider, joinedOn: "2021-05-01", basis: "marriage", resolutionRef: ref } }),
    },
    {
      name: "share issuance",
      matter: "equity-issuance",
      run: (ref) => world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, { body: { resolutionRef: ref, allocations: [{ personId: holders[0]!, shareClass: "population", shares: "1" }] } }),
    },
    {
      name: "rules change",
      matter: "rules-change",
      run: (ref) => world.request("PUT", `/v1/collectives/${VILLAGE.code}/rules`, { body: { rules: { noticeDays: 9 }, resolutionRef: ref, effectiveOn: "2026-09-01" } }),
    },
    {
      name: "distribution",
      matter: "distribution",
      run: (ref) =>
        world.request("POST", `/v1/collectives/${VILLAGE.code}/distributions`, {
          body: { recordDate: TODAY, netIncome: "300.00", reservePercent: "0", description: "2026年度分配", resolutionRef: ref },
        }),
    },
  ];
  const refs = { failed: "", other: "", assembly: "", late: "", general: "" };

  beforeAll(async () => {
    outsider = (await registerPerson(world, nextPerson++, "外嫁入者", { female: true })).id;
    const all: ResolutionMatter[] = ["member-confirmation", "equity-issuance", "rules-change", "distribution"];
    refs.failed = await recordResolution(world, VILLAGE.code, all, { ref: "未过半决议", present: 25, votesFor: 19, votesAgainst: 6 });
    refs.other = await recordResolution(world, VILLAGE.code, ["other"], { ref: "其他事项决议" });
    refs.assembly = await recordResolution(world, VILLAGE.code, ["distribution", "term-extension"], { ref: "代表大会决议〔2026〕1号", body: "representatives-assembly", eligible: 24, present: 20, votesFor: 18 });
    refs.late = await recordResolution(world, VILLAGE.code, all, { ref: "十月决议", heldOn: "2026-10-10" });
    refs.general = await recordResolution(world, VILLAGE.code, all, { ref: "成员大会决议〔2026〕全", heldOn: "2026-06-01" });
  });

  describe.each(acts)("$name", (act) => {
    it("refuses a ref that is not recorded with 422 resolution_not_recorded", async () => {
      const res = await act.run("从未召开的会议决议");
      expectProblem(res, 422, "resolution_not_recorded");
      expect(res.body.detail).toContain("resolutions");
    });

    it("refuses a resolution that did not pass with 409 resolution_not_passed, saying why", async () => {
      const res = await act.run(refs.failed);
      expectProblem(res, 409, "resolution_not_passed");
      expect(res.body.detail).toContain("19 voted for, a decision needs 20");
    });

    it("refuses a resolution on another matter with 422 resolution_matter_mismatch", async () => {
      expectProblem(await act.run(refs.other), 422, "resolution_matter_mismatch");
    });

    if (act.matter === "distribution") {
      it("accepts the representatives' assembly's resolution: it may decide distributions", async () => {
        const res = await act.run(refs.assembly);
        expect(res.status, res.text).toBe(201);
      });
    } else {
      it("refuses the representatives' assembly's resolution with 422 resolution_body_not_competent (Art. 28)", async () => {
        expectProblem(await act.run(refs.assembly), 422, "resolution_body_not_competent");
      });
    }

    if (act.matter === "rules-change") {
      it("refuses rules effective before the meeting that adopted them with 422 resolution_held_after_act", async () => {
        const res = await act.run(refs.late);
        expectProblem(res, 422, "resolution_held_after_act");
        expect(res.body.detail).toContain("effectiveOn 2026-09-01");
      });
    }

    it("accepts a passing general meeting's resolution on the matter", async () => {
      const res = await act.run(refs.general);
      expect([200, 201], res.text).toContain(res.status);
    });
  });

  it("refuses an admission by birth without resolutionRef with 422 resolution_ref_required, naming the field", async () => {
    const child = await registerPerson(world, nextPerson++, "新生儿");
    const res = await world.request("POST", `/v1/collectives/${VILLAGE.code}/members`, { body: { personId: child.id, joinedOn: "2021-05-01", basis: "birth" } });
    expectProblem(res, 422, "resolution_ref_required");
    expect(res.body.detail).toContain("resolutionRef");
  });

  it("admits an original member (confirmed in an earlier reform, Art. 66) without a resolution", async () => {
    const old = await registerPerson(world, nextPerson++, "原始成员");
    const res = await world.request("POST", `/v1/collectives/${VILLAGE.code}/members`, { body: { personId: old.id, joinedOn: "2015-01-01", basis: "original" } });
    expect(res.status, res.text).toBe(201);
    expect(res.body.resolutionRef).toBeNull();
  });

  it("refuses another collective's resolution with 422 resolution_not_recorded", async () => {
    const groupRef = await recordResolution(world, GROUP.code, ["rules-change"], { ref: "组成员大会决议 章程" });
    expectProblem(await world.request("PUT", `/v1/collectives/${VILLAGE.code}/rules`, { body: { rules: { noticeDays: 8 }, resolutionRef: groupRef, effectiveOn: TODAY } }), 422, "resolution_not_recorded");
  });
});

describe("database guards", () => {
  const insert = (id: string, counts: { present: number; votesFor: number }, passed: 0 | 1, body = "general-meeting", matters = '["other"]') =>
    world.tdb.client.execute({
      sql: "INSERT INTO resolutions (id, collective_code, ref, body, held_on, eligible, present, votes_for, votes_against, matters_json, passed, recorded_at_ms, journal_seq) VALUES (?, ?, ?, ?, '2026-01-01', 30, ?, ?, 0, ?, ?, ?, 0)",
      args: [id, "N2000RAWGUARD00000", id, body, counts.present, counts.votesFor, matters, passed, NOW_MS],
    });
  const refusal = (p: Promise<unknown>) => p.then(() => "accepted", (e: Error) => e.message);

  it.each([
    ["passed without a quorum", { present: 19, votesFor: 19 }, 1 as const],
    ["passed without 2/3 of all members for", { present: 30, votesFor: 19 }, 1 as const],
    ["failed with quorum and majority", { present: 20, votesFor: 20 }, 0 as const],
  ])("refuses a row marked %s (resolution_outcome_mismatch)", async (name, counts, passed) => {
    expect(await refusal(insert(`raw ${name}`, counts, passed))).toContain("resolution_outcome_mismatch");
  });

  it("refuses a representatives' assembly's row confirming members (resolution_body_not_competent)", async () => {
    expect(await refusal(insert("raw assembly", { present: 20, votesFor: 20 }, 1, "representatives-assembly", '["member-confirmation"]'))).toContain("resolution_body_not_competent");
  });

  it("refuses changing or deleting a recorded resolution (resolution_is_immutable)", async () => {
    const id = "raw 正确";
    await insert(id, { present: 20, votesFor: 20 }, 1);
    expect(await refusal(world.tdb.client.execute({ sql: "UPDATE resolutions SET votes_for = 30 WHERE id = ?", args: [id] }))).toContain("resolution_is_immutable");
    expect(await refusal(world.tdb.client.execute({ sql: "DELETE FROM resolutions WHERE id = ?", args: [id] }))).toContain("resolution_is_immutable");
    const [row] = (await world.tdb.client.execute({ sql: "SELECT votes_for FROM resolutions WHERE id = ?", args: [id] })).rows;
    expect(Number(row!.votes_for)).toBe(20);
  });
});
