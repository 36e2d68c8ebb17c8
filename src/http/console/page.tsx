import type { Child, FC } from "hono/jsx";
import { ZodError, type ZodType } from "zod";
import { DomainError } from "../../domain/errors.js";
import { PROBLEMS, redact, type ProblemCode } from "../problem.js";
import type { Message, Messages, T } from "./i18n.js";
import { Layout } from "./layout.js";
import type { ConsoleContext } from "./session.js";

/**
 * What every console page shares: rendering inside the layout, showing a refusal as the API would state it (the
 * problem's code, title and detail, in plain words), and forms whose fields carry their labels, hints and errors.
 */
export function render(c: ConsoleContext, title: string, body: Child, status: 200 | 400 | 403 | 404 | 409 | 422 | 501 | 503 = 200) {
  const path = c.req.path + (new URL(c.req.url).search || "");
  return c.html(
    <Layout title={title} lang={c.var.lang} actor={c.var.session ? c.var.actor : undefined} csrf={c.var.csrf} path={path}>
      {body}
    </Layout>,
    status,
  );
}

/** A refusal, as a clerk reads it: the rule in plain words, the registry's own detail, and the stable code. */
export interface Problem {
  code: ProblemCode;
  title: string;
  detail: string;
  status: number;
  /** Field → message, for a form's validation failures. */
  fields?: Record<string, string>;
}

/** Titles of the refusals clerks meet most, in Chinese; the others keep the API's English title. */
const TITLES_ZH: Partial<Record<ProblemCode, string>> = {
  validation_failed: "填写的内容不符合要求",
  forbidden: "当前身份无权办理此事项",
  id_number_malformed: "身份证号码格式不正确",
  id_number_birth_date_invalid: "身份证号码中的出生日期无效",
  id_number_check_character_mismatch: "身份证号码校验码不符",
  person_name_mismatch: "该证件号码已登记为另一姓名",
  already_a_member: "此人已是本集体成员",
  joined_before_birth: "加入日期早于出生日期",
  date_in_future: "日期晚于今天",
  resolution_ref_required: "需要成员大会决议文号",
  resolution_not_recorded: "未找到该决议",
  resolution_not_passed: "该决议未获通过",
  household_already_registered: "该承包方编码已登记为其他户",
  household_member_duplicated: "同一人在户内重复出现",
  representative_not_in_household: "户主（代表）不在本户成员中",
  representative_not_member: "户主（代表）不是本集体在册成员",
  person_already_in_household: "此人已在本集体另一户中",
  contractor_code_malformed: "承包方编码格式不正确",
  contractor_code_outside_issuer: "承包方编码不属于本发包方",
  insufficient_shares: "可转让股份不足",
  holding_cap_exceeded: "超出章程规定的持股上限",
  receiver_not_member: "受让方不是本集体在册成员",
  holders_must_be_different: "转让方与受让方不能相同",
  payment_amount_mismatch: "付款金额与约定价款不一致",
  notice_period_running: "公示期尚未届满",
  objection_open: "尚有未处理的异议",
  application_already_closed: "该申请已办结",
  consent_already_given: "该共有人已表示同意",
  consenter_not_co_holder: "该人不是本户共有人",
  right_seized: "权利已被查封",
  right_under_objection: "权利存在异议登记",
  right_pledged: "权利已设定抵押或质押",
  write_conflict: "同时办理的事项过多，请重试",
  person_not_found: "未找到此人",
  collective_not_found: "未找到该集体经济组织",
  application_not_found: "未找到该申请",
  application_subject_incomplete: "申请的标的不完整",
  application_not_in_notice: "申请不在公示期内",
  application_not_approved: "申请尚未批准",
  application_past_cancellation: "申请已不能撤回",
  objection_already_resolved: "该异议已处理",
  written_notice_required: "需要书面通知日期",
  written_notice_too_recent: "书面通知未满六个月",
  plots_not_held_by_household: "地块不在该户承包合同内",
  plot_in_pending_application: "地块已在另一办理中的申请里",
  homestead_in_pending_application: "宅基地已在另一办理中的申请里",
  receiver_has_homestead: "受让户已有宅基地",
  receiver_not_in_collective: "受让户不属于本集体",
  idempotency_key_reused: "同一请求编号已用于其他内容",
  import_in_progress: "该集体正在导入数据，请稍后再办",
  payment_before_record_date: "付款日期早于登记日",
};

