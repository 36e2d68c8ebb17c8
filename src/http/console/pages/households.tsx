import type { Hono } from "hono";
import { getCollective } from "../../../commands/collectives/read-collectives.js";
import { getHomestead } from "../../../commands/homesteads/get-homestead.js";
import { getHousehold } from "../../../commands/households/get-household.js";
import { listHouseholds } from "../../../commands/households/list-households.js";
import { registerHousehold } from "../../../commands/households/register-household.js";
import { getContract, getPlot } from "../../../commands/land/read-land.js";
import { listMembers } from "../../../commands/members/list-members.js";
import type { CommandContext } from "../../../commands/context.js";
import { RELATIONS } from "../../../domain/households.js";
import type { ProblemCode } from "../../problem.js";
import { contextIn, countyOf } from "../../context.js";
import { HouseholdInput } from "../../routes/households/index.js";
import { formatAreaM2, formatAreaMu, formatDate, type Messages } from "../i18n.js";
import { CsrfField, Field, formListOf, formOf, NoticeBox, present, type Problem, ProblemBox, problemStatus, render, Select } from "../page.js";
import { requireSession, type ConsoleContext, type ConsoleEnv } from "../session.js";
import { Pager, refusalOf, RegisterNav, RegisterStyle, writes } from "./register-common.js";
import { CONTRACT_MODE, HOMESTEAD_ORIGIN, HOUSEHOLD_ORIGIN, HOUSEHOLD_STATUS, JOIN_REASON, LEAVE_REASON, labelOf, RELATION, YES_NO } from "./register-labels.js";

const M = {
  title: { zh: "承包户", en: "Households" },
  count: { zh: "共 {n} 户。", en: "{n} households." },
  none: { zh: "暂无承包户。", en: "No households yet." },
  contractorCode: { zh: "承包方编码", en: "Contractor code" },
  representative: { zh: "承包方代表", en: "Representative" },
  memberCount: { zh: "人数", en: "Members" },
  coHolders: { zh: "共有人", en: "Co-holders" },
  contracts: { zh: "承包合同", en: "Land contracts" },
  homestead: { zh: "宅基地", en: "Homestead" },
  plotsArea: { zh: "{n} 块，{area}", en: "{n} plots, {area}" },
  newHousehold: { zh: "登记新户", en: "Register a new household" },
  // the household's page
  householdTitle: { zh: "承包户 {code}", en: "Household {code}" },
  registered: { zh: "已登记该户。", en: "The household is registered." },
  facts: { zh: "基本情况", en: "Facts" },
  collective: { zh: "集体经济组织", en: "Collective" },
  status: { zh: "状态", en: "Status" },
  origin: { zh: "来源", en: "Origin" },
  dissolvedOn: { zh: "注销日期", en: "Dissolved on" },
  originHouseholds: { zh: "原户", en: "From households" },
  members: { zh: "户内成员", en: "Members" },
  name: { zh: "姓名", en: "Name" },
  idNumber: { zh: "证件号码", en: "ID number" },
  relation: { zh: "与户主关系", en: "Relation to the head" },
  coHolder: { zh: "共有人", en: "Co-holder" },
  joinedOn: { zh: "加入日期", en: "Joined on" },
  asRegistered: { zh: "首次登记时在户", en: "Listed at registration" },
  formerMembers: { zh: "已离开本户的成员", en: "Former members" },
  formerNote: {
    zh: "离开本户不终止集体成员身份（《农村集体经济组织法》第十八条）。",
    en: "Leaving the household does not end membership of the collective (RCEO Law Art. 18).",
  },
  leftOn: { zh: "离开日期", en: "Left on" },
  reason: { zh: "原因", en: "Reason" },
  noContract: { zh: "本户暂无有效的承包合同。", en: "The household holds no active land contract." },
  contractCode: { zh: "合同编码", en: "Contract code" },
  mode: { zh: "承包方式", en: "Mode" },
  term: { zh: "承包期限", en: "Term" },
  termText: { zh: "{from}至{to}", en: "{from} to {to}" },
  paperCertificate: { zh: "原承包经营权证书号", en: "Paper certificate number" },
  plot: { zh: "地块编码", en: "Plot code" },
  plotName: { zh: "地块名称", en: "Name" },
  area: { zh: "面积", en: "Area" },
  total: { zh: "合计", en: "Total" },
  noHomestead: { zh: "本户暂无宅基地。", en: "The household holds no homestead." },
  unitNumber: { zh: "不动产单元号", en: "Unit number" },
  approvedOn: { zh: "批准日期", en: "Approved on" },
  certificates: { zh: "电子证书", en: "Certificates" },
  noRights: { zh: "本户暂无承包地或宅基地，故无证书。", en: "The household holds no land contract or homestead, so no certificate." },
  noCertificates: { zh: "尚未签发电子证书（导入的权利在下一次登记时签发）。", en: "No electronic certificate yet (imported rights get one at their next registration)." },
  applications: { zh: "办理转让或退出", en: "Start a transfer or withdrawal" },
  applicationsNote: { zh: "申请须经共有人同意、公示后由本集体审批。", en: "An application needs the co-holders' consent, a public notice and the collective's approval." },
  transferLand: { zh: "转让土地承包经营权", en: "Transfer the land contract right" },
  withdrawLand: { zh: "退出承包地", en: "Withdraw from the contracted land" },
  transferHomestead: { zh: "转让宅基地使用权", en: "Transfer the homestead" },
  withdrawHomestead: { zh: "退出宅基地", en: "Withdraw from the homestead" },
  // the form
  formTitle: { zh: "登记新户", en: "Register a new household" },
  formIntro: {
    zh: "从本集体尚未在任何户中的在册成员中选择本户成员，并指定承包方代表和共有人。",
    en: "Choose the household's members among the collective's active members who are in no household yet, and name its representative and co-holders.",
  },
  contractorHint: { zh: "18 位：发包方编码 {issuer} 加 4 位顺序号（0001–8000）。", en: "18 digits: the issuing-party code {issuer} and a 4-digit number (0001–8000)." },
  representativeHint: { zh: "须为本户成员。", en: "One of the household's members." },
  choose: { zh: "请选择", en: "Choose" },
  pickLegend: { zh: "本户成员", en: "Members of the household" },
  pickHint: { zh: "勾选列入本户的成员，选择其与户主的关系；共有人为承包经营权的共同权利人。", en: "Tick the household's members and choose each one's relation to the head; co-holders hold the contract right together." },
  include: { zh: "列入本户", en: "In the household" },
  relationOf: { zh: "{name}与户主关系", en: "{name}: relation to the head" },
  coHolderOf: { zh: "{name}为共有人", en: "{name} is a co-holder" },
  noneEligible: { zh: "本集体所有在册成员都已在户中；请先登记新成员。", en: "Every active member is already in a household; register a new member first." },
  submit: { zh: "登记", en: "Register" },
  cancel: { zh: "返回承包户列表", en: "Back to the households" },
} satisfies Messages;

