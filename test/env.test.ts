import { describe, expect, it } from "vitest";
import { parseEnv, parseWorkerCounties, parseWorkerEnv } from "../src/env.js";

describe("configuration", () => {
  it("defaults to one embedded database on port 8787", () => {
    const parsed = parseEnv({});
    expect(parsed).toMatchObject({ ok: true, config: { PORT: 8787, DATABASE_URL: "file:data/registry.db", REGISTRY_COUNTY_DATABASES: [] } });
  });

  it("reads a county routing table of URLs and {url, authToken}", () => {
    const parsed = parseEnv({
      REGISTRY_COUNTY_DATABASES: JSON.stringify({ "370102": "file:data/370102.db", "3710": { url: "libsql://weihai.example", authToken: "t" } }),
      REGISTRY_ID_KEY: "0123456789abcdef0123",
    });
    // (JSON objects list integer-like keys in numeric order; the router sorts by prefix length anyway.)
    expect(parsed.ok && parsed.config.REGISTRY_COUNTY_DATABASES).toEqual([
      { prefix: "3710", url: "libsql://weihai.example", authToken: "t" },
      { prefix: "370102", url: "file:data/370102.db", authToken: undefined },
    ]);
  });

  it.each([
    ["a routing table without REGISTRY_ID_KEY", { REGISTRY_COUNTY_DATABASES: '{"370102":"file:a.db"}' }, "REGISTRY_ID_KEY"],
    ["a routing table that is not JSON", { REGISTRY_COUNTY_DATABASES: "370102=file:a.db", REGISTRY_ID_KEY: "0123456789abcdef0123" }, "REGISTRY_COUNTY_DATABASES"],
    ["a prefix of one digit", { REGISTRY_COUNTY_DATABASES: '{"3":"file:a.db"}', REGISTRY_ID_KEY: "0123456789abcdef0123" }, "REGISTRY_COUNTY_DATABASES"],
    ["a postgres URL", { DATABASE_URL: "postgres://x" }, "DATABASE_URL"],
  ])("refuses %s, naming the variable", (_name, env, variable) => {
    const parsed = parseEnv(env);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.join("\n")).toContain(variable);
  });

  it("routes a Worker's counties to D1 bindings or libsql URLs with their tokens", () => {
    const parsed = parseWorkerEnv({
      DB: {},
      COUNTY_DATABASES: JSON.stringify({ "370102": "DB_370102", "3710": "libsql://weihai.example" }),
      COUNTY_DATABASE_TOKENS: JSON.stringify({ "3710": "secret" }),
      REGISTRY_ID_KEY: "0123456789abcdef0123",
    });
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parseWorkerCounties(parsed.config)).toEqual({
      ok: true,
      routes: [
        { prefix: "3710", url: "libsql://weihai.example", authToken: "secret" },
        { prefix: "370102", binding: "DB_370102" },
      ],
    });
  });

  it("refuses a Worker without a database, and a routed Worker without REGISTRY_ID_KEY", () => {
    expect(parseWorkerEnv({})).toMatchObject({ ok: false });
    const parsed = parseWorkerEnv({ DB: {}, COUNTY_DATABASES: '{"370102":"DB_370102"}' });
    expect(parsed.ok && parseWorkerCounties(parsed.config)).toMatchObject({ ok: false, problems: [expect.stringContaining("REGISTRY_ID_KEY")] });
  });
});
