import type { Child, FC } from "hono/jsx";
import { getApplication } from "../../../commands/applications/read.js";
import type { ApplicationView } from "../../../commands/applications/view.js";
import { equityHistory, titleHistory } from "../../../commands/titles/read-titles.js";
import { writesCollective } from "../../../domain/access.js";
import { checkMove, type ApplicationType, type Move } from "../../../domain/applications.js";
import { contextIn, countyOf } from "../../context.js";
import { formatDate, formatInstant, formatMoney, formatShares, type Lang, type Message, type T } from "../i18n.js";
import { CsrfField, Field, NoticeBox, type Problem, ProblemBox, problemStatus, render, Select, TextArea } from "../page.js";
import type { ConsoleContext } from "../session.js";
import { amountOf, APPLICATION_TITLE, daysBetween, householdLabel, householdOf, KIND, namesOf, orNull, STATUS, TYPE, type Household } from "./transfer-common.js";

/**
 * One application, where it stands (its steps, the notice's countdown, the objections) and ONLY the actions its
 * state allows this caller — each a small form posting to /console/transfers/:id/<action> (transfers.tsx), which
 * calls the same command as the API. A refusal re-renders this page with the problem and the values entered.
 */
export const ACTIONS = ["consent", "objection", "resolution", "approval", "rejection", "cancellation", "payment"] as const;
export type Action = (typeof ACTIONS)[number];

export interface Failed {
  action: Action;
  values: Record<string, string>;
  problem: Problem;
}

