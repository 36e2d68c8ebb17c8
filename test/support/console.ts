import type { World } from "./world.js";

/**
 * A browser, minus the browser, for the console's HTTP tests (Node and workerd alike): a cookie jar, form posts
 * (application/x-www-form-urlencoded, as the pages' forms send them) carrying the page's CSRF token, and the last
 * page's HTML. The real-browser tests are in test/browser/.
 */
export interface ConsoleVisit {
  status: number;
  location: string | null;
  html: string;
  headers: Headers;
}

export class ConsoleBrowser {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page that carried one. */
  csrf = "";

  constructor(private readonly world: World) {}

  async get(path: string): Promise<ConsoleVisit> {
    return this.send("GET", path);
  }

  /** Posts a form from the current page: its CSRF token is added unless `csrf: null`. */
  async post(path: string, fields: Record<string, string | string[]>, opts: { csrf?: string | null; headers?: Record<string, string> } = {}): Promise<ConsoleVisit> {
    const body = new URLSearchParams();
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (csrf !== null) body.append("_csrf", csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.send("POST", path, body.toString(), { "Content-Type": "application/x-www-form-urlencoded", ...(opts.headers ?? {}) });
  }

  /** Follows redirects (303) like a browser, up to 5. */
  async follow(visit: ConsoleVisit): Promise<ConsoleVisit> {
    let current = visit;
    for (let i = 0; i < 5 && current.location; i++) current = await this.get(current.location);
    return current;
  }

  /** Signs in with a token through the sign-in form; answers the page signed in to. */
  async signIn(token: string): Promise<ConsoleVisit> {
    await this.get("/console/sign-in");
    return this.follow(await this.post("/console/sign-in", { token, next: "/console" }));
  }

  private async send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<ConsoleVisit> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await this.world.app.request(path, { method, body, headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } });
    for (const line of setCookies(res.headers)) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const html = await res.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html);
    if (csrf) this.csrf = csrf[1]!;
    return { status: res.status, location: res.headers.get("Location"), html, headers: res.headers };
  }
}

export function setCookies(headers: Headers): string[] {
  const all = (headers as Headers & { getSetCookie?: () => string[] }).getSetCookie?.();
  if (all) return all;
  const one = headers.get("Set-Cookie");
  return one ? one.split(/,(?=\s*[A-Za-z0-9_-]+=)/) : [];
}

/** Every URL a page refers to (src, href, action), to check that none leaves the service. */
export function urlsIn(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href|action|hx-post|hx-get)="([^"]*)"/g)].map((m) => m[1]!);
}

/** Text of an element by id, tags stripped (enough for assertions on server-rendered pages). */
export function textOf(html: string, id: string): string | null {
  const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return m ? m[1]!.replace(/<[^>]+>/g, "").trim() : null;
}
