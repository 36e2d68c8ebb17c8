import { describe, it, expect } from "vitest";
import {
  parseResidentId,
  residentIdCheckCharacter,
  maskIdNumber,
  creditCodeCheckCharacter,
  organizationCodeCheckCharacter,
  checkCreditCode,
  checkEmbeddedOrganizationCode,
  checkCollectiveCreditCode,
  creditCodeRegion,
  checkDivisionCode,
  isVillagersCommitteeCode,
  isDevelopmentZoneCounty,
  checkIssuerCode,
  issuerLevel,
  checkContractorCode,
  contractorType,
  checkPlotCode,
  checkContractCode,
  contractMode,
  checkUnitNumber,
  checkHomesteadUnitNumber,
  type CollectiveLevel,
  type DivisionCodeLength,
} from "../../src/domain/identifiers/index.js";

// Expected check characters below were computed with an independent (python) implementation.

describe("resident ID — GB 11643 (domain.md §1.1)", () => {
  it.each([
    ["11010519491231002X", "1949-12-31", "female", "110105"],
    ["440524198001010013", "1980-01-01", "male", "440524"],
    ["370102199003075511", "1990-03-07", "male", "370102"],
    ["371323198506150025", "1985-06-15", "female", "371323"],
    ["370102200002291234", "2000-02-29", "male", "370102"], // leap day, 2000 divisible by 400
    ["370102180001011231", "1800-01-01", "male", "370102"], // earliest accepted year
  ])("%s is valid (born %s, %s)", (raw, birthDate, sex, addressCode) => {
    expect(parseResidentId(raw)).toEqual({
      ok: true, idNumber: raw, birthDate, sex, addressCode, upgradedFrom15: false,
    });
  });

  it.each([
    ["440524198001010014", "id_number_check_character_mismatch"], // must end in 3
    ["11010519490231002X", "id_number_birth_date_invalid"], // 1949-02-31
    ["370102190002291238", "id_number_birth_date_invalid"], // 1900-02-29: 1900 is not a leap year
    ["370102179912311237", "id_number_birth_date_invalid"], // year < 1800
    ["370102199013075515", "id_number_birth_date_invalid"], // month 13
    ["370102199003005515", "id_number_birth_date_invalid"], // day 00
    ["37010219900307551", "id_number_malformed"], // 17 characters
    ["3701021990030755111", "id_number_malformed"], // 19 characters
    ["37010219900307551A", "id_number_malformed"], // check char not 0-9/X
    ["3701021990030X5511", "id_number_malformed"], // X not in last position
    ["37010290030755", "id_number_malformed"], // 14 digits
    ["", "id_number_malformed"],
  ])("%s is rejected as %s", (raw, code) => {
    expect(parseResidentId(raw)).toEqual({ ok: false, code });
  });

  it("accepts lower-case x and normalises it to X", () => {
    expect(parseResidentId("11010519491231002x")).toMatchObject({ ok: true, idNumber: "11010519491231002X" });
  });

  it("trims surrounding whitespace", () => {
    expect(parseResidentId("  370102199003075511\n")).toMatchObject({ ok: true, idNumber: "370102199003075511" });
  });

  it("upgrades the 15-digit legacy number 370102900307551 to 370102199003075511", () => {
    expect(parseResidentId("370102900307551")).toEqual({
      ok: true, idNumber: "370102199003075511", birthDate: "1990-03-07", sex: "male",
      addressCode: "370102", upgradedFrom15: true,
    });
  });

  it("rejects a 15-digit number with an impossible date", () => {
    expect(parseResidentId("370102900230551")).toEqual({ ok: false, code: "id_number_birth_date_invalid" });
  });

  it.each([
    ["11010519491231002", "X"],
    ["44052419800101001", "3"],
    ["37010219900307551", "1"],
    ["37132319850615002", "5"],
    ["1101051949123100", ""], // 16 digits: no check character
  ])("check character of %s is %j", (body, check) => {
    expect(residentIdCheckCharacter(body)).toBe(check);
  });

  it.each([
    ["370102199003075511", "3701**********5511"],
    ["11010519491231002X", "1101**********002X"],
    ["370102900307551", "3701*******7551"],
    ["12345678", "******78"],
    ["123456789", "1234*6789"],
    ["ab", "ab"],
    ["", ""],
  ])("masks %j as %j", (raw, masked) => {
    expect(maskIdNumber(raw)).toBe(masked);
  });
});

