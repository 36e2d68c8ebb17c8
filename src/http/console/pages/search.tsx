import type { Hono } from "hono";
import type { FC } from "hono/jsx";
import { searchTitles, type SearchInput as SearchCommandInput, type SearchResult } from "../../../commands/titles/search-titles.js";
import { contextIn } from "../../context.js";
import { SearchInput } from "../../routes/titles/index.js";
import { formatDate, formatInstant, formatShares, type Lang, type Messages, type T } from "../i18n.js";
import { CsrfField, Field, formOf, present, ProblemBox, problemOf, render, Select, type Problem } from "../page.js";
import { requireSession, type ConsoleContext, type ConsoleEnv } from "../session.js";

/**
 * Title search (登记资料查询) for a bureau officer, the admin, or a clerk in her collective: by ID number, plot code,
 * unit number or certificate number, always with a stated purpose, through the same command as POST
 * /v1/titles/search (which writes the access log before answering). The search is a POST and its answer is rendered
 * from the POST: an ID number never appears in an address, a history entry or a log line.
 */
const M = {
  title: { zh: "权属查询", en: "Title search" },
  intro: {
    zh: "按身份证号码、地块编码、宅基地不动产单元号或证书编号查询您辖区内的权利及其权属沿革。每次查询连同查询目的记入访问日志。",
    en: "Search the rights in your jurisdiction, with their chain of title, by ID number, plot code, homestead unit number or certificate number. Every search is written to the access log with its purpose.",
  },
  search: { zh: "查询登记资料", en: "Search the register" },
  criteria: { zh: "查询条件（填写其中一项）", en: "Search by (fill in one)" },
  idNumber: { zh: "身份证号码", en: "ID number" },
  idNumberHint: { zh: "18 位居民身份证号码（或 15 位旧号码），不会出现在网址中。", en: "An 18-character resident ID number (or an old 15-digit one); it never appears in the address." },
  idType: { zh: "证件类型", en: "Document type" },
  plotCode: { zh: "地块编码", en: "Plot code" },
  plotCodeHint: { zh: "19 位：发包方编码加 5 位顺序号。", en: "19 digits: the issuer code and a 5-digit number." },
  unitNumber: { zh: "宅基地不动产单元号", en: "Homestead unit number" },
  certificateNo: { zh: "证书编号", en: "Certificate number" },
  purpose: { zh: "查询目的", en: "Purpose" },
  purposeHint: { zh: "依法须说明查询目的，例如：不动产登记审核（受理号 2026-0815）。", en: "The law requires a stated purpose, e.g. 不动产登记审核 (review of a registration, file 2026-0815)." },
  submit: { zh: "查询", en: "Search" },
  results: { zh: "查询结果", en: "Results" },
  found: { zh: "在您的辖区内找到 {n} 项权利。", en: "{n} right(s) found in your jurisdiction." },
  none: { zh: "在您的辖区内未找到权利。辖区以外的记录不予显示。", en: "No right found in your jurisdiction. Records outside it are not shown." },
  partial: { zh: "以下县级数据库未及时应答，结果可能不完整：", en: "These county databases did not answer in time; the results may be incomplete: " },
  collective: { zh: "集体经济组织", en: "Collective" },
  currentHolder: { zh: "现权利人", en: "Current holder" },
  noCurrent: { zh: "目前无人持有（已注销或退回集体）", en: "Held by nobody today (ended, or returned to the collective)" },
  certificate: { zh: "证书", en: "Certificate" },
  chain: { zh: "权属沿革", en: "Chain of title" },
  validFrom: { zh: "起始日期", en: "From" },
  validTo: { zh: "截止日期", en: "Until" },
  stillHeld: { zh: "至今", en: "today" },
  holder: { zh: "权利人", en: "Holder" },
  act: { zh: "登记事由", en: "Act" },
  detail: { zh: "合同 / 股份", en: "Contract / shares" },
  recordedAt: { zh: "记载时间", en: "Recorded" },
  household: { zh: "{name}户", en: "{name} household" },
  plot: { zh: "地块（土地承包经营权）", en: "Plot (land-contract right)" },
  homestead: { zh: "宅基地使用权", en: "Homestead use right" },
  equity: { zh: "集体资产股份", en: "Collective equity" },
  "first-registration": { zh: "首次登记", en: "First registration" },
  transfer: { zh: "转让", en: "Transfer" },
  withdrawal: { zh: "自愿有偿退出", en: "Withdrawal" },
  succession: { zh: "继承", en: "Succession" },
  correction: { zh: "更正登记", en: "Correction" },
  "household-split": { zh: "分户", en: "Household split" },
  "household-merge": { zh: "合户", en: "Household merger" },
  "resident-id": { zh: "居民身份证", en: "Resident ID card" },
  military: { zh: "军官证", en: "Military ID" },
  "organization-code": { zh: "组织机构代码", en: "Organization code" },
  "household-book": { zh: "户口簿", en: "Household register" },
  passport: { zh: "护照", en: "Passport" },
  other: { zh: "其他证件", en: "Other document" },
} satisfies Messages;

