import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocate,
  canonicalLines,
  checkNetIncome,
  compareHoldings,
  distributableFen,
  formatPercent,
  reserveBasisPoints,
  residueOf,
  type Holding,
} from "../../src/domain/distributions.js";
import { csvDocument, csvField, csvRecord, csvText, UTF8_BOM } from "../../src/lib/csv.js";
import { mulberry32 } from "../support/prng.js";

const person = (id: string, sharesE4: number): Holding => ({ key: id, holderKind: "person", personId: id, sharesE4 });
const collective = (sharesE4: number): Holding => ({ key: "@collective", holderKind: "collective", personId: null, sharesE4 });
const amounts = (holdings: Holding[], fen: number) => Object.fromEntries(allocate(fen, holdings).lines.map((l) => [l.key, l.amountFen]));

describe("reserveBasisPoints", () => {
  it.each([
    ["0", 0],
    ["30", 3000],
    ["12.5", 1250],
    ["12.50", 1250],
    ["0.01", 1],
    ["99.99", 9999],
    ["100", 10_000],
    ["100.00", 10_000],
    ["007", 700],
  ] as const)("%s percent → %i basis points", (percent, expected) => {
    expect(reserveBasisPoints(percent)).toBe(expected);
  });

  it.each(["100.01", "101", "150", "-1", "12.345", "1e2", "", " 5", "5.", ".5", "1000"])("refuses %j with reserve_percent_invalid", (percent) => {
    expect(reserveBasisPoints(percent)).toBe("reserve_percent_invalid");
  });

  it("formats basis points back without trailing zeros", () => {
    expect([0, 1, 10, 1250, 3000, 9999, 10_000].map(formatPercent)).toEqual(["0", "0.01", "0.1", "12.5", "30", "99.99", "100"]);
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), (bp) => reserveBasisPoints(formatPercent(bp)) === bp));
  });
});

describe("checkNetIncome", () => {
  it.each([
    [1, null],
    [123_456_789, null],
    [0, "net_income_must_be_positive"],
    [-5, "net_income_must_be_positive"],
    [1.5, "net_income_must_be_positive"],
  ] as const)("%d fen → %s", (fen, expected) => {
    expect(checkNetIncome(fen)).toBe(expected);
  });
});

