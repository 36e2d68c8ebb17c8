import type { Hono } from "hono";
import { Decimal } from "decimal.js";
import { apply } from "../../../commands/applications/apply.js";
import { consent } from "../../../commands/applications/consent.js";
import { stepOn } from "../../../commands/applications/step.js";
import type { ApplicationView } from "../../../commands/applications/view.js";
import type { CommandContext } from "../../../commands/context.js";
import { IdempotencyKeyClaimed } from "../../../commands/context.js";
import { storedResponse } from "../../../commands/idempotency/stored-response.js";
import { getCollective } from "../../../commands/collectives/read-collectives.js";
import { getHomestead } from "../../../commands/homesteads/get-homestead.js";
import { getContract } from "../../../commands/land/read-land.js";
import { listMembers } from "../../../commands/members/list-members.js";
import { getPersonRights } from "../../../commands/persons/get-rights.js";
import type { ApplicationType, Subject } from "../../../domain/applications.js";
import { DomainError } from "../../../domain/errors.js";
import { sha256Hex } from "../../../lib/hash.js";
import { contextIn, countyOf } from "../../context.js";
import { Application, TransferInput, WithdrawalInput } from "../../routes/applications/schemas.js";
import { formatAreaM2, formatAreaMu, formatShares, type Message } from "../i18n.js";
import { CsrfField, Field, formListOf, formOf, type Option, present, type Problem, ProblemBox, problemOf, problemStatus, render, Select } from "../page.js";
import { requireSession, type ConsoleContext, type ConsoleEnv } from "../session.js";
import { listHouseholds } from "../../../commands/households/list-households.js";
import { APPLICATION_TITLE, householdLabel, householdOf, KIND, orNull, type Household } from "./transfer-common.js";
import { labelOf, RELATION } from "./register-labels.js";
import { loadApplication, renderApplication } from "./transfer-page.js";

/**
 * The application form, filled in from what the registry knows (免填单): the giver (a person, or a household with
 * its representative and co-holders), the right (shares held and free, the household's plots, its homestead). The
 * clerk adds the counterparty, the price or compensation and the agreement's date — and, for land and homesteads,
 * records each co-holder's written consent in the same visit (一次办好): after the application is made, through
 * the consent command. Validated with the API's own schemas, applied with the API's own command; a second submit
 * of the same form (a double click, a reload) answers the application the first one made.
 */
