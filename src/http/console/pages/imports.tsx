import type { Hono } from "hono";
import type { FC } from "hono/jsx";
import type { ImportJobsPort, ImportJobView } from "../../../commands/imports/jobs.js";
import { DomainError } from "../../../domain/errors.js";
import { PROBLEMS, redact, type ProblemCode } from "../../problem.js";
import { CountyQuery, ImportIdParam } from "../../routes/imports/schemas.js";
import { formatInstant, type Lang, type Messages, type T } from "../i18n.js";
import { CsrfField, Field, ProblemBox, problemTitle, render, type Problem } from "../page.js";
import { requireSession, type ConsoleContext, type ConsoleEnv } from "../session.js";

/**
 * County imports for the admin (Node service): a county's NY/T 2539-2016 CSVs in a zip, uploaded through a form and
 * handed to the same job runner as POST /v1/imports (`deps.imports`); then the job's page, which shows the phase,
 * rows, rows/s and time left as a progress bar, refreshes itself every second with htmx (and with a link, without
 * script), and ends with the report: what was created, or every bad row. Workers have no runner: the pages say so.
 */
const M = {
  title: { zh: "县级确权数据导入", en: "County data import" },
  jobTitle: { zh: "导入任务", en: "Import job" },
  intro: {
    zh: "上传一个 zip 文件，内含按 NY/T 2539-2016 导出的 CSV 表：FBF、CBF、CBF_JTCY、CBHT、CBDKXX、DK、CBJYQZ（可另附 collectives.csv）。整包要么全部导入，要么一行也不写入，并列出每一处错误。",
    en: "Upload one zip of the CSV tables exported under NY/T 2539-2016: FBF, CBF, CBF_JTCY, CBHT, CBDKXX, DK, CBJYQZ (and optionally collectives.csv). The whole package is imported, or nothing is written and every bad row is listed.",
  },
  upload: { zh: "上传数据包", en: "Upload a package" },
  package: { zh: "数据包（zip）", en: "Package (zip)" },
  packageHint: { zh: "UTF-8 或 GB18030 编码均可；同一时间只运行一个导入。", en: "UTF-8 or GB18030 CSVs; one import runs at a time." },
  county: { zh: "县级行政区划代码", en: "County code" },
  countyHint: { zh: "6 位数字：数据包写入该县的数据库。", en: "6 digits: the county whose database the package goes to." },
  start: { zh: "上传并开始导入", en: "Upload and import" },
  noFile: { zh: "请选择一个 zip 文件。", en: "Choose a zip file." },
  notHere: {
    zh: "本部署（Cloudflare Workers）不运行县级数据导入。请在 Node 服务上导入，或在服务器上运行 npm run import -- <文件夹>。",
    en: "This deployment (Cloudflare Workers) does not run county imports. Import on the Node service, or run npm run import -- <folder> on the server.",
  },
  adminOnly: { zh: "只有管理员可以导入县级数据。", en: "Only the administrator imports county data." },
  status: { zh: "状态", en: "Status" },
  running: { zh: "正在导入", en: "Running" },
  completed: { zh: "已完成", en: "Completed" },
  unchanged: { zh: "无变化（此前已导入）", en: "Unchanged (imported before)" },
  refused: { zh: "已拒绝：存在错误行，未写入任何数据", en: "Refused: bad rows, nothing was written" },
  failed: { zh: "失败：未写入任何数据", en: "Failed: nothing was written" },
  phase: { zh: "阶段", en: "Phase" },
  reading: { zh: "读取并逐行校验", en: "Reading and checking rows" },
  validating: { zh: "核对相互引用", en: "Checking cross-references" },
  promoting: { zh: "写入登记簿", en: "Making it live" },
  done: { zh: "已结束", en: "Ended" },
  progress: { zh: "进度", en: "Progress" },
  rows: { zh: "已读行数", en: "Rows read" },
  speed: { zh: "速度", en: "Speed" },
  perSecond: { zh: "{n} 行/秒", en: "{n} rows/s" },
  left: { zh: "预计剩余", en: "Time left" },
  estimating: { zh: "估算中", en: "estimating" },
  bytes: { zh: "已读数据", en: "Data read" },
  started: { zh: "开始时间", en: "Started" },
  ended: { zh: "结束时间", en: "Ended" },
  refresh: { zh: "刷新", en: "Refresh" },
  refreshHint: { zh: "页面每秒自动更新；未启用脚本时请点击“刷新”。", en: "The page updates itself every second; without script, use Refresh." },
  report: { zh: "导入报告", en: "Report" },
  created: { zh: "新建记录", en: "Records created" },
  record: { zh: "记录", en: "Record" },
  count: { zh: "数量", en: "Count" },
  collectives: { zh: "集体经济组织", en: "Collectives" },
  persons: { zh: "人员", en: "Persons" },
  memberships: { zh: "成员资格", en: "Memberships" },
  households: { zh: "承包农户", en: "Households" },
  plots: { zh: "地块", en: "Plots" },
  contracts: { zh: "承包合同", en: "Contracts" },
  rowsRead: { zh: "各表读取行数", en: "Rows read per table" },
  table: { zh: "表", en: "Table" },
  encoding: { zh: "编码", en: "Encoding" },
  unchangedRows: { zh: "与此前导入相同而未改动的行：{n}", en: "Rows identical to an earlier import, left as they are: {n}" },
  duration: { zh: "用时 {s} 秒", en: "Took {s} s" },
  badRows: { zh: "错误行（共 {n} 处）", en: "Bad rows ({n} in all)" },
  firstOnly: { zh: "仅列出前 {n} 处。", en: "Only the first {n} are listed." },
  file: { zh: "文件", en: "File" },
  line: { zh: "行", en: "Line" },
  field: { zh: "字段", en: "Field" },
  rule: { zh: "规则代码", en: "Rule code" },
  message: { zh: "说明", en: "Message" },
  error: { zh: "原因", en: "Why" },
  another: { zh: "再导入一个数据包", en: "Import another package" },
} satisfies Messages;

