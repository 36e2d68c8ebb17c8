import type { Context, Next } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { sessionOf, type LiveSession } from "../../commands/console/sessions.js";
import { newBearerToken } from "../../lib/hash.js";
import type { AppEnv } from "../types.js";
import { LANG_COOKIE, langOf, translator, type Lang, type T } from "./i18n.js";

/**
 * The console's own authentication: a session cookie (HttpOnly, SameSite=Strict, path /console) instead of a
 * bearer header, so the token is typed once at sign-in and never appears in a URL or a page. Every POST carries the
 * session's CSRF token (form field `_csrf`, or the `X-CSRF-Token` header htmx sends) and, when the browser says
 * where it comes from, an Origin of this service. Before sign-in a double-submit cookie stands in for the session.
 */
export const SESSION_COOKIE = "rr_console";
export const PRE_CSRF_COOKIE = "rr_console_csrf";

export interface ConsoleEnv extends AppEnv {
  Variables: AppEnv["Variables"] & {
    lang: Lang;
    t: T;
    csrf: string;
    session: LiveSession | null;
  };
}

export type ConsoleContext = Context<ConsoleEnv>;

const secure = (c: Context) => new URL(c.req.url).protocol === "https:";

export function setSessionCookie(c: Context, sessionId: string, maxAgeSeconds: number) {
  setCookie(c, SESSION_COOKIE, sessionId, { path: "/console", httpOnly: true, sameSite: "Strict", secure: secure(c), maxAge: maxAgeSeconds });
}

export function clearSessionCookie(c: Context) {
  setCookie(c, SESSION_COOKIE, "", { path: "/console", httpOnly: true, sameSite: "Strict", secure: secure(c), maxAge: 0 });
}

/** Language, session (if any) and the CSRF token of this page, for every console route. */
export const consoleContext = createMiddleware<ConsoleEnv>(async (c, next) => {
  const lang = langOf(getCookie(c, LANG_COOKIE));
  c.set("lang", lang);
  c.set("t", translator(lang));
  const sessionId = getCookie(c, SESSION_COOKIE);
  const session = sessionId ? await sessionOf(c.var.deps, sessionId) : null;
  c.set("session", session);
  if (session) {
    c.set("actor", session.actor);
    c.set("csrf", session.csrf);
  } else {
    let pre = getCookie(c, PRE_CSRF_COOKIE);
    if (!pre || !/^[A-Za-z0-9_-]{20,100}$/.test(pre)) {
      pre = newBearerToken().slice(3);
      setCookie(c, PRE_CSRF_COOKIE, pre, { path: "/console", httpOnly: true, sameSite: "Strict", secure: secure(c) });
    }
    c.set("csrf", pre);
  }
  await next();
  // Pages show records: no caching by shared caches, and no framing by another site.
  c.header("Cache-Control", "no-store");
  c.header("X-Frame-Options", "DENY");
  c.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  c.header("Referrer-Policy", "same-origin");
});

/** Routes behind sign-in: no session → the sign-in page, returning here afterwards. */
export const requireSession = createMiddleware<ConsoleEnv>(async (c, next) => {
  if (!c.var.session) {
    const back = c.req.method === "GET" && !c.req.header("HX-Request") ? c.req.path + (new URL(c.req.url).search || "") : "/console";
    const signIn = `/console/sign-in?next=${encodeURIComponent(back)}`;
    // An htmx request (a progress poll, a live check) whose session ended: the whole page goes to sign-in, not a fragment.
    if (c.req.header("HX-Request")) return c.body(null, 204, { "HX-Redirect": signIn });
    return c.redirect(signIn, 303);
  }
  await next();
});

/** Every state-changing request: the CSRF token of this session (or of the sign-in page) and a same-origin Origin. */
export async function checkCsrf(c: ConsoleContext, next: Next) {
  if (c.req.method === "GET" || c.req.method === "HEAD") return next();
  const origin = c.req.header("Origin");
  if (origin && origin !== new URL(c.req.url).origin) return forbidden(c);
  const header = c.req.header("X-CSRF-Token");
  const given = header ?? String((await c.req.parseBody())["_csrf"] ?? "");
  if (!sameText(given, c.var.csrf)) return forbidden(c);
  return next();
}

function forbidden(c: ConsoleContext) {
  return c.text(c.var.t({ zh: "页面已过期或来源不明，请返回重新提交。", en: "This page has expired or did not come from the console; go back and submit it again." }), 403);
}

/** Compares in time independent of where the texts differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
