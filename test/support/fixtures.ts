import { expect } from "vitest";
import type { World } from "./world.js";

/**
 * Valid identifiers for tests (domain.md test vectors and codes built the same way), and factories that build a
 * collective's register through the API, as a clerk would.
 */
export const VILLAGE = {
  code: "N2371083MA0QW7T334", // synthetic village-level collective, Rushan (乳山市)
  name: "乳山市午极镇午极村股份经济合作社",
  level: "village" as const,
  regionCode: "371083108201", // 午极村委会
  issuerCode: "37108310820100",
};

export const GROUP = {
  code: "N1370114MA3K8P2B5N", // synthetic group-level collective, Zhangqiu (章丘区)
  name: "章丘区垛庄镇某村第一村民小组股份经济合作社",
  level: "group" as const,
  regionCode: "370114101201",
  issuerCode: "37011410120101",
};

/** Valid resident ID numbers (GB 11643 check characters computed), distinct per index. */
export function idNumber(index: number, opts: { birth?: string; female?: boolean } = {}): string {
  const birth = opts.birth ?? "19850615";
  const seq = (index % 500) * 2 + (opts.female ? 0 : 1); // odd = male, even = female
  const body = `371083${birth}${String(seq).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + "10X98765432"[sum % 11];
}

export const contractorCode = (issuer: string, seq: number) => issuer + String(seq).padStart(4, "0");
export const plotCode = (issuer: string, seq: number) => issuer + String(seq).padStart(5, "0");
/** A homestead unit number in the collective's county (first 6 digits of its region code), zone JC. */
export const unitNumber = (regionCode: string, seq: number) => `${regionCode.slice(0, 6)}001002JC${String(seq).padStart(5, "0")}W00000000`;

export type CollectiveKeys = { code: string; issuerCode: string; regionCode: string };

export async function registerCollective(world: World, facts: Record<string, unknown> = VILLAGE, rules?: Record<string, unknown>) {
  const res = await world.request("POST", "/v1/collectives", { body: { ...facts, ...(rules ? { rules } : {}) } });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export async function createToken(world: World, body: Record<string, unknown>, token?: string): Promise<string> {
  const res = await world.request("POST", "/v1/tokens", { body, token });
  expect(res.status, res.text).toBe(201);
  return res.body.token as string;
}

export async function registerPerson(world: World, index: number, name = `成员${index}`, opts: { female?: boolean } = {}) {
  const res = await world.request("POST", "/v1/persons", { body: { idNumber: idNumber(index, opts), name } });
  expect([200, 201], res.text).toContain(res.status);
  return res.body as { id: string; name: string; idNumberMasked: string };
}

export async function admitMember(world: World, collectiveCode: string, personId: string, joinedOn = "2020-01-01") {
  const res = await world.request("POST", `/v1/collectives/${collectiveCode}/members`, { body: { personId, joinedOn, basis: "original" } });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export type ResolutionMatter = "member-confirmation" | "equity-issuance" | "rules-change" | "term-extension" | "distribution" | "other";

let resolutionSeq = 0;

export type ResolutionOptions = { ref?: string; body?: "general-meeting" | "representatives-assembly"; heldOn?: string; eligible?: number; present?: number; votesFor?: number; votesAgainst?: number };

/**
 * The body of `POST /v1/collectives/{code}/resolutions` deciding `matters`: by default a members' general meeting held
 * 2020-01-01 that passed (30 eligible, 25 present, 21 for, 2 against), under `ref`.
 */
export function resolutionBody(ref: string, matters: ResolutionMatter[], opts: Omit<ResolutionOptions, "ref"> = {}) {
  return {
    ref,
    body: opts.body ?? "general-meeting",
    heldOn: opts.heldOn ?? "2020-01-01",
    eligible: opts.eligible ?? 30,
    present: opts.present ?? 25,
    votesFor: opts.votesFor ?? 21,
    votesAgainst: opts.votesAgainst ?? 2,
    matters,
  };
}

/**
 * Records a resolution deciding `matters` (by default one that passed: `resolutionBody`) and returns its ref, for
 * the acts that need one: admissions other than original, share issuances, rules changes, distributions. The same
 * ref and facts again are harmless (200).
 */
export async function recordResolution(world: World, code: string, matters: ResolutionMatter[], opts: ResolutionOptions & { token?: string } = {}): Promise<string> {
  const ref = opts.ref ?? `成员大会决议〔测试〕${++resolutionSeq}号`;
  const res = await world.request("POST", `/v1/collectives/${code}/resolutions`, { body: resolutionBody(ref, matters, opts), token: opts.token });
  expect([200, 201], res.text).toContain(res.status);
  return ref;
}

/** A member person: registered and admitted. */
export async function member(world: World, collectiveCode: string, index: number, name?: string) {
  const person = await registerPerson(world, index, name);
  await admitMember(world, collectiveCode, person.id);
  return person;
}

export async function registerHousehold(world: World, collective: CollectiveKeys, seq: number, members: { personId: string; relation?: string; coHolder?: boolean }[]) {
  const res = await world.request("POST", `/v1/collectives/${collective.code}/households`, {
    body: {
      contractorCode: contractorCode(collective.issuerCode, seq),
      representativeId: members[0]!.personId,
      members: members.map((m, i) => ({ personId: m.personId, relation: m.relation ?? (i === 0 ? "head" : "spouse"), coHolder: m.coHolder ?? true })),
    },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export async function registerPlot(world: World, collective: CollectiveKeys, seq: number, areaMu = "1.50") {
  const res = await world.request("POST", `/v1/collectives/${collective.code}/plots`, {
    body: { plotCode: plotCode(collective.issuerCode, seq), areaMu, landUse: "cropping", boundaries: { east: "路", south: "渠", west: "张家", north: "李家" } },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

export async function registerContract(world: World, collective: CollectiveKeys, householdSeq: number, plotSeqs: number[]) {
  const contractor = contractorCode(collective.issuerCode, householdSeq);
  const res = await world.request("POST", `/v1/collectives/${collective.code}/land-contracts`, {
    body: { contractCode: contractor + "J", contractorCode: contractor, plotCodes: plotSeqs.map((s) => plotCode(collective.issuerCode, s)), startsOn: "1998-10-01", endsOn: "2028-09-30" },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** Asserts an RFC 9457 problem with the given status and code. */
export function expectProblem(res: { status: number; headers: Headers; body: any; text: string }, status: number, code: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: `/problems/${code}` });
  expect(typeof res.body.detail).toBe("string");
  expect(res.body.requestId).toMatch(/^req_/);
}