describe("unified social credit code — GB 32100 / GB 11714 (domain.md §1.2)", () => {
  it.each([
    ["91350100M000100Y43", null, true],
    ["91330201MA282UF146", null, true],
    ["N2371083MA0QW7T334", null, true],
    ["N1370114MA3K8P2B5N", null, true],
    ["N3371321MA7D4R6C3M", null, true],
    ["N2371083MA0QW73T00", null, true], // synthetic: both check characters are "0" (wrap-around)
    ["N2371083MA0QW7T335", "credit_code_check_character_mismatch", true],
    ["N2371083MA0QW7TZ34", "credit_code_malformed", false],
    ["91350100M0001TGQXM", "credit_code_check_character_mismatch", true], // early pilot, expects "1"
  ])("%s → USCC %s, embedded org code valid: %s", (code, rejection, orgValid) => {
    expect(checkCreditCode(code)).toBe(rejection);
    expect(checkEmbeddedOrganizationCode(code)).toBe(orgValid);
  });

  it.each([
    ["91350100M000100Y4", "3"],
    ["91330201MA282UF14", "6"],
    ["N2371083MA0QW7T33", "4"],
    ["N1370114MA3K8P2B5", "N"],
    ["N3371321MA7D4R6C3", "M"],
    ["91350100M0001TGQX", "1"],
    ["N2371083MA0QW73T0", "0"], // S mod 31 = 0
    ["N2371083MA0QW7TZ3", ""], // Z is not a USCC character
  ])("credit-code check character of %s is %j", (first17, check) => {
    expect(creditCodeCheckCharacter(first17)).toBe(check);
  });

  it.each([
    ["M000100Y", "4"],
    ["MA282UF1", "4"],
    ["MA0QW7T3", "3"],
    ["MA3K8P2B", "5"],
    ["M0001TGQ", "X"], // c = 10
    ["MA0QW73T", "0"], // c = 11
    ["MA0QW7TZ", "5"],
    ["ma0qw7t3", ""],
  ])("organization-code check character of %s is %j", (body, check) => {
    expect(organizationCodeCheckCharacter(body)).toBe(check);
  });

  it.each([
    ["n2371083ma0qw7t334", "credit_code_malformed"], // lower case is not normalised
    ["N2371083MA0QW7T33", "credit_code_malformed"], // 17 characters
    ["N2371083MA0QW7T3344", "credit_code_malformed"], // 19 characters
    ["N2371083MA0QW7TI34", "credit_code_malformed"], // I is excluded
  ])("%s is rejected as %s", (code, rejection) => {
    expect(checkCreditCode(code)).toBe(rejection);
  });

  it.each<[string, CollectiveLevel, string | null]>([
    ["N1370114MA3K8P2B5N", "group", null],
    ["N2371083MA0QW7T334", "village", null],
    ["N3371321MA7D4R6C3M", "township", null],
    ["N2371083MA0QW7T334", "group", "credit_code_level_mismatch"],
    ["N2371083MA0QW7T334", "township", "credit_code_level_mismatch"],
    ["N1370114MA3K8P2B5N", "village", "credit_code_level_mismatch"],
    ["N9371083MA0QW7T33E", "group", "credit_code_level_mismatch"], // type 9 "other"
    ["N9371083MA0QW7T33E", "village", "credit_code_level_mismatch"],
    ["N9371083MA0QW7T33E", "township", "credit_code_level_mismatch"],
    ["91350100M000100Y43", "village", "credit_code_not_collective"],
    ["93371083MA0QW7T33E", "village", "credit_code_not_collective"], // farmers' cooperative
    ["Y1371083MA0QW7T33Y", "group", "credit_code_not_collective"],
    ["N2371083MA0QW7T335", "village", "credit_code_check_character_mismatch"],
    ["N2371083MA0QW7TZ34", "village", "credit_code_malformed"],
  ])("%s as a %s collective → %s", (code, level, rejection) => {
    expect(checkCollectiveCreditCode(code, level)).toBe(rejection);
  });

  it.each([
    ["N2371083MA0QW7T334", "371083"],
    ["N1370114MA3K8P2B5N", "370114"],
    ["91350100M000100Y43", "350100"],
  ])("region of %s is %s", (code, region) => {
    expect(creditCodeRegion(code)).toBe(region);
  });
});