describe("distributableFen: the reserve is taken first and the distributable amount rounds down", () => {
  it.each([
    // net income fen, reserve %, distributable
    [100_000, "30", 70_000],
    [99_999, "30", 69_999], // 69,999.3 → 69,999: the reserve takes the fraction (30,000)
    [1, "30", 0], // 0.7 fen → 0
    [3, "33.33", 2], // 2.0001 → 2
    [10_000, "12.5", 8_750],
    [12_345, "12.5", 10_801], // 10,801.875 → 10,801
    [123_456_789, "0", 123_456_789],
    [123_456_789, "100", 0],
    [10_000_000_000, "0.01", 9_999_000_000],
    [999_999_999_999_999, "33.33", 666_699_999_999_999], // ¥9,999,999,999,999.99, the largest net income the API takes, stays exact
  ] as const)("%i fen with a reserve of %s percent → %i fen", (fen, percent, expected) => {
    expect(distributableFen(fen, reserveBasisPoints(percent) as number)).toBe(expected);
  });

  it("equals ⌊N × (10000 − bp) / 10000⌋ computed in BigInt, never more than N", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 99_999_999_999_999n }), fc.integer({ min: 0, max: 10_000 }), (n, bp) => {
        const d = distributableFen(Number(n), bp);
        expect(BigInt(d)).toBe((n * BigInt(10_000 - bp)) / 10_000n);
        expect(d).toBeLessThanOrEqual(Number(n));
        expect(d).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe("allocate: worked examples", () => {
  it("gives 3 equal holders of 100 fen 34/33/33, the extra fen to the smallest person id", () => {
    const result = allocate(100, [person("prs_c", 10_000), person("prs_a", 10_000), person("prs_b", 10_000)]);
    expect(result.lines.map((l) => [l.lineNo, l.key, l.amountFen, l.roundedUp])).toEqual([
      [1, "prs_a", 34, true],
      [2, "prs_b", 33, false],
      [3, "prs_c", 33, false],
    ]);
    expect(result.residueFen).toBe(1);
  });

  it("gives the leftover fen to the largest remainders first", () => {
    // 100 fen over 1 : 2 : 4 (7 parts): exact 14.29, 28.57, 57.14 → floors 14, 28, 57 (99); remainders 2/7, 4/7, 1/7
    expect(amounts([person("p1", 10_000), person("p2", 20_000), person("p4", 40_000)], 100)).toEqual({ p1: 14, p2: 29, p4: 57 });
  });

  it("breaks a tie of remainders by the larger holding, then by the smaller person id", () => {
    // 3 fen over 1 : 3 : 2 (6 parts): exact 0.5, 1.5, 1 → floors 0, 1, 1 (2); the remainders of the 1 and the 3
    // tie (3/6 each): the larger holding gets the fen
    expect(amounts([person("one", 1), person("three", 3), person("two", 2)], 3)).toEqual({ one: 0, three: 2, two: 1 });
    // 10 fen over 1 : 1 : 2 (4 parts): exact 2.5, 2.5, 5 → floors 2, 2, 5 (9); equal holdings tie → the smaller id
    expect(amounts([person("pb", 1), person("pa", 1), person("pc", 2)], 10)).toEqual({ pa: 3, pb: 2, pc: 5 });
    // 5 fen over 2 : 2 : 1 : 1 (6 parts): floors 1, 1, 0, 0 (2); remainders 4/6, 4/6, 5/6, 5/6 → both small
    // holdings first, then the tie between the two large ones goes to the smaller id
    expect(amounts([person("big2", 2), person("big1", 2), person("small1", 1), person("small2", 1)], 5)).toEqual({ big1: 2, big2: 1, small1: 1, small2: 1 });
  });

  it("puts the collective's own line after persons of the same holding in a tie", () => {
    const result = allocate(1, [collective(10_000), person("prs_z", 10_000)]);
    expect(result.lines.map((l) => [l.lineNo, l.holderKind, l.amountFen])).toEqual([
      [1, "person", 1],
      [2, "collective", 0],
    ]);
  });

  it("gives the collective's own holding its line like any holder", () => {
    const result = allocate(700_000, [person("p1", 120_000), person("p2", 80_000), collective(100_000)]);
    expect(result.lines.map((l) => [l.holderKind, l.personId, l.amountFen])).toEqual([
      ["person", "p1", 280_000],
      ["collective", null, 233_333],
      ["person", "p2", 186_667],
    ]);
    expect(result.residueFen).toBe(1);
  });

  it("gives holders with 0 shares no line, and allows lines of 0 fen to tiny holders", () => {
    const result = allocate(5, [person("big", 1_000_000_000), person("none", 0), person("tiny", 1)]);
    expect(result.lines.map((l) => [l.key, l.amountFen])).toEqual([
      ["big", 5],
      ["tiny", 0],
    ]);
  });

  it("distributes 0 fen as lines of 0", () => {
    expect(allocate(0, [person("a", 1), person("b", 2)]).lines.map((l) => l.amountFen)).toEqual([0, 0]);
  });

  it("refuses holdings it cannot allocate over", () => {
    expect(() => allocate(100, [])).toThrow(RangeError);
    expect(() => allocate(100, [person("a", 0)])).toThrow(RangeError);
    expect(() => allocate(100, [person("a", -1), person("b", 2)])).toThrow(RangeError);
    expect(() => allocate(100, [person("a", 1.5)])).toThrow(RangeError);
    expect(() => allocate(100, [person("a", 1), person("a", 2)])).toThrow(RangeError);
    expect(() => allocate(-1, [person("a", 1)])).toThrow(RangeError);
  });

  it("recomputes the residue from the stored shares", () => {
    expect(residueOf(100, [10_000, 10_000, 10_000])).toBe(1);
    expect(residueOf(700_000, [120_000, 80_000, 100_000])).toBe(1);
    expect(residueOf(100, [])).toBe(0);
  });

  it("writes canonical lines in line order, the collective with an empty person id", () => {
    const { lines } = allocate(100, [collective(10_000), person("p1", 30_000)]);
    expect(canonicalLines([...lines].reverse())).toBe("1,person,p1,30000,75\n2,collective,,10000,25");
  });
});

/** A cap table of distinct holders: persons (some with 0 shares) and at most one collective holding. */
const shares = fc.oneof(
  fc.integer({ min: 0, max: 4 }).map((n) => n * 10_000), // whole shares, often equal: many ties
  fc.integer({ min: 1, max: 99_999 }), // up to 4 decimals
  fc.bigInt({ min: 1n, max: 100_000_000_000n }).map(Number), // up to 10,000,000 shares with 4 decimals
);

function capTable(maxHolders: number, size: "small" | "max" = "small") {
  return fc
    .record({
      // ids in a random order relative to the holdings, so that the tie rule by id is exercised
      persons: fc.array(fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), shares), { minLength: 1, maxLength: maxHolders, size }),
      collectiveE4: fc.option(shares, { nil: undefined }),
    })
    .map(({ persons, collectiveE4 }) => [
      ...persons.map(([tag, sharesE4], i) => person(`prs_${tag.toString(36)}_${i}`, sharesE4)),
      ...(collectiveE4 === undefined ? [] : [collective(collectiveE4)]),
    ])
    .filter((holdings) => holdings.some((h) => h.sharesE4 > 0));
}

