import type { Hono } from "hono";
import type { FC } from "hono/jsx";
import { getPersonDistributions } from "../../../commands/distributions/person-distributions.js";
import { getPersonRights } from "../../../commands/persons/get-rights.js";
import { getPerson, listHouseholdRegistrations } from "../../../commands/persons/read-persons.js";
import { writesCollective } from "../../../domain/access.js";
import { contextIn, countyOf } from "../../context.js";
import { formatAreaM2, formatAreaMu, formatDate, formatMoney, formatPercent, formatShares, type Message } from "../i18n.js";
import { render } from "../page.js";
import { requireSession, type ConsoleContext, type ConsoleEnv } from "../session.js";
import { householdOf, orNull, type Household } from "./transfer-common.js";
import { labelOf, RELATION } from "./register-labels.js";

/**
 * A person's rights (the getPersonRights command behind GET /v1/persons/{id}/rights): memberships, households with
 * their co-holders, plots through the household's contract, the homestead, shares per collective and dividends,
 * each right with its current certificate. Living in a city is shown as a fact, never as a problem. A holder sees
 * all of his own; a clerk the part inside her collective. From here a writer starts an application in one click.
 */
const M = {
  identity: { zh: "基本情况", en: "Identity" },
  name: { zh: "姓名", en: "Name" },
  idNumber: { zh: "身份证号码", en: "ID number" },
  hukou: { zh: "户籍", en: "Household registration (hukou)" },
  urban: { zh: "城镇户籍", en: "Urban hukou" },
  rural: { zh: "农村户籍", en: "Rural hukou" },
  since: { zh: "自", en: "since" },
  unknown: { zh: "未登记", en: "Not recorded" },
  urbanFact: {
    zh: "户籍迁入城镇不影响其集体经济组织成员身份和各项权益（农村土地承包法第二十七条，农村集体经济组织法第十七、十八条）。",
    en: "Moving the hukou to a city changes neither membership nor any right (RLCL Art. 27; RCEO Law Arts. 17–18).",
  },
  partial: { zh: "只显示您有权查看的部分。", en: "Only the part you may see is shown." },
  memberships: { zh: "成员身份", en: "Memberships" },
  collective: { zh: "集体经济组织", en: "Collective" },
  status: { zh: "状态", en: "Status" },
  active: { zh: "在册", en: "Active" },
  ended: { zh: "已终止", en: "Ended" },
  joinedOn: { zh: "取得日期", en: "Joined on" },
  basis: { zh: "取得方式", en: "Basis" },
  endedOn: { zh: "终止日期", en: "Ended on" },
  equity: { zh: "集体资产股份", en: "Shares in the collective's assets" },
  shares: { zh: "持有股份", en: "Shares held" },
  reserved: { zh: "申请中（已占用）", en: "In pending applications" },
  percent: { zh: "占比", en: "Share of all" },
  certificate: { zh: "证书", en: "Certificate" },
  actions: { zh: "办理", en: "Start" },
  transferShares: { zh: "转让股份", en: "Transfer shares" },
  withdrawShares: { zh: "退出股份", en: "Withdraw shares" },
  households: { zh: "家庭承包户", en: "Households" },
  household: { zh: "承包户", en: "Household" },
  representative: { zh: "户主（代表）", en: "Representative" },
  ownRelation: { zh: "本人与户主关系", en: "Relation to the head" },
  members: { zh: "家庭成员", en: "Members" },
  relation: { zh: "与户主关系", en: "Relation" },
  coHolder: { zh: "共有人", en: "Co-holder" },
  yes: { zh: "是", en: "Yes" },
  no: { zh: "否", en: "No" },
  plots: { zh: "承包地块", en: "Contracted plots" },
  contract: { zh: "承包合同", en: "Contract" },
  term: { zh: "承包期限", en: "Term" },
  plot: { zh: "地块编码", en: "Plot code" },
  plotName: { zh: "地块名称", en: "Plot name" },
  area: { zh: "面积", en: "Area" },
  total: { zh: "合计", en: "Total" },
  homestead: { zh: "宅基地", en: "Homestead" },
  unit: { zh: "不动产单元号", en: "Unit number" },
  transferLand: { zh: "转让承包地", en: "Transfer land" },
  withdrawLand: { zh: "退出承包地", en: "Return land" },
  transferHomestead: { zh: "转让宅基地", en: "Transfer the homestead" },
  withdrawHomestead: { zh: "退出宅基地", en: "Withdraw from the homestead" },
  noRights: { zh: "暂无记录。", en: "Nothing recorded." },
  dividends: { zh: "收益分配", en: "Dividends" },
  recordDate: { zh: "分配基准日", en: "Record date" },
  description: { zh: "说明", en: "Description" },
  amount: { zh: "金额", en: "Amount" },
  paidOn: { zh: "支付日期", en: "Paid on" },
  unpaid: { zh: "未支付", en: "Unpaid" },
  totals: { zh: "累计 {amount}，已付 {paid}，未付 {unpaid}", en: "In all {amount}; paid {paid}; unpaid {unpaid}" },
} satisfies Record<string, Message>;