const M = {
  giver: { zh: "转出方", en: "Giver" },
  giverPerson: { zh: "股东", en: "Shareholder" },
  household: { zh: "承包户（承包方编码）", en: "Household (contractor code)" },
  representative: { zh: "户主（代表）", en: "Representative" },
  coHolders: { zh: "其他共有人", en: "Other co-holders" },
  none: { zh: "无", en: "None" },
  collective: { zh: "集体经济组织", en: "Collective" },
  right: { zh: "权利", en: "Right" },
  held: { zh: "持有股份", en: "Shares held" },
  free: { zh: "可转让（未被其他申请占用）", en: "Free of other applications" },
  terms: { zh: "转让条件", en: "Terms" },
  withdrawalTerms: { zh: "退出条件", en: "Terms" },
  receiver: { zh: "受让方", en: "Receiver" },
  receiverPerson: { zh: "受让方（本集体成员）", en: "Receiver (a member of the collective)" },
  receiverHousehold: { zh: "受让户（本集体承包户）", en: "Receiving household (of the collective)" },
  receiverIdHint: { zh: "请填写受让方的人员编号（prs_…），可向村集体经办人查询。", en: "The receiver's person id (prs_…); the village clerk can tell you." },
  receiverCodeHint: { zh: "18 位承包方编码。", en: "The 18-digit contractor code." },
  receiverHomesteadHint: { zh: "已有宅基地的户不列出（一户一宅）。", en: "Households that hold a homestead are not listed (one household, one homestead)." },
  choose: { zh: "请选择", en: "Choose" },
  chooseReceiver: { zh: "请选择受让方。", en: "Choose the receiver." },
  shares: { zh: "转让股数", en: "Shares to transfer" },
  withdrawShares: { zh: "退出股数", en: "Shares to withdraw" },
  sharesHint: { zh: "可转让 {free}（最多 4 位小数）", en: "{free} free (at most 4 decimals)" },
  price: { zh: "转让价款（元）", en: "Price (yuan)" },
  compensation: { zh: "退出补偿（元）", en: "Compensation (yuan)" },
  moneyHint: { zh: "如 30000.00", en: "e.g. 30000.00" },
  agreementSignedOn: { zh: "协议签订日期", en: "Agreement signed on" },
  writtenNoticeOn: { zh: "书面通知发包方日期", en: "Written notice to the issuing party given on" },
  writtenNoticeHint: { zh: "退出承包地须提前六个月书面通知（农村土地承包法第三十条）。", en: "Land is returned six months after the written notice (RLCL Art. 30)." },
  plots: { zh: "转出的地块", en: "Plots given" },
  plotsWithdrawn: { zh: "退回的地块", en: "Plots returned" },
  noPlots: { zh: "本户没有可转让的家庭承包地块。", en: "The household holds no plot under a household contract." },
  homestead: { zh: "宅基地（不动产单元号）", en: "Homestead (unit number)" },
  noHomestead: { zh: "本户没有宅基地。", en: "The household holds no homestead." },
  consents: { zh: "共有人书面同意（可当场记录）", en: "Co-holders' written consent (record it now)" },
  consentsHint: {
    zh: "已收到共有人签字的书面同意书的，勾选后与申请一并记录；未勾选的，申请将等待其同意。",
    en: "Tick each co-holder whose signed written consent you hold: it is recorded with the application. The application waits for the others.",
  },
  consentOf: { zh: "已收到 {name} 签字的书面同意书", en: "{name}'s signed written consent is at hand" },
  submit: { zh: "提交申请", en: "Submit the application" },
  voluntary: { zh: "转让、退出均须自愿，不得以此作为任何事项的条件。", en: "Transfers and withdrawals are voluntary, never a condition of anything." },
} satisfies Record<string, Message>;

const FIELD_NAMES: Record<string, Message> = {
  "to.personId": M.receiver,
  "to.contractorCode": M.receiver,
  shares: M.shares,
  price: M.price,
  compensation: M.compensation,
  agreementSignedOn: M.agreementSignedOn,
  writtenNoticeOn: M.writtenNoticeOn,
  plotCodes: M.plots,
  unitNumber: M.homestead,
};

const fill = (m: Message, values: Record<string, string>): Message => ({
  zh: m.zh.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? ""),
  en: m.en.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? ""),
});

/** What the form is about: from the link (GET) or its hidden fields (POST). */
interface Subjectline {
  type: ApplicationType;
  kind: Subject;
  from: string;
  collectiveCode: string | undefined;
}

function subjectOf(q: Record<string, string | undefined>): Subjectline {
  const kind = q.kind === "land-contract" || q.kind === "homestead" || q.kind === "equity" ? q.kind : null;
  if (!kind || !q.from) throw new DomainError("application_subject_incomplete", "Start an application from a member's rights page or a household's page: it names the kind and the giver.");
  return { type: q.action === "withdrawal" ? "withdrawal" : "transfer", kind, from: q.from, collectiveCode: present(q.collective) };
}

interface Prefill extends Subjectline {
  collectiveCode: string;
  collectiveName: string;
  giverName: string;
  holding: { shares: string; free: string } | null;
  household: Household | null;
  coHolders: { personId: string; name: string; relation: string }[];
  plots: { plotCode: string; name: string | null; areaMu: string }[];
  homesteads: { unitNumber: string; areaM2: string }[];
  /** The receivers to choose from; null when the caller may not list them (a holder): typed instead. */
  receivers: Option[] | null;
}

