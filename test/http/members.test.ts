import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admitMember, createToken, expectProblem, GROUP, idNumber, recordResolution, registerCollective, registerPerson, VILLAGE } from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type World } from "../support/world.js";

let world: World;
beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE);
  await registerCollective(world, GROUP);
  await recordResolution(world, VILLAGE.code, ["member-confirmation"], { ref: CONFIRMED });
  await recordResolution(world, GROUP.code, ["member-confirmation"], { ref: GROUP_CONFIRMED });
});
afterAll(() => world.close());

/** The general meetings' resolutions confirming members (basis other than original). */
const CONFIRMED = "午极村成员大会决议〔2021〕2号";
const GROUP_CONFIRMED = "组成员大会决议〔2022〕1号";

// Every test takes its own persons, so no test depends on another's state.
let nextIndex = 0;
const person = (name?: string) => registerPerson(world, ++nextIndex, name);
const membersPath = (code = VILLAGE.code) => `/v1/collectives/${code}/members`;
const terminationPath = (personId: string, code = VILLAGE.code) => `/v1/collectives/${code}/members/${personId}/termination`;

async function roster(status?: "active" | "ended" | "all", token?: string) {
  const res = await world.request("GET", `${membersPath()}${status ? `?status=${status}` : ""}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body.members as { person: { id: string; idNumber?: string; idNumberMasked: string }; status: string; joinedOn: string; endedOn: string | null; endReason: string | null; currentHukou: unknown }[];
}
const rowsOf = async (personId: string, status?: "active" | "ended" | "all") => (await roster(status)).filter((m) => m.person.id === personId);

async function terminate(personId: string, body: Record<string, unknown> = { reason: "death", effectiveOn: "2024-03-01" }) {
  return world.request("POST", terminationPath(personId), { body });
}

async function recordHukou(personId: string, kind: "rural" | "urban", regionCode: string, effectiveOn: string) {
  const res = await world.request("POST", `/v1/persons/${personId}/household-registrations`, { body: { kind, regionCode, effectiveOn } });
  expect(res.status, res.text).toBe(201);
}

describe("POST /v1/collectives/{code}/members", () => {
  describe("accepts", () => {
    it("admits a person with 201, and the roster shows the member with no hukou fact", async () => {
      const p = await person("孙秀英");
      const res = await world.request("POST", membersPath(), {
        body: { personId: p.id, joinedOn: "2021-03-15", basis: "marriage", resolutionRef: "午极村成员大会决议〔2021〕2号" },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({
        collectiveCode: VILLAGE.code,
        person: { id: p.id, name: "孙秀英" },
        joinedOn: "2021-03-15",
        basis: "marriage",
        resolutionRef: "午极村成员大会决议〔2021〕2号",
        status: "active",
        endedOn: null,
        endReason: null,
        currentHukou: null,
      });
      expect(await rowsOf(p.id)).toEqual([expect.objectContaining({ status: "active", joinedOn: "2021-03-15", currentHukou: null })]);
    });

    it("shows the latest hukou fact on the roster (by its date, not by when it was recorded), and an urban hukou leaves the member active", async () => {
      const p = await person();
      await admitMember(world, VILLAGE.code, p.id, "2010-05-01");
      await recordHukou(p.id, "urban", "370102", "2024-05-01");
      await recordHukou(p.id, "rural", "371083108201", "2000-01-01"); // an older fact, entered afterwards
      const [row] = await rowsOf(p.id);
      expect(row).toMatchObject({ status: "active", currentHukou: { kind: "urban", regionCode: "370102", effectiveOn: "2024-05-01" } });
    });

    it("admits with joinedOn = today in China Standard Time, though the host's zone is still on the day before", async () => {
      const p = await person();
      const res = await world.request("POST", membersPath(), { body: { personId: p.id, joinedOn: TODAY, basis: "birth", resolutionRef: CONFIRMED } });
      expect(res.status, res.text).toBe(201);
      expect(res.body.joinedOn).toBe("2026-11-27");
    });

    it("re-admits a person whose membership ended as a new membership, keeping the old one in the history", async () => {
      const p = await person();
      await admitMember(world, VILLAGE.code, p.id, "2001-01-01");
      expect((await terminate(p.id, { reason: "joined-other-collective", effectiveOn: "2015-06-30" })).status).toBe(200);
      const again = await world.request("POST", membersPath(), { body: { personId: p.id, joinedOn: "2020-02-01", basis: "resettlement", resolutionRef: CONFIRMED } });
      expect(again.status, again.text).toBe(201);
      expect(again.body).toMatchObject({ status: "active", joinedOn: "2020-02-01", endedOn: null });

      expect(await rowsOf(p.id, "all")).toEqual([
        expect.objectContaining({ status: "ended", joinedOn: "2001-01-01", endedOn: "2015-06-30", endReason: "joined-other-collective" }),
        expect.objectContaining({ status: "active", joinedOn: "2020-02-01", endedOn: null }),
      ]);
      expect(await rowsOf(p.id, "active")).toEqual([expect.objectContaining({ joinedOn: "2020-02-01" })]);
      expect(await rowsOf(p.id, "ended")).toEqual([expect.objectContaining({ joinedOn: "2001-01-01" })]);
    });

    it("ends the re-admitted membership, not one that already ended, however often a person left and came back", async () => {
      // The register's clock is fixed, so every membership row carries the same timestamp: only the status can tell
      // which one is current.
      const p = await person();
      const cycles = [
        ["2001-01-01", "2004-01-01", "voluntary-exit"],
        ["2006-01-01", "2009-01-01", "joined-other-collective"],
        ["2012-01-01", "2015-01-01", "lost-nationality"],
        ["2018-01-01", "2025-01-01", "death"],
      ] as const;
      for (const [joinedOn, effectiveOn, reason] of cycles) {
        await admitMember(world, VILLAGE.code, p.id, joinedOn);
        const res = await terminate(p.id, { reason, effectiveOn });
        expect(res.status, res.text).toBe(200);
        expect(res.body).toMatchObject({ status: "ended", joinedOn, endedOn: effectiveOn, endReason: reason });
      }
      const history = await rowsOf(p.id, "all");
      expect(history.map((m) => [m.joinedOn, m.endedOn, m.endReason])).toEqual(cycles.map((c) => [...c]));
      expectProblem(await terminate(p.id, { reason: "death", effectiveOn: "2025-06-01" }), 409, "membership_not_active");
    });

    it("admits a member of one collective to another as well (membership is per collective)", async () => {
      const p = await person();
      await admitMember(world, VILLAGE.code, p.id);
      const res = await world.request("POST", membersPath(GROUP.code), { body: { personId: p.id, joinedOn: "2022-01-01", basis: "other", resolutionRef: GROUP_CONFIRMED } });
      expect(res.status, res.text).toBe(201);
      expect(res.body.collectiveCode).toBe(GROUP.code);
    });

    it("lets a registrar admit in its own collective", async () => {
      const token = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code });
      const p = await person();
      const res = await world.request("POST", membersPath(), { token, body: { personId: p.id, joinedOn: "2020-01-01", basis: "original" } });
      expect(res.status, res.text).toBe(201);
    });
  });

  describe("rejects", () => {
    it("refuses an unknown person with 404 person_not_found", async () => {
      const res = await world.request("POST", membersPath(), { body: { personId: "prs_00000000000000000000000000", joinedOn: "2020-01-01", basis: "original" } });
      expectProblem(res, 404, "person_not_found");
    });

    it("refuses an ID number sent as personId with 404 person_not_found, without echoing the number", async () => {
      const sent = idNumber(499);
      const res = await world.request("POST", membersPath(), { body: { personId: sent, joinedOn: "2020-01-01", basis: "original" } });
      expectProblem(res, 404, "person_not_found");
      expect(res.text).not.toContain(sent);
    });

    it("refuses a membership that begins before the person's birth (from the ID number) with 422 joined_before_birth", async () => {
      const p = await person();
      const res = await world.request("POST", membersPath(), { body: { personId: p.id, joinedOn: "1980-01-01", basis: "original" } });
      expectProblem(res, 422, "joined_before_birth");
      expect(await rowsOf(p.id, "all")).toHaveLength(0);
    });

    it("refuses a person who is already an active member with 409 already_a_member, and keeps one active membership", async () => {
      const p = await person();
      await admitMember(world, VILLAGE.code, p.id);
      const res = await world.request("POST", membersPath(), { body: { personId: p.id, joinedOn: "2023-01-01", basis: "other", resolutionRef: CONFIRMED } });
      expectProblem(res, 409, "already_a_member");
      expect(res.text).not.toContain(idNumber(nextIndex));
      expect(await rowsOf(p.id, "all")).toHaveLength(1);
    });

    it("admits a person once when two admissions race: one 201, the other 409 already_a_member", async () => {
      const p = await person();
      const send = () => world.request("POST", membersPath(), { body: { personId: p.id, joinedOn: "2020-01-01", basis: "original" } });
      const results = await Promise.all([send(), send()]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expectProblem(results.find((r) => r.status === 409)!, 409, "already_a_member");
      expect(await rowsOf(p.id, "all")).toHaveLength(1);
    });

    it("refuses joinedOn after today (2026-11-27, China Standard Time) with 422 date_in_future", async () => {
      const p = await person();
      const res = await world.request("POST", membersPath(), { body: { personId: p.id, joinedOn: "2026-11-28", basis: "birth" } });
      expectProblem(res, 422, "date_in_future");
      expect(await rowsOf(p.id, "all")).toEqual([]);
    });

    it("refuses an unknown field with 400 validation_failed pointing at it", async () => {
      const p = await person();
      const res = await world.request("POST", membersPath(), { body: { personId: p.id, joinedOn: "2020-01-01", basis: "original", hukou: "rural" } });
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual({ pointer: "#/hukou", detail: "unknown field" });
    });

    it.each(["hukou", "urban-hukou", "ORIGINAL", ""])("refuses basis %j with 400 and the pointer #/basis", async (basis) => {
      const p = await person();
      const res = await world.request("POST", membersPath(), { body: { personId: p.id, joinedOn: "2020-01-01", basis } });
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: "#/basis" }));
    });

    it.each(["2020-02-30", "2020/01/01", "20200101"])("refuses joinedOn %j with 400 and the pointer #/joinedOn", async (joinedOn) => {
      const p = await person();
      const res = await world.request("POST", membersPath(), { body: { personId: p.id, joinedOn, basis: "original" } });
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: "#/joinedOn" }));
    });

    it("refuses an unknown collective with 404 collective_not_found", async () => {
      const p = await person();
      const res = await world.request("POST", membersPath("N2371083MA0QW73T00"), { body: { personId: p.id, joinedOn: "2020-01-01", basis: "original" } });
      expectProblem(res, 404, "collective_not_found");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => membersPath(),
    body: () => ({ personId: "prs_00000000000000000000000000", joinedOn: "2020-01-01", basis: "original" }),
    refused: async () => {
      const holder = await person();
      await admitMember(world, VILLAGE.code, holder.id);
      return [
        { name: "bureau covering the collective", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" },
        { name: "holder", token: await createToken(world, { role: "holder", personId: holder.id }), status: 403, code: "forbidden" },
        { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "collective_not_found" },
      ];
    },
  });
});

describe("GET /v1/collectives/{code}/members", () => {
  it("lists active members by default, ended ones with status=ended, and both with status=all", async () => {
    const stays = await person();
    const leaves = await person();
    await admitMember(world, VILLAGE.code, stays.id);
    await admitMember(world, VILLAGE.code, leaves.id);
    expect((await terminate(leaves.id, { reason: "became-civil-servant", effectiveOn: "2023-09-01" })).status).toBe(200);

    const ids = (rows: { person: { id: string } }[]) => rows.map((m) => m.person.id).filter((id) => id === stays.id || id === leaves.id);
    expect(ids(await roster())).toEqual([stays.id]);
    expect(ids(await roster("active"))).toEqual([stays.id]);
    expect(ids(await roster("ended"))).toEqual([leaves.id]);
    expect(ids(await roster("all")).sort()).toEqual([stays.id, leaves.id].sort());
    expect((await roster("ended")).every((m) => m.status === "ended")).toBe(true);
    expect((await roster("active")).every((m) => m.status === "active")).toBe(true);
  });

  it("answers a registrar of the collective with masked ID numbers, and a bureau covering it with full ones", async () => {
    const p = await person();
    await admitMember(world, VILLAGE.code, p.id);
    const registrar = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code });
    const bureau = await createToken(world, { role: "bureau", regionPrefix: "3710" });
    const seenByRegistrar = (await roster("active", registrar)).find((m) => m.person.id === p.id);
    const seenByBureau = (await roster("active", bureau)).find((m) => m.person.id === p.id);
    expect(seenByRegistrar?.person.idNumber).toBeUndefined();
    expect(seenByRegistrar?.person.idNumberMasked).toMatch(/^3710\*+\d{3}[\dX]$/);
    expect(JSON.stringify(seenByRegistrar)).not.toContain(idNumber(nextIndex));
    expect(seenByBureau?.person.idNumber).toBe(idNumber(nextIndex));
  });

  it("answers an empty roster for a collective without members", async () => {
    const res = await world.request("GET", `${membersPath(GROUP.code)}?status=ended`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ members: [] });
  });

  it("refuses an unknown status with 400 and the pointer #/status", async () => {
    const res = await world.request("GET", `${membersPath()}?status=expelled`);
    expectProblem(res, 400, "validation_failed");
    expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: "#/status" }));
  });

  it("answers an unknown collective with 404 collective_not_found", async () => {
    expectProblem(await world.request("GET", membersPath("N2371083MA0QW73T00")), 404, "collective_not_found");
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => membersPath(),
    refused: async () => {
      const holder = await person();
      await admitMember(world, VILLAGE.code, holder.id);
      return [
        { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "collective_not_found" },
        { name: "bureau outside the prefix", token: await createToken(world, { role: "bureau", regionPrefix: "370114" }), status: 404, code: "collective_not_found" },
        { name: "holder (a member, but the roster is the collective's)", token: await createToken(world, { role: "holder", personId: holder.id }), status: 404, code: "collective_not_found" },
      ];
    },
  });
});

describe("POST /v1/collectives/{code}/members/{personId}/termination", () => {
  describe("accepts", () => {
    it.each(["death", "lost-nationality", "joined-other-collective", "became-civil-servant", "voluntary-exit", "charter"])(
      "ends a membership for the ground %s, and the roster shows it ended",
      async (reason) => {
        const p = await person();
        await admitMember(world, VILLAGE.code, p.id, "2005-04-01");
        const res = await terminate(p.id, { reason, effectiveOn: "2024-12-31", note: "成员大会决议〔2024〕9号" });
        expect(res.status, res.text).toBe(200);
        expect(res.body).toMatchObject({ person: { id: p.id }, status: "ended", joinedOn: "2005-04-01", endedOn: "2024-12-31", endReason: reason, endNote: "成员大会决议〔2024〕9号" });
        expect(await rowsOf(p.id, "active")).toEqual([]);
        expect(await rowsOf(p.id, "ended")).toEqual([expect.objectContaining({ endReason: reason, endedOn: "2024-12-31" })]);
      },
    );

    it("ends a membership on the day it began", async () => {
      const p = await person();
      await admitMember(world, VILLAGE.code, p.id, "2024-01-01");
      const res = await terminate(p.id, { reason: "death", effectiveOn: "2024-01-01" });
      expect(res.status, res.text).toBe(200);
    });

    it("ends a membership effective today in China Standard Time", async () => {
      const p = await person();
      await admitMember(world, VILLAGE.code, p.id);
      const res = await terminate(p.id, { reason: "death", effectiveOn: TODAY });
      expect(res.status, res.text).toBe(200);
      expect(res.body.endedOn).toBe(TODAY);
    });

    it("lets a registrar end a membership in its own collective", async () => {
      const token = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code });
      const p = await person();
      await admitMember(world, VILLAGE.code, p.id);
      const res = await world.request("POST", terminationPath(p.id), { token, body: { reason: "voluntary-exit", effectiveOn: "2025-01-01" } });
      expect(res.status, res.text).toBe(200);
    });
  });

  describe("rejects", () => {
    it.each(["moved-hukou", "urban-hukou", "migrant-work", "hukou", "study", "divorce", "prison"])(
      "refuses the reason %j with 400 and the pointer #/reason: hukou and Art. 18 circumstances are no ground",
      async (reason) => {
        const p = await person();
        await admitMember(world, VILLAGE.code, p.id);
        const res = await terminate(p.id, { reason, effectiveOn: "2024-01-01" });
        expectProblem(res, 400, "validation_failed");
        expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: "#/reason" }));
        expect(await rowsOf(p.id, "active")).toHaveLength(1);
      },
    );

    it("refuses a person who was never a member with 404 member_not_found", async () => {
      const p = await person();
      expectProblem(await terminate(p.id), 404, "member_not_found");
    });

    it("refuses a member of another collective with 404 member_not_found", async () => {
      const p = await person();
      await admitMember(world, GROUP.code, p.id);
      expectProblem(await terminate(p.id), 404, "member_not_found");
    });

    it("refuses an ID number in the path with 404 member_not_found, without echoing the number", async () => {
      const p = await person();
      await admitMember(world, VILLAGE.code, p.id);
      const sent = idNumber(nextIndex);
      const res = await terminate(sent);
      expectProblem(res, 404, "member_not_found");
      expect(res.text).not.toContain(sent);
    });

    it("refuses a membership that already ended with 409 membership_not_active, keeping the first ground", async () => {
      const p = await person();
      await admitMember(world, VILLAGE.code, p.id);
      expect((await terminate(p.id, { reason: "lost-nationality", effectiveOn: "2022-01-01" })).status).toBe(200);
      expectProblem(await terminate(p.id, { reason: "death", effectiveOn: "2024-01-01" }), 409, "membership_not_active");
      expect(await rowsOf(p.id, "all")).toEqual([expect.objectContaining({ endReason: "lost-nationality", endedOn: "2022-01-01" })]);
    });

    it("refuses an effective date before joining with 422 termination_before_joining", async () => {
      const p = await person();
      await admitMember(world, VILLAGE.code, p.id, "2020-01-01");
      expectProblem(await terminate(p.id, { reason: "death", effectiveOn: "2019-12-31" }), 422, "termination_before_joining");
      expect(await rowsOf(p.id, "active")).toHaveLength(1);
    });

    it("refuses an effective date after today (China Standard Time) with 422 date_in_future", async () => {
      const p = await person();
      await admitMember(world, VILLAGE.code, p.id);
      expectProblem(await terminate(p.id, { reason: "death", effectiveOn: "2026-11-28" }), 422, "date_in_future");
      expect(await rowsOf(p.id, "active")).toHaveLength(1);
    });

    it("refuses an unknown field with 400 validation_failed pointing at it", async () => {
      const p = await person();
      await admitMember(world, VILLAGE.code, p.id);
      const res = await terminate(p.id, { reason: "death", effectiveOn: "2024-01-01", hukouKind: "urban" });
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual({ pointer: "#/hukouKind", detail: "unknown field" });
    });

    it("refuses a missing effective date with 400 and the pointer #/effectiveOn", async () => {
      const p = await person();
      await admitMember(world, VILLAGE.code, p.id);
      const res = await terminate(p.id, { reason: "death" });
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: "#/effectiveOn" }));
    });
  });

  let securityMemberId = "";
  beforeAll(async () => {
    const p = await person();
    await admitMember(world, VILLAGE.code, p.id);
    securityMemberId = p.id;
  });
  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => terminationPath(securityMemberId),
    body: () => ({ reason: "death", effectiveOn: "2024-01-01" }),
    refused: async () => [
      { name: "bureau covering the collective", token: await createToken(world, { role: "bureau", regionPrefix: "371083" }), status: 403, code: "forbidden" },
      { name: "holder who is the member", token: await createToken(world, { role: "holder", personId: securityMemberId }), status: 403, code: "forbidden" },
      { name: "registrar of another collective", token: await createToken(world, { role: "registrar", collectiveCode: GROUP.code }), status: 404, code: "collective_not_found" },
    ],
  });
});
