import { z } from "@hono/zod-openapi";
import { decimalString, LegalDate } from "../../schemas.js";

export const HomesteadInput = z
  .strictObject({
    unitNumber: z.string().openapi({ example: "371083001002JC00015F00010001", description: "28-character real-estate unit number (GB/T 37346), zone code JC" }),
    contractorCode: z.string().openapi({ example: "371083108201000001" }),
    areaM2: decimalString(2, "180.50", "Land area in m²"),
    approvedOn: LegalDate.openapi({ description: "Date of the township's approval (宅基地批准书), or of the legacy title" }),
    origin: z.enum(["grant", "existing"]).openapi({
      description: "grant: a new grant, one household one homestead, within the cap in force on approvedOn. existing: a legacy homestead registered as it is; an over-area or second (inherited) homestead gets its annotation (附记).",
    }),
    approvalRef: z.string().trim().min(1).max(100).optional().openapi({ example: "乳宅批〔2024〕015号" }),
    note: z.string().trim().min(1).max(300).optional().openapi({ description: "A further annotation, e.g. 该权利人为本农民集体原成员住宅的合法继承人" }),
  })
  .openapi("HomesteadInput");

export const HomesteadSchema = z
  .object({
    unitNumber: z.string(),
    collectiveCode: z.string(),
    contractorCode: z.string(),
    areaM2: z.string(),
    maxAreaM2: z.string().nullable().openapi({ description: "The cap in force on the approval date" }),
    approvedOn: z.string(),
    origin: z.enum(["grant", "existing"]),
    approvalRef: z.string().nullable(),
    status: z.enum(["active", "cancelled"]),
    annotations: z.array(z.object({ code: z.enum(["over-area", "multiple-homesteads", "note"]), text: z.string() })),
  })
  .openapi("Homestead");
