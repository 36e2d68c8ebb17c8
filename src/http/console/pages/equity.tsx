import type { Hono } from "hono";
import { Decimal } from "decimal.js";
import { getCollective } from "../../../commands/collectives/read-collectives.js";
import { getCapTable } from "../../../commands/equity/get-cap-table.js";
import { contextIn, countyOf } from "../../context.js";
import { formatPercent, formatShares, type Messages } from "../i18n.js";
import { render } from "../page.js";
import { requireSession, type ConsoleEnv } from "../session.js";
import { BarChart } from "../svg.js";
import { RegisterNav, RegisterStyle } from "./register-common.js";
import { HOLDING_ANNOTATION, labelOf } from "./register-labels.js";

const M = {
  title: { zh: "股权", en: "Equity" },
  capTable: { zh: "股权结构", en: "Cap table" },
  total: { zh: "已配置股份共 {shares}；集体持有 {collective}（{percent}）。", en: "{shares} issued; the collective holds {collective} ({percent})." },
  none: { zh: "尚未配置股份。", en: "No shares issued yet." },
  chartTitle: { zh: "各持有人持股数", en: "Shares by holder" },
  chartNote: { zh: "下表列出同样的数字。", en: "The table below gives the same figures." },
  holder: { zh: "持有人", en: "Holder" },
  shares: { zh: "持股数", en: "Shares" },
  percent: { zh: "占比", en: "Percent" },
  reserved: { zh: "申请中预留", en: "Reserved by applications" },
  certificate: { zh: "股权证书", en: "Certificate" },
  notes: { zh: "附注", en: "Notes" },
  collective: { zh: "集体持有", en: "Held by the collective" },
  unnamed: { zh: "（未登记姓名）", en: "(no name on record)" },
  totalRow: { zh: "合计", en: "Total" },
} satisfies Messages;

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));

/** The cap table (股权结构): holders by shares as a bar chart, and the same numbers in a table with percentages. */
export function registerEquityPages(app: Hono<ConsoleEnv>) {
  app.get("/console/collectives/:code/equity", requireSession, async (c) => {
    const { t, lang } = c.var;
    const code = c.req.param("code");
    const ctx = contextIn(c, countyOf.collective(code));
    const [collective, table] = await Promise.all([getCollective(ctx, code), getCapTable(ctx, code)]);
    // Today's table (the ledger's balances, with reservations); the as-of table has the same columns but those.
    const holdings: { personId: string; name: string | null; shares: string; percent: string; reservedShares?: string; certificateNo: string | null; annotations: string[] }[] = table.holdings;
    const issued = new Decimal(table.totalShares).greaterThan(0);
    const holderName = (name: string | null) => name ?? t(M.unnamed);
    // The chart's lengths only; every figure shown is the exact decimal string, formatted.
    const bars = [
      ...holdings.map((h) => ({ label: holderName(h.name), value: new Decimal(h.shares).toNumber(), text: `${formatShares(lang, h.shares)} · ${formatPercent(h.percent)}` })),
      ...(new Decimal(table.collectiveShares).greaterThan(0)
        ? [{ label: t(M.collective), value: new Decimal(table.collectiveShares).toNumber(), text: `${formatShares(lang, table.collectiveShares)} · ${formatPercent(table.collectivePercent)}` }]
        : []),
    ];
    return render(
      c,
      `${t(M.title)} · ${collective.name}`,
      <>
        <RegisterStyle />
        <RegisterNav t={t} code={code} current="equity" />
        <section class="card" aria-labelledby="cap-heading">
          <h2 id="cap-heading">{t(M.capTable)}</h2>
          {!issued ? (
            <p>{t(M.none)}</p>
          ) : (
            <>
              <p id="equity-total">
                {fill(t(M.total), { shares: formatShares(lang, table.totalShares), collective: formatShares(lang, table.collectiveShares), percent: formatPercent(table.collectivePercent) })}
              </p>
              <figure>
                <BarChart id="cap-chart" title={t(M.chartTitle)} bars={bars} />
                <figcaption class="muted">{t(M.chartNote)}</figcaption>
              </figure>
              <table id="cap-table">
                <thead>
                  <tr>
                    <th scope="col">{t(M.holder)}</th>
                    <th scope="col" class="num">
                      {t(M.shares)}
                    </th>
                    <th scope="col" class="num">
                      {t(M.percent)}
                    </th>
                    <th scope="col" class="num">
                      {t(M.reserved)}
                    </th>
                    <th scope="col">{t(M.certificate)}</th>
                    <th scope="col">{t(M.notes)}</th>
                  </tr>
                </thead>
                <tbody>
                  {holdings.map((h) => (
                    <tr data-person={h.personId}>
                      <td>
                        <a href={`/console/persons/${h.personId}`}>{holderName(h.name)}</a>
                      </td>
                      <td class="num">{formatShares(lang, h.shares)}</td>
                      <td class="num">{formatPercent(h.percent)}</td>
                      <td class="num">{h.reservedShares && new Decimal(h.reservedShares).greaterThan(0) ? formatShares(lang, h.reservedShares) : "—"}</td>
                      <td>{h.certificateNo ? <a href={`/console/certificates/${encodeURIComponent(h.certificateNo)}`}>{h.certificateNo}</a> : "—"}</td>
                      <td>{h.annotations.length === 0 ? "—" : h.annotations.map((a) => labelOf(t, HOLDING_ANNOTATION, a)).join("、")}</td>
                    </tr>
                  ))}
                  <tr id="collective-holding">
                    <td>{t(M.collective)}</td>
                    <td class="num">{formatShares(lang, table.collectiveShares)}</td>
                    <td class="num">{formatPercent(table.collectivePercent)}</td>
                    <td class="num">—</td>
                    <td>—</td>
                    <td>—</td>
                  </tr>
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t(M.totalRow)}</th>
                    <td class="num">{formatShares(lang, table.totalShares)}</td>
                    <td class="num">100%</td>
                    <td colspan={3}></td>
                  </tr>
                </tfoot>
              </table>
            </>
          )}
        </section>
      </>,
    );
  });
}
