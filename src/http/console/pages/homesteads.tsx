import type { Hono } from "hono";
import { getCollective } from "../../../commands/collectives/read-collectives.js";
import { getHomestead } from "../../../commands/homesteads/get-homestead.js";
import { listHomesteads } from "../../../commands/homesteads/list-homesteads.js";
import { titleHistory } from "../../../commands/titles/read-titles.js";
import { contextIn, countyOf } from "../../context.js";
import { formatAreaM2, formatDate, type Messages } from "../i18n.js";
import { render } from "../page.js";
import { requireSession, type ConsoleEnv } from "../session.js";
import { EncumbranceTable, Pager, paren, RegisterNav, RegisterStyle, TitleHistoryTable } from "./register-common.js";
import { ANNOTATION, HOMESTEAD_ORIGIN, HOMESTEAD_STATUS, labelOf } from "./register-labels.js";

const M = {
  title: { zh: "宅基地", en: "Homesteads" },
  totals: { zh: "共 {n} 宗，面积 {area}。", en: "{n} homesteads, {area} in all." },
  none: { zh: "暂无宅基地。", en: "No homesteads yet." },
  unitNumber: { zh: "不动产单元号", en: "Unit number" },
  household: { zh: "使用权人（户）", en: "Holder household" },
  area: { zh: "面积", en: "Area" },
  approvedOn: { zh: "批准日期", en: "Approved on" },
  origin: { zh: "来源", en: "Origin" },
  annotations: { zh: "附记", en: "Annotations" },
  // the homestead's page
  homesteadTitle: { zh: "宅基地 {unit}", en: "Homestead {unit}" },
  facts: { zh: "基本情况", en: "Facts" },
  maxArea: { zh: "批准时的面积标准", en: "Area cap when approved" },
  approvalRef: { zh: "批准文号", en: "Approval" },
  status: { zh: "状态", en: "Status" },
  certificate: { zh: "电子证书", en: "Certificate" },
  noAnnotations: { zh: "无附记。", en: "No annotations." },
  encumbrances: { zh: "权利限制", en: "Encumbrances" },
  history: { zh: "权属沿革", en: "Chain of title" },
  historyCaption: { zh: "自首次登记起，由早到晚", en: "From the first registration, oldest first" },
} satisfies Messages;

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));

