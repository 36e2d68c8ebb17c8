import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, LibsqlBatchError, LibsqlError, type Client } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNativeClient, filePathOf } from "../src/storage/native-client.js";

/**
 * The native client (storage/native-client.ts) stands in for @libsql/client on local files: the same answers, the
 * same errors, the same atomic batches. Each case runs the same statements through both, on the same file.
 */
let dir: string;
let url: string;
let native: Client;
let reference: Client;

const SCHEMA = `
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, qty INTEGER NOT NULL CONSTRAINT qty_must_not_be_negative CHECK (qty >= 0), blob BLOB);
CREATE TABLE other (id INTEGER PRIMARY KEY, name TEXT);
CREATE TRIGGER items_no_delete BEFORE DELETE ON items BEGIN SELECT RAISE(ABORT, 'items_are_append_only'); END;
`;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "native-client-"));
  url = `file:${join(dir, "t.db")}`;
  native = createNativeClient(url, { timeout: 5000, statementCacheSize: 4 });
  await native.execute("PRAGMA journal_mode = WAL");
  await native.executeMultiple(SCHEMA);
  reference = createClient({ url, timeout: 5000 });
});

afterEach(() => {
  native.close();
  reference.close();
  rmSync(dir, { recursive: true, force: true });
});

const both = async <T>(f: (c: Client) => Promise<T>) => [await f(native), await f(reference)] as const;
const failure = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as LibsqlError);

describe("answers", () => {
  it("gives rows by column name (enumerable) and by index (not enumerable), as @libsql/client does", async () => {
    await native.execute({ sql: "INSERT INTO items (name, qty) VALUES (?, ?), (?, ?)", args: ["米", 3, "麦", 0] });
    const [a, b] = await both((c) => c.execute("SELECT i.id, i.name, i.qty, o.id FROM items i LEFT JOIN other o ON o.id = i.id ORDER BY i.id"));
    expect(a.columns).toEqual(b.columns);
    expect(a.rows.map((r) => ({ ...r }))).toEqual(b.rows.map((r) => ({ ...r })));
    expect(a.rows.map((r) => Array.from(r))).toEqual(b.rows.map((r) => Array.from(r)));
    expect(Object.keys(a.rows[0]!)).toEqual(["id", "name", "qty"]);
    // A name repeated by a join keeps its first value; the index still reaches the second.
    expect(a.rows[0]!.id).toBe(1);
    expect(a.rows[0]![3]).toBe(null);
    expect(a.rows[0]!.length).toBe(4);
    expect(JSON.stringify(a.rows[0])).toBe(JSON.stringify(b.rows[0]));
  });

  it("answers a query ending in LIMIT ? like @libsql/client, whether bound to 1 (one step) or more", async () => {
    await native.execute({ sql: "INSERT INTO items (name, qty) VALUES (?, ?), (?, ?), (?, ?)", args: ["a", 1, "b", 2, "c", 3] });
    for (const limit of [1, 2, 5]) {
      const [a, b] = await both((c) => c.execute({ sql: "SELECT name, qty FROM items ORDER BY qty DESC LIMIT ?", args: [limit] }));
      expect(a.rows.map((r) => ({ ...r }))).toEqual(b.rows.map((r) => ({ ...r })));
      expect(a.rows.length).toBe(Math.min(limit, 3));
    }
    const [none] = await both((c) => c.execute({ sql: "SELECT name FROM items WHERE qty > ? LIMIT ?", args: [10, 1] }));
    expect(none.rows).toEqual([]);
  });

  it("reads integers exactly and refuses, rather than rounds, one beyond 2^53", async () => {
    await native.execute({ sql: "INSERT INTO items (name, qty) VALUES (?, ?), (?, ?)", args: ["max", Number.MAX_SAFE_INTEGER, "big", 2n ** 60n] });
    const [a, b] = await both((c) => c.execute({ sql: "SELECT qty FROM items WHERE name = ?", args: ["max"] }));
    expect(a.rows[0]!.qty).toBe(Number.MAX_SAFE_INTEGER);
    expect(b.rows[0]!.qty).toBe(Number.MAX_SAFE_INTEGER);
    await expect(native.execute({ sql: "SELECT qty FROM items WHERE name = ?", args: ["big"] })).rejects.toThrow(RangeError);
    await expect(reference.execute({ sql: "SELECT qty FROM items WHERE name = ?", args: ["big"] })).rejects.toThrow(RangeError);
  });

  it("reports changes and the last row id of a write, and binds booleans, bigints, named arguments and blobs", async () => {
    const [a] = await both((c) => c.execute({ sql: "INSERT INTO items (name, qty, blob) VALUES (:name, :qty, :blob)", args: { name: `x${Math.random()}`, qty: true, blob: new Uint8Array([1, 2, 3]).buffer } }));
    expect(a.rowsAffected).toBe(1);
    expect(a.lastInsertRowid).toBe(1n);
    const [r] = await both((c) => c.execute("SELECT qty, blob FROM items WHERE id = 1"));
    expect(r.rows[0]!.qty).toBe(1);
    expect([...new Uint8Array(r.rows[0]!.blob as ArrayBuffer)]).toEqual([1, 2, 3]);
  });

  it("stays correct past its statement cache and after the schema changes under a cached statement", async () => {
    for (let i = 0; i < 20; i++) await native.execute({ sql: `INSERT INTO items (name, qty) VALUES (?, ${i})`, args: [`n${i}`] });
    const [count] = await both((c) => c.execute("SELECT count(*) AS n, sum(qty) AS s FROM items"));
    expect({ ...count.rows[0] }).toEqual({ n: 20, s: 190 });
    await native.execute("ALTER TABLE items ADD COLUMN note TEXT");
    const after = await native.execute("SELECT count(*) AS n, sum(qty) AS s FROM items");
    expect({ ...after.rows[0] }).toEqual({ n: 20, s: 190 });
    expect((await native.execute("SELECT * FROM items LIMIT 1")).columns).toContain("note");
  });
});

