import { holdingsOf } from "../../storage/equity.js";
import { membershipsOfCollective } from "../../storage/memberships.js";
import { findPersons } from "../../storage/persons.js";
import { visibleCollective } from "../collectives/read-collectives.js";
import type { CommandContext } from "../context.js";
import { capTable, withAnnotations, withCertificates } from "./cap-table.js";
import { validCertificates } from "../../storage/titles.js";
import { asOfOf, capTableOn } from "../titles/read-titles.js";

/**
 * The cap table now (from the ledger's balances, with reservations and each holding's valid certificate), or — with
 * `asOf` / `recordedAsOf` — as held at the end of a past day, from the equity title versions. Either way each
 * holding says whether its holder was not a member on that day, and why (`annotations`).
 */
export async function getCapTable(ctx: CommandContext, code: string, query: { asOf?: string; recordedAsOf?: string } = {}) {
  const collective = await visibleCollective(ctx, code);
  const { db, clock } = ctx.deps;
  if (query.asOf !== undefined || query.recordedAsOf !== undefined) {
    const at = asOfOf(ctx, query);
    const [table, memberships] = await Promise.all([capTableOn(ctx, collective, at), membershipsOfCollective(db, code, "all")]);
    return withAnnotations(table, memberships, at.asOf);
  }
  const [rows, memberships] = await Promise.all([holdingsOf(db, code), membershipsOfCollective(db, code, "all")]);
  const people = await findPersons(db, rows.map((r) => r.account).filter((a) => !a.startsWith("@")));
  const table = capTable(code, rows, people);
  const certificates = await validCertificates(db, "equity", table.holdings.map((h) => h.personId), code);
  return withAnnotations(
    withCertificates(table, (personId) => certificates.get(personId)?.certificateNo ?? null),
    memberships,
    clock.today(),
  );
}
