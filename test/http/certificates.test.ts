import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { maskIdNumber } from "../../src/domain/identifiers/resident-id.js";
import { createIdFactory } from "../../src/lib/ids.js";
import { createKeyring, generateSigningJwk } from "../../src/lib/signing.js";
import { contractorCode, createToken, expectProblem, idNumber, member, plotCode, recordResolution, registerCollective, registerContract, registerHousehold, registerPlot, unitNumber, VILLAGE } from "../support/fixtures.js";
import { TEST_PUBLIC_BASE_URL, testKeyring, testSigningJwk } from "../support/keys.js";
import { createWorld, TODAY, type World } from "../support/world.js";

/**
 * Electronic certificates: every registration issues a signed certificate of the right's new state and supersedes
 * or cancels the old one. Read with a token (same scope as the right), printed as HTML with a QR code, verified in
 * public — by its signed text (POST) or by the QR code's link (GET) — against the keys of /.well-known/jwks.json.
 *
 * One world; VILLAGE posts notices of 0 days so that transfers and withdrawals register the same day. Persons are
 * numbered per household: 10·seq (head) and 10·seq + 1 (spouse).
 */
let world: World;

beforeAll(async () => {
  world = await createWorld();
  await registerCollective(world, VILLAGE, { noticeDays: 0 });
});
afterAll(() => world.close());

type Certificate = { certificateNo: string; payload: string; signature: string; keyId: string; [k: string]: unknown };

/** A household of a head (and optionally a spouse co-holder) with a J contract over its plots. */
async function contractHousehold(seq: number, plotSeqs: number[], opts: { spouse?: boolean } = {}) {
  const head = await member(world, VILLAGE.code, 10 * seq, `王建国${seq}`);
  const spouse = opts.spouse ? await member(world, VILLAGE.code, 10 * seq + 1, `李秀兰${seq}`) : null;
  await registerHousehold(world, VILLAGE, seq, [{ personId: head.id }, ...(spouse ? [{ personId: spouse.id, relation: "spouse" }] : [])]);
  for (const p of plotSeqs) await registerPlot(world, VILLAGE, p, p % 2 === 0 ? "2.25" : "1.50");
  if (plotSeqs.length > 0) await registerContract(world, VILLAGE, seq, plotSeqs);
  const contractor = contractorCode(VILLAGE.issuerCode, seq);
  return { head, spouse, contractor, contractCode: `${contractor}J`, certificateNo: `${contractor}J-0001`, idNumber: idNumber(10 * seq), plots: plotSeqs.map((s) => plotCode(VILLAGE.issuerCode, s)) };
}

