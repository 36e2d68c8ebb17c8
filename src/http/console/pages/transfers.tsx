import type { Hono } from "hono";
import { consent } from "../../../commands/applications/consent.js";
import { approve, cancel, reject } from "../../../commands/applications/decide.js";
import { lodgeObjection, resolveObjection } from "../../../commands/applications/objections.js";
import { listCollectiveApplications } from "../../../commands/applications/read.js";
import type { ApplicationView } from "../../../commands/applications/view.js";
import { registerPayment } from "../../../commands/applications/register.js";
import { stepOn } from "../../../commands/applications/step.js";
import { getCollective } from "../../../commands/collectives/read-collectives.js";
import { listMembers } from "../../../commands/members/list-members.js";
import type { ApplicationStatus, ApplicationType } from "../../../domain/applications.js";
import { DomainError } from "../../../domain/errors.js";
import { contextIn, countyOf } from "../../context.js";
import { ApprovalInput, CancellationInput, ConsentInput, ObjectionInput, PaymentInput, RejectionInput, ResolutionInput, Status } from "../../routes/applications/schemas.js";
import { formatDate, formatMoney, formatShares, type Message } from "../i18n.js";
import { formOf, present, problemOf, render, Select } from "../page.js";
import { requireSession, type ConsoleContext, type ConsoleEnv } from "../session.js";
import { amountOf, APPLICATION_ID, applicationTypeOf, KIND, orNull, STATUS, STATUSES } from "./transfer-common.js";
import { ACTIONS, loadApplication, renderApplication, type Action } from "./transfer-page.js";

/**
 * Transfers (自愿有偿转让) and withdrawals (自愿有偿退出) in the console: the collective's list with a status filter,
 * one application's page (transfer-page.tsx), and its steps, each a form posting here and calling the same command
 * as the API's route, then redirecting back (post/redirect/get) — or re-rendering the page with the refusal.
 */
const M = {
  title: { zh: "转让与退出申请", en: "Transfers and withdrawals" },
  filter: { zh: "筛选", en: "Filter" },
  status: { zh: "状态", en: "Status" },
  type: { zh: "类型", en: "Type" },
  all: { zh: "全部", en: "All" },
  apply: { zh: "筛选", en: "Apply the filter" },
  transfers: { zh: "转让申请", en: "Transfers" },
  withdrawals: { zh: "退出申请", en: "Withdrawals" },
  number: { zh: "申请编号", en: "Number" },
  kind: { zh: "权利", en: "Right" },
  giver: { zh: "转出方", en: "Giver" },
  receiver: { zh: "受让方", en: "Receiver" },
  subject: { zh: "标的", en: "Subject" },
  amount: { zh: "金额", en: "Amount" },
  appliedOn: { zh: "申请日期", en: "Applied on" },
  none: { zh: "没有符合条件的申请。", en: "No application matches." },
  next: { zh: "下一页", en: "Next page" },
  collective: { zh: "本集体", en: "The collective" },
  plots: { zh: "{n} 块地", en: "{n} plot(s)" },
  start: {
    zh: "新的申请从成员的权益页（转让股份、退出股份）或承包户页面发起，表单已按登记簿预先填好。",
    en: "New applications start from a member's rights page (transfer or withdraw shares) or a household's page, with the form filled in from the register.",
  },
} satisfies Record<string, Message>;

/** Form fields of each step → the API's input (the same zod schema validates it). */
function inputOf(action: Action, form: Record<string, string>) {
  switch (action) {
    case "consent":
      return ConsentInput.parse({ personId: form.personId ?? "" });
    case "objection":
      return ObjectionInput.parse({ objectorName: form.objectorName ?? "", grounds: form.grounds ?? "" });
    case "resolution": {
      const id = form.objectionId ?? "";
      return ResolutionInput.parse({ outcome: form[`outcome-${id}`] ?? "", note: form[`note-${id}`] ?? "" });
    }
    case "approval":
      return ApprovalInput.parse({ resolutionRef: form.resolutionRef ?? "", decidedOn: form.decidedOn ?? "" });
    case "rejection":
      return RejectionInput.parse({ reason: form.rejectReason ?? "" });
    case "cancellation":
      return CancellationInput.parse({ reason: present(form.cancelReason) });
    case "payment":
      return PaymentInput.parse({ amount: (form.amount ?? "").trim(), paidOn: form.paidOn ?? "", reference: form.reference ?? "" });
  }
}

