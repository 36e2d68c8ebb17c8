import { seesCollective } from "../../domain/access.js";
import { countyOfCertificate, parsePayload } from "../../domain/certificates.js";
import { DomainError } from "../../domain/errors.js";
import { normaliseDocument, type IdType } from "../../domain/persons.js";
import { countyOfCode } from "../../domain/routing.js";
import { hmacHex } from "../../lib/hash.js";
import { invariant } from "../../lib/invariant.js";
import { appendAccess } from "../../storage/access-log.js";
import { findCollective, type CollectiveRow } from "../../storage/collectives.js";
import type { Db } from "../../storage/db.js";
import { findHomestead } from "../../storage/homesteads.js";
import { householdTiesOfPerson } from "../../storage/households.js";
import { findPlot } from "../../storage/land.js";
import { findPersonByDocument } from "../../storage/persons.js";
import { fanOut } from "../../storage/router.js";
import { findCertificate, versionsOfHoldersEver, type TitleVersionRead } from "../../storage/titles.js";
import type { CommandContext } from "../context.js";
import { describeIdNumberRejection } from "../persons/register-person.js";
import { equityHistory, titleHistory } from "./read-titles.js";

export type SearchInput =
  | { idNumber: string; idType?: IdType; purpose: string }
  | { plotCode: string; purpose: string }
  | { unitNumber: string; purpose: string }
  | { certificateNo: string; purpose: string };

type Kind = "plot" | "homestead" | "equity";

/**
 * A title search (登记资料查询): by a resident's ID number, a plot code, a homestead's unit number or a certificate
 * number → the rights it finds in the caller's jurisdiction, each with its current title and chain of title.
 * Outside the jurisdiction the answer is empty, never another county's data. Every search is recorded — who, for
 * which query (an ID number only as its keyed hash), why — in the append-only access log, before it is answered.
 */
export async function searchTitles(ctx: CommandContext, input: SearchInput) {
  const { actor, deps } = ctx;
  if (actor.role === "holder") throw new DomainError("forbidden", "A holder token reads its own rights (GET /v1/persons/{id}/rights); title searches are for registrars and bureaus.");
  const scope = actor.role === "bureau" ? actor.regionPrefix ?? "" : "";
  const visible = (c: CollectiveRow | null) => c !== null && seesCollective(actor, c);
  let found: { results: SearchResult[]; unavailable: string[] };
  let queryKind: "idNumber" | "plotCode" | "unitNumber" | "certificateNo";
  let queryValue: string;

  if ("idNumber" in input) {
    const document = normaliseDocument(input.idType ?? "resident-id", input.idNumber);
    if (typeof document === "string") throw new DomainError(document, describeIdNumberRejection(document));
    invariant(deps.idKey, "the service is configured with an ID key (REGISTRY_ID_KEY or data/id-key)");
    queryKind = "idNumber";
    queryValue = await hmacHex(deps.idKey, `${document.idType}:${document.idNumber}`);
    const targets = deps.router.databasesUnder(actor.role === "registrar" ? (countyOfRegistrar(actor.collectiveCode) ?? "") : scope);
    const { results, unavailable } = await fanOut(targets, async (db) => {
      const person = await findPersonByDocument(db, document.idType, document.idNumber);
      if (!person) return [];
      const households = (await householdTiesOfPerson(db, person.id)).map((t) => t.contractorCode);
      const held = await versionsOfHoldersEver(db, [person.id, ...households]);
      return resultsFor(ctx, db, held, visible);
    });
    found = { results: results.flatMap((r) => r.value), unavailable };
  } else {
    const [kind, subject, county] =
      "plotCode" in input
        ? (["plot", input.plotCode, countyOfCode(input.plotCode)] as const)
        : "unitNumber" in input
          ? (["homestead", input.unitNumber, countyOfCode(input.unitNumber)] as const)
          : (["certificate", input.certificateNo, countyOfCertificate(input.certificateNo)] as const);
    queryKind = "plotCode" in input ? "plotCode" : "unitNumber" in input ? "unitNumber" : "certificateNo";
    queryValue = subject;
    const db = deps.router.forCounty(county);
    found = { results: await subjectResults(ctx, db, kind, subject, visible), unavailable: [] };
  }

  await appendAccess(deps.router.directory, {
    atMs: deps.clock.nowMs(),
    tokenId: actor.tokenId,
    role: actor.role,
    scope: actor.role === "bureau" ? actor.regionPrefix : actor.role === "registrar" ? actor.collectiveCode : null,
    purpose: input.purpose.trim(),
    queryKind,
    queryValue,
    results: found.results.length,
  });
  return { results: found.results, partial: found.unavailable.length > 0, unavailable: found.unavailable };
}

