import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, expectProblem, GROUP, idNumber, member, recordResolution, registerCollective, registerPerson, VILLAGE } from "../support/fixtures.js";
import { runSecurityCases } from "../support/security.js";
import { createWorld, TODAY, type Res, type World } from "../support/world.js";

/** Synthetic valid resident IDs (domain.md §1.1 test vectors). */
const SUN = "371323198506150025"; // Yishui, 1985-06-15, female
const LEGACY_15 = "370102900307551"; // 15-digit legacy number
const LEGACY_UPGRADED = "370102199003075511";
const WITH_X = "11010519491231002X"; // Beijing Chaoyang, 1949-12-31, female

/** GB 11643 check character, computed here independently of the code under test. */
function checkCharacter(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return "10X98765432"[[...body17].reduce((sum, d, i) => sum + Number(d) * weights[i]!, 0) % 11]!;
}
/** A 15-digit legacy number (born 1970-mm-dd, Rushan) and its 18-digit upgrade. */
function legacyPair(seq: number): [string, string] {
  const legacy = `371083700101${String(seq).padStart(3, "0")}`;
  const body17 = `371083${"19"}${legacy.slice(6)}`;
  return [legacy, body17 + checkCharacter(body17)];
}
/** A valid resident ID whose check character is X (born 1972-02-dd). */
function numberEndingInX(from: number): string {
  for (let seq = from; ; seq++) {
    const body17 = `37108319720201${String(seq).padStart(3, "0")}`;
    if (checkCharacter(body17) === "X") return body17 + "X";
  }
}

let world: World;
let villager: { id: string }; // active member of VILLAGE (371083…)
let groupMember: { id: string }; // active member of GROUP (370114…)
let loner: { id: string }; // registered, tied to no collective
let villageRegistrar: string;
let groupRegistrar: string;
let bureauRushan: string; // prefix 371083: covers VILLAGE
let bureauJinan: string; // prefix 3701: covers GROUP only
let villagerHolder: string;

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE);
  await registerCollective(world, GROUP);
  villager = await member(world, VILLAGE.code, 1, "王建国");
  groupMember = await member(world, GROUP.code, 2, "李秀兰");
  loner = await registerPerson(world, 3, "赵六");
  villageRegistrar = await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code });
  groupRegistrar = await createToken(world, { role: "registrar", collectiveCode: GROUP.code });
  bureauRushan = await createToken(world, { role: "bureau", regionPrefix: "371083" });
  bureauJinan = await createToken(world, { role: "bureau", regionPrefix: "3701" });
  villagerHolder = await createToken(world, { role: "holder", personId: villager.id });
});
afterAll(() => world.close());

/** The ID number must not appear anywhere in a refusal: not in detail, not in errors[], not in any field. */
function expectNoIdNumber(res: Res, ...numbers: string[]) {
  for (const n of numbers) {
    expect(res.text).not.toContain(n);
    expect(res.text.toUpperCase()).not.toContain(n.toUpperCase());
  }
}

const register = (body: Record<string, unknown>, token?: string) => world.request("POST", "/v1/persons", { body, token });