async function prefill(c: ConsoleContext, s: Subjectline): Promise<Prefill> {
  return s.kind === "equity" ? equityPrefill(c, s) : householdPrefill(c, s);
}

async function equityPrefill(c: ConsoleContext, s: Subjectline): Promise<Prefill> {
  const rights = await getPersonRights(contextIn(c, countyOf.id(s.from)), s.from);
  const code = s.collectiveCode ?? rights.equity[0]?.collectiveCode ?? rights.memberships[0]?.collectiveCode;
  if (!code) throw new DomainError("application_subject_incomplete", "The person holds no shares in a collective you see.");
  const holding = rights.equity.find((e) => e.collectiveCode === code);
  const ctx = contextIn(c, countyOf.collective(code));
  const members = s.type === "transfer" ? await orNull(listMembers(ctx, code, "active")) : [];
  return {
    ...s,
    collectiveCode: code,
    collectiveName: rights.memberships.find((m) => m.collectiveCode === code)?.collectiveName ?? (await orNull(getCollective(ctx, code)))?.name ?? code,
    giverName: rights.name,
    holding: holding ? { shares: holding.shares, free: new Decimal(holding.shares).minus(holding.reservedShares).toFixed() } : { shares: "0", free: "0" },
    household: null,
    coHolders: [],
    plots: [],
    homesteads: [],
    receivers: members && members.filter((m) => m.person.id !== s.from).map((m) => ({ value: m.person.id, label: `${m.person.name}（${m.person.idNumberMasked}）` })),
  };
}

async function householdPrefill(c: ConsoleContext, s: Subjectline): Promise<Prefill> {
  const household = await householdOf(c, s.from);
  if (!household) throw new DomainError("household_not_found", `No household ${s.from} in your scope.`);
  const code = household.collectiveCode;
  const ctx = contextIn(c, countyOf.collective(code));
  const contracts = await Promise.all(household.landContracts.map((cc) => orNull(getContract(contextIn(c, countyOf.code(cc)), cc))));
  const homesteads = await Promise.all(household.homesteads.map((u) => orNull(getHomestead(contextIn(c, countyOf.code(u)), u))));
  return {
    ...s,
    collectiveCode: code,
    collectiveName: (await orNull(getCollective(ctx, code)))?.name ?? code,
    giverName: householdLabel(household, household.contractorCode, new Map()),
    holding: null,
    household,
    coHolders: household.members
      .filter((m) => m.coHolder && m.person.id !== household.representativeId)
      .map((m) => ({ personId: m.person.id, name: m.person.name, relation: m.relation })),
    plots: contracts.flatMap((k) => (k && k.mode === "household" ? k.plots : [])),
    homesteads: homesteads.flatMap((h) => (h ? [{ unitNumber: h.unitNumber, areaM2: h.areaM2 }] : [])),
    receivers: s.type === "transfer" ? await receiverHouseholds(c, code, household.contractorCode, s.kind) : [],
  };
}

/** Collectives with more households than one page of the roster type the receiving household's code instead. */
const LISTED_HOUSEHOLDS_AT_MOST = 500;

/** The collective's other active households (the roster behind GET /v1/collectives/{code}/households); for a homestead, those holding none. */
async function receiverHouseholds(c: ConsoleContext, code: string, giver: string, kind: Subject): Promise<Option[] | null> {
  const roster = await orNull(listHouseholds(contextIn(c, countyOf.collective(code)), code, { status: "active", limit: LISTED_HOUSEHOLDS_AT_MOST }));
  if (!roster || roster.nextCursor !== null) return null;
  return roster.households
    .filter((h) => h.contractorCode !== giver && (kind !== "homestead" || h.homesteads.length === 0))
    .map((h) => ({ value: h.contractorCode, label: `${h.representative.name}（${h.contractorCode}）` }));
}

