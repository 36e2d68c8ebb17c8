import { Decimal } from "decimal.js";
import type { Hono } from "hono";
import type { FC } from "hono/jsx";
import { readSeries, type StatisticsSeries } from "../../../commands/statistics/read-series.js";
import { readStatistics } from "../../../commands/statistics/read-statistics.js";
import { contextIn } from "../../context.js";
import { SeriesQuery, StatisticsQuery } from "../../routes/statistics/index.js";
import { formatAreaM2, formatAreaMu, formatDate, formatMoney, formatPercent, formatShares, type Lang, type Messages, type T } from "../i18n.js";
import { Field, present, ProblemBox, problemOf, render, type Problem } from "../page.js";
import { requireSession, type ConsoleContext, type ConsoleEnv } from "../session.js";
import { BarChart, ColumnChart, type Series } from "../svg.js";

/**
 * The reform's numbers for the caller's scope (a bureau: its region prefix, or a narrower one; the admin: any; a
 * clerk: her collective), from the same commands as GET /v1/statistics and GET /v1/statistics/series: cards and
 * tables of today's counts, and charts drawn on the server — transfers and withdrawals registered per month, the
 * prices and the compensation paid, and who holds the shares by residence. Every chart is also a table.
 */
const M = {
  title: { zh: "统计", en: "Statistics" },
  scope: { zh: "统计范围", en: "Scope" },
  regionPrefix: { zh: "行政区划代码前缀", en: "Region-code prefix" },
  prefixBureau: { zh: "您的辖区为 {p}；可填写其中更细的区划代码。", en: "Your jurisdiction is {p}; you may give a finer code inside it." },
  prefixAdmin: { zh: "2–12 位数字；留空为全部。", en: "2–12 digits; empty for everything." },
  ownCollective: { zh: "统计本集体经济组织的数据。", en: "The numbers of your collective." },
  from: { zh: "起始月份", en: "First month" },
  to: { zh: "截止月份", en: "Last month" },
  monthHint: { zh: "格式：2025-01；默认为最近 24 个月。", en: "Format: 2025-01; default the last 24 months." },
  update: { zh: "更新统计", en: "Update" },
  asOf: { zh: "统计截至 {d}（北京时间），区划代码前缀：{p}。", en: "As of {d} (China Standard Time), region-code prefix: {p}." },
  everything: { zh: "全部", en: "all" },
  partial: { zh: "以下县级数据库未及时应答，其数据未计入：", en: "These county databases did not answer in time; their numbers are missing: " },
  overview: { zh: "概况", en: "Overview" },
  members: { zh: "成员", en: "Members" },
  collectives: { zh: "集体经济组织", en: "Collectives" },
  active: { zh: "在册成员", en: "Active members" },
  urban: { zh: "户籍已迁入城镇的成员", en: "Members with urban hukou" },
  urbanHolding: { zh: "其中仍持有权利", en: "of whom still hold rights" },
  land: { zh: "承包地", en: "Land" },
  plots: { zh: "地块", en: "Plots" },
  contracted: { zh: "已承包地块", en: "Contracted plots" },
  area: { zh: "面积", en: "Area" },
  contractedArea: { zh: "已承包面积", en: "Contracted area" },
  homesteads: { zh: "宅基地", en: "Homesteads" },
  activeHomesteads: { zh: "有效宅基地", en: "Active homesteads" },
  shares: { zh: "集体资产股份", en: "Collective equity" },
  issued: { zh: "已发行", en: "Issued" },
  heldByMembers: { zh: "个人持有", en: "Held by persons" },
  heldByCollective: { zh: "集体持有", en: "Held by the collectives" },
  applications: { zh: "转让与退出申请（按状态）", en: "Transfer and withdrawal applications, by status" },
  kind: { zh: "类型", en: "Kind" },
  subject: { zh: "标的", en: "Subject" },
  status: { zh: "状态", en: "Status" },
  count: { zh: "件数", en: "Count" },
  amount: { zh: "金额", en: "Amount" },
  noApplications: { zh: "暂无申请。", en: "No applications yet." },
  transfer: { zh: "转让", en: "Transfer" },
  withdrawal: { zh: "退出", en: "Withdrawal" },
  transfers: { zh: "转让", en: "Transfers" },
  withdrawals: { zh: "退出", en: "Withdrawals" },
  equity: { zh: "股份", en: "Equity" },
  "land-contract": { zh: "土地承包经营权", en: "Land-contract rights" },
  homestead: { zh: "宅基地", en: "Homesteads" },
  total: { zh: "合计", en: "Total" },
  seriesEquity: { zh: "股份", en: "Equity" },
  "seriesLand-contract": { zh: "土地承包经营权", en: "Land" },
  seriesHomestead: { zh: "宅基地", en: "Homesteads" },
  "pending-consent": { zh: "待共有人同意", en: "Awaiting consents" },
  "in-notice": { zh: "公示中", en: "In public notice" },
  objected: { zh: "有异议", en: "Objected" },
  approved: { zh: "已批准待付款", en: "Approved, awaiting payment" },
  registered: { zh: "已登记", en: "Registered" },
  rejected: { zh: "未获批准", en: "Rejected" },
  cancelled: { zh: "已撤回", en: "Cancelled" },
  overTime: { zh: "按月统计", en: "Month by month" },
  countsChart: { zh: "每月登记的转让与退出（件）", en: "Transfers and withdrawals registered per month (count)" },
  pricesChart: { zh: "每月登记的转让价款（{u}）", en: "Transfer prices registered per month ({u})" },
  compensationChart: { zh: "每月支付的退出补偿（{u}）", en: "Withdrawal compensation paid per month ({u})" },
  sharesChart: { zh: "集体资产股份持有情况（按居住地，股）", en: "Who holds the shares, by residence (shares)" },
  yuan: { zh: "元", en: "yuan" },
  tenThousandYuan: { zh: "万元", en: "10,000 yuan" },
  asTable: { zh: "以表格查看", en: "Show as a table" },
  month: { zh: "月份", en: "Month" },
  transferCount: { zh: "转让件数", en: "Transfers" },
  transferAmount: { zh: "转让价款", en: "Transfer prices" },
  withdrawalCount: { zh: "退出件数", en: "Withdrawals" },
  withdrawalAmount: { zh: "退出补偿", en: "Compensation" },
  sharesBy: { zh: "股份持有情况（按居住地）", en: "Shares by the holder's residence" },
  sharesNote: { zh: "截至今日；“户籍已迁入城镇”以最近一次户籍登记为准。四项之和等于已发行股份。", en: "Today; urban hukou as the latest household registration says. The four add up to the shares issued." },
  holder: { zh: "持有人", en: "Holder" },
  holdings: { zh: "持股户次", en: "Holdings" },
  ofIssued: { zh: "占已发行", en: "Of issued" },
  urbanMembers: { zh: "居住在城镇的成员", en: "Members living in cities" },
  otherMembers: { zh: "其他成员", en: "Other members" },
  nonMembers: { zh: "非成员（继承人等）", en: "Non-members (heirs…)" },
  collectiveOwn: { zh: "集体自持", en: "The collectives" },
} satisfies Messages;