type Job = ImportJobView;

export function registerImportPages(app: Hono<ConsoleEnv>) {
  app.get("/console/imports", requireSession, (c) => {
    const refused = unavailable(c);
    if (refused) return refused;
    return uploadPage(c, null, {});
  });

  app.post("/console/imports", requireSession, async (c) => {
    const refused = unavailable(c);
    if (refused) return refused;
    const imports = c.var.deps.imports!;
    const body = await c.req.parseBody();
    const file = body["package"];
    const countyText = typeof body["county"] === "string" ? body["county"].trim() : "";
    const routed = c.var.deps.router.routed;
    const county = routed ? CountyQuery.safeParse({ county: countyText || undefined }) : null;
    if (county && (!county.success || !county.data.county)) return uploadPage(c, invalid(c.var.t, { county: c.var.t(M.countyHint) }), { county: countyText });
    if (typeof file === "string" || !file || file.size === 0) return uploadPage(c, invalid(c.var.t, { package: c.var.t(M.noFile) }), { county: countyText });
    if (imports.busy()) return uploadPage(c, problemFor(c.var.t, "import_in_progress", "This service is already running an import; send this package when it has ended."), { county: countyText });
    const target = county?.data?.county ?? null;
    const submitted = await imports.submit(file.stream(), { actor: c.var.actor.tokenId, county: target, contentLength: file.size });
    if (!submitted.ok) return uploadPage(c, problemFor(c.var.t, submitted.code, submitted.detail), { county: countyText });
    return c.redirect(jobPath(submitted.jobId, target), 303);
  });

  app.get("/console/imports/:id", requireSession, async (c) => {
    const refused = unavailable(c);
    if (refused) return refused;
    const { job, county } = await jobOf(c, c.var.deps.imports!);
    const { t, lang } = c.var;
    return render(
      c,
      `${t(M.jobTitle)} ${job.jobId}`,
      <>
        <JobView job={job} county={county} t={t} lang={lang} />
        <p class="actions">
          <a class="button secondary" href="/console/imports">
            {t(M.another)}
          </a>
        </p>
      </>,
    );
  });

  // The part of the job page that htmx refreshes (hx-get every second while the job runs).
  app.get("/console/imports/:id/progress", requireSession, async (c) => {
    const refused = unavailable(c);
    if (refused) return refused;
    const { job, county } = await jobOf(c, c.var.deps.imports!);
    return c.html(<JobView job={job} county={county} t={c.var.t} lang={c.var.lang} />);
  });
}

/** The admin's only, and on the Node service only: otherwise the page that says why (403, 501). */
function unavailable(c: ConsoleContext): Response | Promise<Response> | null {
  const { t } = c.var;
  if (c.var.actor.role !== "admin") throw new DomainError("forbidden", t(M.adminOnly));
  if (c.var.deps.imports) return null;
  const problem = problemFor(t, "imports_not_supported_here", t(M.notHere));
  return render(c, t(M.title), <ProblemBox problem={problem} t={t} />, 501);
}

function problemFor(t: T, code: ProblemCode, detail: string): Problem {
  return { code, title: problemTitle(t, code), detail: redact(detail), status: PROBLEMS[code].status };
}

function invalid(t: T, fields: Record<string, string>): Problem {
  return { ...problemFor(t, "validation_failed", Object.values(fields).join(" ")), fields };
}