interface Entered {
  values: Record<string, string>;
  plotCodes: string[];
  consents: string[];
  formKey: string;
}

function FormPage(c: ConsoleContext, p: Prefill, entered: Entered, problem: Problem | null) {
  const { t } = c.var;
  const v = entered.values;
  const errors = problem?.fields ?? {};
  const receiverError = errors["to.personId"] ?? errors["to.contractorCode"] ?? errors.to;
  const amountName = p.type === "transfer" ? "price" : "compensation";
  const receiverLabel = t(p.kind === "equity" ? M.receiverPerson : M.receiverHousehold);
  return render(
    c,
    t(APPLICATION_TITLE[p.type][p.kind]),
    <>
      <ProblemBox problem={problem} t={t} />
      <p class="muted">{t(M.voluntary)}</p>
      <GiverFacts c={c} p={p} />
      <section class="card" aria-labelledby="terms-heading">
        <h2 id="terms-heading">{t(p.type === "transfer" ? M.terms : M.withdrawalTerms)}</h2>
        <form class="stack" method="post" action="/console/transfers/new" id="application-form">
          <CsrfField csrf={c.var.csrf} />
          <input type="hidden" name="kind" value={p.kind} />
          <input type="hidden" name="action" value={p.type} />
          <input type="hidden" name="from" value={p.from} />
          <input type="hidden" name="collective" value={p.collectiveCode} />
          <input type="hidden" name="formKey" value={entered.formKey} />
          {p.type === "transfer" &&
            (p.receivers ? (
              <Select
                name="to"
                label={receiverLabel}
                required
                value={v.to}
                error={receiverError}
                hint={p.kind === "homestead" ? t(M.receiverHomesteadHint) : undefined}
                options={[{ value: "", label: t(M.choose) }, ...p.receivers]}
              />
            ) : (
              <Field name="to" label={receiverLabel} required value={v.to} error={receiverError} hint={t(p.kind === "equity" ? M.receiverIdHint : M.receiverCodeHint)} check={p.kind === "equity" ? undefined : "contractor-code"} />
            ))}
          <Subject c={c} p={p} entered={entered} errors={errors} />
          <Field name={amountName} label={t(p.type === "transfer" ? M.price : M.compensation)} hint={t(M.moneyHint)} inputmode="decimal" required value={v[amountName]} error={errors[amountName]} />
          <Field name="agreementSignedOn" type="date" label={t(M.agreementSignedOn)} required value={v.agreementSignedOn} error={errors.agreementSignedOn} />
          {p.type === "withdrawal" && p.kind === "land-contract" && (
            <Field name="writtenNoticeOn" type="date" label={t(M.writtenNoticeOn)} hint={t(M.writtenNoticeHint)} required value={v.writtenNoticeOn} error={errors.writtenNoticeOn} />
          )}
          {p.coHolders.length > 0 && (
            <fieldset class="field" aria-describedby="consents-hint">
              <legend>{t(M.consents)}</legend>
              <span class="hint" id="consents-hint">
                {t(M.consentsHint)}
              </span>
              {p.coHolders.map((h) => (
                <label>
                  <input type="checkbox" name="consents" value={h.personId} checked={entered.consents.includes(h.personId)} /> {t(fill(M.consentOf, { name: h.name }))}
                </label>
              ))}
            </fieldset>
          )}
          <div class="actions">
            <button type="submit" id="submit-application">
              {t(M.submit)}
            </button>
          </div>
        </form>
      </section>
    </>,
    problem ? problemStatus(problem) : 200,
  );
}