/** The command behind each step: the API route's own. */
async function take(c: ConsoleContext, type: ApplicationType, id: string, action: Action, form: Record<string, string>) {
  const input = inputOf(action, form);
  const ctx = contextIn(c, countyOf.id(id));
  await stepOn(ctx, type, id, async () => {
    switch (action) {
      case "consent":
        return consent(ctx, id, (input as { personId: string }).personId);
      case "objection":
        return lodgeObjection(ctx, id, input as { objectorName: string; grounds: string });
      case "resolution":
        return resolveObjection(ctx, id, form.objectionId ?? "", input as { outcome: "dismissed" | "upheld"; note: string });
      case "approval":
        return approve(ctx, id, input as { resolutionRef: string; decidedOn: string });
      case "rejection":
        return reject(ctx, id, input as { reason: string });
      case "cancellation":
        return cancel(ctx, id, input as { reason?: string });
      case "payment":
        return registerPayment(ctx, id, input as { amount: string; paidOn: string; reference: string });
    }
  });
}

const FIELD_NAMES: Record<string, Message> = {
  personId: { zh: "共有人", en: "Co-holder" },
  objectorName: { zh: "异议人姓名", en: "Objector's name" },
  grounds: { zh: "异议理由", en: "Grounds" },
  outcome: { zh: "处理结果", en: "Outcome" },
  note: { zh: "处理意见", en: "Note" },
  resolutionRef: { zh: "决定文号", en: "Resolution reference" },
  decidedOn: { zh: "决定日期", en: "Decided on" },
  reason: { zh: "理由", en: "Reason" },
  amount: { zh: "付款金额", en: "Amount paid" },
  paidOn: { zh: "付款日期", en: "Paid on" },
  reference: { zh: "付款凭证", en: "Payment reference" },
};

/** Refusals that are about one field of the step's form: the field shows the detail too. */
const FIELD_OF: Partial<Record<string, string>> = {
  payment_amount_mismatch: "amount",
  notice_period_running: "decidedOn",
  consent_already_given: "personId",
  consenter_not_co_holder: "personId",
};

function typeOrThrow(id: string): ApplicationType {
  const type = applicationTypeOf(id);
  if (!type) throw new DomainError("application_not_found", `No application ${id} in your scope.`);
  return type;
}

export function registerTransferPages(app: Hono<ConsoleEnv>) {
  app.get("/console/collectives/:code/transfers", requireSession, (c) => listPage(c, c.req.param("code")));

  app.get(`/console/transfers/:id{${APPLICATION_ID}}`, requireSession, async (c) => {
    const id = c.req.param("id");
    return renderApplication(c, await loadApplication(c, typeOrThrow(id), id), { done: c.req.query("done") });
  });

  app.post(`/console/transfers/:id{${APPLICATION_ID}}/:action{${ACTIONS.join("|")}}`, requireSession, async (c) => {
    const id = c.req.param("id");
    const action = c.req.param("action") as Action;
    const type = typeOrThrow(id);
    const form = await formOf(c);
    try {
      await take(c, type, id, action, form);
    } catch (error) {
      const problem = problemOf(c.var.t, error, FIELD_NAMES);
      if (problem.code === "application_not_found") throw error;
      const field = FIELD_OF[problem.code];
      if (field) problem.fields = { ...problem.fields, [field]: problem.detail };
      if (problem.code === "date_in_future") problem.fields = { ...problem.fields, [action === "payment" ? "paidOn" : "decidedOn"]: problem.detail };
      return renderApplication(c, await loadApplication(c, type, id), { failed: { action, values: form, problem } });
    }
    return c.redirect(`/console/transfers/${id}?done=${action}`, 303);
  });
}

const LIMIT = 50;

