import { and, asc, eq, gte, inArray, lte } from "drizzle-orm";
import { contractExtensions, extensionPlans, landContracts, rightRegistrations } from "../../schema/index.js";
import { whereIn } from "./chunks.js";
import type { Db } from "./db.js";
import { literal } from "./prepared.js";

export type ExtensionPlanRow = typeof extensionPlans.$inferSelect;
export type ContractExtensionRow = typeof contractExtensions.$inferSelect;
export type ContractRowForExtension = typeof landContracts.$inferSelect;

export async function findExtensionPlan(db: Db, id: string): Promise<ExtensionPlanRow | null> {
  const [row] = await db.select().from(extensionPlans).where(eq(extensionPlans.id, id)).limit(1);
  return row ?? null;
}

/** The collective's active contracts whose term ends within [from, to], by contract code. */
export async function activeContractsEndingWithin(db: Db, collectiveCode: string, from: string, to: string): Promise<ContractRowForExtension[]> {
  return db
    .select()
    .from(landContracts)
    .where(and(eq(landContracts.collectiveCode, collectiveCode), eq(landContracts.status, literal("active")), gte(landContracts.endsOn, from), lte(landContracts.endsOn, to)))
    .orderBy(asc(landContracts.contractCode));
}

/** The outcomes recorded for a plan, by contract code. */
export async function outcomesOfPlan(db: Db, planId: string): Promise<ContractExtensionRow[]> {
  return db.select().from(contractExtensions).where(eq(contractExtensions.planId, planId)).orderBy(asc(contractExtensions.contractCode));
}

/** The latest registered version of each of these contracts (absent: none). */
export async function latestContractVersions(db: Db, contractCodes: string[]): Promise<Map<string, number>> {
  const rows = await whereIn(contractCodes, (part) =>
    db
      .select({ code: rightRegistrations.rightCode, version: rightRegistrations.version })
      .from(rightRegistrations)
      .where(and(eq(rightRegistrations.rightKind, "land-contract"), inArray(rightRegistrations.rightCode, part))),
  );
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.code, Math.max(out.get(r.code) ?? 0, r.version));
  return out;
}