const GiverFacts = ({ c, p }: { c: ConsoleContext; p: Prefill }) => {
  const { t, lang } = c.var;
  return (
    <section class="card" aria-labelledby="giver-heading">
      <h2 id="giver-heading">{t(M.giver)}</h2>
      <dl class="facts" id="giver-facts">
        <dt>{t(M.collective)}</dt>
        <dd>{p.collectiveName}</dd>
        <dt>{t(M.right)}</dt>
        <dd>{t(KIND[p.kind])}</dd>
        <dt>{t(p.household ? M.household : M.giverPerson)}</dt>
        <dd id="giver-name">{p.giverName}</dd>
        {p.holding && (
          <>
            <dt>{t(M.held)}</dt>
            <dd id="held">{formatShares(lang, p.holding.shares)}</dd>
            <dt>{t(M.free)}</dt>
            <dd id="free">{formatShares(lang, p.holding.free)}</dd>
          </>
        )}
        {p.household && (
          <>
            <dt>{t(M.coHolders)}</dt>
            <dd id="co-holders">{p.coHolders.length === 0 ? t(M.none) : p.coHolders.map((h) => `${h.name}（${labelOf(t, RELATION, h.relation)}）`).join("、")}</dd>
          </>
        )}
      </dl>
    </section>
  );
};

const Subject = ({ c, p, entered, errors }: { c: ConsoleContext; p: Prefill; entered: Entered; errors: Record<string, string> }) => {
  const { t, lang } = c.var;
  if (p.kind === "equity")
    return (
      <Field
        name="shares"
        label={t(p.type === "transfer" ? M.shares : M.withdrawShares)}
        hint={t(fill(M.sharesHint, { free: formatShares(lang, p.holding?.free ?? "0") }))}
        inputmode="decimal"
        required
        value={entered.values.shares}
        error={errors.shares}
      />
    );
  if (p.kind === "land-contract")
    return (
      <fieldset class="field" aria-describedby="f-plotCodes-error">
        <legend>{t(p.type === "transfer" ? M.plots : M.plotsWithdrawn)} *</legend>
        {p.plots.length === 0 && <p>{t(M.noPlots)}</p>}
        {p.plots.map((plot) => (
          <label>
            <input type="checkbox" name="plotCodes" value={plot.plotCode} checked={entered.plotCodes.includes(plot.plotCode)} /> <code>{plot.plotCode}</code> {plot.name ?? ""} {formatAreaMu(lang, plot.areaMu)}
          </label>
        ))}
        <span class="error" id="f-plotCodes-error">
          {errors.plotCodes ?? ""}
        </span>
      </fieldset>
    );
  if (p.homesteads.length === 0) return <p>{t(M.noHomestead)}</p>;
  return (
    <Select
      name="unitNumber"
      label={t(M.homestead)}
      required
      value={entered.values.unitNumber}
      error={errors.unitNumber}
      options={p.homesteads.map((h) => ({ value: h.unitNumber, label: `${h.unitNumber}（${formatAreaM2(lang, h.areaM2)}）` }))}
    />
  );
};

/** The API's input, from the form: the same shape POST /v1/transfers and /v1/withdrawals take. */
function inputOf(p: Prefill, entered: Entered) {
  const v = entered.values;
  const party = (value: string | undefined) => (p.kind === "equity" ? { personId: present(value) } : { contractorCode: present(value) });
  const common = {
    kind: p.kind,
    collectiveCode: p.collectiveCode,
    from: party(p.from),
    ...(p.kind === "equity" ? { shares: (v.shares ?? "").trim() } : {}),
    ...(p.kind === "land-contract" ? { plotCodes: entered.plotCodes } : {}),
    ...(p.kind === "homestead" ? { unitNumber: present(v.unitNumber) } : {}),
    agreementSignedOn: v.agreementSignedOn ?? "",
  };
  if (p.type === "transfer") return { type: p.type, body: TransferInput.parse({ ...common, to: party(v.to), price: (v.price ?? "").trim() }) };
  return { type: p.type, body: WithdrawalInput.parse({ ...common, compensation: (v.compensation ?? "").trim(), writtenNoticeOn: present(v.writtenNoticeOn) }) };
}