describe("POST /v1/persons", () => {
  describe("accepts", () => {
    it("registers a resident with sex and birth date taken from the ID number, and shows the admin the full number", async () => {
      const res = await register({ idNumber: SUN, name: "孙秀英" });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^prs_/),
        name: "孙秀英",
        idType: "resident-id",
        sex: "female",
        birthDate: "1985-06-15",
        idNumberMasked: "3713**********0025",
        idNumber: SUN,
      });
    });

    it("answers the same number and name again with 200 and the same person, writing nothing", async () => {
      const first = await register({ idNumber: idNumber(10), name: "周明" });
      expect(first.status, first.text).toBe(201);
      const before = await world.tdb.client.execute("SELECT count(*) AS n FROM persons");
      const again = await register({ idNumber: idNumber(10), name: " 周明 " });
      expect(again.status, again.text).toBe(200);
      expect(again.body).toEqual(first.body);
      const after = await world.tdb.client.execute("SELECT count(*) AS n FROM persons");
      expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    });

    it("accepts a lower-case x as the check character and stores it as X", async () => {
      const res = await register({ idNumber: WITH_X.toLowerCase(), name: "陈桂兰" });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ idNumber: WITH_X, sex: "female", birthDate: "1949-12-31", idNumberMasked: "1101**********002X" });
      const upper = await register({ idNumber: WITH_X, name: "陈桂兰" });
      expect(upper.status, upper.text).toBe(200);
      expect(upper.body.id).toBe(res.body.id);
    });

    it("upgrades a 15-digit legacy number to 18 digits, shows a registrar only the masked form, and finds the same person by either form", async () => {
      const byRegistrar = await register({ idNumber: LEGACY_15, name: "刘志强" }, villageRegistrar);
      expect(byRegistrar.status, byRegistrar.text).toBe(201);
      expect(byRegistrar.body).toMatchObject({ sex: "male", birthDate: "1990-03-07", idNumberMasked: "3701**********5511" });
      expect(byRegistrar.body).not.toHaveProperty("idNumber");
      expectNoIdNumber(byRegistrar, LEGACY_15, LEGACY_UPGRADED);
      const byAdmin = await register({ idNumber: LEGACY_UPGRADED, name: "刘志强" });
      expect(byAdmin.status, byAdmin.text).toBe(200);
      expect(byAdmin.body).toMatchObject({ id: byRegistrar.body.id, idNumber: LEGACY_UPGRADED });
    });

    it("stores another document type as given, with no sex or birth date derived", async () => {
      const res = await register({ idType: "passport", idNumber: "E12345678", name: "Maria Chen" });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ idType: "passport", idNumber: "E12345678", sex: null, birthDate: null, idNumberMasked: "E123*5678" });
      // A passport number is its own key: the same digits as a resident ID are another document.
      const other = await register({ idType: "household-book", idNumber: "E12345678", name: "别人" });
      expect(other.status, other.text).toBe(201);
      expect(other.body.id).not.toBe(res.body.id);
    });

    it("answers two concurrent registrations of one number with one person", async () => {
      const body = { idNumber: idNumber(11), name: "吴刚" };
      const [a, b] = await Promise.all([register(body), register(body)]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect(a.body.id).toBe(b.body.id);
      const rows = await world.tdb.client.execute({ sql: "SELECT count(*) AS n FROM persons WHERE id_number = ?", args: [body.idNumber] });
      expect(rows.rows[0]!.n).toBe(1);
    });
  });

  describe("rejects", () => {
    it("refuses the same number under another name with 409 person_name_mismatch, without the number in the answer", async () => {
      const number = idNumber(12, { female: true });
      expect((await register({ idNumber: number, name: "郑红" })).status).toBe(201);
      const res = await register({ idNumber: number, name: "郑红梅" });
      expectProblem(res, 409, "person_name_mismatch");
      expectNoIdNumber(res, number);
    });

    it.each([
      ["a wrong check character", 422, "id_number_check_character_mismatch", "440524198001010014"],
      ["a birth date that is no date (1949-02-31)", 422, "id_number_birth_date_invalid", "11010519490231002X"],
      ["a 15-digit number whose date is no date", 422, "id_number_birth_date_invalid", "370102901307551"],
      ["17 digits", 422, "id_number_malformed", "37132319850615002"],
      ["an X in the middle", 422, "id_number_malformed", "3713231985X6150025"],
      ["an empty-looking number", 422, "id_number_malformed", "   "],
    ])("refuses %s with %i %s, without the number in the answer", async (_name, status, code, number) => {
      const res = await register({ idNumber: number, name: "某人" });
      expectProblem(res, status, code);
      if (number.trim()) expectNoIdNumber(res, number);
      const stored = await world.tdb.client.execute({ sql: "SELECT count(*) AS n FROM persons WHERE name = '某人'" });
      expect(stored.rows[0]!.n).toBe(0);
    });

    it("refuses a too-short number of another document type with 422 id_number_malformed", async () => {
      const res = await register({ idType: "passport", idNumber: "E12", name: "某人" });
      expectProblem(res, 422, "id_number_malformed");
    });

    it("refuses an unknown document type with 400 validation_failed, without the number in the answer", async () => {
      const res = await register({ idType: "driving-licence", idNumber: SUN, name: "孙秀英" });
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual(expect.objectContaining({ pointer: "#/idType" }));
      expectNoIdNumber(res, SUN);
    });

    it("refuses an unknown field with 400 validation_failed naming it", async () => {
      const res = await register({ idNumber: idNumber(13), name: "某人", hukou: "urban" });
      expectProblem(res, 400, "validation_failed");
      expect(res.body.errors).toContainEqual({ pointer: "#/hukou", detail: "unknown field" });
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => "/v1/persons",
    body: () => ({ idNumber: idNumber(14), name: "钱七" }),
    refused: async () => [
      { name: "bureau", token: bureauRushan, status: 403, code: "forbidden" },
      { name: "holder", token: villagerHolder, status: 403, code: "forbidden" },
    ],
  });
});