const FIELD_NAMES = { contractorCode: M.contractorCode, representativeId: M.representative, members: M.pickLegend };

function fieldOfCode(code: ProblemCode): string | null {
  if (code.startsWith("contractor_code_") || code === "household_already_registered") return "contractorCode";
  if (code.startsWith("representative_")) return "representativeId";
  if (code === "household_member_duplicated" || code === "person_already_in_household" || code === "relation_code_mismatch" || code === "person_not_found") return "members";
  return null;
}

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));

/** Every household of the collective (pages of 500), for the form's choices. */
async function allHouseholds(ctx: CommandContext, code: string) {
  const all = [];
  let after: string | undefined;
  for (;;) {
    const page = await listHouseholds(ctx, code, { status: "all", after, limit: 500 });
    all.push(...page.households);
    if (!page.nextCursor) return all;
    after = page.nextCursor;
  }
}

/** The households list, a household's page, and registering a household with its members and co-holders. */
export function registerHouseholdPages(app: Hono<ConsoleEnv>) {
  app.get("/console/collectives/:code/households", requireSession, async (c) => {
    const { t, lang, actor } = c.var;
    const code = c.req.param("code");
    const after = c.req.query("after") || undefined;
    const ctx = contextIn(c, countyOf.collective(code));
    const [collective, list] = await Promise.all([getCollective(ctx, code), listHouseholds(ctx, code, { status: "active", after, limit: 100 })]);
    const base = `/console/collectives/${code}/households`;
    return render(
      c,
      `${t(M.title)} · ${collective.name}`,
      <>
        <RegisterStyle />
        <RegisterNav t={t} code={code} current="households" />
        {writes(actor, code) && (
          <p class="actions">
            <a class="button" href={`${base}/new`} id="new-household">
              {t(M.newHousehold)}
            </a>
          </p>
        )}
        <section class="card" aria-labelledby="list-heading">
          <h2 id="list-heading">{t(M.title)}</h2>
          <p id="household-count">{fill(t(M.count), { n: list.totals.households })}</p>
          {list.households.length === 0 ? (
            <p>{t(M.none)}</p>
          ) : (
            <table id="households">
              <thead>
                <tr>
                  <th scope="col">{t(M.contractorCode)}</th>
                  <th scope="col">{t(M.representative)}</th>
                  <th scope="col" class="num">
                    {t(M.memberCount)}
                  </th>
                  <th scope="col">{t(M.coHolders)}</th>
                  <th scope="col">{t(M.contracts)}</th>
                  <th scope="col">{t(M.homestead)}</th>
                </tr>
              </thead>
              <tbody>
                {list.households.map((h) => (
                  <tr data-household={h.contractorCode}>
                    <td>
                      <a href={`/console/households/${h.contractorCode}`}>
                        <code>{h.contractorCode}</code>
                      </a>
                    </td>
                    <td>{h.representative.name}</td>
                    <td class="num">{h.memberCount}</td>
                    <td>{h.members.filter((m) => m.coHolder).map((m) => m.name).join("、") || "—"}</td>
                    <td>
                      {h.landContracts.length === 0
                        ? "—"
                        : h.landContracts.map((k) => (
                            <div>
                              <code>{k.contractCode}</code> <span class="muted">{fill(t(M.plotsArea), { n: k.plotCount, area: formatAreaMu(lang, k.areaMu) })}</span>
                            </div>
                          ))}
                    </td>
                    <td>
                      {h.homesteads.length === 0
                        ? "—"
                        : h.homesteads.map((s) => (
                            <div>
                              <a href={`/console/homesteads/${s.unitNumber}`}>
                                <code>{s.unitNumber}</code>
                              </a>
                            </div>
                          ))}
                    </td>
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

  app.get("/console/collectives/:code/households/new", requireSession, async (c) => {
    const code = c.req.param("code");
    const choices = await formChoices(c, code);
    return newHouseholdPage(c, choices, { contractorCode: choices.nextCode }, [], [], null);
  });

  app.post("/console/collectives/:code/households/new", requireSession, async (c) => {
    const code = c.req.param("code");
    const ctx = contextIn(c, countyOf.collective(code));
    const form = await formOf(c);
    const picked = await formListOf(c, "member");
    const coHolders = await formListOf(c, "coHolder");
    try {
      const input = HouseholdInput.parse({
        contractorCode: present(form.contractorCode) ?? "",
        representativeId: present(form.representativeId) ?? "",
        members: picked.map((personId) => ({ personId, relation: form[`relation-${personId}`] ?? "", coHolder: coHolders.includes(personId) })),
      });
      const { household } = await registerHousehold(ctx, code, input);
      return c.redirect(`/console/households/${household.contractorCode}?notice=registered`, 303);
    } catch (error) {
      const problem = refusalOf(c.var.t, error, FIELD_NAMES, fieldOfCode, form);
      // A member's row error (members.2.relation) goes beside that member's relation.
      const fields: Record<string, string> = {};
      for (const [key, message] of Object.entries(problem.fields ?? {})) {
        const row = /^members\.(\d+)\./.exec(key);
        const personId = row ? picked[Number(row[1])] : undefined;
        fields[personId ? `relation-${personId}` : key] = message;
      }
      return newHouseholdPage(c, await formChoices(c, code), form, picked, coHolders, { ...problem, fields });
    }
  });

  app.get("/console/households/:contractorCode", requireSession, householdPage);
}

/** The form's choices: the collective, its active members in no household, and the next free contractor code. */
async function formChoices(c: ConsoleContext, code: string) {
  const ctx = contextIn(c, countyOf.collective(code));
  const [collective, members, households] = await Promise.all([getCollective(ctx, code), listMembers(ctx, code, "active"), allHouseholds(ctx, code)]);
  const housed = new Set(households.filter((h) => h.status === "active").flatMap((h) => h.members.map((m) => m.personId)));
  const issuer = collective.issuerCode ?? "";
  const taken = households.map((h) => h.contractorCode).filter((k) => k.startsWith(issuer));
  const next = taken.reduce((max, k) => Math.max(max, Number(k.slice(14)) || 0), 0) + 1;
  return {
    collective,
    eligible: members.filter((m) => !housed.has(m.person.id)),
    nextCode: issuer && next <= 8000 ? issuer + String(next).padStart(4, "0") : "",
  };
}

function newHouseholdPage(c: ConsoleContext, choices: Awaited<ReturnType<typeof formChoices>>, values: Record<string, string>, picked: string[], coHolders: string[], problem: Problem | null) {
  const { t } = c.var;
  const { collective, eligible } = choices;
  const fields = problem?.fields ?? {};
  const base = `/console/collectives/${collective.code}/households`;
  const relationOptions = [{ value: "", label: t(M.choose) }, ...RELATIONS.map((r) => ({ value: r, label: `${t(RELATION[r])}` }))];
  return render(
    c,
    `${t(M.formTitle)} · ${collective.name}`,
    <>
      <RegisterStyle />
      <RegisterNav t={t} code={collective.code} current="households" />
      <section class="card">
        <ProblemBox problem={problem} t={t} />
        <p>{t(M.formIntro)}</p>
        <form class="stack" method="post" action={`${base}/new`} id="household-form">
          <CsrfField csrf={c.var.csrf} />
          <Field
            name="contractorCode"
            label={t(M.contractorCode)}
            value={values.contractorCode}
            error={fields.contractorCode}
            hint={fill(t(M.contractorHint), { issuer: collective.issuerCode ?? "" })}
            check="contractor-code"
            inputmode="numeric"
            required
          />
          <fieldset aria-describedby="members-hint members-error">
            <legend>{t(M.pickLegend)}</legend>
            <p class="hint muted" id="members-hint">
              {t(M.pickHint)}
            </p>
            <p class="error" id="members-error">
              {fields.members ?? ""}
            </p>
            {eligible.length === 0 ? (
              <p>{t(M.noneEligible)}</p>
            ) : (
              <table class="members-pick" id="members-pick">
                <thead>
                  <tr>
                    <th scope="col">{t(M.include)}</th>
                    <th scope="col">{t(M.idNumber)}</th>
                    <th scope="col">{t(M.relation)}</th>
                    <th scope="col">{t(M.coHolder)}</th>
                  </tr>
                </thead>
                <tbody>
                  {eligible.map((m) => {
                    const id = m.person.id;
                    const error = fields[`relation-${id}`];
                    return (
                      <tr data-person={id}>
                        <td>
                          <input type="checkbox" name="member" value={id} id={`pick-${id}`} checked={picked.includes(id)} />{" "}
                          <label for={`pick-${id}`}>{m.person.name}</label>
                        </td>
                        <td>
                          <code>{m.person.idNumber ?? m.person.idNumberMasked}</code>
                        </td>
                        <td>
                          <label class="sr-only" for={`relation-${id}`}>
                            {fill(t(M.relationOf), { name: m.person.name })}
                          </label>
                          <select id={`relation-${id}`} name={`relation-${id}`} aria-invalid={error ? "true" : undefined} aria-describedby={`relation-${id}-error`}>
                            {relationOptions.map((o) => (
                              <option value={o.value} selected={o.value === (values[`relation-${id}`] ?? "")}>
                                {o.label}
                              </option>
                            ))}
                          </select>
                          <span class="error" id={`relation-${id}-error`}>
                            {error ?? ""}
                          </span>
                        </td>
                        <td>
                          <input type="checkbox" name="coHolder" value={id} id={`coholder-${id}`} checked={coHolders.includes(id)} />
                          <label class="sr-only" for={`coholder-${id}`}>
                            {fill(t(M.coHolderOf), { name: m.person.name })}
                          </label>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </fieldset>
          <Select
            name="representativeId"
            label={t(M.representative)}
            hint={t(M.representativeHint)}
            value={values.representativeId ?? ""}
            error={fields.representativeId}
            required
            options={[{ value: "", label: t(M.choose) }, ...eligible.map((m) => ({ value: m.person.id, label: m.person.name }))]}
          />
          <div class="actions">
            <button type="submit" id="register-household">
              {t(M.submit)}
            </button>
            <a href={base}>{t(M.cancel)}</a>
          </div>
        </form>
      </section>
    </>,
    problem ? problemStatus(problem) : 200,
  );
}

/** A household: its members and former members, its contract with plots and areas, its homestead, its certificates. */
async function householdPage(c: ConsoleContext) {
  const { t, lang, actor } = c.var;
  const contractorCode = c.req.param("contractorCode")!;
  const ctx = contextIn(c, countyOf.code(contractorCode));
  const household = await getHousehold(ctx, contractorCode);
  const [contracts, homesteads] = await Promise.all([
    Promise.all(household.landContracts.map((k) => getContract(ctx, k))),
    Promise.all(household.homesteads.map((u) => getHomestead(ctx, u))),
  ]);
  // A contract's valid certificate is the one evidencing its plots' current title.
  const contractTitles = await Promise.all(contracts.map((k) => (k.plots[0] ? getPlot(ctx, k.plots[0].plotCode) : null)));
  const certificates = [
    ...contractTitles.map((p) => p?.title?.certificateNo ?? null),
    ...homesteads.map((h) => h.title?.certificateNo ?? null),
  ].filter((n): n is string => n !== null);
  const writer = writes(actor, household.collectiveCode) && household.status === "active";
  const representative = household.members.find((m) => m.person.id === household.representativeId);
  const apply = (params: string) => `/console/transfers/new?${params}&from=${contractorCode}`;
  return render(
    c,
    fill(t(M.householdTitle), { code: contractorCode }),
    <>
      <RegisterStyle />
      {actor.role !== "holder" && <RegisterNav t={t} code={household.collectiveCode} current="households" />}
      <NoticeBox text={c.req.query("notice") === "registered" ? t(M.registered) : null} />
      <section class="card" aria-labelledby="facts-heading">
        <h2 id="facts-heading">{t(M.facts)}</h2>
        <dl class="facts">
          <dt>{t(M.contractorCode)}</dt>
          <dd>
            <code>{household.contractorCode}</code>
          </dd>
          <dt>{t(M.representative)}</dt>
          <dd id="representative">{representative?.person.name ?? "—"}</dd>
          <dt>{t(M.collective)}</dt>
          <dd>{actor.role === "holder" ? <code>{household.collectiveCode}</code> : <a href={`/console/collectives/${household.collectiveCode}`}>{household.collectiveCode}</a>}</dd>
          <dt>{t(M.status)}</dt>
          <dd>
            {labelOf(t, HOUSEHOLD_STATUS, household.status)}
            {household.dissolvedOn && ` · ${t(M.dissolvedOn)} ${formatDate(lang, household.dissolvedOn)}`}
          </dd>
          <dt>{t(M.origin)}</dt>
          <dd>
            {labelOf(t, HOUSEHOLD_ORIGIN, household.origin)}
            {household.originHouseholds.map((o) => (
              <>
                {" "}
                <a href={`/console/households/${o}`}>{o}</a>
              </>
            ))}
          </dd>
        </dl>
      </section>

      <section class="card" aria-labelledby="members-heading">
        <h2 id="members-heading">{t(M.members)}</h2>
        <table id="household-members">
          <thead>
            <tr>
              <th scope="col">{t(M.name)}</th>
              <th scope="col">{t(M.idNumber)}</th>
              <th scope="col">{t(M.relation)}</th>
              <th scope="col">{t(M.coHolder)}</th>
              <th scope="col">{t(M.joinedOn)}</th>
            </tr>
          </thead>
          <tbody>
            {household.members.map((m) => (
              <tr data-person={m.person.id}>
                <td>
                  <a href={`/console/persons/${m.person.id}`}>{m.person.name}</a>
                  {m.person.id === household.representativeId && (
                    <>
                      {" "}
                      <span class="tag">{t(M.representative)}</span>
                    </>
                  )}
                </td>
                <td>
                  <code>{m.person.idNumber ?? m.person.idNumberMasked}</code>
                </td>
                <td>{labelOf(t, RELATION, m.relation)}</td>
                <td data-co-holder={String(m.coHolder)}>{YES_NO(t, m.coHolder)}</td>
                <td>{m.joinedOn ? `${formatDate(lang, m.joinedOn)} ${labelOf(t, JOIN_REASON, m.joinReason)}` : t(M.asRegistered)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {household.formerMembers.length > 0 && (
          <>
            <h3>{t(M.formerMembers)}</h3>
            <table id="former-members">
              <thead>
                <tr>
                  <th scope="col">{t(M.name)}</th>
                  <th scope="col">{t(M.relation)}</th>
                  <th scope="col">{t(M.leftOn)}</th>
                  <th scope="col">{t(M.reason)}</th>
                </tr>
              </thead>
              <tbody>
                {household.formerMembers.map((m) => (
                  <tr>
                    <td>
                      <a href={`/console/persons/${m.person.id}`}>{m.person.name}</a>
                    </td>
                    <td>{labelOf(t, RELATION, m.relation)}</td>
                    <td>{formatDate(lang, m.leftOn)}</td>
                    <td>{labelOf(t, LEAVE_REASON, m.leftReason)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="muted">{t(M.formerNote)}</p>
          </>
        )}
      </section>

      <section class="card" aria-labelledby="contracts-heading">
        <h2 id="contracts-heading">{t(M.contracts)}</h2>
        {contracts.length === 0 && <p>{t(M.noContract)}</p>}
        {contracts.map((k) => (
          <div id={`contract-${k.contractCode}`}>
            <dl class="facts">
              <dt>{t(M.contractCode)}</dt>
              <dd>
                <code>{k.contractCode}</code>
              </dd>
              <dt>{t(M.mode)}</dt>
              <dd>{labelOf(t, CONTRACT_MODE, k.mode)}</dd>
              <dt>{t(M.term)}</dt>
              <dd>{fill(t(M.termText), { from: formatDate(lang, k.startsOn), to: formatDate(lang, k.endsOn) })}</dd>
              {k.certificateNo && (
                <>
                  <dt>{t(M.paperCertificate)}</dt>
                  <dd>{k.certificateNo}</dd>
                </>
              )}
            </dl>
            <table>
              <caption>{fill(t(M.plotsArea), { n: k.plotCount, area: formatAreaMu(lang, k.totalAreaMu) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(M.plot)}</th>
                  <th scope="col">{t(M.plotName)}</th>
                  <th scope="col" class="num">
                    {t(M.area)}
                  </th>
                </tr>
              </thead>
              <tbody>
                {k.plots.map((p) => (
                  <tr>
                    <td>
                      <a href={`/console/plots/${p.plotCode}`}>
                        <code>{p.plotCode}</code>
                      </a>
                    </td>
                    <td>{p.name ?? "—"}</td>
                    <td class="num">{formatAreaMu(lang, p.areaMu)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colspan={2}>
                    {t(M.total)}
                  </th>
                  <td class="num">{formatAreaMu(lang, k.totalAreaMu)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        ))}
      </section>

      <section class="card" aria-labelledby="homestead-heading">
        <h2 id="homestead-heading">{t(M.homestead)}</h2>
        {homesteads.length === 0 ? (
          <p>{t(M.noHomestead)}</p>
        ) : (
          <table id="household-homesteads">
            <thead>
              <tr>
                <th scope="col">{t(M.unitNumber)}</th>
                <th scope="col" class="num">
                  {t(M.area)}
                </th>
                <th scope="col">{t(M.approvedOn)}</th>
                <th scope="col">{t(M.origin)}</th>
              </tr>
            </thead>
            <tbody>
              {homesteads.map((h) => (
                <tr>
                  <td>
                    <a href={`/console/homesteads/${h.unitNumber}`}>
                      <code>{h.unitNumber}</code>
                    </a>
                  </td>
                  <td class="num">{formatAreaM2(lang, h.areaM2)}</td>
                  <td>{formatDate(lang, h.approvedOn)}</td>
                  <td>{labelOf(t, HOMESTEAD_ORIGIN, h.origin)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section class="card" aria-labelledby="certificates-heading">
        <h2 id="certificates-heading">{t(M.certificates)}</h2>
        {certificates.length === 0 ? (
          <p>{contracts.length + homesteads.length > 0 ? t(M.noCertificates) : t(M.noRights)}</p>
        ) : (
          <ul id="certificates">
            {certificates.map((no) => (
              <li>
                <a href={`/console/certificates/${encodeURIComponent(no)}`}>{no}</a>
              </li>
            ))}
          </ul>
        )}
      </section>

      {writer && (contracts.length > 0 || homesteads.length > 0) && (
        <section class="card no-print" aria-labelledby="applications-heading">
          <h2 id="applications-heading">{t(M.applications)}</h2>
          <p class="muted">{t(M.applicationsNote)}</p>
          <p class="actions" id="application-links">
            {contracts.length > 0 && (
              <>
                <a class="button secondary" href={apply("kind=land-contract")}>
                  {t(M.transferLand)}
                </a>
                <a class="button secondary" href={apply("action=withdrawal&kind=land-contract")}>
                  {t(M.withdrawLand)}
                </a>
              </>
            )}
            {homesteads.length > 0 && (
              <>
                <a class="button secondary" href={apply("kind=homestead")}>
                  {t(M.transferHomestead)}
                </a>
                <a class="button secondary" href={apply("action=withdrawal&kind=homestead")}>
                  {t(M.withdrawHomestead)}
                </a>
              </>
            )}
          </p>
        </section>
      )}
    </>,
  );
}
