import { DomainError } from "../../domain/errors.js";
import { checkAllocationsShape, checkIssuance, MAX_ISSUED_E4, type Allocation, type IssuanceRejection, type ShareClass } from "../../domain/equity.js";
import { formatShares, toUnits } from "../../domain/quantities.js";
import { rulesInForce } from "../../domain/rules.js";
import { equityEntries } from "../../../schema/index.js";
import { listRuleVersions } from "../../storage/collectives.js";
import { COLLECTIVE_ACCOUNT, holdingsOf, ISSUED_ACCOUNT } from "../../storage/equity.js";
import { activeMemberIds, membershipsOfCollective } from "../../storage/memberships.js";
import { findPersons } from "../../storage/persons.js";
import { toRulesVersion } from "../collectives/view.js";
import { collectiveForWrite, commitTo, type CommandContext } from "../context.js";
import { capTable, withAnnotations, withCertificates } from "./cap-table.js";
import { validCertificates } from "../../storage/titles.js";
import { equityHoldingTitles } from "../titles/equity.js";
import { requirePassingResolution } from "../resolutions/require-resolution.js";

export interface IssuanceInput {
  resolutionRef: string;
  allocations: { personId: string; shareClass: ShareClass; shares: string }[];
  collectiveShares?: string;
}

/**
 * Issues shares (折股量化) by resolution: one ledger entry per allocation from `@issued` to the member (and to
 * `@collective` for the collective's own shares), all in one batch with the journal row. The resolution is a
 * recorded, passing resolution of the members' general meeting on equity-issuance (RCEO Law Arts. 26(8), 28).
 */
export async function issueShares(ctx: CommandContext, code: string, input: IssuanceInput) {
  const collective = await collectiveForWrite(ctx, code, "issue shares");
  const allocations: Allocation[] = input.allocations.map((a) => ({ personId: a.personId, shareClass: a.shareClass, sharesE4: toUnits(a.shares, 4) }));
  const collectiveE4 = input.collectiveShares === undefined ? 0 : toUnits(input.collectiveShares, 4);
  const shape = checkAllocationsShape(allocations, collectiveE4);
  if (shape)
    throw new DomainError(shape, shape === "shares_must_be_positive" ? "Every allocation must be more than 0 shares." : "A person appears twice with the same share class.");
  if (allocations.length === 0 && collectiveE4 === 0) throw new DomainError("shares_must_be_positive", "Allocate some shares.");
  const { db, clock } = ctx.deps;
  const personIds = allocations.map((a) => a.personId);

  return commitTo(ctx, code, async () => {
    await requirePassingResolution(db, code, input.resolutionRef, "equity-issuance", { actOn: clock.today() });
    const [holdings, members, versions, people, memberships] = await Promise.all([
      holdingsOf(db, code),
      activeMemberIds(db, code, personIds),
      listRuleVersions(db, code),
      findPersons(db, personIds),
      membershipsOfCollective(db, code, "all"),
    ]);
    const rules = rulesInForce(versions.map(toRulesVersion), clock.today());
    const rejected = checkIssuance(allocations, collectiveE4, {
      activeMembers: members,
      holdingsE4: new Map(holdings.map((h) => [h.account, h.sharesE4])),
      issuedE4: -(holdings.find((h) => h.account === ISSUED_ACCOUNT)?.sharesE4 ?? 0),
      capPercent: rules?.rules.equityHoldingCapPercent ?? null,
    });
    if (rejected) throw new DomainError(rejected.code, describeRejection(rejected, code, rules?.rules.equityHoldingCapPercent));
    const nowMs = clock.nowMs();
    const entries = [
      ...allocations.map((a) => ({ credit: a.personId, shareClass: a.shareClass as string | null, sharesE4: a.sharesE4 })),
      ...(collectiveE4 > 0 ? [{ credit: COLLECTIVE_ACCOUNT, shareClass: null, sharesE4: collectiveE4 }] : []),
    ];
    const after = new Map(holdings.map((h) => [h.account, { ...h }]));
    for (const e of entries) {
      const h = after.get(e.credit) ?? { collectiveCode: code, account: e.credit, sharesE4: 0, reservedE4: 0 };
      after.set(e.credit, { ...h, sharesE4: h.sharesE4 + e.sharesE4 });
      const src = after.get(ISSUED_ACCOUNT) ?? { collectiveCode: code, account: ISSUED_ACCOUNT, sharesE4: 0, reservedE4: 0 };
      after.set(ISSUED_ACCOUNT, { ...src, sharesE4: src.sharesE4 - e.sharesE4 });
    }
    const allPeople = await findPersons(db, [...after.keys()].filter((k) => !k.startsWith("@")));
    const credited = [...new Set(entries.map((e) => e.credit))];
    const certificates = await validCertificates(db, "equity", [...after.keys()].filter((k) => !k.startsWith("@")), code);
    const titles = await equityHoldingTitles(ctx.deps, collective, "first-registration", credited.map((account) => ({ account, sharesE4: after.get(account)!.sharesE4 })));
    return {
      journal: {
        type: "equity.issued",
        subject: code,
        collectiveCode: code,
        data: {
          resolutionRef: input.resolutionRef,
          allocations: allocations.map((a) => ({ personId: a.personId, shareClass: a.shareClass, shares: formatShares(a.sharesE4) })),
          collectiveShares: formatShares(collectiveE4),
          certificates: titles.summary,
        },
      },
      writes: (journalSeq) => [
        ...entries.map((e) =>
          db.insert(equityEntries).values({
            collectiveCode: code,
            journalSeq,
            kind: "issuance",
            debitAccount: ISSUED_ACCOUNT,
            creditAccount: e.credit,
            shareClass: e.shareClass,
            sharesE4: e.sharesE4,
            recordedAtMs: nowMs,
          }),
        ),
        ...titles.writes(journalSeq),
      ],
      result: withAnnotations(
        withCertificates(capTable(code, [...after.values()], new Map([...people, ...allPeople])), (personId) => titles.issuedFor.get(personId) ?? certificates.get(personId)?.certificateNo ?? null),
        memberships,
        clock.today(),
      ),
    };
  });
}

function describeRejection(rejected: IssuanceRejection, code: string, capPercent: string | null | undefined): string {
  if (rejected.code === "allocation_to_non_member")
    return `Person ${rejected.personId} is not an active member of ${code}; shares are issued only to members.`;
  if (rejected.personId === undefined)
    return `All shares issued by ${code} would exceed the registry's limit of ${formatShares(MAX_ISSUED_E4)} shares.`;
  return `Person ${rejected.personId} would hold more than ${capPercent}% of all shares.`;
}