/** The collective's homesteads, and a homestead's page: area, holder household, approval, annotations, history. */
export function registerHomesteadPages(app: Hono<ConsoleEnv>) {
  app.get("/console/collectives/:code/homesteads", requireSession, async (c) => {
    const { t, lang } = c.var;
    const code = c.req.param("code");
    const after = c.req.query("after") || undefined;
    const ctx = contextIn(c, countyOf.collective(code));
    const [collective, list] = await Promise.all([getCollective(ctx, code), listHomesteads(ctx, code, { status: "active", after, limit: 100 })]);
    const base = `/console/collectives/${code}/homesteads`;
    return render(
      c,
      `${t(M.title)} · ${collective.name}`,
      <>
        <RegisterStyle />
        <RegisterNav t={t} code={code} current="homesteads" />
        <section class="card" aria-labelledby="list-heading">
          <h2 id="list-heading">{t(M.title)}</h2>
          <p id="homestead-totals">{fill(t(M.totals), { n: list.totals.homesteads, area: formatAreaM2(lang, list.totals.areaM2) })}</p>
          {list.homesteads.length === 0 ? (
            <p>{t(M.none)}</p>
          ) : (
            <table id="homesteads">
              <thead>
                <tr>
                  <th scope="col">{t(M.unitNumber)}</th>
                  <th scope="col">{t(M.household)}</th>
                  <th scope="col" class="num">
                    {t(M.area)}
                  </th>
                  <th scope="col">{t(M.approvedOn)}</th>
                  <th scope="col">{t(M.origin)}</th>
                  <th scope="col">{t(M.annotations)}</th>
                </tr>
              </thead>
              <tbody>
                {list.homesteads.map((h) => (
                  <tr data-unit={h.unitNumber}>
                    <td>
                      <a href={`/console/homesteads/${h.unitNumber}`}>
                        <code>{h.unitNumber}</code>
                      </a>
                    </td>
                    <td>
                      <a href={`/console/households/${h.contractorCode}`}>{paren(lang, h.representative.name, h.contractorCode)}</a>
                    </td>
                    <td class="num">{formatAreaM2(lang, h.areaM2)}</td>
                    <td>{formatDate(lang, h.approvedOn)}</td>
                    <td>{labelOf(t, HOMESTEAD_ORIGIN, h.origin)}</td>
                    <td>{h.annotations.length === 0 ? "—" : h.annotations.map((a) => labelOf(t, ANNOTATION, a.code)).join("、")}</td>
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

  app.get("/console/homesteads/:unitNumber", requireSession, async (c) => {
    const { t, lang, actor } = c.var;
    const unitNumber = c.req.param("unitNumber");
    const ctx = contextIn(c, countyOf.code(unitNumber));
    const homestead = await getHomestead(ctx, unitNumber);
    const history = await titleHistory(ctx, "homestead", unitNumber, {});
    const holderName = homestead.title?.holder.kind === "household" ? homestead.title.holder.name : null;
    const certificateNo = homestead.title?.certificateNo ?? null;
    return render(
      c,
      fill(t(M.homesteadTitle), { unit: unitNumber }),
      <>
        <RegisterStyle />
        {actor.role !== "holder" && <RegisterNav t={t} code={homestead.collectiveCode} current="homesteads" />}
        <section class="card" aria-labelledby="facts-heading">
          <h2 id="facts-heading">{t(M.facts)}</h2>
          <dl class="facts">
            <dt>{t(M.unitNumber)}</dt>
            <dd>
              <code>{homestead.unitNumber}</code>
            </dd>
            <dt>{t(M.area)}</dt>
            <dd id="homestead-area">{formatAreaM2(lang, homestead.areaM2)}</dd>
            <dt>{t(M.maxArea)}</dt>
            <dd>{homestead.maxAreaM2 ? formatAreaM2(lang, homestead.maxAreaM2) : "—"}</dd>
            <dt>{t(M.household)}</dt>
            <dd>
              <a href={`/console/households/${homestead.contractorCode}`}>{holderName ? paren(lang, holderName, homestead.contractorCode) : homestead.contractorCode}</a>
            </dd>
            <dt>{t(M.approvedOn)}</dt>
            <dd>{formatDate(lang, homestead.approvedOn)}</dd>
            <dt>{t(M.approvalRef)}</dt>
            <dd>{homestead.approvalRef ?? "—"}</dd>
            <dt>{t(M.origin)}</dt>
            <dd>{labelOf(t, HOMESTEAD_ORIGIN, homestead.origin)}</dd>
            <dt>{t(M.status)}</dt>
            <dd>{labelOf(t, HOMESTEAD_STATUS, homestead.status)}</dd>
            <dt>{t(M.certificate)}</dt>
            <dd>{certificateNo ? <a href={`/console/certificates/${encodeURIComponent(certificateNo)}`}>{certificateNo}</a> : "—"}</dd>
          </dl>
        </section>

        <section class="card" aria-labelledby="annotations-heading">
          <h2 id="annotations-heading">{t(M.annotations)}</h2>
          {homestead.annotations.length === 0 ? (
            <p>{t(M.noAnnotations)}</p>
          ) : (
            <ul id="annotations">
              {homestead.annotations.map((a) => (
                <li>
                  <strong>{labelOf(t, ANNOTATION, a.code)}</strong>：<span lang="zh-CN">{a.text}</span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section class="card" aria-labelledby="encumbrances-heading">
          <h2 id="encumbrances-heading">{t(M.encumbrances)}</h2>
          <EncumbranceTable t={t} lang={lang} id="encumbrances" rows={homestead.encumbrances} />
        </section>

        <section class="card" aria-labelledby="history-heading">
          <h2 id="history-heading">{t(M.history)}</h2>
          <TitleHistoryTable t={t} lang={lang} id="title-history" versions={history.versions} caption={t(M.historyCaption)} />
        </section>
      </>,
    );
  });
}
