import { formatShares, percentOf } from "../../domain/quantities.js";
import { holdingAnnotations, type HoldingAnnotation, type MembershipSpan } from "../../domain/succession.js";
import type { HoldingRow } from "../../storage/equity.js";
import { COLLECTIVE_ACCOUNT, ISSUED_ACCOUNT } from "../../storage/equity.js";
import type { PersonRow } from "../../storage/persons.js";

/** The cap table: shares issued, the collective's own holding, and each person's holding with its reservation. */
export function capTable(collectiveCode: string, rows: HoldingRow[], people: Map<string, PersonRow>) {
  const issuedE4 = -(rows.find((r) => r.account === ISSUED_ACCOUNT)?.sharesE4 ?? 0);
  const collectiveE4 = rows.find((r) => r.account === COLLECTIVE_ACCOUNT)?.sharesE4 ?? 0;
  const holdings = rows
    .filter((r) => !r.account.startsWith("@") && r.sharesE4 > 0)
    .sort((a, b) => b.sharesE4 - a.sharesE4 || a.account.localeCompare(b.account))
    .map((r) => ({
      personId: r.account,
      name: people.get(r.account)?.name ?? null,
      shares: formatShares(r.sharesE4),
      reservedShares: formatShares(r.reservedE4),
      percent: percentOf(r.sharesE4, issuedE4),
    }));
  return {
    collectiveCode,
    totalShares: formatShares(issuedE4),
    collectiveShares: formatShares(collectiveE4),
    collectivePercent: percentOf(collectiveE4, issuedE4),
    holdings,
  };
}

/** The cap table with each holding's valid certificate. */
export function withCertificates(table: ReturnType<typeof capTable>, certificateOf: (personId: string) => string | null) {
  return { ...table, holdings: table.holdings.map((h) => ({ ...h, certificateNo: certificateOf(h.personId) })) };
}

/**
 * Each holding annotated with why its holder is not a member, as the memberships stood at the end of `on` (a
 * member's holding: []). A non-member's holding is shown, never hidden: an heir who is not a member holds it.
 */
export function withAnnotations<T extends { holdings: { personId: string }[] }>(
  table: T,
  memberships: readonly (MembershipSpan & { personId: string })[],
  on: string,
): T & { holdings: (T["holdings"][number] & { annotations: HoldingAnnotation[] })[] } {
  const byPerson = new Map<string, MembershipSpan[]>();
  for (const m of memberships) byPerson.set(m.personId, [...(byPerson.get(m.personId) ?? []), m]);
  return { ...table, holdings: table.holdings.map((h) => ({ ...h, annotations: holdingAnnotations(byPerson.get(h.personId) ?? [], on) })) };
}