describe("errors", () => {
  it("names a CHECK, a UNIQUE index and a trigger's RAISE in the same words as @libsql/client", async () => {
    await native.execute({ sql: "INSERT INTO items (name, qty) VALUES (?, ?)", args: ["米", 1] });
    for (const stmt of [
      { sql: "INSERT INTO items (name, qty) VALUES (?, ?)", args: ["麦", -1] },
      { sql: "INSERT INTO items (name, qty) VALUES (?, ?)", args: ["米", 1] },
      { sql: "DELETE FROM items", args: [] },
      { sql: "SELECT * FROM nowhere", args: [] },
    ]) {
      const [a, b] = await both((c) => failure(c.execute(stmt)));
      expect(a).toBeInstanceOf(LibsqlError);
      expect(a!.message).toBe(b!.message);
      expect(a!.code).toBe(b!.code);
      expect(a!.extendedCode).toBe(b!.extendedCode);
    }
  });

  it("rolls a failing batch back whole and says which statement failed", async () => {
    const batch = [
      { sql: "INSERT INTO other (name) VALUES ('first')", args: [] },
      { sql: "INSERT INTO items (name, qty) VALUES ('bad', -5)", args: [] },
    ];
    const [a, b] = await both((c) => failure(c.batch(batch, "write")));
    expect(a).toBeInstanceOf(LibsqlBatchError);
    expect((a as LibsqlBatchError).statementIndex).toBe(1);
    expect(a!.message).toBe(b!.message);
    expect((await native.execute("SELECT count(*) AS n FROM other")).rows[0]!.n).toBe(0);
    // The connection is usable, and out of the failed transaction, afterwards.
    await native.batch([{ sql: "INSERT INTO other (name) VALUES ('second')", args: [] }], "write");
    expect((await reference.execute("SELECT name FROM other")).rows.map((r) => r.name)).toEqual(["second"]);
  });
});