const M = {
  summary: { zh: "申请内容", en: "The application" },
  number: { zh: "申请编号", en: "Application number" },
  status: { zh: "状态", en: "Status" },
  kind: { zh: "权利类型", en: "Right" },
  giver: { zh: "转出方", en: "Giver" },
  receiver: { zh: "受让方", en: "Receiver" },
  returnsTo: { zh: "退回", en: "Returns to" },
  collective: { zh: "本集体经济组织", en: "The collective" },
  subject: { zh: "标的", en: "Subject" },
  price: { zh: "转让价款", en: "Price" },
  compensation: { zh: "退出补偿", en: "Compensation" },
  agreement: { zh: "协议签订日期", en: "Agreement signed on" },
  writtenNotice: { zh: "书面通知日期", en: "Written notice given on" },
  steps: { zh: "办理进度", en: "Where it stands" },
  stepApplied: { zh: "提出申请", en: "Applied" },
  stepConsents: { zh: "共有人同意", en: "Co-holders' consent" },
  stepNotice: { zh: "公示", en: "Public notice" },
  stepObjections: { zh: "异议", en: "Objections" },
  stepApproval: { zh: "集体审批", en: "The collective's approval" },
  stepPayment: { zh: "付款与登记", en: "Payment and registration" },
  stepClosed: { zh: "办结", en: "Closed" },
  done: { zh: "已完成", en: "done" },
  current: { zh: "当前步骤", en: "current step" },
  pending: { zh: "未开始", en: "not yet" },
  notReached: { zh: "未进行", en: "not reached" },
  noConsentEquity: { zh: "股份由个人持有，无需共有人同意。", en: "Shares are held by one person: no co-holder consents." },
  noCoHolders: { zh: "本户无其他共有人，无需同意。", en: "The household has no other co-holder: no consent needed." },
  noticeWaits: { zh: "全部共有人同意后开始公示。", en: "The notice starts once every co-holder has consented." },
  noObjection: { zh: "暂无异议。", en: "No objection so far." },
  approvalWaits: { zh: "公示期满且无未处理异议后，可由集体审批。", en: "Once the notice has run and no objection is open, the collective may approve." },
  paymentWaits: { zh: "批准后，付清全部价款即办理登记。", en: "Once approved, the payment of the full amount registers the change." },
  consents: { zh: "共有人同意情况", en: "Co-holders' consents" },
  person: { zh: "共有人", en: "Co-holder" },
  consented: { zh: "是否同意", en: "Consented" },
  via: { zh: "方式", en: "How" },
  viaHolder: { zh: "本人确认", en: "By the co-holder" },
  viaWritten: { zh: "书面同意（经办人记录）", en: "In writing (recorded by the clerk)" },
  yes: { zh: "已同意", en: "Yes" },
  notYet: { zh: "尚未同意", en: "Not yet" },
  objections: { zh: "异议", en: "Objections" },
  objector: { zh: "异议人", en: "Objector" },
  grounds: { zh: "异议理由", en: "Grounds" },
  resolution: { zh: "处理结果", en: "Outcome" },
  open: { zh: "待处理", en: "Open" },
  dismissed: { zh: "异议不成立", en: "Dismissed" },
  upheld: { zh: "异议成立", en: "Upheld" },
  certificates: { zh: "登记后颁发的证书", en: "Certificates issued on registration" },
  certificate: { zh: "证书编号", en: "Certificate number" },
  holder: { zh: "权利人", en: "Holder" },
  print: { zh: "打印证书", en: "Print the certificate" },
  actions: { zh: "可办理的事项", en: "What can be done now" },
  noActions: { zh: "当前状态下，您没有可办理的事项。", en: "In this state there is nothing for you to do here." },
  consentAction: { zh: "记录共有人书面同意", en: "Record a co-holder's written consent" },
  consentHint: { zh: "请先核对共有人签字的书面同意书。", en: "Check the co-holder's signed written consent first." },
  consentButton: { zh: "记录 {name} 的书面同意", en: "Record {name}'s written consent" },
  consentOwn: { zh: "我同意此申请", en: "I consent to this application" },
  objectionAction: { zh: "登记异议", en: "Record an objection" },
  objectorName: { zh: "异议人姓名", en: "Objector's name" },
  objectionButton: { zh: "登记异议", en: "Record the objection" },
  resolveAction: { zh: "处理异议", en: "Resolve an objection" },
  outcome: { zh: "处理结果", en: "Outcome" },
  note: { zh: "处理意见", en: "Note" },
  resolveButton: { zh: "提交处理结果", en: "Resolve" },
  approvalAction: { zh: "审批（批准）", en: "Approve" },
  resolutionRef: { zh: "决定文号", en: "Resolution reference" },
  resolutionRefHint: { zh: "如：理事会决定〔2026〕9号", en: "e.g. 理事会决定〔2026〕9号" },
  decidedOn: { zh: "决定日期", en: "Decided on" },
  approveButton: { zh: "批准", en: "Approve" },
  rejectionAction: { zh: "驳回申请", en: "Reject the application" },
  reason: { zh: "理由", en: "Reason" },
  rejectButton: { zh: "驳回", en: "Reject" },
  cancellationAction: { zh: "撤回申请", en: "Cancel the application" },
  cancelReason: { zh: "撤回理由（可不填）", en: "Reason (optional)" },
  cancelButton: { zh: "撤回", en: "Cancel the application" },
  paymentAction: { zh: "记录付款并登记", en: "Record the payment and register" },
  amount: { zh: "付款金额（元）", en: "Amount paid (yuan)" },
  amountHint: { zh: "须为约定的全部金额：{amount}", en: "The full amount agreed: {amount}" },
  paidOn: { zh: "付款日期", en: "Paid on" },
  reference: { zh: "付款凭证", en: "Payment reference" },
  referenceHint: { zh: "如：农商银行转账流水号", en: "e.g. the bank transfer's number" },
  payButton: { zh: "记录付款并登记", en: "Record the payment and register" },
  shares: { zh: "股份", en: "shares" },
  plots: { zh: "地块", en: "Plots" },
  unit: { zh: "宅基地（不动产单元号）", en: "Homestead (unit number)" },
  appliedBy: { zh: "申请人", en: "Applicant" },
  closedBecause: { zh: "原因：", en: "Reason: " },
} satisfies Record<string, Message>;

const NOTICES: Record<Action | "applied", Message> = {
  applied: { zh: "申请已受理。", en: "The application is made." },
  consent: { zh: "已记录共有人同意。", en: "The consent is recorded." },
  objection: { zh: "已登记异议。", en: "The objection is recorded." },
  resolution: { zh: "已记录异议处理结果。", en: "The objection is resolved." },
  approval: { zh: "申请已批准，待付款登记。", en: "The application is approved; the payment registers it." },
  rejection: { zh: "申请已驳回。", en: "The application is rejected." },
  cancellation: { zh: "申请已撤回。", en: "The application is cancelled." },
  payment: { zh: "付款已记录，变更已登记。", en: "The payment is recorded and the change registered." },
};

