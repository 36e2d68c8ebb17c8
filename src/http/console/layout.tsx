import { raw } from "hono/html";
import type { Child, FC } from "hono/jsx";
import type { Actor } from "../../domain/access.js";
import { htmlLang, type Lang, type Messages, translator } from "./i18n.js";

/**
 * The console's page shell: a skip link, the header with the navigation the caller's role allows, the language
 * switch and sign-out (forms, so they work without script and carry the CSRF token), and one <main>. Styles are
 * inline and the only script (htmx) is served by the service: nothing is fetched from another host.
 */
const M = {
  brand: { zh: "农村集体经济组织成员权益登记", en: "Rural rights registry" },
  skip: { zh: "跳到正文", en: "Skip to content" },
  home: { zh: "首页", en: "Home" },
  collective: { zh: "本集体", en: "My collective" },
  collectives: { zh: "集体经济组织", en: "Collectives" },
  transfers: { zh: "转让与退出", en: "Transfers and withdrawals" },
  search: { zh: "权属查询", en: "Title search" },
  statistics: { zh: "统计", en: "Statistics" },
  imports: { zh: "数据导入", en: "Import" },
  rights: { zh: "我的权益", en: "My rights" },
  signOut: { zh: "退出登录", en: "Sign out" },
  switchTo: { zh: "English", en: "中文" },
  switchLabel: { zh: "切换语言", en: "Switch language" },
  nav: { zh: "主导航", en: "Main navigation" },
  role: { zh: "身份", en: "Role" },
  admin: { zh: "管理员", en: "Administrator" },
  registrar: { zh: "村集体经办人", en: "Village clerk" },
  bureau: { zh: "县级主管部门", en: "County bureau" },
  holder: { zh: "权利人", en: "Right holder" },
} satisfies Messages;

export const CSS = `
:root { --ink: #1b1b1b; --muted: #4a4a4a; --line: #c9c9c9; --paper: #ffffff; --wash: #f4f6f8; --brand: #0b4f8a; --brand-ink: #ffffff; --bad: #a4001d; --good: #1d6b2f; --warn: #7a4b00; --focus: #f5a300; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: var(--ink); background: var(--wash); line-height: 1.6; font-size: 16px; }
body { margin: 0; }
a { color: var(--brand); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--paper); padding: 8px 12px; z-index: 10; }
.skip:focus { left: 8px; top: 8px; }
header.top { background: var(--brand); color: var(--brand-ink); padding: 10px 20px; display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: center; }
header.top .brand { font-weight: bold; font-size: 1.1rem; color: var(--brand-ink); text-decoration: none; }
header.top nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0; padding: 0; }
header.top nav a { color: var(--brand-ink); }
header.top .who { margin-left: auto; display: flex; gap: 10px; align-items: center; flex-wrap: wrap; font-size: 0.9rem; }
header.top form { margin: 0; }
header.top button { background: transparent; color: var(--brand-ink); border: 1px solid var(--brand-ink); border-radius: 4px; padding: 2px 10px; font: inherit; cursor: pointer; }
main { max-width: 1100px; margin: 0 auto; padding: 20px; }
h1 { font-size: 1.6rem; margin: 8px 0 16px; }
h2 { font-size: 1.25rem; margin: 24px 0 10px; }
section.card { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: 16px 20px; margin-bottom: 18px; }
table { width: 100%; border-collapse: collapse; background: var(--paper); }
caption { text-align: left; font-weight: bold; padding: 6px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--wash); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
form.stack { display: grid; gap: 14px; max-width: 640px; }
.field { display: grid; gap: 4px; }
.field label, .field legend { font-weight: 600; }
.field .hint { color: var(--muted); font-size: 0.9rem; }
.field .error, .field-error { color: var(--bad); font-size: 0.95rem; }
.live-check { font-size: 0.95rem; }
fieldset { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
input, select, textarea { font: inherit; padding: 6px 8px; border: 1px solid #767676; border-radius: 4px; background: var(--paper); color: var(--ink); }
input[aria-invalid="true"], select[aria-invalid="true"] { border-color: var(--bad); border-width: 2px; }
button, .button { font: inherit; padding: 7px 16px; border-radius: 4px; border: 1px solid var(--brand); background: var(--brand); color: var(--brand-ink); cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: var(--paper); color: var(--brand); }
button.danger { background: var(--bad); border-color: var(--bad); }
.actions { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; }
.problem { border: 2px solid var(--bad); background: #fff5f6; border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; }
.problem h2 { margin: 0 0 6px; color: var(--bad); font-size: 1.1rem; }
.notice { border: 2px solid var(--good); background: #f3fbf5; border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; }
.tag { display: inline-block; padding: 0 8px; border-radius: 10px; background: var(--wash); border: 1px solid var(--line); font-size: 0.85rem; }
.tag.urban { border-color: var(--brand); color: var(--brand); }
.muted { color: var(--muted); }
.steps { list-style: none; padding: 0; display: grid; gap: 6px; }
.steps li { padding: 6px 10px; border-left: 4px solid var(--line); background: var(--paper); }
.steps li.done { border-color: var(--good); }
.steps li.current { border-color: var(--brand); font-weight: 600; }
svg text { font-family: inherit; }
.chart { max-width: 100%; height: auto; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 18px; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
progress { width: 100%; height: 1.2rem; }
@media print { header.top, .no-print { display: none; } main { max-width: none; padding: 0; } }
`;

