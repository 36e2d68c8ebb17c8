import { describe, it } from "vitest";
import { createToken, expectProblem } from "./fixtures.js";
import type { World } from "./world.js";

/**
 * The security block every route shares: no token → 401; a bad token → 401; and, per route, the role checks
 * given by the caller (wrong role → 403 for writes, out of scope → 404 with the same body as a missing record).
 */
export function runSecurityCases(opts: {
  world: () => World;
  method: string;
  path: () => string;
  body?: () => unknown;
  /** Tokens that must be refused, with the status and code expected. */
  refused?: () => Promise<{ name: string; token: string; status: number; code: string }[]>;
}) {
  describe("security", () => {
    it("refuses a request without a token with 401 unauthenticated", async () => {
      const res = await opts.world().request(opts.method, opts.path(), { token: null, body: opts.body?.() });
      expectProblem(res, 401, "unauthenticated");
      if (res.headers.get("www-authenticate") === null) throw new Error("401 must carry WWW-Authenticate");
    });
    it("refuses an unknown token with 401 unauthenticated", async () => {
      const res = await opts.world().request(opts.method, opts.path(), { token: "not-a-real-token", body: opts.body?.() });
      expectProblem(res, 401, "unauthenticated");
    });
    it("refuses a revoked token with 401 unauthenticated", async () => {
      const world = opts.world();
      const created = await world.request("POST", "/v1/tokens", { body: { role: "admin", label: "to revoke" } });
      const revoked = await world.request("DELETE", `/v1/tokens/${created.body.id}`);
      if (revoked.status !== 204) throw new Error(`revocation failed: ${revoked.text}`);
      const res = await world.request(opts.method, opts.path(), { token: created.body.token, body: opts.body?.() });
      expectProblem(res, 401, "unauthenticated");
    });
    if (opts.refused) {
      it("refuses roles and scopes that may not do this (403 for read-only roles, 404 out of scope)", async () => {
        for (const c of await opts.refused!()) {
          const res = await opts.world().request(opts.method, opts.path(), { token: c.token, body: opts.body?.() });
          try {
            expectProblem(res, c.status, c.code);
          } catch (e) {
            throw new Error(`${c.name}: ${(e as Error).message}`);
          }
        }
      });
    }
  });
}

export { createToken };