async function certificate(no: string, token?: string): Promise<Certificate> {
  const res = await world.request("GET", `/v1/certificates/${no}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const verify = (c: { payload: string; signature: string; keyId: string }, app = world.app) =>
  world.requestOn(app, "POST", "/v1/certificates/verification", { token: null, body: { payload: c.payload, signature: c.signature, keyId: c.keyId } });

/** Changes one character of a base64url signature (the first: the last one's low bits may be padding). */
const flipFirst = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);

async function registerViaWorkflow(path: "transfers" | "withdrawals", body: Record<string, unknown>, amount: string) {
  const applied = await world.request("POST", `/v1/${path}`, { body });
  expect(applied.status, applied.text).toBe(201);
  expect(applied.body.status, applied.text).toBe("in-notice");
  const approved = await world.request("POST", `/v1/${path}/${applied.body.id}/approval`, { body: { resolutionRef: "理事会决定〔2026〕7号", decidedOn: TODAY } });
  expect(approved.status, approved.text).toBe(200);
  const paid = await world.request("POST", `/v1/${path}/${applied.body.id}/payment`, { body: { amount, paidOn: TODAY, reference: "乳山农商银行转账 0001" } });
  expect(paid.status, paid.text).toBe(200);
  expect(paid.body.status).toBe("registered");
}

describe("GET /v1/certificates/{certificateNo}", () => {
  it("answers the certificate a contract registration issued: valid, with its exact signed text, signature, key and QR link", async () => {
    const h = await contractHousehold(1, [1, 2], { spouse: true });
    const cert = await certificate(h.certificateNo);
    expect(cert).toMatchObject({
      certificateNo: h.certificateNo,
      collectiveCode: VILLAGE.code,
      kind: "land-contract",
      title: "农村土地承包经营权证",
      status: "valid",
      holder: { kind: "household", id: h.contractor, name: h.head.name },
      subject: h.contractCode,
      issuedOn: TODAY,
      supersededBy: null,
      endedOn: null,
    });
    expect(cert.keyId).toBe((await testKeyring()).activeKid);
    expect(cert.verificationUrl).toBe(`${TEST_PUBLIC_BASE_URL}/v1/certificates/${h.certificateNo}/verification?sig=${cert.signature}`);
    const payload = JSON.parse(cert.payload);
    expect(payload).toMatchObject({ format: "rural-rights-certificate/1", certificateNo: h.certificateNo, kind: "land-contract", replaces: null });
    expect(payload.right).toMatchObject({ contractCode: h.contractCode, totalAreaMu: "3.75", plotCount: 2 });
    expect(payload.holder.representative).toEqual({ name: h.head.name, idNumber: maskIdNumber(h.idNumber) });
    // The certificate carries ID numbers only masked, even to admin.
    expect(JSON.stringify(cert)).not.toContain(h.idNumber);
  });

  it("answers 404 certificate_not_found for an unknown number and for a malformed one", async () => {
    expectProblem(await world.request("GET", `/v1/certificates/${contractorCode(VILLAGE.issuerCode, 999)}J-0001`), 404, "certificate_not_found");
    expectProblem(await world.request("GET", "/v1/certificates/not-a-certificate"), 404, "certificate_not_found");
  });
});

describe("access to certificates", () => {
  let h: Awaited<ReturnType<typeof contractHousehold>>;
  let other: Awaited<ReturnType<typeof contractHousehold>>;
  beforeAll(async () => {
    h = await contractHousehold(2, [3], { spouse: true });
    other = await contractHousehold(3, [4]);
  });

  it("shows the certificate to the village's registrar, a bureau of its region and a member of the holder household", async () => {
    const tokens = [
      await createToken(world, { role: "registrar", collectiveCode: VILLAGE.code }),
      await createToken(world, { role: "bureau", regionPrefix: "371083" }),
      await createToken(world, { role: "holder", personId: h.spouse!.id }),
      await createToken(world, { role: "holder", personId: h.head.id }),
    ];
    for (const token of tokens) {
      expect((await certificate(h.certificateNo, token)).certificateNo).toBe(h.certificateNo);
      const doc = await world.request("GET", `/v1/certificates/${h.certificateNo}/document`, { token });
      expect(doc.status, doc.text).toBe(200);
    }
  });

  it("answers a bureau of another region and a holder of another household 404 certificate_not_found, exactly as for a missing one", async () => {
    const otherBureau = await createToken(world, { role: "bureau", regionPrefix: "3701" });
    const otherHolder = await createToken(world, { role: "holder", personId: other.head.id });
    expect((await certificate(other.certificateNo, otherHolder)).certificateNo).toBe(other.certificateNo);
    const missing = await world.request("GET", `/v1/certificates/${contractorCode(VILLAGE.issuerCode, 998)}J-0001`, { token: otherBureau });
    for (const token of [otherBureau, otherHolder]) {
      for (const path of [`/v1/certificates/${h.certificateNo}`, `/v1/certificates/${h.certificateNo}/document`]) {
        const res = await world.request("GET", path, { token });
        expectProblem(res, 404, "certificate_not_found");
        expect({ ...res.body, detail: "", instance: "", requestId: "" }).toEqual({ ...missing.body, detail: "", instance: "", requestId: "" });
      }
    }
  });

  it("answers 401 without a token (only verification is public)", async () => {
    expectProblem(await world.request("GET", `/v1/certificates/${h.certificateNo}`, { token: null }), 401, "unauthenticated");
    expectProblem(await world.request("GET", `/v1/certificates/${h.certificateNo}/document`, { token: null }), 401, "unauthenticated");
    expectProblem(await world.request("GET", "/v1/certificates/verification", { token: null }), 401, "unauthenticated");
  });
});

describe("POST /v1/certificates/verification (public)", () => {
  let cert: Certificate;
  beforeAll(async () => {
    cert = await certificate((await contractHousehold(4, [5, 6])).certificateNo);
  });

  it("answers valid:true status valid for the issued payload, signature and key, without a token", async () => {
    const res = await verify(cert);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ valid: true, status: "valid", certificateNo: cert.certificateNo });
  });

  it("answers valid:false signature_mismatch for a payload changed in one byte (an area digit)", async () => {
    expect(cert.payload).toContain('"areaMu":"2.25"');
    const forged = cert.payload.replace('"areaMu":"2.25"', '"areaMu":"9.25"');
    expect(forged.length).toBe(cert.payload.length);
    const res = await verify({ ...cert, payload: forged });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ valid: false, reason: "signature_mismatch" });
  });

  it("answers valid:false signature_mismatch for a changed signature, and for a signature of the wrong length", async () => {
    expect((await verify({ ...cert, signature: flipFirst(cert.signature) })).body).toMatchObject({ valid: false, reason: "signature_mismatch" });
    expect((await verify({ ...cert, signature: cert.signature.slice(0, 40) })).body).toMatchObject({ valid: false, reason: "signature_mismatch" });
    expect((await verify({ ...cert, signature: "not base64url!" })).body).toMatchObject({ valid: false, reason: "signature_mismatch" });
  });

  it("answers valid:false unknown_key for a key id the registry never had", async () => {
    const res = await verify({ ...cert, keyId: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ valid: false, reason: "unknown_key" });
  });

  it("answers a garbled payload with valid:false, never an error", async () => {
    for (const payload of ["not json at all", "{}", '{"format":"rural-rights-certificate/1"}', "[1,2,3]", "null"]) {
      const res = await verify({ ...cert, payload });
      expect(res.status, res.text).toBe(200);
      expect(res.body.valid).toBe(false);
      expect(res.body.reason).toBe("signature_mismatch");
    }
  });

  it("refuses a body without its fields with 400 validation_failed, pointing at each", async () => {
    const res = await world.request("POST", "/v1/certificates/verification", { token: null, body: { payload: cert.payload } });
    expectProblem(res, 400, "validation_failed");
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(["#/keyId", "#/signature"]);
    expectProblem(await world.request("POST", "/v1/certificates/verification", { token: null, rawBody: "{not json" }), 400, "malformed_json");
  });
});

describe("certificates through a right's life", () => {
  it("supersedes the giver's certificate on a land transfer: the old one still verifies, as superseded by the new", async () => {
    const giver = await contractHousehold(5, [7, 8]);
    const receiver = await contractHousehold(6, []);
    const old = await certificate(giver.certificateNo);
    await registerViaWorkflow(
      "transfers",
      { kind: "land-contract", collectiveCode: VILLAGE.code, from: { contractorCode: giver.contractor }, to: { contractorCode: receiver.contractor }, plotCodes: [giver.plots[0]], price: "18000.00", agreementSignedOn: "2026-11-20" },
      "18000.00",
    );

    const ended = await certificate(giver.certificateNo);
    expect(ended).toMatchObject({ status: "superseded", supersededBy: `${giver.contractCode}-0002`, endedOn: TODAY });
    expect(ended.payload).toBe(old.payload);
    expect((await verify(old)).body).toEqual({ valid: true, status: "superseded", certificateNo: giver.certificateNo });

    const reissued = await certificate(`${giver.contractCode}-0002`);
    expect(reissued).toMatchObject({ status: "valid", subject: giver.contractCode });
    expect(JSON.parse(reissued.payload)).toMatchObject({ replaces: giver.certificateNo, right: { plotCount: 1, plots: [{ plotCode: giver.plots[1] }] } });
    expect((await verify(reissued)).body).toMatchObject({ valid: true, status: "valid" });
    const received = await certificate(`${receiver.contractCode}-0001`);
    expect(received).toMatchObject({ status: "valid", holder: { kind: "household", id: receiver.contractor, name: receiver.head.name } });

    const doc = await world.request("GET", `/v1/certificates/${giver.certificateNo}/document`);
    expect(doc.status, doc.text).toBe(200);
    expect(doc.text).toContain("已换发");
    expect(doc.text).toContain(`${giver.contractCode}-0002`);
    const page = await world.request("GET", `/v1/certificates/${giver.certificateNo}/verification?sig=${encodeURIComponent(old.signature)}`, { token: null });
    expect(page.body).toMatchObject({ valid: true, status: "superseded", supersededBy: `${giver.contractCode}-0002` });
  });

  it("cancels a homestead's certificate when the household withdraws from it; the certificate still verifies, as cancelled", async () => {
    const h = await contractHousehold(7, []);
    const unit = unitNumber(VILLAGE.regionCode, 7);
    const granted = await world.request("POST", `/v1/collectives/${VILLAGE.code}/homesteads`, {
      body: { unitNumber: unit, contractorCode: h.contractor, areaM2: "150.00", approvedOn: TODAY, origin: "grant", approvalRef: "乳宅批〔2026〕007号" },
    });
    expect(granted.status, granted.text).toBe(201);
    const issued = await certificate(`${unit}-0001`);
    expect(issued).toMatchObject({ kind: "homestead", status: "valid", subject: unit, holder: { kind: "household", id: h.contractor } });

    const homesteadDoc = await world.request("GET", `/v1/certificates/${unit}-0001/document`);
    expect(homesteadDoc.text).toContain("不动产权证书");
    expect(homesteadDoc.text).toContain("宅基地使用权");
    expect(homesteadDoc.text).toContain(unit);
    expect(homesteadDoc.text).toContain("150.00");
    expect(homesteadDoc.text).not.toContain("作废");

    await registerViaWorkflow(
      "withdrawals",
      { kind: "homestead", collectiveCode: VILLAGE.code, from: { contractorCode: h.contractor }, unitNumber: unit, compensation: "96000.00", agreementSignedOn: "2026-11-20" },
      "96000.00",
    );
    expect(await certificate(`${unit}-0001`)).toMatchObject({ status: "cancelled", supersededBy: null, endedOn: TODAY });
    expect((await verify(issued)).body).toEqual({ valid: true, status: "cancelled", certificateNo: `${unit}-0001` });
    const doc = await world.request("GET", `/v1/certificates/${unit}-0001/document`);
    expect(doc.text).toContain("作废");
  });

  it("issues a share certificate (股权证) on an issuance and prints it", async () => {
    const holder = await member(world, VILLAGE.code, 800, "股东800");
    await recordResolution(world, VILLAGE.code, ["equity-issuance"], { ref: "成员大会决议〔2020〕1号" });
    const issued = await world.request("POST", `/v1/collectives/${VILLAGE.code}/equity/issuances`, {
      body: { resolutionRef: "成员大会决议〔2020〕1号", allocations: [{ personId: holder.id, shareClass: "population", shares: "12.5" }] },
    });
    expect(issued.status, issued.text).toBe(201);
    const no = `${VILLAGE.issuerCode}-GQ-000001`;
    const cert = await certificate(no);
    expect(cert).toMatchObject({ kind: "equity", status: "valid", holder: { kind: "person", id: holder.id, name: "股东800" } });
    expect((await verify(cert)).body).toMatchObject({ valid: true, status: "valid" });
    const doc = await world.request("GET", `/v1/certificates/${no}/document`);
    expect(doc.text).toContain("股权证");
    expect(doc.text).toContain("12.5");
    expect(doc.text).not.toContain(idNumber(800));
  });
});

describe("GET /v1/certificates/{certificateNo}/verification (public: what the QR code opens)", () => {
  let h: Awaited<ReturnType<typeof contractHousehold>>;
  let cert: Certificate;
  beforeAll(async () => {
    h = await contractHousehold(8, [9]);
    cert = await certificate(h.certificateNo);
  });
  const path = (sig: string) => `/v1/certificates/${h.certificateNo}/verification?sig=${encodeURIComponent(sig)}`;

  it("answers JSON valid:true with the right in brief and the holder's ID number masked", async () => {
    const res = await world.request("GET", path(cert.signature), { token: null });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      valid: true,
      status: "valid",
      certificateNo: h.certificateNo,
      kind: "land-contract",
      title: "农村土地承包经营权证",
      issuedOn: TODAY,
      supersededBy: null,
      endedOn: null,
      right: { collectiveName: VILLAGE.name, contractCode: h.contractCode, mode: "household", startsOn: "1998-10-01", endsOn: "2028-09-30", totalAreaMu: "1.50", plotCount: 1 },
      holder: { name: h.head.name, idNumber: maskIdNumber(h.idNumber) },
    });
    expect(res.text).not.toContain(h.idNumber);
  });

  it("answers a browser with a mobile HTML page that says valid and masks the ID number", async () => {
    const res = await world.request("GET", path(cert.signature), { token: null, headers: { Accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html; charset=utf-8/i);
    expect(res.text).toContain('data-valid="true"');
    expect(res.text).toContain("证书真实有效");
    expect(res.text).toContain(h.certificateNo);
    expect(res.text).toContain(maskIdNumber(h.idNumber));
    expect(res.text).not.toContain(h.idNumber);
  });

  it("answers valid:false for a sig that is not the certificate's, and then shows neither holder nor right", async () => {
    for (const sig of [flipFirst(cert.signature), ""]) {
      const res = await world.request("GET", path(sig), { token: null });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ valid: false, status: "valid", reason: "differs_from_register", certificateNo: h.certificateNo, holder: null, right: null });
      expect(res.text).not.toContain(h.head.name);
    }
    const none = await world.request("GET", `/v1/certificates/${h.certificateNo}/verification`, { token: null });
    expect(none.body).toMatchObject({ valid: false, holder: null });
    const html = await world.request("GET", path(flipFirst(cert.signature)), { token: null, headers: { Accept: "text/html" } });
    expect(html.text).toContain('data-valid="false"');
    expect(html.text).toContain("核验未通过");
  });

  it("answers 404 certificate_not_found for an unknown certificate (an HTML page for a browser)", async () => {
    const unknown = `/v1/certificates/${contractorCode(VILLAGE.issuerCode, 997)}J-0001/verification?sig=${cert.signature}`;
    expectProblem(await world.request("GET", unknown, { token: null }), 404, "certificate_not_found");
    expectProblem(await world.request("GET", "/v1/certificates/garbage/verification", { token: null }), 404, "certificate_not_found");
    const html = await world.request("GET", unknown, { token: null, headers: { Accept: "text/html" } });
    expect(html.status).toBe(404);
    expect(html.text).toContain("查无此证");
  });
});

describe("GET /v1/certificates/{certificateNo}/document", () => {
  it("prints the land-contract certificate as HTML: number, title, household, plots with areas, and an SVG QR code", async () => {
    const h = await contractHousehold(9, [10, 11], { spouse: true });
    const cert = await certificate(h.certificateNo);
    const res = await world.request("GET", `/v1/certificates/${h.certificateNo}/document`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html; charset=utf-8/i);
    const html = res.text;
    expect(html.startsWith("<!doctype html>")).toBe(true);
    for (const text of [h.certificateNo, "农村土地承包经营权证", "家庭承包", h.contractCode, VILLAGE.name, h.head.name, "李秀兰9", "共有人", "3.75", "2.25", "1.50", ...h.plots])
      expect(html, text).toContain(text);
    expect(html).toMatch(/<figure[^>]*id="qr"[^>]*><svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(html).toContain("@page");
    expect(html).toContain(maskIdNumber(h.idNumber));
    expect(html).not.toContain(h.idNumber);
    expect(html).toContain(cert.keyId);
    expect(html).not.toContain("作废");
  });
});

describe("GET /.well-known/jwks.json and key rotation", () => {
  it("publishes the public keys without a token, cacheable, never a private part", async () => {
    const res = await world.request("GET", "/.well-known/jwks.json", { token: null });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/max-age=300/);
    expect(res.body.keys).toHaveLength(1);
    expect(res.body.keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig", kid: (await testKeyring()).activeKid });
    expect(res.body.keys[0].d).toBeUndefined();
  });

  it("after a rotation, keeps old certificates verifying, signs new ones with the new key, and lists both keys", async () => {
    const oldJwk = await testSigningJwk();
    const newJwk = await generateSigningJwk();
    const keyring = await createKeyring(newJwk, [oldJwk]);
    const rotated = createApp({ db: world.tdb.db, router: world.router, idKey: world.idKey, clock: world.clock, ids: createIdFactory(() => world.clock.nowMs()), keyring, publicBaseUrl: TEST_PUBLIC_BASE_URL });
    const oldKid = (await testKeyring()).activeKid;
    expect(keyring.activeKid).not.toBe(oldKid);

    const before = await certificate((await contractHousehold(12, [12])).certificateNo);
    expect(before.keyId).toBe(oldKid);
    expect((await verify(before, rotated)).body).toMatchObject({ valid: true, status: "valid" });

    // A contract registered through the rotated app is signed by the new key.
    const head = await member(world, VILLAGE.code, 130, "于海涛13");
    const contractor = contractorCode(VILLAGE.issuerCode, 13);
    await registerHousehold(world, VILLAGE, 13, [{ personId: head.id }]);
    await registerPlot(world, VILLAGE, 13);
    const registered = await world.requestOn(rotated, "POST", `/v1/collectives/${VILLAGE.code}/land-contracts`, {
      body: { contractCode: `${contractor}J`, contractorCode: contractor, plotCodes: [plotCode(VILLAGE.issuerCode, 13)], startsOn: "1998-10-01", endsOn: "2028-09-30" },
    });
    expect(registered.status, registered.text).toBe(201);
    const after = (await world.requestOn(rotated, "GET", `/v1/certificates/${contractor}J-0001`)).body as Certificate;
    expect(after.keyId).toBe(keyring.activeKid);
    expect((await verify(after, rotated)).body).toMatchObject({ valid: true, status: "valid" });
    // The old deployment never had the new key.
    expect((await verify(after)).body).toMatchObject({ valid: false, reason: "unknown_key" });

    const jwks = await world.requestOn(rotated, "GET", "/.well-known/jwks.json", { token: null });
    expect(jwks.body.keys.map((k: { kid: string }) => k.kid)).toEqual([keyring.activeKid, oldKid]);
    for (const key of jwks.body.keys) expect(key.d).toBeUndefined();
  });
});

describe("certificates with one database per county", () => {
  it("finds, prints and verifies a certificate in its county's database, routed by the number alone", async () => {
    const routed = await createWorld(undefined, { counties: ["371083"] });
    try {
      expect((await routed.request("POST", "/v1/collectives", { body: { ...VILLAGE, rules: { noticeDays: 0 } } })).status).toBe(201);
      const person = await routed.request("POST", "/v1/persons", { body: { idNumber: idNumber(1), name: "孙秀英", regionCode: VILLAGE.regionCode } });
      expect(person.status, person.text).toBe(201);
      expect((await routed.request("POST", `/v1/collectives/${VILLAGE.code}/members`, { body: { personId: person.body.id, joinedOn: "2020-01-01", basis: "original" } })).status).toBe(201);
      await registerHousehold(routed, VILLAGE, 1, [{ personId: person.body.id }]);
      await registerPlot(routed, VILLAGE, 1);
      await registerContract(routed, VILLAGE, 1, [1]);
      const no = `${contractorCode(VILLAGE.issuerCode, 1)}J-0001`;
      const county = await routed.counties["371083"]!.client.execute("SELECT COUNT(*) AS n FROM certificates");
      const directory = await routed.tdb.client.execute("SELECT COUNT(*) AS n FROM certificates");
      expect([Number(county.rows[0]!.n), Number(directory.rows[0]!.n)]).toEqual([1, 0]);

      const cert = await routed.request("GET", `/v1/certificates/${no}`);
      expect(cert.status, cert.text).toBe(200);
      expect((await routed.request("GET", `/v1/certificates/${no}/document`)).status).toBe(200);
      const verified = await routed.request("POST", "/v1/certificates/verification", { token: null, body: { payload: cert.body.payload, signature: cert.body.signature, keyId: cert.body.keyId } });
      expect(verified.body).toEqual({ valid: true, status: "valid", certificateNo: no });
      const page = await routed.request("GET", `/v1/certificates/${no}/verification?sig=${encodeURIComponent(cert.body.signature)}`, { token: null });
      expect(page.body).toMatchObject({ valid: true, status: "valid" });
    } finally {
      routed.close();
    }
  });
});
