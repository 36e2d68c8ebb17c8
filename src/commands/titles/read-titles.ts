import { seesCollective } from "../../domain/access.js";
import { DomainError } from "../../domain/errors.js";
import { formatShares, percentOf } from "../../domain/quantities.js";
import { findCollective, type CollectiveRow } from "../../storage/collectives.js";
import type { Db } from "../../storage/db.js";
import { COLLECTIVE_ACCOUNT } from "../../storage/equity.js";
import { findHomestead } from "../../storage/homesteads.js";
import { householdTiesOfPerson } from "../../storage/households.js";
import { findPlot } from "../../storage/land.js";
import { findPersons } from "../../storage/persons.js";
import { equityVersionsOf, equityVersionsOn, versionOn, versionsOf, versionsOfHolders, type TitleVersionRead } from "../../storage/titles.js";
import { factVersionsOf } from "../../storage/facts.js";
import type { CommandContext } from "../context.js";
import { factVersionView } from "../corrections/versions.js";
import { titleEncumbrances } from "../encumbrances/read-encumbrances.js";
import { endOfLegalDayMs, titleView, type AsOf } from "./view.js";

/**
 * Title reads: who held a plot, a homestead or shares at the end of a legal day (valid time), optionally as the
 * register said on another day (record time), and each right's chain of title. Every read is an indexed query on
 * title_versions; nothing is replayed.
 */
export function asOfOf(ctx: CommandContext, query: { asOf?: string; recordedAsOf?: string }): AsOf {
  return { asOf: query.asOf ?? ctx.deps.clock.today(), recordedAsOf: query.recordedAsOf ?? null };
}

const recordedMs = (at: { recordedAsOf: string | null }) => (at.recordedAsOf === null ? null : endOfLegalDayMs(at.recordedAsOf));

/** The title of a plot or homestead held at the end of `asOf` (null: nobody registered then). */
export async function titleOn(db: Db, kind: "plot" | "homestead", subject: string, at: AsOf) {
  const version = await versionOn(db, kind, subject, at.asOf, recordedMs(at));
  return version ? titleView(version) : null;
}

/**
 * The `asOf` / `recordedAsOf` / `title` part of a plot's or homestead's answer, with the encumbrances registered on
 * the right (for a plot, also on its contract), each said in effect or not as of today (CST).
 */
export async function titleAsOf(ctx: CommandContext, kind: "plot" | "homestead", subject: string, query: { asOf?: string; recordedAsOf?: string }) {
  const at = asOfOf(ctx, query);
  return {
    asOf: at.asOf,
    recordedAsOf: at.recordedAsOf,
    title: await titleOn(ctx.deps.db, kind, subject, at),
    encumbrances: await titleEncumbrances(ctx.deps.db, kind, subject, ctx.deps.clock.today()),
  };
}

/**
 * May the caller see this right's titles? Whoever sees the collective; a holder whose own person, or whose
 * household, appears as a holder in the chain. Anyone else: as if it did not exist.
 */
async function seesTitles(ctx: CommandContext, collective: CollectiveRow, chain: () => Promise<TitleVersionRead[]>): Promise<boolean> {
  const { actor } = ctx;
  if (actor.role !== "holder") return seesCollective(actor, collective);
  if (!actor.personId) return false;
  const versions = await chain();
  const households = new Set((await householdTiesOfPerson(ctx.deps.db, actor.personId)).map((t) => t.contractorCode));
  return versions.some((v) => (v.holderKind === "person" && v.holder === actor.personId) || (v.holderKind === "household" && households.has(v.holder)));
}