/** A subject or status in words (the code itself should a new one appear). */
const word = (code: string) => (M as Messages)[code] ?? { zh: code, en: code };
const FIELD_NAMES = { regionPrefix: M.regionPrefix, from: M.from, to: M.to };
const SUBJECTS = ["equity", "land-contract", "homestead"] as const;
const SUBJECT_KEY = { equity: "equity", "land-contract": "landContract", homestead: "homestead" } as const;
const COLORS = { equity: "#0b4f8a", "land-contract": "#1d6b2f", homestead: "#a04a00" } as const;
const CHART_WIDTH = 980;
/** Legends are 150px apart in ColumnChart: short names. */
const SERIES_NAMES = { equity: M.seriesEquity, "land-contract": M["seriesLand-contract"], homestead: M.seriesHomestead };
const STYLE = [
  ".scope-form { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: flex-end; } .scope-form .field { min-width: 200px; } .scope-form .actions { padding-bottom: 30px; }",
  ".stat-cards { grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); } .stat-cards h3, .chart-card h3 { margin-top: 0; } section.card h2:first-child { margin-top: 0; }",
  "details { margin-top: 8px; } summary { cursor: pointer; color: var(--brand); }",
].join(" ");

type Values = { regionPrefix?: string; from?: string; to?: string };
type Numbers = { stats: Awaited<ReturnType<typeof readStatistics>>; series: StatisticsSeries };