/**
 * Applies once per form: the form's key (a hidden field) makes a second submit of the same form answer the
 * application the first made, through the registry's idempotency record. The same form sent again with other
 * values is a new application.
 */
async function applyOnce(c: ConsoleContext, p: Prefill, entered: Entered): Promise<ApplicationView | { replayed: string }> {
  const { type, body } = inputOf(p, entered);
  if (type === "transfer" && !(body.to?.personId ?? body.to?.contractorCode))
    throw new DomainError("application_subject_incomplete", c.var.t(M.chooseReceiver));
  const input = { ...body, amount: "price" in body ? body.price : (body as { compensation: string }).compensation };
  const base = contextIn(c, countyOf.collective(p.collectiveCode));
  if (!/^[A-Za-z0-9-]{16,64}$/.test(entered.formKey)) return apply(base, type, input);
  const key = `console:${entered.formKey}`;
  const requestHash = await sha256Hex(`console apply ${type}\n${JSON.stringify(body)}`);
  const replay = async () => {
    try {
      const stored = await storedResponse(base, key, requestHash);
      return stored ? { replayed: (JSON.parse(stored.body) as { id: string }).id } : null;
    } catch (error) {
      if (error instanceof DomainError && error.code === "idempotency_key_reused") return "reused" as const;
      throw error;
    }
  };
  const earlier = await replay();
  if (earlier === "reused") return apply(base, type, input);
  if (earlier) return earlier;
  const ctx: CommandContext = { ...base, idempotency: { key, requestHash, respond: ((view: ApplicationView) => ({ status: 201, body: Application.parse(view) })) as (r: never) => { status: number; body: unknown } } };
  try {
    return await apply(ctx, type, input);
  } catch (error) {
    const stored = error instanceof IdempotencyKeyClaimed || error instanceof DomainError ? await replay() : null;
    if (stored && stored !== "reused") return stored;
    throw error;
  }
}

export function registerTransferApplicationPages(app: Hono<ConsoleEnv>) {
  app.get("/console/transfers/new", requireSession, async (c) => {
    const p = await prefill(c, subjectOf(c.req.query()));
    const values: Record<string, string> = { agreementSignedOn: c.var.deps.clock.today() };
    if (p.kind === "homestead" && p.homesteads[0]) values.unitNumber = p.homesteads[0].unitNumber;
    return FormPage(c, p, { values, plotCodes: c.req.queries("plot") ?? [], consents: [], formKey: crypto.randomUUID() }, null);
  });

  app.post("/console/transfers/new", requireSession, async (c) => {
    const values = await formOf(c);
    const p = await prefill(c, subjectOf(values));
    const entered: Entered = { values, plotCodes: await formListOf(c, "plotCodes"), consents: await formListOf(c, "consents"), formKey: values.formKey ?? "" };
    let made: ApplicationView | { replayed: string };
    try {
      made = await applyOnce(c, p, entered);
    } catch (error) {
      const problem = problemOf(c.var.t, error, FIELD_NAMES);
      if (problem.code === "application_subject_incomplete" && p.type === "transfer" && !present(values.to)) problem.fields = { ...problem.fields, to: c.var.t(M.chooseReceiver) };
      return FormPage(c, p, entered, problem);
    }
    if ("replayed" in made) return c.redirect(`/console/transfers/${made.replayed}?done=applied`, 303);
    // 一次办好: the written consents at hand are recorded now, through the consent command.
    const ctx = contextIn(c, countyOf.id(made.id));
    for (const personId of entered.consents.filter((p) => made.consents.required.includes(p))) {
      try {
        await stepOn(ctx, made.type, made.id, () => consent(ctx, made.id, personId));
      } catch (error) {
        const problem = problemOf(c.var.t, error);
        return renderApplication(c, await loadApplication(c, made.type, made.id), { failed: { action: "consent", values: { personId }, problem } });
      }
    }
    return c.redirect(`/console/transfers/${made.id}?done=applied`, 303);
  });
}