describe("ID numbers and the journal", () => {
  it("never writes an ID number into the journal's subject or data, whatever the command", async () => {
    const [legacy15, legacy18] = legacyPair(501);
    const withX = numberEndingInX(600);
    const numbers = [idNumber(20), legacy15, legacy18, withX, "G87654321"];
    const legacy = await register({ idNumber: legacy15, name: "刘志远" });
    const x = await register({ idNumber: withX.toLowerCase(), name: "陈桂芳" });
    const passport = await register({ idType: "passport", idNumber: "G87654321", name: "Li Wei" });
    const fresh = await register({ idNumber: numbers[0]!, name: "冯八" });
    for (const r of [legacy, x, passport, fresh]) expect(r.status, r.text).toBe(201);
    await recordResolution(world, VILLAGE.code, ["member-confirmation"], { ref: "成员大会决议〔2021〕3号" });
    const admitted = await world.request("POST", `/v1/collectives/${VILLAGE.code}/members`, { body: { personId: fresh.body.id, joinedOn: "2021-05-01", basis: "marriage", resolutionRef: "成员大会决议〔2021〕3号" } });
    expect(admitted.status, admitted.text).toBe(201);
    const hukou = await world.request("POST", `/v1/persons/${fresh.body.id}/household-registrations`, { body: { kind: "urban", regionCode: "370102", effectiveOn: "2025-09-01" } });
    expect(hukou.status, hukou.text).toBe(201);
    expect((await register({ idNumber: numbers[0]!, name: "冯九" })).status).toBe(409);

    const journal = await world.tdb.client.execute("SELECT stream, subject, data_json FROM journal");
    const registered = journal.rows.filter((r) => String(r.data_json).includes("冯八"));
    expect(registered).toHaveLength(1); // the journal was written: the scan below looks at real rows
    for (const row of journal.rows) {
      const text = `${row.stream} ${row.subject} ${row.data_json}`.toUpperCase();
      for (const n of numbers) expect(text, `journal row ${row.subject}`).not.toContain(n.toUpperCase());
    }
  });
});

describe("POST /v1/persons/lookup", () => {
  const lookup = (body: Record<string, unknown>, token?: string) => world.request("POST", "/v1/persons/lookup", { body, token });

  describe("accepts", () => {
    it("finds a person by ID number in the body and shows the admin the full number", async () => {
      const res = await lookup({ idNumber: idNumber(1) });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ id: villager.id, name: "王建国", idNumber: idNumber(1) });
    });

    it("shows a registrar the masked number only, even of a person outside its collective", async () => {
      const res = await lookup({ idNumber: idNumber(2) }, villageRegistrar);
      expect(res.status, res.text).toBe(200);
      expect(res.body.id).toBe(groupMember.id);
      expect(res.body.idNumberMasked).toBe(idNumber(2).slice(0, 4) + "**********" + idNumber(2).slice(-4));
      expect(res.body).not.toHaveProperty("idNumber");
      expectNoIdNumber(res, idNumber(2));
    });

    it("finds the upgraded person by the 15-digit legacy number and by a lower-case x", async () => {
      const [legacy15, legacy18] = legacyPair(502);
      const legacy = await register({ idNumber: legacy18, name: "孟凡" });
      expect(legacy.status, legacy.text).toBe(201);
      const byLegacy = await lookup({ idNumber: legacy15 });
      expect(byLegacy.status, byLegacy.text).toBe(200);
      expect(byLegacy.body).toMatchObject({ id: legacy.body.id, idNumber: legacy18 });
      const withX = numberEndingInX(700);
      const x = await register({ idNumber: withX, name: "孟真" });
      expect(x.status, x.text).toBe(201);
      const byLower = await lookup({ idNumber: withX.toLowerCase() });
      expect(byLower.status, byLower.text).toBe(200);
      expect(byLower.body.id).toBe(x.body.id);
    });

    it("shows a bureau the full number of a person with a record under its prefix", async () => {
      const res = await lookup({ idNumber: idNumber(1) }, bureauRushan);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ id: villager.id, idNumber: idNumber(1) });
    });

    it("lets a holder find themself", async () => {
      const res = await lookup({ idNumber: idNumber(1) }, villagerHolder);
      expect(res.status, res.text).toBe(200);
      expect(res.body.id).toBe(villager.id);
      expect(res.body).not.toHaveProperty("idNumber");
    });
  });

  describe("rejects", () => {
    it("answers a number nobody is registered under with 404 person_not_found, without the number", async () => {
      const res = await lookup({ idNumber: idNumber(99) });
      expectProblem(res, 404, "person_not_found");
      expectNoIdNumber(res, idNumber(99));
    });

    it("refuses a number with a wrong check character with 422 id_number_check_character_mismatch, without the number", async () => {
      const res = await lookup({ idNumber: "440524198001010014" });
      expectProblem(res, 422, "id_number_check_character_mismatch");
      expectNoIdNumber(res, "440524198001010014");
    });

    it("answers a bureau outside the person's collectives and a holder of another person as if the person did not exist", async () => {
      const absent = await lookup({ idNumber: idNumber(99) });
      for (const token of [bureauRushan, villagerHolder]) {
        const res = await lookup({ idNumber: idNumber(2) }, token);
        expectProblem(res, 404, "person_not_found");
        expect(res.body.detail).toBe(absent.body.detail);
        expectNoIdNumber(res, idNumber(2));
      }
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => "/v1/persons/lookup",
    body: () => ({ idNumber: idNumber(2) }),
    refused: async () => [
      { name: "bureau outside the prefix", token: bureauRushan, status: 404, code: "person_not_found" },
      { name: "holder of another person", token: villagerHolder, status: 404, code: "person_not_found" },
    ],
  });
});

