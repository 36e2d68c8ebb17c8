/**
 * The embedded database's client on Node: the `Client` interface of @libsql/client, implemented directly on the
 * native `libsql` driver (the same engine @libsql/client's file backend wraps) with a cache of prepared statements.
 *
 * Why: @libsql/client prepares every statement on every call and asks the engine for its columns twice; on this
 * machine that is ~120 µs per query against ~10 µs for a prepared statement (README "Performance"). drizzle-orm
 * and every command run unchanged on top of it — it is a Client — and remote URLs (libsql://, https://) keep
 * using @libsql/client. Semantics kept from @libsql/client's file backend:
 * - results: `rows` whose values are reachable by column name (enumerable) and by index (not enumerable);
 *   integers are exact (read as 64-bit) and returned as numbers, with a RangeError beyond 2^53 — never rounded;
 * - errors: `LibsqlError` / `LibsqlBatchError` with the same `code: message` text, so rule codes raised by
 *   triggers and CHECK names read the same (storage/commit.ts classifies them);
 * - `batch` is one transaction, started and committed without yielding to the event loop; `transaction()` holds
 *   a connection of its own until it settles.
 */
import Database from "libsql";
import { LibsqlBatchError, LibsqlError, type Client, type InArgs, type InStatement, type InValue, type ResultSet, type Row, type Transaction, type TransactionMode } from "@libsql/client";

type Native = InstanceType<typeof Database>;
type NativeStatement = ReturnType<Native["prepare"]>;

const VALUES = Symbol("values");

/** A prepared statement with what is known about its result once: whether it returns rows, and their shape. */
interface Prepared {
  statement: NativeStatement;
  reader: boolean;
  /** Ends in `LIMIT ?`: bound to 1, it is read with one step. */
  singleRow: boolean;
  columns: string[];
  columnTypes: string[];
  /** Rows are made from this prototype: index access and `length`, not enumerable, read the values array. */
  rowPrototype: object;
  /** Each name once, at the index of its first column (a name repeated by a join keeps its first value). */
  named: [string, number][];
}

export interface NativeClientOptions {
  /** Busy timeout in milliseconds: how long a write waits for another connection's lock. */
  timeout?: number;
  /** Prepared statements kept per connection (least recently used dropped first). */
  statementCacheSize?: number;
  /** Statements run on every connection as it opens (per-connection settings: `PRAGMA synchronous`, …). */
  pragmas?: readonly string[];
  /**
   * Group commit (default on): write batches submitted while the event loop is busy are committed together, each in
   * a savepoint of one transaction, with one sync to disk for the group. Each batch stays all-or-nothing and is
   * answered only once the group's COMMIT is durable.
   */
  groupCommit?: boolean;
}

/** At most this many batches share one commit (a bound on the time a group holds the write lock). */
const MAX_GROUP = 64;

interface Queued {
  stmts: InStatement[];
  resolve: (results: ResultSet[]) => void;
  reject: (error: unknown) => void;
}

/** Is this URL one the native client opens (a local file)? */
export function isFileUrl(url: string): boolean {
  return url.startsWith("file:");
}

export function filePathOf(url: string): string {
  if (!isFileUrl(url)) throw new RangeError(`not a file: URL: ${url}`);
  let path = url.slice("file:".length);
  const query = path.indexOf("?");
  if (query >= 0) path = path.slice(0, query);
  // file:///abs/path and file://localhost/abs/path name /abs/path; file:rel and file:/abs are paths as written.
  if (path.startsWith("//")) path = path.replace(/^\/\/(localhost)?/, "");
  return decodeURIComponent(path);
}

export function createNativeClient(url: string, options: NativeClientOptions = {}): Client {
  return new NativeClient(filePathOf(url), options);
}

class Connection {
  readonly db: Native;
  private readonly cache = new Map<string, Prepared>();

  private readonly cacheSize: number;

  constructor(path: string, options: NativeClientOptions) {
    this.db = new Database(path, { timeout: options.timeout ?? 5000 } as never);
    this.cacheSize = options.statementCacheSize ?? 512;
    for (const pragma of options.pragmas ?? []) this.exec(pragma);
  }