export function noticeOf(done: string | undefined): Message | null {
  return done && done in NOTICES ? NOTICES[done as keyof typeof NOTICES] : null;
}

const fill = (m: Message, values: Record<string, string>): Message => ({
  zh: m.zh.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? ""),
  en: m.en.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? ""),
});

/** The countdown of the public notice: 公示期还剩 N 天，至 <date>, from notice.endsOn and today (CST). */
export function countdown(lang: Lang, endsOn: string, today: string): Message {
  const left = daysBetween(today, endsOn);
  const date = formatDate(lang, endsOn);
  return left > 0
    ? { zh: `公示期还剩 ${left} 天，至 ${date}`, en: `${left} day${left === 1 ? "" : "s"} of public notice left, until ${date}` }
    : { zh: `公示期已满（${date}），可以审批`, en: `The public notice has run (${date}); the application may be approved` };
}

interface View {
  app: ApplicationView;
  type: ApplicationType;
  names: Map<string, string>;
  households: Map<string, Household | null>;
  certificates: { certificateNo: string; holder: string | null }[];
  today: string;
}

/** Loads what the page shows; a caller who may not see the application gets application_not_found (a problem page). */
export async function loadApplication(c: ConsoleContext, type: ApplicationType, id: string): Promise<View> {
  const app = await getApplication(contextIn(c, countyOf.id(id)), type, id);
  const codes = [app.from.contractorCode, app.to?.contractorCode].filter((x): x is string => !!x);
  const households = new Map(await Promise.all(codes.map(async (code) => [code, await householdOf(c, code)] as const)));
  const names = await namesOf(c, [app.applicantPersonId, app.from.personId, app.to?.personId, ...app.consents.required]);
  for (const h of households.values()) for (const m of h?.members ?? []) names.set(m.person.id, m.person.name);
  const certificates = app.status === "registered" ? await certificatesOf(c, app) : [];
  return { app, type, names, households, certificates, today: c.var.deps.clock.today() };
}

/** The certificates this registration issued: the title versions it wrote name them (their holders beside). */
async function certificatesOf(c: ConsoleContext, app: ApplicationView) {
  const code = app.collectiveCode;
  const persons = [app.from.personId, app.to?.personId].filter((p): p is string => !!p);
  const histories =
    app.kind === "equity"
      ? await Promise.all(persons.map((personId) => orNull(equityHistory(contextIn(c, countyOf.collective(code)), code, { personId }))))
      : await Promise.all(
          (app.kind === "land-contract" ? app.plotCodes.map((p) => ["plot", p] as const) : [["homestead", app.unitNumber ?? ""] as const]).map(([kind, subject]) =>
            orNull(titleHistory(contextIn(c, countyOf.code(subject)), kind, subject, {})),
          ),
        );
  const seen = new Map<string, string | null>();
  for (const v of histories.flatMap((h) => h?.versions ?? []))
    if (v.applicationId === app.id && v.certificateNo && !seen.has(v.certificateNo)) seen.set(v.certificateNo, v.holder.name);
  return [...seen].map(([certificateNo, holder]) => ({ certificateNo, holder }));
}

export async function renderApplication(c: ConsoleContext, view: View, opts: { failed?: Failed; done?: string } = {}) {
  const { t } = c.var;
  const { app } = view;
  const notice = noticeOf(opts.done);
  return render(
    c,
    t(APPLICATION_TITLE[view.type][app.kind]),
    <>
      <ProblemBox problem={opts.failed?.problem} t={t} />
      <NoticeBox text={notice ? t(notice) : null} />
      <Summary c={c} view={view} />
      <Steps c={c} view={view} />
      {app.consents.required.length > 0 && <Consents t={t} view={view} />}
      {app.objections.length > 0 && <Objections t={t} view={view} />}
      {view.certificates.length > 0 && <Certificates t={t} view={view} />}
      <Actions c={c} view={view} failed={opts.failed} />
    </>,
    opts.failed ? problemStatus(opts.failed.problem) : 200,
  );
}

