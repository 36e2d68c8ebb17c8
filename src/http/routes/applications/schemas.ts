import { z } from "@hono/zod-openapi";
import { decimalString, LegalDate } from "../../schemas.js";

export const Kind = z.enum(["equity", "land-contract", "homestead"]).openapi({
  description: "equity: shares of a person (集体资产股份); land-contract: plots of a household's contract (土地承包经营权); homestead: a household's homestead use right (宅基地使用权)",
});

export const Status = z.enum(["pending-consent", "in-notice", "objected", "approved", "registered", "rejected", "cancelled"]).openapi({
  description:
    "pending-consent → in-notice → (objected ⇄ in-notice) → approved → registered; rejected and cancelled are ends. Land and homestead applications wait for every co-holder of the giving household other than its representative; equity starts in-notice.",
});

const Party = z
  .strictObject({
    personId: z.string().min(1).max(60).optional().openapi({ description: "equity: the person" }),
    contractorCode: z.string().min(1).max(40).optional().openapi({ description: "land-contract and homestead: the household's contractor code" }),
  })
  .openapi("ApplicationParty");

const subjectFields = {
  kind: Kind,
  collectiveCode: z.string().min(1).max(40).openapi({ example: "N2371083MA0QW7T334" }),
  from: Party,
  shares: decimalString(4, "5", "equity: the shares (≤ 4 decimals)").optional(),
  plotCodes: z.array(z.string().min(1).max(40)).min(1).max(200).optional().openapi({ description: "land-contract: some or all plots of the giving household's contract" }),
  unitNumber: z.string().min(1).max(40).optional().openapi({ description: "homestead: the real-estate unit number" }),
  agreementSignedOn: LegalDate.openapi({ description: "When the parties signed (for land contracts the transfer binds them from then; registration makes it good against third parties)" }),
};

export const TransferInput = z
  .strictObject({
    ...subjectFields,
    to: Party,
    price: decimalString(2, "30000.00", "The agreed price in yuan (2 decimals)"),
  })
  .openapi("TransferInput");

export const WithdrawalInput = z
  .strictObject({
    ...subjectFields,
    to: Party.optional().openapi({ description: "Must be absent: a withdrawal returns the right to the collective (422 application_subject_incomplete)" }),
    compensation: decimalString(2, "48000.00", "The agreed compensation in yuan (2 decimals)"),
    writtenNoticeOn: LegalDate.optional().openapi({ description: "land-contract: the written notice to the issuing party, at least six months before registration (RLCL Art. 30)" }),
  })
  .openapi("WithdrawalInput");

const Common = {
  id: z.string().openapi({ example: "trf_01jd8x2k5q7w3e9r4t6y8u0i2o" }),
  type: z.enum(["transfer", "withdrawal"]),
  kind: Kind,
  collectiveCode: z.string(),
  status: Status,
  applicantPersonId: z.string().openapi({ description: "The giver (equity) or the giving household's representative" }),
  from: z.object({ personId: z.string().optional(), contractorCode: z.string().optional() }),
  to: z.object({ personId: z.string().optional(), contractorCode: z.string().optional() }).nullable(),
  shares: z.string().nullable(),
  plotCodes: z.array(z.string()),
  unitNumber: z.string().nullable(),
  price: z.string().optional().openapi({ description: "Transfers: yuan, 2 decimals" }),
  compensation: z.string().optional().openapi({ description: "Withdrawals: yuan, 2 decimals" }),
  agreementSignedOn: z.string(),
  writtenNoticeOn: z.string().nullable(),
  consents: z.object({
    required: z.array(z.string()).openapi({ description: "Co-holders whose consent is needed" }),
    given: z.array(z.object({ personId: z.string(), via: z.enum(["holder", "written"]), at: z.string() })),
  }),
  notice: z
    .object({ startsOn: z.string(), endsOn: z.string().openapi({ description: "Approval is possible from this date (CST)" }) })
    .nullable(),
  objections: z.array(
    z.object({ id: z.string(), objectorName: z.string(), grounds: z.string(), status: z.enum(["open", "dismissed", "upheld"]), resolutionNote: z.string().nullable() }),
  ),
  decision: z.object({ resolutionRef: z.string().nullable(), decidedOn: z.string() }).nullable(),
  payment: z.object({ amount: z.string(), paidOn: z.string(), reference: z.string().nullable() }).nullable(),
  registeredOn: z.string().nullable().openapi({ description: "The registration's effective date: by this registry's convention the day it was registered (CST)" }),
  closingReason: z.string().nullable(),
  createdAt: z.string(),
};

export const Application = z.object(Common).openapi("Application");

export const ConsentInput = z.strictObject({ personId: z.string().min(1).max(60) }).openapi("ConsentInput");
export const ObjectionInput = z
  .strictObject({ objectorName: z.string().trim().min(1).max(50), grounds: z.string().trim().min(1).max(1000) })
  .openapi("ObjectionInput");
export const ResolutionInput = z
  .strictObject({ outcome: z.enum(["dismissed", "upheld"]), note: z.string().trim().min(1).max(1000) })
  .openapi("ObjectionResolution");
export const ApprovalInput = z.strictObject({ resolutionRef: z.string().trim().min(1).max(200), decidedOn: LegalDate }).openapi("ApprovalInput");
export const RejectionInput = z.strictObject({ reason: z.string().trim().min(1).max(1000) }).openapi("RejectionInput");
export const CancellationInput = z.strictObject({ reason: z.string().trim().min(1).max(1000).optional() }).openapi("CancellationInput");
export const PaymentInput = z
  .strictObject({
    amount: decimalString(2, "30000.00", "The full price or compensation, yuan"),
    paidOn: LegalDate,
    reference: z.string().trim().min(1).max(100).openapi({ example: "农商银行转账 20261127-0001" }),
  })
  .openapi("PaymentInput");
