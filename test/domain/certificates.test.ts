import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  CERTIFICATE_NO_PATTERN,
  countyOfCertificate,
  equityCertificateNo,
  parsePayload,
  rightCertificateNo,
  verificationOutcome,
  type CertificatePayload,
} from "../../src/domain/certificates.js";

/** Certificates, pure: the signed text's canonical form, numbering, routing by number, and the verification verdict. */
describe("canonicalJson", () => {
  it("sorts keys at every depth and writes no spaces, so one content has one text", () => {
    const a = { right: { plots: [{ b: 2, a: 1 }], areaMu: "1.50" }, certificateNo: "X-0001", holder: { name: "孙建国", idNumber: "3710**********1016" } };
    const b = { holder: { idNumber: "3710**********1016", name: "孙建国" }, certificateNo: "X-0001", right: { areaMu: "1.50", plots: [{ a: 1, b: 2 }] } };
    expect(canonicalJson(a)).toBe('{"certificateNo":"X-0001","holder":{"idNumber":"3710**********1016","name":"孙建国"},"right":{"areaMu":"1.50","plots":[{"a":1,"b":2}]}}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it.each([
    ["keeps array order", [3, 1, 2], "[3,1,2]"],
    ["writes null, booleans, numbers and strings as JSON", { n: null, t: true, f: false, i: 12, s: 'a"b' }, '{"f":false,"i":12,"n":null,"s":"a\\"b","t":true}'],
    ["drops undefined members, as JSON.stringify does", { a: undefined, b: 1 }, '{"b":1}'],
    ["sorts by code unit order (upper case before lower case)", { b: 1, B: 2, a: 3 }, '{"B":2,"a":3,"b":1}'],
    ["keeps non-ASCII text as it is", { 名称: "午极村" }, '{"名称":"午极村"}'],
    ["sorts objects nested in arrays in objects", { z: [{ y: { b: 1, a: 2 } }] }, '{"z":[{"y":{"a":2,"b":1}}]}'],
    ["writes empty objects and arrays", { a: {}, b: [] }, '{"a":{},"b":[]}'],
    ["writes a bare string", "文本", '"文本"'],
  ])("%s", (_, value, text) => {
    expect(canonicalJson(value)).toBe(text);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
  });
});

describe("certificate numbers", () => {
  it.each([
    ["371083108201000001J", 1, "371083108201000001J-0001"],
    ["371083108201000001J", 2, "371083108201000001J-0002"],
    ["371083108201000001J", 12, "371083108201000001J-0012"],
    ["371083001002JC00001W00000000", 3, "371083001002JC00001W00000000-0003"],
    ["371083108201000001J", 12345, "371083108201000001J-12345"],
  ])("numbers version %s of right %s as %s", (code, version, expected) => {
    expect(rightCertificateNo(code, version)).toBe(expected);
    expect(CERTIFICATE_NO_PATTERN.test(expected)).toBe(true);
  });

  it.each([
    ["37108310820100", 1, "37108310820100-GQ-000001"],
    ["37108310820100", 42, "37108310820100-GQ-000042"],
    ["37011410120101", 999999, "37011410120101-GQ-999999"],
  ])("numbers share certificate %s of issuer %s as %s", (issuer, n, expected) => {
    expect(equityCertificateNo(issuer, n)).toBe(expected);
    expect(CERTIFICATE_NO_PATTERN.test(expected)).toBe(true);
  });

  it.each([
    ["371083108201000001J-0001", "371083"],
    ["371083108201000001J-12345", "371083"],
    ["371083001002JC00001W00000000-0003", "371083"],
    ["37011410120101-GQ-000001", "370114"],
    ["370102101201000007Q-0002", "370102"],
    ["371083108201000001J", null],
    ["371083108201000001J-001", null],
    ["371083108201000001J-1234567", null],
    ["371083108201000001j-0001", null],
    ["37108-3108201000001J-0001", null],
    ["371083108201000001J-0001 ", null],
    ["N2371083MA0QW7T334-0001", null],
    ["garbage", null],
    ["", null],
  ])("routes %j to county %j, and the pattern agrees", (no, county) => {
    expect(countyOfCertificate(no)).toBe(county);
    expect(CERTIFICATE_NO_PATTERN.test(no)).toBe(county !== null);
  });
});

describe("parsePayload", () => {
  const payload: CertificatePayload = {
    format: "rural-rights-certificate/1",
    certificateNo: "371083108201000001J-0001",
    kind: "land-contract",
    title: "农村土地承包经营权证",
    issuedOn: "2026-11-27",
    issuer: { collectiveCode: "N2371083MA0QW7T334", collectiveName: "午极村", issuerCode: "37108310820100" },
    holder: {},
    right: {},
    replaces: null,
  };

  it("reads back a payload of this registry", () => {
    expect(parsePayload(canonicalJson(payload))).toEqual(payload);
  });

  it.each([
    ["not JSON", "{not json"],
    ["JSON null", "null"],
    ["an array", "[1]"],
    ["another format", canonicalJson({ ...payload, format: "other/1" })],
    ["an unknown kind", canonicalJson({ ...payload, kind: "mortgage" })],
    ["no certificate number", canonicalJson({ ...payload, certificateNo: 7 })],
  ])("answers null for %s", (_, text) => {
    expect(parsePayload(text)).toBeNull();
  });
});

describe("verificationOutcome", () => {
  const payload = { certificateNo: "371083108201000001J-0001" } as CertificatePayload;
  const text = '{"certificateNo":"371083108201000001J-0001"}';
  const presented = { payload: text, signature: "sig-A" };
  const registered = (status: "valid" | "superseded" | "cancelled" = "valid", change: Partial<{ payloadJson: string; signature: string }> = {}) => ({
    payloadJson: text,
    signature: "sig-A",
    status,
    ...change,
  });

  it.each([
    ["valid and current", "valid", payload, registered(), { valid: true, status: "valid" }],
    ["valid but superseded", "valid", payload, registered("superseded"), { valid: true, status: "superseded" }],
    ["valid but cancelled", "valid", payload, registered("cancelled"), { valid: true, status: "cancelled" }],
    // An unauthentic payload learns nothing of the register, not even the status of the number it names.
    ["signed by an unknown key", "unknown_key", payload, registered(), { valid: false, status: null, reason: "unknown_key" }],
    ["not matching its signature", "signature_mismatch", payload, registered("superseded"), { valid: false, status: null, reason: "signature_mismatch" }],
    ["not matching its signature, not in the register", "signature_mismatch", null, null, { valid: false, status: null, reason: "signature_mismatch" }],
    ["signed but not a certificate", "valid", null, null, { valid: false, status: null, reason: "malformed_payload" }],
    ["signed but not in the register", "valid", payload, null, { valid: false, status: null, reason: "not_in_register" }],
    ["signed but other text than the register's", "valid", payload, registered("valid", { payloadJson: `${text} ` }), { valid: false, status: "valid", reason: "differs_from_register" }],
    ["signed but another signature than the register's", "valid", payload, registered("valid", { signature: "sig-B" }), { valid: false, status: "valid", reason: "differs_from_register" }],
  ] as const)("%s", (_, signature, parsed, row, expected) => {
    expect(verificationOutcome(signature, parsed, row, presented)).toEqual(expected);
  });
});
