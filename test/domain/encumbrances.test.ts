import { describe, expect, it } from "vitest";
import {
  blockingEncumbrance,
  checkEncumbranceRequest,
  checkLawsuit,
  checkRelease,
  findBlocking,
  objectionEffectiveUntil,
  statusOn,
  type EncumberedAction,
  type EncumbranceFacts,
  type EncumbranceKind,
} from "../../src/domain/encumbrances.js";

/** Registered 2026-11-27: an objection then has effect up to and including 2026-12-12 (15 days, Civil Code Art. 220). */
const on = (kind: EncumbranceKind, change: Partial<EncumbranceFacts> = {}): EncumbranceFacts => ({
  id: `enc_${kind}`,
  kind,
  subjectKind: "plot",
  subject: "3710831082010000001",
  registeredOn: "2026-11-27",
  effectiveUntil: kind === "objection" ? "2026-12-12" : null,
  lawsuitRecordedOn: null,
  liftedOn: null,
  ...change,
});

describe("objectionEffectiveUntil", () => {
  it.each([
    ["2026-11-27", "2026-12-12"],
    ["2026-12-20", "2027-01-04"],
    ["2028-02-20", "2028-03-06"],
  ])("an objection registered %s has effect until %s", (registeredOn, until) => {
    expect(objectionEffectiveUntil(registeredOn)).toBe(until);
  });
});

describe("statusOn (computed from the date at every read)", () => {
  it.each<[string, EncumbranceFacts, string, string]>([
    ["an objection on its registration day", on("objection"), "2026-11-27", "in-effect"],
    ["an objection on its 15th day", on("objection"), "2026-12-12", "in-effect"],
    ["an objection on the 16th day without a lawsuit", on("objection"), "2026-12-13", "lapsed"],
    ["an objection a year on, with a lawsuit recorded in time", on("objection", { lawsuitRecordedOn: "2026-12-12" }), "2027-11-27", "in-effect"],
    ["an objection whose lawsuit came after it lapsed (never recorded so, but guarded)", on("objection", { lawsuitRecordedOn: "2026-12-13" }), "2026-12-13", "lapsed"],
    ["an objection lifted the day before", on("objection", { liftedOn: "2026-12-01" }), "2026-12-02", "lifted"],
    ["an objection lifted that very day", on("objection", { liftedOn: "2026-12-01" }), "2026-12-01", "lifted"],
    ["an objection the day before its lifting", on("objection", { liftedOn: "2026-12-01" }), "2026-11-30", "in-effect"],
    ["a seizure until lifted, years later", on("seizure"), "2036-01-01", "in-effect"],
    ["a seizure on its last day", on("seizure", { effectiveUntil: "2029-11-26" }), "2029-11-26", "in-effect"],
    ["a seizure the day after its term", on("seizure", { effectiveUntil: "2029-11-26" }), "2029-11-27", "expired"],
    ["a pledge lifted", on("pledge", { liftedOn: "2027-01-01" }), "2027-06-01", "lifted"],
    ["a management right within its term", on("management-right", { effectiveUntil: "2031-12-31" }), "2030-01-01", "in-effect"],
  ])("%s → %s", (_name, e, today, expected) => {
    expect(statusOn(e, today)).toBe(expected);
  });
});

