import type { Hono } from "hono";
import { getCollective } from "../../../commands/collectives/read-collectives.js";
import { getPlot } from "../../../commands/land/read-land.js";
import { listPlots } from "../../../commands/land/list-plots.js";
import { titleHistory } from "../../../commands/titles/read-titles.js";
import { contextIn, countyOf } from "../../context.js";
import { formatAreaMu, formatDate, type Messages } from "../i18n.js";
import { render } from "../page.js";
import { requireSession, type ConsoleEnv } from "../session.js";
import { PlotOutline } from "../svg.js";
import { EncumbranceTable, Pager, paren, RegisterNav, RegisterStyle, TitleHistoryTable } from "./register-common.js";
import { CONTRACT_MODE, LAND_USE, labelOf, PLOT_CATEGORY, YES_NO } from "./register-labels.js";

const M = {
  title: { zh: "地块", en: "Plots" },
  totals: { zh: "共 {n} 块，{area}；已承包 {contracted} 块，{contractedArea}。", en: "{n} plots, {area}; {contracted} contracted, {contractedArea}." },
  none: { zh: "暂无地块。", en: "No plots yet." },
  plotCode: { zh: "地块编码", en: "Plot code" },
  name: { zh: "地块名称", en: "Name" },
  area: { zh: "面积", en: "Area" },
  landUse: { zh: "土地用途", en: "Land use" },
  category: { zh: "地块类别", en: "Category" },
  contractedBy: { zh: "承包方", en: "Contracted by" },
  notContracted: { zh: "未承包", en: "Not contracted" },
  basicFarmland: { zh: "基本农田", en: "Basic farmland" },
  // the plot's page
  plotTitle: { zh: "地块 {code}", en: "Plot {code}" },
  facts: { zh: "基本情况", en: "Facts" },
  boundaries: { zh: "四至", en: "Boundaries" },
  east: { zh: "东", en: "East" },
  south: { zh: "南", en: "South" },
  west: { zh: "西", en: "West" },
  north: { zh: "北", en: "North" },
  outline: { zh: "地块示意图", en: "Outline" },
  outlineTitle: { zh: "地块 {code} 的示意图，北在上", en: "Outline of plot {code}, north up" },
  noOutline: { zh: "未登记地块图形，仅示四至。", en: "No outline is registered; only the boundaries are shown." },
  contract: { zh: "当前承包", en: "Current contract" },
  contractCode: { zh: "合同编码", en: "Contract code" },
  mode: { zh: "承包方式", en: "Mode" },
  term: { zh: "承包期限", en: "Term" },
  termText: { zh: "{from}至{to}", en: "{from} to {to}" },
  holder: { zh: "承包户", en: "Household" },
  certificate: { zh: "电子证书", en: "Certificate" },
  paperCertificate: { zh: "原承包经营权证书号", en: "Paper certificate number" },
  none2: { zh: "该地块目前未承包给任何农户。", en: "The plot is not contracted to any household now." },
  encumbrances: { zh: "权利限制", en: "Encumbrances" },
  history: { zh: "权属沿革", en: "Chain of title" },
  historyCaption: { zh: "自首次登记起，由早到晚", en: "From the first registration, oldest first" },
} satisfies Messages;

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));

