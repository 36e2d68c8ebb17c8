import type { Hono } from "hono";
import { getCollective } from "../../../commands/collectives/read-collectives.js";
import { admitMember } from "../../../commands/members/admit-member.js";
import { listMembers } from "../../../commands/members/list-members.js";
import { registerPerson } from "../../../commands/persons/register-person.js";
import { MEMBERSHIP_BASES } from "../../../domain/membership.js";
import type { ProblemCode } from "../../problem.js";
import { contextIn, countyOf } from "../../context.js";
import { MemberInput } from "../../routes/members/index.js";
import { PersonInput } from "../../routes/persons/index.js";
import { formatDate, type Messages } from "../i18n.js";
import { CsrfField, Field, formOf, NoticeBox, present, type Problem, ProblemBox, problemStatus, render, Select } from "../page.js";
import { requireSession, type ConsoleContext, type ConsoleEnv } from "../session.js";
import { HukouTag, issuesOf, refusalOf, RegisterNav, RegisterStyle, writes } from "./register-common.js";
import { BASIS, END_REASON, ID_TYPE, labelOf, MEMBER_STATUS, SEX } from "./register-labels.js";

const M = {
  title: { zh: "成员名册", en: "Members" },
  newTitle: { zh: "登记新成员", en: "Register a new member" },
  filter: { zh: "显示", en: "Show" },
  active: { zh: "在册成员", en: "Active members" },
  ended: { zh: "已终止", en: "Ended" },
  all: { zh: "全部", en: "All" },
  count: { zh: "共 {n} 人。", en: "{n} in all." },
  name: { zh: "姓名", en: "Name" },
  idNumber: { zh: "证件号码", en: "ID number" },
  sex: { zh: "性别", en: "Sex" },
  joinedOn: { zh: "加入日期", en: "Joined on" },
  basis: { zh: "成员身份取得方式", en: "Basis" },
  status: { zh: "状态", en: "Status" },
  hukou: { zh: "现户籍", en: "Current hukou" },
  hukouNote: {
    zh: "户籍只作为事实记载：进城落户不影响成员身份和任何权益。",
    en: "Hukou is recorded as a fact only: settling in a town changes no membership and no right.",
  },
  none: { zh: "暂无成员。", en: "No members yet." },
  newMember: { zh: "登记新成员", en: "Register a new member" },
  admitted: { zh: "已登记新成员：{name}。", en: "Registered the new member {name}." },
  person: { zh: "人员", en: "The person" },
  membership: { zh: "成员资格", en: "The membership" },
  idType: { zh: "证件类型", en: "Document type" },
  idTypeHint: { zh: "一般为居民身份证；其他证件不做号码校验。", en: "Usually the resident ID card; other documents' numbers are not checked." },
  idHint: {
    zh: "居民身份证为 18 位，最后一位可以是 X；性别和出生日期由号码确定。",
    en: "A resident ID has 18 characters, the last may be X; sex and birth date are read from the number.",
  },
  joinedHint: { zh: "不得晚于今天。", en: "Not after today." },
  resolutionRef: { zh: "成员大会决议文号", en: "Resolution of the members' meeting" },
  resolutionHint: {
    zh: "除“原始成员”外必须填写，且该决议已登记并获通过（《农村集体经济组织法》第十二条）。",
    en: "Required unless the basis is “original member”: a recorded resolution that passed (RCEO Law Art. 12).",
  },
  submit: { zh: "登记", en: "Register" },
  cancel: { zh: "返回名册", en: "Back to the roster" },
  intro: {
    zh: "一次办理：先按证件登记人员（已登记的同一证件号码和姓名不会重复登记），再确认其成员资格。",
    en: "In one visit: the person is registered by their document (the same number and name again registers nothing new), then confirmed as a member.",
  },
} satisfies Messages;

const FIELD_NAMES = { idNumber: M.idNumber, name: M.name, idType: M.idType, joinedOn: M.joinedOn, basis: M.basis, resolutionRef: M.resolutionRef };

/** Where a refusal belongs on the form. */
function fieldOfCode(code: ProblemCode): string | null {
  if (code.startsWith("id_number_") || code === "already_a_member") return "idNumber";
  if (code === "person_name_mismatch") return "name";
  if (code === "date_in_future" || code === "joined_before_birth") return "joinedOn";
  if (code.startsWith("resolution_")) return "resolutionRef";
  return null;
}

const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));

