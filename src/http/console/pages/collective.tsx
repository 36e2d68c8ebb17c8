import type { Hono } from "hono";
import { getCollective } from "../../../commands/collectives/read-collectives.js";
import { countyOfCollective } from "../../../domain/routing.js";
import { contextIn } from "../../context.js";
import { render } from "../page.js";
import { requireSession, type ConsoleEnv } from "../session.js";

const M = {
  code: { zh: "统一社会信用代码", en: "Credit code" },
  region: { zh: "行政区划代码", en: "Region code" },
  issuer: { zh: "发包方编码", en: "Issuing-party code" },
  level: { zh: "层级", en: "Level" },
  village: { zh: "村级", en: "Village" },
  group: { zh: "组级", en: "Group" },
  township: { zh: "乡镇级", en: "Township" },
  sections: { zh: "登记簿", en: "Register" },
} as const;

/** A collective's overview: its facts and the ways into its register. */
export function registerCollectivePages(app: Hono<ConsoleEnv>) {
  app.get("/console/collectives/:code", requireSession, async (c) => {
    const { t } = c.var;
    const code = c.req.param("code");
    const collective = await getCollective(contextIn(c, countyOfCollective(code)), code);
    return render(
      c,
      collective.name,
      <section class="card" aria-labelledby="facts-heading">
        <h2 id="facts-heading" class="sr-only">
          {t(M.sections)}
        </h2>
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
      </section>,
    );
  });
}