export function registerStatisticsPages(app: Hono<ConsoleEnv>) {
  app.get("/console/statistics", requireSession, async (c) => {
    const values: Values = { regionPrefix: c.req.query("regionPrefix"), from: c.req.query("from"), to: c.req.query("to") };
    const asked = defined({ regionPrefix: present(values.regionPrefix), from: present(values.from), to: present(values.to) });
    let queries: [ReturnType<typeof StatisticsQuery.parse>, ReturnType<typeof SeriesQuery.parse>];
    try {
      queries = [StatisticsQuery.parse(defined({ regionPrefix: asked.regionPrefix })), SeriesQuery.parse(asked)];
    } catch (error) {
      return page(c, values, problemOf(c.var.t, error, FIELD_NAMES), null);
    }
    // The commands decide the scope (and refuse a holder): the page shows their answer.
    const ctx = contextIn(c, null);
    const [stats, series] = await Promise.all([readStatistics(ctx, queries[0]), readSeries(ctx, queries[1])]);
    return page(c, { regionPrefix: values.regionPrefix ?? stats.regionPrefix, from: series.from, to: series.to }, null, { stats, series });
  });
}

const defined = <O extends Record<string, string | undefined>>(o: O) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<O>;

function page(c: ConsoleContext, values: Values, problem: Problem | null, numbers: Numbers | null) {
  const { t, lang, actor } = c.var;
  const prefixHint = actor.role === "bureau" ? t(M.prefixBureau).replace("{p}", actor.regionPrefix ?? "") : t(M.prefixAdmin);
  return render(
    c,
    t(M.title),
    <>
      <ProblemBox problem={problem} t={t} />
      <section class="card" aria-labelledby="scope-heading">
        <h2 id="scope-heading">{t(M.scope)}</h2>
        <form method="get" action="/console/statistics" class="scope-form" id="scope-form">
          {actor.role === "registrar" ? (
            <p class="muted">{t(M.ownCollective)}</p>
          ) : (
            <Field name="regionPrefix" label={t(M.regionPrefix)} hint={prefixHint} value={values.regionPrefix} error={problem?.fields?.regionPrefix} inputmode="numeric" pattern="\d{2,12}" />
          )}
          <Field name="from" label={t(M.from)} hint={t(M.monthHint)} value={values.from} error={problem?.fields?.from} type="month" pattern="\d{4}-\d{2}" placeholder="2025-01" />
          <Field name="to" label={t(M.to)} value={values.to} error={problem?.fields?.to} type="month" pattern="\d{4}-\d{2}" placeholder="2026-11" />
          <div class="actions">
            <button type="submit" id="update">
              {t(M.update)}
            </button>
          </div>
        </form>
        <style>{STYLE}</style>
        {numbers && (
          <p id="as-of">
            {t(M.asOf)
              .replace("{d}", formatDate(lang, numbers.stats.asOf))
              .replace("{p}", numbers.stats.regionPrefix || t(M.everything))}
          </p>
        )}
        {numbers && (numbers.stats.partial || numbers.series.partial) && (
          <p class="problem" id="partial">
            {t(M.partial)}
            {[...new Set([...numbers.stats.unavailable, ...numbers.series.unavailable])].join("、")}
          </p>
        )}
      </section>
      {numbers && <Overview stats={numbers.stats} t={t} lang={lang} />}
      {numbers && <Applications stats={numbers.stats} t={t} />}
      {numbers && <OverTime series={numbers.series} t={t} lang={lang} />}
      {numbers && <SharesByResidence series={numbers.series} issued={numbers.stats.shares.issued} t={t} lang={lang} />}
    </>,
    problem ? 400 : 200,
  );
}