function countyOfRegistrar(collectiveCode: string | null): string | null {
  return collectiveCode ? (/^[0-9A-Z]{2}(\d{6})/.exec(collectiveCode)?.[1] ?? null) : null;
}

export interface SearchResult {
  kind: Kind;
  subject: string;
  collectiveCode: string;
  collectiveName: string | null;
  current: Awaited<ReturnType<typeof titleHistory>>["versions"][number] | null;
  history: Awaited<ReturnType<typeof titleHistory>>["versions"];
}

async function subjectResults(ctx: CommandContext, db: Db, kind: "plot" | "homestead" | "certificate", subject: string, visible: (c: CollectiveRow | null) => boolean) {
  if (kind === "certificate") {
    const certificate = await findCertificate(db, subject);
    const collective = certificate ? await findCollective(db, certificate.collectiveCode) : null;
    if (!certificate || !visible(collective)) return [];
    const payload = parsePayload(certificate.payloadJson);
    const rights: { kind: Kind; subject: string }[] =
      certificate.kind === "land-contract"
        ? ((payload?.right.plots as { plotCode: string }[] | undefined) ?? []).map((p) => ({ kind: "plot" as const, subject: p.plotCode }))
        : [{ kind: certificate.kind === "homestead" ? "homestead" : "equity", subject: certificate.subject }];
    const out: SearchResult[] = [];
    for (const right of rights) out.push(...(await oneResult(ctx, db, right.kind, right.subject, collective!)));
    return out;
  }
  const owner = kind === "plot" ? await findPlot(db, subject) : await findHomestead(db, subject);
  const collective = owner ? await findCollective(db, owner.collectiveCode) : null;
  if (!owner || !visible(collective)) return [];
  return oneResult(ctx, db, kind, subject, collective!);
}

async function resultsFor(ctx: CommandContext, db: Db, held: TitleVersionRead[], visible: (c: CollectiveRow | null) => boolean) {
  const out: SearchResult[] = [];
  const seen = new Set<string>();
  const collectives = new Map<string, CollectiveRow | null>();
  for (const v of held) {
    const key = `${v.kind}:${v.collectiveCode}:${v.subject}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!collectives.has(v.collectiveCode)) collectives.set(v.collectiveCode, await findCollective(db, v.collectiveCode));
    const collective = collectives.get(v.collectiveCode)!;
    if (!visible(collective)) continue;
    out.push(...(await oneResult(ctx, db, v.kind, v.subject, collective!)));
  }
  return out;
}

async function oneResult(ctx: CommandContext, db: Db, kind: Kind, subject: string, collective: CollectiveRow): Promise<SearchResult[]> {
  const scoped = { ...ctx, deps: { ...ctx.deps, db } };
  const history =
    kind === "equity" ? (await equityHistory(scoped, collective.code, { personId: subject })).versions : (await titleHistory(scoped, kind, subject, {})).versions;
  const today = ctx.deps.clock.today();
  const current = history.find((v) => v.validFrom <= today && (v.validTo === null || v.validTo > today)) ?? null;
  return [{ kind, subject, collectiveCode: collective.code, collectiveName: collective.name, current, history }];
}
