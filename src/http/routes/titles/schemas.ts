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
    act: z.enum(["first-registration", "transfer", "withdrawal", "succession", "correction"]).openapi({ description: "The registration that began this version" }),
    applicationId: z.string().nullable().openapi({ description: "The transfer or withdrawal application that made the change" }),
    journalSeq: z.number().int().openapi({ description: "The journal event of that act (0 for rights registered before title history existed)" }),
    recordedAt: z.string().openapi({ description: "When the register wrote this version (record time)" }),
    recordEndedAt: z.string().nullable().openapi({ description: "When the register replaced this version's record (null: the current record)" }),
    certificateNo: z.string().nullable().openapi({ description: "The certificate evidencing it: the right's valid certificate for the current title, else the one issued with the version" }),
  })
  .openapi("TitleVersion");

export const TitleAsOf = z
  .object({ asOf: z.string(), recordedAsOf: z.string().nullable(), title: TitleVersion.nullable().openapi({ description: "Null: nobody held it then (not yet registered)" }) })
  .openapi("TitleAsOf");

export const TitleHistory = z
  .object({
    kind: z.enum(["plot", "homestead"]),
    subject: z.string(),
    collectiveCode: z.string(),
    recordedAsOf: z.string().nullable(),
    versions: z.array(TitleVersion).openapi({ description: "Chain of title, oldest first" }),
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
