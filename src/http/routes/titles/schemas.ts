import { z } from "@hono/zod-openapi";
import { LegalDate } from "../../schemas.js";

/** `asOf` and `recordedAsOf` query parameters of title reads (valid time and record time). */
export const AsOfQuery = z.strictObject({
  asOf: LegalDate.optional().openapi({
    description: "Who held it in law at the end of this day (China Standard Time). Default: today.",
    example: "2024-05-01",
  }),
  recordedAsOf: LegalDate.optional().openapi({
    description:
      "Answer as the register said at the end of this day (record time): a later correction or a backdated registration is not seen. Default: the register as it is now.",
    example: "2025-01-01",
  }),
});

export const RecordedAsOfQuery = AsOfQuery.pick({ recordedAsOf: true });

export const TitleVersion = z
  .object({
    kind: z.enum(["plot", "homestead", "equity"]),
    subject: z.string().openapi({ description: "The plot code, the homestead's unit number, or the equity account (a person id, or @collective)" }),
    collectiveCode: z.string(),
    holder: z.object({
      kind: z.enum(["household", "person", "collective"]),
      id: z.string().openapi({ description: "A contractor code (household), a person id, or the collective's code (land or a homestead returned to it)" }),
      name: z.string().nullable().openapi({ description: "The household's representative, the person, or the collective" }),
    }),
    contractCode: z.string().nullable().openapi({ description: "Plots: the contract under which the household held it" }),
    shares: z.string().nullable().openapi({ description: "Equity: the holding in this version (0 once all is given up)", example: "12" }),
    validFrom: z.string().openapi({ description: "Held in law from this legal date (CST)", example: "2019-10-01" }),
    validTo: z.string().nullable().openapi({ description: "…until this date, when the next version began (exclusive); null: still held" }),
    act: z.enum(["first-registration", "transfer", "withdrawal", "succession", "correction", "household-split", "household-merge"]).openapi({ description: "The registration that began this version" }),
    applicationId: z.string().nullable().openapi({ description: "The transfer or withdrawal application that made the change" }),
    journalSeq: z.number().int().openapi({ description: "The journal event of that act (0 for rights registered before title history existed)" }),
    recordedAt: z.string().openapi({ description: "When the register wrote this version (record time)" }),
    recordEndedAt: z.string().nullable().openapi({ description: "When the register replaced this version's record (null: the current record)" }),
    certificateNo: z.string().nullable().openapi({ description: "The certificate evidencing it: the right's valid certificate for the current title, else the one issued with the version" }),
  })
  .openapi("TitleVersion");

/** An encumbrance as shown with a title (the full record: /v1/collectives/{code}/encumbrances/{id}). */
export const EncumbranceNote = z
  .object({
    id: z.string(),
    kind: z.enum(["objection", "seizure", "pledge", "management-right"]).openapi({ description: "异议登记, 查封, 抵押/质押, 土地经营权登记" }),
    subjectKind: z.enum(["plot", "land-contract", "homestead", "equity"]),
    subject: z.string().openapi({ description: "The plot, the contract it is under, the homestead, or the person whose shares" }),
    party: z.string().openapi({ description: "The objector, the court, the pledgee, the management right's holder" }),
    documentRef: z.string(),
    registeredOn: z.string(),
    effectiveUntil: z.string().nullable().openapi({ description: "Its last day of effect (an objection's: registeredOn + 15 days unless a lawsuit is recorded); null: until lifted" }),
    lawsuitRef: z.string().nullable(),
    liftedOn: z.string().nullable(),
    status: z.enum(["in-effect", "lifted", "lapsed", "expired"]),
    inEffect: z.boolean().openapi({ description: "In effect today (China Standard Time), computed at every read" }),
  })
  .openapi("EncumbranceNote");

export const FactVersion = z
  .object({
    id: z.string(),
    facts: z.record(z.string(), z.unknown()).openapi({ description: "The facts as recorded in this version (a plot: name, areaMu, boundaries; a homestead: areaM2, approvalRef, annotations; a person: name)" }),
    recordedAt: z.string().openapi({ description: "When the register began to hold these facts (the original: when the thing was registered)" }),
    recordEndedAt: z.string().nullable().openapi({ description: "When a correction replaced them (null: the current facts)" }),
    evidenceRef: z.string().nullable().openapi({ description: "The correction's evidence (null for the original facts)" }),
    reason: z.string().nullable(),
    journalSeq: z.number().int(),
  })
  .openapi("FactVersion");

export const TitleAsOf = z
  .object({
    asOf: z.string(),
    recordedAsOf: z.string().nullable(),
    title: TitleVersion.nullable().openapi({ description: "Null: nobody held it then (not yet registered)" }),
    encumbrances: z.array(EncumbranceNote).openapi({ description: "Encumbrances registered on the right (a plot's: also on its current contract), oldest first, each in effect or not today" }),
  })
  .openapi("TitleAsOf");

export const TitleHistory = z
  .object({
    kind: z.enum(["plot", "homestead"]),
    subject: z.string(),
    collectiveCode: z.string(),
    recordedAsOf: z.string().nullable(),
    versions: z.array(TitleVersion).openapi({ description: "Chain of title, oldest first" }),
    encumbrances: z.array(EncumbranceNote).openapi({ description: "Encumbrances registered on the right, oldest first, each in effect or not today" }),
    corrections: z.array(FactVersion).openapi({ description: "The recorded versions of its facts (corrections, 更正登记), oldest record first; empty when never corrected" }),
  })
  .openapi("TitleHistory");

export const EquityHistory = z
  .object({
    collectiveCode: z.string(),
    personId: z.string().nullable(),
    recordedAsOf: z.string().nullable(),
    versions: z.array(TitleVersion).openapi({ description: "Each account's chain of title, oldest first (grouped by account when no personId is given)" }),
  })
  .openapi("EquityHistory");
