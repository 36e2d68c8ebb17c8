import type { ApplicationView } from "../../../commands/applications/view.js";
import { getHousehold } from "../../../commands/households/get-household.js";
import { getPerson } from "../../../commands/persons/read-persons.js";
import type { ApplicationStatus, ApplicationType, Subject } from "../../../domain/applications.js";
import { DomainError } from "../../../domain/errors.js";
import { contextIn, countyOf } from "../../context.js";
import type { Message } from "../i18n.js";
import type { ConsoleContext } from "../session.js";

/**
 * What the transfer and withdrawal pages share (transfers.tsx, transfer-new.tsx, transfer-page.tsx, person.tsx):
 * the names of kinds, types and states, the status a refusal renders with, and the names of the parties.
 */
export const KIND: Record<Subject, Message> = {
  equity: { zh: "集体资产股份", en: "Shares in the collective's assets" },
  "land-contract": { zh: "土地承包经营权", en: "Land-contract right" },
  homestead: { zh: "宅基地使用权", en: "Homestead use right" },
};

export const TYPE: Record<ApplicationType, Message> = {
  transfer: { zh: "转让", en: "Transfer" },
  withdrawal: { zh: "退出", en: "Withdrawal" },
};

/** The page title of an application, by type and kind. */
export const APPLICATION_TITLE: Record<ApplicationType, Record<Subject, Message>> = {
  transfer: {
    equity: { zh: "股份转让申请", en: "Share transfer application" },
    "land-contract": { zh: "土地承包经营权转让申请", en: "Land-contract transfer application" },
    homestead: { zh: "宅基地使用权转让申请", en: "Homestead transfer application" },
  },
  withdrawal: {
    equity: { zh: "股份退出申请", en: "Share withdrawal application" },
    "land-contract": { zh: "承包地退出申请", en: "Land-contract withdrawal application" },
    homestead: { zh: "宅基地退出申请", en: "Homestead withdrawal application" },
  },
};

export const STATUS: Record<ApplicationStatus, Message> = {
  "pending-consent": { zh: "待共有人同意", en: "Awaiting co-holders' consent" },
  "in-notice": { zh: "公示中", en: "In public notice" },
  objected: { zh: "有异议待处理", en: "Objection to resolve" },
  approved: { zh: "已批准，待付款", en: "Approved, awaiting payment" },
  registered: { zh: "已登记", en: "Registered" },
  rejected: { zh: "已驳回", en: "Rejected" },
  cancelled: { zh: "已撤回", en: "Cancelled" },
};

export const STATUSES = Object.keys(STATUS) as ApplicationStatus[];


/** The price of a transfer or the compensation of a withdrawal. */
export function amountOf(app: ApplicationView): string {
  return "price" in app ? (app.price ?? "") : "compensation" in app ? (app.compensation ?? "") : "";
}

/** An application's type, from its id (trf_… / wdr_…, with or without a county). */
export function applicationTypeOf(id: string): ApplicationType | null {
  return id.startsWith("trf_") ? "transfer" : id.startsWith("wdr_") ? "withdrawal" : null;
}

/** The ids the application routes answer to (trf_… and wdr_…), so that /console/transfers/new stays the form's. */
export const APPLICATION_ID = "[tw][rd][fr]_[0-9a-z_]+";


/** Whole days from one legal date to another (CST dates carry no time of day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A read the caller may not be allowed: null instead of a refusal (the page then shows less, not an error). */
export async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

export type Household = Awaited<ReturnType<typeof getHousehold>>;

export function householdOf(c: ConsoleContext, contractorCode: string): Promise<Household | null> {
  return orNull(getHousehold(contextIn(c, countyOf.code(contractorCode)), contractorCode));
}

/** Names of persons as far as the caller may see them; those it may not see are left out. */
export async function namesOf(c: ConsoleContext, personIds: (string | null | undefined)[]): Promise<Map<string, string>> {
  const ids = [...new Set(personIds.filter((p): p is string => !!p))];
  const found = await Promise.all(ids.map((id) => orNull(getPerson(contextIn(c, countyOf.id(id)), id))));
  return new Map(found.flatMap((p) => (p ? [[p.id, p.name] as [string, string]] : [])));
}

/** A household as a clerk names it: its representative's name and its code. */
export function householdLabel(household: Household | null, contractorCode: string, names: Map<string, string>): string {
  const representative = household?.members.find((m) => m.person.id === household.representativeId)?.person.name ?? names.get(household?.representativeId ?? "");
  return representative ? `${representative}（${contractorCode}）` : contractorCode;
}

