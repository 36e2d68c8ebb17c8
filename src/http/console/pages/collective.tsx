import type { Hono } from "hono";
import { getCollective } from "../../../commands/collectives/read-collectives.js";
import { getCapTable } from "../../../commands/equity/get-cap-table.js";
import { listHomesteads } from "../../../commands/homesteads/list-homesteads.js";
import { listHouseholds } from "../../../commands/households/list-households.js";
import { listPlots } from "../../../commands/land/list-plots.js";
import { listMembers } from "../../../commands/members/list-members.js";
import { contextIn, countyOf } from "../../context.js";
import { formatAreaM2, formatAreaMu, formatShares, type Messages } from "../i18n.js";
import { render } from "../page.js";
import { requireSession, type ConsoleEnv } from "../session.js";
import { RegisterNav, RegisterStyle, writes } from "./register-common.js";

const M = {
  code: { zh: "统一社会信用代码", en: "Credit code" },
  region: { zh: "行政区划代码", en: "Region code" },
  issuer: { zh: "发包方编码", en: "Issuing-party code" },
  level: { zh: "层级", en: "Level" },
  village: { zh: "村级", en: "Village" },
  group: { zh: "组级", en: "Group" },
  township: { zh: "乡镇级", en: "Township" },
  facts: { zh: "基本情况", en: "Facts" },
  sections: { zh: "登记簿", en: "Register" },
  members: { zh: "在册成员", en: "Members" },
  membersCount: { zh: "{n} 人", en: "{n} active" },
  urban: { zh: "其中户籍在城镇 {n} 人", en: "of whom {n} with urban hukou" },
  urbanNote: { zh: "户籍迁入城镇不影响成员身份和权益。", en: "Moving one's hukou to a town changes no membership and no right." },
  households: { zh: "承包户", en: "Households" },
  householdsCount: { zh: "{n} 户", en: "{n} households" },
  plots: { zh: "地块", en: "Plots" },
  plotsCount: { zh: "{n} 块", en: "{n} plots" },
  plotsArea: { zh: "共 {area}", en: "{area} in all" },
  contracted: { zh: "已承包 {n} 块，{area}", en: "{n} contracted, {area}" },
  homesteads: { zh: "宅基地", en: "Homesteads" },
  homesteadsCount: { zh: "{n} 宗", en: "{n} homesteads" },
  homesteadArea: { zh: "面积 {area}", en: "{area} in all" },
  equity: { zh: "股权", en: "Equity" },
  sharesIssued: { zh: "已配置股份", en: "shares issued" },
  collectiveShares: { zh: "集体持有 {shares}", en: "the collective holds {shares}" },
  actions: { zh: "办理", en: "Register" },
  newMember: { zh: "登记新成员", en: "Register a new member" },
  newHousehold: { zh: "登记新户", en: "Register a new household" },
} satisfies Messages;

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));

/** A collective's overview: its facts, what its register holds, the ways into each part, and the clerk's actions. */
export function registerCollectivePages(app: Hono<ConsoleEnv>) {
  app.get("/console/collectives/:code", requireSession, async (c) => {
    const { t, lang, actor } = c.var;
    const code = c.req.param("code");
    const ctx = contextIn(c, countyOf.collective(code));
    const collective = await getCollective(ctx, code);
    const [members, households, plots, homesteads, equity] = await Promise.all([
      listMembers(ctx, code, "active"),
      listHouseholds(ctx, code, { status: "active", limit: 1 }),
      listPlots(ctx, code, { limit: 1 }),
      listHomesteads(ctx, code, { status: "active", limit: 1 }),
      getCapTable(ctx, code),
    ]);
    const urban = members.filter((m) => m.currentHukou?.kind === "urban").length;
    const base = `/console/collectives/${code}`;
    const tally: { id: string; href: string; label: string; figure: string; more: string[] }[] = [
      { id: "count-members", href: `${base}/members`, label: t(M.members), figure: fill(t(M.membersCount), { n: members.length }), more: [fill(t(M.urban), { n: urban })] },
      { id: "count-households", href: `${base}/households`, label: t(M.households), figure: fill(t(M.householdsCount), { n: households.totals.households }), more: [] },
      {
        id: "count-plots",
        href: `${base}/plots`,
        label: t(M.plots),
        figure: fill(t(M.plotsCount), { n: plots.totals.plots }),
        more: [fill(t(M.plotsArea), { area: formatAreaMu(lang, plots.totals.areaMu) }), fill(t(M.contracted), { n: plots.totals.contracted, area: formatAreaMu(lang, plots.totals.contractedAreaMu) })],
      },
      {
        id: "count-homesteads",
        href: `${base}/homesteads`,
        label: t(M.homesteads),
        figure: fill(t(M.homesteadsCount), { n: homesteads.totals.homesteads }),
        more: [fill(t(M.homesteadArea), { area: formatAreaM2(lang, homesteads.totals.areaM2) })],
      },
      {
        id: "count-equity",
        href: `${base}/equity`,
        label: t(M.equity),
        figure: formatShares(lang, equity.totalShares),
        more: [t(M.sharesIssued), fill(t(M.collectiveShares), { shares: formatShares(lang, equity.collectiveShares) })],
      },
    ];
    return render(
      c,
      collective.name,
      <>
        <RegisterStyle />
        <RegisterNav t={t} code={code} current="overview" />
        {writes(actor, code) && (
          <section class="card" aria-labelledby="actions-heading">
            <h2 id="actions-heading">{t(M.actions)}</h2>
            <p class="actions">
              <a class="button" href={`${base}/members/new`} id="new-member">
                {t(M.newMember)}
              </a>
              <a class="button" href={`${base}/households/new`} id="new-household">
                {t(M.newHousehold)}
              </a>
            </p>
          </section>
        )}
        <section class="card" aria-labelledby="facts-heading">
          <h2 id="facts-heading">{t(M.facts)}</h2>
          <dl class="facts">
            <dt>{t(M.code)}</dt>
            <dd>
              <code>{collective.code}</code>
            </dd>
            <dt>{t(M.region)}</dt>
            <dd>{collective.regionCode}</dd>
            <dt>{t(M.issuer)}</dt>
            <dd>{collective.issuerCode ?? "—"}</dd>
            <dt>{t(M.level)}</dt>
            <dd>{t(M[collective.level])}</dd>
          </dl>
        </section>
        <section aria-labelledby="sections-heading">
          <h2 id="sections-heading">{t(M.sections)}</h2>
          <ul class="tally">
            {tally.map((item) => (
              <li>
                <a href={item.href}>{item.label}</a>
                <div class="figure" id={item.id}>
                  {item.figure}
                </div>
                {item.more.map((m) => (
                  <div class="muted">{m}</div>
                ))}
              </li>
            ))}
          </ul>
          <p class="muted">{t(M.urbanNote)}</p>
        </section>
      </>,
    );
  });
}