/** The status a page answers a refusal with (the problem's own, among those render() takes). */
export function problemStatus(problem: Problem): 400 | 403 | 404 | 409 | 422 | 501 | 503 {
  return ([400, 403, 404, 409, 422, 501, 503] as const).find((s) => s === problem.status) ?? 400;
}

export function problemTitle(t: T, code: ProblemCode): string {
  const zh = TITLES_ZH[code];
  return t({ zh: zh ?? PROBLEMS[code].title, en: PROBLEMS[code].title });
}

/** zod's issues in plain Chinese (the English text is zod's own message). */
const ISSUES_ZH: Record<string, string> = {
  invalid_type: "请填写此项",
  too_small: "内容太短或数值太小",
  too_big: "内容太长或数值太大",
  invalid_format: "格式不正确",
  invalid_value: "请从给出的选项中选择",
  unrecognized_keys: "含有不认识的内容",
  invalid_union: "填写的内容不符合要求",
  not_multiple_of: "数值的位数不正确",
};

/** A domain refusal or a zod failure → the problem a page shows; anything else is not ours to show: rethrown. */
export function problemOf(t: T, error: unknown, fieldNames: Record<string, Message> = {}): Problem {
  if (error instanceof DomainError) {
    return { code: error.code, title: problemTitle(t, error.code), detail: redact(error.detail), status: PROBLEMS[error.code].status };
  }
  if (error instanceof ZodError) {
    const fields: Record<string, string> = {};
    for (const issue of error.issues) {
      const key = issue.path.map(String).join(".");
      // A rule the schema states itself (a refinement) keeps its own words; zod's generic ones are said in Chinese.
      const own = issue.code === "custom" ? redact(issue.message) : null;
      fields[key] ??= t({ zh: own ?? ISSUES_ZH[issue.code] ?? "填写的内容不符合要求", en: redact(issue.message) });
    }
    const names = Object.keys(fields).map((k) => (fieldNames[k] ? t(fieldNames[k]) : k));
    return {
      code: "validation_failed",
      title: problemTitle(t, "validation_failed"),
      detail: t({ zh: `请检查：${names.join("、")}。`, en: `Check: ${names.join(", ")}.` }),
      status: 400,
      fields,
    };
  }
  throw error;
}

export const ProblemBox: FC<{ problem: Problem | null | undefined; t: T }> = ({ problem, t }) => {
  if (!problem) return null;
  return (
    <div class="problem" role="alert" id="problem" data-code={problem.code} tabindex={-1}>
      <h2>{problem.title}</h2>
      <p id="problem-detail">{problem.detail}</p>
      <p class="muted">
        {t({ zh: "规则代码", en: "Rule code" })}：<code>{problem.code}</code>
      </p>
    </div>
  );
};

export const NoticeBox: FC<{ text: string | null | undefined }> = ({ text }) =>
  text ? (
    <div class="notice" role="status" id="notice">
      {text}
    </div>
  ) : null;

export interface FieldProps {
  name: string;
  label: string;
  value?: string;
  type?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  autocomplete?: string;
  /** Live validation as one types: the kind of identifier /console/validate checks with the registry's own rules. */
  check?: "id-number" | "contractor-code" | "plot-code" | "credit-code";
  inputmode?: "text" | "numeric" | "decimal";
  pattern?: string;
  placeholder?: string;
}

/** The id of a form control from its field name (`to.personId` → `f-to-personId`). */
const controlId = (name: string) => `f-${name.replace(/[^a-zA-Z0-9-]/g, "-")}`;