describe("GET /v1/persons/{personId}", () => {
  const get = (id: string, token?: string) => world.request("GET", `/v1/persons/${id}`, { token });

  describe("accepts", () => {
    it("shows the admin the full number", async () => {
      const res = await get(villager.id);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ id: villager.id, name: "王建国", sex: "male", birthDate: "1985-06-15", idNumber: idNumber(1) });
    });

    it("shows a bureau the full number of a member of a collective under its prefix", async () => {
      const res = await get(villager.id, bureauRushan);
      expect(res.status, res.text).toBe(200);
      expect(res.body.idNumber).toBe(idNumber(1));
    });

    it("shows a registrar and a holder (themself) the masked number only", async () => {
      for (const token of [villageRegistrar, villagerHolder]) {
        const res = await get(villager.id, token);
        expect(res.status, res.text).toBe(200);
        expect(res.body.idNumberMasked).toMatch(/^3710\*{10}\d{3}[\dX]$/);
        expect(res.body).not.toHaveProperty("idNumber");
        expectNoIdNumber(res, idNumber(1));
      }
    });
  });

  describe("rejects", () => {
    it("answers an unknown id with 404 person_not_found", async () => {
      expectProblem(await get("prs_00000000000000000000000000"), 404, "person_not_found");
    });

    it("answers a holder asking for another person with 404 person_not_found", async () => {
      expectProblem(await get(groupMember.id, villagerHolder), 404, "person_not_found");
    });

    it("answers a bureau with 404 for a person with no record under its prefix, or with no record at all", async () => {
      expectProblem(await get(villager.id, bureauJinan), 404, "person_not_found");
      expectProblem(await get(loner.id, bureauRushan), 404, "person_not_found");
      const wholeProvince = await createToken(world, { role: "bureau", regionPrefix: "37" });
      expectProblem(await get(loner.id, wholeProvince), 404, "person_not_found");
      expect((await get(groupMember.id, wholeProvince)).status).toBe(200);
    });
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `/v1/persons/${villager.id}`,
    refused: async () => [
      { name: "bureau outside the prefix", token: bureauJinan, status: 404, code: "person_not_found" },
      { name: "holder of another person", token: await createToken(world, { role: "holder", personId: groupMember.id }), status: 404, code: "person_not_found" },
    ],
  });
});