/** The collective's plots, and a plot's page: facts, outline with its four boundaries, contract, encumbrances, chain of title. */
export function registerPlotPages(app: Hono<ConsoleEnv>) {
  app.get("/console/collectives/:code/plots", requireSession, async (c) => {
    const { t, lang } = c.var;
    const code = c.req.param("code");
    const after = c.req.query("after") || undefined;
    const ctx = contextIn(c, countyOf.collective(code));
    const [collective, list] = await Promise.all([getCollective(ctx, code), listPlots(ctx, code, { after, limit: 100 })]);
    const base = `/console/collectives/${code}/plots`;
    return render(
      c,
      `${t(M.title)} · ${collective.name}`,
      <>
        <RegisterStyle />
        <RegisterNav t={t} code={code} current="plots" />
        <section class="card" aria-labelledby="list-heading">
          <h2 id="list-heading">{t(M.title)}</h2>
          <p id="plot-totals">
            {fill(t(M.totals), {
              n: list.totals.plots,
              area: formatAreaMu(lang, list.totals.areaMu),
              contracted: list.totals.contracted,
              contractedArea: formatAreaMu(lang, list.totals.contractedAreaMu),
            })}
          </p>
          {list.plots.length === 0 ? (
            <p>{t(M.none)}</p>
          ) : (
            <table id="plots">
              <thead>
                <tr>
                  <th scope="col">{t(M.plotCode)}</th>
                  <th scope="col">{t(M.name)}</th>
                  <th scope="col" class="num">
                    {t(M.area)}
                  </th>
                  <th scope="col">{t(M.landUse)}</th>
                  <th scope="col">{t(M.contractedBy)}</th>
                  <th scope="col">{t(M.basicFarmland)}</th>
                </tr>
              </thead>
              <tbody>
                {list.plots.map((p) => (
                  <tr data-plot={p.plotCode}>
                    <td>
                      <a href={`/console/plots/${p.plotCode}`}>
                        <code>{p.plotCode}</code>
                      </a>
                    </td>
                    <td>{p.name ?? "—"}</td>
                    <td class="num">{formatAreaMu(lang, p.areaMu, p.areaM2)}</td>
                    <td>{labelOf(t, LAND_USE, p.landUse)}</td>
                    <td>
                      {p.contract ? (
                        <a href={`/console/households/${p.contract.contractorCode}`}>{p.contract.representative?.name ?? p.contract.contractorCode}</a>
                      ) : (
                        <span class="muted">{t(M.notContracted)}</span>
                      )}
                    </td>
                    <td>{YES_NO(t, p.basicFarmland)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pager t={t} path={base} after={after} nextCursor={list.nextCursor} />
        </section>
      </>,
    );
  });

  app.get("/console/plots/:plotCode", requireSession, async (c) => {
    const { t, lang, actor } = c.var;
    const plotCode = c.req.param("plotCode");
    const ctx = contextIn(c, countyOf.code(plotCode));
    const plot = await getPlot(ctx, plotCode);
    const history = await titleHistory(ctx, "plot", plotCode, {});
    const sides = { north: t(M.north), south: t(M.south), west: t(M.west), east: t(M.east) };
    const contract = plot.currentContract;
    const certificateNo = plot.title?.certificateNo ?? null;
    return render(
      c,
      fill(t(M.plotTitle), { code: plotCode }),
      <>
        <RegisterStyle />
        {actor.role !== "holder" && <RegisterNav t={t} code={plot.collectiveCode} current="plots" />}
        <div class="grid2">
          <section class="card" aria-labelledby="facts-heading">
            <h2 id="facts-heading">{t(M.facts)}</h2>
            <dl class="facts">
              <dt>{t(M.plotCode)}</dt>
              <dd>
                <code>{plot.plotCode}</code>
              </dd>
              <dt>{t(M.name)}</dt>
              <dd>{plot.name ?? "—"}</dd>
              <dt>{t(M.area)}</dt>
              <dd id="plot-area">{formatAreaMu(lang, plot.areaMu, plot.areaM2)}</dd>
              <dt>{t(M.landUse)}</dt>
              <dd>{labelOf(t, LAND_USE, plot.landUse)}</dd>
              <dt>{t(M.category)}</dt>
              <dd>{labelOf(t, PLOT_CATEGORY, plot.category)}</dd>
              <dt>{t(M.basicFarmland)}</dt>
              <dd>{YES_NO(t, plot.basicFarmland)}</dd>
              {(["east", "south", "west", "north"] as const).map((side) => (
                <>
                  <dt>{paren(lang, t(M.boundaries), t(M[side]))}</dt>
                  <dd>{plot.boundaries[side]}</dd>
                </>
              ))}
            </dl>
          </section>
          <section class="card" aria-labelledby="outline-heading">
            <h2 id="outline-heading">{t(M.outline)}</h2>
            <PlotOutline id="plot-outline" title={fill(t(M.outlineTitle), { code: plotCode })} geometry={plot.geometry} boundaries={plot.boundaries} sides={sides} />
            {!plot.geometry && <p class="muted">{t(M.noOutline)}</p>}
          </section>
        </div>

        <section class="card" aria-labelledby="contract-heading">
          <h2 id="contract-heading">{t(M.contract)}</h2>
          {contract ? (
            <dl class="facts" id="current-contract">
              <dt>{t(M.contractCode)}</dt>
              <dd>
                <code>{contract.contractCode}</code>
              </dd>
              <dt>{t(M.mode)}</dt>
              <dd>{labelOf(t, CONTRACT_MODE, contract.mode)}</dd>
              <dt>{t(M.term)}</dt>
              <dd>{fill(t(M.termText), { from: formatDate(lang, contract.startsOn), to: formatDate(lang, contract.endsOn) })}</dd>
              <dt>{t(M.holder)}</dt>
              <dd>
                {plot.holder ? (
                  <a href={`/console/households/${plot.holder.contractorCode}`}>
                    {plot.holder.representative ? paren(lang, plot.holder.representative.name, plot.holder.contractorCode) : plot.holder.contractorCode}
                  </a>
                ) : (
                  "—"
                )}
              </dd>
              <dt>{t(M.certificate)}</dt>
              <dd>{certificateNo ? <a href={`/console/certificates/${encodeURIComponent(certificateNo)}`}>{certificateNo}</a> : "—"}</dd>
              {contract.certificateNo && (
                <>
                  <dt>{t(M.paperCertificate)}</dt>
                  <dd>{contract.certificateNo}</dd>
                </>
              )}
            </dl>
          ) : (
            <p>{t(M.none2)}</p>
          )}
        </section>

        <section class="card" aria-labelledby="encumbrances-heading">
          <h2 id="encumbrances-heading">{t(M.encumbrances)}</h2>
          <EncumbranceTable t={t} lang={lang} id="encumbrances" rows={plot.encumbrances} />
        </section>

        <section class="card" aria-labelledby="history-heading">
          <h2 id="history-heading">{t(M.history)}</h2>
          <TitleHistoryTable t={t} lang={lang} id="title-history" versions={history.versions} caption={t(M.historyCaption)} />
        </section>
      </>,
    );
  });
}