export interface LayoutProps {
  title: string;
  lang: Lang;
  /** The signed-in caller; absent on the sign-in page. */
  actor?: Actor;
  csrf: string;
  /** Where the language switch returns to. */
  path: string;
  children?: Child;
}

export const Layout: FC<LayoutProps> = ({ title, lang, actor, csrf, path, children }) => {
  const t = translator(lang);
  const links: [string, string][] = [];
  if (actor) {
    links.push(["/console", t(M.home)]);
    if (actor.role === "registrar" && actor.collectiveCode) {
      links.push([`/console/collectives/${actor.collectiveCode}`, t(M.collective)]);
      links.push([`/console/collectives/${actor.collectiveCode}/transfers`, t(M.transfers)]);
    }
    if (actor.role === "admin" || actor.role === "bureau") links.push(["/console/collectives", t(M.collectives)]);
    if (actor.role === "admin" || actor.role === "bureau" || actor.role === "registrar") links.push(["/console/search", t(M.search)]);
    if (actor.role === "admin" || actor.role === "bureau" || actor.role === "registrar") links.push(["/console/statistics", t(M.statistics)]);
    if (actor.role === "admin") links.push(["/console/imports", t(M.imports)]);
    if (actor.role === "holder" && actor.personId) links.push([`/console/persons/${actor.personId}`, t(M.rights)]);
  }
  return (
    <html lang={htmlLang(lang)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t(M.brand)}`}</title>
        {/* A constant of this module, not user text: raw, so its quotes reach the stylesheet unescaped. */}
        <style>{raw(CSS)}</style>
        <script src="/console/assets/htmx.min.js" defer></script>
      </head>
      <body hx-headers={JSON.stringify({ "X-CSRF-Token": csrf })}>
        <a class="skip" href="#main">
          {t(M.skip)}
        </a>
        <header class="top">
          <a class="brand" href="/console">
            {t(M.brand)}
          </a>
          {links.length > 0 && (
            <nav aria-label={t(M.nav)}>
              <ul>
                {links.map(([href, label]) => (
                  <li>
                    <a href={href}>{label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <div class="who">
            {actor && (
              <span>
                {t(M.role)}：{t(M[actor.role])}
              </span>
            )}
            <form method="post" action="/console/lang">
              <input type="hidden" name="_csrf" value={csrf} />
              <input type="hidden" name="lang" value={lang === "zh" ? "en" : "zh"} />
              <input type="hidden" name="next" value={path} />
              <button type="submit" lang={lang === "zh" ? "en" : "zh-CN"} id="lang-switch">
                {t(M.switchTo)}
              </button>
            </form>
            {actor && (
              <form method="post" action="/console/sign-out">
                <input type="hidden" name="_csrf" value={csrf} />
                <button type="submit" id="sign-out">
                  {t(M.signOut)}
                </button>
              </form>
            )}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
};