describe("division codes — GB/T 2260 and NBS (domain.md §1.3)", () => {
  const all: readonly DivisionCodeLength[] = [2, 4, 6, 9, 12];
  it.each([
    "37", "3701", "3712", "370102", "370114", "371083", "370176", "370114101", "371083108",
    "371083108201", "371083108202", "371083108204", "110105", "440524", "650102", "71",
    "81", "82",
  ])("%s is structurally valid", (code) => {
    expect(checkDivisionCode(code, all)).toBeNull();
  });

  it.each<[string, readonly DivisionCodeLength[], string]>([
    ["37010a", [6], "region_code_malformed"], // non-digit
    [" 370102", [6], "region_code_malformed"],
    ["", [2], "region_code_malformed"],
    ["3701020", all, "region_code_malformed"], // length 7 never allowed
    ["370102", [12], "region_code_malformed"], // length not in the allowed list
    ["371083108201", [6], "region_code_malformed"],
    ["370102", [], "region_code_malformed"],
    ["3700", [4], "region_code_malformed"], // prefecture 00
    ["370002", [6], "region_code_malformed"],
    ["370100", [6], "region_code_malformed"], // county 00
    ["371083000", [9], "region_code_malformed"], // township 000
    ["371083108000", [12], "region_code_malformed"], // village 000
    ["10", [2], "region_code_unknown_province"],
    ["16", [2], "region_code_unknown_province"],
    ["380102", [6], "region_code_unknown_province"],
    ["470102", [6], "region_code_unknown_province"],
    ["550102", [6], "region_code_unknown_province"],
    ["72", [2], "region_code_unknown_province"],
    ["83", [2], "region_code_unknown_province"],
    ["000000000000", [12], "region_code_unknown_province"],
  ])("%j with lengths %j → %s", (code, lengths, rejection) => {
    expect(checkDivisionCode(code, lengths)).toBe(rejection);
  });

  it.each([
    ["371083108201", true],
    ["371083108200", true],
    ["371083108399", true],
    ["371083108199", false], // residents' committee
    ["371083108400", false],
    ["37108310820", false],
  ])("isVillagersCommitteeCode(%s) = %s", (code, expected) => {
    expect(isVillagersCommitteeCode(code)).toBe(expected);
  });

  it.each([
    ["370176", true],
    ["370171", true],
    ["370179", true],
    ["370170", false],
    ["370181", false],
    ["370114", false],
    ["37017", false],
  ])("isDevelopmentZoneCounty(%s) = %s", (code, expected) => {
    expect(isDevelopmentZoneCounty(code)).toBe(expected);
  });
});