const FIELD_NAMES = { idNumber: M.idNumber, idType: M.idType, plotCode: M.plotCode, unitNumber: M.unitNumber, certificateNo: M.certificateNo, purpose: M.purpose };
const ID_TYPES = ["resident-id", "military", "organization-code", "household-book", "passport", "other"] as const;

type Values = Partial<Record<keyof typeof FIELD_NAMES, string>>;

export function registerSearchPages(app: Hono<ConsoleEnv>) {
  app.get("/console/search", requireSession, (c) => page(c, {}, null, null));

  app.post("/console/search", requireSession, async (c) => {
    const form = await formOf(c);
    const values: Values = { idNumber: form.idNumber, idType: form.idType, plotCode: form.plotCode, unitNumber: form.unitNumber, certificateNo: form.certificateNo, purpose: form.purpose };
    try {
      const idNumber = present(form.idNumber);
      const input = SearchInput.parse(
        defined({
          idNumber,
          // The document type goes with a number; a resident ID is the default.
          idType: idNumber && form.idType && form.idType !== "resident-id" ? form.idType : undefined,
          plotCode: present(form.plotCode),
          unitNumber: present(form.unitNumber),
          certificateNo: present(form.certificateNo),
          purpose: form.purpose ?? "",
        }),
      );
      const found = await searchTitles(contextIn(c, null), input as SearchCommandInput);
      return page(c, values, null, found);
    } catch (error) {
      const problem = problemOf(c.var.t, error, FIELD_NAMES);
      return page(c, values, problem, null);
    }
  });
}

const defined = <O extends Record<string, unknown>>(o: O) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

type Found = Awaited<ReturnType<typeof searchTitles>>;

function page(c: ConsoleContext, values: Values, problem: Problem | null, found: Found | null) {
  const { t, lang } = c.var;
  const error = (name: keyof typeof FIELD_NAMES) => problem?.fields?.[name];
  const status = problem ? (([400, 403, 404, 409, 422] as const).find((s) => s === problem.status) ?? 400) : 200;
  return render(
    c,
    t(M.title),
    <>
      <style>{".result td.date, .result td.holder, .result td.act { white-space: nowrap; } .result h3, #search-heading { margin-top: 0; } #search-form fieldset { display: grid; gap: 14px; max-width: 640px; }"}</style>
      <ProblemBox problem={problem} t={t} />
      <section class="card" aria-labelledby="search-heading">
        <h2 id="search-heading">{t(M.search)}</h2>
        <p class="muted">{t(M.intro)}</p>
        <form class="stack" method="post" action="/console/search" id="search-form">
          <CsrfField csrf={c.var.csrf} />
          <fieldset class="stack">
            <legend>{t(M.criteria)}</legend>
            <Field name="idNumber" label={t(M.idNumber)} hint={t(M.idNumberHint)} value={values.idNumber} error={error("idNumber")} check="id-number" autocomplete="off" />
            <Select name="idType" label={t(M.idType)} value={values.idType ?? "resident-id"} error={error("idType")} options={ID_TYPES.map((v) => ({ value: v, label: t(M[v]) }))} />
            <Field name="plotCode" label={t(M.plotCode)} hint={t(M.plotCodeHint)} value={values.plotCode} error={error("plotCode")} check="plot-code" inputmode="numeric" />
            <Field name="unitNumber" label={t(M.unitNumber)} value={values.unitNumber} error={error("unitNumber")} />
            <Field name="certificateNo" label={t(M.certificateNo)} value={values.certificateNo} error={error("certificateNo")} />
          </fieldset>
          <Field name="purpose" label={t(M.purpose)} hint={t(M.purposeHint)} value={values.purpose} error={error("purpose")} required />
          <div class="actions">
            <button type="submit" id="search">
              {t(M.submit)}
            </button>
          </div>
        </form>
      </section>
      {found && <Results found={found} t={t} lang={lang} />}
    </>,
    status,
  );
}

