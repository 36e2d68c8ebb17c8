/**
 * npm run seed:county -- --households N --out <folder> [--seed S] [--bad-rows N]
 *
 * A synthetic county (371083 乳山市) in the NY/T 2539-2016 layout the county import takes: FBF.csv, CBF.csv,
 * CBF_JTCY.csv, CBHT.csv, CBDKXX.csv, DK.csv, CBJYQZ.csv and collectives.csv; with --bad-rows, also bad-rows.json.
 */
import { parseArgs } from "node:util";
import { writeCounty } from "./write.js";

const usage = "usage: npm run seed:county -- --households N --out <folder> [--seed S] [--bad-rows N]";
const { values } = parseArgs({
  options: { households: { type: "string" }, out: { type: "string" }, seed: { type: "string" }, "bad-rows": { type: "string" } },
  strict: true,
});
const int = (name: string, raw: string | undefined, fallback?: number): number => {
  if (raw === undefined && fallback !== undefined) return fallback;
  if (raw === undefined || !/^\d+$/.test(raw)) {
    console.error(`--${name} must be a whole number\n${usage}`);
    process.exit(2);
  }
  return Number(raw);
};
if (values.out === undefined) {
  console.error(usage);
  process.exit(2);
}
const households = int("households", values.households);
const started = performance.now();
const result = await writeCounty(values.out, { households, seed: int("seed", values.seed, 1), badRows: int("bad-rows", values["bad-rows"], 0) });
const seconds = (performance.now() - started) / 1000;
const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
console.log(`${values.out}: ${households} households, ${total} rows in ${seconds.toFixed(1)} s`);
for (const [table, n] of Object.entries(result.rows)) console.log(`  ${table.padEnd(12)} ${n}`);
if (result.badRows.length > 0) console.log(`  bad-rows.json ${result.badRows.length}`);