describe("blockingEncumbrance", () => {
  const ALL: EncumberedAction[] = ["transfer", "withdrawal", "succession", "correction", "extension", "household-change"];
  it.each(ALL)("a seizure blocks %s with right_seized", (action) => {
    expect(blockingEncumbrance([on("seizure")], action, "2026-11-27")).toBe("right_seized");
  });
  it.each<[EncumberedAction, string | null]>([
    ["transfer", "right_under_objection"],
    ["withdrawal", "right_under_objection"],
    ["succession", null],
    ["correction", null],
    ["extension", null],
    ["household-change", null],
  ])("an objection in effect: %s → %s", (action, expected) => {
    expect(blockingEncumbrance([on("objection")], action, "2026-11-27")).toBe(expected);
  });
  it.each<[EncumberedAction, string | null]>([
    ["transfer", "right_pledged"],
    ["withdrawal", "right_pledged"],
    ["succession", null],
    ["correction", null],
  ])("a pledge without consent: %s → %s", (action, expected) => {
    expect(blockingEncumbrance([on("pledge")], action, "2026-11-27")).toBe(expected);
  });
  it.each(ALL)("a management-right registration never blocks (%s)", (action) => {
    expect(blockingEncumbrance([on("management-right", { effectiveUntil: "2031-12-31" })], action, "2026-11-27")).toBeNull();
  });

  it.each<[string, EncumbranceFacts[], string, { consentedIds?: Set<string>; deferPledges?: boolean }, string | null]>([
    ["nothing registered", [], "2026-11-27", {}, null],
    ["a lapsed objection no longer blocks", [on("objection")], "2026-12-13", {}, null],
    ["an objection with its lawsuit still blocks after 15 days", [on("objection", { lawsuitRecordedOn: "2026-12-01" })], "2027-03-01", {}, "right_under_objection"],
    ["a lifted seizure no longer blocks", [on("seizure", { liftedOn: "2026-12-01" })], "2026-12-01", {}, null],
    ["an expired seizure no longer blocks", [on("seizure", { effectiveUntil: "2026-11-30" })], "2026-12-01", {}, null],
    ["a pledge with its pledgee's consent to this application", [on("pledge")], "2026-11-27", { consentedIds: new Set(["enc_pledge"]) }, null],
    ["a pledge with another pledge's consent only", [on("pledge"), on("pledge", { id: "enc_second" })], "2026-11-27", { consentedIds: new Set(["enc_pledge"]) }, "right_pledged"],
    ["a pledge at the application (consents come later)", [on("pledge")], "2026-11-27", { deferPledges: true }, null],
    ["a seizure at the application too", [on("seizure"), on("pledge")], "2026-11-27", { deferPledges: true }, "right_seized"],
    ["precedence: seizure before objection before pledge", [on("pledge"), on("objection"), on("seizure")], "2026-11-27", {}, "right_seized"],
    ["precedence: objection before pledge", [on("pledge"), on("objection")], "2026-11-27", {}, "right_under_objection"],
    ["a consented pledge does not hide an objection", [on("pledge"), on("objection")], "2026-11-27", { consentedIds: new Set(["enc_pledge"]) }, "right_under_objection"],
  ])("%s → %s", (_name, list, today, opts, expected) => {
    expect(blockingEncumbrance(list, "transfer", today, opts)).toBe(expected);
  });

  it("names the earliest blocking encumbrance of the kind that blocks", () => {
    const later = on("seizure", { id: "enc_later", registeredOn: "2026-11-28" });
    const earlier = on("seizure", { id: "enc_earlier", registeredOn: "2026-11-20" });
    expect(findBlocking([later, earlier], "succession", "2026-11-28")?.encumbrance.id).toBe("enc_earlier");
  });
});