/** A plot's or homestead's chain of title, oldest first, as the register says now or said on `recordedAsOf`. */
export async function titleHistory(ctx: CommandContext, kind: "plot" | "homestead", subject: string, query: { recordedAsOf?: string }) {
  const { db } = ctx.deps;
  const notFound = kind === "plot" ? ("plot_not_found" as const) : ("homestead_not_found" as const);
  const owner = kind === "plot" ? await findPlot(db, subject) : await findHomestead(db, subject);
  const collective = owner ? await findCollective(db, owner.collectiveCode) : null;
  const at = { recordedAsOf: query.recordedAsOf ?? null };
  const versions = collective ? await versionsOf(db, kind, subject, recordedMs(at)) : [];
  // A holder's sight follows the chain as the register says now; for a read of today's record that is `versions`.
  const current = async () => (at.recordedAsOf === null ? versions : versionsOf(db, kind, subject, null));
  if (!collective || !(await seesTitles(ctx, collective, current)))
    throw new DomainError(notFound, `No ${kind} ${subject} in your scope.`);
  return {
    kind,
    subject,
    collectiveCode: collective.code,
    recordedAsOf: at.recordedAsOf,
    versions: versions.map(titleView),
    encumbrances: await titleEncumbrances(db, kind, subject, ctx.deps.clock.today()),
    corrections: (await factVersionsOf(db, kind, subject)).map(factVersionView),
  };
}

/** The cap table held at the end of `asOf` (as recorded then, with `recordedAsOf`), from the equity title versions. */
export async function capTableOn(ctx: CommandContext, collective: CollectiveRow, at: AsOf) {
  const { db } = ctx.deps;
  const versions = (await equityVersionsOn(db, collective.code, at.asOf, recordedMs(at))).filter((v) => (v.sharesE4 ?? 0) > 0);
  const totalE4 = versions.reduce((sum, v) => sum + (v.sharesE4 ?? 0), 0);
  const collectiveE4 = versions.find((v) => v.subject === COLLECTIVE_ACCOUNT)?.sharesE4 ?? 0;
  const people = await findPersons(db, versions.map((v) => v.subject).filter((s) => !s.startsWith("@")));
  const holdings = [];
  for (const v of versions.filter((x) => x.subject !== COLLECTIVE_ACCOUNT).sort((a, b) => (b.sharesE4 ?? 0) - (a.sharesE4 ?? 0) || a.subject.localeCompare(b.subject)))
    holdings.push({
      personId: v.subject,
      name: people.get(v.subject)?.name ?? null,
      shares: formatShares(v.sharesE4 ?? 0),
      percent: percentOf(v.sharesE4 ?? 0, totalE4),
      since: v.validFrom,
      certificateNo: v.evidenceCertificateNo,
    });
  return {
    collectiveCode: collective.code,
    asOf: at.asOf,
    recordedAsOf: at.recordedAsOf,
    totalShares: formatShares(totalE4),
    collectiveShares: formatShares(collectiveE4),
    collectivePercent: percentOf(collectiveE4, totalE4),
    holdings,
  };
}

/** A person's (or every) equity account's chain of title in a collective, oldest first. */
export async function equityHistory(ctx: CommandContext, code: string, query: { personId?: string; recordedAsOf?: string }) {
  const { db } = ctx.deps;
  const collective = await findCollective(db, code);
  const ownAccount = ctx.actor.role === "holder" && query.personId !== undefined && query.personId === ctx.actor.personId;
  if (!collective || !(ownAccount || seesCollective(ctx.actor, collective))) throw new DomainError("collective_not_found", `No collective ${code} in your scope.`);
  const at = { recordedAsOf: query.recordedAsOf ?? null };
  const versions = query.personId
    ? await versionsOf(db, "equity", query.personId, recordedMs(at), code)
    : await equityVersionsOf(db, code, recordedMs(at));
  return { collectiveCode: code, personId: query.personId ?? null, recordedAsOf: at.recordedAsOf, versions: versions.map(titleView) };
}

/** What these holders (a person and the households they belong to) held at the end of `at.asOf`, in these collectives. */
export async function titlesHeldBy(db: Db, holders: string[], at: AsOf, collectives: ReadonlySet<string>) {
  const versions = (await versionsOfHolders(db, holders, at.asOf, recordedMs(at))).filter(
    (v) => collectives.has(v.collectiveCode) && (v.kind !== "equity" || (v.sharesE4 ?? 0) > 0),
  );
  return versions.map(titleView);
}
