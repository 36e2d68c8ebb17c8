import { seesCollective } from "../../domain/access.js";
import { inEffectOn } from "../../domain/encumbrances.js";
import { DomainError } from "../../domain/errors.js";
import { findCollective } from "../../storage/collectives.js";
import type { Db } from "../../storage/db.js";
import { encumbrancesOfCollective, encumbrancesOfPlot, encumbrancesOn, findEncumbrance, type EncumbranceRow, type EncumbranceSubject } from "../../storage/encumbrances.js";
import type { CommandContext } from "../context.js";
import { encumbranceNote, encumbranceView, type EncumbranceNote } from "./view.js";

/** The collective's encumbrance, read afresh inside a decision; another collective's is not found. */
export async function encumbranceOf(ctx: CommandContext, code: string, id: string): Promise<EncumbranceRow> {
  const row = await findEncumbrance(ctx.deps.db, id);
  if (!row || row.collectiveCode !== code) throw new DomainError("encumbrance_not_found", `No encumbrance ${id} in collective ${code}.`);
  return row;
}

async function collectiveInSight(ctx: CommandContext, code: string) {
  const collective = await findCollective(ctx.deps.db, code);
  if (!collective || !seesCollective(ctx.actor, collective)) throw new DomainError("collective_not_found", `No collective ${code} in your scope.`);
  return collective;
}

export async function getEncumbrance(ctx: CommandContext, code: string, id: string) {
  await collectiveInSight(ctx, code);
  return encumbranceView(await encumbranceOf(ctx, code, id), ctx.deps.clock.today());
}

export interface EncumbranceQuery {
  kind?: EncumbranceRow["kind"];
  subjectKind?: EncumbranceRow["subjectKind"];
  subject?: string;
  inEffect?: boolean;
}

/** A collective's encumbrances, oldest first; `inEffect` filters on their state today (CST). */
export async function listEncumbrances(ctx: CommandContext, code: string, query: EncumbranceQuery) {
  await collectiveInSight(ctx, code);
  const today = ctx.deps.clock.today();
  const rows = await encumbrancesOfCollective(ctx.deps.db, code, query);
  return rows.map((r) => encumbranceView(r, today)).filter((v) => query.inEffect === undefined || v.inEffect === query.inEffect);
}

/**
 * What a plot's or homestead's answer shows (every encumbrance ever registered, with whether it is in effect today):
 * for a plot, those on the plot and on the contract it is under now.
 */
export async function titleEncumbrances(db: Db, kind: "plot" | "homestead", subject: string, today: string): Promise<EncumbranceNote[]> {
  const rows = kind === "plot" ? await encumbrancesOfPlot(db, subject) : await encumbrancesOn(db, [{ kind, subject }]);
  return rows.map((e) => encumbranceNote(e, today));
}

/**
 * The annotations (附记) a certificate shows from the live register: the encumbrances in effect today on its right
 * — a contract and its plots, a homestead, a person's shares in the issuing collective. Only a certificate still
 * valid is annotated: a superseded or cancelled one no longer evidences the right.
 */
export async function certificateEncumbrances(
  db: Db,
  certificate: { kind: "land-contract" | "homestead" | "equity"; subject: string; collectiveCode: string; status: string },
  plotCodes: readonly string[],
  today: string,
): Promise<EncumbranceNote[]> {
  if (certificate.status !== "valid") return [];
  const subjects: EncumbranceSubject[] = [{ kind: certificate.kind, subject: certificate.subject }, ...plotCodes.map((p) => ({ kind: "plot" as const, subject: p }))];
  return (await encumbrancesOn(db, subjects)).filter((e) => e.collectiveCode === certificate.collectiveCode && inEffectOn(e, today)).map((e) => encumbranceNote(e, today));
}