const Overview: FC<{ stats: Numbers["stats"]; t: T; lang: Lang }> = ({ stats: s, t, lang }) => (
  <section aria-labelledby="overview-heading" id="overview">
    <h2 id="overview-heading">{t(M.overview)}</h2>
    <div class="grid2 stat-cards">
      <Card id="card-members" title={t(M.members)} facts={[[t(M.collectives), String(s.collectives)], [t(M.active), String(s.members.active)], [t(M.urban), String(s.members.withUrbanHukou)], [t(M.urbanHolding), String(s.members.withUrbanHukouHoldingRights)]]} />
      <Card id="card-land" title={t(M.land)} facts={[[t(M.plots), String(s.plots.count)], [t(M.contracted), String(s.plots.contracted)], [t(M.area), formatAreaMu(lang, s.plots.areaMu)], [t(M.contractedArea), formatAreaMu(lang, s.plots.contractedAreaMu)]]} />
      <Card id="card-homesteads" title={t(M.homesteads)} facts={[[t(M.activeHomesteads), String(s.homesteads.active)], [t(M.area), formatAreaM2(lang, s.homesteads.areaM2)]]} />
      <Card id="card-shares" title={t(M.shares)} facts={[[t(M.issued), formatShares(lang, s.shares.issued)], [t(M.heldByMembers), formatShares(lang, s.shares.heldByMembers)], [t(M.heldByCollective), formatShares(lang, s.shares.heldByCollective)]]} />
    </div>
  </section>
);

const Card: FC<{ id: string; title: string; facts: [string, string][] }> = ({ id, title, facts }) => (
  <section class="card" id={id} aria-labelledby={`${id}-heading`}>
    <h3 id={`${id}-heading`}>{title}</h3>
    <dl class="facts">
      {facts.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </>
      ))}
    </dl>
  </section>
);