  prepared(sql: string): Prepared {
    const hit = this.cache.get(sql);
    if (hit) {
      // Most recently used goes last; the first entry is the one dropped when the cache is full.
      this.cache.delete(sql);
      this.cache.set(sql, hit);
      return hit;
    }
    const statement = this.db.prepare(sql);
    statement.safeIntegers(true);
    const reader = statement.reader;
    let columns: string[] = [];
    let columnTypes: string[] = [];
    if (reader) {
      statement.raw(true);
      const definitions = statement.columns();
      columns = definitions.map((c) => c.name);
      columnTypes = definitions.map((c) => c.type ?? "");
    }
    const singleRow = reader && /\blimit \?$/i.test(sql.trimEnd());
    const prepared: Prepared = { statement, reader, singleRow, columns, columnTypes, rowPrototype: rowPrototypeOf(columns.length), named: namedColumns(columns) };
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(sql, prepared);
    return prepared;
  }

  execute(stmt: InStatement): ResultSet {
    const { sql, args } = normalize(stmt);
    try {
      const p = this.prepared(sql);
      const bound = bind(args);
      if (p.reader) {
        // A query that asks for one row (drizzle's `.limit(1)`) steps once: the driver's `get` is about twice as fast as `all`.
        if (p.singleRow && Array.isArray(bound) && bound[bound.length - 1] === 1) {
          const one = p.statement.get(bound) as unknown[] | undefined;
          return resultSet(p.columns, p.columnTypes, one === undefined ? [] : [makeRow(p, one)], 0, undefined);
        }
        const raw = p.statement.all(bound) as unknown[][];
        const rows = new Array<Row>(raw.length);
        for (let i = 0; i < raw.length; i++) rows[i] = makeRow(p, raw[i]!);
        return resultSet(p.columns, p.columnTypes, rows, 0, undefined);
      }
      const info = p.statement.run(bound);
      return resultSet([], [], [], info.changes, BigInt(info.lastInsertRowid));
    } catch (error) {
      throw mapError(error);
    }
  }

  /** Statements that need no result and no cache (BEGIN, COMMIT, PRAGMA …). */
  exec(sql: string): void {
    try {
      this.db.exec(sql);
    } catch (error) {
      throw mapError(error);
    }
  }

  /** Runs statements as one transaction, synchronously: nothing else in this process runs in between. */
  transact(begin: string, stmts: InStatement[]): ResultSet[] {
    this.exec(begin);
    try {
      const results = this.runAll(stmts);
      this.exec("COMMIT");
      return results;
    } finally {
      if (this.db.inTransaction) this.rollbackQuietly();
    }
  }

  /** A batch's statements in order; a failure names the statement (LibsqlBatchError), as @libsql/client does. */
  runAll(stmts: InStatement[]): ResultSet[] {
    const results: ResultSet[] = [];
    for (let i = 0; i < stmts.length; i++) {
      try {
        results.push(this.execute(stmts[i]!));
      } catch (error) {
        if (error instanceof LibsqlError) throw new LibsqlBatchError(error.message, i, error.code, error.extendedCode, error.rawCode, error.cause instanceof Error ? error.cause : undefined);
        throw error;
      }
    }
    return results;
  }

  rollbackQuietly(): void {
    try {
      this.db.exec("ROLLBACK");
    } catch {
      // nothing was open any more
    }
  }

  close(): void {
    this.cache.clear();
    try {
      if (this.db.open) this.db.close();
    } catch {
      // closing twice or during teardown
    }
  }
}

class NativeClient implements Client {
  closed = false;
  readonly protocol = "file";
  private main: Connection;
  /** Connections lent to interactive transactions, and idle ones kept for the next. */
  private readonly idle: Connection[] = [];
  private readonly lent = new Set<Connection>();

  constructor(
    private readonly path: string,
    private readonly options: NativeClientOptions,
  ) {
    this.main = new Connection(path, options);
  }