const netIncomeFen = fc.bigInt({ min: 1n, max: 10_000_000_000n }).map(Number); // up to ¥100,000,000.00
const basisPoints = fc.integer({ min: 0, max: 10_000 });

/** The properties of one allocation, checked against exact rational arithmetic in BigInt. */
function checkAllocation(holdings: Holding[], distributable: number) {
  const { lines, residueFen } = allocate(distributable, holdings);
  const held = holdings.filter((h) => h.sharesE4 > 0);
  const total = held.reduce((sum, h) => sum + BigInt(h.sharesE4), 0n);
  const d = BigInt(distributable);
  // one line per holder with shares, none for 0 shares
  expect(lines.map((l) => l.key).sort()).toEqual(held.map((h) => h.key).sort());
  // Σ lines = distributable
  expect(lines.reduce((sum, l) => sum + BigInt(l.amountFen), 0n)).toBe(d);
  // Per line (collected, not one expect per line: 5,000 lines): |amount − D × s / H| < 1 fen, i.e.
  // |amount × H − D × s| < H; never negative; the floor of the exact share, plus the fen if rounded up.
  const wrong = lines.filter((line) => {
    const gap = BigInt(line.amountFen) * total - d * BigInt(line.sharesE4);
    const floor = Number((d * BigInt(line.sharesE4)) / total);
    return !(gap < total && gap > -total) || line.amountFen < 0 || line.amountFen !== floor + (line.roundedUp ? 1 : 0);
  });
  expect(wrong).toEqual([]);
  // the residue is the number of lines rounded up, fewer than the lines
  expect(lines.filter((l) => l.roundedUp).length).toBe(residueFen);
  expect(residueFen).toBeLessThan(Math.max(1, lines.length));
  expect(residueOf(distributable, lines.map((l) => l.sharesE4))).toBe(residueFen);
  // lines numbered 1..n in the stated order
  expect(lines.map((l) => l.lineNo)).toEqual(lines.map((_, i) => i + 1));
  expect(lines.slice(1).every((line, i) => compareHoldings(lines[i]!, line) < 0)).toBe(true);
  return lines;
}