const jobPath = (id: string, county: string | null) => `/console/imports/${id}${county ? `?county=${county}` : ""}`;

async function jobOf(c: ConsoleContext, imports: ImportJobsPort): Promise<{ job: Job; county: string | null }> {
  const id = ImportIdParam.safeParse(c.req.param("id"));
  const county = CountyQuery.safeParse({ county: c.req.query("county") || undefined });
  const job = id.success && county.success ? await imports.get(id.data, county.data.county ?? null) : null;
  if (!job) throw new DomainError("import_not_found", `No import ${id.success ? id.data : ""} in this service or its database.`);
  return { job, county: county.success ? (county.data.county ?? null) : null };
}

function uploadPage(c: ConsoleContext, problem: Problem | null, values: { county?: string }) {
  const { t } = c.var;
  const status = problem ? (([400, 403, 404, 409, 422] as const).find((s) => s === problem.status) ?? 400) : 200;
  const fileError = problem?.fields?.package;
  return render(
    c,
    t(M.title),
    <>
      <ProblemBox problem={problem} t={t} />
      <section class="card" aria-labelledby="upload-heading">
        <h2 id="upload-heading">{t(M.upload)}</h2>
        <p>{t(M.intro)}</p>
        <form class="stack" method="post" action="/console/imports" enctype="multipart/form-data" id="upload-form">
          <CsrfField csrf={c.var.csrf} />
          <div class="field">
            <label for="f-package">{t(M.package)} *</label>
            <span class="hint" id="f-package-hint">
              {t(M.packageHint)}
            </span>
            <input id="f-package" name="package" type="file" accept=".zip,application/zip,application/x-zip-compressed" required aria-invalid={fileError ? "true" : undefined} aria-describedby="f-package-hint f-package-error" />
            <span class="error" id="f-package-error">
              {fileError ?? ""}
            </span>
          </div>
          {c.var.deps.router.routed && <Field name="county" label={t(M.county)} hint={t(M.countyHint)} value={values.county} error={problem?.fields?.county} required inputmode="numeric" pattern="\d{6}" />}
          <div class="actions">
            <button type="submit" id="start-import">
              {t(M.start)}
            </button>
          </div>
        </form>
      </section>
    </>,
    status,
  );
}

const grouped = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

function duration(lang: Lang, seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (lang === "zh") return m > 0 ? `约 ${m} 分 ${s} 秒` : `约 ${s} 秒`;
  return m > 0 ? `about ${m} min ${s} s` : `about ${s} s`;
}

