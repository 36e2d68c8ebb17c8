import type { Hono } from "hono";
import { findCollectives } from "../../../commands/collectives/read-collectives.js";
import { contextIn } from "../../context.js";
import { render } from "../page.js";
import { requireSession, type ConsoleEnv } from "../session.js";

const M = {
  title: { zh: "工作台", en: "Workbench" },
  collectives: { zh: "辖区内的集体经济组织", en: "Collectives in your jurisdiction" },
  code: { zh: "统一社会信用代码", en: "Credit code" },
  name: { zh: "名称", en: "Name" },
  region: { zh: "行政区划代码", en: "Region code" },
  none: { zh: "暂无记录。", en: "None yet." },
  search: { zh: "按身份证号码、地块或证书查询权属", en: "Search titles by ID number, plot or certificate" },
  statistics: { zh: "查看统计", en: "See the statistics" },
  more: { zh: "只显示前 100 个。", en: "Only the first 100 are shown." },
} as const;

/** Home: a clerk goes to her collective, a farmer to his rights; a bureau or the admin sees the collectives. */
export function registerHome(app: Hono<ConsoleEnv>) {
  app.get("/console", requireSession, async (c) => {
    const { actor } = c.var;
    if (actor.role === "registrar" && actor.collectiveCode) return c.redirect(`/console/collectives/${actor.collectiveCode}`, 303);
    if (actor.role === "holder" && actor.personId) return c.redirect(`/console/persons/${actor.personId}`, 303);
    return c.redirect("/console/collectives", 303);
  });

  app.get("/console/collectives", requireSession, async (c) => {
    const { t } = c.var;
    const found = await findCollectives(contextIn(c, null), { regionPrefix: c.req.query("regionPrefix") || undefined, limit: 100 });
    return render(
      c,
      t(M.collectives),
      <>
        <p class="actions">
          <a class="button secondary" href="/console/search">
            {t(M.search)}
          </a>
          <a class="button secondary" href="/console/statistics">
            {t(M.statistics)}
          </a>
        </p>
        <section class="card">
          {found.collectives.length === 0 ? (
            <p>{t(M.none)}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(M.name)}</th>
                  <th scope="col">{t(M.code)}</th>
                  <th scope="col">{t(M.region)}</th>
                </tr>
              </thead>
              <tbody>
                {found.collectives.map((k) => (
                  <tr>
                    <td>
                      <a href={`/console/collectives/${k.code}`}>{k.name}</a>
                    </td>
                    <td>
                      <code>{k.code}</code>
                    </td>
                    <td>{k.regionCode}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {found.nextCursor && <p class="muted">{t(M.more)}</p>}
        </section>
      </>,
    );
  });
}