describe("group commit", () => {
  const insert = (name: string, qty: number) => ({ sql: "INSERT INTO items (name, qty) VALUES (?, ?)", args: [name, qty] });

  it("commits batches submitted together in one transaction, each answered with its own results", async () => {
    const client = native as Client & { commits: { transactions: number; batches: number } };
    const before = { ...client.commits };
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => native.batch([insert(`g${i}`, i), { sql: "SELECT count(*) AS n FROM items WHERE name = ?", args: [`g${i}`] }], "write")));
    expect(answers.map((a) => a[0]!.rowsAffected)).toEqual(Array(20).fill(1));
    expect(answers.map((a) => a[1]!.rows[0]!.n)).toEqual(Array(20).fill(1));
    expect(client.commits.batches - before.batches).toBe(20);
    expect(client.commits.transactions - before.transactions).toBe(1);
    expect((await reference.execute("SELECT count(*) AS n FROM items")).rows[0]!.n).toBe(20);
  });

  it("keeps each batch all-or-nothing: a failing one is undone alone and refused as it would be alone", async () => {
    const outcomes = await Promise.allSettled([
      native.batch([insert("a", 1), insert("b", 2)], "write"),
      native.batch([insert("c", 3), insert("bad", -1)], "write"),
      native.batch([insert("d", 4)], "write"),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const refused = (outcomes[1] as PromiseRejectedResult).reason as LibsqlBatchError;
    expect(refused).toBeInstanceOf(LibsqlBatchError);
    expect(refused.statementIndex).toBe(1);
    expect(refused.message).toMatch(/CHECK constraint failed: qty_must_not_be_negative/);
    expect((await reference.execute("SELECT name FROM items ORDER BY name")).rows.map((r) => r.name)).toEqual(["a", "b", "d"]);
  });

  it("sees, in a later batch of the same group, what an earlier one wrote (a UNIQUE key taken by the first refuses the second)", async () => {
    const outcomes = await Promise.allSettled([native.batch([insert("same", 1)], "write"), native.batch([insert("same", 2)], "write")]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected"]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed: items\.name/);
    expect((await reference.execute("SELECT qty FROM items WHERE name = 'same'")).rows[0]!.qty).toBe(1);
  });

  it("can be turned off: each batch its own transaction", async () => {
    const alone = createNativeClient(url, { groupCommit: false }) as Client & { commits: { transactions: number } };
    try {
      await Promise.all([alone.batch([insert("x", 1)], "write"), alone.batch([insert("y", 1)], "write")]);
      expect(alone.commits.transactions).toBe(0);
      expect((await reference.execute("SELECT count(*) AS n FROM items")).rows[0]!.n).toBe(2);
    } finally {
      alone.close();
    }
  });
});

describe("transactions", () => {
  it("holds an interactive transaction on a connection of its own: others see its writes only once committed", async () => {
    const tx = await native.transaction("write");
    await tx.execute({ sql: "INSERT INTO other (name) VALUES (?)", args: ["pending"] });
    expect((await native.execute("SELECT count(*) AS n FROM other")).rows[0]!.n).toBe(0);
    await tx.commit();
    expect(tx.closed).toBe(true);
    expect((await native.execute("SELECT count(*) AS n FROM other")).rows[0]!.n).toBe(1);
    const rolled = await native.transaction("write");
    await rolled.execute({ sql: "INSERT INTO other (name) VALUES (?)", args: ["dropped"] });
    await rolled.rollback();
    expect((await reference.execute("SELECT count(*) AS n FROM other")).rows[0]!.n).toBe(1);
  });

  it("refuses work once closed", async () => {
    native.close();
    await expect(native.execute("SELECT 1")).rejects.toThrow(/closed/);
  });
});

describe("URLs", () => {
  it.each([
    ["file:data/registry.db", "data/registry.db"],
    ["file:/tmp/a.db", "/tmp/a.db"],
    ["file:///tmp/a.db", "/tmp/a.db"],
    ["file://localhost/tmp/a%20b.db", "/tmp/a b.db"],
  ])("opens %s as the file %s", (given, path) => {
    expect(filePathOf(given)).toBe(path);
  });
});
