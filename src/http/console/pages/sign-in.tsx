import type { Hono } from "hono";
import { closeSession, openSession, SESSION_MS } from "../../../commands/console/sessions.js";
import { CsrfField, formOf, ProblemBox, render, type Problem } from "../page.js";
import { clearSessionCookie, setSessionCookie, type ConsoleContext, type ConsoleEnv } from "../session.js";
import { LANG_COOKIE, langOf } from "../i18n.js";
import { setCookie } from "hono/cookie";
import { problemTitle } from "../page.js";

const M = {
  title: { zh: "登录", en: "Sign in" },
  intro: {
    zh: "请输入您的登记系统令牌。令牌由县级主管部门或本集体管理员发放；登录后只保存在本浏览器的会话中，不会出现在网址或页面上。",
    en: "Enter your registry token. Tokens are issued by the county bureau or your collective's administrator; after sign-in it is kept only in this browser's session, never in an address or on a page.",
  },
  token: { zh: "令牌", en: "Token" },
  submit: { zh: "登录", en: "Sign in" },
  refused: { zh: "令牌无效或已被撤销，请核对后重试。", en: "The token is unknown or revoked; check it and try again." },
} as const;

/** A path inside the console to return to after sign-in; anything else goes home (no open redirect). */
export function safeNext(next: string | undefined): string {
  return next && /^\/console(\/[A-Za-z0-9/_\-.~%]*)?(\?[A-Za-z0-9=&_\-.~%]*)?$/.test(next) && !next.startsWith("//") ? next : "/console";
}

function page(c: ConsoleContext, next: string, problem: Problem | null) {
  const { t } = c.var;
  return render(
    c,
    t(M.title),
    <section class="card">
      <ProblemBox problem={problem} t={t} />
      <p>{t(M.intro)}</p>
      <form class="stack" method="post" action="/console/sign-in">
        <CsrfField csrf={c.var.csrf} />
        <input type="hidden" name="next" value={next} />
        <div class="field">
          <label for="f-token">{t(M.token)}</label>
          <input id="f-token" name="token" type="password" required autocomplete="current-password" aria-describedby={problem ? "problem-detail" : undefined} />
        </div>
        <div class="actions">
          <button type="submit" id="sign-in">
            {t(M.submit)}
          </button>
        </div>
      </form>
    </section>,
    problem ? 403 : 200,
  );
}

export function registerSignIn(app: Hono<ConsoleEnv>) {
  app.get("/console/sign-in", (c) => (c.var.session ? c.redirect(safeNext(c.req.query("next")), 303) : page(c, safeNext(c.req.query("next")), null)));

  app.post("/console/sign-in", async (c) => {
    const form = await formOf(c);
    const next = safeNext(form.next);
    const opened = form.token ? await openSession(c.var.deps, form.token.trim()) : null;
    if (!opened) return page(c, next, { code: "unauthenticated", title: problemTitle(c.var.t, "unauthenticated"), detail: c.var.t(M.refused), status: 401 });
    setSessionCookie(c, opened.sessionId, Math.floor(SESSION_MS / 1000));
    return c.redirect(next, 303);
  });

  app.post("/console/sign-out", async (c) => {
    if (c.var.session) await closeSession(c.var.deps, c.var.session);
    clearSessionCookie(c);
    return c.redirect("/console/sign-in", 303);
  });

  app.post("/console/lang", async (c) => {
    const form = await formOf(c);
    setCookie(c, LANG_COOKIE, langOf(form.lang), { path: "/console", sameSite: "Strict", httpOnly: true, maxAge: 365 * 86400 });
    return c.redirect(safeNext(form.next), 303);
  });
}
