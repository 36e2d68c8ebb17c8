import { raw } from "hono/html";
import type { FC } from "hono/jsx";
import { ZodError } from "zod";
import { writesCollective, type Actor } from "../../../domain/access.js";
import { DomainError } from "../../../domain/errors.js";
import type { ProblemCode } from "../../problem.js";
import { formatDate, formatInstant, formatShares, type Lang, type Message, type Messages, type T } from "../i18n.js";
import { problemOf, type Problem } from "../page.js";
import { ENCUMBRANCE_KIND, ENCUMBRANCE_STATUS, HOLDER_KIND, labelOf, regionName, TITLE_ACT } from "./register-labels.js";

/**
 * What the pages of a collective's register share: the register's own navigation, paging links, a refusal turned
 * into the problem a form shows (with the field it concerns), and the tables of a right's encumbrances and chain
 * of title (plots and homesteads).
 */
const M = {
  register: { zh: "登记簿", en: "Register" },
  overview: { zh: "概况", en: "Overview" },
  members: { zh: "成员名册", en: "Members" },
  households: { zh: "承包户", en: "Households" },
  plots: { zh: "地块", en: "Plots" },
  homesteads: { zh: "宅基地", en: "Homesteads" },
  equity: { zh: "股权", en: "Equity" },
  next: { zh: "下一页", en: "Next page" },
  first: { zh: "回到第一页", en: "Back to the first page" },
  paging: { zh: "分页", en: "Pages" },
  required: { zh: "请填写此项。", en: "Fill this in." },
  urban: { zh: "城镇户籍", en: "Urban hukou" },
  rural: { zh: "农村户籍", en: "Rural hukou" },
  since: { zh: "自", en: "since" },
  encumbranceKind: { zh: "类型", en: "Kind" },
  party: { zh: "权利人/申请人", en: "Party" },
  documentRef: { zh: "文书", en: "Document" },
  registeredOn: { zh: "登记日期", en: "Registered on" },
  effectiveUntil: { zh: "有效期至", en: "In effect until" },
  status: { zh: "状态", en: "Status" },
  noEncumbrances: { zh: "无权利限制。", en: "No encumbrances." },
  validFrom: { zh: "起始日期", en: "From" },
  validTo: { zh: "截止日期", en: "Until" },
  holder: { zh: "权利人", en: "Holder" },
  contract: { zh: "承包合同", en: "Contract" },
  act: { zh: "登记事由", en: "Act" },
  certificate: { zh: "证书", en: "Certificate" },
  recordedAt: { zh: "记载时间", en: "Recorded" },
  stillHeld: { zh: "至今", en: "Still held" },
  noHistory: { zh: "尚无登记记录。", en: "Nothing registered yet." },
  shares: { zh: "股份", en: "Shares" },
} satisfies Messages;

export type RegisterSection = "overview" | "members" | "households" | "plots" | "homesteads" | "equity";