  execute(stmt: InStatement): Promise<ResultSet>;
  execute(sql: string, args?: InArgs): Promise<ResultSet>;
  async execute(stmtOrSql: InStatement, args?: InArgs): Promise<ResultSet> {
    this.checkOpen();
    return this.main.execute(typeof stmtOrSql === "string" ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql);
  }

  async batch(stmts: Array<InStatement | [string, InArgs?]>, mode: TransactionMode = "deferred"): Promise<ResultSet[]> {
    this.checkOpen();
    const normalized = stmts.map((s) => (Array.isArray(s) ? { sql: s[0], args: s[1] ?? [] } : s));
    if (mode === "read" || this.options.groupCommit === false) return this.main.transact(beginOf(mode), normalized);
    return new Promise<ResultSet[]>((resolve, reject) => {
      this.queue.push({ stmts: normalized, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  /** How many transactions committed batches, and how many batches they carried (for tests and benchmarks). */
  readonly commits = { transactions: 0, batches: 0 };

  private readonly queue: Queued[] = [];

  /** Commits what was queued while the event loop was busy: groups of up to MAX_GROUP batches, one COMMIT each. */
  private flush() {
    while (this.queue.length > 0) {
      if (this.closed) {
        for (const entry of this.queue.splice(0)) entry.reject(new LibsqlError("The client is closed", "CLIENT_CLOSED"));
        return;
      }
      const group = this.queue.splice(0, MAX_GROUP);
      try {
        this.commitGroup(group);
      } catch (error) {
        // Not a batch's own failure (those are answered inside): the connection itself failed. Nothing of the group
        // is committed; every batch of it that is still waiting is told.
        if (this.main.db.open && this.main.db.inTransaction) this.main.rollbackQuietly();
        for (const entry of group) entry.reject(error);
      }
    }
  }

  private commitGroup(group: Queued[]) {
    const c = this.main;
    if (group.length === 1) {
      const [only] = group as [Queued];
      try {
        only.resolve(c.transact("BEGIN IMMEDIATE", only.stmts));
        this.count(1);
      } catch (error) {
        only.reject(error);
      }
      return;
    }
    try {
      c.exec("BEGIN IMMEDIATE");
    } catch (error) {
      for (const entry of group) entry.reject(error);
      return;
    }
    const done: { entry: Queued; results: ResultSet[] }[] = [];
    for (let i = 0; i < group.length; i++) {
      const entry = group[i]!;
      c.exec("SAVEPOINT batch");
      try {
        done.push({ entry, results: c.runAll(entry.stmts) });
        c.exec("RELEASE batch");
      } catch (error) {
        entry.reject(error);
        if (c.db.inTransaction) {
          // This batch only: undone to its savepoint; the others of the group go on.
          c.exec("ROLLBACK TO batch");
          c.exec("RELEASE batch");
          continue;
        }
        // The error ended the whole transaction: the batches before it (undone with it) and after it run again.
        this.queue.unshift(...done.map((d) => d.entry), ...group.slice(i + 1));
        return;
      }
    }
    try {
      c.exec("COMMIT");
    } catch (error) {
      if (c.db.inTransaction) c.rollbackQuietly();
      for (const d of done) d.entry.reject(error);
      return;
    }
    this.count(done.length);
    for (const d of done) d.entry.resolve(d.results);
  }

  private count(batches: number) {
    this.commits.transactions++;
    this.commits.batches += batches;
  }

  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    this.checkOpen();
    this.main.exec("PRAGMA foreign_keys=off");
    try {
      return this.main.transact("BEGIN DEFERRED", stmts);
    } finally {
      this.main.exec("PRAGMA foreign_keys=on");
    }
  }

  async transaction(mode: TransactionMode = "write"): Promise<Transaction> {
    this.checkOpen();
    const connection = this.idle.pop() ?? new Connection(this.path, this.options);
    this.lent.add(connection);
    try {
      connection.exec(beginOf(mode));
    } catch (error) {
      this.giveBack(connection);
      throw error;
    }
    return new NativeTransaction(connection, (c) => this.giveBack(c));
  }

  async executeMultiple(sql: string): Promise<void> {
    this.checkOpen();
    try {
      this.main.exec(sql);
    } finally {
      if (this.main.db.inTransaction) this.main.rollbackQuietly();
    }
  }

  async sync(): Promise<never> {
    throw new LibsqlError("sync is for embedded replicas; this client opens a local file", "SYNC_NOT_SUPPORTED");
  }

  reconnect(): void {
    this.closeAll();
    this.main = new Connection(this.path, this.options);
    this.closed = false;
  }

  close(): void {
    this.closed = true;
    this.closeAll();
  }

  private closeAll() {
    this.main.close();
    for (const c of [...this.idle, ...this.lent]) c.close();
    this.idle.length = 0;
    this.lent.clear();
  }

  private giveBack(connection: Connection) {
    this.lent.delete(connection);
    if (connection.db.open && connection.db.inTransaction) connection.rollbackQuietly();
    if (this.closed || !connection.db.open) connection.close();
    else this.idle.push(connection);
  }

  private checkOpen() {
    if (this.closed) throw new LibsqlError("The client is closed", "CLIENT_CLOSED");
  }
}

class NativeTransaction implements Transaction {
  private connection: Connection | null;

  constructor(
    connection: Connection,
    private readonly release: (c: Connection) => void,
  ) {
    this.connection = connection;
  }

  get closed(): boolean {
    const c = this.connection;
    return c === null || !c.db.open || !c.db.inTransaction;
  }

  async execute(stmt: InStatement): Promise<ResultSet> {
    return this.open().execute(stmt);
  }

  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    const c = this.open();
    const results: ResultSet[] = [];
    for (let i = 0; i < stmts.length; i++) {
      try {
        results.push(c.execute(stmts[i]!));
      } catch (error) {
        if (error instanceof LibsqlError) throw new LibsqlBatchError(error.message, i, error.code, error.extendedCode, error.rawCode);
        throw error;
      }
    }
    return results;
  }

  async executeMultiple(sql: string): Promise<void> {
    this.open().exec(sql);
  }

  async commit(): Promise<void> {
    try {
      this.open().exec("COMMIT");
    } finally {
      this.settle();
    }
  }

  async rollback(): Promise<void> {
    const c = this.connection;
    if (c && c.db.open && c.db.inTransaction) c.rollbackQuietly();
    this.settle();
  }

  close(): void {
    this.settle();
  }

  private open(): Connection {
    if (this.closed) throw new LibsqlError("The transaction is closed", "TRANSACTION_CLOSED");
    return this.connection!;
  }

  private settle() {
    const c = this.connection;
    if (c === null) return;
    this.connection = null;
    this.release(c);
  }
}

function beginOf(mode: TransactionMode): string {
  if (mode === "write") return "BEGIN IMMEDIATE";
  if (mode === "read") return "BEGIN TRANSACTION READONLY";
  if (mode === "deferred") return "BEGIN DEFERRED";
  throw new RangeError('Unknown transaction mode, supported values are "write", "read" and "deferred"');
}

function normalize(stmt: InStatement): { sql: string; args: InArgs } {
  return typeof stmt === "string" ? { sql: stmt, args: [] } : { sql: stmt.sql, args: stmt.args ?? [] };
}

function bind(args: InArgs): unknown[] | Record<string, unknown> {
  if (Array.isArray(args)) {
    const out = new Array<unknown>(args.length);
    for (let i = 0; i < args.length; i++) out[i] = valueToSql(args[i]);
    return out;
  }
  const named: Record<string, unknown> = {};
  for (const name in args) named[/^[@$:]/.test(name) ? name.slice(1) : name] = valueToSql(args[name]!);
  return named;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

function valueToSql(value: InValue | undefined): unknown {
  switch (typeof value) {
    case "number":
      if (!Number.isFinite(value)) throw new RangeError("Only finite numbers (not Infinity or NaN) can be passed as arguments");
      return value;
    case "bigint":
      if (value < MIN_INT64 || value > MAX_INT64) throw new RangeError("bigint is too large to be represented as a 64-bit integer and passed as argument");
      return value;
    case "boolean":
      return value ? 1 : 0;
    case "undefined":
      throw new TypeError("undefined cannot be passed as argument to the database");
    default:
      if (value instanceof ArrayBuffer) return Buffer.from(value);
      if (value instanceof Date) return value.valueOf();
      return value;
  }
}

function valueFromSql(value: unknown): unknown {
  if (typeof value === "bigint") {
    if (value < MIN_SAFE || value > MAX_SAFE) throw new RangeError("Received integer which cannot be safely represented as a JavaScript number");
    return Number(value);
  }
  if (value instanceof Buffer) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
  return value;
}

const rowPrototypes: object[] = [];

/** One prototype per column count: `row[i]` and `row.length` read the row's values, and are not enumerable. */
function rowPrototypeOf(width: number): object {
  const known = rowPrototypes[width];
  if (known) return known;
  const proto: Record<PropertyKey, unknown> = {};
  Object.defineProperty(proto, "length", { get: () => width });
  for (let i = 0; i < width; i++) {
    Object.defineProperty(proto, i, {
      get(this: { [VALUES]: unknown[] }) {
        return this[VALUES][i];
      },
    });
  }
  rowPrototypes[width] = proto;
  return proto;
}

function namedColumns(columns: string[]): [string, number][] {
  const seen = new Set<string>();
  const named: [string, number][] = [];
  columns.forEach((name, i) => {
    if (seen.has(name)) return;
    seen.add(name);
    named.push([name, i]);
  });
  return named;
}

function makeRow(p: Prepared, raw: unknown[]): Row {
  const values = new Array<unknown>(raw.length);
  for (let i = 0; i < raw.length; i++) values[i] = valueFromSql(raw[i]);
  const row = Object.create(p.rowPrototype) as Record<PropertyKey, unknown>;
  Object.defineProperty(row, VALUES, { value: values }); // not enumerable: rows compare and serialize by name only
  for (const [name, i] of p.named) row[name] = values[i];
  return row as unknown as Row;
}

function resultSet(columns: string[], columnTypes: string[], rows: Row[], rowsAffected: number, lastInsertRowid: bigint | undefined): ResultSet {
  return {
    columns,
    columnTypes,
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON() {
      return { columns, columnTypes, rows: rows.map((r) => Array.prototype.slice.call(r)), rowsAffected, lastInsertRowid: lastInsertRowid?.toString() ?? null };
    },
  };
}

/** The native driver's errors as @libsql/client reports them: `LibsqlError` with "CODE: message". */
function mapError(error: unknown): unknown {
  if (error instanceof Database.SqliteError) {
    const e = error as Error & { code: string; rawCode?: number };
    return new LibsqlError(e.message, baseCodeOf(e.rawCode), e.code, e.rawCode, e);
  }
  return error;
}

const BASE_CODES = [
  "SQLITE_OK", "SQLITE_ERROR", "SQLITE_INTERNAL", "SQLITE_PERM", "SQLITE_ABORT", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_NOMEM",
  "SQLITE_READONLY", "SQLITE_INTERRUPT", "SQLITE_IOERR", "SQLITE_CORRUPT", "SQLITE_NOTFOUND", "SQLITE_FULL", "SQLITE_CANTOPEN",
  "SQLITE_PROTOCOL", "SQLITE_EMPTY", "SQLITE_SCHEMA", "SQLITE_TOOBIG", "SQLITE_CONSTRAINT", "SQLITE_MISMATCH", "SQLITE_MISUSE",
  "SQLITE_NOLFS", "SQLITE_AUTH", "SQLITE_FORMAT", "SQLITE_RANGE", "SQLITE_NOTADB", "SQLITE_NOTICE", "SQLITE_WARNING",
];

function baseCodeOf(rawCode: number | undefined): string {
  if (rawCode === undefined) return "SQLITE_UNKNOWN";
  const base = rawCode & 0xff;
  return BASE_CODES[base] ?? `SQLITE_UNKNOWN_${base}`;
}
