import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { checkWithdrawalNotice } from "../../domain/applications.js";
import { rightCertificateNo as certificateSerial } from "../../domain/certificates.js";
import type { Deps } from "../../deps.js";
import { findCollective } from "../../storage/collectives.js";
import { holdingsOf } from "../../storage/equity.js";
import { findHomestead } from "../../storage/homesteads.js";
import { equityHoldingTitles } from "../titles/equity.js";
import { homesteadRight, householdHolder, landContractRight } from "../titles/facts.js";
import { TitleWork } from "../titles/title-work.js";
import { DomainError } from "../../domain/errors.js";
import { toUnits } from "../../domain/quantities.js";
import { contractPlots, equityEntries, homesteads, households, landContracts, rightRegistrations } from "../../../schema/index.js";
import { latestVersion } from "../../storage/applications.js";
import { chunk, insertChunks, MAX_PARAMETERS } from "../../storage/chunks.js";
import type { journalSeqOf } from "../../storage/commit.js";
import type { Db } from "../../storage/db.js";
import { COLLECTIVE_ACCOUNT } from "../../storage/equity.js";
import { activeContractsOfPlots, activePlotsOfContracts, contractsOfHouseholds } from "../../storage/land.js";
import type { ApplicationRow } from "../../storage/applications.js";
import { invariant } from "../../lib/invariant.js";
import { rejectFutureDate, type CommandContext } from "../context.js";
import { describe } from "./apply.js";
import { checkEligibility } from "./eligibility.js";
import { registrarOnly } from "./objections.js";
import { runStep } from "./step.js";
import { termsOf } from "./terms.js";
import { literal } from "../../storage/prepared.js";

type Writes = (journalSeq: ReturnType<typeof journalSeqOf>) => BatchItem<"sqlite">[];

/**
 * The payment of the full price or compensation registers the change, atomically, with its journal row:
 * eligibility is checked again (the world may have changed during the notice), then shares move on the ledger,
 * plots leave the giving household's contract and join the receiver's (or return to the collective), or the
 * homestead passes to the receiving household (or is cancelled). By this registry's convention the registration's
 * effective date is the day it is registered (China Standard Time).
 */
export async function registerPayment(ctx: CommandContext, id: string, input: { amount: string; paidOn: string; reference: string }) {
  rejectFutureDate(ctx, input.paidOn, "paidOn");
  const { db, ids, clock } = ctx.deps;
  return runStep(ctx, id, {
    move: "pay",
    authorize: registrarOnly(ctx, "record payments"),
    apply: async (row, details, today) => {
      if (toUnits(input.amount, 2) !== row.amountFen)
        throw new DomainError("payment_amount_mismatch", `The payment must be the full ${row.kind === "transfer" ? "price" : "compensation"} agreed, once.`);
      const terms = termsOf(row, details.plotCodes);
      const rejected = await checkEligibility(db, terms, today, { id, reservedE4: row.sharesE4 ?? 0 });
      if (rejected) throw new DomainError(rejected, `${describe(rejected, terms)} (checked again at registration)`);
      if (row.kind === "withdrawal" && row.subject === "land-contract") {
        const notice = checkWithdrawalNotice(row.writtenNoticeOn, today);
        if (notice) throw new DomainError(notice, `Land is returned six months after the written notice (${row.writtenNoticeOn}); register on or after that date.`);
      }
      const effects = await registrationWrites(ctx.deps, row, details.plotCodes, today, () => ids("reg"), clock.nowMs());
      return {
        changes: { status: "registered", paidOn: input.paidOn, paymentReference: input.reference, registeredOn: today },
        writesAfter: effects.writes,
        journalType: `${row.kind}.registered`,
        data: { amount: input.amount, paidOn: input.paidOn, reference: input.reference, effectiveOn: today, certificates: effects.certificates, titleCertificates: effects.titles.summary },
      };
    },
  });
}