/** 734.2 KiB, 12.0 MiB, 1.4 GiB. */
function bytesText(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The job as it stands: while running, polled by htmx (replaced whole); once ended, no trigger: polling stops. */
const JobView: FC<{ job: Job; county: string | null; t: T; lang: Lang }> = ({ job, county, t, lang }) => {
  const running = job.status === "running";
  const self = jobPath(job.jobId, county);
  const poll = running ? { "hx-get": `/console/imports/${job.jobId}/progress${county ? `?county=${county}` : ""}`, "hx-trigger": "every 1s", "hx-swap": "outerHTML" } : {};
  return (
    <section class="card" id="job" aria-labelledby="job-heading" data-status={job.status} {...poll}>
      <style>{"#report table { width: auto; min-width: 50%; margin-bottom: 16px; } #job dl.facts { margin-bottom: 12px; } #job-heading { margin-top: 0; }"}</style>
      <h2 id="job-heading">{t(M.progress)}</h2>
      <p id="job-status">
        {t(M.status)}：<strong>{t(M[job.status])}</strong>
      </p>
      {job.progress && <ProgressBar job={job} t={t} />}
      <dl class="facts" id="job-facts">
        {job.progress && <ProgressFacts job={job} t={t} lang={lang} />}
        <dt>{t(M.started)}</dt>
        <dd>{formatInstant(lang, new Date(job.startedAtMs).toISOString())}</dd>
        {job.endedAtMs !== null && (
          <>
            <dt>{t(M.ended)}</dt>
            <dd>{formatInstant(lang, new Date(job.endedAtMs).toISOString())}</dd>
          </>
        )}
      </dl>
      {running && (
        <p class="muted">
          {t(M.refreshHint)}{" "}
          <a href={self} id="refresh">
            {t(M.refresh)}
          </a>
        </p>
      )}
      {job.error && <ProblemBox problem={{ code: job.error.code as ProblemCode, title: t(M.failed), detail: redact(job.error.detail), status: 500 }} t={t} />}
      {job.report && <Report report={job.report} t={t} lang={lang} />}
    </section>
  );
};

/** While reading, how much of the package's CSVs has been read; after, the bar is full and the phase says the rest. */
function share(job: Job): { max: number; value: number; percent: number } {
  const p = job.progress!;
  const max = Math.max(1, p.totalBytes);
  const value = p.phase === "reading" ? Math.min(p.bytesRead, max) : max;
  return { max, value, percent: Math.round((value / max) * 100) };
}

const ProgressBar: FC<{ job: Job; t: T }> = ({ job, t }) => {
  const { max, value, percent } = share(job);
  return (
    <p>
      <label for="job-progress" class="sr-only">
        {t(M.progress)}
      </label>
      <progress id="job-progress" max={max} value={value} aria-valuetext={`${percent}%`}>
        {percent}%
      </progress>
    </p>
  );
};

const ProgressFacts: FC<{ job: Job; t: T; lang: Lang }> = ({ job, t, lang }) => {
  const p = job.progress!;
  const reading = p.phase === "reading";
  const { percent } = share(job);
  return (
    <>
      <dt>{t(M.phase)}</dt>
      <dd id="job-phase">{t(M[p.phase])}</dd>
      <dt>{t(M.rows)}</dt>
      <dd id="job-rows">{grouped(p.rows)}</dd>
      <dt>{t(M.speed)}</dt>
      <dd>{t(M.perSecond).replace("{n}", grouped(p.rowsPerSecond))}</dd>
      <dt>{t(M.bytes)}</dt>
      <dd>{`${bytesText(p.bytesRead)} / ${bytesText(p.totalBytes)}` + (lang === "zh" ? `（${percent}%）` : ` (${percent}%)`)}</dd>
      {reading && (
        <>
          <dt>{t(M.left)}</dt>
          <dd id="job-left">{p.secondsLeft === null ? t(M.estimating) : duration(lang, p.secondsLeft)}</dd>
        </>
      )}
    </>
  );
};

const CREATED = ["collectives", "persons", "memberships", "households", "plots", "contracts"] as const;

const Report: FC<{ report: NonNullable<Job["report"]>; t: T; lang: Lang }> = ({ report: r, t }) => (
  <section aria-labelledby="report-heading" id="report">
    <h3 id="report-heading">{t(M.report)}</h3>
    <p>{t(M.duration).replace("{s}", (r.durationMs / 1000).toFixed(1))}</p>
    {r.status === "completed" && (
      <table id="created">
        <caption>{t(M.created)}</caption>
        <thead>
          <tr>
            <th scope="col">{t(M.record)}</th>
            <th scope="col" class="num">
              {t(M.count)}
            </th>
          </tr>
        </thead>
        <tbody>
          {CREATED.map((k) => (
            <tr>
              <th scope="row">{t(M[k])}</th>
              <td class="num" id={`created-${k}`}>
                {grouped(r.created[k])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    {r.unchangedRows > 0 && <p id="unchanged-rows">{t(M.unchangedRows).replace("{n}", grouped(r.unchangedRows))}</p>}
    {r.errorCount > 0 && (
      <>
        <table id="bad-rows">
          <caption>{t(M.badRows).replace("{n}", grouped(r.errorCount))}</caption>
          <thead>
            <tr>
              <th scope="col">{t(M.file)}</th>
              <th scope="col" class="num">
                {t(M.line)}
              </th>
              <th scope="col">{t(M.field)}</th>
              <th scope="col">{t(M.rule)}</th>
              <th scope="col">{t(M.message)}</th>
            </tr>
          </thead>
          <tbody>
            {r.errors.map((e) => (
              <tr>
                <td>{e.file}</td>
                <td class="num">{e.line}</td>
                <td>{e.field ? <code>{e.field}</code> : "—"}</td>
                <td>
                  <code>{e.code}</code>
                </td>
                <td>{redact(e.message)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {r.errorCount > r.errors.length && <p class="muted">{t(M.firstOnly).replace("{n}", grouped(r.errors.length))}</p>}
      </>
    )}
    <table id="rows-read">
      <caption>{t(M.rowsRead)}</caption>
      <thead>
        <tr>
          <th scope="col">{t(M.table)}</th>
          <th scope="col" class="num">
            {t(M.rows)}
          </th>
          <th scope="col">{t(M.encoding)}</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(r.rows).map(([table, n]) => (
          <tr>
            <th scope="row">{table}</th>
            <td class="num">{grouped(n ?? 0)}</td>
            <td>{encodingOf(r.encodings, table)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </section>
);

/** The encoding found for a table's file (the report keys encodings by file name, e.g. `CBF.csv`). */
function encodingOf(encodings: Record<string, string>, table: string): string {
  const entry = Object.entries(encodings).find(([file]) => file.toLowerCase() === `${table.toLowerCase()}.csv`);
  return entry ? entry[1] : "—";
}
