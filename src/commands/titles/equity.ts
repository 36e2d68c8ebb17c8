import { equityCertificateNo } from "../../domain/certificates.js";
import type { Deps } from "../../deps.js";
import type { CollectiveRow } from "../../storage/collectives.js";
import { COLLECTIVE_ACCOUNT } from "../../storage/equity.js";
import type { PersonRow } from "../../storage/persons.js";
import { equityCertificateCount } from "../../storage/titles.js";
import { equityRight, personHolder } from "./facts.js";
import { TitleWork } from "./title-work.js";

/**
 * Titles of equity holdings after a ledger move: a version per changed account with its new balance, and for a
 * person a certificate of the new holding (superseding the old), or — at zero — the old one cancelled. The
 * collective's own holding gets versions but no certificate. The versions are valid from `effectiveOn` (default
 * today, CST); `people` supplies person rows the same batch copies into this county's database.
 */
export async function equityHoldingTitles(
  deps: Deps,
  collective: CollectiveRow,
  act: "first-registration" | "transfer" | "withdrawal" | "succession" | "correction",
  changes: { account: string; sharesE4: number }[],
  applicationId: string | null = null,
  opts: { effectiveOn?: string; people?: ReadonlyMap<string, PersonRow> } = {},
): Promise<TitleWork> {
  const titles = new TitleWork(deps, collective, act, opts.effectiveOn ?? deps.clock.today(), applicationId);
  let next = await equityCertificateCount(deps.db, collective.code);
  const numbered = changes.map((c) => ({ ...c, certificateNo: c.account !== COLLECTIVE_ACCOUNT && c.sharesE4 > 0 ? equityCertificateNo(collective.issuerCode, ++next) : null }));
  await titles.hold(
    "equity",
    numbered.map((c) => ({
      subject: c.account,
      next: c.account === COLLECTIVE_ACCOUNT ? { holderKind: "collective", holder: collective.code, sharesE4: c.sharesE4 } : { holderKind: "person", holder: c.account, sharesE4: c.sharesE4 },
      certificateNo: c.certificateNo,
    })),
  );
  for (const c of numbered) {
    if (c.account === COLLECTIVE_ACCOUNT) continue;
    if (c.certificateNo === null) await titles.cancel("equity", c.account);
    else await titles.certify("equity", c.account, c.certificateNo, { holderKind: "person", holder: c.account, facts: await personHolder(deps.db, c.account, opts.people?.get(c.account)) }, equityRight(collective.code, c.sharesE4));
  }
  return titles;
}