const Results: FC<{ found: Found; t: T; lang: Lang }> = ({ found, t, lang }) => (
  <section aria-labelledby="results-heading" id="results">
    <h2 id="results-heading">{t(M.results)}</h2>
    <p role="status" id="result-count">
      {found.results.length === 0 ? t(M.none) : t(M.found).replace("{n}", String(found.results.length))}
    </p>
    {found.partial && (
      <p class="problem" id="partial">
        {t(M.partial)}
        {found.unavailable.join("、")}
      </p>
    )}
    {found.results.map((r, i) => (
      <ResultCard result={r} index={i} t={t} lang={lang} />
    ))}
  </section>
);

/** Where a right is shown in full (pages of the console). */
function subjectHref(r: SearchResult): string {
  if (r.kind === "plot") return `/console/plots/${r.subject}`;
  if (r.kind === "homestead") return `/console/homesteads/${r.subject}`;
  return `/console/collectives/${r.collectiveCode}/equity`;
}

type Version = SearchResult["history"][number];

const HolderLink: FC<{ v: Version; t: T }> = ({ v, t }) => {
  const name = v.holder.name ?? v.holder.id;
  if (v.holder.kind === "household")
    return <a href={`/console/households/${v.holder.id}`}>{v.holder.name ? t(M.household).replace("{name}", v.holder.name) : name}</a>;
  if (v.holder.kind === "person") return <a href={`/console/persons/${v.holder.id}`}>{name}</a>;
  return <a href={`/console/collectives/${v.holder.id}`}>{name}</a>;
};

const CertificateLink: FC<{ no: string | null }> = ({ no }) => (no ? <a href={`/console/certificates/${encodeURIComponent(no)}`}>{no}</a> : <>—</>);

const ResultCard: FC<{ result: SearchResult; index: number; t: T; lang: Lang }> = ({ result: r, index, t, lang }) => {
  const id = `result-${index}`;
  const heading = r.kind === "equity" ? `${t(M.equity)} · ${r.current?.holder.name ?? r.history.at(-1)?.holder.name ?? r.subject}` : `${t(M[r.kind])} ${r.subject}`;
  return (
    <section class="card result" id={id} aria-labelledby={`${id}-heading`} data-kind={r.kind} data-subject={r.subject}>
      <h3 id={`${id}-heading`}>
        <a href={subjectHref(r)}>{heading}</a>
      </h3>
      <dl class="facts">
        <dt>{t(M.collective)}</dt>
        <dd>
          <a href={`/console/collectives/${r.collectiveCode}`}>{r.collectiveName ?? r.collectiveCode}</a>
        </dd>
        <dt>{t(M.currentHolder)}</dt>
        <dd id={`${id}-holder`}>
          {r.current ? (
            <>
              <HolderLink v={r.current} t={t} />
              {r.current.shares !== null && ` · ${formatShares(lang, r.current.shares)}`}
            </>
          ) : (
            t(M.noCurrent)
          )}
        </dd>
        <dt>{t(M.certificate)}</dt>
        <dd>
          <CertificateLink no={r.current?.certificateNo ?? null} />
        </dd>
      </dl>
      <table id={`${id}-chain`}>
        <caption>{t(M.chain)}</caption>
        <thead>
          <tr>
            <th scope="col">{t(M.validFrom)}</th>
            <th scope="col">{t(M.validTo)}</th>
            <th scope="col">{t(M.holder)}</th>
            <th scope="col">{t(M.act)}</th>
            <th scope="col">{t(M.detail)}</th>
            <th scope="col">{t(M.certificate)}</th>
            <th scope="col">{t(M.recordedAt)}</th>
          </tr>
        </thead>
        <tbody>
          {r.history.map((v) => (
            <tr>
              <td class="date">{formatDate(lang, v.validFrom)}</td>
              <td class="date">{v.validTo ? formatDate(lang, v.validTo) : t(M.stillHeld)}</td>
              <td class="holder">
                <HolderLink v={v} t={t} />
              </td>
              <td class="act">{t(M[v.act])}</td>
              <td>{v.shares !== null ? formatShares(lang, v.shares) : (v.contractCode ?? "—")}</td>
              <td>
                <CertificateLink no={v.certificateNo} />
              </td>
              <td>{formatInstant(lang, v.recordedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};