async function listPage(c: ConsoleContext, code: string) {
  const { t, lang } = c.var;
  const ctx = contextIn(c, countyOf.collective(code));
  const collective = await getCollective(ctx, code);
  const status = Status.safeParse(c.req.query("status")).data as ApplicationStatus | undefined;
  const asked = c.req.query("type");
  const only = asked === "transfer" || asked === "withdrawal" ? asked : undefined;
  const types = (["transfer", "withdrawal"] as const).filter((x) => !only || only === x);
  const pages = await Promise.all(
    types.map(async (type) => ({ type, page: await listCollectiveApplications(ctx, code, type, { status, after: c.req.query(`${type}After`) || undefined, limit: LIMIT }) })),
  );
  const members = await orNull(listMembers(ctx, code, "all"));
  const names = new Map((members ?? []).map((m) => [m.person.id, m.person.name]));
  const who = (p: { personId?: string; contractorCode?: string } | null) => (p ? (p.personId ? (names.get(p.personId) ?? p.personId) : (p.contractorCode ?? "—")) : t(M.collective));
  const subject = (a: ApplicationView) =>
    a.kind === "equity" ? formatShares(lang, a.shares) : a.kind === "land-contract" ? t({ zh: M.plots.zh.replace("{n}", String(a.plotCodes.length)), en: M.plots.en.replace("{n}", String(a.plotCodes.length)) }) : (a.unitNumber ?? "—");
  const query = (type: ApplicationType, after: string) => {
    const q = new URLSearchParams({ ...(status ? { status } : {}), ...(only ? { type: only } : {}), [`${type}After`]: after });
    return `/console/collectives/${code}/transfers?${q}`;
  };
  return render(
    c,
    `${collective.name} · ${t(M.title)}`,
    <>
      <p class="muted">{t(M.start)}</p>
      <section class="card" aria-labelledby="filter-heading">
        <h2 id="filter-heading">{t(M.filter)}</h2>
        <form method="get" action={`/console/collectives/${code}/transfers`} class="actions" style="align-items: flex-end">
          <Select name="status" label={t(M.status)} value={status ?? ""} options={[{ value: "", label: t(M.all) }, ...STATUSES.map((s) => ({ value: s, label: t(STATUS[s]) }))]} />
          <Select name="type" label={t(M.type)} value={only ?? ""} options={[{ value: "", label: t(M.all) }, { value: "transfer", label: t(M.transfers) }, { value: "withdrawal", label: t(M.withdrawals) }]} />
          <button type="submit" id="filter">
            {t(M.apply)}
          </button>
        </form>
      </section>
      {pages.map(({ type, page }) => (
        <section class="card" aria-labelledby={`${type}-heading`} id={`${type}s`}>
          <h2 id={`${type}-heading`}>{t(type === "transfer" ? M.transfers : M.withdrawals)}</h2>
          {page.applications.length === 0 ? (
            <p>{t(M.none)}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(M.number)}</th>
                  <th scope="col">{t(M.kind)}</th>
                  <th scope="col">{t(M.giver)}</th>
                  {type === "transfer" && <th scope="col">{t(M.receiver)}</th>}
                  <th scope="col">{t(M.subject)}</th>
                  <th scope="col" class="num">
                    {t(M.amount)}
                  </th>
                  <th scope="col">{t(M.status)}</th>
                  <th scope="col">{t(M.appliedOn)}</th>
                </tr>
              </thead>
              <tbody>
                {page.applications.map((a) => (
                  <tr data-application={a.id} data-status={a.status}>
                    <td>
                      <a href={`/console/transfers/${a.id}`}>
                        <code>{a.id}</code>
                      </a>
                    </td>
                    <td>{t(KIND[a.kind])}</td>
                    <td style="white-space: nowrap">{who(a.from)}</td>
                    {type === "transfer" && <td style="white-space: nowrap">{who(a.to)}</td>}
                    <td>{subject(a)}</td>
                    <td class="num">{formatMoney(amountOf(a))}</td>
                    <td>
                      <span class="tag">{t(STATUS[a.status])}</span>
                    </td>
                    <td>{formatDate(lang, new Date(Date.parse(a.createdAt) + 8 * 3_600_000).toISOString().slice(0, 10))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {page.nextCursor && (
            <p>
              <a href={query(type, page.nextCursor)}>{t(M.next)}</a>
            </p>
          )}
        </section>
      ))}
    </>,
  );
}