function party(view: View, party: { personId?: string; contractorCode?: string } | null): string {
  if (!party) return "—";
  if (party.personId) return view.names.get(party.personId) ?? party.personId;
  const code = party.contractorCode ?? "";
  return householdLabel(view.households.get(code) ?? null, code, view.names);
}

const Summary: FC<{ c: ConsoleContext; view: View }> = ({ c, view }) => {
  const { t, lang } = c.var;
  const { app } = view;
  const amount = amountOf(app);
  return (
    <section class="card" aria-labelledby="summary-heading">
      <h2 id="summary-heading">{t(M.summary)}</h2>
      <dl class="facts">
        <dt>{t(M.number)}</dt>
        <dd>
          <code id="application-id">{app.id}</code>
        </dd>
        <dt>{t(M.status)}</dt>
        <dd>
          <span class="tag" id="status" data-status={app.status}>
            {t(STATUS[app.status])}
          </span>
        </dd>
        <dt>{t(M.kind)}</dt>
        <dd>
          {t(KIND[app.kind])} · {t(TYPE[view.type])}
        </dd>
        <dt>{t(M.giver)}</dt>
        <dd id="giver">{party(view, app.from)}</dd>
        <dt>{view.type === "transfer" ? t(M.receiver) : t(M.returnsTo)}</dt>
        <dd id="receiver">{view.type === "transfer" ? party(view, app.to) : t(M.collective)}</dd>
        <dt>{t(M.subject)}</dt>
        <dd id="subject">
          {app.kind === "equity" ? formatShares(lang, app.shares) : app.kind === "land-contract" ? app.plotCodes.map((p) => <code class="plot">{p} </code>) : <code>{app.unitNumber}</code>}
        </dd>
        <dt>{view.type === "transfer" ? t(M.price) : t(M.compensation)}</dt>
        <dd id="amount">{formatMoney(amount)}</dd>
        <dt>{t(M.agreement)}</dt>
        <dd>{formatDate(lang, app.agreementSignedOn)}</dd>
        {app.writtenNoticeOn && (
          <>
            <dt>{t(M.writtenNotice)}</dt>
            <dd>{formatDate(lang, app.writtenNoticeOn)}</dd>
          </>
        )}
        <dt>{t(M.appliedBy)}</dt>
        <dd>{view.names.get(app.applicantPersonId) ?? app.applicantPersonId}</dd>
      </dl>
    </section>
  );
};

type StepState = "done" | "current" | "pending";

function stepsOf(c: ConsoleContext, view: View): { label: Message; state: StepState; text: string }[] {
  const { t, lang } = c.var;
  const { app } = view;
  const s = app.status;
  const closed = s === "rejected" || s === "cancelled";
  const open = app.objections.filter((o) => o.status === "open").length;
  const consentText =
    app.kind === "equity"
      ? t(M.noConsentEquity)
      : app.consents.required.length === 0
        ? t(M.noCoHolders)
        : `${app.consents.given.length} / ${app.consents.required.length}`;
  const noticeText = app.notice
    ? s === "in-notice" || s === "objected"
      ? t(countdown(lang, app.notice.endsOn, view.today))
      : `${formatDate(lang, app.notice.startsOn)} – ${formatDate(lang, app.notice.endsOn)}`
    : t(M.noticeWaits);
  const steps: { label: Message; state: StepState; text: string }[] = [
    { label: M.stepApplied, state: "done", text: formatInstant(lang, app.createdAt) },
    { label: M.stepConsents, state: s === "pending-consent" ? "current" : app.notice ? "done" : "pending", text: consentText },
    { label: M.stepNotice, state: s === "in-notice" || s === "objected" ? "current" : s === "approved" || s === "registered" ? "done" : "pending", text: noticeText },
    {
      label: M.stepObjections,
      state: s === "objected" ? "current" : s === "approved" || s === "registered" ? "done" : "pending",
      text: app.objections.length === 0 ? t(M.noObjection) : `${app.objections.length} · ${t(M.open)} ${open}`,
    },
    {
      label: M.stepApproval,
      state: app.decision ? "done" : "pending",
      text: app.decision ? `${formatDate(lang, app.decision.decidedOn)} ${app.decision.resolutionRef ?? ""}` : t(M.approvalWaits),
    },
    {
      label: M.stepPayment,
      state: s === "registered" ? "done" : s === "approved" ? "current" : "pending",
      text: app.payment ? `${formatMoney(app.payment.amount)} · ${formatDate(lang, app.payment.paidOn)} · ${t(STATUS.registered)} ${formatDate(lang, app.registeredOn)}` : t(M.paymentWaits),
    },
  ];
  if (closed) steps.push({ label: M.stepClosed, state: "done", text: `${t(STATUS[s])}${t({ zh: "。", en: ". " })}${t(M.closedBecause)}${app.closingReason ?? "—"}` });
  return steps;
}