/** Largest remainder: nobody left at the floor has a larger remainder than someone rounded up. */
function checkLargestRemainder(holdings: Holding[], distributable: number) {
  const { lines } = allocate(distributable, holdings);
  const total = lines.reduce((sum, l) => sum + BigInt(l.sharesE4), 0n);
  const remainder = (l: (typeof lines)[number]) => (BigInt(distributable) * BigInt(l.sharesE4)) % total;
  const up = lines.filter((l) => l.roundedUp);
  const down = lines.filter((l) => !l.roundedUp);
  if (up.length === 0 || down.length === 0) return;
  const smallestUp = up.reduce((min, l) => (remainder(l) < min ? remainder(l) : min), remainder(up[0]!));
  for (const l of down) expect(remainder(l) <= smallestUp).toBe(true);
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe("allocate: properties", () => {
  it("adds up, stays within one fen of the exact share, never negative — small cap tables with many ties", () => {
    fc.assert(
      fc.property(capTable(12), netIncomeFen, basisPoints, (holdings, n, bp) => {
        checkAllocation(holdings, distributableFen(n, bp));
        checkLargestRemainder(holdings, distributableFen(n, bp));
      }),
      { numRuns: 500 },
    );
  });

  it("adds up, stays within one fen of the exact share, never negative — cap tables of up to 5,000 holders", () => {
    fc.assert(
      fc.property(capTable(5_000, "max"), netIncomeFen, basisPoints, (holdings, n, bp) => {
        checkAllocation(holdings, distributableFen(n, bp));
      }),
      { numRuns: 40 },
    );
  });

  it("holds for 5,000 holders exactly, at ¥100,000,000.00 and at 1 fen", () => {
    const random = mulberry32(20261127);
    const holdings = Array.from({ length: 5_000 }, (_, i) => person(`prs_${String(i).padStart(5, "0")}`, 1 + Math.floor(random() * 10_000_000)));
    holdings.push(collective(123_456_789));
    for (const fen of [10_000_000_000, 9_999_999_999, 1, 4_999, 5_001]) {
      const lines = checkAllocation(holdings, fen);
      expect(lines).toHaveLength(5_001);
    }
  });

  it("is deterministic: the same cap table in any order gives the same lines", () => {
    fc.assert(
      fc.property(capTable(300, "max"), netIncomeFen, basisPoints, fc.integer(), (holdings, n, bp, seed) => {
        const d = distributableFen(n, bp);
        const first = allocate(d, holdings);
        expect(allocate(d, holdings)).toEqual(first);
        expect(allocate(d, shuffled(holdings, seed))).toEqual(first);
        expect(allocate(d, [...holdings].reverse())).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });
});

describe("CSV (RFC 4180)", () => {
  it.each([
    ["plain", "plain"],
    ["孙秀英", "孙秀英"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rhere", '"cr\rhere"'],
    ['"', '""""'],
    ["中文，全角逗号", "中文，全角逗号"], // a full-width comma is not a separator
  ])("field %j → %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it("neutralises text a spreadsheet would run as a formula", () => {
    expect(["=SUM(A1)", "+1", "-1", "@cmd", "\tx", "ok", "1-2"].map(csvText)).toEqual(["'=SUM(A1)", "'+1", "'-1", "'@cmd", "'\tx", "ok", "1-2"]);
  });

  it("writes a document with a BOM, CRLF records and quoted fields", () => {
    const doc = csvDocument(["序号", "持股人"], [["1", "孙,秀英"], ["2", 'a"b']]);
    expect(doc.startsWith(UTF8_BOM)).toBe(true);
    expect(doc).toBe(`${UTF8_BOM}序号,持股人\r\n1,"孙,秀英"\r\n2,"a""b"\r\n`);
    expect(csvRecord(["x", "y,z", ""])).toBe('x,"y,z",');
  });

  it("round-trips any fields through an RFC 4180 reader", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: "grapheme" }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (records) => {
        const [header, ...rest] = records;
        const doc = csvDocument(header!, rest);
        expect(parseCsv(doc.slice(1))).toEqual(records);
      }),
    );
  });
});

/** A strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes), to check the writer against. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
      else if (ch === '"') (quoted = false), i++;
      else (field += ch), i++;
    } else if (ch === '"' && field === "") (quoted = true), i++;
    else if (ch === ",") record.push(field), (field = ""), i++;
    else if (ch === "\r" && text[i + 1] === "\n") record.push(field), records.push(record), (record = []), (field = ""), (i += 2);
    else (field += ch), i++;
  }
  return records;
}
