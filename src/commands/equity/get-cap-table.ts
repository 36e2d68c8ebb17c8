import { holdingsOf } from "../../storage/equity.js";
import { findPersons } from "../../storage/persons.js";
import { visibleCollective } from "../collectives/read-collectives.js";
import type { CommandContext } from "../context.js";
import { capTable, withCertificates } from "./cap-table.js";
import { validCertificates } from "../../storage/titles.js";
import { asOfOf, capTableOn } from "../titles/read-titles.js";

/**
 * The cap table now (from the ledger's balances, with reservations and each holding's valid certificate), or — with
 * `asOf` / `recordedAsOf` — as held at the end of a past day, from the equity title versions.
 */
export async function getCapTable(ctx: CommandContext, code: string, query: { asOf?: string; recordedAsOf?: string } = {}) {
  const collective = await visibleCollective(ctx, code);
  if (query.asOf !== undefined || query.recordedAsOf !== undefined) return capTableOn(ctx, collective, asOfOf(ctx, query));
  const rows = await holdingsOf(ctx.deps.db, code);
  const people = await findPersons(ctx.deps.db, rows.map((r) => r.account).filter((a) => !a.startsWith("@")));
  const table = capTable(code, rows, people);
  const certificates = await validCertificates(ctx.deps.db, "equity", table.holdings.map((h) => h.personId), code);
  return withCertificates(table, (personId) => certificates.get(personId)?.certificateNo ?? null);
}