const Steps: FC<{ c: ConsoleContext; view: View }> = ({ c, view }) => {
  const { t } = c.var;
  const closed = view.app.status === "rejected" || view.app.status === "cancelled";
  const stateLabel = { done: M.done, current: M.current, pending: closed ? M.notReached : M.pending };
  return (
    <section class="card" aria-labelledby="steps-heading">
      <h2 id="steps-heading">{t(M.steps)}</h2>
      <ol class="steps" id="steps">
        {stepsOf(c, view).map((step) => (
          <li class={step.state} aria-current={step.state === "current" ? "step" : undefined} data-state={step.state}>
            <strong>{t(step.label)}</strong> <span class="muted">· {t(stateLabel[step.state])}</span>
            <div>{step.text}</div>
          </li>
        ))}
      </ol>
    </section>
  );
};

const Consents: FC<{ t: T; view: View }> = ({ t, view }) => (
  <section class="card" aria-labelledby="consents-heading">
    <h2 id="consents-heading">{t(M.consents)}</h2>
    <table id="consents">
      <thead>
        <tr>
          <th scope="col">{t(M.person)}</th>
          <th scope="col">{t(M.consented)}</th>
          <th scope="col">{t(M.via)}</th>
        </tr>
      </thead>
      <tbody>
        {view.app.consents.required.map((personId) => {
          const given = view.app.consents.given.find((g) => g.personId === personId);
          return (
            <tr data-person={personId}>
              <td>{view.names.get(personId) ?? personId}</td>
              <td>{given ? t(M.yes) : t(M.notYet)}</td>
              <td>{given ? t(given.via === "holder" ? M.viaHolder : M.viaWritten) : "—"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  </section>
);

const Objections: FC<{ t: T; view: View }> = ({ t, view }) => (
  <section class="card" aria-labelledby="objections-heading">
    <h2 id="objections-heading">{t(M.objections)}</h2>
    <table id="objections">
      <thead>
        <tr>
          <th scope="col">{t(M.objector)}</th>
          <th scope="col">{t(M.grounds)}</th>
          <th scope="col">{t(M.resolution)}</th>
        </tr>
      </thead>
      <tbody>
        {view.app.objections.map((o) => (
          <tr data-objection={o.id} data-status={o.status}>
            <td>{o.objectorName}</td>
            <td>{o.grounds}</td>
            <td>
              {t(M[o.status])}
              {o.resolutionNote ? `：${o.resolutionNote}` : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </section>
);

const Certificates: FC<{ t: T; view: View }> = ({ t, view }) => (
  <section class="card" aria-labelledby="certificates-heading">
    <h2 id="certificates-heading">{t(M.certificates)}</h2>
    <table id="certificates">
      <thead>
        <tr>
          <th scope="col">{t(M.certificate)}</th>
          <th scope="col">{t(M.holder)}</th>
        </tr>
      </thead>
      <tbody>
        {view.certificates.map((cert) => (
          <tr>
            <td>
              <a href={`/console/certificates/${encodeURIComponent(cert.certificateNo)}?back=${encodeURIComponent(`/console/transfers/${view.app.id}`)}`} data-certificate={cert.certificateNo}>
                {cert.certificateNo}
              </a>{" "}
              <span class="muted">（{t(M.print)}）</span>
            </td>
            <td>{cert.holder ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </section>
);

/** Whether this caller may take this move on this application now: the state machine, then who may. */
function allowed(c: ConsoleContext, app: ApplicationView, move: Move): boolean {
  if (checkMove(app.status, move) !== null) return false;
  const { actor } = c.var;
  if (writesCollective(actor, app.collectiveCode)) return true;
  if (actor.role !== "holder" || !actor.personId) return false;
  if (move === "cancel") return actor.personId === app.applicantPersonId;
  if (move === "consent") return pendingConsents(app).includes(actor.personId);
  return false;
}

function pendingConsents(app: ApplicationView): string[] {
  return app.consents.required.filter((p) => !app.consents.given.some((g) => g.personId === p));
}

const ActionForm: FC<{ c: ConsoleContext; id: string; action: Action; title: Message; part?: string; children?: Child }> = ({ c, id, action, title, part, children }) => {
  const key = part ? `${action}-${part}` : action;
  return (
    <section class="card" aria-labelledby={`${key}-heading`} id={`action-${key}`}>
      <h3 id={`${key}-heading`}>{c.var.t(title)}</h3>
      <form class="stack" method="post" action={`/console/transfers/${id}/${action}`}>
        <CsrfField csrf={c.var.csrf} />
        {children}
      </form>
    </section>
  );
};

/** What each step's form needs: the page, the values to show (the refused ones, else the defaults) and the errors. */
interface StepForm {
  c: ConsoleContext;
  view: View;
  values: (action: Action, defaults: Record<string, string>) => Record<string, string>;
  errors: (action: Action) => Record<string, string>;
}

function consentForm({ c, view }: StepForm): Child {
  const { t, actor } = c.var;
  const writer = writesCollective(actor, view.app.collectiveCode);
  const pending = pendingConsents(view.app).filter((p) => writer || p === actor.personId);
  return (
    <ActionForm c={c} id={view.app.id} action="consent" title={writer ? M.consentAction : M.consentOwn}>
      {writer && <p class="hint">{t(M.consentHint)}</p>}
      <div class="actions">
        {pending.map((personId) => (
          <button type="submit" name="personId" value={personId} class="secondary">
            {writer ? t(fill(M.consentButton, { name: view.names.get(personId) ?? personId })) : t(M.consentOwn)}
          </button>
        ))}
      </div>
    </ActionForm>
  );
}

function resolutionForms({ c, view, values, errors }: StepForm): Child[] {
  const { t } = c.var;
  return view.app.objections
    .filter((o) => o.status === "open")
    .map((o) => {
      const v = values("resolution", { objectionId: o.id, [`outcome-${o.id}`]: "dismissed", [`note-${o.id}`]: "" });
      const e = v.objectionId === o.id ? errors("resolution") : {};
      return (
        <ActionForm c={c} id={view.app.id} action="resolution" part={o.id} title={{ zh: `${M.resolveAction.zh}：${o.objectorName}`, en: `${M.resolveAction.en}: ${o.objectorName}` }}>
          <input type="hidden" name="objectionId" value={o.id} />
          <Select name={`outcome-${o.id}`} label={t(M.outcome)} value={v[`outcome-${o.id}`]} error={e.outcome} options={[{ value: "dismissed", label: t(M.dismissed) }, { value: "upheld", label: t(M.upheld) }]} />
          <TextArea name={`note-${o.id}`} label={t(M.note)} required value={v[`note-${o.id}`]} error={e.note} />
          <div class="actions">
            <button type="submit">{t(M.resolveButton)}</button>
          </div>
        </ActionForm>
      );
    });
}

function approvalForm({ c, view, values, errors }: StepForm): Child {
  const { t, lang } = c.var;
  const v = values("approval", { resolutionRef: "", decidedOn: view.today });
  const e = errors("approval");
  return (
    <ActionForm c={c} id={view.app.id} action="approval" title={M.approvalAction}>
      {view.app.notice && <p class="hint">{t(countdown(lang, view.app.notice.endsOn, view.today))}</p>}
      <Field name="resolutionRef" label={t(M.resolutionRef)} hint={t(M.resolutionRefHint)} required value={v.resolutionRef} error={e.resolutionRef} />
      <Field name="decidedOn" type="date" label={t(M.decidedOn)} required value={v.decidedOn} error={e.decidedOn} />
      <div class="actions">
        <button type="submit" id="approve">
          {t(M.approveButton)}
        </button>
      </div>
    </ActionForm>
  );
}

function paymentForm({ c, view, values, errors }: StepForm): Child {
  const { t } = c.var;
  const amount = amountOf(view.app);
  const v = values("payment", { amount, paidOn: view.today, reference: "" });
  const e = errors("payment");
  return (
    <ActionForm c={c} id={view.app.id} action="payment" title={M.paymentAction}>
      <Field name="amount" label={t(M.amount)} inputmode="decimal" hint={t(fill(M.amountHint, { amount: formatMoney(amount) }))} required value={v.amount} error={e.amount} />
      <Field name="paidOn" type="date" label={t(M.paidOn)} required value={v.paidOn} error={e.paidOn} />
      <Field name="reference" label={t(M.reference)} hint={t(M.referenceHint)} required value={v.reference} error={e.reference} />
      <div class="actions">
        <button type="submit" id="pay">
          {t(M.payButton)}
        </button>
      </div>
    </ActionForm>
  );
}

function objectionForm({ c, view, values, errors }: StepForm): Child {
  const { t } = c.var;
  const v = values("objection", { objectorName: "", grounds: "" });
  const e = errors("objection");
  return (
    <ActionForm c={c} id={view.app.id} action="objection" title={M.objectionAction}>
      <Field name="objectorName" label={t(M.objectorName)} required value={v.objectorName} error={e.objectorName} />
      <TextArea name="grounds" label={t(M.grounds)} required value={v.grounds} error={e.grounds} />
      <div class="actions">
        <button type="submit" class="secondary">
          {t(M.objectionButton)}
        </button>
      </div>
    </ActionForm>
  );
}

function rejectionForm({ c, view, values, errors }: StepForm): Child {
  const { t } = c.var;
  return (
    <ActionForm c={c} id={view.app.id} action="rejection" title={M.rejectionAction}>
      <TextArea name="rejectReason" label={t(M.reason)} required value={values("rejection", { rejectReason: "" }).rejectReason} error={errors("rejection").reason} />
      <div class="actions">
        <button type="submit" class="danger">
          {t(M.rejectButton)}
        </button>
      </div>
    </ActionForm>
  );
}

function cancellationForm({ c, view, values, errors }: StepForm): Child {
  const { t } = c.var;
  return (
    <ActionForm c={c} id={view.app.id} action="cancellation" title={M.cancellationAction}>
      <TextArea name="cancelReason" label={t(M.cancelReason)} value={values("cancellation", { cancelReason: "" }).cancelReason} error={errors("cancellation").reason} />
      <div class="actions">
        <button type="submit" class="danger">
          {t(M.cancelButton)}
        </button>
      </div>
    </ActionForm>
  );
}

/** The steps this caller may take now, most likely first; destructive ones last. */
const Actions: FC<{ c: ConsoleContext; view: View; failed?: Failed }> = ({ c, view, failed }) => {
  const { t } = c.var;
  const form: StepForm = {
    c,
    view,
    values: (action, defaults) => (failed?.action === action ? { ...defaults, ...failed.values } : defaults),
    errors: (action) => (failed?.action === action ? (failed.problem.fields ?? {}) : {}),
  };
  const may = (move: Move) => allowed(c, view.app, move);
  const forms: Child[] = [
    ...(may("consent") ? [consentForm(form)] : []),
    ...(may("resolve-objection") ? resolutionForms(form) : []),
    ...(may("approve") ? [approvalForm(form)] : []),
    ...(may("pay") ? [paymentForm(form)] : []),
    ...(may("object") ? [objectionForm(form)] : []),
    ...(may("reject") ? [rejectionForm(form)] : []),
    ...(may("cancel") ? [cancellationForm(form)] : []),
  ];
  return (
    <section aria-labelledby="actions-heading" id="actions">
      <h2 id="actions-heading">{t(M.actions)}</h2>
      {forms.length === 0 ? <p class="muted">{t(M.noActions)}</p> : forms}
    </section>
  );
};
