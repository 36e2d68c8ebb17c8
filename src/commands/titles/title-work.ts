import type { BatchItem } from "drizzle-orm/batch";
import { and, eq } from "drizzle-orm";
import { canonicalJson, CERTIFICATE_TITLES, type CertificateKind, type CertificatePayload } from "../../domain/certificates.js";
import { certificates, titleVersions } from "../../../schema/index.js";
import type { Deps } from "../../deps.js";
import type { CollectiveRow } from "../../storage/collectives.js";
import type { journalSeqOf } from "../../storage/commit.js";
import { chunk, MAX_PARAMETERS } from "../../storage/chunks.js";
import { currentVersions, validCertificates, type TitleKind, type TitleVersionRow } from "../../storage/titles.js";
import { literal } from "../../storage/prepared.js";

type JournalSeq = ReturnType<typeof journalSeqOf>;
type Act = TitleVersionRow["act"];
type HolderKind = TitleVersionRow["holderKind"];

export interface NextHolder {
  holderKind: HolderKind;
  holder: string;
  contractCode?: string | null;
  sharesE4?: number | null;
}

/**
 * The title side of a registration, gathered while a command decides and written in its batch: new title versions
 * (closing the record time of the versions they replace) and certificates (issuing the new one, superseding or
 * cancelling the old). Every command that creates, moves or ends a right goes through here, so history and
 * certificates cannot drift from the register.
 */
export class TitleWork {
  private readonly closes: string[] = [];
  /** New versions; a replaced version's copy keeps the journal sequence of the act that made it. */
  private readonly versions: (Omit<typeof titleVersions.$inferInsert, "journalSeq"> & { journalSeq?: number })[] = [];
  private readonly ends: { certificateNo: string; status: "superseded" | "cancelled"; supersededBy: string | null }[] = [];
  private readonly issues: Omit<typeof certificates.$inferInsert, "journalSeq">[] = [];
  /** Certificates issued and ended by this registration (for the journal and the answer). */
  readonly summary: { issued: string[]; superseded: string[]; cancelled: string[] } = { issued: [], superseded: [], cancelled: [] };
  /** The certificate issued for each right (by subject) in this registration. */
  readonly issuedFor = new Map<string, string>();

  constructor(
    private readonly deps: Deps,
    private readonly collective: CollectiveRow,
    private readonly act: Act,
    private readonly effectiveOn: string,
    private readonly applicationId: string | null = null,
  ) {}

  /** New holders of these subjects from `effectiveOn`; `certificateNo` names the certificate issued with each. */
  async hold(kind: TitleKind, changes: { subject: string; next: NextHolder; certificateNo?: string | null }[]): Promise<void> {
    const nowMs = this.deps.clock.nowMs();
    const current = await currentVersions(this.deps.db, kind, this.collective.code, changes.map((c) => c.subject));
    for (const { subject, next, certificateNo } of changes) {
      const open = current.get(subject);
      if (open) {
        this.closes.push(open.id);
        // The replaced version, as it now reads: held until the change took effect.
        this.versions.push({ ...open, id: this.newId(), validTo: open.validFrom > this.effectiveOn ? open.validFrom : this.effectiveOn, recordedFromMs: nowMs, recordedToMs: null });
      }
      this.versions.push({
        id: this.newId(),
        collectiveCode: this.collective.code,
        kind,
        subject,
        holderKind: next.holderKind,
        holder: next.holder,
        contractCode: next.contractCode ?? null,
        sharesE4: kind === "equity" ? (next.sharesE4 ?? 0) : null,
        act: this.act,
        validFrom: this.effectiveOn,
        validTo: null,
        recordedFromMs: nowMs,
        recordedToMs: null,
        applicationId: this.applicationId,
        certificateNo: certificateNo ?? null,
      });
    }
  }

  /** Issues the certificate of a right's new state, superseding the right's valid certificate. */
  async certify(
    kind: CertificateKind,
    subject: string,
    certificateNo: string,
    holder: { holderKind: HolderKind; holder: string; facts: Record<string, unknown> },
    right: Record<string, unknown>,
  ): Promise<string> {
    const previous = (await validCertificates(this.deps.db, kind, [subject], this.collective.code)).get(subject) ?? null;
    const payload: CertificatePayload = {
      format: "rural-rights-certificate/1",
      certificateNo,
      kind,
      title: CERTIFICATE_TITLES[kind],
      issuedOn: this.deps.clock.today(),
      issuer: { collectiveCode: this.collective.code, collectiveName: this.collective.name, issuerCode: this.collective.issuerCode },
      holder: holder.facts,
      right,
      replaces: previous?.certificateNo ?? null,
    };
    const payloadJson = canonicalJson(payload);
    const { signature, keyId } = await this.deps.keyring.sign(payloadJson);
    if (previous) {
      this.ends.push({ certificateNo: previous.certificateNo, status: "superseded", supersededBy: certificateNo });
      this.summary.superseded.push(previous.certificateNo);
    }
    this.issues.push({
      certificateNo,
      collectiveCode: this.collective.code,
      kind,
      subject,
      holderKind: holder.holderKind,
      holder: holder.holder,
      status: "valid",
      issuedOn: payload.issuedOn,
      issuedAtMs: this.deps.clock.nowMs(),
      payloadJson,
      signature,
      keyId,
      supersededBy: null,
      endedOn: null,
      endedAtMs: null,
    });
    this.summary.issued.push(certificateNo);
    this.issuedFor.set(subject, certificateNo);
    return certificateNo;
  }

  /** The right ended: its valid certificate is cancelled. */
  async cancel(kind: CertificateKind, subject: string): Promise<void> {
    const previous = (await validCertificates(this.deps.db, kind, [subject], this.collective.code)).get(subject);
    if (!previous) return;
    this.ends.push({ certificateNo: previous.certificateNo, status: "cancelled", supersededBy: null });
    this.summary.cancelled.push(previous.certificateNo);
  }

  /** The batch statements, in an order the database's guards accept: endings before their replacements. */
  writes(journalSeq: JournalSeq): BatchItem<"sqlite">[] {
    const { db, clock } = this.deps;
    const nowMs = clock.nowMs();
    const today = clock.today();
    const out: BatchItem<"sqlite">[] = [];
    for (const end of this.ends)
      out.push(
        db
          .update(certificates)
          .set({ status: end.status, supersededBy: end.supersededBy, endedOn: today, endedAtMs: nowMs })
          .where(and(eq(certificates.certificateNo, end.certificateNo), eq(certificates.status, literal("valid")))),
      );
    for (const issue of this.issues) out.push(db.insert(certificates).values({ ...issue, journalSeq }));
    for (const id of this.closes) out.push(db.update(titleVersions).set({ recordedToMs: nowMs }).where(eq(titleVersions.id, id)));
    const rows = this.versions.map((v) => ({ ...v, journalSeq: v.journalSeq ?? journalSeq }));
    // D1 binds at most 100 parameters: a version has 16 columns, and the journal sequence is a subquery of 2.
    for (const part of chunk(rows, Math.floor(MAX_PARAMETERS / 18))) out.push(db.insert(titleVersions).values(part));
    return out;
  }

  private newId(): string {
    return this.deps.ids("ttl");
  }
}