/** The sections of a collective's register, the current one marked. */
export const RegisterNav: FC<{ t: T; code: string; current?: RegisterSection }> = ({ t, code, current }) => {
  const base = `/console/collectives/${code}`;
  const links: [RegisterSection, string][] = [
    ["overview", base],
    ["members", `${base}/members`],
    ["households", `${base}/households`],
    ["plots", `${base}/plots`],
    ["homesteads", `${base}/homesteads`],
    ["equity", `${base}/equity`],
  ];
  return (
    <nav class="register-nav no-print" aria-label={t(M.register)}>
      <ul>
        {links.map(([section, href]) => (
          <li>
            <a href={href} aria-current={section === current ? "page" : undefined}>
              {t(M[section])}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
};

/** The register's navigation styles (page-specific, inline as the layout asks). */
export const REGISTER_CSS = `
.register-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 8px; margin: 0 0 16px; padding: 0; }
.register-nav a { display: inline-block; padding: 4px 12px; border: 1px solid var(--line); border-radius: 16px; background: var(--paper); text-decoration: none; }
.register-nav a[aria-current="page"] { background: var(--brand); border-color: var(--brand); color: var(--brand-ink); }
section.card > h2:first-child, section.card > .problem + h2 { margin-top: 0; }
.figure { font-size: 1.35rem; font-weight: 600; }
.tally { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; margin: 0; padding: 0; list-style: none; }
.tally li { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.tally a { font-weight: 600; }
table.members-pick td, table.members-pick th { vertical-align: middle; }
td code { font-size: 0.95em; }
td.nowrap { white-space: nowrap; }
figure { margin: 0 0 12px; }
`;

// Written raw: the selectors carry ">" and quotes, which text escaping would break.
export const RegisterStyle: FC = () => <style>{raw(REGISTER_CSS)}</style>;

/** Links to the next page (and back to the first), keeping the page's other query parameters. */
export const Pager: FC<{ t: T; path: string; query?: Record<string, string | undefined>; after?: string; nextCursor: string | null }> = ({ t, path, query = {}, after, nextCursor }) => {
  if (!nextCursor && !after) return null;
  const href = (cursor: string | undefined) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
    if (cursor) params.set("after", cursor);
    const text = params.toString();
    return text ? `${path}?${text}` : path;
  };
  return (
    <nav class="actions no-print" aria-label={t(M.paging)}>
      {after && (
        <a class="button secondary" href={href(undefined)}>
          {t(M.first)}
        </a>
      )}
      {nextCursor && (
        <a class="button secondary" href={href(nextCursor)} rel="next" id="next-page">
          {t(M.next)}
        </a>
      )}
    </nav>
  );
};

/** May the signed-in caller change this collective's register (the commands decide; pages only offer the links)? */
export const writes = (actor: Actor, collectiveCode: string) => writesCollective(actor, collectiveCode);

/**
 * A refusal as a form shows it: the problem box, and the message beside the field it concerns. Zod issues carry
 * their field; a domain refusal is placed by its code (`fieldOfCode`), with the rule's title beside the field. An
 * empty required field says so in the reader's language.
 */
export function refusalOf(
  t: T,
  error: unknown,
  fieldNames: Record<string, Message>,
  fieldOfCode: (code: ProblemCode) => string | null,
  values: Record<string, string> = {},
): Problem {
  const problem = problemOf(t, error, fieldNames);
  if (error instanceof ZodError) {
    const fields = { ...(problem.fields ?? {}) };
    for (const key of Object.keys(fields)) if (key in values && !values[key]?.trim()) fields[key] = t(M.required);
    return { ...problem, fields };
  }
  if (error instanceof DomainError) {
    const field = fieldOfCode(error.code);
    return field ? { ...problem, fields: { [field]: problem.title } } : problem;
  }
  return problem;
}

/** "name (code)" in the reader's punctuation: 王建国（371083…0001） / Wang Jianguo (371083…0001). */
export const paren = (lang: Lang, text: string, aside: string) => (lang === "zh" ? `${text}（${aside}）` : `${text} (${aside})`);


/** Several zod results as one failure (every field's message at once), or null when all passed. */
export function issuesOf(...results: ({ success: true } | { success: false; error: ZodError })[]): ZodError | null {
  const issues = results.flatMap((r) => (r.success ? [] : r.error.issues));
  return issues.length ? new ZodError(issues) : null;
}

/** A hukou fact as a neutral tag: where someone is registered changes no membership and no right. */
export const HukouTag: FC<{ t: T; lang: Lang; hukou: { kind: "rural" | "urban"; regionCode: string; effectiveOn: string } | null }> = ({ t, lang, hukou }) => {
  if (!hukou) return <span class="muted">—</span>;
  const place = regionName(lang, hukou.regionCode);
  const text = lang === "zh" ? `${t(M[hukou.kind])}（${place}）` : `${t(M[hukou.kind])} (${place})`;
  return (
    <span class={hukou.kind === "urban" ? "tag urban" : "tag"} data-hukou={hukou.kind}>
      {text}
    </span>
  );
};

export interface EncumbranceRow {
  id: string;
  kind: string;
  party: string;
  documentRef: string;
  registeredOn: string;
  effectiveUntil: string | null;
  status: string;
  inEffect: boolean;
}

export const EncumbranceTable: FC<{ t: T; lang: Lang; id: string; rows: EncumbranceRow[] }> = ({ t, lang, id, rows }) =>
  rows.length === 0 ? (
    <p id={id}>{t(M.noEncumbrances)}</p>
  ) : (
    <table id={id}>
      <thead>
        <tr>
          <th scope="col">{t(M.encumbranceKind)}</th>
          <th scope="col">{t(M.party)}</th>
          <th scope="col">{t(M.documentRef)}</th>
          <th scope="col">{t(M.registeredOn)}</th>
          <th scope="col">{t(M.effectiveUntil)}</th>
          <th scope="col">{t(M.status)}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr>
            <td>{labelOf(t, ENCUMBRANCE_KIND, e.kind)}</td>
            <td>{e.party}</td>
            <td>{e.documentRef}</td>
            <td>{formatDate(lang, e.registeredOn)}</td>
            <td>{e.effectiveUntil ? formatDate(lang, e.effectiveUntil) : "—"}</td>
            <td>{e.inEffect ? <strong>{labelOf(t, ENCUMBRANCE_STATUS, e.status)}</strong> : labelOf(t, ENCUMBRANCE_STATUS, e.status)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

export interface TitleRow {
  holder: { kind: string; id: string; name: string | null };
  contractCode: string | null;
  shares: string | null;
  validFrom: string;
  validTo: string | null;
  act: string;
  recordedAt: string;
  recordEndedAt: string | null;
  certificateNo: string | null;
}

/** A chain of title, oldest first: who held it from when to when, by which act, with which certificate. */
export const TitleHistoryTable: FC<{ t: T; lang: Lang; id: string; versions: TitleRow[]; caption: string }> = ({ t, lang, id, versions, caption }) => {
  if (versions.length === 0) return <p id={id}>{t(M.noHistory)}</p>;
  const holderLink = (v: TitleRow) => {
    const name = v.holder.name ?? v.holder.id;
    if (v.holder.kind === "household") return <a href={`/console/households/${v.holder.id}`}>{v.holder.name ? paren(lang, v.holder.name, v.holder.id) : v.holder.id}</a>;
    if (v.holder.kind === "person") return <a href={`/console/persons/${v.holder.id}`}>{name}</a>;
    return <>{name}</>;
  };
  return (
    <table id={id}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t(M.validFrom)}</th>
          <th scope="col">{t(M.validTo)}</th>
          <th scope="col">{t(M.holder)}</th>
          <th scope="col">{t(M.contract)}</th>
          <th scope="col">{t(M.act)}</th>
          <th scope="col">{t(M.certificate)}</th>
          <th scope="col">{t(M.recordedAt)}</th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr>
            <td class="nowrap">{formatDate(lang, v.validFrom)}</td>
            <td class="nowrap">{v.validTo ? formatDate(lang, v.validTo) : t(M.stillHeld)}</td>
            <td>
              <span class="muted">{labelOf(t, HOLDER_KIND, v.holder.kind)}</span> {holderLink(v)}
              {v.shares !== null && ` · ${formatShares(lang, v.shares)}`}
            </td>
            <td>{v.contractCode ?? "—"}</td>
            <td>{labelOf(t, TITLE_ACT, v.act)}</td>
            <td>{v.certificateNo ? <a href={`/console/certificates/${encodeURIComponent(v.certificateNo)}`}>{v.certificateNo}</a> : "—"}</td>
            <td class="nowrap">{formatInstant(lang, v.recordedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};