/** The member roster (成员名册), and registering a new member — the person, then the membership — in one form. */
export function registerMemberPages(app: Hono<ConsoleEnv>) {
  app.get("/console/collectives/:code/members", requireSession, async (c) => {
    const { t, lang, actor } = c.var;
    const code = c.req.param("code");
    const status = (["active", "ended", "all"] as const).find((s) => s === c.req.query("status")) ?? "active";
    const ctx = contextIn(c, countyOf.collective(code));
    const [collective, members] = await Promise.all([getCollective(ctx, code), listMembers(ctx, code, status)]);
    const registered = c.req.query("registered");
    const justAdmitted = registered ? members.find((m) => m.person.id === registered) : undefined;
    const base = `/console/collectives/${code}/members`;
    return render(
      c,
      `${t(M.title)} · ${collective.name}`,
      <>
        <RegisterStyle />
        <RegisterNav t={t} code={code} current="members" />
        <NoticeBox text={justAdmitted ? fill(t(M.admitted), { name: justAdmitted.person.name }) : null} />
        <div class="actions">
          <nav aria-label={t(M.filter)} class="register-nav">
            <ul>
              {(["active", "ended", "all"] as const).map((s) => (
                <li>
                  <a href={s === "active" ? base : `${base}?status=${s}`} aria-current={s === status ? "page" : undefined}>
                    {t(M[s])}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {writes(actor, code) && (
            <a class="button" href={`${base}/new`} id="new-member">
              {t(M.newMember)}
            </a>
          )}
        </div>
        <section class="card" aria-labelledby="roster-heading">
          <h2 id="roster-heading">{t(M[status])}</h2>
          <p id="member-count">{fill(t(M.count), { n: members.length })}</p>
          {members.length === 0 ? (
            <p>{t(M.none)}</p>
          ) : (
            <table id="roster">
              <thead>
                <tr>
                  <th scope="col">{t(M.name)}</th>
                  <th scope="col">{t(M.idNumber)}</th>
                  <th scope="col">{t(M.sex)}</th>
                  <th scope="col">{t(M.joinedOn)}</th>
                  <th scope="col">{t(M.basis)}</th>
                  <th scope="col">{t(M.status)}</th>
                  <th scope="col">{t(M.hukou)}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr data-person={m.person.id}>
                    <td>
                      <a href={`/console/persons/${m.person.id}`}>{m.person.name}</a>
                    </td>
                    <td>
                      <code>{m.person.idNumber ?? m.person.idNumberMasked}</code>
                    </td>
                    <td>{labelOf(t, SEX, m.person.sex)}</td>
                    <td>{formatDate(lang, m.joinedOn)}</td>
                    <td>
                      {labelOf(t, BASIS, m.basis)}
                      {m.resolutionRef && <div class="muted">{m.resolutionRef}</div>}
                    </td>
                    <td>
                      {labelOf(t, MEMBER_STATUS, m.status)}
                      {m.status === "ended" && (
                        <div class="muted">
                          {formatDate(lang, m.endedOn)} {labelOf(t, END_REASON, m.endReason)}
                        </div>
                      )}
                    </td>
                    <td>
                      <HukouTag t={t} lang={lang} hukou={m.currentHukou} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="muted">{t(M.hukouNote)}</p>
        </section>
      </>,
    );
  });

  app.get("/console/collectives/:code/members/new", requireSession, async (c) => {
    const code = c.req.param("code");
    const collective = await getCollective(contextIn(c, countyOf.collective(code)), code);
    return newMemberPage(c, collective, { idType: "resident-id", basis: "original", joinedOn: c.var.deps.clock.today() }, null);
  });

  app.post("/console/collectives/:code/members/new", requireSession, async (c) => {
    const code = c.req.param("code");
    const ctx = contextIn(c, countyOf.collective(code));
    const collective = await getCollective(ctx, code);
    const form = await formOf(c);
    try {
      const person = PersonInput.safeParse({ idNumber: present(form.idNumber) ?? "", name: form.name ?? "", idType: present(form.idType), regionCode: collective.regionCode });
      const membership = MemberInput.omit({ personId: true }).safeParse({ joinedOn: present(form.joinedOn) ?? "", basis: form.basis, resolutionRef: present(form.resolutionRef) });
      const invalid = issuesOf(person, membership);
      if (invalid) throw invalid;
      if (!person.success || !membership.success) throw new Error("unreachable: parsed above");
      const registered = await registerPerson(ctx, person.data);
      await admitMember(ctx, code, { ...membership.data, personId: registered.person.id });
      return c.redirect(`/console/collectives/${code}/members?registered=${encodeURIComponent(registered.person.id)}`, 303);
    } catch (error) {
      const problem = refusalOf(c.var.t, error, FIELD_NAMES, fieldOfCode, form);
      return newMemberPage(c, collective, form, problem);
    }
  });
}

function newMemberPage(c: ConsoleContext, collective: { code: string; name: string }, values: Record<string, string>, problem: Problem | null) {
  const { t } = c.var;
  const fields = problem?.fields ?? {};
  const base = `/console/collectives/${collective.code}/members`;
  return render(
    c,
    `${t(M.newTitle)} · ${collective.name}`,
    <>
      <RegisterStyle />
      <RegisterNav t={t} code={collective.code} current="members" />
      <section class="card">
        <ProblemBox problem={problem} t={t} />
        <p>{t(M.intro)}</p>
        <form class="stack" method="post" action={`${base}/new`} id="member-form">
          <CsrfField csrf={c.var.csrf} />
          <fieldset>
            <legend>{t(M.person)}</legend>
            {/* The ID number is the form's first field: the live check (/console/validate) reads the first value htmx posts. */}
            <Field name="idNumber" label={t(M.idNumber)} value={values.idNumber} error={fields.idNumber} hint={t(M.idHint)} check="id-number" required autocomplete="off" />
            <Field name="name" label={t(M.name)} value={values.name} error={fields.name} required autocomplete="off" />
            <Select
              name="idType"
              label={t(M.idType)}
              value={values.idType ?? "resident-id"}
              error={fields.idType}
              hint={t(M.idTypeHint)}
              options={Object.entries(ID_TYPE).map(([value, label]) => ({ value, label: t(label) }))}
            />
          </fieldset>
          <fieldset>
            <legend>{t(M.membership)}</legend>
            <Field name="joinedOn" type="date" label={t(M.joinedOn)} value={values.joinedOn} error={fields.joinedOn} hint={t(M.joinedHint)} required />
            <Select name="basis" label={t(M.basis)} value={values.basis ?? "original"} error={fields.basis} options={MEMBERSHIP_BASES.map((b) => ({ value: b, label: labelOf(t, BASIS, b) }))} required />
            <Field name="resolutionRef" label={t(M.resolutionRef)} value={values.resolutionRef} error={fields.resolutionRef} hint={t(M.resolutionHint)} />
          </fieldset>
          <div class="actions">
            <button type="submit" id="register-member">
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
