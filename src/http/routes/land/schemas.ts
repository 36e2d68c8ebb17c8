import { EncumbranceNote, TitleVersion } from "../titles/schemas.js";
import { z } from "@hono/zod-openapi";
import { decimalString, LegalDate } from "../../schemas.js";

export const LandUse = z.enum(["cropping", "forestry", "livestock", "fishery", "non-farm"]).openapi({
  description: "Land use, NY/T 2539 C.9: cropping 1 种植业, forestry 2 林业, livestock 3 畜牧业, fishery 4 渔业, non-farm 5 非农用途",
});
export const PlotCategory = z.enum(["contracted", "private", "reserved", "reclaimed", "other"]).openapi({
  description: "Plot category, NY/T 2539 C.7: contracted 10 承包地块, private 21 自留地, reserved 22 机动地, reclaimed 23 开荒地, other 99",
});

const Boundaries = z.strictObject({
  east: z.string().trim().min(1).max(100).openapi({ example: "王家地" }),
  south: z.string().trim().min(1).max(100).openapi({ example: "生产路" }),
  west: z.string().trim().min(1).max(100).openapi({ example: "水渠" }),
  north: z.string().trim().min(1).max(100).openapi({ example: "李家地" }),
});

const Position = z.tuple([z.number(), z.number()]).rest(z.number());
const Polygon = z
  .strictObject({
    type: z.literal("Polygon"),
    coordinates: z.array(z.array(Position).min(4)).min(1),
  })
  .openapi("GeoJsonPolygon", { description: "GeoJSON Polygon (RFC 7946) of the plot's outline" });

export const PlotInput = z
  .strictObject({
    plotCode: z.string().openapi({ example: "3710831082010000001", description: "19 digits: issuing-party code + sequence 00001–99999 (GB/T 35958)" }),
    name: z.string().trim().min(1).max(50).optional().openapi({ example: "东岭地" }),
    // At most 9 integer digits (not the shared 12): 1/10,000 mu units must stay exact integers below 2^53.
    areaMu: z
      .string()
      .regex(/^(0|[1-9]\d{0,8})(\.\d{1,4})?$/, 'must be a decimal string below 1000000000 with at most 4 decimal places, e.g. "1.25"')
      .openapi({ example: "1.25", description: "Contract area in mu (亩; 1 mu = 10000/15 m² exactly), up to 4 decimal places" }),
    areaM2: decimalString(2, "833.33", "Measured area in m² (kept as given)").optional(),
    landUse: LandUse,
    category: PlotCategory.optional(),
    basicFarmland: z.boolean().optional(),
    boundaries: Boundaries,
    geometry: Polygon.optional(),
  })
  .openapi("PlotInput");

export const PlotSchema = z
  .object({
    plotCode: z.string(),
    collectiveCode: z.string(),
    name: z.string().nullable(),
    areaMu: z.string().openapi({ example: "1.25" }),
    areaM2: z.string().nullable(),
    landUse: LandUse,
    category: PlotCategory,
    basicFarmland: z.boolean(),
    boundaries: z.object({ east: z.string(), south: z.string(), west: z.string(), north: z.string() }),
    geometry: z.any().nullable(),
  })
  .openapi("Plot");

export const PlotWithHolder = PlotSchema.extend({
  currentContract: z
    .object({ contractCode: z.string(), mode: z.enum(["household", "other"]), startsOn: z.string(), endsOn: z.string(), certificateNo: z.string().nullable() })
    .nullable(),
  holder: z
    .object({ contractorCode: z.string(), representative: z.object({ personId: z.string(), name: z.string() }).nullable() })
    .nullable()
    .openapi({ description: "The household holding the contract right now" }),
  asOf: z.string().openapi({ description: "The legal date of `title`" }),
  recordedAsOf: z.string().nullable(),
  title: TitleVersion.nullable().openapi({ description: "Who held the plot at the end of `asOf` (as recorded on `recordedAsOf`), with its certificate" }),
  encumbrances: z.array(EncumbranceNote).openapi({ description: "Encumbrances on the plot and on its current contract, oldest first, each in effect or not today (CST)" }),
}).openapi("PlotWithHolder");

export const ContractInput = z
  .strictObject({
    contractCode: z.string().openapi({ example: "371083108201000001J", description: "19 characters: the contractor code + J (household contracting) or Q (other methods)" }),
    contractorCode: z.string().openapi({ example: "371083108201000001" }),
    plotCodes: z.array(z.string()).min(1).max(200),
    startsOn: LegalDate,
    endsOn: LegalDate,
    certificateNo: z.string().trim().min(1).max(50).optional().openapi({ example: "鲁(2018)乳山市农村土地承包经营权第000123号" }),
  })
  .openapi("LandContractInput");

export const ContractSchema = z
  .object({
    contractCode: z.string(),
    collectiveCode: z.string(),
    contractorCode: z.string(),
    mode: z.enum(["household", "other"]).openapi({ description: "household = 家庭承包 (J, C.10 code 110); other = 其他方式承包 (Q, 120)" }),
    startsOn: z.string(),
    endsOn: z.string(),
    certificateNo: z.string().nullable(),
    status: z.enum(["active", "ended"]),
    plots: z.array(z.object({ plotCode: z.string(), name: z.string().nullable(), areaMu: z.string() })),
    plotCount: z.number().int(),
    totalAreaMu: z.string(),
  })
  .openapi("LandContract");

export const CirculationInput = z
  .strictObject({
    kind: z.enum(["lease", "sublease", "shares", "other"]).openapi({ description: "lease 出租, sublease 转包, shares 入股, other 其他 (RLCL Art. 36)" }),
    transferee: z.strictObject({
      name: z.string().trim().min(1).max(100).openapi({ example: "乳山市绿源家庭农场" }),
      personId: z.string().min(1).max(60).optional(),
      creditCode: z.string().length(18).optional().openapi({ description: "An organization's unified social credit code (GB 32100 check)" }),
    }),
    startsOn: LegalDate,
    endsOn: LegalDate,
    annualRent: decimalString(2, "800.00", "Annual rent in yuan"),
    contractRef: z.string().trim().min(1).max(100).optional(),
  })
  .openapi("ManagementRightInput");

export const ManagementRight = z
  .object({
    id: z.string(),
    plotCode: z.string(),
    contractCode: z.string(),
    kind: z.enum(["lease", "sublease", "shares", "other"]),
    transferee: z.object({ name: z.string(), personId: z.string().nullable(), creditCode: z.string().nullable() }),
    startsOn: z.string(),
    endsOn: z.string(),
    annualRent: z.string(),
    contractRef: z.string().nullable(),
    status: z.enum(["active", "ended"]),
    registrable: z.boolean().openapi({ description: "Five years or more: may be registered and then holds against good-faith third parties (RLCL Art. 41)" }),
  })
  .openapi("ManagementRight");