describe("POST /v1/persons/{personId}/household-registrations", () => {
  const record = (personId: string, body: Record<string, unknown>, token?: string) =>
    world.request("POST", `/v1/persons/${personId}/household-registrations`, { body, token });

  describe("accepts", () => {
    it("records an urban hukou fact for a member and answers it", async () => {
      const person = await member(world, VILLAGE.code, 30, "韩梅");
      const res = await record(person.id, { kind: "urban", regionCode: "370102", effectiveOn: "2025-03-01" });
      expect(res.status, res.text).toBe(201);
      expect(res.body).toEqual({ id: expect.stringMatching(/^hkr_/), personId: person.id, kind: "urban", regionCode: "370102", effectiveOn: "2025-03-01" });
    });

    it("lets the registrar of the person's collective record a rural 12-digit village code dated today", async () => {
      const person = await member(world, VILLAGE.code, 31, "韩雪");
      const res = await record(person.id, { kind: "rural", regionCode: VILLAGE.regionCode, effectiveOn: TODAY }, villageRegistrar);
      expect(res.status, res.text).toBe(201);
      expect(res.body).toMatchObject({ kind: "rural", regionCode: VILLAGE.regionCode, effectiveOn: TODAY });
    });

    it("records the fact for a person tied to no collective (admin)", async () => {
      const res = await record(loner.id, { kind: "rural", regionCode: "371083", effectiveOn: "2001-01-01" });
      expect(res.status, res.text).toBe(201);
    });
  });

  describe("rejects", () => {
    it.each([
      ["a 4-digit region code", 422, "region_code_malformed", { regionCode: "3701" }],
      ["a 9-digit township code", 422, "region_code_malformed", { regionCode: "370114101" }],
      ["a county segment 00", 422, "region_code_malformed", { regionCode: "370100" }],
      ["an unknown province", 422, "region_code_unknown_province", { regionCode: "990102" }],
      ["a date after today (CST)", 422, "date_in_future", { effectiveOn: "2026-11-28" }],
      ["a date that is no date", 400, "validation_failed", { effectiveOn: "2025-02-29" }],
      ["an unknown kind", 400, "validation_failed", { kind: "suburban" }],
    ])("refuses %s with %i %s and records nothing", async (_name, status, code, change) => {
      const res = await record(villager.id, { kind: "urban", regionCode: "370102", effectiveOn: "2025-03-01", ...change });
      expectProblem(res, status, code);
      const rows = await world.tdb.client.execute({ sql: "SELECT count(*) AS n FROM household_registrations WHERE person_id = ?", args: [villager.id] });
      expect(rows.rows[0]!.n).toBe(0);
    });

    it("answers an unknown person with 404 person_not_found", async () => {
      expectProblem(await record("prs_00000000000000000000000000", { kind: "urban", regionCode: "370102", effectiveOn: "2025-03-01" }), 404, "person_not_found");
    });
  });

  runSecurityCases({
    world: () => world,
    method: "POST",
    path: () => `/v1/persons/${groupMember.id}/household-registrations`,
    body: () => ({ kind: "urban", regionCode: "370102", effectiveOn: "2025-03-01" }),
    refused: async () => [
      { name: "bureau", token: bureauJinan, status: 403, code: "forbidden" },
      { name: "holder (even of themself)", token: await createToken(world, { role: "holder", personId: groupMember.id }), status: 403, code: "forbidden" },
      { name: "registrar of another collective", token: villageRegistrar, status: 404, code: "person_not_found" },
    ],
  });
});

describe("GET /v1/persons/{personId}/household-registrations", () => {
  let person: { id: string };
  let holder: string;
  beforeAll(async () => {
    person = await member(world, VILLAGE.code, 40, "高远");
    holder = await createToken(world, { role: "holder", personId: person.id });
    for (const body of [
      { kind: "urban", regionCode: "370102", effectiveOn: "2024-08-01" },
      { kind: "rural", regionCode: VILLAGE.regionCode, effectiveOn: "1985-06-15" },
    ]) {
      const res = await world.request("POST", `/v1/persons/${person.id}/household-registrations`, { body });
      expect(res.status, res.text).toBe(201);
    }
  });
  const list = (id: string, token?: string) => world.request("GET", `/v1/persons/${id}/household-registrations`, { token });

  it("answers the history oldest first, to admin, the person's registrar, a bureau over the collective and the person", async () => {
    for (const token of [undefined, villageRegistrar, bureauRushan, holder]) {
      const res = await list(person.id, token);
      expect(res.status, res.text).toBe(200);
      expect(res.body.householdRegistrations.map((h: { kind: string; effectiveOn: string }) => [h.kind, h.effectiveOn])).toEqual([
        ["rural", "1985-06-15"],
        ["urban", "2024-08-01"],
      ]);
    }
  });

  it("answers an empty history for a person with no hukou fact", async () => {
    const res = await list(groupMember.id);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ householdRegistrations: [] });
  });

  it("answers a registrar of another collective with 404 person_not_found, as for a person that does not exist", async () => {
    expectProblem(await list(person.id, groupRegistrar), 404, "person_not_found");
    expectProblem(await list("prs_00000000000000000000000000", groupRegistrar), 404, "person_not_found");
  });

  runSecurityCases({
    world: () => world,
    method: "GET",
    path: () => `/v1/persons/${person.id}/household-registrations`,
    refused: async () => [
      { name: "bureau outside the prefix", token: bureauJinan, status: 404, code: "person_not_found" },
      { name: "holder of another person", token: villagerHolder, status: 404, code: "person_not_found" },
      { name: "registrar of another collective", token: groupRegistrar, status: 404, code: "person_not_found" },
    ],
  });
});