const BASIS: Record<string, Message> = {
  original: { zh: "原始成员", en: "Original member" },
  birth: { zh: "出生", en: "Birth" },
  marriage: { zh: "婚姻", en: "Marriage" },
  adoption: { zh: "收养", en: "Adoption" },
  resettlement: { zh: "移民安置", en: "Resettlement" },
  other: { zh: "其他", en: "Other" },
};

type Rights = Awaited<ReturnType<typeof getPersonRights>>;
type Titles = { kind: string; subject: string; collectiveCode: string; contractCode: string | null; certificateNo: string | null }[];

interface View {
  personId: string;
  rights: Rights;
  idNumber: string | null;
  hukou: { kind: "rural" | "urban"; regionCode: string; effectiveOn: string } | null;
  households: { tie: Rights["households"][number]; household: Household | null }[];
  dividends: Awaited<ReturnType<typeof getPersonDistributions>> | null;
  titles: Titles;
}

async function load(c: ConsoleContext, personId: string): Promise<View> {
  const ctx = contextIn(c, countyOf.id(personId));
  const today = c.var.deps.clock.today();
  const rights = await getPersonRights(ctx, personId, { asOf: today });
  const [person, hukou, households, dividends] = await Promise.all([
    orNull(getPerson(ctx, personId)),
    orNull(listHouseholdRegistrations(ctx, personId)),
    Promise.all(rights.households.map(async (tie) => ({ tie, household: await householdOf(c, tie.contractorCode) }))),
    orNull(getPersonDistributions(ctx, personId)),
  ]);
  // The title read names each right's certificate: the current version's valid one.
  const titles: Titles = ("titles" in rights ? (rights.titles as Titles | undefined) : undefined) ?? [];
  const current = (hukou ?? []).filter((h) => h.effectiveOn <= today).sort((a, b) => a.effectiveOn.localeCompare(b.effectiveOn)).at(-1) ?? null;
  return {
    personId,
    rights,
    idNumber: person ? ("idNumber" in person ? (person.idNumber ?? null) : null) ?? person.idNumberMasked : null,
    hukou: current,
    households,
    dividends,
    titles,
  };
}


const certificateOf = (v: View, kind: string, subject: string, collectiveCode?: string) =>
  v.titles.find((x) => x.kind === kind && x.subject === subject && (!collectiveCode || x.collectiveCode === collectiveCode))?.certificateNo ?? null;

const CertificateLink: FC<{ no: string | null; back: string }> = ({ no, back }) =>
  no ? (
    <a href={`/console/certificates/${encodeURIComponent(no)}?back=${encodeURIComponent(back)}`} data-certificate={no}>
      {no}
    </a>
  ) : (
    <>—</>
  );