describe("land-contract element codes — GB/T 35958 (domain.md §1.4.5)", () => {
  const byKind = {
    issuer: checkIssuerCode,
    contractor: checkContractorCode,
    plot: checkPlotCode,
    contract: checkContractCode,
  } as const;

  it.each<[string, keyof typeof byKind, string | null]>([
    ["37108310820101", "issuer", null],
    ["37108310820100", "issuer", null],
    ["371083108201010001", "contractor", null],
    ["371083108201018001", "contractor", null],
    ["371083108201019001", "contractor", null],
    ["3710831082010100001", "plot", null],
    ["371083108201010001J", "contract", null],
    ["371083108201010001Q", "contract", null],
    ["371083108201010000", "contractor", "contractor_code_malformed"], // sequence 0000
    ["37108310820101000", "contractor", "contractor_code_malformed"], // 17 characters
    ["3710831082010100000", "plot", "plot_code_malformed"], // sequence 00000
    ["371083108201010001X", "contract", "contract_code_malformed"], // mode letter
    ["371083108201010000J", "contract", "contract_code_malformed"], // contractor sequence 0000
    ["371083108201010001j", "contract", "contract_code_malformed"],
    ["3710831082010", "issuer", "issuer_code_malformed"], // 13 digits
    ["3710831082010A", "issuer", "issuer_code_malformed"],
    ["99108310820101", "issuer", "issuer_code_malformed"], // unknown province
    ["37100010820101", "issuer", "issuer_code_malformed"], // county 00
    ["991083108201010001", "contractor", "contractor_code_malformed"],
    ["9910831082010100001", "plot", "plot_code_malformed"],
    ["37108310820101000001", "plot", "plot_code_malformed"], // 20 digits
  ])("%s (%s) → %s", (code, kind, rejection) => {
    expect(byKind[kind](code)).toBe(rejection);
  });

  it.each([
    ["37108310820101", "group"],
    ["37108310820100", "village"],
  ])("issuerLevel(%s) = %s", (code, level) => {
    expect(issuerLevel(code)).toBe(level);
  });

  it.each([
    ["371083108201010001", "household"],
    ["371083108201018000", "household"],
    ["371083108201018001", "individual"],
    ["371083108201019000", "individual"],
    ["371083108201019001", "organization"],
    ["371083108201019999", "organization"],
  ])("contractorType(%s) = %s", (code, type) => {
    expect(contractorType(code)).toBe(type);
  });

  it.each([
    ["371083108201010001J", "household"],
    ["371083108201010001Q", "other"],
  ])("contractMode(%s) = %s", (code, mode) => {
    expect(contractMode(code)).toBe(mode);
  });
});

describe("real-estate unit number — GB/T 37346 (domain.md §1.5)", () => {
  it.each([
    ["320802001017JC00001W00000000", null, null],
    ["371083001002JC00015F00010001", null, null],
    ["371083001002JC00015W00000000", null, null],
    ["371083001002JD00001W00000000", null, "unit_number_not_homestead"],
    ["371083001002GC00015F00010001", "unit_number_malformed", "unit_number_malformed"], // C only with J
    ["371083001002JC00015W00010001", "unit_number_malformed", "unit_number_malformed"], // W needs 00000000
    ["371083001002JC00000W00000000", "unit_number_malformed", "unit_number_malformed"], // parcel 00000
    ["371083001002GA00015W00000000", "unit_number_malformed", "unit_number_malformed"], // A only with J
    ["371083001002ZC00015W00000000", "unit_number_malformed", "unit_number_malformed"],
    ["371083001002GB00015F00010001", null, "unit_number_not_homestead"],
    ["371083001002JI00015W00000000", "unit_number_malformed", "unit_number_malformed"], // I not a use-right letter
    ["371083001002KC00015W00000000", "unit_number_malformed", "unit_number_malformed"], // K not an ownership letter
    ["371083001002JC00015X00000000", "unit_number_malformed", "unit_number_malformed"], // X not a fixture code
    ["371083001002JC00015F0001000", "unit_number_malformed", "unit_number_malformed"], // 27 characters
    ["991083001002JC00015F00010001", "unit_number_malformed", "unit_number_malformed"], // unknown province
    ["371000001002JC00015F00010001", "unit_number_malformed", "unit_number_malformed"], // county 00
    ["371083001002jc00015w00000000", "unit_number_malformed", "unit_number_malformed"],
  ])("%s → unit %s, homestead %s", (code, unitRejection, homesteadRejection) => {
    expect(checkUnitNumber(code)).toBe(unitRejection);
    expect(checkHomesteadUnitNumber(code)).toBe(homesteadRejection);
  });
});
