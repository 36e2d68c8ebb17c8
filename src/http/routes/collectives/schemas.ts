import { z } from "@hono/zod-openapi";
import { decimalString, LegalDate } from "../../schemas.js";

export const RulesInput = z
  .strictObject({
    noticeDays: z.number().int().min(0).max(30).optional().openapi({ description: "Public-notice days for transfer and withdrawal applications (0–30, default 7)", example: 7 }),
    homesteadMaxAreaM2: decimalString(2, "200.00", "Cap for a homestead grant in m² (the county's standard within the provincial one)").nullable().optional(),
    equityHoldingCapPercent: decimalString(4, "3", "Cap on one holder's share of all issued shares, in percent").nullable().optional(),
    regrantAfterHomesteadWithdrawal: z.boolean().optional().openapi({ description: "Whether a household that withdrew from its homestead may be granted another (default false)" }),
    heirsMustBeMembers: z.boolean().optional().openapi({ description: "Whether only active members may inherit shares (default false: a non-member heir holds them, annotated `non-member-heir` on the cap table)" }),
    successionWithinHoldingCap: z.boolean().optional().openapi({ description: "Whether a succession must keep each heir within equityHoldingCapPercent (default false)" }),
  })
  .openapi("CollectiveRulesInput");

export const Rules = z
  .object({
    noticeDays: z.number().int(),
    homesteadMaxAreaM2: z.string().nullable(),
    equityHoldingCapPercent: z.string().nullable(),
    regrantAfterHomesteadWithdrawal: z.boolean(),
    heirsMustBeMembers: z.boolean(),
    successionWithinHoldingCap: z.boolean(),
  })
  .openapi("CollectiveRules");

export const Level = z.enum(["group", "village", "township"]).openapi({
  description: "group = 组级 (USCC type digit 1), village = 村级 (2), township = 乡镇级 (3); NY/T 2539 C.6 codes 31/32/33",
});

export const Collective = z
  .object({
    code: z.string().openapi({ example: "N2371083MA0QW7T334", description: "Unified social credit code (GB 32100), department N" }),
    name: z.string().openapi({ example: "乳山市午极镇午极村股份经济合作社" }),
    level: Level,
    regionCode: z.string().openapi({ example: "371083108201", description: "12-digit statistical code of the village (9-digit township code for a township-level organization)" }),
    issuerCode: z.string().openapi({ example: "37108310820100", description: "14-digit issuing-party code (GB/T 35958)" }),
    rules: Rules.openapi({ description: "The rules in force today (China Standard Time)" }),
    rulesHistory: z.array(
      z.object({ version: z.number().int(), effectiveOn: z.string(), rules: Rules, resolutionRef: z.string().nullable() }),
    ).openapi({ description: "Every version; version 1 (the rules given at registration) is in force from the beginning (0001-01-01)" }),
    createdAt: z.string(),
  })
  .openapi("Collective");

export const CollectiveInput = z
  .strictObject({
    code: z.string().openapi({ example: "N2371083MA0QW7T334" }),
    name: z.string().trim().min(1).max(100).openapi({ example: "乳山市午极镇午极村股份经济合作社" }),
    level: Level,
    regionCode: z.string().openapi({ example: "371083108201" }),
    issuerCode: z.string().openapi({ example: "37108310820100" }),
    rules: RulesInput.optional(),
  })
  .openapi("CollectiveInput");

export const RulesChangeInput = z
  .strictObject({
    rules: RulesInput,
    resolutionRef: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .openapi({
        example: "午极村成员大会决议〔2025〕3号",
        description: "A recorded, passing resolution of the members' general meeting on rules-change, held on or before effectiveOn (422 resolution_held_after_act)",
      }),
    effectiveOn: LegalDate,
  })
  .openapi("CollectiveRulesChange");