const Applications: FC<{ stats: Numbers["stats"]; t: T }> = ({ stats, t }) => {
  const rows = [...stats.transfers.map((a) => ({ kind: "transfer" as const, ...a })), ...stats.withdrawals.map((a) => ({ kind: "withdrawal" as const, ...a }))];
  return (
    <section class="card" aria-labelledby="applications-heading">
      <h2 id="applications-heading">{t(M.applications)}</h2>
      {rows.length === 0 ? (
        <p>{t(M.noApplications)}</p>
      ) : (
        <table id="table-applications">
          <thead>
            <tr>
              <th scope="col">{t(M.kind)}</th>
              <th scope="col">{t(M.subject)}</th>
              <th scope="col">{t(M.status)}</th>
              <th scope="col" class="num">
                {t(M.count)}
              </th>
              <th scope="col" class="num">
                {t(M.amount)}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{t(M[r.kind])}</td>
                <td>{t(word(r.subject))}</td>
                <td>{t(word(r.status))}</td>
                <td class="num">{r.count}</td>
                <td class="num">{formatMoney(r.amountSum)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};

const MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** 2025-01 → 2025年1月 / Jan 2025. */
function formatMonth(lang: Lang, month: string): string {
  const [y, m] = month.split("-");
  return lang === "zh" ? `${y}年${Number(m)}月` : `${MONTHS_EN[Number(m) - 1]} ${y}`;
}

/** Labels under the columns: every k-th month, so that they never overlap (the tables name every month). */
function periodLabels(months: string[]): string[] {
  const every = Math.max(1, Math.ceil((months.length * 52) / (CHART_WIDTH - 54)));
  return months.map((m, i) => (i % every === 0 ? m : ""));
}

/** Yuan as chart lengths (the exact sums are in the tables): in 10,000 yuan once the largest month reaches a million. */
function amountScale(amounts: string[]): { divisor: number; unit: keyof typeof M } {
  const max = Math.max(0, ...amounts.map((a) => Number(a)));
  return max >= 1_000_000 ? { divisor: 10_000, unit: "tenThousandYuan" } : { divisor: 1, unit: "yuan" };
}

type Month = StatisticsSeries["months"][number];

const OverTime: FC<{ series: StatisticsSeries; t: T; lang: Lang }> = ({ series, t, lang }) => {
  const months = series.months;
  const periods = periodLabels(months.map((m) => m.month));
  const countSeries: Series[] = [
    { name: t(M.transfers), color: "#0b4f8a", values: months.map((m) => m.transfers.all.count) },
    { name: t(M.withdrawals), color: "#a04a00", values: months.map((m) => m.withdrawals.all.count) },
  ];
  return (
    <section aria-labelledby="over-time-heading" id="over-time">
      <h2 id="over-time-heading">{t(M.overTime)}</h2>
      <section class="card chart-card" aria-labelledby="counts-heading">
        <h3 id="counts-heading">{t(M.countsChart)}</h3>
        <ColumnChart id="chart-counts" title={t(M.countsChart)} periods={periods} series={countSeries} width={CHART_WIDTH} />
        <details>
          <summary>{t(M.asTable)}</summary>
          <table id="table-counts">
            <caption>{t(M.countsChart)}</caption>
            <thead>
              <tr>
                <th scope="col">{t(M.month)}</th>
                <th scope="col" class="num">
                  {t(M.transferCount)}
                </th>
                <th scope="col" class="num">
                  {t(M.transferAmount)}
                </th>
                <th scope="col" class="num">
                  {t(M.withdrawalCount)}
                </th>
                <th scope="col" class="num">
                  {t(M.withdrawalAmount)}
                </th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr>
                  <th scope="row">{formatMonth(lang, m.month)}</th>
                  <td class="num">{m.transfers.all.count}</td>
                  <td class="num">{formatMoney(m.transfers.all.amountSum)}</td>
                  <td class="num">{m.withdrawals.all.count}</td>
                  <td class="num">{formatMoney(m.withdrawals.all.amountSum)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t(M.total)}</th>
                <td class="num">{series.totals.transfers.all.count}</td>
                <td class="num">{formatMoney(series.totals.transfers.all.amountSum)}</td>
                <td class="num">{series.totals.withdrawals.all.count}</td>
                <td class="num">{formatMoney(series.totals.withdrawals.all.amountSum)}</td>
              </tr>
            </tfoot>
          </table>
        </details>
      </section>
      <AmountsBySubject id="prices" kind="transfers" title={M.pricesChart} series={series} periods={periods} t={t} lang={lang} />
      <AmountsBySubject id="compensation" kind="withdrawals" title={M.compensationChart} series={series} periods={periods} t={t} lang={lang} />
    </section>
  );
};

/** One kind's amounts per month, a column per subject, and the same as a table. */
const AmountsBySubject: FC<{ id: string; kind: "transfers" | "withdrawals"; title: { zh: string; en: string }; series: StatisticsSeries; periods: string[]; t: T; lang: Lang }> = ({ id, kind, title, series, periods, t, lang }) => {
  const amount = (m: Month, s: (typeof SUBJECTS)[number]) => m[kind][SUBJECT_KEY[s]].amountSum;
  const scale = amountScale(series.months.flatMap((m) => SUBJECTS.map((s) => amount(m, s))));
  const heading = t(title).replace("{u}", t(M[scale.unit]));
  const columns: Series[] = SUBJECTS.map((s) => ({ name: t(SERIES_NAMES[s]), color: COLORS[s], values: series.months.map((m) => Number(amount(m, s)) / scale.divisor) }));
  return (
    <section class="card chart-card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{heading}</h3>
      <ColumnChart id={`chart-${id}`} title={heading} periods={periods} series={columns} width={CHART_WIDTH} />
      <details>
        <summary>{t(M.asTable)}</summary>
        <table id={`table-${id}`}>
          <caption>{t(title).replace("{u}", t(M.yuan))}</caption>
          <thead>
            <tr>
              <th scope="col">{t(M.month)}</th>
              {SUBJECTS.map((s) => (
                <th scope="col" class="num">
                  {t(M[s])}
                </th>
              ))}
              <th scope="col" class="num">
                {t(M.total)}
              </th>
            </tr>
          </thead>
          <tbody>
            {series.months.map((m) => (
              <tr>
                <th scope="row">{formatMonth(lang, m.month)}</th>
                {SUBJECTS.map((s) => (
                  <td class="num">{formatMoney(amount(m, s))}</td>
                ))}
                <td class="num">{formatMoney(m[kind].all.amountSum)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t(M.total)}</th>
              {SUBJECTS.map((s) => (
                <td class="num">{formatMoney(series.totals[kind][SUBJECT_KEY[s]].amountSum)}</td>
              ))}
              <td class="num">{formatMoney(series.totals[kind].all.amountSum)}</td>
            </tr>
          </tfoot>
        </table>
      </details>
    </section>
  );
};


const SharesByResidence: FC<{ series: StatisticsSeries; issued: string; t: T; lang: Lang }> = ({ series, issued, t, lang }) => {
  const s = series.sharesByResidence;
  const rows: [string, string, number | null][] = [
    [t(M.urbanMembers), s.membersWithUrbanHukou.shares, s.membersWithUrbanHukou.holdings],
    [t(M.otherMembers), s.otherMembers.shares, s.otherMembers.holdings],
    [t(M.nonMembers), s.nonMembers.shares, s.nonMembers.holdings],
    [t(M.collectiveOwn), s.collectives.shares, null],
  ];
  const share = (shares: string) => (new Decimal(issued).isZero() ? "—" : formatPercent(new Decimal(shares).dividedBy(issued).times(100).toDecimalPlaces(1).toFixed()));
  return (
    <section class="card" aria-labelledby="shares-heading" id="shares-by-residence">
      <h2 id="shares-heading">{t(M.sharesBy)}</h2>
      <p class="muted">{t(M.sharesNote)}</p>
      <BarChart id="chart-shares" title={t(M.sharesChart)} bars={rows.map(([label, shares]) => ({ label, value: Number(shares), text: lang === "zh" ? `${formatShares(lang, shares)}（${share(shares)}）` : `${formatShares(lang, shares)} (${share(shares)})` }))} width={CHART_WIDTH} />
      <table id="table-shares">
        <caption>{t(M.sharesChart)}</caption>
        <thead>
          <tr>
            <th scope="col">{t(M.holder)}</th>
            <th scope="col" class="num">
              {t(M.shares)}
            </th>
            <th scope="col" class="num">
              {t(M.holdings)}
            </th>
            <th scope="col" class="num">
              {t(M.ofIssued)}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, shares, holdings]) => (
            <tr>
              <th scope="row">{label}</th>
              <td class="num">{formatShares(lang, shares)}</td>
              <td class="num">{holdings ?? "—"}</td>
              <td class="num">{share(shares)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t(M.issued)}</th>
            <td class="num">{formatShares(lang, issued)}</td>
            <td class="num"></td>
            <td class="num">{new Decimal(issued).isZero() ? "—" : "100%"}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
};