export function registerPersonPages(app: Hono<ConsoleEnv>) {
  app.get("/console/persons/:personId", requireSession, async (c) => {
    const v = await load(c, c.req.param("personId"));
    const { t } = c.var;
    return render(
      c,
      v.rights.name,
      <>
        {c.var.actor.role !== "holder" && c.var.actor.role !== "admin" && <p class="muted">{t(M.partial)}</p>}
        <Identity c={c} v={v} />
        <Memberships c={c} v={v} />
        <Equity c={c} v={v} />
        <Households c={c} v={v} />
        {v.dividends && v.dividends.lines.length > 0 && <Dividends c={c} v={v} />}
      </>,
    );
  });
}

const Identity: FC<{ c: ConsoleContext; v: View }> = ({ c, v }) => {
  const { t, lang } = c.var;
  return (
    <section class="card" aria-labelledby="identity-heading">
      <h2 id="identity-heading">{t(M.identity)}</h2>
      <dl class="facts">
        <dt>{t(M.name)}</dt>
        <dd>{v.rights.name}</dd>
        <dt>{t(M.idNumber)}</dt>
        <dd id="id-number">{v.idNumber ?? "—"}</dd>
        <dt>{t(M.hukou)}</dt>
        <dd id="hukou">
          {v.hukou ? (
            <>
              <span class={v.hukou.kind === "urban" ? "tag urban" : "tag"}>{t(v.hukou.kind === "urban" ? M.urban : M.rural)}</span> {v.hukou.regionCode}，{t(M.since)}{" "}
              {formatDate(lang, v.hukou.effectiveOn)}
              {v.hukou.kind === "urban" && <p class="muted" id="urban-fact">{t(M.urbanFact)}</p>}
            </>
          ) : (
            t(M.unknown)
          )}
        </dd>
      </dl>
    </section>
  );
};