/** What every control shows above itself: its label (required marked) and its hint. */
const LabelAndHint: FC<{ id: string; label: string; required?: boolean; hint?: string }> = ({ id, label, required, hint }) => (
  <>
    <label for={id}>
      {label}
      {required ? " *" : ""}
    </label>
    {hint && (
      <span class="hint" id={`${id}-hint`}>
        {hint}
      </span>
    )}
  </>
);

/** What every control shows below itself: its error, or an empty slot the error goes into. */
const FieldError: FC<{ id: string; error?: string }> = ({ id, error }) => (
  <span class="error" id={`${id}-error`}>
    {error ?? ""}
  </span>
);

const describedBy = (id: string, ...parts: (string | false | undefined)[]) => [...parts.filter((x): x is string => !!x).map((x) => `${id}-${x}`)].join(" ");

/** A labelled input with its hint, its error (aria-invalid, aria-describedby) and, where asked, live checking. */
export const Field: FC<FieldProps> = (p) => {
  const id = controlId(p.name);
  const described = describedBy(id, p.hint && "hint", "error", p.check && "live");
  return (
    <div class="field">
      <LabelAndHint id={id} label={p.label} required={p.required} hint={p.hint} />
      <input
        id={id}
        name={p.name}
        type={p.type ?? "text"}
        value={p.value ?? ""}
        required={p.required}
        autocomplete={p.autocomplete ?? "off"}
        inputmode={p.inputmode}
        pattern={p.pattern}
        placeholder={p.placeholder}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={described}
        {...(p.check ? { "hx-post": `/console/validate/${p.check}`, "hx-params": p.name, "hx-trigger": "input changed delay:300ms, blur", "hx-target": `#${id}-live`, "hx-swap": "innerHTML" } : {})}
      />
      {p.check && <span class="live-check" id={`${id}-live`} aria-live="polite"></span>}
      <FieldError id={id} error={p.error} />
    </div>
  );
};

/** A labelled multi-line input, like Field. */
export const TextArea: FC<{ name: string; label: string; value?: string; error?: string; required?: boolean; hint?: string }> = (p) => {
  const id = controlId(p.name);
  return (
    <div class="field">
      <LabelAndHint id={id} label={p.label} required={p.required} hint={p.hint} />
      <textarea id={id} name={p.name} rows={3} required={p.required} aria-invalid={p.error ? "true" : undefined} aria-describedby={describedBy(id, p.hint && "hint", "error")}>
        {p.value ?? ""}
      </textarea>
      <FieldError id={id} error={p.error} />
    </div>
  );
};

export interface Option {
  value: string;
  label: string;
}

export const Select: FC<{ name: string; label: string; options: Option[]; value?: string; error?: string; required?: boolean; hint?: string }> = (p) => {
  const id = controlId(p.name);
  return (
    <div class="field">
      <LabelAndHint id={id} label={p.label} required={p.required} hint={p.hint} />
      <select id={id} name={p.name} required={p.required} aria-invalid={p.error ? "true" : undefined} aria-describedby={describedBy(id, p.hint && "hint", "error")}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={p.error} />
    </div>
  );
};

export const CsrfField: FC<{ csrf: string }> = ({ csrf }) => <input type="hidden" name="_csrf" value={csrf} />;

/** A form body as strings (the console's forms post application/x-www-form-urlencoded). */
export async function formOf(c: ConsoleContext): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === "_csrf") continue;
    const last = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof last === "string") out[k] = last;
  }
  return out;
}

/** All values of a repeated field (checkboxes): `name` → strings. */
export async function formListOf(c: ConsoleContext, name: string): Promise<string[]> {
  const body = await c.req.parseBody({ all: true });
  const v = body[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
}

/** Empty optional fields are absent, not "": what the API's schemas expect. */
export function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Parses with the API's own schema: the console accepts exactly what the API accepts. */
export function parseWith<S extends ZodType>(schema: S, value: unknown) {
  return schema.parse(value) as ReturnType<S["parse"]>;
}

export const messages = <M extends Messages>(m: M) => m;