describe("checkEncumbranceRequest", () => {
  it.each<[string, Parameters<typeof checkEncumbranceRequest>[0], string | null]>([
    ["an objection on a plot", { kind: "objection", subjectKind: "plot", registeredOn: "2026-11-27" }, null],
    ["a seizure of shares with a term", { kind: "seizure", subjectKind: "equity", registeredOn: "2026-11-27", effectiveUntil: "2029-11-26" }, null],
    ["a pledge on a contract", { kind: "pledge", subjectKind: "land-contract", registeredOn: "2026-11-01" }, null],
    ["a pledge of shares", { kind: "pledge", subjectKind: "equity", registeredOn: "2026-11-01" }, null],
    ["a management right on a plot", { kind: "management-right", subjectKind: "plot", registeredOn: "2026-11-27" }, null],
    ["a seizure with a one-day term", { kind: "seizure", subjectKind: "homestead", registeredOn: "2026-11-27", effectiveUntil: "2026-11-27" }, null],
    ["registered tomorrow", { kind: "seizure", subjectKind: "plot", registeredOn: "2026-11-28" }, "date_in_future"],
    ["a pledge on a homestead", { kind: "pledge", subjectKind: "homestead", registeredOn: "2026-11-27" }, "encumbrance_subject_invalid"],
    ["a management right on a contract", { kind: "management-right", subjectKind: "land-contract", registeredOn: "2026-11-27" }, "encumbrance_subject_invalid"],
    ["an objection with its own end", { kind: "objection", subjectKind: "plot", registeredOn: "2026-11-27", effectiveUntil: "2026-12-31" }, "objection_lapse_fixed_by_law"],
    ["a seizure ending before it begins", { kind: "seizure", subjectKind: "plot", registeredOn: "2026-11-27", effectiveUntil: "2026-11-26" }, "encumbrance_period_invalid"],
    // Precedence: the date, then the subject, then the period.
    ["a future pledge on a homestead", { kind: "pledge", subjectKind: "homestead", registeredOn: "2026-12-01" }, "date_in_future"],
    ["a homestead pledge ending before it begins", { kind: "pledge", subjectKind: "homestead", registeredOn: "2026-11-27", effectiveUntil: "2026-11-01" }, "encumbrance_subject_invalid"],
  ])("%s → %s", (_name, request, expected) => {
    expect(checkEncumbranceRequest(request, "2026-11-27")).toBe(expected);
  });
});

describe("checkLawsuit", () => {
  it.each<[string, EncumbranceFacts, string, string | null]>([
    ["an objection on its first day", on("objection"), "2026-11-27", null],
    ["an objection on its last day", on("objection"), "2026-12-12", null],
    ["an objection after it lapsed", on("objection"), "2026-12-13", "objection_lapsed"],
    ["a second lawsuit", on("objection", { lawsuitRecordedOn: "2026-11-28" }), "2026-11-29", "lawsuit_already_recorded"],
    ["a lifted objection", on("objection", { liftedOn: "2026-11-28" }), "2026-11-29", "encumbrance_not_in_effect"],
    ["a seizure", on("seizure"), "2026-11-27", "lawsuit_recorded_only_on_objections"],
  ])("%s → %s", (_name, e, today, expected) => {
    expect(checkLawsuit(e, today)).toBe(expected);
  });
});

describe("checkRelease", () => {
  it.each<[string, EncumbranceFacts, string, string, string | null]>([
    ["a seizure lifted today", on("seizure"), "2026-12-01", "2026-12-01", null],
    ["a seizure lifted by an order of last week", on("seizure"), "2026-12-01", "2026-12-08", null],
    ["a seizure lifted on its registration day", on("seizure"), "2026-11-27", "2026-11-27", null],
    ["an objection within its 15 days", on("objection"), "2026-12-05", "2026-12-05", null],
    ["a lift dated tomorrow", on("seizure"), "2026-12-02", "2026-12-01", "date_in_future"],
    ["a lift before the registration", on("seizure"), "2026-11-26", "2026-12-01", "encumbrance_lift_invalid"],
    ["a second lift", on("seizure", { liftedOn: "2026-11-30" }), "2026-12-01", "2026-12-01", "encumbrance_not_in_effect"],
    ["a lapsed objection", on("objection"), "2026-12-13", "2026-12-13", "encumbrance_not_in_effect"],
    ["an expired seizure", on("seizure", { effectiveUntil: "2026-11-30" }), "2026-12-01", "2026-12-01", "encumbrance_not_in_effect"],
  ])("%s → %s", (_name, e, liftedOn, today, expected) => {
    expect(checkRelease(e, liftedOn, today)).toBe(expected);
  });
});