const Memberships: FC<{ c: ConsoleContext; v: View }> = ({ c, v }) => {
  const { t, lang, actor } = c.var;
  return (
    <section class="card" aria-labelledby="memberships-heading">
      <h2 id="memberships-heading">{t(M.memberships)}</h2>
      {v.rights.memberships.length === 0 ? (
        <p>{t(M.noRights)}</p>
      ) : (
        <table id="memberships">
          <thead>
            <tr>
              <th scope="col">{t(M.collective)}</th>
              <th scope="col">{t(M.status)}</th>
              <th scope="col">{t(M.joinedOn)}</th>
              <th scope="col">{t(M.basis)}</th>
              <th scope="col">{t(M.endedOn)}</th>
            </tr>
          </thead>
          <tbody>
            {v.rights.memberships.map((m) => (
              <tr>
                <td>{actor.role === "holder" ? (m.collectiveName ?? m.collectiveCode) : <a href={`/console/collectives/${m.collectiveCode}`}>{m.collectiveName ?? m.collectiveCode}</a>}</td>
                <td>{t(m.status === "active" ? M.active : M.ended)}</td>
                <td>{formatDate(lang, m.joinedOn)}</td>
                <td>{t(BASIS[m.basis] ?? { zh: m.basis, en: m.basis })}</td>
                <td>{m.endedOn ? formatDate(lang, m.endedOn) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};

const Equity: FC<{ c: ConsoleContext; v: View }> = ({ c, v }) => {
  const { t, lang, actor } = c.var;
  const names = new Map(v.rights.memberships.map((m) => [m.collectiveCode, m.collectiveName ?? m.collectiveCode]));
  const self = actor.role === "holder" && actor.personId === v.personId;
  const start = (code: string, action: "transfer" | "withdrawal") =>
    `/console/transfers/new?kind=equity&collective=${encodeURIComponent(code)}&from=${encodeURIComponent(v.personId)}${action === "withdrawal" ? "&action=withdrawal" : ""}`;
  return (
    <section class="card" aria-labelledby="equity-heading">
      <h2 id="equity-heading">{t(M.equity)}</h2>
      {v.rights.equity.length === 0 ? (
        <p>{t(M.noRights)}</p>
      ) : (
        <table id="equity">
          <thead>
            <tr>
              <th scope="col">{t(M.collective)}</th>
              <th scope="col" class="num">
                {t(M.shares)}
              </th>
              <th scope="col" class="num">
                {t(M.reserved)}
              </th>
              <th scope="col" class="num">
                {t(M.percent)}
              </th>
              <th scope="col">{t(M.certificate)}</th>
              <th scope="col">{t(M.actions)}</th>
            </tr>
          </thead>
          <tbody>
            {v.rights.equity.map((e) => (
              <tr data-collective={e.collectiveCode}>
                <td>{names.get(e.collectiveCode) ?? e.collectiveCode}</td>
                <td class="num">{formatShares(lang, e.shares)}</td>
                <td class="num">{formatShares(lang, e.reservedShares)}</td>
                <td class="num">{formatPercent(e.percent)}</td>
                <td>
                  <CertificateLink no={certificateOf(v, "equity", v.personId, e.collectiveCode)} back={`/console/persons/${v.personId}`} />
                </td>
                <td class="actions">
                  {(self || writesCollective(actor, e.collectiveCode)) && (
                    <>
                      <a class="button" href={start(e.collectiveCode, "transfer")} id={`transfer-${e.collectiveCode}`}>
                        {t(M.transferShares)}
                      </a>
                      <a class="button secondary" href={start(e.collectiveCode, "withdrawal")} id={`withdraw-${e.collectiveCode}`}>
                        {t(M.withdrawShares)}
                      </a>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};

const Households: FC<{ c: ConsoleContext; v: View }> = ({ c, v }) => {
  const { t } = c.var;
  return (
    <section aria-labelledby="households-heading">
      <h2 id="households-heading">{t(M.households)}</h2>
      {v.households.length === 0 ? (
        <section class="card">
          <p>{t(M.noRights)}</p>
        </section>
      ) : (
        v.households.map(({ tie, household }) => <HouseholdCard c={c} v={v} tie={tie} household={household} />)
      )}
    </section>
  );
};

const HouseholdCard: FC<{ c: ConsoleContext; v: View; tie: Rights["households"][number]; household: Household | null }> = ({ c, v, tie, household }) => {
  const { t, lang, actor } = c.var;
  const code = tie.contractorCode;
  const representative = household?.members.find((m) => m.person.id === household.representativeId);
  const contracts = v.rights.landContracts.filter((k) => k.contractorCode === code);
  const homesteads = v.rights.homesteads.filter((h) => h.contractorCode === code);
  const starts = writesCollective(actor, tie.collectiveCode) || (actor.role === "holder" && actor.personId === household?.representativeId);
  const link = (kind: string, action: "transfer" | "withdrawal") => `/console/transfers/new?kind=${kind}&from=${code}${action === "withdrawal" ? "&action=withdrawal" : ""}`;
  const back = `/console/persons/${v.personId}`;
  return (
    <section class="card" aria-labelledby={`household-${code}`} data-household={code}>
      <h3 id={`household-${code}`}>
        {t(M.household)} <code>{code}</code>
      </h3>
      <dl class="facts">
        <dt>{t(M.representative)}</dt>
        <dd>{representative?.person.name ?? "—"}</dd>
        <dt>{t(M.ownRelation)}</dt>
        <dd>
          {labelOf(t, RELATION, tie.relation)}
          {tie.coHolder ? `（${t(M.coHolder)}）` : ""}
        </dd>
      </dl>
      {household && (
        <table class="members">
          <caption>{t(M.members)}</caption>
          <thead>
            <tr>
              <th scope="col">{t(M.name)}</th>
              <th scope="col">{t(M.relation)}</th>
              <th scope="col">{t(M.coHolder)}</th>
            </tr>
          </thead>
          <tbody>
            {household.members.map((m) => (
              <tr>
                <td>{m.person.name}</td>
                <td>{labelOf(t, RELATION, m.relation)}</td>
                <td>{t(m.coHolder ? M.yes : M.no)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {contracts.map((k) => (
        <table class="plots" data-contract={k.contractCode}>
          <caption>
            {t(M.plots)} · {t(M.contract)} <code>{k.contractCode}</code> · {t(M.term)} {formatDate(lang, k.startsOn)} – {formatDate(lang, k.endsOn)}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t(M.plot)}</th>
              <th scope="col">{t(M.plotName)}</th>
              <th scope="col" class="num">
                {t(M.area)}
              </th>
              <th scope="col">{t(M.certificate)}</th>
            </tr>
          </thead>
          <tbody>
            {k.plots.map((p) => (
              <tr>
                <td>
                  <code>{p.plotCode}</code>
                </td>
                <td>{p.name ?? "—"}</td>
                <td class="num">{formatAreaMu(lang, p.areaMu)}</td>
                <td>
                  <CertificateLink no={certificateOf(v, "plot", p.plotCode)} back={back} />
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t(M.total)}</th>
              <td></td>
              <td class="num">{formatAreaMu(lang, k.totalAreaMu)}</td>
              <td></td>
            </tr>
          </tbody>
        </table>
      ))}
      {homesteads.map((h) => (
        <dl class="facts" data-homestead={h.unitNumber}>
          <dt>{t(M.homestead)}</dt>
          <dd>
            <code>{h.unitNumber}</code> · {formatAreaM2(lang, h.areaM2)}
          </dd>
          <dt>{t(M.certificate)}</dt>
          <dd>
            <CertificateLink no={certificateOf(v, "homestead", h.unitNumber)} back={back} />
          </dd>
        </dl>
      ))}
      {starts && (contracts.length > 0 || homesteads.length > 0) && (
        <p class="actions">
          {contracts.length > 0 && (
            <>
              <a class="button" href={link("land-contract", "transfer")}>
                {t(M.transferLand)}
              </a>
              <a class="button secondary" href={link("land-contract", "withdrawal")}>
                {t(M.withdrawLand)}
              </a>
            </>
          )}
          {homesteads.length > 0 && (
            <>
              <a class="button" href={link("homestead", "transfer")}>
                {t(M.transferHomestead)}
              </a>
              <a class="button secondary" href={link("homestead", "withdrawal")}>
                {t(M.withdrawHomestead)}
              </a>
            </>
          )}
        </p>
      )}
    </section>
  );
};

const Dividends: FC<{ c: ConsoleContext; v: View }> = ({ c, v }) => {
  const { t, lang } = c.var;
  const d = v.dividends!;
  const totals = { amount: formatMoney(d.totals.amount), paid: formatMoney(d.totals.paid), unpaid: formatMoney(d.totals.unpaid) };
  return (
    <section class="card" aria-labelledby="dividends-heading">
      <h2 id="dividends-heading">{t(M.dividends)}</h2>
      <p id="dividend-totals">{t({ zh: M.totals.zh.replace(/\{(\w+)\}/g, (_, k: keyof typeof totals) => totals[k]), en: M.totals.en.replace(/\{(\w+)\}/g, (_, k: keyof typeof totals) => totals[k]) })}</p>
      <table id="dividends">
        <thead>
          <tr>
            <th scope="col">{t(M.collective)}</th>
            <th scope="col">{t(M.recordDate)}</th>
            <th scope="col">{t(M.description)}</th>
            <th scope="col" class="num">
              {t(M.shares)}
            </th>
            <th scope="col" class="num">
              {t(M.amount)}
            </th>
            <th scope="col">{t(M.paidOn)}</th>
          </tr>
        </thead>
        <tbody>
          {d.lines.slice(0, 20).map((l) => (
            <tr>
              <td>{l.collectiveName}</td>
              <td>{formatDate(lang, l.recordDate)}</td>
              <td>{l.description}</td>
              <td class="num">{formatShares(lang, l.shares)}</td>
              <td class="num">{formatMoney(l.amount)}</td>
              <td>{l.paidOn ? formatDate(lang, l.paidOn) : t(M.unpaid)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};