async function registrationWrites(deps: Deps, row: ApplicationRow, plotCodes: string[], today: string, newId: () => string, nowMs: number) {
  const db: Db = deps.db;
  const collective = await findCollective(db, row.collectiveCode);
  invariant(collective, "an application belongs to a registered collective");
  const act = row.kind === "transfer" ? ("transfer" as const) : ("withdrawal" as const);
  const titles = new TitleWork(deps, collective, act, today, row.id);
  const certificates: { rightCode: string; version: number; certificateSerial: string }[] = [];
  const registrations: Omit<typeof rightRegistrations.$inferInsert, "journalSeq">[] = [];
  const register = (rightKind: "land-contract" | "homestead", rightCode: string, version: number, act: string, contractorCode: string, plots: string[] | null) => {
    // A registration that ends the right (no plots left, a homestead cancelled) issues no certificate.
    const ends = act === "cancellation" || (plots !== null && plots.length === 0);
    const serial = ends ? null : certificateSerial(rightCode, version);
    if (serial) certificates.push({ rightCode, version, certificateSerial: serial });
    registrations.push({
      id: newId(),
      collectiveCode: row.collectiveCode,
      rightKind,
      rightCode,
      version,
      act,
      contractorCode,
      plotCodesJson: plots ? JSON.stringify(plots) : null,
      certificateSerial: serial,
      effectiveOn: today,
      applicationId: row.id,
      recordedAtMs: nowMs,
    });
    return serial;
  };
  const stateWrites: BatchItem<"sqlite">[] = [];

  if (row.subject === "equity") {
    invariant(row.fromPersonId && row.sharesE4, "an equity application names its giver and shares");
    const receiver = row.toPersonId ?? COLLECTIVE_ACCOUNT;
    const balances = new Map((await holdingsOf(db, row.collectiveCode)).map((h) => [h.account, h.sharesE4]));
    const equityTitles = await equityHoldingTitles(
      deps,
      collective,
      act,
      [
        { account: row.fromPersonId, sharesE4: (balances.get(row.fromPersonId) ?? 0) - row.sharesE4 },
        { account: receiver, sharesE4: (balances.get(receiver) ?? 0) + row.sharesE4 },
      ],
      row.id,
    );
    return {
      certificates,
      titles: equityTitles,
      writes: ((journalSeq) => [
        db.insert(equityEntries).values({
          collectiveCode: row.collectiveCode,
          journalSeq,
          kind: row.kind,
          debitAccount: row.fromPersonId!,
          creditAccount: row.toPersonId ?? COLLECTIVE_ACCOUNT,
          shareClass: null,
          sharesE4: row.sharesE4!,
          recordedAtMs: nowMs,
        }),
        ...equityTitles.writes(journalSeq),
      ]) as Writes,
    };
  }

  if (row.subject === "land-contract") {
    const links = await activeContractsOfPlots(db, plotCodes);
    const giverContracts = [...new Set(links.map((l) => l.contract.contractCode))];
    for (const part of chunk(plotCodes, MAX_PARAMETERS - 8)) {
      stateWrites.push(
        db.update(contractPlots).set({ status: "ended", endedAtMs: nowMs }).where(and(inArray(contractPlots.plotCode, part), eq(contractPlots.status, literal("active")))),
      );
    }
    for (const contractCode of giverContracts) {
      const remaining = (await activePlotsOfContracts(db, [contractCode])).map((p) => p.plot.plotCode).filter((p) => !plotCodes.includes(p));
      if (remaining.length === 0) stateWrites.push(db.update(landContracts).set({ status: "ended" }).where(eq(landContracts.contractCode, contractCode)));
      const serial = register("land-contract", contractCode, (await latestVersion(db, "land-contract", contractCode)) + 1, row.kind === "transfer" ? "transfer-out" : "withdrawal", row.fromContractorCode!, remaining);
      // The giver's certificate: reissued for the plots it keeps, or cancelled with its last plot.
      const contract = links.find((l) => l.contract.contractCode === contractCode)!.contract;
      if (remaining.length === 0) await titles.cancel("land-contract", contractCode);
      else
        await titles.certify(
          "land-contract",
          contractCode,
          serial!,
          { holderKind: "household", holder: contract.contractorCode, facts: await householdHolder(db, contract.contractorCode) },
          await landContractRight(db, contract, remaining),
        );
    }
    if (row.kind === "withdrawal")
      await titles.hold("plot", plotCodes.map((plotCode) => ({ subject: plotCode, next: { holderKind: "collective", holder: row.collectiveCode } })));
    if (row.kind === "transfer") {
      const receiver = row.toContractorCode!;
      const giverEnds = links[0]?.contract.endsOn;
      invariant(giverEnds, "eligibility checked that the giver holds the plots");
      const existing = (await contractsOfHouseholds(db, [receiver])).find((c) => c.contractCode === `${receiver}J`);
      const contractCode = `${receiver}J`;
      if (!existing) {
        stateWrites.push(
          db.insert(landContracts).values({ contractCode, collectiveCode: row.collectiveCode, contractorCode: receiver, mode: "household", startsOn: today, endsOn: giverEnds, certificateNo: null, status: "active", createdAtMs: nowMs }),
        );
      } else if (existing.status !== "active") {
        stateWrites.push(db.update(landContracts).set({ status: "active", startsOn: today, endsOn: giverEnds }).where(eq(landContracts.contractCode, contractCode)));
      }
      const joining = plotCodes.map((plotCode) => ({ id: newId().replace(/^reg_/, "cpl_"), collectiveCode: row.collectiveCode, contractCode, plotCode, status: "active" as const, createdAtMs: nowMs, endedAtMs: null }));
      stateWrites.push(...insertChunks(joining).map((part) => db.insert(contractPlots).values(part)));
      const held = existing?.status === "active" ? (await activePlotsOfContracts(db, [contractCode])).map((p) => p.plot.plotCode) : [];
      const serial = register("land-contract", contractCode, (await latestVersion(db, "land-contract", contractCode)) + 1, "transfer-in", receiver, [...held, ...plotCodes].sort())!;
      await titles.hold("plot", plotCodes.map((plotCode) => ({ subject: plotCode, next: { holderKind: "household", holder: receiver, contractCode }, certificateNo: serial })));
      const receiverContract = existing?.status === "active" ? existing : { contractCode, mode: "household" as const, startsOn: today, endsOn: giverEnds, certificateNo: existing?.certificateNo ?? null };
      await titles.certify(
        "land-contract",
        contractCode,
        serial,
        { holderKind: "household", holder: receiver, facts: await householdHolder(db, receiver) },
        await landContractRight(db, receiverContract, [...held, ...plotCodes]),
      );
    }
  }

  if (row.subject === "homestead") {
    const unit = row.unitNumber!;
    const version = (await latestVersion(db, "homestead", unit)) + 1;
    if (row.kind === "transfer") {
      stateWrites.push(db.update(homesteads).set({ contractorCode: row.toContractorCode! }).where(eq(homesteads.unitNumber, unit)));
      stateWrites.push(db.update(households).set({ homesteadBarred: "transferred" }).where(eq(households.contractorCode, row.fromContractorCode!)));
      const serial = register("homestead", unit, version, "transfer-in", row.toContractorCode!, null)!;
      const homestead = await findHomestead(db, unit);
      invariant(homestead, "eligibility checked that the giver holds the homestead");
      await titles.hold("homestead", [{ subject: unit, next: { holderKind: "household", holder: row.toContractorCode! }, certificateNo: serial }]);
      await titles.certify(
        "homestead",
        unit,
        serial,
        { holderKind: "household", holder: row.toContractorCode!, facts: await householdHolder(db, row.toContractorCode!) },
        homesteadRight(homestead),
      );
    } else {
      stateWrites.push(db.update(homesteads).set({ status: "cancelled" }).where(eq(homesteads.unitNumber, unit)));
      // A household that once transferred stays barred for good (LAL Art. 62 ¶5): withdrawn never overwrites transferred.
      stateWrites.push(
        db.update(households).set({ homesteadBarred: sql`COALESCE(${households.homesteadBarred}, 'withdrawn')` }).where(eq(households.contractorCode, row.fromContractorCode!)),
      );
      register("homestead", unit, version, "cancellation", row.fromContractorCode!, null);
      // The land returns to the collective (LAL Art. 62 ¶6): the household's title ends, its certificate is cancelled.
      await titles.hold("homestead", [{ subject: unit, next: { holderKind: "collective", holder: row.collectiveCode } }]);
      await titles.cancel("homestead", unit);
    }
  }

  return {
    certificates,
    titles,
    writes: ((journalSeq) => [...stateWrites, ...registrations.map((r) => db.insert(rightRegistrations).values({ ...r, journalSeq })), ...titles.writes(journalSeq)]) as Writes,
  };
}
